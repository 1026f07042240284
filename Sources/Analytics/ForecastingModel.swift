/// A univariate forecasting model fitted to a regularly spaced series of period totals.
public protocol ForecastingModel: Sendable {
    /// Fits the model to `series` (oldest first) with seasonal period `seasonPeriod` (1 = non-seasonal).
    static func fit(_ series: [Double], seasonPeriod: Int) throws -> Self
    /// Point forecasts and 80%/95% prediction intervals for the next `horizon` periods.
    func forecast(horizon: Int) -> ForecastResult
}

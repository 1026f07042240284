/// A forecasting method the backtest can refit at every origin, ordered from simplest to most complex.
///
/// Simplicity order (used to break MASE ties in `RollingOriginBacktest`): naive < seasonal naive <
/// linear trend < the ETS forms in `ETSSpec.candidates` order (ANN, AAN, AAdN, ANA, AAA, AAdA, MAM, MAdM)
/// < automatic ETS selection by AICc.
public enum ForecastMethod: Sendable, Hashable, CustomStringConvertible {
    /// Last value carried forward.
    case naive
    /// Value one season earlier (naive when the training window has fewer than two seasons).
    case seasonalNaive
    /// OLS trend on the period index.
    case linearTrend
    /// One ETS form fitted by maximum likelihood.
    case ets(ETSSpec)
    /// ETS form chosen by AICc among `ETSSpec.candidates`.
    case etsAuto

    /// The default set of methods for a backtest.
    public static let standard: [ForecastMethod] = [.naive, .seasonalNaive, .linearTrend, .etsAuto]

    /// Position in the simplicity order (lower is simpler).
    public var simplicityRank: Int {
        switch self {
        case .naive: return 0
        case .seasonalNaive: return 1
        case .linearTrend: return 2
        case .ets(let spec): return 3 + (ETSSpec.candidates.firstIndex(of: spec) ?? ETSSpec.candidates.count)
        case .etsAuto: return 4 + ETSSpec.candidates.count
        }
    }

    /// Short name for reports.
    public var description: String {
        switch self {
        case .naive: return "naive"
        case .seasonalNaive: return "seasonal naive"
        case .linearTrend: return "linear trend"
        case .ets(let spec): return spec.description
        case .etsAuto: return "ETS (AICc)"
        }
    }

    /// Fits the method to `series` and forecasts `horizon` periods.
    public func forecast(_ series: [Double], seasonPeriod: Int, horizon: Int) throws -> ForecastResult {
        switch self {
        case .naive:
            return try SeasonalNaiveModel.fit(series, seasonPeriod: 1).forecast(horizon: horizon)
        case .seasonalNaive:
            return try SeasonalNaiveModel.fit(series, seasonPeriod: seasonPeriod).forecast(horizon: horizon)
        case .linearTrend:
            return try LinearTrendModel.fit(series, seasonPeriod: seasonPeriod).forecast(horizon: horizon)
        case .ets(let spec):
            return try ETSModel.fit(series, seasonPeriod: seasonPeriod, spec: spec).forecast(horizon: horizon)
        case .etsAuto:
            return try ETSModel.fit(series, seasonPeriod: seasonPeriod).forecast(horizon: horizon)
        }
    }
}

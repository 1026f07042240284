/// Accuracy of one method over every origin of a rolling-origin backtest.
///
/// Measures pool all (origin, step) errors: MAE and sMAPE are means over every error; MASE is the mean of
/// |e| / Q_origin over origins whose scale Q is finite and positive.
public struct BacktestMethodSummary: Sendable, Equatable {
    /// The method evaluated.
    public var method: ForecastMethod
    /// Mean absolute error.
    public var mae: Double
    /// fpp3 sMAPE in percent.
    public var smape: Double
    /// Mean absolute scaled error (NaN when no origin had a usable scale).
    public var mase: Double
    /// Forecasts made, in origin order (origins where the fit failed are absent).
    public var origins: [BacktestOrigin]
    /// Origins where the method could not be fitted (too short, non-positive data, …).
    public var failures: Int

    /// True when the method produced a forecast at every origin, so it may win.
    public var isEligible: Bool { failures == 0 && !origins.isEmpty }
}

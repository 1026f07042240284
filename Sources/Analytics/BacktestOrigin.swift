/// One forecast made by a method at one rolling origin, with the values that followed it.
public struct BacktestOrigin: Sendable, Equatable {
    /// Training length: the forecast used observations 0 ..< origin only.
    public var origin: Int
    /// The forecast for observations origin ..< origin + h (clamped at zero when the backtest clamps).
    public var forecast: ForecastResult
    /// The observed values origin ..< origin + h.
    public var actual: [Double]
    /// MASE scale Q of the training window (see `ForecastAccuracy.maseScale`).
    public var maseScale: Double

    /// Creates a record of one origin's forecast and the actual values it is scored against.
    public init(origin: Int, forecast: ForecastResult, actual: [Double], maseScale: Double) {
        self.origin = origin
        self.forecast = forecast
        self.actual = actual
        self.maseScale = maseScale
    }
}

/// Result of a rolling-origin backtest: per-method accuracy and the winner by MASE.
public struct BacktestReport: Sendable, Equatable {
    /// Forecast horizon h.
    public var horizon: Int
    /// Training lengths used as origins, ascending.
    public var origins: [Int]
    /// One summary per method, in the order the methods were given.
    public var methods: [BacktestMethodSummary]
    /// The eligible method with the lowest MASE (ties to the simpler method); nil when none is eligible.
    public var winner: ForecastMethod?

    /// The summary of `method`, if it was evaluated.
    public func summary(for method: ForecastMethod) -> BacktestMethodSummary? {
        methods.first { $0.method == method }
    }
}

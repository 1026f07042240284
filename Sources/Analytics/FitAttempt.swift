/// One optimiser run made while fitting a model, kept for the fit report.
public struct FitAttempt: Sendable, Equatable {
    /// Starting point on the natural (positive) parameter scale.
    public var start: [Double]
    /// Which stage of the fitting strategy this was ("BFGS", "Nelder-Mead fallback", "BFGS polish").
    public var stage: String
    /// The optimiser output, on the log-parameter scale.
    public var result: OptimizationResult

    /// Creates an attempt record.
    public init(start: [Double], stage: String, result: OptimizationResult) {
        self.start = start
        self.stage = stage
        self.result = result
    }
}

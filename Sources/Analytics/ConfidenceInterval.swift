/// A point estimate with a symmetric normal-approximation interval.
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    /// Point estimate.
    public var estimate: Double
    /// Delta-method standard error.
    public var standardError: Double
    /// Lower bound.
    public var lower: Double
    /// Upper bound.
    public var upper: Double
    /// Coverage level, e.g. 0.8.
    public var level: Double

    /// Creates an interval.
    public init(estimate: Double, standardError: Double, lower: Double, upper: Double, level: Double) {
        self.estimate = estimate
        self.standardError = standardError
        self.lower = lower
        self.upper = upper
        self.level = level
    }
}

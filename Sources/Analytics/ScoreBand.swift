/// The raw-value range that received one score in one RFM dimension (the cut points used).
public struct ScoreBand: Sendable, Hashable, Codable {
    /// Score 1...5.
    public var score: Int
    /// Smallest raw value with this score.
    public var minValue: Double
    /// Largest raw value with this score.
    public var maxValue: Double
    /// Number of customers with this score.
    public var count: Int

    /// Creates a band.
    public init(score: Int, minValue: Double, maxValue: Double, count: Int) {
        self.score = score
        self.minValue = minValue
        self.maxValue = maxValue
        self.count = count
    }
}

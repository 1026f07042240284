/// Scores for every customer plus the bands (cut points) used in each dimension.
public struct RFMScoringResult: Sendable, Hashable, Codable {
    /// Scores in the same order as the input customers.
    public var scores: [RFMScore]
    /// Recency bands (score 5 = most recent = fewest days).
    public var recencyBands: [ScoreBand]
    /// Frequency bands.
    public var frequencyBands: [ScoreBand]
    /// Monetary bands.
    public var monetaryBands: [ScoreBand]

    /// Creates a result.
    public init(scores: [RFMScore], recencyBands: [ScoreBand], frequencyBands: [ScoreBand], monetaryBands: [ScoreBand]) {
        self.scores = scores
        self.recencyBands = recencyBands
        self.frequencyBands = frequencyBands
        self.monetaryBands = monetaryBands
    }
}

/// One segment rule: a name and the allowed R, F and (optionally) M score ranges.
///
/// Codable; a score that is omitted in config (`recency`, `frequency` or `monetary`) means 1...5.
public struct SegmentRule: Sendable, Hashable, Codable {
    /// Segment name (several rules may share a name).
    public var name: String
    /// Allowed recency scores.
    public var recency: ScoreRange
    /// Allowed frequency scores.
    public var frequency: ScoreRange
    /// Allowed monetary scores.
    public var monetary: ScoreRange

    /// Creates a rule.
    public init(name: String, recency: ScoreRange, frequency: ScoreRange, monetary: ScoreRange = .any) {
        self.name = name
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    enum CodingKeys: String, CodingKey {
        case name, recency, frequency, monetary
    }

    /// Decodes a rule; a missing score range means 1...5.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        recency = try c.decodeIfPresent(ScoreRange.self, forKey: .recency) ?? .any
        frequency = try c.decodeIfPresent(ScoreRange.self, forKey: .frequency) ?? .any
        monetary = try c.decodeIfPresent(ScoreRange.self, forKey: .monetary) ?? .any
    }

    /// True when the cell falls inside all three ranges.
    public func matches(_ cell: RFMCell) -> Bool {
        recency.contains(cell.recency) && frequency.contains(cell.frequency) && monetary.contains(cell.monetary)
    }
}

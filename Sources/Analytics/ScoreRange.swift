/// An inclusive range of scores (e.g. 3...5), Codable as `{"min": 3, "max": 5}` for config files.
public struct ScoreRange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Lowest allowed score.
    public var min: Int
    /// Highest allowed score.
    public var max: Int

    /// Creates a range `min...max`.
    public init(_ min: Int, _ max: Int) {
        self.min = min
        self.max = max
    }

    /// A single score.
    public init(_ score: Int) {
        self.init(score, score)
    }

    /// 1...5.
    public static let any = ScoreRange(1, 5)

    /// True when `score` lies in the range.
    public func contains(_ score: Int) -> Bool { score >= min && score <= max }

    /// True when min ≤ max and both lie in 1...5.
    public var isValid: Bool { min <= max && min >= 1 && max <= 5 }

    /// "min-max" or a single number.
    public var description: String { min == max ? "\(min)" : "\(min)-\(max)" }
}

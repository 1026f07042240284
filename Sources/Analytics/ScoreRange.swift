import Foundation

/// An inclusive range of scores (e.g. 3...5).
///
/// Encoded as `{"min": 3, "max": 5}`; decoded from that, from `"3-5"` or from a single score `3`,
/// so config files can write `recency: 3-5`.
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

    enum CodingKeys: String, CodingKey { case min, max }

    /// Decodes `{"min": a, "max": b}`, `"a-b"` or `a`.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer() {
            if let score = try? single.decode(Int.self) {
                self.init(score)
                return
            }
            if let text = try? single.decode(String.self) {
                let parts = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard (1...2).contains(parts.count), let lo = parts.first ?? nil, let hi = parts.last ?? nil else {
                    throw DecodingError.dataCorruptedError(
                        in: single, debugDescription: "score range '\(text)' is not 'min-max' or a score")
                }
                self.init(lo, hi)
                return
            }
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode(Int.self, forKey: .min), try c.decode(Int.self, forKey: .max))
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

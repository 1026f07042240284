/// One (R, F, M) score combination, each in 1...5.
public struct RFMCell: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Recency score.
    public var recency: Int
    /// Frequency score.
    public var frequency: Int
    /// Monetary score.
    public var monetary: Int

    /// Creates a cell.
    public init(recency: Int, frequency: Int, monetary: Int) {
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    /// All 125 cells, ordered by R, then F, then M.
    public static let all: [RFMCell] = (1...5).flatMap { r in
        (1...5).flatMap { f in (1...5).map { m in RFMCell(recency: r, frequency: f, monetary: m) } }
    }

    /// "R<r>F<f>M<m>", e.g. "R5F4M3".
    public var description: String { "R\(recency)F\(frequency)M\(monetary)" }
}

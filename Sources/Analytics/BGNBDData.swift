/// Compressed BG/NBD sufficient statistics: customers sharing (x, t_x, T) form one weighted row.
///
/// Stored as parallel arrays so the likelihood is a tight loop over contiguous doubles.
public struct BGNBDData: Sendable, Equatable {
    /// x per row (number of repeat purchases), as Double.
    public private(set) var frequency: [Double]
    /// t_x per row.
    public private(set) var recency: [Double]
    /// T per row.
    public private(set) var age: [Double]
    /// Number of customers represented by each row.
    public private(set) var weight: [Double]

    /// Number of distinct rows.
    public var count: Int { frequency.count }
    /// Total number of customers (sum of weights).
    public var totalWeight: Double { weight.reduce(0, +) }

    /// Compresses per-customer triples; rows are ordered by (x, t_x, T).
    public init(frequency: [Int], recency: [Double], age: [Double], weights: [Double]? = nil) throws(FitError) {
        guard frequency.count == recency.count, recency.count == age.count,
              weights.map({ $0.count == frequency.count }) ?? true else {
            throw .invalidData("arrays have different lengths")
        }
        guard !frequency.isEmpty else { throw .invalidData("no customers") }
        struct Key: Hashable, Comparable {
            var x: Int
            var tx: Double
            var t: Double
            static func < (l: Key, r: Key) -> Bool { (l.x, l.tx, l.t) < (r.x, r.tx, r.t) }
        }
        var groups: [Key: Double] = [:]
        for i in frequency.indices {
            let x = frequency[i], tx = recency[i], t = age[i]
            guard x >= 0, tx >= 0, t >= tx, t > 0, tx.isFinite, t.isFinite else {
                throw .invalidData("row \(i): need x ≥ 0 and 0 ≤ t_x ≤ T, T > 0 (x=\(x), t_x=\(tx), T=\(t))")
            }
            guard x > 0 || tx == 0 else { throw .invalidData("row \(i): t_x must be 0 when x = 0") }
            groups[Key(x: x, tx: tx, t: t), default: 0] += weights?[i] ?? 1
        }
        let keys = groups.keys.sorted()
        self.frequency = keys.map { Double($0.x) }
        self.recency = keys.map(\.tx)
        self.age = keys.map(\.t)
        self.weight = keys.map { groups[$0] ?? 0 }
    }

    /// Compresses calibration summaries.
    public init(histories: [CustomerHistory]) throws(FitError) {
        try self.init(frequency: histories.map(\.frequency), recency: histories.map(\.recency),
                      age: histories.map(\.age))
    }
}

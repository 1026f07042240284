/// Spend data for the Gamma-Gamma model: customers with x ≥ 1 repeat transactions and their mean value m_x.
public struct GammaGammaData: Sendable, Equatable {
    /// x per row (≥ 1), as Double.
    public private(set) var frequency: [Double]
    /// m_x per row (> 0): mean value of the x repeat transactions.
    public private(set) var averageSpend: [Double]
    /// Number of customers represented by each row.
    public private(set) var weight: [Double]

    /// Number of rows.
    public var count: Int { frequency.count }

    /// Validates and stores the rows; every x must be ≥ 1 and every m_x > 0.
    public init(frequency: [Int], averageSpend: [Double], weights: [Double]? = nil) throws(FitError) {
        guard frequency.count == averageSpend.count, weights.map({ $0.count == frequency.count }) ?? true else {
            throw .invalidData("arrays have different lengths")
        }
        guard !frequency.isEmpty else { throw .invalidData("no customers") }
        for i in frequency.indices where frequency[i] < 1 || !(averageSpend[i] > 0) || !averageSpend[i].isFinite {
            throw .invalidData("row \(i): need x ≥ 1 and m_x > 0 (x=\(frequency[i]), m=\(averageSpend[i]))")
        }
        self.frequency = frequency.map(Double.init)
        self.averageSpend = averageSpend
        self.weight = weights ?? [Double](repeating: 1, count: frequency.count)
    }

    /// Takes customers with x ≥ 1 (and positive average repeat value) from calibration summaries.
    public init(histories: [CustomerHistory]) throws(FitError) {
        let repeaters = histories.filter { $0.frequency >= 1 && $0.averageRepeatValue > 0 }
        try self.init(frequency: repeaters.map(\.frequency), averageSpend: repeaters.map(\.averageRepeatValue))
    }
}

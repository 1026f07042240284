import Foundation

/// Spend data for the Gamma-Gamma model: customers with x ≥ 1 repeat transactions and their mean value m_x.
///
/// Besides the rows as given, it keeps a copy sorted by x (`sortedSpend`, `sortedWeight`, runs of equal x in
/// `groups`) and the parameter-free sums of the likelihood (Σw, Σw ln m, Σw x ln m, Σw x ln x), so the
/// likelihood computes the x-only special functions once per distinct x and does one log per row.
public struct GammaGammaData: Sendable, Equatable {
    /// x per row (≥ 1), as Double.
    public private(set) var frequency: [Double]
    /// m_x per row (> 0): mean value of the x repeat transactions.
    public private(set) var averageSpend: [Double]
    /// Number of customers represented by each row.
    public private(set) var weight: [Double]

    /// m_x sorted by x.
    private(set) var sortedSpend: [Double]
    /// Weights in the same order as `sortedSpend`.
    private(set) var sortedWeight: [Double]
    /// Runs of equal x in `sortedSpend`, ascending x.
    private(set) var groups: [FrequencyRun]
    /// Σ w.
    private(set) var sumWeight: Double
    /// Σ w ln m.
    private(set) var sumWLogSpend: Double
    /// Σ w x ln m.
    private(set) var sumWXLogSpend: Double
    /// Σ w x ln x.
    private(set) var sumWXLogX: Double

    /// Number of rows.
    public var count: Int { frequency.count }

    /// Validates and stores the rows; every x must be ≥ 1 and every m_x > 0.
    public init(frequency: [Int], averageSpend: [Double], weights: [Double]? = nil) throws(FitError) {
        guard frequency.count == averageSpend.count, weights.map({ $0.count == frequency.count }) ?? true else {
            throw .invalidData("arrays have different lengths")
        }
        guard !frequency.isEmpty else { throw .invalidData("no customers") }
        var maxX = 0
        for i in frequency.indices {
            guard frequency[i] >= 1, averageSpend[i] > 0, averageSpend[i].isFinite else {
                throw .invalidData("row \(i): need x ≥ 1 and m_x > 0 (x=\(frequency[i]), m=\(averageSpend[i]))")
            }
            if frequency[i] > maxX { maxX = frequency[i] }
        }
        let n = frequency.count
        let w = weights ?? [Double](repeating: 1, count: n)
        self.frequency = frequency.map(Double.init)
        self.averageSpend = averageSpend
        self.weight = w

        // Order by x: counting sort when x is dense enough, comparison sort otherwise (stable either way).
        var order = [Int](repeating: 0, count: n)
        if maxX <= 4 * n + 1024 {
            var starts = [Int](repeating: 0, count: maxX + 2)
            for x in frequency { starts[x + 1] += 1 }
            for k in 0...maxX { starts[k + 1] += starts[k] }
            for i in 0..<n {
                let x = frequency[i]
                order[starts[x]] = i
                starts[x] += 1
            }
        } else {
            order = Array(0..<n)
            order.sort { (frequency[$0], $0) < (frequency[$1], $1) }
        }
        var spend = [Double](repeating: 0, count: n), sortedW = [Double](repeating: 0, count: n)
        var groups: [FrequencyRun] = []
        var sw = 0.0, swLnM = 0.0, swxLnM = 0.0, swxLnX = 0.0
        var k = 0
        while k < n {
            let xi = frequency[order[k]]
            let x = Double(xi), lnX = log(x)
            let start = k
            var gw = 0.0, gwLnM = 0.0
            while k < n && frequency[order[k]] == xi {
                let i = order[k]
                spend[k] = averageSpend[i]
                sortedW[k] = w[i]
                gw += w[i]
                gwLnM += w[i] * log(averageSpend[i])
                k += 1
            }
            groups.append(FrequencyRun(x: x, start: start, end: k, weight: gw))
            sw += gw
            swLnM += gwLnM
            swxLnM += x * gwLnM
            swxLnX += x * lnX * gw
        }
        self.sortedSpend = spend
        self.sortedWeight = sortedW
        self.groups = groups
        self.sumWeight = sw
        self.sumWLogSpend = swLnM
        self.sumWXLogSpend = swxLnM
        self.sumWXLogX = swxLnX
    }

    /// Takes customers with x ≥ 1 (and positive average repeat value) from calibration summaries.
    public init(histories: [CustomerHistory]) throws(FitError) {
        let repeaters = histories.filter { $0.frequency >= 1 && $0.averageRepeatValue > 0 }
        try self.init(frequency: repeaters.map(\.frequency), averageSpend: repeaters.map(\.averageRepeatValue))
    }
}

/// Column-wise z-score standardisation (population standard deviation; constant columns map to 0).
public struct Standardizer: Sendable, Hashable, Codable {
    /// Column means.
    public var means: [Double]
    /// Column standard deviations (1 for constant columns).
    public var scales: [Double]

    /// Learns means and standard deviations from rows of equal length.
    public init(fitting rows: [[Double]]) {
        let d = rows.first?.count ?? 0
        var means = [Double](repeating: 0, count: d)
        var scales = [Double](repeating: 1, count: d)
        let n = Double(rows.count)
        if n > 0 {
            for row in rows { for j in 0..<d { means[j] += row[j] / n } }
            for j in 0..<d {
                var ss = 0.0
                for row in rows { ss += (row[j] - means[j]) * (row[j] - means[j]) }
                let sd = (ss / n).squareRoot()
                scales[j] = sd > 0 ? sd : 1
            }
        }
        self.means = means
        self.scales = scales
    }

    /// Standardises rows with the learned statistics.
    public func transform(_ rows: [[Double]]) -> [[Double]] {
        rows.map { row in row.indices.map { (row[$0] - means[$0]) / scales[$0] } }
    }

    /// Maps standardised rows back to the original scale.
    public func inverseTransform(_ rows: [[Double]]) -> [[Double]] {
        rows.map { row in row.indices.map { row[$0] * scales[$0] + means[$0] } }
    }
}

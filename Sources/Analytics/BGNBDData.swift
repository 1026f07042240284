/// Compressed BG/NBD sufficient statistics: customers sharing (x, t_x, T) form one weighted row.
///
/// Stored as parallel arrays so the likelihood is a tight loop over contiguous doubles. Rows are sorted by
/// (x, t_x, T), so all rows with the same x are contiguous: `groups` records those runs, which lets the
/// likelihood compute the special functions that depend only on x (lnΓ(r+x), ψ(b+x), …) once per distinct x.
public struct BGNBDData: Sendable, Equatable {
    /// x per row (number of repeat purchases), as Double.
    public private(set) var frequency: [Double]
    /// t_x per row.
    public private(set) var recency: [Double]
    /// T per row.
    public private(set) var age: [Double]
    /// Number of customers represented by each row.
    public private(set) var weight: [Double]

    /// Runs of equal x in row order (ascending x).
    private(set) var groups: [FrequencyRun]

    /// Distinct values of a column and each row's index into them, so the likelihood takes ln(α+T) and
    /// 1/(α+T) once per distinct T (day-stamped data have a few hundred). When a column has no useful
    /// repetition (continuous times) the table is the column itself with the identity index.
    struct ValueTable: Sendable, Equatable {
        var values: [Double]
        var index: [Int32]

        init(_ column: [Double]) {
            let n = column.count
            // Sample ≈ 4096 evenly spaced rows; many distinct values there means no worthwhile repetition.
            let stride = max(1, n / 4096)
            var sample = Set<Double>()
            var i = 0
            while i < n {
                sample.insert(column[i])
                i += stride
            }
            guard sample.count <= 1024, n < Int(Int32.max) else {
                values = column
                index = (0..<n).map { Int32(truncatingIfNeeded: $0) }
                return
            }
            var sorted = column.sorted()
            var unique = 0
            for k in 0..<sorted.count where k == 0 || sorted[k] != sorted[unique - 1] {
                sorted[unique] = sorted[k]
                unique += 1
            }
            sorted.removeLast(sorted.count - unique)
            values = sorted
            index = column.map { v -> Int32 in
                var lo = 0, hi = unique - 1
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if sorted[mid] < v { lo = mid + 1 } else { hi = mid }
                }
                return Int32(truncatingIfNeeded: lo)
            }
        }
    }

    /// Distinct T values and each row's index.
    private(set) var ageTable: ValueTable
    /// Distinct t_x values and each row's index.
    private(set) var recencyTable: ValueTable

    /// Number of distinct rows.
    public var count: Int { frequency.count }
    /// Total number of customers (sum of weights).
    public var totalWeight: Double { weight.reduce(0, +) }

    /// Compresses per-customer triples; rows are ordered by (x, t_x, T).
    ///
    /// Groups by sorting, not hashing: customers are bucketed by x (counting sort), each bucket is sorted by
    /// (t_x, T) and runs of equal keys are merged, adding their weights.
    public init(frequency: [Int], recency: [Double], age: [Double], weights: [Double]? = nil) throws(FitError) {
        guard frequency.count == recency.count, recency.count == age.count,
              weights.map({ $0.count == frequency.count }) ?? true else {
            throw .invalidData("arrays have different lengths")
        }
        guard !frequency.isEmpty else { throw .invalidData("no customers") }
        let n = frequency.count
        var maxX = 0
        for i in 0..<n {
            let x = frequency[i], tx = recency[i], t = age[i]
            guard x >= 0, tx >= 0, t >= tx, t > 0, tx.isFinite, t.isFinite else {
                throw .invalidData("row \(i): need x ≥ 0 and 0 ≤ t_x ≤ T, T > 0 (x=\(x), t_x=\(tx), T=\(t))")
            }
            guard x > 0 || tx == 0 else { throw .invalidData("row \(i): t_x must be 0 when x = 0") }
            if x > maxX { maxX = x }
        }

        // Customer indices ordered by x: counting sort when x is dense enough, comparison sort otherwise.
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
            order.sort { frequency[$0] < frequency[$1] }
        }

        struct Entry {
            var tx: Double
            var t: Double
            var w: Double
        }
        var xs: [Double] = [], txs: [Double] = [], ts: [Double] = [], ws: [Double] = []
        xs.reserveCapacity(n)
        txs.reserveCapacity(n)
        ts.reserveCapacity(n)
        ws.reserveCapacity(n)
        var groups: [FrequencyRun] = []
        var bucket: [Entry] = []
        var lo = 0
        while lo < n {
            let x = frequency[order[lo]]
            var hi = lo
            bucket.removeAll(keepingCapacity: true)
            while hi < n && frequency[order[hi]] == x {
                let i = order[hi]
                // + 0 turns −0.0 into +0.0 so equal keys are equal bit for bit.
                bucket.append(Entry(tx: recency[i] + 0, t: age[i] + 0, w: weights?[i] ?? 1))
                hi += 1
            }
            bucket.sort { $0.tx < $1.tx || ($0.tx == $1.tx && $0.t < $1.t) }
            let start = xs.count
            var groupWeight = 0.0
            var k = 0
            while k < bucket.count {
                let key = bucket[k]
                var w = key.w
                k += 1
                while k < bucket.count && bucket[k].tx == key.tx && bucket[k].t == key.t {
                    w += bucket[k].w
                    k += 1
                }
                xs.append(Double(x))
                txs.append(key.tx)
                ts.append(key.t)
                ws.append(w)
                groupWeight += w
            }
            groups.append(FrequencyRun(x: Double(x), start: start, end: xs.count, weight: groupWeight))
            lo = hi
        }
        self.frequency = xs
        self.recency = txs
        self.age = ts
        self.weight = ws
        self.groups = groups
        self.ageTable = ValueTable(ts)
        self.recencyTable = ValueTable(txs)
    }

    /// Compresses calibration summaries.
    public init(histories: [CustomerHistory]) throws(FitError) {
        try self.init(frequency: histories.map(\.frequency), recency: histories.map(\.recency),
                      age: histories.map(\.age))
    }
}

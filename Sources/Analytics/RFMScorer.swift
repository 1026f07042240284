/// Quantile (default quintile) RFM scoring with deterministic tie handling.
///
/// Rule, per dimension, over n customers:
/// * Frequency and monetary: order customers by value ascending, ties by customer id ascending; the
///   customer at 1-based position k gets score ⌈5k/n⌉.
/// * Recency (days since last purchase): order by days *descending* (stalest first), ties by customer id
///   ascending; position k gets ⌈5k/n⌉, so the most recent customers score 5.
/// Equal raw values can therefore straddle a boundary (the lower id gets the lower score); each score
/// receives ⌊n/5⌋ or ⌈n/5⌉ customers. NaN values are not allowed (they sort as the smallest value).
public enum RFMScorer {
    /// Scores all customers; `levels` is the number of score levels (5 for quintiles).
    public static func score(_ customers: [RFMCustomer], levels: Int = 5) -> RFMScoringResult {
        let n = customers.count
        guard n > 0, levels > 0 else {
            return RFMScoringResult(scores: [], recencyBands: [], frequencyBands: [], monetaryBands: [])
        }
        func scores(_ value: (RFMCustomer) -> Double, descending: Bool) -> (scores: [Int], bands: [ScoreBand]) {
            let order = customers.indices.sorted { i, j in
                let vi = value(customers[i]), vj = value(customers[j])
                if vi != vj && !(vi.isNaN || vj.isNaN) { return descending ? vi > vj : vi < vj }
                if vi.isNaN != vj.isNaN { return vi.isNaN }
                return customers[i].customerID < customers[j].customerID
            }
            var result = [Int](repeating: 0, count: n)
            var minV = [Double](repeating: .infinity, count: levels + 1)
            var maxV = [Double](repeating: -.infinity, count: levels + 1)
            var counts = [Int](repeating: 0, count: levels + 1)
            for (position, index) in order.enumerated() {
                let k = position + 1
                let s = (levels * k + n - 1) / n
                result[index] = s
                let v = value(customers[index])
                minV[s] = min(minV[s], v)
                maxV[s] = max(maxV[s], v)
                counts[s] += 1
            }
            let bands = (1...levels).filter { counts[$0] > 0 }.map {
                ScoreBand(score: $0, minValue: minV[$0], maxValue: maxV[$0], count: counts[$0])
            }
            return (result, bands)
        }
        let r = scores({ $0.recencyDays }, descending: true)
        let f = scores({ $0.frequency }, descending: false)
        let m = scores({ $0.monetary }, descending: false)
        let all = customers.indices.map { i in
            RFMScore(customerID: customers[i].customerID,
                     cell: RFMCell(recency: r.scores[i], frequency: f.scores[i], monetary: m.scores[i]))
        }
        return RFMScoringResult(scores: all, recencyBands: r.bands, frequencyBands: f.bands, monetaryBands: m.bands)
    }
}

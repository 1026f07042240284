/// Builds per-customer calibration summaries from a transaction log.
///
/// Convention (matches Fader–Hardie's CDNOW data and lifetimes'
/// `summary_data_from_transaction_data(freq='D', freq_multiplier=7)` for weeks):
/// * all lines of one customer on one calendar day form one transaction (amounts summed);
/// * only days ≤ `calibrationEnd` are used; customers whose first purchase is later are dropped;
/// * x = number of transaction days after the first one;
/// * t_x = (last day − first day) / `daysPerUnit`, T = (`calibrationEnd` − first day) / `daysPerUnit`;
/// * averageRepeatValue = mean of the x repeat-day totals (first purchase excluded).
public enum CalibrationSummarizer {
    /// Summaries sorted by customer id.
    public static func summarize(_ records: [TransactionRecord], calibrationEnd: Int,
                                 daysPerUnit: Double = 7) -> [CustomerHistory] {
        var perCustomer: [Int: [Int: Double]] = [:]
        for record in records where record.day <= calibrationEnd {
            perCustomer[record.customerID, default: [:]][record.day, default: 0] += record.amount
        }
        var result: [CustomerHistory] = []
        result.reserveCapacity(perCustomer.count)
        for (id, days) in perCustomer {
            let sortedDays = days.keys.sorted()
            guard let first = sortedDays.first, let last = sortedDays.last else { continue }
            let repeats = sortedDays.dropFirst()
            var spend = 0.0
            for day in repeats { spend += days[day] ?? 0 }
            let x = repeats.count
            result.append(CustomerHistory(
                customerID: id, frequency: x,
                recency: Double(last - first) / daysPerUnit,
                age: Double(calibrationEnd - first) / daysPerUnit,
                averageRepeatValue: x > 0 ? spend / Double(x) : 0,
                firstDay: first, lastDay: last))
        }
        result.sort { $0.customerID < $1.customerID }
        return result
    }
}

/// Bottom-up and proportional top-down reconciliation of point forecasts (fpp3 §11.2).
///
/// Only point forecasts are reconciled. Interval bounds are not coherent under aggregation (quantiles do not
/// add up) and no helper is provided for them: use each level's own intervals, or simulate the hierarchy.
public enum ForecastReconciler {
    /// Total = Σ group forecasts at every horizon. All groups must have the same length.
    public static func bottomUp(groups: [[Double]]) throws -> ReconciledForecast {
        guard let horizon = groups.first?.count else { throw ForecastError.invalidInput("no groups") }
        guard groups.allSatisfy({ $0.count == horizon }) else {
            throw ForecastError.invalidInput("group forecasts have different horizons")
        }
        var total = [Double](repeating: 0, count: horizon)
        for group in groups {
            for h in 0..<horizon { total[h] += group[h] }
        }
        return ReconciledForecast(total: total, groups: groups)
    }

    /// Historical proportions of each group (they sum to 1). `history[j]` is group j's series, all of one
    /// length; a history whose total is zero everywhere gives equal shares.
    public static func proportions(history: [[Double]], method: ReconciliationMethod) throws -> [Double] {
        guard let length = history.first?.count, length > 0 else { throw ForecastError.invalidInput("no history") }
        guard history.allSatisfy({ $0.count == length }) else {
            throw ForecastError.invalidInput("group histories have different lengths")
        }
        let k = history.count
        var totals = [Double](repeating: 0, count: length)
        for series in history {
            for t in 0..<length { totals[t] += series[t] }
        }
        var shares = [Double](repeating: 0, count: k)
        switch method {
        case .proportionsOfHistoricalAverages:
            let grand = totals.reduce(0, +)
            guard grand != 0 else { return [Double](repeating: 1 / Double(k), count: k) }
            for j in 0..<k { shares[j] = history[j].reduce(0, +) / grand }
        case .averageHistoricalProportions:
            let usable = (0..<length).filter { totals[$0] != 0 }
            guard !usable.isEmpty else { return [Double](repeating: 1 / Double(k), count: k) }
            for j in 0..<k {
                shares[j] = usable.reduce(0) { $0 + history[j][$1] / totals[$1] } / Double(usable.count)
            }
        }
        return shares
    }

    /// Group forecasts p_j · total[h] from the historical proportions; the groups add up to `total`.
    public static func topDown(total: [Double], history: [[Double]],
                               method: ReconciliationMethod = .proportionsOfHistoricalAverages) throws -> ReconciledForecast {
        let shares = try proportions(history: history, method: method)
        return ReconciledForecast(total: total, groups: shares.map { p in total.map { p * $0 } })
    }
}

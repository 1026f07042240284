import Foundation

/// Discounted CLV in the style of lifetimes' `customer_lifetime_value`.
///
/// CLV = Σ_{i=1}^{months} spend · (E[Y(i·u)] − E[Y((i−1)·u)]) / (1 + d)^i, where u = model time units per
/// month (`periodsPerMonth`, 4.345 for weeks, 30 for days), E[Y(·)] the BG/NBD conditional expectation,
/// spend the Gamma-Gamma conditional expected average spend and d the monthly discount rate.
public enum CustomerLifetimeValue {
    /// CLV of one customer with history (x, t_x, T) and average repeat spend m_x.
    public static func value(transactions: BGNBDModel, spend: GammaGammaModel, frequency x: Int, recency tx: Double,
                             age: Double, averageSpend m: Double, months: Int = 12,
                             monthlyDiscountRate d: Double = 0.01, periodsPerMonth: Double = 4.345) -> Double {
        guard months > 0 else { return 0 }
        let expectedSpend = spend.conditionalExpectedAverageSpend(frequency: x, averageSpend: m)
        var total = 0.0
        var previous = 0.0
        for i in 1...months {
            let cumulative = transactions.conditionalExpectedPurchases(Double(i) * periodsPerMonth, frequency: x,
                                                                       recency: tx, age: age)
            total += expectedSpend * (cumulative - previous) / pow(1 + d, Double(i))
            previous = cumulative
        }
        return total
    }
}

import Foundation

/// Discounted CLV in the style of lifetimes' `customer_lifetime_value`.
///
/// CLV = Σ_{i=1}^{months} spend · (E[Y(i·u)] − E[Y((i−1)·u)]) / (1 + d)^i, where u = model time units per
/// month (`periodsPerMonth`, 4.345 for weeks, 30 for days), E[Y(·)] the BG/NBD conditional expectation,
/// spend the Gamma-Gamma conditional expected average spend and d the monthly discount rate.
///
/// The spend does not depend on the BG/NBD parameters nor the discounted purchases on the Gamma-Gamma
/// ones, so CLV = spend · D with D = `discountedPurchases`, and the delta-method gradient splits into
/// spend · ∂D/∂(r, α, a, b) and D · ∂spend/∂(p, q, γ) (see `interval`).
public enum CustomerLifetimeValue {
    /// The horizon of a CLV: months, discount and model time units per month.
    public struct Horizon: Sendable, Equatable {
        public var months: Int
        public var monthlyDiscountRate: Double
        public var periodsPerMonth: Double

        public init(months: Int = 12, monthlyDiscountRate: Double = 0.01, periodsPerMonth: Double = 4.345) {
            self.months = months
            self.monthlyDiscountRate = monthlyDiscountRate
            self.periodsPerMonth = periodsPerMonth
        }
    }

    /// CLV of one customer with history (x, t_x, T) and average repeat spend m_x.
    public static func value(transactions: BGNBDModel, spend: GammaGammaModel, frequency x: Int, recency tx: Double,
                             age: Double, averageSpend m: Double, months: Int = 12,
                             monthlyDiscountRate d: Double = 0.01, periodsPerMonth: Double = 4.345) -> Double {
        let expectedSpend = spend.conditionalExpectedAverageSpend(frequency: x, averageSpend: m)
        return expectedSpend * discountedPurchases(
            transactions: transactions, frequency: x, recency: tx, age: age,
            horizon: Horizon(months: months, monthlyDiscountRate: d, periodsPerMonth: periodsPerMonth))
    }

    /// D = Σ_{i=1}^{months} (E[Y(i·u)] − E[Y((i−1)·u)]) / (1 + d)^i: the expected purchases over the
    /// horizon, each month's discounted; CLV is D times the expected spend per purchase.
    public static func discountedPurchases(transactions: BGNBDModel, frequency x: Int, recency tx: Double,
                                           age: Double, horizon: Horizon) -> Double {
        guard horizon.months > 0 else { return 0 }
        var total = 0.0
        var previous = 0.0
        for i in 1...horizon.months {
            let cumulative = transactions.conditionalExpectedPurchases(Double(i) * horizon.periodsPerMonth, frequency: x,
                                                                       recency: tx, age: age)
            total += (cumulative - previous) / pow(1 + horizon.monthlyDiscountRate, Double(i))
            previous = cumulative
        }
        return total
    }

    /// The expected spend per purchase under Gamma-Gamma parameters: the conditional one for a
    /// customer with repeat spend m_x, the population mean for one without (m_x is undefined for x = 0).
    public static func expectedSpend(_ spend: GammaGammaModel, frequency x: Int, averageSpend m: Double?) -> Double {
        m.map { spend.conditionalExpectedAverageSpend(frequency: x, averageSpend: $0) } ?? spend.populationMeanSpend
    }

    /// ∂D/∂(r, α, a, b) by central differences (the steps of `DeltaMethod.gradient`); nil when not finite.
    public static func discountedPurchasesGradient(transactions: BGNBDModel, frequency x: Int, recency tx: Double,
                                                   age: Double, horizon: Horizon) -> [Double]? {
        DeltaMethod.gradient(at: transactions.parameters.values) { v in
            guard let p = BGNBDParameters(v) else { return .nan }
            return discountedPurchases(transactions: BGNBDModel(parameters: p), frequency: x, recency: tx, age: age,
                                       horizon: horizon)
        }
    }

    /// CLV = spend · D with its delta-method interval over the seven parameters (r, α, a, b, p, q, γ),
    /// `covariance` being their 7 × 7 covariance, from D and its gradient (`discountedPurchasesGradient`,
    /// the costly part: a 2F1 per month and parameter, shared by customers with the same history) and
    /// the spend's gradient over (p, q, γ). The same interval as `DeltaMethod.interval` of the whole CLV
    /// function, with the same steps.
    /// - Returns: the CLV (nil when not finite) and its interval (nil when a gradient is not finite).
    public static func interval(discountedPurchases d: Double, gradient dGradient: [Double]?, spend: GammaGammaModel,
                                covariance: [[Double]], frequency x: Int, averageSpend m: Double?,
                                level: Double) -> (value: Double, interval: ConfidenceInterval?)? {
        let s = expectedSpend(spend, frequency: x, averageSpend: m)
        let value = s * d
        guard value.isFinite else { return nil }
        let spendGradient = DeltaMethod.gradient(at: spend.parameters.values) { v in
            guard let p = GammaGammaParameters(v) else { return .nan }
            return expectedSpend(GammaGammaModel(parameters: p), frequency: x, averageSpend: m)
        }
        guard let dGradient, let spendGradient else { return (value, nil) }
        let gradient = dGradient.map { s * $0 } + spendGradient.map { d * $0 }
        return (value, DeltaMethod.interval(value: value, gradient: gradient, covariance: covariance, level: level))
    }

    /// `interval(discountedPurchases:...)` for one customer's history (x, t_x, T).
    public static func interval(transactions: BGNBDModel, spend: GammaGammaModel, covariance: [[Double]],
                                frequency x: Int, recency tx: Double, age: Double, averageSpend m: Double?,
                                horizon: Horizon, level: Double) -> (value: Double, interval: ConfidenceInterval?)? {
        interval(
            discountedPurchases: discountedPurchases(transactions: transactions, frequency: x, recency: tx, age: age,
                                                     horizon: horizon),
            gradient: discountedPurchasesGradient(transactions: transactions, frequency: x, recency: tx, age: age,
                                                  horizon: horizon),
            spend: spend, covariance: covariance, frequency: x, averageSpend: m, level: level)
    }
}

import Foundation
import Testing
@testable import Analytics

/// Reference values from bench/peers/cdnow_reference.py (numpy/scipy + mpmath at 40 digits), stored in
/// bench/peers/reference_output.json, and cross-checked by bench/peers/lifetimes_crosscheck.py (lifetimes 0.11.3).
private enum Reference {
    static let published = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
    static let publishedLL = -9582.4
    static let pythonMLE = BGNBDParameters(r: 0.24259453014719967, alpha: 4.413602392375675,
                                           a: 0.7929220524326326, b: 2.425906915711264)
    static let pythonLL = -9582.429206673929
    /// Standard errors from the inverse of a central-difference Hessian in the Python script.
    static let pythonSE = [0.012557375667977096, 0.37822400639416215, 0.18573231362997233, 0.7054083062079389]
    static let pythonGGSE = [1.1900492867567858, 0.29013230099767845, 4.159401418938191]
    static let publishedGG = GammaGammaParameters(p: 6.25, q: 3.74, gamma: 15.44)
    static let pythonGG = GammaGammaParameters(p: 6.249572905535999, q: 3.744224523107324, gamma: 15.443518805780924)

    struct Customer: Sendable {
        var id: Int, x: Int, tx: Double, T: Double, m: Double
        var pAlive: Double, condExp39: Double, condExp52: Double, expectedSpend: Double, clv12m: Double
    }

    /// Evaluated at the *published* parameters above, so they test the formulas, not the optimiser.
    static let customers: [Customer] = [
        Customer(id: 1, x: 2, tx: 30.428571428571427, T: 38.857142857142854, m: 22.345,
                 pAlive: 0.7265897218354948, condExp39: 1.2261158061493218, condExp52: 1.5588289718128403,
                 expectedSpend: 24.659612860892384, clv12m: 36.28570155466214),
        Customer(id: 2, x: 1, tx: 1.7142857142857142, T: 38.857142857142854, m: 11.77,
                 pAlive: 0.21226006255461333, condExp39: 0.20335104108680574, condExp52: 0.2600327587534303,
                 expectedSpend: 18.916852057842046, clv12m: 4.641030866939856),
        Customer(id: 18, x: 1, tx: 4.857142857142857, T: 38.857142857142854, m: 9.99,
                 pAlive: 0.3107181102966065, condExp39: 0.2976765881103176, condExp52: 0.38065044569696505,
                 expectedSpend: 17.6793659621802, clv12m: 6.349368811188599),
        Customer(id: 1516, x: 26, tx: 30.857142857142858, T: 31.0, m: 39.97,
                 pAlive: 0.968851562851896, condExp39: 20.748353694337908, condExp52: 25.756492215378056,
                 expectedSpend: 39.8912188332123, clv12m: 972.0367539305429),
    ]
}

@Suite("CDNOW: BG/NBD and Gamma-Gamma")
struct CDNOWTests {
    @Test("Calibration summary follows the paper's convention (days/7, same-day merge)")
    func summary() throws {
        let histories = try TestSupport.cdnowHistories()
        #expect(histories.count == 2357)
        #expect(histories.filter { $0.frequency > 0 }.count == 946)
        #expect(histories.reduce(0) { $0 + $1.frequency } == 2457)
        let byID = Dictionary(uniqueKeysWithValues: histories.map { ($0.customerID, $0) })
        for c in Reference.customers {
            let h = try #require(byID[c.id])
            #expect(h.frequency == c.x)
            #expect(abs(h.recency - c.tx) < 1e-12)
            #expect(abs(h.age - c.T) < 1e-12)
            #expect(abs(h.averageRepeatValue - c.m) < 1e-9)
        }
    }

    @Test("BG/NBD fit reproduces Fader-Hardie-Lee (2005): r, α, a, b and LL within 1%")
    func bgnbdFit() throws {
        let data = try BGNBDData(histories: try TestSupport.cdnowHistories())
        #expect(data.totalWeight == 2357)
        #expect(data.count < 2357) // compressed
        let fit = try BGNBDModel.fit(data)
        let p = fit.model.parameters
        let pub = Reference.published
        #expect(TestSupport.relativelyClose(p.r, pub.r, 0.01), "r = \(p.r)")
        #expect(TestSupport.relativelyClose(p.alpha, pub.alpha, 0.01), "alpha = \(p.alpha)")
        #expect(TestSupport.relativelyClose(p.a, pub.a, 0.01), "a = \(p.a)")
        #expect(TestSupport.relativelyClose(p.b, pub.b, 0.01), "b = \(p.b)")
        #expect(TestSupport.relativelyClose(fit.logLikelihood, Reference.publishedLL, 0.01), "LL = \(fit.logLikelihood)")
        #expect(abs(fit.logLikelihood - Reference.publishedLL) < 0.05 + 0.01) // published LL is rounded to 0.1
        // Against the independent scipy fit: same optimum to 1e-4 relative.
        let py = Reference.pythonMLE
        for (mine, theirs) in zip(p.values, py.values) {
            #expect(TestSupport.relativelyClose(mine, theirs, 1e-4))
        }
        #expect(abs(fit.logLikelihood - Reference.pythonLL) < 1e-6)
        #expect(fit.report.converged)
    }

    @Test("BG/NBD log-likelihood at the published parameters and its analytic gradient")
    func bgnbdLikelihoodAndGradient() throws {
        let data = try BGNBDData(histories: try TestSupport.cdnowHistories())
        let ll = BGNBDModel(parameters: Reference.pythonMLE).logLikelihood(data)
        #expect(abs(ll - Reference.pythonLL) < 1e-8)
        let point = [0.3, 5.0, 0.7, 2.0]
        var g = [Double](repeating: 0, count: 4)
        _ = BGNBDModel.negativeLogLikelihood(point, data: data, gradient: &g)
        var scratch = g
        for j in 0..<4 {
            let h = 1e-6 * point[j]
            var plus = point, minus = point
            plus[j] += h
            minus[j] -= h
            let numeric = (BGNBDModel.negativeLogLikelihood(plus, data: data, gradient: &scratch)
                - BGNBDModel.negativeLogLikelihood(minus, data: data, gradient: &scratch)) / (2 * h)
            #expect(TestSupport.relativelyClose(g[j], numeric, 1e-6), "component \(j): \(g[j]) vs \(numeric)")
        }
    }

    @Test("P(alive), E[Y(t)|x,t_x,T] and CLV match the independent Python/mpmath values")
    func customerPredictions() {
        let model = BGNBDModel(parameters: Reference.published)
        let spend = GammaGammaModel(parameters: Reference.publishedGG)
        for c in Reference.customers {
            let alive = model.probabilityAlive(frequency: c.x, recency: c.tx, age: c.T)
            #expect(TestSupport.relativelyClose(alive, c.pAlive, 1e-12), "P(alive) id \(c.id): \(alive)")
            let e39 = model.conditionalExpectedPurchases(39, frequency: c.x, recency: c.tx, age: c.T)
            #expect(TestSupport.relativelyClose(e39, c.condExp39, 1e-10), "E39 id \(c.id): \(e39)")
            let e52 = model.conditionalExpectedPurchases(52, frequency: c.x, recency: c.tx, age: c.T)
            #expect(TestSupport.relativelyClose(e52, c.condExp52, 1e-10), "E52 id \(c.id): \(e52)")
            let s = spend.conditionalExpectedAverageSpend(frequency: c.x, averageSpend: c.m)
            #expect(TestSupport.relativelyClose(s, c.expectedSpend, 1e-12))
            let clv = CustomerLifetimeValue.value(transactions: model, spend: spend, frequency: c.x, recency: c.tx,
                                                  age: c.T, averageSpend: c.m, months: 12, monthlyDiscountRate: 0.01,
                                                  periodsPerMonth: 4.345)
            #expect(TestSupport.relativelyClose(clv, c.clv12m, 1e-9), "CLV id \(c.id): \(clv)")
        }
        #expect(model.probabilityAlive(frequency: 0, recency: 0, age: 30) == 1)
    }

    @Test("The CLV interval from D's and the spend's gradients is the delta method on the whole CLV function")
    func clvIntervalSplit() throws {
        let model = BGNBDModel(parameters: Reference.published)
        let spend = GammaGammaModel(parameters: Reference.publishedGG)
        // A 7 x 7 covariance of (r, α, a, b, p, q, γ): the Python standard errors, with correlations
        // inside each model's block (the two fits are separate, so the off-blocks are zero).
        let se = Reference.pythonSE + Reference.pythonGGSE
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: 7), count: 7)
        for i in 0..<7 {
            for j in 0..<7 where (i < 4) == (j < 4) {
                covariance[i][j] = se[i] * se[j] * (i == j ? 1 : 0.3)
            }
        }
        let horizon = CustomerLifetimeValue.Horizon(months: 12, monthlyDiscountRate: 0.01, periodsPerMonth: 4.345)
        for c in Reference.customers {
            for m in [c.m, nil] {
                let whole = try #require(DeltaMethod.interval(at: model.parameters.values + spend.parameters.values,
                                                              covariance: covariance, level: 0.9) { v in
                    guard let p = BGNBDParameters(Array(v[0..<4])), let g = GammaGammaParameters(Array(v[4..<7])) else {
                        return .nan
                    }
                    let s = CustomerLifetimeValue.expectedSpend(GammaGammaModel(parameters: g), frequency: c.x,
                                                                averageSpend: m)
                    return s * CustomerLifetimeValue.discountedPurchases(
                        transactions: BGNBDModel(parameters: p), frequency: c.x, recency: c.tx, age: c.T, horizon: horizon)
                })
                let split = try #require(CustomerLifetimeValue.interval(
                    transactions: model, spend: spend, covariance: covariance, frequency: c.x, recency: c.tx, age: c.T,
                    averageSpend: m, horizon: horizon, level: 0.9))
                let interval = try #require(split.interval)
                #expect(TestSupport.relativelyClose(split.value, whole.estimate, 1e-13), "CLV id \(c.id)")
                #expect(TestSupport.relativelyClose(interval.standardError, whole.standardError, 1e-6),
                        "SE id \(c.id): \(interval.standardError) vs \(whole.standardError)")
                #expect(interval.standardError > 0.01 * split.value)
            }
            // With the customer's own spend, the value is the one checked against lifetimes above.
            let value = try #require(CustomerLifetimeValue.interval(
                transactions: model, spend: spend, covariance: covariance, frequency: c.x, recency: c.tx, age: c.T,
                averageSpend: c.m, horizon: horizon, level: 0.9)).value
            #expect(TestSupport.relativelyClose(value, c.clv12m, 1e-9))
        }
    }

    @Test("Unconditional E[X(t)] matches mpmath")
    func unconditional() {
        let model = BGNBDModel(parameters: Reference.published)
        #expect(TestSupport.relativelyClose(model.expectedPurchases(39), 1.196723193320817, 1e-11))
        #expect(TestSupport.relativelyClose(model.expectedPurchases(78), 1.8605190579427686, 1e-11))
        #expect(model.expectedPurchases(0) == 0)
    }

    @Test("Gamma-Gamma fit reproduces p=6.25, q=3.74, γ=15.44 within 2%")
    func gammaGammaFit() throws {
        let histories = try TestSupport.cdnowHistories()
        let data = try GammaGammaData(histories: histories)
        #expect(data.count == 946)
        let fit = try GammaGammaModel.fit(data)
        let p = fit.model.parameters
        let pub = Reference.publishedGG
        #expect(TestSupport.relativelyClose(p.p, pub.p, 0.02), "p = \(p.p)")
        #expect(TestSupport.relativelyClose(p.q, pub.q, 0.02), "q = \(p.q)")
        #expect(TestSupport.relativelyClose(p.gamma, pub.gamma, 0.02), "gamma = \(p.gamma)")
        for (mine, theirs) in zip(p.values, Reference.pythonGG.values) {
            #expect(TestSupport.relativelyClose(mine, theirs, 1e-4))
        }
        let cov = try #require(fit.covariance)
        for (mine, theirs) in zip(cov.standardErrors, Reference.pythonGGSE) {
            #expect(TestSupport.relativelyClose(mine, theirs, 0.01), "GG SE \(mine) vs \(theirs)")
        }
        let spendInterval = try #require(fit.conditionalExpectedAverageSpendInterval(frequency: 2, averageSpend: 22.345))
        #expect(spendInterval.lower < spendInterval.estimate && spendInterval.estimate < spendInterval.upper)
        // Gradient check at an arbitrary point.
        let point = [4.0, 3.0, 20.0]
        var g = [0.0, 0.0, 0.0], scratch = g
        _ = GammaGammaModel.negativeLogLikelihood(point, data: data, gradient: &g)
        for j in 0..<3 {
            let h = 1e-6 * point[j]
            var plus = point, minus = point
            plus[j] += h
            minus[j] -= h
            let numeric = (GammaGammaModel.negativeLogLikelihood(plus, data: data, gradient: &scratch)
                - GammaGammaModel.negativeLogLikelihood(minus, data: data, gradient: &scratch)) / (2 * h)
            #expect(TestSupport.relativelyClose(g[j], numeric, 1e-6))
        }
    }

    @Test("Covariance and 80% delta-method intervals are available and coherent")
    func covarianceAndIntervals() throws {
        let data = try BGNBDData(histories: try TestSupport.cdnowHistories())
        let fit = try BGNBDModel.fit(data)
        let cov = try #require(fit.covariance)
        let se = cov.standardErrors
        #expect(se.count == 4)
        for (mine, theirs) in zip(se, Reference.pythonSE) {
            #expect(TestSupport.relativelyClose(mine, theirs, 0.01), "SE \(mine) vs \(theirs)")
        }
        // Covariance really is the inverse Hessian.
        for i in 0..<4 {
            for j in 0..<4 {
                let product = (0..<4).reduce(0.0) { $0 + cov.hessian[i][$1] * cov.matrix[$1][j] }
                #expect(abs(product - (i == j ? 1 : 0)) < 1e-8)
            }
        }
        let c = Reference.customers[0]
        let interval = try #require(fit.conditionalExpectedPurchasesInterval(39, frequency: c.x, recency: c.tx,
                                                                             age: c.T, level: 0.8))
        #expect(interval.lower < interval.estimate && interval.estimate < interval.upper)
        #expect(abs((interval.upper - interval.lower) - 2 * 1.2815515655446004 * interval.standardError) < 1e-12)
        #expect(interval.standardError > 0 && interval.standardError < 0.5 * interval.estimate)
        let alive = try #require(fit.probabilityAliveInterval(frequency: c.x, recency: c.tx, age: c.T))
        #expect(alive.lower < alive.estimate && alive.estimate < alive.upper)
    }
}

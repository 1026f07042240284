import Foundation
import Testing
@testable import Analytics

@Suite("Benchmark forecasting models")
struct ForecastModelTests {
    @Test("Student t quantiles match scipy.stats.t.ppf")
    func studentT() {
        let cases: [(Double, Double, Double)] = [
            (0.975, 10, 2.228138851986274), (0.9, 3, 1.637744353696209), (0.975, 1, 12.706204736174694),
            (0.975, 3, 3.1824463052837078), (0.9, 34, 1.30695158712643),
        ]
        for (p, df, expected) in cases {
            #expect(abs(StudentTDistribution.quantile(p, degreesOfFreedom: df) - expected) < 1e-9 * expected)
            #expect(abs(StudentTDistribution.quantile(1 - p, degreesOfFreedom: df) + expected) < 1e-9 * expected)
        }
    }

    @Test("Linear trend: y = 2,4,5,4,5 gives 2.2 + 0.6t and statsmodels' OLS prediction intervals")
    func linearTrend() throws {
        let model = try LinearTrendModel.fit([2, 4, 5, 4, 5], seasonPeriod: 1)
        #expect(abs(model.intercept - 2.2) < 1e-12)
        #expect(abs(model.slope - 0.6) < 1e-12)
        #expect(abs(model.residualStandardError - 0.8.squareRoot()) < 1e-12)
        let fc = model.forecast(horizon: 2)
        // By hand: se(6) = √(0.8·(1 + 1/5 + 9/10)) = √1.68; 95%: 5.8 ± t(0.975, 3)·√1.68.
        #expect(abs(fc.point[0] - 5.8) < 1e-12)
        #expect(abs(fc.upper95[0] - (5.8 + 3.1824463052837078 * 1.68.squareRoot())) < 1e-9)
        // statsmodels OLS get_prediction(...).summary_frame obs_ci bounds.
        let expected95: [(Double, Double)] = [(1.67507814, 9.92492186), (1.63695051, 11.16304949)]
        let expected80: [(Double, Double)] = [(3.6772407, 7.9227593), (3.9488487, 8.8511513)]
        for h in 0..<2 {
            #expect(abs(fc.lower95[h] - expected95[h].0) < 1e-7)
            #expect(abs(fc.upper95[h] - expected95[h].1) < 1e-7)
            #expect(abs(fc.lower80[h] - expected80[h].0) < 1e-7)
            #expect(abs(fc.upper80[h] - expected80[h].1) < 1e-7)
        }
        #expect(throws: ForecastError.self) { try LinearTrendModel.fit([1, 2], seasonPeriod: 1) }
    }

    @Test("Seasonal naive on a tiny quarterly series, computed by hand")
    func seasonalNaive() throws {
        // Residuals y_t − y_{t−4}: 3, −1, 2, 0 → σ̂ = √(14/4) (fpp3 eq. 5.1, K = 0, M = 4).
        let model = try SeasonalNaiveModel.fit([10, 20, 30, 40, 13, 19, 32, 40], seasonPeriod: 4)
        #expect(model.isSeasonal)
        let sigma = 3.5.squareRoot()
        #expect(abs(model.residualStandardDeviation - sigma) < 1e-12)
        let fc = model.forecast(horizon: 6)
        #expect(fc.point == [13, 19, 32, 40, 13, 19])
        let z95 = 1.959963984540054
        let z80 = 1.2815515655446004
        for h in 1...6 {
            let sd = sigma * Double((h - 1) / 4 + 1).squareRoot()
            #expect(abs(fc.upper95[h - 1] - (fc.point[h - 1] + z95 * sd)) < 1e-9)
            #expect(abs(fc.lower80[h - 1] - (fc.point[h - 1] - z80 * sd)) < 1e-9)
        }
        #expect(abs(fc.upper95[4] - (13 + z95 * sigma * 2.0.squareRoot())) < 1e-9)
    }

    @Test("Naive fallback when the series is shorter than two seasons")
    func naiveFallback() throws {
        // Residuals 2, −1 → σ̂ = √(5/2); σ_h = σ̂√h.
        let model = try SeasonalNaiveModel.fit([5, 7, 6], seasonPeriod: 4)
        #expect(!model.isSeasonal)
        let fc = model.forecast(horizon: 3)
        #expect(fc.point == [6, 6, 6])
        let sigma = 2.5.squareRoot()
        for h in 1...3 {
            #expect(abs(fc.upper95[h - 1] - (6 + 1.959963984540054 * sigma * Double(h).squareRoot())) < 1e-9)
        }
        let single = try SeasonalNaiveModel.fit([4], seasonPeriod: 12).forecast(horizon: 2)
        #expect(single.point == [4, 4] && single.lower95 == [4, 4])
    }

    @Test("Clamp helper never lets a forecast or bound go below zero")
    func clamp() throws {
        let declining = [50.0, 40, 31, 20, 12, 5]
        let fc = try LinearTrendModel.fit(declining, seasonPeriod: 1).forecast(horizon: 4)
        #expect(fc.point.contains { $0 < 0 })
        let clamped = fc.clampedNonNegative()
        for values in [clamped.point, clamped.lower80, clamped.upper80, clamped.lower95, clamped.upper95] {
            #expect(values.allSatisfy { $0 >= 0 })
        }
        #expect(clamped.upper95 == fc.upper95.map { max($0, 0) })
        #expect(ForecastClamp.nonNegative([-1, 0, 2]) == [0, 0, 2])
    }
}

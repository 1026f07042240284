import Foundation
import Testing
@testable import Analytics

@Suite("Rolling-origin backtest")
struct BacktestTests {
    @Test("No leakage: absurd values after an origin do not change the forecast made at that origin")
    func noLeakage() throws {
        let clean = Array(try ForecastFixtures.airPassengers().prefix(40))
        let origin = 30
        var poisoned = clean
        for t in origin..<poisoned.count { poisoned[t] = 1e9 }
        let methods: [ForecastMethod] = [.naive, .seasonalNaive, .linearTrend, .ets(.AAA), .ets(.MAM), .etsAuto]
        let backtest = RollingOriginBacktest(horizon: 6, minimumTrainingLength: origin, seasonPeriod: 12, methods: methods)
        let a = try backtest.run(clean)
        let b = try backtest.run(poisoned)
        #expect(a.origins.first == origin)
        for method in methods {
            let first = try #require(a.summary(for: method)?.origins.first)
            let second = try #require(b.summary(for: method)?.origins.first)
            #expect(first.origin == origin && second.origin == origin)
            #expect(first.forecast == second.forecast, "\(method) leaked future data")
            #expect(first.maseScale == second.maseScale)
            // And it is the forecast obtained from the truncated series directly.
            let direct = try method.forecast(Array(clean.prefix(origin)), seasonPeriod: 12, horizon: 6).clampedNonNegative()
            #expect(direct == first.forecast)
        }
        // The later origins do see the poisoned values, so the accuracy must differ.
        #expect(a.summary(for: .naive)?.mae != b.summary(for: .naive)?.mae)
    }

    @Test("MASE of seasonal naive is exactly 1 when out-of-sample errors equal the in-sample ones")
    func maseOfSeasonalNaiveIsOne() throws {
        // Quarterly pattern plus a linear trend 2t: every seasonal difference equals 8, in and out of sample.
        let pattern = [10.0, 30, 20, 40]
        let series = (0..<20).map { pattern[$0 % 4] + 2 * Double($0) }
        let report = try RollingOriginBacktest(horizon: 4, minimumTrainingLength: 8, seasonPeriod: 4,
                                               methods: [.seasonalNaive, .naive]).run(series)
        let summary = try #require(report.summary(for: .seasonalNaive))
        #expect(abs(summary.mase - 1) < 1e-12)
        #expect(abs(summary.mae - 8) < 1e-12)
        #expect(summary.failures == 0 && summary.origins.count == 9)
        #expect(report.winner == .seasonalNaive)
    }

    @Test("Accuracy measures: fpp3 sMAPE and the MASE scale fallback")
    func accuracy() {
        #expect(abs(ForecastAccuracy.smape(actual: [100, 0], forecast: [50, 0]) - (200.0 * 50 / 150) / 2) < 1e-12)
        #expect(ForecastAccuracy.mae(actual: [1, 2, 3], forecast: [2, 2, 5]) == 1)
        // Window of 4 with m = 4 is shorter than m + 1: naive scale mean(|Δ|) = (1 + 2 + 4)/3.
        #expect(abs(ForecastAccuracy.maseScale(training: [1, 2, 4, 8], seasonPeriod: 4) - 7.0 / 3) < 1e-12)
        #expect(ForecastAccuracy.maseScale(training: [1, 2, 4, 8, 3], seasonPeriod: 4) == 2)
    }

    @Test("MASE ties (within 1e-9 relative) go to the simpler method")
    func tieBreak() {
        func summary(_ method: ForecastMethod, _ mase: Double) -> BacktestMethodSummary {
            let fc = ForecastResult(point: [1], lower80: [1], upper80: [1], lower95: [1], upper95: [1])
            return BacktestMethodSummary(method: method, mae: 1, smape: 1, mase: mase,
                                         origins: [BacktestOrigin(origin: 1, forecast: fc, actual: [1], maseScale: 1)],
                                         failures: 0)
        }
        #expect(RollingOriginBacktest.winner([summary(.etsAuto, 0.8), summary(.linearTrend, 0.8 * (1 + 1e-10)),
                                              summary(.ets(.AAA), 0.8)]) == .linearTrend)
        #expect(RollingOriginBacktest.winner([summary(.etsAuto, 0.7), summary(.naive, 0.8)]) == .etsAuto)
        #expect(RollingOriginBacktest.winner([summary(.ets(.MAM), 0.5), summary(.ets(.ANN), 0.5)]) == .ets(.ANN))
        // A method that failed at some origin cannot win, however good its MASE.
        var failed = summary(.naive, 0.1)
        failed.failures = 1
        #expect(RollingOriginBacktest.winner([failed, summary(.linearTrend, 0.9)]) == .linearTrend)
    }

    @Test("A series too short for one origin is rejected")
    func tooShort() {
        #expect(throws: ForecastError.self) {
            try RollingOriginBacktest(horizon: 6, minimumTrainingLength: 10, seasonPeriod: 12).run([1, 2, 3])
        }
    }
}

@Suite("Backtest on real and degenerate data")
struct BacktestDataTests {
    @Test("Airline series: ETS beats the seasonal naive benchmark over the last two years of origins")
    func airlineBacktest() throws {
        let y = try ForecastFixtures.airPassengers()
        let report = try RollingOriginBacktest(horizon: 12, minimumTrainingLength: 120, seasonPeriod: 12,
                                               methods: [.seasonalNaive, .linearTrend, .ets(.MAM)]).run(y)
        #expect(report.origins == Array(120...132))
        let snaive = try #require(report.summary(for: .seasonalNaive))
        let ets = try #require(report.summary(for: .ets(.MAM)))
        print("airline backtest MASE: snaive \(snaive.mase), linear \(report.summary(for: .linearTrend)?.mase ?? .nan), MAM \(ets.mase); sMAPE MAM \(ets.smape)")
        #expect(ets.mase < snaive.mase)
        #expect(report.winner == .ets(.MAM))
        #expect(snaive.smape > 0 && snaive.smape < 200)
    }

    @Test("Constant and all-zero series give finite, flat, non-negative forecasts")
    func degenerateSeries() throws {
        for value in [5.0, 0.0] {
            let series = [Double](repeating: value, count: 30)
            let model = try ETSModel.fit(series, seasonPeriod: 12)
            let fc = model.forecast(horizon: 6).clampedNonNegative()
            for h in 0..<6 {
                #expect(abs(fc.point[h] - value) < 1e-6 * max(1, value))
                #expect(fc.lower95[h] >= 0 && fc.upper95[h].isFinite)
            }
            let report = try RollingOriginBacktest(horizon: 3, minimumTrainingLength: 24, seasonPeriod: 12).run(series)
            // Every MASE scale is zero, so MASE is undefined: the winner is chosen by MAE (all 0) and the tie
            // goes to the simplest method.
            #expect(report.methods.allSatisfy { $0.mase.isNaN && $0.mae < 1e-6 * max(1, value) })
            #expect(report.winner == .naive)
        }
    }
}

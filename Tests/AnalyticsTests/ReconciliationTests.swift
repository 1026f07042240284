import Foundation
import Testing
@testable import Analytics

@Suite("Reconciliation and aggregation")
struct ReconciliationTests {
    @Test("Bottom-up totals are the sums of the group forecasts")
    func bottomUp() throws {
        let r = try ForecastReconciler.bottomUp(groups: [[1, 2, 3], [10, 20, 30], [0.5, 0.25, 0]])
        #expect(r.total == [11.5, 22.25, 33])
        #expect(throws: ForecastError.self) { try ForecastReconciler.bottomUp(groups: [[1], [1, 2]]) }
    }

    @Test("Top-down proportions by both fpp3 methods, and the groups add up to the total")
    func topDown() throws {
        let history: [[Double]] = [[1, 1, 2], [3, 1, 2]]  // totals 4, 2, 4
        let poha = try ForecastReconciler.proportions(history: history, method: .proportionsOfHistoricalAverages)
        #expect(abs(poha[0] - 0.4) < 1e-15 && abs(poha[1] - 0.6) < 1e-15)
        let ahp = try ForecastReconciler.proportions(history: history, method: .averageHistoricalProportions)
        #expect(abs(ahp[0] - 1.25 / 3) < 1e-15 && abs(ahp[1] - 1.75 / 3) < 1e-15)
        let total = [100.0, 250, 37.5]
        for method in [ReconciliationMethod.proportionsOfHistoricalAverages, .averageHistoricalProportions] {
            let r = try ForecastReconciler.topDown(total: total, history: history, method: method)
            for h in 0..<total.count {
                #expect(abs(r.groups[0][h] + r.groups[1][h] - total[h]) <= 1e-12 * total[h])
            }
        }
        let zeros = try ForecastReconciler.proportions(history: [[0, 0], [0, 0]], method: .averageHistoricalProportions)
        #expect(zeros == [0.5, 0.5])
    }

    @Test("ISO weeks around New Year")
    func isoWeeks() {
        let cases: [((Int, Int, Int), (Int, Int))] = [
            ((2021, 1, 3), (2020, 53)), ((2021, 1, 4), (2021, 1)), ((2024, 12, 30), (2025, 1)),
            ((2008, 12, 29), (2009, 1)), ((2010, 1, 3), (2009, 53)), ((2024, 7, 15), (2024, 29)),
        ]
        for ((y, m, d), (iy, w)) in cases {
            #expect(PeriodAggregator.isoWeek(of: CivilDate(year: y, month: m, day: d)) == CalendarPeriod(year: iy, number: w))
        }
    }

    @Test("Daily values sum into months and ISO weeks with gaps filled by zeros")
    func aggregation() throws {
        let dates = [CivilDate(year: 2023, month: 11, day: 30), CivilDate(year: 2024, month: 2, day: 1),
                     CivilDate(year: 2023, month: 11, day: 2), CivilDate(year: 2024, month: 2, day: 29)]
        let values = [1.0, 2, 3, 4]
        let monthly = try PeriodAggregator.aggregate(dates: dates, values: values, by: .month)
        #expect(monthly.periods.map(\.description) == ["2023-11", "2023-12", "2024-01", "2024-02"])
        #expect(monthly.values == [4, 0, 0, 6])
        let weekly = try PeriodAggregator.aggregate(
            dates: [CivilDate(year: 2020, month: 12, day: 28), CivilDate(year: 2021, month: 1, day: 3),
                    CivilDate(year: 2021, month: 1, day: 4), CivilDate(year: 2021, month: 1, day: 20)],
            values: [1, 2, 4, 8], by: .isoWeek)
        #expect(weekly.periods == [CalendarPeriod(year: 2020, number: 53), CalendarPeriod(year: 2021, number: 1),
                                   CalendarPeriod(year: 2021, number: 2), CalendarPeriod(year: 2021, number: 3)])
        #expect(weekly.values == [3, 4, 0, 8])
        #expect(throws: ForecastError.self) {
            try PeriodAggregator.aggregate(dates: [CivilDate(year: 2023, month: 2, day: 29)], values: [1], by: .month)
        }
    }
}

import Analytics
import Testing

@testable import Pipeline

struct DailyForecasterTests {
  /// A shop with a fixed weekly pattern, closed on Saturdays, and a holiday Monday in history and
  /// in the forecast period: the period total follows the pattern, minus the holiday.
  @Test func weeklyPatternAndHolidaysCarryIntoPeriodTotals() throws {
    let pattern: [Int: Double] = [1: 100, 2: 200, 3: 300, 4: 250, 5: 150, 6: 0, 7: 50]
    let periods = 12, length = 28
    var days: [DailyForecaster.Day] = []
    var values: [Double] = []
    for i in 0..<((periods + 1) * length) {
      let weekday = i % 7 + 1
      let holiday = i == 5 * length + 7 || i == periods * length + 14  // two Mondays
      days.append(DailyForecaster.Day(period: i / length, weekday: weekday, isOpen: weekday != 6, isHoliday: holiday))
      values.append(holiday ? 0 : pattern[weekday]!)
    }
    let model = DailyForecaster(days: days, seasonPeriod: 6)
    let result = try model.forecast(daily: values, origin: periods, horizon: 1)
    let expected = 4 * pattern.values.reduce(0, +) - pattern[1]!
    #expect(abs(result.point[0] - expected) < 0.01 * expected, "\(result.point[0]) vs \(expected)")
    #expect(result.lower95[0] <= result.point[0] && result.point[0] <= result.upper95[0])
    // Values after the origin are never read.
    var leaked = values
    for i in (periods * length)..<leaked.count { leaked[i] = 1e9 }
    #expect(try model.forecast(daily: leaked, origin: periods, horizon: 1).point == result.point)
  }
}

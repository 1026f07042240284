import Foundation
import Ingest
import Pipeline
import PostgresClient
import TestSupport
import Testing

/// Two years of monthly sales in two countries (a trend and a December peak), then five days of
/// January 2012, a partial month the forecast must leave out.
func forecastFixture(through lastDay: Int = 5) -> (text: String, januaryRevenue: [String: Double]) {
  var lines = [header]
  var invoice = 800_000
  var january: [String: Double] = [:]
  for monthIndex in 0..<25 {
    let year = 2010 + monthIndex / 12, month = monthIndex % 12 + 1
    for (country, scale) in [("United Kingdom", 10.0), ("France", 2.0)] {
      let days = monthIndex == 24 ? Array(1...lastDay) : [1, 10, 17, 24]
      for day in days {
        invoice += 1
        let price = scale * (10 + Double(monthIndex) * 0.5 + (month == 12 ? 8 : 0))
        let date = String(format: "%04d-%02d-%02d 10:00:00", year, month, day)
        lines.append("\(invoice),22139,TEA SET,10,\(date),\(String(format: "%.2f", price)),\(12_000 + invoice % 7),\(country)")
        if monthIndex == 24 { january[country, default: 0] += 10 * (price * 100).rounded() / 100 }
      }
    }
  }
  return (lines.joined(separator: "\n") + "\n", january)
}

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct ForecastStageTests {
  @Test func forecastsAreCoherentNonNegativeAndGetTheirActuals() throws {
    try TestDatabase.with { db, _ in
      _ = try load(db, try writeTemporary(forecastFixture().text))
      var settings = try projectSettings()
      settings.forecast.topCountries = 1  // GB on its own, France as country:other
      let result = try ForecastStage(db: db, settings: settings, logger: TestDatabase.logger).run(horizon: 3, period: "month")
      #expect(result.periods == 24)
      let run = try #require(try db.execute("select history_start::text, history_end::text, season_period from analytics.forecast_run").first)
      #expect(run[0] == "2010-01-01")
      #expect(run[1] == "2011-12-01")  // January 2012 is partial
      #expect(run[2] == "12")
      #expect(try db.scalar(Int.self, "select count(distinct series) from analytics.forecast") == 4)  // total, gb, other, merchandise
      #expect(try db.scalar(Int.self, "select count(*) from analytics.forecast where series = 'total'") == 3)
      #expect(try db.scalar(String.self, "select min(period_start)::text from analytics.forecast") == "2012-01-01")
      // Countries and categories add up to the total in every period.
      let gaps = try db.scalar(
        Double.self,
        """
        select coalesce(max(abs(g.s - t.point)), 0) from analytics.forecast t
        join (select period_start, split_part(series, ':', 1) as grp, sum(point) as s from analytics.forecast
              where series <> 'total' group by 1, 2) g using (period_start)
        where t.series = 'total'
        """)
      #expect((gaps ?? 1) < 1e-6)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.forecast where lower_95 > lower_80 or lower_80 > point or point > upper_80 or upper_80 > upper_95") == 0)
      // One chosen model per series, and it is the one forecasting.
      #expect(try db.scalar(Int.self, "select count(*) from analytics.forecast_accuracy where chosen") == 4)
      // Four period models and the daily model, for each of the four series.
      #expect(try db.scalar(Int.self, "select count(distinct (series, model)) from analytics.forecast_accuracy") == 20)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.forecast_accuracy where model = 'daily ETS (weekly season)'") == 4)

      // The rest of January arrives: the earlier run's January rows get their actuals.
      let full = forecastFixture(through: 31)
      let laterJanuary = full.text.split(separator: "\n").filter { line in
        guard let range = line.range(of: "2012-01-") else { return false }
        return Int(line[range.upperBound...].prefix(2)) ?? 0 > 5
      }
      _ = try load(db, try writeTemporary(header + "\n" + laterJanuary.joined(separator: "\n") + "\n"))
      _ = try ForecastStage(db: db, settings: settings, logger: TestDatabase.logger).run(horizon: 3, period: "month")
      let actualTotal = try #require(try db.scalar(Double.self, "select actual from analytics.forecast where forecast_run_id = $1 and series = 'total' and period_start = '2012-01-01'", [result.runID]))
      #expect(abs(actualTotal - full.januaryRevenue.values.reduce(0, +)) < 0.01)
      let actualGB = try #require(try db.scalar(Double.self, "select actual from analytics.forecast where forecast_run_id = $1 and series = 'country:gb' and period_start = '2012-01-01'", [result.runID]))
      #expect(abs(actualGB - (full.januaryRevenue["United Kingdom"] ?? 0)) < 0.01)
      // Every line is the one merchandise product: the category's actual is the total.
      let actualMerchandise = try #require(try db.scalar(Double.self, "select actual from analytics.forecast where forecast_run_id = $1 and series = 'category:merchandise' and period_start = '2012-01-01'", [result.runID]))
      #expect(abs(actualMerchandise - full.januaryRevenue.values.reduce(0, +)) < 0.01)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.forecast where forecast_run_id = $1 and period_start > '2012-01-01' and actual is not null", [result.runID]) == 0)
    }
  }
}

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct TradingDayForecastTests {
  /// A shop that sells 100 a day except on Saturdays and UK bank holidays: with the holiday
  /// calendar, each future month's forecast is 100 times its trading days.
  @Test func holidaysAndClosedWeekdaysShapeTheForecast() throws {
    let settings = try projectSettings()
    #expect(settings.forecast.holidays == "gb")
    #expect(settings.forecast.holidayDates.contains("2012-01-02"))
    var lines = [header]
    var day = DateComponents(calendar: Calendar(identifier: .gregorian), year: 2010, month: 1, day: 1).date!
    // Through 30 November 2011 (a period counts only when the data reach its last calendar day).
    let end = DateComponents(calendar: Calendar(identifier: .gregorian), year: 2011, month: 12, day: 1).date!
    let format = DateFormatter()
    format.dateFormat = "yyyy-MM-dd"
    format.timeZone = TimeZone(identifier: "UTC")
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    var invoice = 900_000
    while day < end {
      let text = format.string(from: day)
      if calendar.component(.weekday, from: day) != 7 && !settings.forecast.holidayDates.contains(text) {
        invoice += 1
        lines.append("\(invoice),22139,TEA SET,1,\(text) 10:00:00,100,12345,United Kingdom")
      }
      day = calendar.date(byAdding: .day, value: 1, to: day)!
    }
    try TestDatabase.with { db, _ in
      _ = try load(db, try writeTemporary(lines.joined(separator: "\n") + "\n"))
      _ = try ForecastStage(db: db, settings: settings, logger: TestDatabase.logger).run(horizon: 3, period: "month")
      #expect(try db.scalar(String.self, "select closed_weekdays from analytics.forecast_run") == "6")
      let rows = try db.execute("select period_start::text, trading_days, point from analytics.forecast where series = 'total' order by 1")
      // December 2011: 31 days, 5 Saturdays, Christmas and Boxing Day substitutes (26th, 27th);
      // January 2012: 31 - 4 Saturdays - the New Year substitute on the 2nd; February: 29 - 4.
      #expect(rows.rows.map { $0[0] } == ["2011-12-01", "2012-01-01", "2012-02-01"])
      #expect(rows.rows.map { $0[1] } == ["24", "26", "25"])
      for row in rows.all {
        let days = Double(try row.decode(Int.self, "trading_days"))
        #expect(abs(try row.decode(Double.self, "point") - 100 * days) < 1e-6, "\(row[0] ?? "")")
      }
    }
  }
}

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct WeeklyForecastTests {
  @Test func weeklyForecastsUseCompleteWeeks() throws {
    try TestDatabase.with { db, _ in
      _ = try load(db, try writeTemporary(forecastFixture().text))
      let result = try ForecastStage(db: db, settings: try projectSettings(), logger: TestDatabase.logger).run(horizon: 2, period: "week")
      let run = try #require(try db.execute("select history_start::text, history_end::text, season_period from analytics.forecast_run").first)
      #expect(run[2] == "52")
      // ISO weeks start on Monday: the first complete week starts on or after 2010-01-01 (a Friday).
      #expect(run[0] == "2010-01-04")
      #expect(result.periods > 100)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.forecast where series = 'total'") == 2)
      #expect(try db.scalar(Int.self, "select count(distinct extract(isodow from period_start)) from analytics.forecast") == 1)
    }
  }
}

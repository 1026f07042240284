import Analytics
import Foundation
import Logging
import PostgresClient

/// Forecasts sales revenue for the total, the top countries (the rest as one series) and the
/// product categories; picks each series' model by rolling-origin backtest (MASE), and
/// reconciles countries and categories proportionally to the total so stacked charts match it.
public struct ForecastStage {
  public let db: Connection
  public let settings: Settings
  public let logger: Logger
  /// Closed weekdays, read once per run.
  private let closedWeekdaysCache = Cache()
  private final class Cache { var value: [Int]? }

  public init(db: Connection, settings: Settings, logger: Logger) {
    self.db = db
    self.settings = settings
    self.logger = logger
  }

  public struct Result: Sendable {
    public var runID: Int
    public var periods: Int
    public var series: Int
    /// Next-period total forecast and the model that made it.
    public var nextTotal: Double
    public var totalModel: String
  }

  struct Series {
    var name: String
    var values: [Double]
  }

  /// The methods compared for every series, simplest first.
  static let methods: [ForecastMethod] = [.naive, .seasonalNaive, .linearTrend, .etsAuto]

  /// Runs in one transaction. `horizon` and `period` override the config.
  public func run(horizon requestedHorizon: Int? = nil, period requestedPeriod: String? = nil) throws -> Result {
    let period = requestedPeriod ?? settings.forecast.period
    let horizon = requestedHorizon ?? settings.forecast.horizon
    guard ["month", "week"].contains(period) else { throw PipelineError("--period must be month or week") }
    guard horizon >= 1 else { throw PipelineError("--horizon must be at least 1") }
    let seasonPeriod = period == "month" ? 12 : 52
    let step = period == "month" ? "1 month" : "1 week"

    return try db.transaction {
      try db.turnOffJIT()
      // The sales summed per day, country and category, in one pass over the sales lines (a
      // parallel hash aggregation; a few thousand rows): every query of the stage reads these cells
      // instead of the lines (four scans of them took 3.6 s at 10x the UCI size). A sale's day is its
      // timestamp's date, so "invoiced_at < a date" is "day < that date", and numeric sums are exact:
      // the figures are those the lines give.
      try db.execute(
        """
        create temp table forecast_cell on commit drop as
        select f.invoiced_at::date as day, f.country_key, p.category, sum(f.revenue) as revenue
        from core.fact_sales f join core.dim_product p using (product_key)
        group by 1, 2, 3
        """)
      // Complete periods only: the first starts on or after the first day of data, the last
      // ends on or before the last day.
      guard
        let bounds = try db.execute(
          """
          with d as (select min(day) as lo, max(day) as hi from forecast_cell)
          select
            (case when date_trunc($1, lo)::date = lo then lo else (date_trunc($1, lo) + $2::interval)::date end)::text as first_start,
            (case when (date_trunc($1, hi) + $2::interval)::date - 1 = hi then date_trunc($1, hi)::date
                  else (date_trunc($1, hi) - $2::interval)::date end)::text as last_start
          from d where lo is not null
          """, [period, step]
        ).first
      else { throw PipelineError("there are no sales in core.fact_sales: ingest data first") }
      let first = try bounds.decode(String.self, "first_start"), last = try bounds.decode(String.self, "last_start")
      let periods = try db.execute(
        "select p::date::text from generate_series($1::date, $2::date, $3::interval) p", [first, last, step]
      ).rows.compactMap { $0[0] }
      let minimum = settings.forecast.minimumTraining
      guard periods.count >= minimum + 1 else {
        throw PipelineError("only \(periods.count) complete \(period)s of history; forecasting needs at least \(minimum + 1)")
      }
      // Daily models need the daily values and the calendar of the history and the horizon; for
      // monthly forecasts the period series are the sums of the same daily values (one scan).
      let inputsStarted = Date()
      let daily = try dailyModelInputs(first: first, periods: periods.count, horizon: horizon, step: step, period: period)
      logger.debug("Daily model inputs read", metadata: ["duration.ms": "\(Int(Date().timeIntervalSince(inputsStarted) * 1000))"])
      // The total first, then countries and categories by name.
      var all = daily.values.keys.sorted { ($0 == "total" ? "" : $0) < ($1 == "total" ? "" : $1) }.map { name in
        var totals = [Double](repeating: 0, count: periods.count)
        for (i, value) in (daily.values[name] ?? []).enumerated() where daily.model.days[i].period < periods.count {
          totals[daily.model.days[i].period] += value
        }
        return Series(name: name, values: totals)
      }

      // With a holiday calendar, model revenue per trading day: a period's total then follows the
      // number of days the shop can sell in it (Christmas, Easter, bank holidays, closed weekdays).
      var tradingDays: [Int]?
      var closedWeekdays: [Int] = []
      if settings.forecast.holidays != nil {
        let calendar = try self.tradingDays(first: first, periods: periods.count + horizon, step: step)
        tradingDays = calendar.days
        closedWeekdays = calendar.closed
        for i in all.indices {
          all[i].values = zip(all[i].values, calendar.days).map { value, days in days > 0 ? value / Double(days) : 0 }
        }
      }

      let runID =
        try db.scalar(
          Int.self,
          """
          insert into analytics.forecast_run (period, horizon, season_period, history_start, history_end, reconciliation,
            holidays, closed_weekdays)
          values ($1, $2, $3, $4::date, $5::date, 'proportional to the total', $6, $7) returning forecast_run_id
          """,
          [
            period, horizon, seasonPeriod, first, last, settings.forecast.holidays,
            tradingDays == nil ? nil : closedWeekdays.map(String.init).joined(separator: ","),
          ]) ?? 0

      // Backtest every series and forecast with its winner.
      var forecasts: [String: (model: String, result: ForecastResult)] = [:]
      let backtestHorizon = min(horizon, periods.count - minimum)
      for series in all {
        let seriesStarted = Date()
        defer {
          logger.debug(
            "Series forecast", metadata: ["series": "\(series.name)", "duration.ms": "\(Int(Date().timeIntervalSince(seriesStarted) * 1000))"])
        }
        let backtest = RollingOriginBacktest(
          horizon: backtestHorizon, minimumTrainingLength: minimum, seasonPeriod: seasonPeriod, methods: Self.methods)
        let report = try backtest.run(series.values)
        var winner = report.winner ?? .naive

        // The daily model joins the comparison on the same origins and the same per-period scale.
        var dailySummary: BacktestMethodSummary?
        if daily.model.seasonPeriod > 1, let values = daily.values[series.name] {
          func perPeriod(_ result: ForecastResult, _ origin: Int) -> ForecastResult {
            guard let tradingDays else { return result }
            let d = (origin..<(origin + result.point.count)).map { Double(max(tradingDays[$0], 1)) }
            return ForecastResult(
              point: zip(result.point, d).map(/), lower80: zip(result.lower80, d).map(/),
              upper80: zip(result.upper80, d).map(/), lower95: zip(result.lower95, d).map(/),
              upper95: zip(result.upper95, d).map(/))
          }
          var records: [BacktestOrigin] = []
          var failures = 0
          for origin in report.origins {
            guard let result = try? daily.model.forecast(daily: values, origin: origin, horizon: backtestHorizon) else {
              failures += 1
              continue
            }
            records.append(
              BacktestOrigin(
                origin: origin, forecast: perPeriod(result, origin),
                actual: Array(series.values[origin..<(origin + backtestHorizon)]),
                maseScale: ForecastAccuracy.maseScale(training: Array(series.values[0..<origin]), seasonPeriod: seasonPeriod)))
          }
          let summary = RollingOriginBacktest.summarize(method: .etsAuto, records: records, failures: failures)
          dailySummary = summary
          let best = report.winner.flatMap { report.summary(for: $0) }
          if summary.isEligible, summary.mase.isFinite, summary.mase < (best?.mase ?? .infinity) * (1 - 1e-9) {
            winner = .etsAuto
            var result = try daily.model.forecast(daily: values, origin: periods.count, horizon: horizon)
            result = perPeriod(result, periods.count)
            try insertAccuracy(runID: runID, series: series.name, summaries: report.methods, chosen: nil, daily: summary, dailyChosen: true)
            forecasts[series.name] = (DailyForecaster.name, Self.toTotals(result, tradingDays, from: periods.count))
            continue
          }
        }
        try insertAccuracy(runID: runID, series: series.name, summaries: report.methods, chosen: winner, daily: dailySummary, dailyChosen: false)
        var name = winner.description
        if winner == .etsAuto, let model = try? ETSModel.fit(series.values, seasonPeriod: seasonPeriod) {
          name = model.spec.description
        }
        let result = try winner.forecast(series.values, seasonPeriod: seasonPeriod, horizon: horizon).clampedNonNegative()
        forecasts[series.name] = (name, Self.toTotals(result, tradingDays, from: periods.count))
      }

      // Proportional reconciliation: each group's points (and bounds) are scaled so the group
      // sums to the total's forecast in every period.
      guard let total = forecasts["total"] else { throw PipelineError("no total series") }
      var rows = 0
      for series in all {
        guard let (model, base) = forecasts[series.name] else { continue }
        let group = series.name.split(separator: ":").first.map(String.init) ?? "total"
        let members = all.filter { $0.name.hasPrefix(group + ":") }.compactMap { forecasts[$0.name]?.result }
        for h in 0..<horizon {
          var factor = 1.0
          if group != "total" {
            let sum = members.reduce(0) { $0 + $1.point[h] }
            factor = sum > 0 ? total.result.point[h] / sum : 0
          }
          try db.execute(
            """
            insert into analytics.forecast (forecast_run_id, series, period_start, model, point, lower_80, upper_80,
              lower_95, upper_95, base_point, trading_days)
            values ($1, $2, ($3::date + $4::int * $5::interval)::date, $6, $7, $8, $9, $10, $11, $12, $13)
            """,
            [
              runID, series.name, last, h + 1, step, model, base.point[h] * factor, base.lower80[h] * factor,
              base.upper80[h] * factor, base.lower95[h] * factor, base.upper95[h] * factor, base.point[h],
              tradingDays.map { $0[periods.count + h] },
            ])
          rows += 1
        }
      }
      try fillActuals(period: period)
      logger.info("Forecast written", metadata: ["forecast.run": "\(runID)", "series": "\(all.count)", "rows": "\(rows)"])
      return Result(
        runID: runID, periods: periods.count, series: all.count, nextTotal: total.result.point[0], totalModel: total.model)
    }
  }

  /// Back from per-trading-day revenue to period totals (unchanged without a holiday calendar).
  static func toTotals(_ result: ForecastResult, _ tradingDays: [Int]?, from start: Int) -> ForecastResult {
    guard let tradingDays else { return result }
    let days = (start..<(start + result.point.count)).map { Double(tradingDays[$0]) }
    return ForecastResult(
      point: zip(result.point, days).map(*), lower80: zip(result.lower80, days).map(*),
      upper80: zip(result.upper80, days).map(*), lower95: zip(result.lower95, days).map(*),
      upper95: zip(result.upper95, days).map(*))
  }

  private func insertAccuracy(
    runID: Int, series: String, summaries: [BacktestMethodSummary], chosen: ForecastMethod?,
    daily: BacktestMethodSummary?, dailyChosen: Bool
  ) throws {
    var rows = summaries.map { ($0.method.description, $0, $0.method == chosen) }
    if let daily { rows.append((DailyForecaster.name, daily, dailyChosen)) }
    for (name, summary, isChosen) in rows {
      try db.execute(
        """
        insert into analytics.forecast_accuracy (forecast_run_id, series, model, mae, smape, mase, origins, failures, chosen)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """,
        [
          runID, series, name, finiteOrNil(summary.mae), finiteOrNil(summary.smape), finiteOrNil(summary.mase),
          summary.origins.count, summary.failures, isChosen,
        ])
    }
  }

  /// Daily revenue per series over the history, and the calendar (history and horizon) the daily
  /// models use; nil when the shop sells on one weekday only (no weekly pattern to model).
  private func dailyModelInputs(first: String, periods: Int, horizon: Int, step: String, period: String) throws
    -> (model: DailyForecaster, values: [String: [Double]])
  {
    let holidays = "{" + settings.forecast.holidayDates.sorted().joined(separator: ",") + "}"
    let closed = "{" + (try closedWeekdays()).map(String.init).joined(separator: ",") + "}"
    let calendar = try db.execute(
      """
      select day::date::text as day, extract(isodow from day)::int as weekday,
        case when $6 = 'week' then (day::date - $1::date) / 7
          else (extract(year from day) - extract(year from $1::date)) * 12 + extract(month from day) - extract(month from $1::date)
        end::int as period,
        not extract(isodow from day)::int = any($5::int[]) as open,
        day::date::text = any($4::text[]) as holiday
      from generate_series($1::date, $1::date + ($2::int * $3::interval) - interval '1 day', interval '1 day') day
      order by day
      """, [first, periods + horizon, step, holidays, closed, period])
    var days: [DailyForecaster.Day] = []
    var index: [String: Int] = [:]
    for row in calendar.all {
      index[try row.decode(String.self, "day")] = days.count
      days.append(
        DailyForecaster.Day(
          period: try row.decode(Int.self, "period"), weekday: try row.decode(Int.self, "weekday"),
          isOpen: try row.decode(Bool.self, "open"), isHoliday: try row.decode(Bool.self, "holiday")))
    }
    let openWeekdays = Set(days.filter(\.isOpen).map(\.weekday)).count
    // The first day after the history (the start of the first forecast period).
    let historyEnd = calendar.rows[days.firstIndex { $0.period == periods } ?? days.count - 1][0] ?? first
    let rows = try db.execute(
      """
      -- The top countries and the three kinds of series, summed from the day cells. (Joining and
      -- buffering every sales line for the three groupings took 8.6 s at 10x the UCI size.)
      with top as (
        select country_key from forecast_cell group by country_key order by sum(revenue) desc limit $3
      ), lines as (
        select s.day::text as day, s.revenue,
          case when t.country_key is null then 'other' else lower(c.iso_code) end as country, s.category
        from forecast_cell s
        join core.dim_country c using (country_key)
        left join top t using (country_key)
        where s.day >= $1::date and s.day < $2::date
      )
      select 'total' as series, day, sum(revenue)::float8 as revenue from lines group by day
      union all
      select 'country:' || country, day, sum(revenue)::float8 from lines group by country, day
      union all
      select 'category:' || category, day, sum(revenue)::float8 from lines group by category, day
      """, [first, historyEnd, settings.forecast.topCountries])
    var values: [String: [Double]] = [:]
    for row in rows.all {
      guard let i = index[try row.decode(String.self, "day")] else { continue }
      values[try row.decode(String.self, "series"), default: [Double](repeating: 0, count: days.count)][i] =
        try row.decode(Double.self, "revenue")
    }
    return (DailyForecaster(days: days, seasonPeriod: openWeekdays), values)
  }

  /// ISO weekdays on which the shop never sells (under 0.5% of revenue), from the day cells.
  func closedWeekdays() throws -> [Int] {
    if let cached = closedWeekdaysCache.value { return cached }
    let closed = try db.execute(
      """
      with by_day as (
        select extract(isodow from day)::int as d, sum(revenue) as revenue from forecast_cell group by 1
      )
      select w.d from generate_series(1, 7) w(d) left join by_day b using (d)
      where coalesce(b.revenue, 0) < 0.005 * (select sum(revenue) from by_day)
      order by w.d
      """
    ).rows.compactMap { $0[0].flatMap { Int($0) } }
    closedWeekdaysCache.value = closed
    return closed
  }

  /// Trading days of `periods` consecutive periods from `first`: days that are not holidays and
  /// not weekdays on which the shop never sells (under 0.5% of revenue in the data).
  func tradingDays(first: String, periods: Int, step: String) throws -> (days: [Int], closed: [Int]) {
    let holidays = "{" + settings.forecast.holidayDates.sorted().joined(separator: ",") + "}"
    let closed = try closedWeekdays()
    let days = try db.execute(
      """
      select p, count(*) filter (
          where not extract(isodow from day)::int = any($4::int[]) and not day::date::text = any($5::text[])
        ) as trading_days
      from generate_series($1::date, $1::date + ($2::int - 1) * $3::interval, $3::interval) p,
        generate_series(p, p + $3::interval - interval '1 day', interval '1 day') day
      group by p order by p
      """, [first, periods, step, "{" + closed.map(String.init).joined(separator: ",") + "}", holidays]
    ).rows.compactMap { $0[1].flatMap { Int($0) } }
    return (days, closed)
  }

  /// Records actual revenue for forecast periods that are now complete in the data.
  private func fillActuals(period: String) throws {
    try db.execute(
      """
      with due as (
        select f.forecast_run_id, f.series, f.period_start,
          f.period_start + ('1 ' || r.period)::interval as period_end
        from analytics.forecast f join analytics.forecast_run r using (forecast_run_id)
        where f.actual is null and f.series <> 'country:other'
          and f.period_start + ('1 ' || r.period)::interval <= (select max(day) + 1 from forecast_cell)
      ), actuals as (
        select d.forecast_run_id, d.series, d.period_start, coalesce((
          select sum(s.revenue)::float8 from forecast_cell s join core.dim_country c using (country_key)
          where s.day >= d.period_start and s.day < d.period_end
            and (d.series = 'total' or d.series = 'country:' || lower(c.iso_code) or d.series = 'category:' || s.category)
        ), 0) as revenue
        from due d
      )
      update analytics.forecast f set actual = a.revenue
      from actuals a
      where f.forecast_run_id = a.forecast_run_id and f.series = a.series and f.period_start = a.period_start
      """)
  }
}

private func finiteOrNil(_ v: Double) -> Double? { v.isFinite ? v : nil }

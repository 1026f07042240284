import Analytics
import Foundation
import Logging
import PostgresClient

/// Fits BG/NBD and Gamma-Gamma on the customers' purchase histories and writes P(alive),
/// expected purchases, expected spend, discounted CLV (with intervals), churn risk and the
/// simple historical CLV to `analytics.customer_value`; the fits go to `analytics.model_run`.
///
/// A purchase is a customer-day with sales (several invoices on one day are one transaction,
/// the convention of Fader, Hardie & Lee); spend is the day's sales revenue. With a holdout,
/// the models are fitted on data up to `calibration_end` and the purchases of the following
/// days are compared with the predictions.
public struct CLVStage {
  public let db: Connection
  public let settings: Settings
  public let logger: Logger

  public init(db: Connection, settings: Settings, logger: Logger) {
    self.db = db
    self.settings = settings
    self.logger = logger
  }

  public struct Result: Sendable {
    public var modelRunID: Int
    public var spendModelRunID: Int?
    public var customers: Int
    public var parameters: BGNBDParameters
    public var spend: GammaGammaParameters?
    public var holdoutMeanAbsoluteError: Double?
  }

  struct Summary {
    var customerKey: Int
    var customerID: String
    var firstDay: Int
    var lastDay: Int
    var repeats: Int
    var repeatAmount: Double
    var totalAmount: Double
    var orders: Int
    var holdoutPurchases: Int

    var history: History { History(repeats: repeats, firstDay: firstDay, lastDay: lastDay) }
  }

  /// Runs in one transaction.
  public func run(asOf requested: String?, holdoutDays: Int?) throws -> Result {
    try db.transaction {
      try db.turnOffJIT()
      let end = try requested ?? CustomerActivity.defaultAsOf(db)  // exclusive
      let holdout = holdoutDays ?? 0
      guard holdout >= 0 else { throw PipelineError("--holdout-days must not be negative") }
      let window = try db.execute(
        """
        select ($1::date - $2::int)::text as calibration_end_excl, ($1::date - $2::int - 1)::text as calibration_end,
          ($1::date - 1)::text as holdout_end, ($1::date - $2::int)::date - date '2000-01-01' as end_day,
          (select min(invoiced_at)::date::text from core.fact_sales where customer_key <> 0) as data_start
        """, [end, holdout]
      ).first!
      let calibrationEndExclusive = try window.decode(String.self, "calibration_end_excl")
      let endDay = try window.decode(Int.self, "end_day")  // days since 2000-01-01, exclusive end
      let summaries = try readSummaries(calibrationEnd: calibrationEndExclusive, end: end)
      guard !summaries.isEmpty else { throw PipelineError("no customer purchases before \(calibrationEndExclusive)") }

      let unit = Double(settings.clv.timeUnitDays)
      // T counts from the first purchase day to the end of the calibration period (its last day
      // included, as lifetimes' observation_period_end does).
      func age(_ s: History) -> Double { Double(endDay - 1 - s.firstDay) / unit }
      func recency(_ s: History) -> Double { Double(s.lastDay - s.firstDay) / unit }
      let fitRows = summaries.map(\.history).filter { age($0) > 0 }

      let started = Date()
      let data = try BGNBDData(
        frequency: fitRows.map(\.repeats), recency: fitRows.map(recency), age: fitRows.map(age))
      let fit = try BGNBDModel.fit(data)
      let fitMs = Int(Date().timeIntervalSince(started) * 1000)
      let model = fit.model

      let repeaters = summaries.filter { $0.repeats > 0 && $0.repeatAmount > 0 }
      var spendFit: GammaGammaFitResult?
      var spendMs = 0
      if repeaters.count >= 10 {
        let spendStart = Date()
        spendFit = try GammaGammaModel.fit(
          GammaGammaData(
            frequency: repeaters.map(\.repeats), averageSpend: repeaters.map { $0.repeatAmount / Double($0.repeats) }))
        spendMs = Int(Date().timeIntervalSince(spendStart) * 1000)
      }

      // Holdout predictions and errors.
      let holdoutUnits = Double(holdout) / unit
      var holdoutMetrics: String?
      var mae: Double?
      if holdout > 0 {
        var absError = 0.0, squared = 0.0, predictedTotal = 0.0, actualTotal = 0
        for s in summaries {
          let predicted = model.conditionalExpectedPurchases(holdoutUnits, frequency: s.repeats, recency: recency(s.history), age: age(s.history))
          absError += abs(predicted - Double(s.holdoutPurchases))
          squared += pow(predicted - Double(s.holdoutPurchases), 2)
          predictedTotal += predicted
          actualTotal += s.holdoutPurchases
        }
        let n = Double(summaries.count)
        mae = absError / n
        holdoutMetrics = json([
          "holdout_days": Double(holdout), "customers": n, "mae": absError / n, "rmse": (squared / n).squareRoot(),
          "predicted_total": predictedTotal, "actual_total": Double(actualTotal),
        ])
      }

      let covarianceNames = BGNBDParameters.names
      let runID =
        try db.scalar(
          Int.self,
          """
          insert into analytics.model_run (model, parameters, standard_errors, log_likelihood, customers, iterations,
            attempts, converged, fit_ms, time_unit_days, data_start, calibration_end, holdout_end, holdout_metrics)
          values ('bg_nbd', $1::jsonb, $2::jsonb, $3, $4, $5, $6, true, $7, $8, $9::date, $10::date, $11::date, $12::jsonb)
          returning model_run_id
          """,
          [
            json(Dictionary(uniqueKeysWithValues: zip(covarianceNames, model.parameters.values))),
            fit.covariance.map { json(Dictionary(uniqueKeysWithValues: zip(covarianceNames, $0.standardErrors))) },
            fit.logLikelihood, fitRows.count, fit.report.attempts.last?.result.iterations ?? 0,
            fit.report.attempts.count, fitMs, settings.clv.timeUnitDays,
            try window.decode(String?.self, "data_start"), try window.decode(String.self, "calibration_end"),
            holdout > 0 ? try window.decode(String.self, "holdout_end") : nil, holdoutMetrics,
          ]) ?? 0
      var spendRunID: Int?
      if let spendFit {
        spendRunID = try db.scalar(
          Int.self,
          """
          insert into analytics.model_run (model, parameters, standard_errors, log_likelihood, customers, iterations,
            attempts, converged, fit_ms, time_unit_days, data_start, calibration_end)
          values ('gamma_gamma', $1::jsonb, $2::jsonb, $3, $4, $5, $6, true, $7, $8, $9::date, $10::date)
          returning model_run_id
          """,
          [
            json(Dictionary(uniqueKeysWithValues: zip(GammaGammaParameters.names, spendFit.model.parameters.values))),
            spendFit.covariance.map { json(Dictionary(uniqueKeysWithValues: zip(GammaGammaParameters.names, $0.standardErrors))) },
            spendFit.logLikelihood, repeaters.count, spendFit.report.attempts.last?.result.iterations ?? 0,
            spendFit.report.attempts.count, spendMs, settings.clv.timeUnitDays,
            try window.decode(String?.self, "data_start"), try window.decode(String.self, "calibration_end"),
          ])
      }

      try writeCustomerValues(
        runID: runID, summaries: summaries, fit: fit, spendFit: spendFit, recency: recency, age: age,
        holdoutUnits: holdout > 0 ? holdoutUnits : nil, endDay: endDay)
      logger.info(
        "CLV models fitted",
        metadata: [
          "model.run": "\(runID)", "customers": "\(summaries.count)", "bgnbd.ll": "\(fit.logLikelihood)",
          "fit.ms": "\(fitMs)",
        ])
      return Result(
        modelRunID: runID, spendModelRunID: spendRunID, customers: summaries.count, parameters: model.parameters,
        spend: spendFit?.model.parameters, holdoutMeanAbsoluteError: mae)
    }
  }

  /// Purchase-day summaries per customer (natural id), set-based in PostgreSQL.
  private func readSummaries(calibrationEnd: String, end: String) throws -> [Summary] {
    try db.withInvoiceAggregationInParallel {
      try db.execute(
        """
        -- The sales lines are first summed per customer version, invoice and day (a hash aggregation,
        -- about one row per invoice); the distinct counts and the join to the customers then work on
        -- those rows instead of sorting every line.
        with invoices as (
          select f.customer_key, f.invoice_no, f.invoiced_at::date as day, sum(f.revenue) as amount
          from core.fact_sales f
          where f.customer_key <> 0 and f.invoiced_at < $1::date
          group by 1, 2, 3
        ), days as (
          select d.customer_id, i.day, sum(i.amount) as amount, count(distinct i.invoice_no) as orders
          from invoices i join core.dim_customer d using (customer_key)
          group by d.customer_id, i.day
        ), numbered as (
          select *, row_number() over (partition by customer_id order by day) as n from days
        ), holdout_days as (
          select f.customer_key, f.invoiced_at::date as day
          from core.fact_sales f
          where f.customer_key <> 0 and f.invoiced_at >= $1::date and f.invoiced_at < $2::date
          group by 1, 2
        ), holdout as (
          select d.customer_id, count(distinct h.day) as purchases
          from holdout_days h join core.dim_customer d using (customer_key)
          group by d.customer_id
        ), version as (
          select distinct on (customer_id) customer_id, customer_key
          from core.dim_customer where customer_id is not null and valid_from < $1::date
          order by customer_id, valid_from desc
        )
        select v.customer_key, s.customer_id, s.first_day, s.last_day, s.repeats, s.repeat_amount::float8,
          s.total_amount::float8, s.orders, coalesce(h.purchases, 0) as holdout_purchases
        from (
          select customer_id, min(day) - date '2000-01-01' as first_day, max(day) - date '2000-01-01' as last_day,
            count(*) - 1 as repeats, coalesce(sum(amount) filter (where n > 1), 0) as repeat_amount,
            sum(amount) as total_amount, sum(orders) as orders
          from numbered group by customer_id
        ) s
        join version v using (customer_id)
        left join holdout h using (customer_id)
        order by s.customer_id
        """, [calibrationEnd, end])
    }.all.map { r in
      Summary(
        customerKey: try r.decode(Int.self, "customer_key"), customerID: try r.decode(String.self, "customer_id"),
        firstDay: try r.decode(Int.self, "first_day"), lastDay: try r.decode(Int.self, "last_day"),
        repeats: try r.decode(Int.self, "repeats"), repeatAmount: try r.decode(Double.self, "repeat_amount"),
        totalAmount: try r.decode(Double.self, "total_amount"), orders: try r.decode(Int.self, "orders"),
        holdoutPurchases: try r.decode(Int.self, "holdout_purchases"))
    }
  }

  private func writeCustomerValues(
    runID: Int, summaries: [Summary], fit: BGNBDFitResult, spendFit: GammaGammaFitResult?,
    recency: (History) -> Double, age: (History) -> Double, holdoutUnits: Double?, endDay: Int
  ) throws {
    let clv = settings.clv
    let unitDays = Double(clv.timeUnitDays)
    let level = clv.intervalLevel
    let horizon = CustomerLifetimeValue.Horizon(
      months: clv.horizonMonths, monthlyDiscountRate: clv.monthlyDiscountRate, periodsPerMonth: 30.4375 / unitDays)
    let model = fit.model
    // Block-diagonal covariance of (r, α, a, b, p, q, γ): the two models are fitted separately.
    var jointCovariance: [[Double]]?
    if let a = fit.covariance?.matrix, let b = spendFit?.covariance?.matrix {
      var m = [[Double]](repeating: [Double](repeating: 0, count: 7), count: 7)
      for i in 0..<4 { for j in 0..<4 { m[i][j] = a[i][j] } }
      for i in 0..<3 { for j in 0..<3 { m[4 + i][4 + j] = b[i][j] } }
      jointCovariance = m
    }
    func text(_ v: Double?) -> String? { v.flatMap { $0.isFinite ? String($0) : nil } }
    // What the purchase model predicts depends on the history (x, t_x, T) only, which many customers
    // share (57,571 histories among 140,000 customers at 10x the UCI size): predicted once per
    // history, on every core.
    var histories: [History] = []
    let customerHistory: [Int] = {
      var index: [History: Int] = [:]
      return summaries.map { s in
        if let i = index[s.history] { return i }
        index[s.history] = histories.count
        histories.append(s.history)
        return histories.count - 1
      }
    }()
    let valueIntervals = jointCovariance != nil && spendFit != nil
    let predictions = parallelMap(histories[...]) { h in
      let x = h.repeats, tx = recency(h), t = age(h)
      func expected(_ days: Double) -> Double {
        model.conditionalExpectedPurchases(days / unitDays, frequency: x, recency: tx, age: t)
      }
      return HistoryPrediction(
        pAlive: model.probabilityAlive(frequency: x, recency: tx, age: t),
        expected30: expected(30), expected90: expected(90), expected365: expected(365),
        interval365: fit.conditionalExpectedPurchasesInterval(365 / unitDays, frequency: x, recency: tx, age: t, level: level),
        discounted: CustomerLifetimeValue.discountedPurchases(transactions: model, frequency: x, recency: tx, age: t, horizon: horizon),
        discountedGradient: valueIntervals
          ? CustomerLifetimeValue.discountedPurchasesGradient(transactions: model, frequency: x, recency: tx, age: t, horizon: horizon)
          : nil,
        holdout: holdoutUnits.map { model.conditionalExpectedPurchases($0, frequency: x, recency: tx, age: t) })
    }
    /// One customer's row of analytics.customer_value.
    func row(_ c: Int) -> [String?] {
      let s = summaries[c], h = predictions[customerHistory[c]]
      let x = s.repeats, tx = recency(s.history), t = age(s.history)
      let averageSpend = x > 0 && s.repeatAmount > 0 ? s.repeatAmount / Double(x) : nil
      var expectedSpend: Double?
      var value: Double?
      var valueInterval: ConfidenceInterval?
      if let spendFit {
        // Customers without repeat spend get the population mean spend (m_x is not defined for x = 0).
        expectedSpend = CustomerLifetimeValue.expectedSpend(spendFit.model, frequency: x, averageSpend: averageSpend)
        if let jointCovariance {
          let estimate = CustomerLifetimeValue.interval(
            discountedPurchases: h.discounted, gradient: h.discountedGradient, spend: spendFit.model,
            covariance: jointCovariance, frequency: x, averageSpend: averageSpend, level: level)
          value = estimate?.value
          valueInterval = estimate?.interval
        } else {
          value = (expectedSpend ?? 0) * h.discounted
        }
      }
      let churn = h.pAlive < clv.churnBands.highRiskBelow ? "high" : h.pAlive < clv.churnBands.mediumRiskBelow ? "medium" : "low"
      // Historical CLV: average order value x orders per month x margin x horizon.
      let observedMonths = max(Double(endDay - s.firstDay) / 30.4375, 1)
      let historical = (s.totalAmount / Double(max(s.orders, 1))) * (Double(s.orders) / observedMonths)
        * clv.margin * Double(clv.horizonMonths)
      return [
        String(runID), String(s.customerKey), s.customerID, String(x), String(tx * unitDays), String(t * unitDays),
        text(averageSpend), String(h.pAlive), String(h.expected30), String(h.expected90), String(h.expected365),
        text(h.interval365.map { max($0.lower, 0) }), text(h.interval365?.upper), text(expectedSpend), text(value),
        text(valueInterval.map { max($0.lower, 0) }), text(valueInterval?.upper), churn, String(historical),
        h.holdout.map { String($0) }, holdoutUnits == nil ? nil : String(s.holdoutPurchases),
      ]
    }
    try db.copyIn(
      """
      copy analytics.customer_value (model_run_id, customer_key, customer_id, repeat_purchases, recency_days,
        age_days, avg_repeat_value, p_alive, expected_purchases_30d, expected_purchases_90d, expected_purchases_365d,
        expected_purchases_365d_low, expected_purchases_365d_high, expected_avg_spend, clv, clv_low, clv_high,
        churn_risk, historical_clv, holdout_predicted, holdout_actual) from stdin
      """
    ) { out in
      // Formatted on every core too, a chunk at a time (memory holds one chunk of rows), and
      // written in the customers' order.
      for chunk in stride(from: 0, to: summaries.count, by: Self.rowChunk) {
        let rows = parallelMap(Array(chunk..<min(chunk + Self.rowChunk, summaries.count))[...], row)
        for values in rows { try out.row(values) }
      }
    }
  }

  /// A purchase history: repeat purchases and the first and last purchase days (days since 2000-01-01).
  struct History: Hashable {
    var repeats: Int
    var firstDay: Int
    var lastDay: Int
  }

  /// What BG/NBD predicts for one history, whatever the customer's spend.
  struct HistoryPrediction {
    var pAlive: Double
    var expected30: Double
    var expected90: Double
    var expected365: Double
    var interval365: ConfidenceInterval?
    /// Discounted expected purchases over the CLV horizon (CLV = spend x this) and its gradient.
    var discounted: Double
    var discountedGradient: [Double]?
    var holdout: Double?
  }

  /// Customers whose rows are computed together, in parallel.
  static let rowChunk = 8192
}

/// Compact JSON of a flat dictionary (keys sorted), for jsonb columns.
func json(_ values: [String: Double]) -> String {
  let body = values.keys.sorted().map { key in
    let v = values[key] ?? .nan
    return "\"\(key)\":\(v.isFinite ? String(v) : "null")"
  }
  return "{" + body.joined(separator: ",") + "}"
}

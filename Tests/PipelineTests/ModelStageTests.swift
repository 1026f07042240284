import Analytics
import Foundation
import Ingest
import Pipeline
import PostgresClient
import TestSupport
import Testing
import Warehouse

/// Ten customers built so every score is known: customer k has k invoices (frequency k), the
/// last one k days before the as-of date (recency k) and spends 10·k per invoice (monetary 10·k²).
/// With ten customers each quintile holds two: R = 6 − ⌈k/2⌉, F = M = ⌈k/2⌉.
func rfmFixture() -> String {
  var lines = [header]
  let calendar = Calendar(identifier: .gregorian)
  let asOf = DateComponents(calendar: calendar, timeZone: TimeZone(identifier: "UTC"), year: 2011, month: 3, day: 1).date!
  let formatter = DateFormatter()
  formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
  formatter.timeZone = TimeZone(identifier: "UTC")
  var invoice = 600_000
  for k in 1...10 {
    for j in 0..<k {
      let day = calendar.date(byAdding: .day, value: -(k + 3 * j), to: asOf)!
      invoice += 1
      lines.append("\(invoice),22139,TEA SET,1,\(formatter.string(from: day.addingTimeInterval(36_000))),\(10 * k),\(20_000 + k),United Kingdom")
    }
  }
  return lines.joined(separator: "\n") + "\n"
}

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct RFMStageTests {
  @Test func everyScoreAndSegmentIsAsComputedByHand() throws {
    try TestDatabase.with { db, _ in
      _ = try load(db, try writeTemporary(rfmFixture()))
      let result = try RFMStage(db: db, settings: try projectSettings(), logger: TestDatabase.logger).run(asOf: "2011-03-01")
      #expect(result.customers == 10)
      let rows = try db.execute(
        """
        select customer_id, recency_days, frequency, monetary::float8 as monetary, r_score, f_score, m_score, rfm_code, segment
        from analytics.rfm_snapshot where scheme = $1 order by customer_id
        """, ["classic"])
      #expect(rows.count == 10)
      let classic = [
        "New Customers", "New Customers", "Potential Loyalist", "Potential Loyalist", "Need Attention", "Need Attention",
        "At Risk", "At Risk", "Cannot Lose Them", "Cannot Lose Them",
      ]
      for (index, row) in rows.all.enumerated() {
        let k = index + 1
        let q = (k + 1) / 2
        #expect(try row.decode(String.self, "customer_id") == String(20_000 + k))
        #expect(try row.decode(Int.self, "recency_days") == k)
        #expect(try row.decode(Int.self, "frequency") == k)
        #expect(try row.decode(Double.self, "monetary") == Double(10 * k * k))
        #expect(try row.decode(Int.self, "r_score") == 6 - q)
        #expect(try row.decode(Int.self, "f_score") == q)
        #expect(try row.decode(Int.self, "m_score") == q)
        #expect(try row.decode(String.self, "rfm_code") == "\(6 - q)\(q)\(q)")
        #expect(try row.decode(String.self, "segment") == classic[index])
      }
      let four = try db.execute("select segment from analytics.rfm_snapshot where scheme = 'four_groups' order by customer_id")
        .rows.map { $0[0] ?? "" }
      #expect(four == Array(repeating: "New/Regular", count: 6) + Array(repeating: "Dormant", count: 4))
      // Cut points: recency score 5 covered 1-2 days, frequency score 5 covered 9-10 invoices.
      #expect(try db.scalar(String.self, "select min_value || '-' || max_value from analytics.rfm_cut_point where dimension = 'recency' and score = 5") == "1-2")
      #expect(try db.scalar(String.self, "select min_value || '-' || max_value from analytics.rfm_cut_point where dimension = 'frequency' and score = 5") == "9-10")

      // A rerun of the same date replaces the snapshot; another date adds one (history is kept).
      _ = try RFMStage(db: db, settings: try projectSettings(), logger: TestDatabase.logger).run(asOf: "2011-03-01")
      _ = try RFMStage(db: db, settings: try projectSettings(), logger: TestDatabase.logger).run(asOf: "2011-02-15")
      #expect(try db.scalar(Int.self, "select count(*) from analytics.rfm_snapshot where as_of = '2011-03-01'") == 20)
      #expect(try db.scalar(Int.self, "select count(distinct as_of) from analytics.rfm_snapshot") == 2)
    }
  }

  @Test func returnsBeyondPurchasesAndReturnOnlyCustomersAreKept() throws {
    try TestDatabase.with { db, _ in
      let text = rfmFixture()
        + "700001,22139,TEA SET,1,2011-02-20 10:00:00,10,30001,United Kingdom\n"
        + "C700002,22139,TEA SET,-3,2011-02-21 10:00:00,10,30001,United Kingdom\n"
        + "C700003,22139,TEA SET,-1,2011-02-22 10:00:00,10,30002,United Kingdom\n"
      _ = try load(db, try writeTemporary(text))
      _ = try RFMStage(db: db, settings: try projectSettings(), logger: TestDatabase.logger).run(asOf: "2011-03-01")
      let net = try #require(try db.execute("select monetary::text, has_purchases, frequency from analytics.rfm_snapshot where customer_id = '30001' and scheme = 'classic'").first)
      #expect(net[0] == "-20")
      #expect(net[1] == "t")
      let returnOnly = try #require(try db.execute("select monetary::text, has_purchases, frequency, m_score from analytics.rfm_snapshot where customer_id = '30002' and scheme = 'classic'").first)
      #expect(returnOnly[0] == "-10")
      #expect(returnOnly[1] == "f")
      #expect(returnOnly[2] == "0")
      #expect(try db.scalar(Int.self, "select count(*) from analytics.rfm_snapshot where scheme = 'classic'") == 12)
    }
  }
}

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct CLVStageTests {
  /// On the first 60,000 UCI lines (about two months) with a 14-day holdout.
  @Test func clvOnARealSliceWithHoldout() throws {
    let path = try uciSlice(lines: 60_001)
    try TestDatabase.with { db, _ in
      _ = try load(db, path)
      let settings = try projectSettings()
      let result = try CLVStage(db: db, settings: settings, logger: TestDatabase.logger).run(asOf: nil, holdoutDays: 14)
      #expect(result.parameters.r > 0 && result.parameters.alpha > 0)
      let runs = try db.execute("select model, converged, customers, holdout_metrics is not null as has_holdout from analytics.model_run order by model_run_id")
      #expect(runs.rows.map { $0[0] } == ["bg_nbd", "gamma_gamma"])
      #expect(runs.rows[0][3] == "t")

      // The summary built in SQL equals the Analytics module's own summariser on the same purchases.
      let calibrationEnd = try #require(try db.scalar(String.self, "select calibration_end::text from analytics.model_run where model = 'bg_nbd'"))
      let purchases = try db.execute(
        """
        select d.customer_id::int as id, f.invoiced_at::date - date '2000-01-01' as day, sum(f.revenue)::float8 as amount
        from core.fact_sales f join core.dim_customer d using (customer_key)
        where f.customer_key <> 0 and f.invoiced_at::date <= $1::date group by 1, 2
        """, [calibrationEnd])
      let records = try purchases.all.map {
        TransactionRecord(customerID: try $0.decode(Int.self, "id"), day: try $0.decode(Int.self, "day"), quantity: 1,
                          amount: try $0.decode(Double.self, "amount"))
      }
      let endDay = try #require(try db.scalar(Int.self, "select $1::date - date '2000-01-01'", [calibrationEnd]))
      let expected = CalibrationSummarizer.summarize(records, calibrationEnd: endDay, daysPerUnit: 1)
      let stored = try db.execute("select customer_id::int as id, repeat_purchases, recency_days, age_days from analytics.customer_value order by 1")
      #expect(stored.count == expected.count)
      for (row, history) in zip(stored.all, expected) {
        #expect(try row.decode(Int.self, "id") == history.customerID)
        #expect(try row.decode(Int.self, "repeat_purchases") == history.frequency)
        #expect(abs(try row.decode(Double.self, "recency_days") - history.recency) < 1e-9)
        #expect(abs(try row.decode(Double.self, "age_days") - history.age) < 1e-9)
      }

      // Predictions are coherent.
      #expect(try db.scalar(Int.self, "select count(*) from analytics.customer_value where p_alive < 0 or p_alive > 1") == 0)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.customer_value where not (expected_purchases_30d <= expected_purchases_90d and expected_purchases_90d <= expected_purchases_365d)") == 0)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.customer_value where expected_purchases_365d_low > expected_purchases_365d or expected_purchases_365d_high < expected_purchases_365d") == 0)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.customer_value where clv_low > clv or clv_high < clv or clv < 0") == 0)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.customer_value where clv is null") == 0)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.customer_value where churn_risk <> case when p_alive < 0.3 then 'high' when p_alive < 0.7 then 'medium' else 'low' end") == 0)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.customer_value where holdout_actual is null") == 0)
      // The holdout's actual purchases are the distinct purchase days after the calibration end.
      let actual = try db.scalar(
        Int.self,
        """
        select count(distinct (f.customer_key, f.invoiced_at::date)) from core.fact_sales f
        where f.customer_key <> 0 and f.invoiced_at::date > $1::date
          and exists (select 1 from core.dim_customer d join analytics.customer_value v using (customer_id) where d.customer_key = f.customer_key)
        """, [calibrationEnd])
      #expect(try db.scalar(Int.self, "select sum(holdout_actual)::int from analytics.customer_value") == actual)
      // Historical CLV of one customer, recomputed: AOV x orders per month x margin x 12.
      let check = try #require(try db.execute(
        """
        select v.historical_clv, sum(f.revenue)::float8 as revenue, count(distinct f.invoice_no) as orders,
          min(f.invoiced_at)::date - date '2000-01-01' as first_day, $1::date - date '2000-01-01' + 1 as end_day
        from analytics.customer_value v join core.dim_customer d on d.customer_id = v.customer_id join core.fact_sales f on f.customer_key = d.customer_key
        where f.invoiced_at::date <= $1::date
        group by v.customer_id, v.historical_clv order by v.customer_id limit 1
        """, [calibrationEnd]).first)
      let orders = Double(try check.decode(Int.self, "orders"))
      let months = max(Double(try check.decode(Int.self, "end_day") - check.decode(Int.self, "first_day")) / 30.4375, 1)
      let historical = try check.decode(Double.self, "revenue") / orders * (orders / months) * settings.clv.margin * 12
      #expect(abs(try check.decode(Double.self, "historical_clv") - historical) < 1e-6 * max(1, historical))
    }
  }

  @Test func clustersCoverEveryBuyerOnce() throws {
    let path = try uciSlice(lines: 30_001)
    try TestDatabase.with { db, _ in
      _ = try load(db, path)
      let settings = try projectSettings()
      let result = try ClusterStage(db: db, settings: settings, logger: TestDatabase.logger).run(asOf: nil)
      #expect((settings.clusters.kMin...settings.clusters.kMax).contains(result.k))
      let buyers = try db.scalar(Int.self, "select count(distinct d.customer_id) from core.fact_sales f join core.dim_customer d using (customer_key) where f.customer_key <> 0")
      #expect(result.customers == buyers)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.customer_cluster") == buyers)
      #expect(try db.scalar(Int.self, "select sum(customers)::int from analytics.cluster_profile") == buyers)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.cluster_profile") == result.k)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.cluster_profile where description = ''") == 0)
    }
  }

  /// The clusters stage of a run reads the customers' activity from the RFM snapshot the run has just
  /// written instead of summarising the sales lines again; the clusters must be the same.
  @Test func clustersFromTheRFMSnapshotAreTheSame() throws {
    let path = try uciSlice(lines: 30_001)
    try TestDatabase.with { db, _ in
      _ = try load(db, path)
      let settings = try projectSettings()
      let rfm = try RFMStage(db: db, settings: settings, logger: TestDatabase.logger).run(asOf: nil)
      let snapshot = try #require(rfm.snapshot)
      #expect(snapshot.asOf == rfm.asOf && snapshot.scheme == settings.schemes[0].name)
      let stage = ClusterStage(db: db, settings: settings, logger: TestDatabase.logger)
      let fromSales = try stage.run(asOf: nil)
      let fromSnapshot = try stage.run(asOf: nil, rfm: snapshot)
      #expect(fromSnapshot.customers == fromSales.customers)
      #expect(fromSnapshot.k == fromSales.k)
      #expect(fromSnapshot.silhouette == fromSales.silhouette)
      let differences = try db.scalar(
        Int.self,
        """
        select count(*) from (
          (select customer_key, customer_id, cluster from analytics.customer_cluster where model_run_id = $1
           except select customer_key, customer_id, cluster from analytics.customer_cluster where model_run_id = $2)
          union all
          (select customer_key, customer_id, cluster from analytics.customer_cluster where model_run_id = $2
           except select customer_key, customer_id, cluster from analytics.customer_cluster where model_run_id = $1)
        ) d
        """, [fromSales.modelRunID, fromSnapshot.modelRunID])
      #expect(differences == 0)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.customer_cluster where model_run_id = $1", [fromSnapshot.modelRunID]) == fromSales.customers)

      // It really reads the snapshot: a buyer taken out of it is missing from the clusters. A snapshot
      // for another date is not used.
      try db.execute(
        """
        delete from analytics.rfm_snapshot where as_of = $1::date and scheme = $2
          and customer_id = (select min(customer_id) from analytics.rfm_snapshot where as_of = $1::date and scheme = $2 and has_purchases)
        """, [snapshot.asOf, snapshot.scheme])
      #expect(try stage.run(asOf: nil, rfm: snapshot).customers == fromSales.customers - 1)
      let other = try RFMStage(db: db, settings: settings, logger: TestDatabase.logger).run(asOf: "2011-01-01")
      #expect(try stage.run(asOf: nil, rfm: other.snapshot).customers == fromSales.customers)
    }
  }
}

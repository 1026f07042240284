import Foundation
import Ingest
import Pipeline
import PostgresClient
import TestSupport
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct FullUCIModelTests {
  /// All models on the full UCI load: every customer with a known id gets exactly one RFM row per
  /// (as_of, scheme), and one customer_value row per buyer.
  @Test func modelsOnTheFullFile() throws {
    try TestDatabase.with { db, _ in
      _ = try load(db, TestDatabase.dataFile("online_retail.csv.gz"))
      let settings = try projectSettings()
      let rfm = try RFMStage(db: db, settings: settings, logger: TestDatabase.logger).run(asOf: nil)
      #expect(rfm.asOf == "2011-12-10")
      let known = try db.scalar(Int.self, "select count(distinct customer_id) from core.dim_customer where customer_id is not null")
      #expect(known == 4_372)
      for scheme in ["classic", "four_groups"] {
        let counts = try db.execute(
          "select count(*) as rows, count(distinct customer_id) as customers from analytics.rfm_snapshot where as_of = $1 and scheme = $2",
          [rfm.asOf, scheme]
        ).first
        #expect(counts?[0] == String(known ?? -1), "\(scheme)")
        #expect(counts?[1] == String(known ?? -1), "\(scheme)")
      }
      let clv = try CLVStage(db: db, settings: settings, logger: TestDatabase.logger).run(asOf: nil, holdoutDays: nil)
      let buyers = try db.scalar(Int.self, "select count(distinct d.customer_id) from core.fact_sales f join core.dim_customer d using (customer_key) where f.customer_key <> 0")
      #expect(clv.customers == buyers)
      #expect(try db.scalar(Int.self, "select count(*) from analytics.customer_value") == buyers)
    }
  }
}

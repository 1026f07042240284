import Foundation
import Ingest
import Pipeline
import PostgresClient
import TestSupport
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct CDNOWWarehouseTests {
  /// The whole path: the CDNOW sample through its source mapping (config/sources/cdnow.yml),
  /// into the star schema, and the CLV stage in calibration/holdout mode with the paper's setup
  /// (weeks, calibration 1997-01-01..1997-09-30) reproduces Fader, Hardie & Lee (2005).
  @Test func clvStageReproducesThePaperFromTheWarehouse() throws {
    let sources = try SourceMapping.loadAll(directory: projectConfigDirectory())
    let cdnow = try #require(sources.first { $0.name == "cdnow" })
    try TestDatabase.with { db, _ in
      let report = try BatchLoader(db: db, source: cdnow, logger: TestDatabase.logger)
        .ingest(path: TestDatabase.dataFile("CDNOW_sample.txt"))
      #expect(report.inputRows == 6_919)
      #expect(report.salesRows == 6_919)
      #expect(try db.scalar(Int.self, "select count(distinct customer_key) from core.fact_sales") == 2_357)
      // Revenue equals the file's dollar column.
      let dollars = try String(contentsOfFile: TestDatabase.dataFile("CDNOW_sample.txt"), encoding: .utf8)
        .split(whereSeparator: \.isNewline).compactMap { $0.split(whereSeparator: \.isWhitespace).last.flatMap { Decimal(string: String($0)) } }
        .reduce(Decimal(0), +)
      let revenue = try #require(try db.scalar(Decimal.self, "select sum(revenue) from core.fact_sales"))
      #expect(abs(NSDecimalNumber(decimal: revenue - dollars).doubleValue) < 0.01 * 6_919)

      var settings = try projectSettings()
      settings.clv.timeUnitDays = 7
      // As of 1998-07-01 with 273 days held out: calibration ends 1997-09-30.
      let result = try CLVStage(db: db, settings: settings, logger: TestDatabase.logger).run(asOf: "1998-07-01", holdoutDays: 273)
      #expect(result.customers == 2_357)
      let p = result.parameters
      func close(_ value: Double, _ published: Double, _ tolerance: Double) -> Bool { abs(value / published - 1) < tolerance }
      #expect(close(p.r, 0.243, 0.01), "r = \(p.r)")
      #expect(close(p.alpha, 4.414, 0.01), "alpha = \(p.alpha)")
      #expect(close(p.a, 0.793, 0.01), "a = \(p.a)")
      #expect(close(p.b, 2.426, 0.01), "b = \(p.b)")
      let ll = try #require(try db.scalar(Double.self, "select log_likelihood from analytics.model_run where model = 'bg_nbd'"))
      #expect(close(ll, -9582.4, 0.01), "LL = \(ll)")
      let g = try #require(result.spend)
      #expect(close(g.p, 6.25, 0.02) && close(g.q, 3.74, 0.02) && close(g.gamma, 15.44, 0.02), "\(g)")
      #expect(try db.scalar(String.self, "select calibration_end::text from analytics.model_run where model = 'bg_nbd'") == "1997-09-30")
      #expect(try db.scalar(Int.self, "select sum(holdout_actual)::int from analytics.customer_value") ?? 0 > 0)
    }
  }
}

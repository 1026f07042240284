import Foundation
import Ingest
import Pipeline
import PostgresClient
import TestSupport
import Testing
import Warehouse

/// Sale and return lines of a UCI-layout CSV, parsed and classified by the test itself (a naive
/// quoted split and the F1 rules written out), to check the insights independently.
struct RawLines {
  struct Line { var invoice, code, country: String; var quantity, price: Decimal; var isReturn: Bool }
  var sales: [Line] = []
  var returns: [Line] = []
  static let charges: Set<String> = ["D", "BANK CHARGES", "AMAZONFEE", "CRUK", "S", "B"]
  static let nonMerchandise: Set<String> = ["POST", "DOT", "C2", "M", "PADS"]

  init(path: String) throws {
    var seen = Set<Substring>()
    let text = try String(contentsOfFile: path, encoding: .utf8)
    for raw in text.split(separator: "\n").dropFirst() where seen.insert(raw).inserted {
      var fields: [String] = [], current = "", quoted = false
      for ch in raw {
        if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { fields.append(current); current = "" } else { current.append(ch) }
      }
      fields.append(current)
      let code = fields[1].uppercased()
      let line = Line(invoice: fields[0], code: code, country: fields[7], quantity: Decimal(string: fields[3])!,
                      price: Decimal(string: fields[5])!, isReturn: fields[0].hasPrefix("C"))
      if fields[0].hasPrefix("A") || Self.charges.contains(code) { continue }
      if line.isReturn { returns.append(line); continue }
      if line.quantity > 0 && line.price > 0 { sales.append(line) }
    }
  }

  func isMerchandise(_ code: String) -> Bool { !Self.nonMerchandise.contains(code) && !code.hasPrefix("GIFT_") }
}

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct InsightsTests {
  @Test func insightsMatchFiguresComputedFromTheRawFile() throws {
    let path = try uciSlice(lines: 20_001)  // 1-9 December 2010
    let raw = try RawLines(path: path)
    try TestDatabase.with { db, _ in
      _ = try load(db, path)
      var settings = try projectSettings()
      settings.insights.wholesaleLineQuantity = 48
      settings.insights.wholesaleOrderValue = 500
      settings.insights.returnProneMinQuantity = 50
      _ = try InsightsStage(db: db, settings: settings, logger: TestDatabase.logger).run()

      // Top merchandise product and its share of merchandise revenue.
      var byProduct: [String: Decimal] = [:]
      for s in raw.sales where raw.isMerchandise(s.code) { byProduct[s.code, default: 0] += s.quantity * s.price }
      let total = byProduct.values.reduce(0, +)
      let top = try #require(byProduct.max { $0.value < $1.value })
      let row = try #require(try db.execute("select stock_code, revenue, revenue_share::float8 from analytics.product_sales where is_merchandise and revenue_rank = 1").first)
      #expect(row[0] == top.key)
      #expect(try row.decode(Decimal.self, 1) == top.value)
      let share = NSDecimalNumber(decimal: top.value / total).doubleValue
      #expect(abs(try row.decode(Double.self, 2) - share) < 1e-6)

      // Average order value of December 2010 (the slice's only month).
      let revenue = raw.sales.reduce(Decimal(0)) { $0 + $1.quantity * $1.price }
      let orders = Set(raw.sales.map(\.invoice)).count
      let aov = NSDecimalNumber(decimal: revenue / Decimal(orders)).doubleValue
      let monthly = try #require(try db.execute("select revenue, orders, average_order_value::float8 from analytics.monthly_sales where month = '2010-12-01'").first)
      #expect(try monthly.decode(Decimal.self, 0) == revenue)
      #expect(try monthly.decode(Int.self, 1) == orders)
      #expect(abs(try monthly.decode(Double.self, 2) - aov) < 0.005)
      #expect(try db.scalar(Double.self, "select average_order_value::float8 from analytics.basket_monthly where month = '2010-12-01'").map { abs($0 - aov) < 0.005 } == true)

      // Country share of revenue.
      let uk = raw.sales.filter { $0.country == "United Kingdom" }.reduce(Decimal(0)) { $0 + $1.quantity * $1.price }
      let ukShare = try #require(try db.scalar(Double.self, "select revenue_share::float8 from analytics.country_sales where iso_code = 'GB'"))
      #expect(abs(ukShare - NSDecimalNumber(decimal: uk / revenue).doubleValue) < 1e-6)

      // Return rate of the most returned product (returned / sold quantity).
      var returned: [String: Decimal] = [:], sold: [String: Decimal] = [:]
      for r in raw.returns { returned[r.code, default: 0] += -r.quantity }
      for s in raw.sales { sold[s.code, default: 0] += s.quantity }
      let mostReturned = try #require(returned.max { $0.value < $1.value }?.key)
      let rate = try #require(try db.scalar(Double.self, "select return_rate::float8 from analytics.product_returns where stock_code = $1", [mostReturned]))
      if let soldQuantity = sold[mostReturned], soldQuantity > 0 {
        let expected = NSDecimalNumber(decimal: returned[mostReturned]! / soldQuantity).doubleValue
        #expect(abs(rate - expected) < 0.00005 + 1e-9)
      }

      // Retail vs wholesale by the thresholds: orders with a line of 48+ units or a value of 500+.
      var lines: [String: (max: Decimal, value: Decimal)] = [:]
      for s in raw.sales {
        let current = lines[s.invoice] ?? (0, 0)
        lines[s.invoice] = (max(current.max, s.quantity), current.value + s.quantity * s.price)
      }
      let wholesale = lines.values.filter { $0.max >= 48 || $0.value >= 500 }.count
      #expect(try db.scalar(Int.self, "select members::int from analytics.channel_share where grain = 'order' and channel = 'wholesale'") == wholesale)
      #expect(try db.scalar(Double.self, "select sum(revenue_share)::float8 from analytics.channel_share where grain = 'order'").map { abs($0 - 1) < 1e-5 } == true)
      // Day-of-week seasonality averages to about 1 over the days with sales.
      #expect(try db.scalar(Int.self, "select count(*) from analytics.seasonality where dimension = 'day_of_week'") ?? 0 >= 5)
    }
  }

  /// Every insight view holds exactly what its first definition (migration 0006, plain queries
  /// over core with count(distinct ...)) computes: later migrations change only how the views
  /// are computed. Compared on a UCI slice, whose invoices repeat products, plus lines built for
  /// the cases the rewritten views must still count the same way: an invoice and a cancellation
  /// spanning two months, an invoice with a known customer and a guest line, a product repeated on
  /// an invoice.
  @Test func viewsHoldWhatTheirFirstDefinitionsCompute() throws {
    let first = try #require(Migrator.bundled().first { $0.version == "0006" })
    let definitions = Self.viewQueries(first.sql)
    #expect(Set(definitions.keys) == Set(InsightsStage.views))
    let edgeCases = [
      header,
      "900001,90001,EDGE LANTERN,2,2011-01-31 23:50:00,3.50,30001,United Kingdom",
      "900001,90002,EDGE CANDLE,1,2011-02-01 00:10:00,1.25,30001,United Kingdom",
      "900001,90001,EDGE LANTERN,5,2011-02-01 00:10:00,3.40,30001,United Kingdom",
      "900002,90002,EDGE CANDLE,3,2011-02-02 10:00:00,1.25,30002,France",
      "900002,90003,EDGE VASE,1,2011-02-02 10:00:00,7.95,,France",
      "900003,90003,EDGE VASE,2,2011-02-03 11:00:00,7.95,30001,United Kingdom",
      "C900004,90001,EDGE LANTERN,-1,2011-01-31 23:55:00,3.50,30001,United Kingdom",
      "C900004,90002,EDGE CANDLE,-1,2011-02-01 00:05:00,1.25,30001,United Kingdom",
    ].joined(separator: "\n") + "\n"
    try TestDatabase.with { db, _ in
      _ = try load(db, try uciSlice(lines: 20_001))
      _ = try load(db, try writeTemporary(edgeCases))
      // The data has the cases, or the comparison proves little.
      let cases = [
        "select count(*) from (select 1 from core.fact_sales group by invoice_no, product_key having count(*) > 1) d",
        "select count(*) from (select 1 from core.fact_sales group by invoice_no having count(distinct date_trunc('month', invoiced_at)) > 1) d",
        "select count(*) from (select 1 from core.fact_sales group by invoice_no having count(distinct customer_key) > 1) d",
        "select count(*) from (select 1 from core.fact_returns group by invoice_no having count(distinct date_trunc('month', invoiced_at)) > 1) d",
      ]
      for query in cases { #expect(try db.scalar(Int.self, query) ?? 0 > 0, "\(query)") }

      _ = try InsightsStage(db: db, settings: try projectSettings(), logger: TestDatabase.logger).run()
      let columns = """
        select attname || ' ' || format_type(atttypid, atttypmod) from pg_attribute
        where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum
        """
      for view in InsightsStage.views {
        let query = try #require(definitions[view])
        try db.execute("create temporary view first_\(view) as \(query)")
        let shipped = try db.execute(columns, ["analytics.\(view)"]).all.map { try $0.decode(String.self, 0) }
        let firstColumns = try db.execute(columns, ["first_\(view)"]).all.map { try $0.decode(String.self, 0) }
        #expect(!shipped.isEmpty && shipped == firstColumns, "\(view)")
        // Rows compared as text (so numeric scale counts too), duplicates included, both ways.
        let rows = try #require(try db.scalar(Int.self, "select count(*) from analytics.\(view)"))
        let missing = try db.scalar(Int.self, "select count(*) from (select f::text from first_\(view) f except all select v::text from analytics.\(view) v) d")
        let extra = try db.scalar(Int.self, "select count(*) from (select v::text from analytics.\(view) v except all select f::text from first_\(view) f) d")
        #expect(rows > 0, "\(view)")
        #expect(missing == 0, "\(view): rows of the first definition missing")
        #expect(extra == 0, "\(view): rows the first definition does not have")
      }
    }
  }

  /// The query of each `create materialized view analytics.NAME as QUERY with no data;` in a migration.
  static func viewQueries(_ sql: String) -> [String: String] {
    var queries: [String: String] = [:]
    for chunk in sql.components(separatedBy: "create materialized view analytics.").dropFirst() {
      guard let asRange = chunk.range(of: " as\n"), let end = chunk.range(of: "\nwith no data;") else { continue }
      queries[String(chunk[..<asRange.lowerBound])] = String(chunk[asRange.upperBound..<end.lowerBound])
    }
    return queries
  }
}

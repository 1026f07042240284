import Foundation
@testable import Ingest
import PostgresClient
import TestSupport
import Testing
import Warehouse

/// Figures computed from the raw CSV by code independent of the loader: a naive quoted-field
/// split and the F1 rules written out directly.
struct IndependentFigures {
  var dataLines = 0
  var duplicates = 0
  var customerSalesRevenue = Decimal(0)
  var guestSalesRevenue = Decimal(0)
  var returnAmount = Decimal(0)
  var customers = Set<String>()
  var invoicesWithCustomer = Set<String>()

  static let charges: Set<String> = ["D", "BANK CHARGES", "AMAZONFEE", "CRUK", "S", "B"]

  init(path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var seen = Set<Substring>()
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() where !line.isEmpty {
      dataLines += 1
      if !seen.insert(line).inserted {
        duplicates += 1
        continue
      }
      var fields: [String] = []
      var current = ""
      var quoted = false
      for ch in line {
        if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { fields.append(current); current = "" } else { current.append(ch) }
      }
      fields.append(current)
      let invoice = fields[0], code = fields[1].uppercased(), customer = fields[6]
      let quantity = Decimal(string: fields[3])!, price = Decimal(string: fields[5])!
      if invoice.hasPrefix("A") || Self.charges.contains(code) { continue }
      if invoice.hasPrefix("C") {
        returnAmount += -quantity * price
        continue
      }
      guard quantity > 0, price > 0 else { continue }
      if customer.isEmpty {
        guestSalesRevenue += quantity * price
      } else {
        customerSalesRevenue += quantity * price
        customers.insert(customer)
        invoicesWithCustomer.insert(invoice)
      }
    }
  }
}

/// Files made of the header and a range of the data lines of `path` (lines counted from 1, after the header).
func uciParts(of path: String) throws -> (Range<Int>) throws -> String {
  let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
  return { range in
    let part = path + ".\(range.lowerBound).csv"
    try ([lines[0]] + lines[range]).joined(separator: "\n").appending("\n").write(toFile: part, atomically: true, encoding: .utf8)
    return part
  }
}

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct UCIIngestTests {
  @Test func first20000LinesReconcileWithIndependentFigures() throws {
    let path = try uciSlice(lines: 20_001)
    let expected = try IndependentFigures(path: path)
    #expect(expected.dataLines == 20_000)
    try TestDatabase.with { db, _ in
      let report = try load(db, path)
      #expect(report.inputRows == 20_000)
      #expect(report.duplicateRows == expected.duplicates)
      #expect(report.rejectedRows == 0)
      #expect(try reconciliationProblems(db, batchID: report.batchID) == [])
      #expect(try db.scalar(Decimal.self, "select sum(revenue) from core.fact_sales where customer_key <> 0") == expected.customerSalesRevenue)
      #expect(try db.scalar(Decimal.self, "select sum(revenue) from core.fact_sales where customer_key = 0") == expected.guestSalesRevenue)
      #expect(try db.scalar(Decimal.self, "select sum(amount) from core.fact_returns") == expected.returnAmount)
      #expect(try count(db, "select count(distinct d.customer_id) from core.fact_sales f join core.dim_customer d using (customer_key) where f.customer_key <> 0") == expected.customers.count)
      #expect(try count(db, "select count(*) from core.fact_order o where o.customer_key <> 0") == expected.invoicesWithCustomer.count)
      // The load rebuilt the fact table's secondary indexes (a large batch into an empty table).
      #expect(
        Set(try db.execute("select indexname from pg_indexes where schemaname = 'core' and tablename = 'fact_sales'").rows.compactMap { $0[0] })
          == ["fact_sales_pkey", "fact_sales_customer", "fact_sales_date", "fact_sales_product"])
    }
  }

  /// When the list of possible duplicates grows too long while staging, the loader groups every
  /// line's hash instead: the same duplicates, named the same way.
  @Test func duplicatesAreTheSameWhenTheCandidateListIsGivenUp() throws {
    try expectTheSameDuplicates { $0.duplicateCandidateLimit = 0 }
  }

  /// The filter and list of a larger file (2^30 bytes, a gzip file of about 134 MB: a 16 MiB filter;
  /// 2^35 bytes: the largest, 64 MiB and 2^22 hashes) find the same duplicates, named the same way,
  /// as the 8 MiB filter of a small file. The size the sizing sees is set; the lines are the same.
  @Test(arguments: [1 << 30, 1 << 35])
  func duplicatesAreTheSameWithTheFilterOfALargerFile(contentBytes: Int) throws {
    #expect(RepeatedLines.sizing(contentBytes: contentBytes).bitCount > RepeatedLines.sizing(contentBytes: 47_000_000).bitCount)
    try expectTheSameDuplicates { $0.contentBytesForSizing = contentBytes }
  }

  /// Loads a slice of the UCI file as is, then again (`--force`) with a loader set up by `configure`:
  /// the same duplicates as counted independently, the same reject rows, and a batch that reconciles.
  private func expectTheSameDuplicates(_ configure: (inout BatchLoader) -> Void) throws {
    let path = try uciSlice(lines: 20_001)
    let expected = try IndependentFigures(path: path)
    try TestDatabase.with { db, _ in
      let plain = try load(db, path)
      let rejects = "select line_no, detail, raw_line from etl.reject where batch_id = $1 and reason = 'duplicate' order by line_no"
      let plainRejects = try db.execute(rejects, [plain.batchID]).rows
      var loader = BatchLoader(db: db, logger: TestDatabase.logger)
      configure(&loader)
      let other = try loader.ingest(path: path, force: true)
      #expect(other.outcome == .replaced)
      #expect(other.duplicateRows == expected.duplicates)
      #expect(expected.duplicates > 0)
      #expect(try db.execute(rejects, [other.batchID]).rows == plainRejects)
      #expect(try reconciliationProblems(db, batchID: other.batchID) == [])
    }
  }

  /// The product and customer groups the dimensions are built from are summed on the client while
  /// staging, and by SQL over the staged lines for a kind with too many of them: every mix gives the
  /// same dimensions, description votes and rule counts. The file adds what the groups must get right:
  /// a duplicated line of a customer who moves country, a variant description and a line of an
  /// unknown country.
  @Test func dimensionsAreTheSameWhenTheGroupSummaryIsGivenUp() throws {
    let path = try uciSlice(lines: 20_001)
    let extra = [
      "536999,85123A,WHITE HANGING HEART T-LIGHT HOLDER,2,2010-12-09 10:00:00,2.55,17850,France",
      "536999,85123A,WHITE HANGING HEART T-LIGHT HOLDER,2,2010-12-09 10:00:00,2.55,17850,France",
      "537000,85123A,white hanging heart t-light holder ,1,2010-12-09 11:00:00,2.55,17850,United Kingdom",
      "537001,22423,REGENCY CAKESTAND 3 TIER,1,2010-12-09 12:00:00,12.75,12345,Atlantis",
    ]
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    handle.seekToEndOfFile()
    handle.write(Data((extra.joined(separator: "\n") + "\n").utf8))
    try handle.close()

    func state(productLimit: Int, customerLimit: Int) throws -> (BatchReport, [[[String?]]]) {
      try TestDatabase.with { db, _ in
        var loader = BatchLoader(db: db, logger: TestDatabase.logger)
        loader.productGroupLimit = productLimit
        loader.customerGroupLimit = customerLimit
        let report = try loader.ingest(path: path)
        #expect(try reconciliationProblems(db, batchID: report.batchID) == [])
        // Every loaded line with a description votes for it once: duplicates and lines of unknown
        // countries do not.
        let votes = try db.execute(
          "select sum(sales_lines)::bigint, sum(other_lines)::bigint from core.product_description_usage").rows[0]
        let adjustmentsDescribed = try count(db, "select count(*) from core.adjustment where description is not null")
        #expect(votes == ["\(report.salesRows + report.returnRows)", "\(adjustmentsDescribed)"])
        let queries = [
          "select stock_code, description, category from core.dim_product order by stock_code",
          """
          select customer_id, country_key::text, valid_from::text, valid_to::text, is_current::text
          from core.dim_customer order by customer_id, valid_from
          """,
          """
          select p.stock_code, u.description, u.sales_lines::text, u.other_lines::text
          from core.product_description_usage u join core.dim_product p using (product_key)
          order by 1, 2
          """,
          "select rule, rows::text from etl.batch_rule order by rule",
          "select min(date_key)::text, max(date_key)::text, count(*)::text from core.dim_date",
          """
          select f.line_no::text, c.customer_id, c.valid_from::text, p.stock_code
          from core.fact_sales f join core.dim_customer c using (customer_key) join core.dim_product p using (product_key)
          where c.customer_id = '17850' order by f.line_no
          """,
        ]
        return (report, try queries.map { try db.execute($0).rows })
      }
    }
    let (summed, summedState) = try state(productLimit: 1 << 18, customerLimit: 1 << 18)
    #expect(summed.duplicateRows > 0 && summed.rejectedRows == 1)
    for (productLimit, customerLimit) in [(0, 0), (1 << 18, 0), (0, 1 << 18)] {
      let (grouped, groupedState) = try state(productLimit: productLimit, customerLimit: customerLimit)
      #expect(summed.salesRows == grouped.salesRows && summed.duplicateRows == grouped.duplicateRows)
      for (a, b) in zip(summedState, groupedState) { #expect(a == b) }
    }
    // The customer who moved and came back has three versions.
    #expect(summedState[1].filter { $0[0] == "17850" }.count == 3)
  }

  /// Each batch's sales are a partition of core.fact_sales. Autovacuum never analyzes the partitioned
  /// table itself, so the loader does: on the first load, and again once the table has grown by a
  /// quarter since; in between only the new partition.
  @Test func theSalesTableIsAnalyzedWhenItHasGrownByAQuarter() throws {
    let part = try uciParts(of: try uciSlice(lines: 20_001))
    try TestDatabase.with { db, _ in
      let analyzed = "select reltuples::bigint from pg_class where oid = 'core.fact_sales'::regclass"
      let first = try load(db, try part(1..<12_001), ownPartition: true)
      #expect(try count(db, analyzed) == first.salesRows)
      // 10% more: only the new partition is analyzed.
      let second = try load(db, try part(12_001..<13_201), ownPartition: true)
      #expect(try count(db, analyzed) == first.salesRows)
      #expect(
        try count(db, "select reltuples::bigint from pg_class where oid = $1::regclass", [BatchLoader.salesPartition(second.batchID)])
          == second.salesRows)
      // Another 55%, in the shared partition: the whole table again.
      let third = try load(db, try part(13_201..<20_001), ownPartition: false)
      #expect(try count(db, analyzed) == first.salesRows + second.salesRows + third.salesRows)
    }
  }

  /// Small batches (daily or monthly files) share one partition, so that the partitions do not grow
  /// with the number of files; a large batch still gets one of its own, also when the shared one
  /// exists, and `--force` replaces either kind.
  @Test func smallBatchesShareAPartitionAndLargeOnesHaveTheirOwn() throws {
    let part = try uciParts(of: try uciSlice(lines: 8_001))
    try TestDatabase.with { db, _ in
      let partitions = "select inhrelid::regclass::text from pg_inherits where inhparent = 'core.fact_sales'::regclass order by 1"
      let first = try load(db, try part(1..<2_001), ownPartition: false)
      let second = try load(db, try part(2_001..<4_001), ownPartition: false)
      #expect(try db.execute(partitions).rows == [[BatchLoader.sharedSalesPartition]])
      // A large batch is attached next to the shared partition.
      let large = try load(db, try part(4_001..<8_001), ownPartition: true)
      #expect(
        try db.execute(partitions).rows == [[BatchLoader.salesPartition(large.batchID)], [BatchLoader.sharedSalesPartition]])
      // Its indexes, built before the attachment, are the partitions of the table's four: none built twice.
      let indexes = "select count(*) from pg_index where indrelid = $1::regclass"
      let attachedIndexes = indexes + " and indexrelid in (select inhrelid from pg_inherits)"
      #expect(try count(db, indexes, [BatchLoader.salesPartition(large.batchID)]) == 4)
      #expect(try count(db, attachedIndexes, [BatchLoader.salesPartition(large.batchID)]) == 4)
      // Replacing a small batch replaces its rows of the shared partition; replacing the large one, its partition.
      let first2 = try load(db, try part(1..<2_001), force: true, ownPartition: false)
      let large2 = try load(db, try part(4_001..<8_001), force: true, ownPartition: true)
      #expect(
        try db.execute(partitions).rows == [[BatchLoader.salesPartition(large2.batchID)], [BatchLoader.sharedSalesPartition]])
      let perBatch = try db.execute(
        "select b.batch_id, b.sales_rows, (select count(*) from core.fact_sales s where s.batch_id = b.batch_id) as held from etl.batch b order by 1"
      ).all.map { [try $0.decode(Int.self, "batch_id"), try $0.decode(Int.self, "sales_rows"), try $0.decode(Int.self, "held")] }
      #expect(perBatch.map { $0[0] } == [second.batchID, first2.batchID, large2.batchID])
      #expect(perBatch.allSatisfy { $0[1] == $0[2] && $0[1] > 0 })
      #expect(perBatch.map { $0[1] } == [second.salesRows, first.salesRows, large.salesRows])
      #expect(try count(db, "select count(*) from core.fact_sales") == first.salesRows + second.salesRows + large.salesRows)
      for batch in [second, first2, large2] { #expect(try reconciliationProblems(db, batchID: batch.batchID) == []) }
    }
  }

  /// The widely copied variant of the UCI file: Latin-1 and US dates (`12/1/2010 8:26`).
  @Test func latin1WithUSDatesLoadsTheSameAsUTF8WithISODates() throws {
    let iso = try uciSlice(lines: 3_001)
    var text = try String(contentsOfFile: iso, encoding: .utf8)
    // A description with a pound sign, which Latin-1 writes as the single byte 0xA3.
    text += "539999,99999,GIFT CARD £10,1,2010-12-10 10:00:00,10,17850,United Kingdom\n"
    try text.write(toFile: iso, atomically: true, encoding: .utf8)
    // 2010-12-01 08:26:00 -> 12/1/2010 8:26
    let isoDate = try Regex(#"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):00"#)
    let usLines = text.split(separator: "\n").enumerated().map { index, line -> String in
      guard index > 0, let m = line.firstMatch(of: isoDate) else { return String(line) }
      let part = { (i: Int) in Int(m.output[i].substring!)! }
      return String(line).replacing(isoDate, with: "\(part(2))/\(part(3))/\(part(1)) \(part(4)):\(m.output[5].substring!)")
    }
    let latin1 = NSTemporaryDirectory() + "b360-latin1-\(UUID().uuidString).csv"
    try #require((usLines.joined(separator: "\n") + "\n").data(using: .isoLatin1)).write(to: URL(fileURLWithPath: latin1))
    #expect(usLines[1].contains("12/1/2010 8:26"))

    func summary(_ path: String) throws -> [String?] {
      try TestDatabase.with { db, _ in
        let report = try load(db, path)
        #expect(report.rejectedRows == 0)
        return try db.execute(
          """
          select count(*), sum(revenue), min(invoiced_at)::text, max(invoiced_at)::text,
            (select description from core.dim_product where stock_code = '99999')
          from core.fact_sales
          """
        ).rows[0]
      }
    }
    let a = try summary(iso), b = try summary(latin1)
    #expect(a == b)
    #expect(a.last == "GIFT CARD £10")
  }

  /// All 541,909 rows of the UCI file (about a minute in a debug build).
  @Test func fullFileReconciles() throws {
    let path = TestDatabase.dataFile("online_retail.csv.gz")
    try TestDatabase.with { db, _ in
      let report = try load(db, path)
      #expect(report.inputRows == 541_909)
      #expect(report.rejectedRows == 0)
      #expect(report.salesRows + report.returnRows + report.adjustmentRows + report.duplicateRows == 541_909)
      #expect(try reconciliationProblems(db, batchID: report.batchID) == [])
      // Published facts of the data set: 135,080 lines without CustomerID, 9,288 cancellation
      // lines, 4,372 distinct customers, 38 country spellings.
      #expect(try count(db, "select count(*) from etl.reject where reason = 'duplicate'") == report.duplicateRows)
      let withoutCustomer = try count(
        db,
        """
        select (select count(*) from core.fact_sales where customer_key = 0)
          + (select count(*) from core.fact_returns where customer_key = 0)
          + (select count(*) from core.adjustment where customer_key = 0)
          + (select count(*) from etl.reject where raw_line ~ ',,[^,]*$')
        """)
      #expect(withoutCustomer == 135_080)
      let cancellations = try count(
        db,
        """
        select (select count(*) from core.fact_returns)
          + (select count(*) from core.adjustment where invoice_no like 'C%')
          + (select count(*) from etl.reject where raw_line like 'C%')
        """)
      #expect(cancellations == 9_288)
      #expect(try count(db, "select count(distinct customer_id) from core.dim_customer where customer_id is not null") == 4_372)
      #expect(try count(db, "select count(*) from etl.batch_rule where rule = 'country_alias'") == 1)
      #expect(try WarehouseStatus.read(db).batches.allSatisfy(\.reconciles))
    }
  }
}

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct OnlineRetailIITests {
  /// The same lines under Online Retail II's column names load to the same warehouse.
  @Test func onlineRetailIIHeaderLoadsTheSame() throws {
    let uci = try uciSlice(lines: 5_001)
    let text = try String(contentsOfFile: uci, encoding: .utf8)
    let ii = try writeTemporary(
      "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country" + text.drop { $0 != "\n" })
    var url = URL(fileURLWithPath: #filePath)
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("config/sources").path) { url.deleteLastPathComponent() }
    let sources = try SourceMapping.loadAll(directory: url.appendingPathComponent("config").path)
    func summary(_ path: String) throws -> [String?] {
      try TestDatabase.with { db, _ in
        let source = try BatchLoader.chooseSource(path: path, named: nil, among: sources)
        let report = try BatchLoader(db: db, source: source, logger: TestDatabase.logger).ingest(path: path)
        #expect(try db.scalar(String.self, "select source from etl.batch") == source.name)
        return [String(report.salesRows), String(report.returnRows), String(report.adjustmentRows)]
          + (try db.execute("select sum(revenue)::text, count(distinct customer_key)::text from core.fact_sales").rows[0])
      }
    }
    #expect(try summary(uci) == summary(ii))
  }
}

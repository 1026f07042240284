import Foundation
@testable import Ingest
import PostgresClient
import TestSupport
import Testing
import Warehouse

/// One line per defect of DESIGN.md F1 (line numbers in the comments; the header is line 1).
let rulesFixture = [
  uciHeader,
  "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",  // 2 sale
  "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",  // 3 duplicate
  "536366,85123a,WHITE HANGING HEART T-LIGHT HOLDER ,2,2010-12-01 09:00:00,2.55,17850.0,United Kingdom",  // 4 sale
  "536367,85123A,HEART T-LIGHT HOLDER WHITE,1,2010-12-02 09:00:00,2.55,,United Kingdom",  // 5 guest, variant
  "C536368,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-1,2010-12-03 10:00:00,2.55,17850,United Kingdom",  // 6 return
  "536369,22139,,-10,2010-12-03 11:00:00,0,,United Kingdom",  // 7 stock_adjustment
  "536370,22139,RETROSPOT TEA SET,24,2010-12-03 11:05:00,0,,United Kingdom",  // 8 zero_price
  "A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom",  // 9 bad_debt
  "536371,POST,POSTAGE,3,2010-12-04 08:45:00,18,12583,France",  // 10 non-merchandise sale
  "C536372,AMAZONFEE,AMAZON FEE,-1,2010-12-05 10:00:00,5575.28,,United Kingdom",  // 11 non_sales_charge
  "536373,22139,RETROSPOT TEA SET,2,2010-12-06 10:00:00,4.95,12347,EIRE",  // 12 sale, alias
  "536374,22139,RETROSPOT TEA SET,2,2011-01-06 10:00:00,4.95,12347,Iceland",  // 13 sale, customer moved
  "536375,22139,RETROSPOT TEA SET,2,2010-12-06 10:00:00,4.95,12348,Atlantis",  // 14 unknown_country
  "536376,22139,RETROSPOT TEA SET,two,2010-12-06 10:00:00,4.95,12348,France",  // 15 bad_number
  "536377,22139,RETROSPOT TEA SET,2,31/12/2010 10:00,4.95,12348,France",  // 16 bad_date
  "",  // 17 blank_line
  "536378,22139,\"RETROSPOT, TEA SET\",2,2010-12-07 10:00:00,4.95,12348,Unspecified",  // 18 sale, unknown country member
  "536379,22139,RETROSPOT TEA SET,2,2010-12-07 10:00:00,4.95,12348",  // 19 wrong_field_count
].joined(separator: "\n") + "\n"

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct IngestRulesTests {
  @Test func everyLineEndsInExactlyOnePlace() throws {
    try TestDatabase.with { db, _ in
      let path = try writeTemporary(rulesFixture)
      let report = try load(db, path)
      #expect(report.outcome == .loaded)
      #expect(report.inputRows == 18)
      #expect(report.salesRows == 7)
      #expect(report.returnRows == 1)
      #expect(report.adjustmentRows == 4)
      #expect(report.rejectedRows == 5)
      #expect(report.duplicateRows == 1)
      #expect(try reconciliationProblems(db, batchID: report.batchID) == [])

      var rejects: [Int: (String, String?)] = [:]
      for r in try db.execute("select line_no, reason, field from etl.reject").all {
        rejects[try r.decode(Int.self, "line_no")] = (try r.decode(String.self, "reason"), try r.decode(String?.self, "field"))
      }
      #expect(rejects[3]?.0 == "duplicate")
      #expect(rejects[14]?.0 == "unknown_country")
      #expect(rejects[14]?.1 == "Country")
      #expect(rejects[15]?.0 == "bad_number")
      #expect(rejects[15]?.1 == "Quantity")
      #expect(rejects[16]?.0 == "bad_date")
      #expect(rejects[16]?.1 == "InvoiceDate")
      #expect(rejects[17]?.0 == "blank_line")
      #expect(rejects[19]?.0 == "wrong_field_count")
      #expect(try db.scalar(String.self, "select detail from etl.reject where line_no = 3") == "exact duplicate of line 2")
      #expect(try db.scalar(String.self, "select raw_line from etl.reject where line_no = 14")?.hasSuffix(",Atlantis") == true)

      var adjustments: [Int: String] = [:]
      for r in try db.execute("select line_no, rule from core.adjustment").all {
        adjustments[try r.decode(Int.self, "line_no")] = try r.decode(String.self, "rule")
      }
      #expect(adjustments == [7: "stock_adjustment", 8: "zero_price", 9: "bad_debt", 11: "non_sales_charge"])
      #expect(Set(try db.execute("select line_no from core.fact_sales").all.map { try $0.decode(Int.self, 0) }) == [2, 4, 5, 10, 12, 13, 18])
    }
  }

  @Test func dimensionsAreCleaned() throws {
    try TestDatabase.with { db, _ in
      _ = try load(db, try writeTemporary(rulesFixture))
      // Case variants are one product; the canonical description is the most frequent one.
      #expect(try count(db, "select count(*) from core.dim_product where upper(stock_code) = '85123A'") == 1)
      #expect(try db.scalar(String.self, "select description from core.dim_product where stock_code = '85123A'") == "WHITE HANGING HEART T-LIGHT HOLDER")
      #expect(try db.scalar(String.self, "select category from core.dim_product where stock_code = 'POST'") == "postage")
      #expect(try db.scalar(String.self, "select description from core.dim_product where stock_code = '22139'") == "RETROSPOT TEA SET")

      // Guests go to the unknown member; 17850.0 is customer 17850.
      #expect(try count(db, "select customer_key from core.fact_sales where line_no = 5") == 0)
      #expect(try count(db, "select count(distinct customer_key) from core.fact_sales where line_no in (2, 4)") == 1)
      #expect(try count(db, "select count(*) from core.dim_customer where customer_id = '17850'") == 1)

      // The return is stored positive.
      let ret = try #require(try db.execute("select quantity, amount from core.fact_returns where line_no = 6").first)
      #expect(try ret.decode(Int.self, "quantity") == 1)
      #expect(try ret.decode(Decimal.self, "amount") == Decimal(string: "2.55")!)

      // Country aliases resolve; a customer who moved has two versions (SCD type 2).
      #expect(try db.scalar(String.self, "select c.iso_code from core.fact_sales f join core.dim_country c using (country_key) where line_no = 12") == "IE")
      #expect(try db.scalar(String.self, "select c.iso_code from core.fact_sales f join core.dim_country c using (country_key) where line_no = 18") == "ZZ")
      let versions = try db.execute(
        """
        select c.iso_code, d.is_current, d.valid_to::text as valid_to from core.dim_customer d
        join core.dim_country c using (country_key) where d.customer_id = '12347' order by d.valid_from
        """)
      #expect(versions.rows.map { $0[0] } == ["IE", "IS"])
      #expect(versions.rows.map { $0[1] } == ["f", "t"])
      #expect(versions.rows[0][2] == "2011-01-06 10:00:00")
      #expect(
        try db.scalar(
          String.self,
          "select c.iso_code from core.fact_sales f join core.dim_customer d using (customer_key) join core.dim_country c on c.country_key = d.country_key where f.line_no = 12") == "IE")
      #expect(
        try db.scalar(
          String.self,
          "select c.iso_code from core.fact_sales f join core.dim_customer d using (customer_key) join core.dim_country c on c.country_key = d.country_key where f.line_no = 13") == "IS")

      // Calendar covers whole years of the data.
      #expect(try count(db, "select count(*) from core.dim_date") == 365 + 365)
      #expect(try db.scalar(String.self, "select day_name from core.dim_date where date_key = 20101201") == "Wednesday")

      let rules = try db.execute("select rule, rows from etl.batch_rule").all.reduce(into: [String: Int]()) {
        $0[try $1.decode(String.self, "rule")] = try $1.decode(Int.self, "rows")
      }
      #expect(rules["country_alias"] == 1)
      #expect(rules["description_variant"] == 2)  // lines 5 and 18
      #expect(rules["guest_sale"] == 1)
      #expect(rules["stock_code_upper_cased"] == 1)
      #expect(rules["customer_id_normalised"] == 1)
      #expect(rules["description_trimmed"] == 1)
      #expect(rules["non_merchandise_sale"] == 1)
    }
  }

  /// With the batch's sales in a partition of their own, and in the partition small batches share.
  @Test(arguments: [true, false]) func reingestIsANoOpAndForceReplaces(ownPartition: Bool) throws {
    try TestDatabase.with { db, _ in
      let path = try writeTemporary(rulesFixture)
      func load(_ db: Connection, _ path: String, force: Bool = false) throws -> BatchReport {
        try WarehouseTests.load(db, path, force: force, ownPartition: ownPartition)
      }
      let first = try load(db, path)
      let again = try load(db, path)
      #expect(again.outcome == .unchanged)
      #expect(again.batchID == first.batchID)
      #expect(try count(db, "select count(*) from etl.batch") == 1)
      #expect(try count(db, "select count(*) from core.fact_sales") == 7)

      // Same content compressed is the same batch.
      _ = try shell("gzip -c '\(path)' > '\(path).gz'")
      #expect(try load(db, path + ".gz").outcome == .unchanged)
      // Two gzip members: the trailer's size does not match the batch, so the file is staged before
      // its hash is known; it is still recognised, and the staged work is rolled back.
      _ = try shell("(head -n 3 '\(path)' | gzip; tail -n +4 '\(path)' | gzip) > '\(path).two.gz'")
      #expect(try load(db, path + ".two.gz").outcome == .unchanged)
      #expect(try count(db, "select count(*) from etl.batch") == 1)
      #expect(try count(db, "select count(*) from core.fact_sales") == 7)

      let replaced = try load(db, path, force: true)
      #expect(replaced.outcome == .replaced)
      #expect(replaced.batchID != first.batchID)
      #expect(try count(db, "select count(*) from etl.batch") == 1)
      #expect(try count(db, "select count(*) from core.fact_sales") == 7)
      #expect(try count(db, "select count(*) from etl.reject") == 6)
      #expect(try count(db, "select count(*) from core.dim_customer where customer_id = '12347'") == 2)
      #expect(try reconciliationProblems(db, batchID: replaced.batchID) == [])
      // A batch's sales are a partition of their own, or rows of the shared partition: the old
      // batch's partition, or its rows, are gone with it.
      #expect(
        try db.execute("select inhrelid::regclass::text from pg_inherits where inhparent = 'core.fact_sales'::regclass").rows
          == [[ownPartition ? BatchLoader.salesPartition(replaced.batchID) : BatchLoader.sharedSalesPartition]])
      #expect(try count(db, "select count(*) from core.fact_sales where batch_id = $1", [replaced.batchID]) == 7)

      // --force on a file whose hash is found only after staging replaces the batch as well.
      let again2 = try load(db, path + ".two.gz", force: true)
      #expect(again2.outcome == .replaced)
      #expect(try count(db, "select count(*) from etl.batch") == 1)
      #expect(try count(db, "select count(*) from core.fact_sales") == 7)
      #expect(try count(db, "select count(*) from etl.reject") == 6)
      #expect(try reconciliationProblems(db, batchID: again2.batchID) == [])
    }
  }

  @Test func aBatchThatFailsMidwayLeavesNothing() throws {
    try TestDatabase.with { db, _ in
      let path = try writeTemporary(rulesFixture)
      #expect(throws: WarehouseError.self) {
        _ = try BatchLoader(db: db, logger: TestDatabase.logger).ingest(path: path, failAfterStaging: true)
      }
      for table in ["etl.batch", "etl.reject", "core.fact_sales", "core.fact_returns", "core.adjustment", "core.dim_product", "core.dim_date"] {
        #expect(try count(db, "select count(*) from \(table)") == 0, "\(table) must be empty")
      }
      // The staging tables (unlogged, in schema staging) went with the rolled-back transaction.
      let staging = "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('staging', 'core_batch')"
      #expect(try count(db, staging) == 0)
      // And the rerun completes it, dropping its staging tables before it commits.
      let report = try load(db, path)
      #expect(report.outcome == .loaded)
      #expect(try reconciliationProblems(db, batchID: report.batchID) == [])
      #expect(try count(db, staging + " and n.nspname = 'staging'") == 0)
    }
  }

  @Test func aFileWithoutTheRequiredColumnsFailsBeforeLoading() throws {
    try TestDatabase.with { db, _ in
      let path = try writeTemporary("InvoiceNo,StockCode,Quantity\n1,2,3\n")
      let error = #expect(throws: InputError.self) { _ = try load(db, path) }
      #expect(error?.message.contains("Description") == true)
      #expect(try count(db, "select count(*) from etl.batch") == 0)
    }
  }

  @Test func aSecondRunCannotTakeTheLock() throws {
    try TestDatabase.with { db, name in
      let other = try Connection(TestDatabase.conninfo(database: name))
      try RunLock.acquire(db, wait: false, logger: TestDatabase.logger)
      #expect(throws: WarehouseError.self) { try RunLock.acquire(other, wait: false, logger: TestDatabase.logger) }
      RunLock.release(db)
      try RunLock.acquire(other, wait: false, logger: TestDatabase.logger)
    }
  }
}

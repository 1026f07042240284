import Foundation
import Ingest
import PostgresClient
import TestSupport
import Testing
import Warehouse

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct ThreeFileTests {
  @Test func threeFilesJoinOnIdsWithOrphansAndDuplicatesRejected() throws {
    let dir = NSTemporaryDirectory() + "b360-three-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try """
      customer_id,name,gender,age,city,signup_date
      C1,Asha Rao,F,34,Bengaluru,2023-01-05
      C2,Vikram Shah,M,41,Mumbai,2023-02-11
      """.write(toFile: dir + "/customers.csv", atomically: true, encoding: .utf8)
    try """
      product_id,name,category,price
      P1,Banarasi Silk Saree,Saree,4999.00
      P2,Cotton Kurta,Kurta,899.00
      """.write(toFile: dir + "/products.csv", atomically: true, encoding: .utf8)
    try """
      order_id,customer_id,product_id,quantity,date,amount
      O1,C1,P1,1,2024-03-01,4999.00
      O1,C1,P2,3,2024-03-01,2697.00
      O2,C2,P2,1,2024-03-02,899.00
      O2,C2,P2,1,2024-03-02,899.00
      O3,C9,P1,1,2024-03-03,4999.00
      O4,C2,P7,2,2024-03-03,1000.00
      O5,C2,P1,two,2024-03-04,4999.00
      """.write(toFile: dir + "/sales.csv", atomically: true, encoding: .utf8)

    var url = URL(fileURLWithPath: #filePath)
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("config/sources").path) { url.deleteLastPathComponent() }
    let sources = try SourceMapping.loadAll(directory: url.appendingPathComponent("config").path)
    let source = try BatchLoader.chooseSource(path: dir, named: nil, among: sources)
    #expect(source.name == "three_file")
    try TestDatabase.with { db, _ in
      let report = try BatchLoader(db: db, source: source, logger: TestDatabase.logger).ingest(path: dir)
      #expect(report.inputRows == 7)
      #expect(report.salesRows == 3)
      #expect(report.duplicateRows == 1)
      #expect(report.rejectedRows == 3)
      #expect(try reconciliationProblems(db, batchID: report.batchID) == [])
      let reasons = try db.execute("select line_no, reason, field from etl.reject order by line_no").rows
      #expect(reasons.map { $0[1] } == ["duplicate", "unknown_customer", "unknown_product", "bad_number"])
      #expect(reasons[1][2] == "customer_id")
      #expect(try db.scalar(Decimal.self, "select sum(revenue) from core.fact_sales") == Decimal(string: "8595")!)
      #expect(try db.scalar(String.self, "select description from core.dim_product where stock_code = 'P1'") == "Banarasi Silk Saree")
      #expect(try db.scalar(String.self, "select distinct c.iso_code from core.fact_sales join core.dim_country c using (country_key)") == "IN")
      // Changing one of the three files changes the batch identity.
      #expect(try BatchLoader(db: db, source: source, logger: TestDatabase.logger).ingest(path: dir).outcome == .unchanged)
      try "customer_id,name,gender,age,city,signup_date\nC1,Asha Rao,F,34,Bengaluru,2023-01-05\n"
        .write(toFile: dir + "/customers.csv", atomically: true, encoding: .utf8)
      let (before, _) = try BatchLoader.contentHash(path: dir, source: source)
      #expect(before != report.sha256)
    }
  }
}

import Foundation
import Generator
import Ingest
import PostgresClient
import TestSupport
import Testing
import Warehouse

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct GeneratedDataTests {
  /// Generated UCI-layout data lands where the manifest says it should, and reconciles.
  @Test func generatedUKGiftwareReconciles() throws {
    let path = NSTemporaryDirectory() + "b360-gen-\(UUID().uuidString).csv"
    let manifest = try Generator.write(to: path, options: GeneratorOptions(profile: .ukGiftware, customers: 1_500, months: 12, seed: 7))
    try TestDatabase.with { db, _ in
      let report = try load(db, path)
      #expect(report.inputRows == manifest.totalRows)
      #expect(try reconciliationProblems(db, batchID: report.batchID) == [])
      let expected = manifest.expectedRoutes
      #expect(report.salesRows == expected["sale"])
      #expect(report.returnRows == expected["return"])
      #expect(report.adjustmentRows == expected["adjustment"])
      #expect(report.rejectedRows + report.duplicateRows == expected["reject"])
      #expect(report.duplicateRows == manifest.count(.duplicate))
    }
  }

  @Test func generatedIndianApparelLoadsThroughTheThreeFileSource() throws {
    let dir = NSTemporaryDirectory() + "b360-gen-\(UUID().uuidString)"
    let manifest = try Generator.write(to: dir, options: GeneratorOptions(profile: .indianApparel, customers: 800, months: 6, seed: 11))
    var url = URL(fileURLWithPath: #filePath)
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("config/sources").path) { url.deleteLastPathComponent() }
    let sources = try SourceMapping.loadAll(directory: url.appendingPathComponent("config").path)
    let source = try BatchLoader.chooseSource(path: dir, named: nil, among: sources)
    try TestDatabase.with { db, _ in
      let report = try BatchLoader(db: db, source: source, logger: TestDatabase.logger).ingest(path: dir)
      let salesRows = manifest.files.first { $0.path.hasSuffix("sales.csv") }?.rows ?? -1
      #expect(report.inputRows == salesRows)
      #expect(try reconciliationProblems(db, batchID: report.batchID) == [])
      #expect(try count(db, "select count(*) from etl.reject where reason = 'unknown_customer'") == manifest.count(.orphanCustomer))
      #expect(try count(db, "select count(*) from etl.reject where reason = 'unknown_product'") == manifest.count(.orphanProduct))
      #expect(report.duplicateRows == manifest.count(.duplicate))
    }
  }
}

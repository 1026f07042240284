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

/// `generate --out FILE.gz` writes gzip, the same bytes as the plain file once inflated.
struct GeneratorGzipOutputTests {
  @Test func gzOutputIsGzipOfThePlainOutput() throws {
    let base = NSTemporaryDirectory() + "b360-gen-gz-\(UUID().uuidString)"
    defer {
      try? FileManager.default.removeItem(atPath: base + ".csv")
      try? FileManager.default.removeItem(atPath: base + ".csv.gz")
    }
    let options = GeneratorOptions(profile: .ukGiftware, customers: 300, months: 6, seed: 5)
    let plainManifest = try Generator.write(to: base + ".csv", options: options)
    let gzManifest = try Generator.write(to: base + ".csv.gz", options: options)
    #expect(plainManifest.totalRows == gzManifest.totalRows)
    let plain = try #require(FileManager.default.contents(atPath: base + ".csv"))
    let compressed = try #require(FileManager.default.contents(atPath: base + ".csv.gz"))
    #expect(Array(compressed.prefix(2)) == [0x1f, 0x8b])
    #expect(compressed.count * 3 < plain.count)
    let source = try ByteSource(path: base + ".csv.gz")
    #expect(source.isGzip)
    var inflated: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
      if n == 0 { break }
      inflated.append(contentsOf: chunk[0..<n])
    }
    #expect(inflated == Array(plain))
  }
}

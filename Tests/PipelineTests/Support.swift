import Foundation
import Ingest
import Logging
import Pipeline
import PostgresClient
import TestSupport

/// The project's config directory.
func projectConfigDirectory(filePath: String = #filePath) -> String {
  var url = URL(fileURLWithPath: filePath)
  while url.path != "/" {
    url.deleteLastPathComponent()
    let candidate = url.appendingPathComponent("config")
    if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("basket360.yml").path) { return candidate.path }
  }
  return "config"
}

func projectSettings() throws -> Settings { try Settings.load(directory: projectConfigDirectory()) }

func writeTemporary(_ text: String, suffix: String = ".csv") throws -> String {
  let path = NSTemporaryDirectory() + "b360-\(UUID().uuidString)\(suffix)"
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  return path
}

func load(_ db: Connection, _ path: String) throws -> BatchReport {
  try BatchLoader(db: db, logger: TestDatabase.logger).ingest(path: path)
}

func uciSlice(lines: Int) throws -> String {
  let path = NSTemporaryDirectory() + "b360-uci-\(lines)-\(UUID().uuidString).csv"
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", "gzip -dc '\(TestDatabase.dataFile("online_retail.csv.gz"))' | head -n \(lines) > '\(path)'"]
  try process.run()
  process.waitUntilExit()
  return path
}

let header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"

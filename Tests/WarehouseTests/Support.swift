import Foundation
@testable import Ingest
import PostgresClient
import TestSupport
import Warehouse

let uciHeader = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"

func writeTemporary(_ text: String, suffix: String = ".csv") throws -> String {
  let path = NSTemporaryDirectory() + "b360-\(UUID().uuidString)\(suffix)"
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  return path
}

func shell(_ command: String) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", command]
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return String(decoding: data, as: UTF8.self)
}

/// The first `lines` lines (header included) of the bundled UCI file, as a plain CSV file.
func uciSlice(lines: Int) throws -> String {
  let path = NSTemporaryDirectory() + "b360-uci-\(lines)-\(UUID().uuidString).csv"
  _ = try shell("gzip -dc '\(TestDatabase.dataFile("online_retail.csv.gz"))' | head -n \(lines) > '\(path)'")
  return path
}

/// Loads a file; `ownPartition` chooses where its sales go (else the batch's size decides, see
/// `BatchLoader.ownPartitionMinimum`).
func load(_ db: Connection, _ path: String, force: Bool = false, ownPartition: Bool? = nil) throws -> BatchReport {
  var loader = BatchLoader(db: db, logger: TestDatabase.logger)
  if let ownPartition { loader.ownPartitionMinimum = ownPartition ? 0 : Int.max }
  return try loader.ingest(path: path, force: force)
}

func count(_ db: Connection, _ sql: String, _ parameters: [any PostgresBindable] = []) throws -> Int {
  try db.scalar(Int.self, sql, parameters) ?? -1
}

/// The batch's counts must equal the rows its tables hold, and add up to the input.
func reconciliationProblems(_ db: Connection, batchID: Int) throws -> [String] {
  let row = try db.execute(
    """
    select b.input_rows, b.sales_rows, b.return_rows, b.adjustment_rows, b.rejected_rows, b.duplicate_rows,
      (select count(*) from core.fact_sales where batch_id = b.batch_id) as sales,
      (select count(*) from core.fact_returns where batch_id = b.batch_id) as returns,
      (select count(*) from core.adjustment where batch_id = b.batch_id) as adjustments,
      (select count(*) from etl.reject where batch_id = b.batch_id and reason <> 'duplicate') as rejected,
      (select count(*) from etl.reject where batch_id = b.batch_id and reason = 'duplicate') as duplicates
    from etl.batch b where b.batch_id = $1
    """, [batchID]
  ).first!
  var problems: [String] = []
  let pairs = [
    ("sales_rows", "sales"), ("return_rows", "returns"), ("adjustment_rows", "adjustments"),
    ("rejected_rows", "rejected"), ("duplicate_rows", "duplicates"),
  ]
  var sum = 0
  for (recorded, actual) in pairs {
    let r = try row.decode(Int.self, recorded), a = try row.decode(Int.self, actual)
    if r != a { problems.append("\(recorded)=\(r) but table holds \(a)") }
    sum += a
  }
  let input = try row.decode(Int.self, "input_rows")
  if input != sum { problems.append("input_rows=\(input) but tables hold \(sum)") }
  // Orphan keys: facts carry no foreign keys, so integrity is checked here.
  for (fact, dims) in [
    ("core.fact_sales", ["customer", "product", "country"]), ("core.fact_returns", ["customer", "product", "country"]),
    ("core.adjustment", ["customer", "product", "country"]),
  ] {
    for dim in dims {
      let orphans = try count(
        db, "select count(*) from \(fact) f where not exists (select 1 from core.dim_\(dim) d where d.\(dim)_key = f.\(dim)_key)")
      if orphans > 0 { problems.append("\(orphans) rows of \(fact) have no \(dim)") }
    }
    let noDate = try count(db, "select count(*) from \(fact) f where not exists (select 1 from core.dim_date d where d.date_key = f.date_key)")
    if noDate > 0 { problems.append("\(noDate) rows of \(fact) have no date") }
  }
  return problems
}

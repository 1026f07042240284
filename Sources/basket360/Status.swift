import ArgumentParser
import Foundation
import Warehouse

extension Basket360 {
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Batches and their reconciliation, cleaning-rule counts, recent runs, table sizes.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func run() throws {
      try runReportingErrors {
        _ = global.makeLogger()
        let db = try global.connect()
        let status = try WarehouseStatus.read(db)
        if json {
          try printJSON(status)
          return
        }
        if status.migrations.isEmpty {
          print("The warehouse is not initialised: run `basket360 init`.")
          return
        }
        print("Batches (input = sales + returns + adjustments + rejected + duplicates):")
        print(
          table(
            ["batch", "file", "input", "sales", "returns", "adjust", "rejected", "dupes", "ok", "loaded at (UTC)"],
            status.batches.map {
              [
                "\($0.batchId)", $0.file, "\($0.inputRows)", "\($0.salesRows)", "\($0.returnRows)",
                "\($0.adjustmentRows)", "\($0.rejectedRows)", "\($0.duplicateRows)", $0.reconciles ? "yes" : "NO",
                $0.loadedAt,
              ]
            }, rightAligned: Set(0...7)))
        if !status.rules.isEmpty {
          print("\nCleaning rules (lines caught or changed, all batches):")
          print(table(["rule", "lines"], status.rules.map { [$0.rule, "\($0.rows)"] }, rightAligned: [1]))
        }
        if !status.runs.isEmpty {
          print("\nRecent runs:")
          print(
            table(
              ["run", "command", "status", "started (UTC)", "ms", "error"],
              status.runs.map {
                ["\($0.runId)", $0.command, $0.status, $0.startedAt, $0.durationMs.map(String.init) ?? "", $0.error ?? ""]
              }, rightAligned: [0, 4]))
        }
        print("\nTables:")
        print(
          table(
            ["table", "rows", "size"],
            status.tables.map { [$0.table, "\($0.rows)", ByteCountFormatter.string(fromByteCount: Int64($0.bytes), countStyle: .binary)] },
            rightAligned: [1, 2]))
      }
    }
  }
}

/// A plain text table with a header rule.
func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
  let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
  func line(_ cells: [String]) -> String {
    cells.enumerated().map { c, cell in
      let pad = String(repeating: " ", count: widths[c] - cell.count)
      return rightAligned.contains(c) ? pad + cell : cell + pad
    }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
  }
  return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line))
    .joined(separator: "\n")
}

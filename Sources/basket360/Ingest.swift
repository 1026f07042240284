import ArgumentParser
import Foundation
import Ingest
import Logging
import Pipeline
import PostgresClient
import Warehouse

extension Basket360 {
  struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Extract, clean and load transaction files (one batch per file).",
      discussion: """
        Each FILE (CSV or .csv.gz, UTF-8 or Latin-1) becomes one batch, loaded in one transaction.
        A DIR stands for the .csv, .csv.gz and .txt files in it, in name order. A file whose content
        was loaded before is skipped unless --force replaces that batch.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Files or directories to load.")
    var paths: [String]

    @Option(help: "Source mapping (config/sources/NAME.yml). Default: recognised from the file's header.")
    var source: String?

    @Flag(help: "Replace batches whose content was loaded before.")
    var force = false

    @OptionGroup var warehouse: WarehouseOptions

    @Flag(help: "Print a JSON summary on stdout.")
    var json = false

    func run() throws {
      try runReportingErrors {
        let logger = global.makeLogger()
        let files = try Self.expand(paths)
        let sources = try Self.sources(warehouse.config)
        let settings = try Self.settings(warehouse.config)
        let db = try global.connect()
        try requireInitialised(db)
        try RunLock.acquire(db, wait: warehouse.wait, logger: logger)
        defer { RunLock.release(db) }
        let runLog = try RunLog(db, command: "ingest", logger: logger)
        var reports: [BatchReport] = []
        do {
          for file in files {
            try runLog.stage("ingest", target: file) {
              let mapping = try BatchLoader.chooseSource(path: file, named: source, among: sources)
              if source == nil && !json { print("\(file): source \(mapping.name)") }
              let report = try Self.loader(db: db, source: mapping, settings: settings, logger: logger)
                .ingest(path: file, force: force)
              reports.append(report)
              if !json { print(Self.describe(report)) }
              return .init(
                rowsIn: report.inputRows,
                rowsOut: report.outcome == .unchanged ? 0 : report.inputRows - report.rejectedRows - report.duplicateRows,
                message: report.outcome.rawValue, skipped: report.outcome == .unchanged)
            }
          }
          runLog.finish()
        } catch {
          runLog.finish(error: error)
          throw error
        }
        if json { try printJSON(reports) }
      }
    }

    static func describe(_ r: BatchReport) -> String {
      switch r.outcome {
      case .unchanged:
        return "\(r.file): unchanged, already loaded as batch \(r.batchID) (sha256 \(r.sha256.prefix(12))…); use --force to replace it"
      case .loaded, .replaced:
        return """
          \(r.file): \(r.outcome == .loaded ? "loaded" : "replaced") as batch \(r.batchID) in \(String(format: "%.1f", Double(r.durationMs) / 1000)) s
            \(r.inputRows) input rows = \(r.salesRows) sales + \(r.returnRows) returns + \(r.adjustmentRows) adjustments + \(r.rejectedRows) rejected + \(r.duplicateRows) duplicates
          """
      }
    }

    /// The source mappings of the config directory, or the built-in UCI one without config.
    static func sources(_ explicit: String?) throws -> [SourceMapping] {
      guard let directory = Settings.locateDirectory(explicit: explicit) else { return [.onlineRetail] }
      let sources = try SourceMapping.loadAll(directory: directory)
      return sources.isEmpty ? [.onlineRetail] : sources
    }

    /// The ingest settings of the config directory (`ingest:` in basket360.yml), or the defaults
    /// without one, as for the source mappings. A directory with only source mappings will do.
    static func settings(_ explicit: String?) throws -> Settings.Ingest {
      guard let directory = Settings.locateDirectory(explicit: explicit) else { return Settings.Ingest() }
      return try mappingSettingsErrors { try Settings.loadIngest(directory: directory) }
    }

    /// A batch loader set up by the ingest settings.
    static func loader(db: Connection, source: SourceMapping, settings: Settings.Ingest, logger: Logger) -> BatchLoader {
      var loader = BatchLoader(db: db, source: source, logger: logger)
      loader.ownPartitionMinimum = settings.ownPartitionMinSalesLines
      return loader
    }

    /// Files named directly, and the data files inside named directories.
    static func expand(_ paths: [String]) throws -> [String] {
      var files: [String] = []
      for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
          throw InputError(.notFound, file: path, "no such file or directory")
        }
        if isDirectory.boolValue, FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("sales.csv")) {
          // A three-file export (customers.csv, products.csv, sales.csv) is one batch.
          files.append(path)
        } else if isDirectory.boolValue {
          let entries = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
          let data = entries.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".csv.gz") || $0.hasSuffix(".txt") }
          files += data.map { (path as NSString).appendingPathComponent($0) }
        } else {
          files.append(path)
        }
      }
      if files.isEmpty { throw CLIError(.noInput, "no data files in \(paths.joined(separator: ", "))") }
      return files
    }
  }
}

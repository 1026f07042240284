import ArgumentParser
import Foundation
import Ingest
import Pipeline
import Warehouse

extension Basket360 {
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The scheduled job: every stage in order (migrate, ingest, insights, rfm, clv, clusters, forecast).",
      discussion: """
        Stages run in series and stop at the first failure; each is recorded in etl.stage_run.
        The ingest stage loads the FILE|DIR arguments (skipped when none are given); already
        loaded files are recognised by content and skipped. Use --from to resume at a stage and
        --only to run one stage.
        """)

    enum Stage: String, ExpressibleByArgument, CaseIterable {
      case ingest, insights, rfm, clv, clusters, forecast
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Files or directories to ingest.")
    var paths: [String] = []

    @Option(help: "Source mapping for the files (default: recognised from each file's header).")
    var source: String?

    @Option(help: "Start at this stage: \(Stage.allCases.map(\.rawValue).joined(separator: ", ")).")
    var from: Stage?

    @Option(help: "Run only this stage.")
    var only: Stage?

    @Option(help: "As-of date (yyyy-mm-dd) for the models. Default: the day after the last sale.")
    var asOf: String?

    @OptionGroup var warehouse: WarehouseOptions

    func validate() throws {
      if from != nil && only != nil { throw ValidationError("use --from or --only, not both") }
      try validateAsOf(asOf)
    }

    func run() throws {
      try runReportingErrors {
        let logger = global.makeLogger()
        let settings = try loadSettings(warehouse.config)
        let stages = Stage.allCases.filter { stage in
          if let only { return stage == only }
          if let from { return Stage.allCases.firstIndex(of: stage)! >= Stage.allCases.firstIndex(of: from)! }
          return true
        }
        let files = paths.isEmpty ? [] : try Ingest.expand(paths)
        let db = try global.connect()
        try RunLock.acquire(db, wait: warehouse.wait, logger: logger)
        defer { RunLock.release(db) }
        // Migrating first makes the job self-sufficient on a new database.
        let applied = try Migrator().migrate(db, logger: logger)
        if !applied.isEmpty { print("migrated: \(applied.joined(separator: ", "))") }
        let runLog = try RunLog(db, command: "run", logger: logger)
        let started = Date()
        do {
          var rfm: RFMSnapshot?
          for stage in stages {
            switch stage {
            case .ingest:
              if files.isEmpty {
                try runLog.stage("ingest") { .init(message: "no input files", skipped: true) }
              }
              let sources = try Ingest.sources(warehouse.config)
              for file in files {
                try runLog.stage("ingest", target: file) {
                  let mapping = try BatchLoader.chooseSource(path: file, named: source, among: sources)
                  let report = try Ingest.loader(db: db, source: mapping, settings: settings.ingest, logger: logger)
                    .ingest(path: file)
                  print(Ingest.describe(report))
                  return .init(
                    rowsIn: report.inputRows, rowsOut: report.outcome == .unchanged ? 0 : report.salesRows,
                    message: report.outcome.rawValue, skipped: report.outcome == .unchanged)
                }
              }
            case .insights, .rfm, .clv, .clusters, .forecast:
              try ModelStage(rawValue: stage.rawValue)!.run(
                db: db, settings: settings, logger: logger, runLog: runLog, asOf: asOf, holdoutDays: nil, rfm: &rfm)
            }
          }
          runLog.finish()
        } catch {
          runLog.finish(error: error)
          throw error
        }
        print("run \(runLog.runID) finished in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
      }
    }
  }
}

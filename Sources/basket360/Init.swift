import ArgumentParser
import Warehouse

extension Basket360 {
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create or migrate the warehouse schemas (idempotent).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
      try runReportingErrors {
        let logger = global.makeLogger()
        let db = try global.connect()
        let applied = try Migrator().migrate(db, logger: logger)
        let all = try Migrator.appliedVersions(db)
        if applied.isEmpty {
          print("Warehouse is up to date (\(all.count) migrations, last \(all.last ?? "none")).")
        } else {
          print("Applied \(applied.count) migration(s): \(applied.joined(separator: ", ")).")
        }
      }
    }
  }
}

import Foundation
import Logging
import PostgresClient
import Warehouse

/// Real PostgreSQL databases for tests: each test gets a database of its own, created from a
/// migrated template (so tests run in any order and in parallel) and dropped afterwards.
///
/// Configured by `BASKET360_TEST_DATABASE_URL`, a connection string to a server where the
/// user may create databases (`make test` starts a project-local server and sets it). Without
/// it, database tests are skipped with a message; `make test` never skips them.
public enum TestDatabase {
  public static let adminConninfo: String? = ProcessInfo.processInfo.environment["BASKET360_TEST_DATABASE_URL"]

  public static var isConfigured: Bool { adminConninfo != nil }

  public static let skipReason: Comment =
    "BASKET360_TEST_DATABASE_URL is not set: database tests skipped (run `make test`, which starts PostgreSQL)"

  /// A logger that discards everything below warning.
  public static var logger: Logger {
    var logger = Logger(label: "basket360.test", factory: { _ in SwiftLogNoOpLogHandler() })
    logger.logLevel = .warning
    return logger
  }

  private final class Template: Sendable {
    let name: String
    let failure: String?
    init() {
      let name = "b360_template_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
      self.name = name
      do {
        let admin = try Connection(TestDatabase.adminConninfo ?? "")
        try admin.execute("create database \(quoteIdentifier(name))")
        let db = try Connection(TestDatabase.adminConninfo ?? "", database: name)
        try Migrator().migrate(db, logger: TestDatabase.logger)
        db.close()
        failure = nil
      } catch {
        failure = "cannot prepare template database: \(String(reflecting: error))"
      }
    }
  }

  private static let template = Template()

  /// The connection string of `database` on the test server.
  public static func conninfo(database: String) -> String {
    (adminConninfo ?? "") + " dbname=\(database)"
  }

  /// Creates a fresh database (migrated unless `migrated` is false), runs `body` with a
  /// connection to it and the database name, then drops it.
  public static func with<T>(migrated: Bool = true, _ body: (Connection, String) throws -> T) throws -> T {
    guard let adminConninfo else { throw PostgresError(kind: .client, message: "BASKET360_TEST_DATABASE_URL is not set") }
    if migrated, let failure = template.failure { throw PostgresError(kind: .client, message: failure) }
    let name = "b360_test_\(getpid())_\(UInt64.random(in: 0...UInt64.max))"
    let admin = try Connection(adminConninfo)
    try admin.execute(
      "create database \(quoteIdentifier(name))" + (migrated ? " template \(quoteIdentifier(template.name))" : ""))
    defer { _ = try? admin.execute("drop database if exists \(quoteIdentifier(name)) with (force)") }
    let db = try Connection(adminConninfo, database: name)
    defer { db.close() }
    return try body(db, name)
  }

  /// Path of a file in the project's `data/` directory.
  public static func dataFile(_ name: String, filePath: String = #filePath) -> String {
    var url = URL(fileURLWithPath: filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      let candidate = url.appendingPathComponent("data").appendingPathComponent(name)
      if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
    }
    return name
  }
}

/// A comment type independent of the test framework, so this module does not import Testing.
public typealias Comment = String

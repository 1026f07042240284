import Foundation
import Logging
import PostgresClient

/// Records a command's run in `etl.run` and each of its stages in `etl.stage_run`.
///
/// Bookkeeping rows are written outside the stage's transaction, so a stage that fails and
/// rolls back still leaves its `failed` row and error message behind.
public final class RunLog {
  public let runID: Int
  let db: Connection
  let logger: Logger

  public init(_ db: Connection, command: String, logger: Logger) throws {
    self.db = db
    self.logger = logger
    runID = try db.scalar(Int.self, "insert into etl.run (command) values ($1) returning run_id", [command]) ?? 0
  }

  /// The outcome a stage reports: rows read and written, and a short message.
  public struct StageResult: Sendable {
    public var rowsIn: Int?
    public var rowsOut: Int?
    public var message: String?
    public var skipped: Bool
    public init(rowsIn: Int? = nil, rowsOut: Int? = nil, message: String? = nil, skipped: Bool = false) {
      self.rowsIn = rowsIn
      self.rowsOut = rowsOut
      self.message = message
      self.skipped = skipped
    }
  }

  /// Runs `body` as a recorded stage. `body` opens its own transaction when it needs one.
  @discardableResult
  public func stage(_ name: String, target: String? = nil, _ body: () throws -> StageResult) throws -> StageResult {
    let id =
      try db.scalar(
        Int.self, "insert into etl.stage_run (run_id, stage, target) values ($1, $2, $3) returning stage_run_id",
        [runID, name, target]) ?? 0
    let started = Date()
    do {
      let result = try body()
      let ms = Int(Date().timeIntervalSince(started) * 1000)
      try db.execute(
        """
        update etl.stage_run set finished_at = clock_timestamp(), duration_ms = $2, status = $3,
          rows_in = $4, rows_out = $5, message = $6 where stage_run_id = $1
        """,
        [id, ms, result.skipped ? "skipped" : "succeeded", result.rowsIn, result.rowsOut, result.message])
      logger.info(
        "Stage finished",
        metadata: [
          "etl.stage": "\(name)", "etl.target": "\(target ?? "")", "duration.ms": "\(ms)",
          "rows.in": "\(result.rowsIn.map(String.init) ?? "")", "rows.out": "\(result.rowsOut.map(String.init) ?? "")",
          "status": "\(result.skipped ? "skipped" : "succeeded")",
        ])
      return result
    } catch {
      let ms = Int(Date().timeIntervalSince(started) * 1000)
      _ = try? db.execute(
        """
        update etl.stage_run set finished_at = clock_timestamp(), duration_ms = $2, status = 'failed',
          message = $3 where stage_run_id = $1
        """, [id, ms, String(describing: error)])
      throw error
    }
  }

  /// Marks the run finished.
  public func finish(error: (any Error)? = nil) {
    _ = try? db.execute(
      "update etl.run set finished_at = clock_timestamp(), status = $2, error = $3 where run_id = $1",
      [runID, error == nil ? "succeeded" : "failed", error.map { String(describing: $0) }])
  }
}

/// The advisory lock that keeps two Basket360 runs from changing the warehouse at once.
public enum RunLock {
  public static let key: Int64 = 0x6233_3630_7275_6e73  // "b360runs"

  /// Takes the lock; if another run holds it, either waits (logging that it does) or throws.
  public static func acquire(_ db: Connection, wait: Bool, logger: Logger) throws {
    if try db.tryAdvisoryLock(key) { return }
    guard wait else { throw WarehouseError.locked }
    logger.notice("Another basket360 run holds the warehouse lock; waiting for it to finish")
    try db.advisoryLock(key)
  }

  public static func release(_ db: Connection) {
    _ = try? db.advisoryUnlock(key)
  }
}

/// Errors of the warehouse layer.
public struct WarehouseError: Error, CustomStringConvertible, Sendable {
  public enum Code: Sendable { case locked, notInitialised, invariant }
  public let code: Code
  public let message: String
  public var description: String { message }

  public static let locked = WarehouseError(
    code: .locked, message: "another basket360 run holds the warehouse lock (use --wait to wait for it)")
  public static let notInitialised = WarehouseError(
    code: .notInitialised, message: "the warehouse is not initialised: run `basket360 init` first")
  public static func invariant(_ message: String) -> WarehouseError { WarehouseError(code: .invariant, message: message) }
}

import Foundation
import Logging
import PostgresClient

/// One numbered SQL migration shipped with Basket360 (`Migrations/NNNN_name.sql`).
public struct Migration: Sendable {
  public let version: String
  public let name: String
  public let sql: String

  public init(version: String, name: String, sql: String) {
    self.version = version
    self.name = name
    self.sql = sql
  }
  /// SHA-256 of the SQL text, stored so an edited, already-applied migration is noticed.
  public var checksum: String { Checksum.sha256Hex(Array(sql.utf8)) }
}

/// Applies the migrations not yet applied, in order, each in its own transaction, and records
/// them in `etl.schema_migration`. Running it again changes nothing.
public struct Migrator {
  public let migrations: [Migration]

  public init(migrations: [Migration] = Migrator.bundled()) {
    self.migrations = migrations.sorted { $0.version < $1.version }
  }

  /// The migrations bundled in this module's resources.
  public static func bundled() -> [Migration] {
    guard let dir = Bundle.module.url(forResource: "Migrations", withExtension: nil),
      let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
    else { return [] }
    return files.filter { $0.hasSuffix(".sql") }.sorted().compactMap { file in
      guard let sql = try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8) else { return nil }
      let stem = String(file.dropLast(4))
      let parts = stem.split(separator: "_", maxSplits: 1)
      return Migration(version: String(parts[0]), name: parts.count > 1 ? String(parts[1]) : stem, sql: sql)
    }
  }

  /// Advisory lock key that serialises migrations across processes.
  static let lockKey: Int64 = 0x6233_3630_6d69_6772  // "b360migr"

  /// Applies pending migrations; returns the versions applied now.
  @discardableResult
  public func migrate(_ db: Connection, logger: Logger) throws -> [String] {
    try db.advisoryLock(Self.lockKey)
    defer { _ = try? db.advisoryUnlock(Self.lockKey) }
    try db.execute("create schema if not exists etl")
    try db.execute(
      """
      create table if not exists etl.schema_migration (
        version text primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )
      """)
    let applied = try db.execute("select version, checksum from etl.schema_migration")
    var known: [String: String] = [:]
    for row in applied.all { known[try row.decode(String.self, "version")] = try row.decode(String.self, "checksum") }

    var done: [String] = []
    for migration in migrations {
      if let checksum = known[migration.version] {
        if checksum != migration.checksum {
          logger.warning(
            "Applied migration differs from the shipped file",
            metadata: ["migration.version": "\(migration.version)", "migration.name": "\(migration.name)"])
        }
        continue
      }
      let started = Date()
      try db.transaction {
        try db.executeScript(migration.sql)
        try db.execute(
          "insert into etl.schema_migration (version, name, checksum) values ($1, $2, $3)",
          [migration.version, migration.name, migration.checksum])
      }
      logger.info(
        "Applied migration",
        metadata: [
          "migration.version": "\(migration.version)", "migration.name": "\(migration.name)",
          "duration.ms": "\(Int(Date().timeIntervalSince(started) * 1000))",
        ])
      done.append(migration.version)
    }
    return done
  }

  /// Versions recorded as applied, oldest first.
  public static func appliedVersions(_ db: Connection) throws -> [String] {
    let exists = try db.scalar(Bool.self, "select to_regclass('etl.schema_migration') is not null") ?? false
    guard exists else { return [] }
    return try db.execute("select version from etl.schema_migration order by version").all.map {
      try $0.decode(String.self, 0)
    }
  }
}

import PostgresClient
import TestSupport
import Testing
import Warehouse

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct MigrationTests {
  @Test func initIsIdempotent() throws {
    try TestDatabase.with(migrated: false) { db, _ in
      let shipped = Migrator.bundled()
      #expect(shipped.count >= 4)
      let first = try Migrator().migrate(db, logger: TestDatabase.logger)
      #expect(first == shipped.map(\.version))
      let second = try Migrator().migrate(db, logger: TestDatabase.logger)
      #expect(second.isEmpty)
      #expect(try Migrator.appliedVersions(db) == shipped.map(\.version))
      for schema in ["etl", "staging", "core", "analytics", "mart"] {
        #expect(try db.scalar(Bool.self, "select exists (select 1 from pg_namespace where nspname = $1)", [schema]) == true)
      }
      // The unknown customer member and the country reference are seeded once.
      #expect(try db.scalar(Int.self, "select count(*) from core.dim_customer where customer_key = 0 and is_guest") == 1)
      #expect(try db.scalar(Int.self, "select count(*) from core.dim_country") == 252)
    }
  }

  @Test func aFailingMigrationLeavesNoTrace() throws {
    try TestDatabase.with(migrated: false) { db, _ in
      let broken = Migrator(migrations: Migrator.bundled() + [Migration(version: "9999", name: "broken", sql: "create table core.half (a int); select 1/0;")])
      #expect(throws: PostgresError.self) { try broken.migrate(db, logger: TestDatabase.logger) }
      let halfTableGone = try db.scalar(Bool.self, "select to_regclass('core.half') is null")
      let applied = try Migrator.appliedVersions(db)
      #expect(halfTableGone == true)
      #expect(!applied.contains("9999"))
      #expect(applied.count == Migrator.bundled().count)
    }
  }
}

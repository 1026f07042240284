import Foundation
import PostgresClient
import TestSupport
import Testing

/// Runs the built `basket360` binary, as a scheduler would.
func basket360(_ arguments: [String], database: String?) throws -> (status: Int32, stdout: String, stderr: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: ProjectFiles.builtProduct("basket360") ?? "basket360")
  process.arguments = arguments
  var environment = ProcessInfo.processInfo.environment
  environment["BASKET360_DATABASE_URL"] = database
  process.environment = environment
  let out = Pipe(), err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct CommandLineTests {
  @Test func exitCodesNameTheProblem() throws {
    try TestDatabase.with(migrated: false) { _, name in
      let conninfo = TestDatabase.conninfo(database: name)
      let fixture = try writeTemporary(rulesFixture)

      let notInitialised = try basket360(["ingest", fixture], database: conninfo)
      #expect(notInitialised.status == 78)
      #expect(notInitialised.stderr.contains("basket360 init"))

      #expect(try basket360(["init"], database: conninfo).status == 0)
      let again = try basket360(["init"], database: conninfo)
      #expect(again.status == 0)
      #expect(again.stdout.contains("up to date"))

      let missing = try basket360(["ingest", "/nonexistent/file.csv"], database: conninfo)
      #expect(missing.status == 66)
      #expect(missing.stderr.contains("/nonexistent/file.csv"))

      let badHeader = try basket360(["ingest", try writeTemporary("Invoice,Qty\n1,2\n")], database: conninfo)
      #expect(badHeader.status == 65)
      #expect(badHeader.stderr.contains("line 1"))

      let unreachable = try basket360(["status"], database: "host=/nonexistent port=1 password=hunter2")
      #expect(unreachable.status == 69)
      #expect(!unreachable.stderr.contains("hunter2"))

      let loaded = try basket360(["ingest", fixture], database: conninfo)
      #expect(loaded.status == 0)
      #expect(loaded.stdout.contains("18 input rows = 7 sales + 1 returns + 4 adjustments + 5 rejected + 1 duplicates"))
      let unchanged = try basket360(["ingest", fixture], database: conninfo)
      #expect(unchanged.stdout.contains("unchanged"))

      let status = try basket360(["status", "--json"], database: conninfo)
      #expect(status.status == 0)
      let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
      let batch = try #require((json["batches"] as? [[String: Any]])?.first)
      for key in ["file", "sha256", "input_rows", "sales_rows", "return_rows", "adjustment_rows", "rejected_rows", "duplicate_rows", "loaded_at"] {
        #expect(batch[key] != nil, "status --json lacks \(key)")
      }
      #expect(batch["input_rows"] as? Int == 18)
      #expect(batch["reconciles"] as? Bool == true)

      let plain = try basket360(["status"], database: conninfo)
      #expect(plain.stdout.contains("duplicate"))
      #expect(plain.stdout.contains("yes"))

      // The scheduled job runs the models after the ingest stage, and a bad option is a usage error.
      #expect(try basket360(["run", "--only", "rfm"], database: conninfo).status == 0)
      #expect(try basket360(["run", "--from", "rfm", "--only", "clv"], database: conninfo).status == 64)
      #expect(try basket360(["model", "rfm", "--as-of", "2011-13-01"], database: conninfo).status == 64)
    }
  }

  /// `ingest.own_partition_min_sales_lines` in the config decides which batches get a partition of
  /// their own, for `ingest` and for `run`; a bad value is a config error (exit 78) naming the key.
  @Test func theConfigSetsWhichBatchesGetTheirOwnPartition() throws {
    try TestDatabase.with(migrated: false) { db, name in
      let conninfo = TestDatabase.conninfo(database: name)
      #expect(try basket360(["init"], database: conninfo).status == 0)
      // No segment schemes in the directory: ingest does not need them; run (which loads every
      // setting) is told there are none.
      func config(_ ingest: String, noSchemes: Bool = false) throws -> String {
        try ProjectFiles.temporaryConfig("ingest:\n  \(ingest)\n" + (noSchemes ? "rfm:\n  schemes: []\n" : ""))
      }
      func partitions() throws -> [String] {
        try db.execute(
          "select c.relname::text from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'core.fact_sales'::regclass order by 1"
        ).all.map { try $0.decode(String.self, 0) }
      }
      // 7 sales lines: shared under the shipped threshold, a partition of their own at 7.
      let fixture = try writeTemporary(rulesFixture)
      let small = try basket360(["ingest", fixture], database: conninfo)
      #expect(small.status == 0)
      #expect(try partitions() == ["fact_sales_small"])
      let own = try basket360(["ingest", "--force", "--config", try config("own_partition_min_sales_lines: 7"), fixture], database: conninfo)
      #expect(own.status == 0)
      let batch = try #require(try db.scalar(Int.self, "select max(batch_id)::int from etl.batch"))
      #expect(try partitions() == ["fact_sales_\(batch)", "fact_sales_small"])
      #expect(try db.scalar(Int.self, "select count(*)::int from core_batch.fact_sales_\(batch)") == 7)
      #expect(try db.scalar(Int.self, "select count(*)::int from core_batch.fact_sales_small") == 0)

      let other = try writeTemporary(rulesFixture + "536999,22423,REGENCY CAKESTAND 3 TIER,1,2010-12-09 12:00:00,12.75,12345,France\n")
      let run = try basket360(["run", "--only", "ingest", "--config", try config("own_partition_min_sales_lines: 8", noSchemes: true), other], database: conninfo)
      #expect(run.status == 0)
      let runBatch = try #require(try db.scalar(Int.self, "select max(batch_id)::int from etl.batch"))
      #expect(try partitions().contains("fact_sales_\(runBatch)"))

      let bad = try basket360(["ingest", "--config", try config("own_partition_min_sales_lines: -1"), fixture], database: conninfo)
      #expect(bad.status == 78)
      #expect(bad.stderr.contains("ingest.own_partition_min_sales_lines"))
    }
  }
}

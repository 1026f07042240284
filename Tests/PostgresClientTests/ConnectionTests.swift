import Foundation
import PostgresClient
import TestSupport
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct ConnectionTests {
  @Test func parametersOfEachTypeRoundTrip() throws {
    try TestDatabase.with(migrated: false) { db, _ in
      let result = try db.execute(
        "select $1::int8 as i, $2::float8 as d, $3::text as t, $4::bool as b, $5::numeric as n, $6::text as null_text, $7::int4 as small",
        [Int(-9_007_199_254_740_993), 2.5e-7, "Crème brûlée £ 日本 🚀", true, Decimal(string: "12345678901234567890.0001")!,
         Optional<String>.none, Int32(42)])
      let row = try #require(result.first)
      #expect(try row.decode(Int.self, "i") == -9_007_199_254_740_993)
      #expect(try row.decode(Double.self, "d") == 2.5e-7)
      #expect(try row.decode(String.self, "t") == "Crème brûlée £ 日本 🚀")
      #expect(try row.decode(Bool.self, "b") == true)
      #expect(try row.decode(Decimal.self, "n") == Decimal(string: "12345678901234567890.0001")!)
      #expect(row["null_text"] == nil)
      #expect(try row.decode(String?.self, "null_text") == nil)
      #expect(try row.decode(Int.self, "small") == 42)
    }
  }

  @Test func valuesAreNeverSplicedIntoSQL() throws {
    try TestDatabase.with(migrated: false) { db, _ in
      try db.execute("create table t (v text)")
      let hostile = "x'); drop table t; --"
      try db.execute("insert into t values ($1)", [hostile])
      #expect(try db.scalar(String.self, "select v from t") == hostile)
      #expect(try db.scalar(Int.self, "select count(*) from t") == 1)
    }
  }

  @Test func binaryCopyStoresWhatTheTextFormsMean() throws {
    try TestDatabase.with(migrated: false) { db, _ in
      try db.execute("create table b (id bigint, n integer, t text, ts timestamp, v numeric, source text)")
      let decimals = [
        "0", "0.00", "-0.5", ".5", "7.", "+3", "00012.3400", "10000", "-11062.06", "0.0001", "0.00001", "123456789.123456789",
        "99999999999999999999.99999", "-0.000000001", "2.55", "1E5",
      ]
      let copied = try db.copyInBinary("copy b (id, n, t, ts, v, source) from stdin (format binary)", columns: 6) { out in
        for (i, d) in decimals.enumerated() {
          out.int64(i == 0 ? Int.min : i)
          out.int32(i == 1 ? Int(Int32.min) : -i)
          out.text(i % 3 == 0 ? nil : "ünï \(i)\t\\N")
          // 2010-12-01 08:26:00 plus i days and i seconds, in microseconds since 2000-01-01.
          out.timestamp(microsecondsSince2000: (Int64(3987 + i) * 86_400 + 30_360 + Int64(i)) * 1_000_000)
          if d == "1E5" { out.null() } else { try out.numeric(d) }
          out.text(d)
          try out.endRow()
        }
      }
      #expect(copied == decimals.count)
      #expect(try db.scalar(Int.self, "select id from b where source = '0'") == Int.min)
      #expect(try db.scalar(Int.self, "select n from b where source = '0.00'") == Int(Int32.min))
      #expect(try db.scalar(String.self, "select t from b where source = '-0.5'") == "ünï 2\t\\N")
      #expect(try db.scalar(String.self, "select ts::text from b where source = '0'") == "2010-12-01 08:26:00")
      #expect(try db.scalar(String.self, "select ts::text from b where source = '.5'") == "2010-12-04 08:26:03")
      // Each numeric is the value (and scale) numeric_in gives its text.
      let mismatches = try db.execute(
        "select source, v::text as got, source::numeric::text as want from b where v is not null and v::text <> source::numeric::text")
      #expect(mismatches.all.isEmpty, "\(mismatches.all.map { try? $0.decode(String.self, "source") })")
      #expect(try db.scalar(Int.self, "select count(*) from b where v is not null") == decimals.count - 1)
      #expect(throws: PostgresError.self) {
        try db.copyInBinary("copy b (id, n) from stdin (format binary)", columns: 2) { out in
          out.int64(1)
          try out.endRow()
        }
      }
      #expect(try db.scalar(Int.self, "select count(*) from b") == decimals.count)
    }
  }

  @Test func copyInAndOutOf100kRows() throws {
    try TestDatabase.with(migrated: false) { db, _ in
      try db.execute("create table c (id int primary key, label text, note text)")
      let awkward = ["tab\there", "new\nline", "back\\slash", "carriage\rreturn", "plain", "ünïcödé €", "\\N"]
      let copied = try db.copyIn("copy c (id, label, note) from stdin") { out in
        for i in 0..<100_000 {
          out.field(i)
          out.field(awkward[i % awkward.count])
          out.field(i % 10 == 0 ? nil : "n\(i)")
          try out.endRow()
        }
      }
      #expect(copied == 100_000)
      #expect(try db.scalar(Int.self, "select count(*) from c where note is null") == 10_000)
      #expect(try db.scalar(String.self, "select label from c where id = 1") == "new\nline")
      #expect(try db.scalar(String.self, "select label from c where id = 6") == "\\N")

      var lines = 0
      var firstLine = ""
      let read = try db.copyOut("copy (select id, label, note from c order by id) to stdout") { bytes in
        if lines == 0 { firstLine = String(decoding: bytes, as: UTF8.self) }
        lines += 1
      }
      #expect(read == 100_000)
      #expect(lines == 100_000)
      #expect(firstLine == "0\ttab\\there\t\\N\n")
    }
  }

  @Test func errorsCarrySQLState() throws {
    try TestDatabase.with(migrated: false) { db, _ in
      try db.execute("create table u (k int constraint u_pk primary key)")
      try db.execute("insert into u values (1)")
      let duplicate = #expect(throws: PostgresError.self) { try db.execute("insert into u values ($1)", [1]) }
      #expect(duplicate?.sqlState == "23505")
      #expect(duplicate?.constraint == "u_pk")
      #expect(duplicate?.table == "u")
      #expect(duplicate?.detail?.contains("(k)=(1)") == true)
      #expect(duplicate?.statement == "insert into u values ($1)")
      // The short description names the SQLSTATE but no data values.
      #expect(duplicate?.description.contains("(k)=(1)") == false)

      let syntax = #expect(throws: PostgresError.self) { try db.execute("selec 1") }
      #expect(syntax?.sqlState == "42601")
      #expect(syntax.map { SQLState.syntaxError ~= $0 } == true)
      #expect(syntax?.isClass("42") == true)
      // The connection is still usable after errors.
      #expect(try db.scalar(Int.self, "select 1") == 1)
    }
  }

  @Test func failedStatementRollsBackTheTransaction() throws {
    try TestDatabase.with(migrated: false) { db, _ in
      try db.execute("create table r (k int primary key)")
      #expect(throws: PostgresError.self) {
        try db.transaction {
          try db.execute("insert into r values (1)")
          try db.execute("insert into r values (1)")
        }
      }
      #expect(try db.scalar(Int.self, "select count(*) from r") == 0)
      #expect(!db.inTransaction)

      // An error swallowed inside the block still does not commit half the work.
      #expect(throws: PostgresError.self) {
        try db.transaction {
          try db.execute("insert into r values (2)")
          _ = try? db.execute("insert into r values (2)")
        }
      }
      #expect(try db.scalar(Int.self, "select count(*) from r") == 0)

      try db.transaction { try db.execute("insert into r values (3)") }
      #expect(try db.scalar(Int.self, "select count(*) from r") == 1)
    }
  }

  @Test func copyAbortedByTheClientLeavesNothing() throws {
    struct Stop: Error {}
    try TestDatabase.with(migrated: false) { db, _ in
      try db.execute("create table a (k int)")
      #expect(throws: Stop.self) {
        try db.copyIn("copy a from stdin") { out in
          for i in 0..<50_000 {
            out.field(i)
            try out.endRow()
          }
          throw Stop()
        }
      }
      #expect(try db.scalar(Int.self, "select count(*) from a") == 0)

      // A server-side COPY error names the line.
      let error = #expect(throws: PostgresError.self) {
        try db.copyIn("copy a from stdin") { out in
          try out.row(["1"])
          try out.row(["not a number"])
        }
      }
      #expect(error?.sqlState == "22P02")
      #expect(error?.context?.contains("line 2") == true)
    }
  }

  @Test func advisoryLocksExcludeOtherSessions() throws {
    try TestDatabase.with(migrated: false) { db, name in
      let other = try Connection(TestDatabase.conninfo(database: name))
      #expect(try db.tryAdvisoryLock(4242))
      #expect(try other.tryAdvisoryLock(4242) == false)
      #expect(try db.advisoryUnlock(4242))
      #expect(try other.tryAdvisoryLock(4242))
      other.close()
      other.close()  // idempotent
    }
  }

  @Test func databaseOverrideWorksWithURIs() throws {
    try TestDatabase.with(migrated: false) { db, name in
      let socket = try #require(try db.scalar(String.self, "show unix_socket_directories"))
      let port = try #require(try db.scalar(String.self, "show port"))
      let uri = "postgresql:///postgres?host=\(socket.split(separator: ",")[0])&port=\(port)&user=postgres"
      let other = try Connection(uri, database: name)
      #expect(other.databaseName == name)
    }
  }
}

struct ConnectionErrorTests {
  @Test func unreachableServerIsAConnectionError() {
    let error = #expect(throws: PostgresError.self) {
      _ = try Connection("host=/nonexistent/socket/dir port=1 user=nobody password=s3cret connect_timeout=2")
    }
    #expect(error?.kind == .connection)
    #expect(error?.message.contains("s3cret") == false)
  }
}

struct COPYTextTests {
  @Test func escapesTheFourSpecialBytes() {
    #expect(COPYText.escape("a\tb\nc\rd\\e") == "a\\tb\\nc\\rd\\\\e")
    #expect(COPYText.escape("plain £") == "plain £")
    #expect(COPYText.escape("") == "")
  }

  @Test func identifiersFromConfigAreValidated() {
    #expect(isPlainIdentifier("fact_sales"))
    #expect(isPlainIdentifier("_x1"))
    #expect(!isPlainIdentifier("Sales"))
    #expect(!isPlainIdentifier("x; drop table y"))
    #expect(!isPlainIdentifier("1abc"))
    #expect(!isPlainIdentifier(String(repeating: "a", count: 64)))
    #expect(quoteIdentifier("we\"ird") == "\"we\"\"ird\"")
  }
}

import CLibPQ
import Foundation

/// A connection to PostgreSQL through libpq. Owns its `PGconn` and frees it exactly once.
///
/// Connect with a conninfo string (`host=/run/pg dbname=shop`) or a URI
/// (`postgresql://user@host/db`); an empty string uses the standard `PG*` variables,
/// `~/.pgpass` and service files, as every libpq program does.
///
/// A connection is used by one task at a time; it is not `Sendable`.
public final class Connection {
  private var handle: OpaquePointer?

  /// Opens a connection.
  /// - Throws: `PostgresError` of kind `.connection` with libpq's message (never the password).
  public init(_ conninfo: String = "", database: String? = nil) throws {
    // With a database override, the conninfo (string or URI) is expanded as the first
    // "dbname" and the second "dbname" replaces the database it names (libpq's
    // expand_dbname rule), so the override works for both syntaxes.
    let conn: OpaquePointer?
    if let database {
      conn = withCStrings(["dbname", "dbname"]) { keys in
        withCStrings([conninfo, database]) { values in PQconnectdbParams(keys, values, 1) }
      }
    } else {
      conn = PQconnectdb(conninfo)
    }
    guard let conn, PQstatus(conn) == CONNECTION_OK else {
      let message = conn.flatMap { PQerrorMessage($0).map { String(cString: $0) } } ?? "out of memory"
      PQfinish(conn)
      throw PostgresError(kind: .connection, message: message.trimmedTrailingNewlines())
    }
    handle = conn
    // Server NOTICEs ("relation already exists, skipping") would otherwise go to stderr.
    PQsetNoticeProcessor(conn, { _, _ in }, nil)
    if PQsetClientEncoding(conn, "UTF8") != 0 {
      let message = String(cString: PQerrorMessage(conn))
      close()
      throw PostgresError(kind: .connection, message: message.trimmedTrailingNewlines())
    }
  }

  deinit { close() }

  /// Closes the connection; calling it again does nothing.
  public func close() {
    if let handle {
      PQfinish(handle)
      self.handle = nil
    }
  }

  public var isOpen: Bool { handle != nil }

  /// The server version as an integer, e.g. 150018 for 15.18.
  public var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

  /// The database this connection is attached to.
  public var databaseName: String { handle.flatMap { PQdb($0).map { String(cString: $0) } } ?? "" }

  /// True while inside a transaction block (also when it is aborted).
  public var inTransaction: Bool {
    guard let handle else { return false }
    let status = PQtransactionStatus(handle)
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
  }

  func open() throws -> OpaquePointer {
    guard let handle else { throw PostgresError(kind: .client, message: "connection is closed") }
    return handle
  }

  // MARK: - Statements

  /// Runs one statement with its values bound as parameters (`$1`, `$2`, ...).
  ///
  /// Values never become part of the SQL text. Results are copied into Swift and the
  /// libpq result is freed before this returns.
  @discardableResult
  public func execute(_ sql: String, _ parameters: [any PostgresBindable] = []) throws -> QueryResult {
    let conn = try open()
    let texts: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.postgresText.map { strdup($0) } ?? nil }
    defer { texts.forEach { free($0) } }
    let types: [Oid] = parameters.map { Oid($0.postgresTypeOID) }
    let result = texts.withUnsafeBufferPointer { values in
      types.withUnsafeBufferPointer { oids in
        values.withMemoryRebound(to: UnsafePointer<CChar>?.self) { cValues in
          PQexecParams(
            conn, sql, Int32(parameters.count), oids.baseAddress, cValues.baseAddress,
            nil, nil, 0)
        }
      }
    }
    return try consume(result, conn: conn, statement: sql)
  }

  /// Runs a script of several statements separated by semicolons (simple query protocol).
  ///
  /// For trusted SQL only (migrations shipped with the program): it takes no parameters.
  public func executeScript(_ sql: String) throws {
    let conn = try open()
    // PQexec returns only the last statement's result, but stops at the first error,
    // which is then the result returned.
    _ = try consume(PQexec(conn, sql), conn: conn, statement: String(sql.prefix(200)))
  }

  private func consume(_ result: OpaquePointer?, conn: OpaquePointer, statement: String) throws -> QueryResult {
    defer { PQclear(result) }
    guard let result else {
      throw PostgresError(result: nil, connection: conn, statement: statement, kind: .connection)
    }
    switch PQresultStatus(result) {
    case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
      return Self.copyRows(result)
    case PGRES_COPY_IN, PGRES_COPY_OUT:
      // Leave the connection usable: abort the COPY the statement started.
      PQputCopyEnd(conn, "COPY must go through copyIn/copyOut")
      while let r = PQgetResult(conn) { PQclear(r) }
      throw PostgresError(kind: .client, message: "COPY statements must use copyIn/copyOut", statement: statement)
    default:
      throw PostgresError(result: result, connection: conn, statement: statement)
    }
  }

  private static func copyRows(_ result: OpaquePointer) -> QueryResult {
    let rowCount = Int(PQntuples(result))
    let columnCount = Int(PQnfields(result))
    let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
    var rows: [[String?]] = []
    rows.reserveCapacity(rowCount)
    for r in 0..<rowCount {
      var row: [String?] = []
      row.reserveCapacity(columnCount)
      for c in 0..<columnCount {
        if PQgetisnull(result, Int32(r), Int32(c)) != 0 {
          row.append(nil)
        } else {
          row.append(String(cString: PQgetvalue(result, Int32(r), Int32(c))))
        }
      }
      rows.append(row)
    }
    let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
    return QueryResult(columns: columns, rows: rows, affectedRows: affected)
  }

  // MARK: - Convenience

  /// The first column of the first row, decoded; nil when there is no row.
  public func scalar<T: PostgresDecodable>(
    _ type: T.Type = T.self, _ sql: String, _ parameters: [any PostgresBindable] = []
  ) throws -> T? {
    let result = try execute(sql, parameters)
    guard let row = result.first else { return nil }
    return try row.decode(T.self, 0)
  }

  // MARK: - Transactions

  /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
  ///
  /// If a statement failed inside `body` and the error was swallowed, the transaction is
  /// aborted on the server; this is detected and reported instead of a silent rollback.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN")
    let value: T
    do {
      value = try body()
    } catch {
      _ = try? execute("ROLLBACK")
      throw error
    }
    let conn = try open()
    if PQtransactionStatus(conn) == PQTRANS_INERROR {
      _ = try? execute("ROLLBACK")
      throw PostgresError(kind: .client, message: "transaction was aborted by an earlier error and has been rolled back")
    }
    try execute("COMMIT")
    return value
  }

  // MARK: - Advisory locks

  /// Takes the session-level advisory lock `key` if it is free; returns whether it did.
  public func tryAdvisoryLock(_ key: Int64) throws -> Bool {
    try scalar(Bool.self, "select pg_try_advisory_lock($1)", [key]) ?? false
  }

  /// Waits for and takes the session-level advisory lock `key`.
  public func advisoryLock(_ key: Int64) throws {
    try execute("select pg_advisory_lock($1)", [key])
  }

  /// Releases the session-level advisory lock `key`; returns false if it was not held.
  @discardableResult
  public func advisoryUnlock(_ key: Int64) throws -> Bool {
    try scalar(Bool.self, "select pg_advisory_unlock($1)", [key]) ?? false
  }
}

// MARK: - Identifiers

/// Quotes an SQL identifier (doubles embedded double quotes), for names that cannot be
/// bound as parameters (schemas, tables, databases).
public func quoteIdentifier(_ name: String) -> String {
  "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// True for a plain lower-case identifier PostgreSQL would accept unquoted: a letter or
/// underscore, then letters, digits or underscores, at most 63 bytes. Use it to validate
/// identifiers taken from configuration.
public func isPlainIdentifier(_ name: String) -> Bool {
  guard let first = name.utf8.first, name.utf8.count <= 63 else { return false }
  func isLower(_ b: UInt8) -> Bool { b >= 97 && b <= 122 }
  func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
  guard isLower(first) || first == 95 else { return false }
  return name.utf8.allSatisfy { isLower($0) || isDigit($0) || $0 == 95 }
}

/// Calls `body` with a NULL-terminated array of C strings.
private func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
  let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
  defer { copies.forEach { free($0) } }
  return copies.withUnsafeBufferPointer { buffer in
    buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { body($0.baseAddress!) }
  }
}

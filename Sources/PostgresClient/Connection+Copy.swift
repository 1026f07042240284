import CLibPQ

extension Connection {
  /// Streams rows into `COPY ... FROM STDIN` (text format).
  ///
  /// `body` formats rows into a `CopyInWriter`, which ships them to libpq in chunks of
  /// about 64 KiB: one `PQputCopyData` per row would wrap every row in its own message
  /// and call into libpq hundreds of thousands of times (see bench/RESULTS.md).
  /// If `body` throws, the COPY is ended with `PQputCopyEnd(errormsg)` so the server
  /// discards it, and the caller's own error is rethrown rather than the server's echo.
  /// - Returns: the number of rows the server reports as copied.
  @discardableResult
  public func copyIn(_ sql: String, _ body: (CopyInWriter) throws -> Void) throws -> Int {
    try copyIn(sql, writer: { CopyInWriter(connection: $0) }, flush: { try $0.flush() }, body)
  }

  /// Streams rows into `COPY ... FROM STDIN (FORMAT binary)` of `columns` columns.
  ///
  /// The binary format spares the server the parsing of every number, timestamp and numeric
  /// value (and the client their formatting); otherwise as `copyIn`.
  /// - Returns: the number of rows the server reports as copied.
  @discardableResult
  public func copyInBinary(_ sql: String, columns: Int, _ body: (BinaryCopyInWriter) throws -> Void) throws -> Int {
    try copyIn(sql, writer: { BinaryCopyInWriter(connection: $0, columns: columns) }, flush: { try $0.finish() }, body)
  }

  private func copyIn<Writer>(
    _ sql: String, writer makeWriter: (OpaquePointer) -> Writer, flush: (Writer) throws -> Void,
    _ body: (Writer) throws -> Void
  ) throws -> Int {
    let conn = try open()
    let start = PQexec(conn, sql)
    let status = PQresultStatus(start)
    if status != PGRES_COPY_IN {
      defer { PQclear(start) }
      throw PostgresError(result: start, connection: conn, statement: sql, kind: .copy)
    }
    PQclear(start)

    let writer = makeWriter(conn)
    do {
      try body(writer)
      try flush(writer)
    } catch {
      PQputCopyEnd(conn, "aborted by client: \(error)".prefix(200).description)
      drainResults(conn)
      throw error
    }
    guard PQputCopyEnd(conn, nil) == 1 else {
      let message = String(cString: PQerrorMessage(conn)).trimmedTrailingNewlines()
      drainResults(conn)
      throw PostgresError(kind: .copy, message: message, statement: sql)
    }
    return try finishCopy(conn, statement: sql)
  }

  /// Reads `COPY ... TO STDOUT`; `body` receives each row's bytes (text format, with its
  /// trailing newline) and must not keep the buffer.
  /// - Returns: the number of rows read.
  @discardableResult
  public func copyOut(_ sql: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
    let conn = try open()
    let start = PQexec(conn, sql)
    if PQresultStatus(start) != PGRES_COPY_OUT {
      defer { PQclear(start) }
      throw PostgresError(result: start, connection: conn, statement: sql, kind: .copy)
    }
    PQclear(start)
    var rows = 0
    var bodyError: (any Error)?
    while true {
      var buffer: UnsafeMutablePointer<CChar>?
      let length = PQgetCopyData(conn, &buffer, 0)
      if length == -1 { break }  // done; the final result follows
      if length == -2 {
        let message = String(cString: PQerrorMessage(conn)).trimmedTrailingNewlines()
        drainResults(conn)
        throw PostgresError(kind: .copy, message: message, statement: sql)
      }
      defer { PQfreemem(buffer) }
      rows += 1
      // Keep reading to the end after a failure in body so the connection stays usable.
      if bodyError == nil, let buffer {
        do { try body(UnsafeRawBufferPointer(start: buffer, count: Int(length))) } catch { bodyError = error }
      }
    }
    _ = try finishCopy(conn, statement: sql)
    if let bodyError { throw bodyError }
    return rows
  }

  private func finishCopy(_ conn: OpaquePointer, statement: String) throws -> Int {
    var failure: PostgresError?
    var count = 0
    while let result = PQgetResult(conn) {
      defer { PQclear(result) }
      if PQresultStatus(result) == PGRES_COMMAND_OK {
        count = Int(String(cString: PQcmdTuples(result))) ?? 0
      } else if failure == nil {
        failure = PostgresError(result: result, connection: conn, statement: statement, kind: .copy)
      }
    }
    if let failure { throw failure }
    return count
  }

  private func drainResults(_ conn: OpaquePointer) {
    while let result = PQgetResult(conn) { PQclear(result) }
  }
}

/// Formats rows in PostgreSQL's COPY text format into a buffer and ships full chunks to libpq.
///
/// Use `field`/`null` for each column, then `endRow()`.
public final class CopyInWriter {
  private let connection: OpaquePointer
  private var buffer: [UInt8] = []
  private var atRowStart = true
  /// Rows written so far.
  public private(set) var rowCount = 0

  /// Chunk size handed to `PQputCopyData`; psycopg found 32–128 KiB best.
  static let chunkSize = 64 * 1024

  init(connection: OpaquePointer) {
    self.connection = connection
    buffer.reserveCapacity(Self.chunkSize + 4096)
  }

  /// Appends one text field, escaped.
  public func field(_ value: String) {
    separate()
    var value = value
    value.withUTF8 { COPYText.appendEscaped($0, to: &buffer) }
  }

  /// Appends one field from raw UTF-8 bytes, escaped.
  public func field(bytes: UnsafeBufferPointer<UInt8>) {
    separate()
    COPYText.appendEscaped(bytes, to: &buffer)
  }

  /// Appends an integer field.
  public func field(_ value: Int) {
    separate()
    if value < 0 { buffer.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 20 digits of UInt64.max
    withUnsafeMutableBytes(of: &digits) { out in
      var n = 0
      repeat {
        out[23 - n] = UInt8(truncatingIfNeeded: magnitude % 10) + 48
        magnitude /= 10
        n += 1
      } while magnitude > 0
      buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: out[(24 - n)...]))
    }
  }

  /// Appends an optional text field: nil is SQL NULL.
  public func field(_ value: String?) {
    if let value { field(value) } else { null() }
  }

  /// Appends SQL NULL.
  public func null() {
    separate()
    buffer.append(UInt8(ascii: "\\"))
    buffer.append(UInt8(ascii: "N"))
  }

  /// Ends the current row; ships the buffer when it is full.
  public func endRow() throws {
    buffer.append(UInt8(ascii: "\n"))
    atRowStart = true
    rowCount += 1
    if buffer.count >= Self.chunkSize { try flush() }
  }

  /// Writes a whole row of optional text fields.
  public func row(_ fields: [String?]) throws {
    for f in fields { field(f) }
    try endRow()
  }

  private func separate() {
    if atRowStart { atRowStart = false } else { buffer.append(UInt8(ascii: "\t")) }
  }

  func flush() throws {
    guard !buffer.isEmpty else { return }
    let status = buffer.withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
    }
    guard status == 1 else {
      throw PostgresError(
        kind: .copy, message: String(cString: PQerrorMessage(connection)).trimmedTrailingNewlines())
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// COPY text-format escaping (pure; unit-tested without a server).
public enum COPYText {
  /// Appends `bytes` escaped for COPY text format: backslash, tab, newline and carriage
  /// return become `\\`, `\t`, `\n`, `\r`. Everything else is passed through.
  public static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    var runStart = 0
    for i in 0..<bytes.count {
      let escaped: UInt8
      switch bytes[i] {
      case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
      case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
      case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
      case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
      default: continue
      }
      if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
      out.append(UInt8(ascii: "\\"))
      out.append(escaped)
      runStart = i + 1
    }
    if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
  }

  /// Escapes one string (convenience for tests and small values).
  public static func escape(_ value: String) -> String {
    var out: [UInt8] = []
    var value = value
    value.withUTF8 { appendEscaped($0, to: &out) }
    return String(decoding: out, as: UTF8.self)
  }
}

import CLibPQ

/// An error from PostgreSQL or from libpq, with the server's diagnostic fields.
///
/// `description` carries the SQLSTATE and the primary message only; `debugDescription`
/// adds detail, hint, context and the statement, which may contain data values.
public struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
  /// What failed: the connection, a statement on the server, COPY, or the client itself.
  public enum Kind: String, Sendable {
    case connection
    case server
    case copy
    case client
  }

  public var kind: Kind
  /// Five-character SQLSTATE (`23505`, `42601`, ...), when the server sent one.
  public var sqlState: String?
  public var message: String
  public var detail: String?
  public var hint: String?
  /// The server's CONTEXT field: for COPY it names the line (`COPY t, line 7`).
  public var context: String?
  public var schema: String?
  public var table: String?
  public var column: String?
  public var constraint: String?
  /// The statement that failed (never includes parameter values).
  public var statement: String?

  public init(
    kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil,
    hint: String? = nil, context: String? = nil, statement: String? = nil
  ) {
    self.kind = kind
    self.sqlState = sqlState
    self.message = message
    self.detail = detail
    self.hint = hint
    self.context = context
    self.statement = statement
  }

  /// Builds an error from a failed result's diagnostic fields.
  init(result: OpaquePointer?, connection: OpaquePointer?, statement: String?, kind: Kind = .server) {
    func field(_ code: Int32) -> String? {
      guard let result, let value = PQresultErrorField(result, code) else { return nil }
      return String(cString: value)
    }
    let primary =
      field(Int32(UInt8(ascii: "M")))
      ?? connection.flatMap { PQerrorMessage($0).map { String(cString: $0) } }?.trimmedTrailingNewlines()
      ?? "unknown error"
    self.init(
      kind: kind,
      sqlState: field(Int32(UInt8(ascii: "C"))),
      message: primary,
      detail: field(Int32(UInt8(ascii: "D"))),
      hint: field(Int32(UInt8(ascii: "H"))),
      context: field(Int32(UInt8(ascii: "W"))),
      statement: statement)
    self.schema = field(Int32(UInt8(ascii: "s")))
    self.table = field(Int32(UInt8(ascii: "t")))
    self.column = field(Int32(UInt8(ascii: "c")))
    self.constraint = field(Int32(UInt8(ascii: "n")))
  }

  public var description: String {
    if let sqlState { return "PostgreSQL error \(sqlState): \(message)" }
    return "PostgreSQL \(kind.rawValue) error: \(message)"
  }

  public var debugDescription: String {
    var lines = [description]
    if let detail { lines.append("DETAIL: \(detail)") }
    if let hint { lines.append("HINT: \(hint)") }
    if let context { lines.append("CONTEXT: \(context)") }
    if let constraint { lines.append("CONSTRAINT: \(constraint)") }
    if let statement { lines.append("STATEMENT: \(statement)") }
    return lines.joined(separator: "\n")
  }

  /// True when the SQLSTATE is in the given two-character class (`"23"` integrity, `"22"` data).
  public func isClass(_ prefix: String) -> Bool {
    sqlState?.hasPrefix(prefix) ?? false
  }
}

/// Well-known SQLSTATE codes, matchable with `~=` against a `PostgresError`.
public struct SQLState: Sendable, Equatable {
  public let code: String
  public init(_ code: String) { self.code = code }

  public static let uniqueViolation = SQLState("23505")
  public static let foreignKeyViolation = SQLState("23503")
  public static let notNullViolation = SQLState("23502")
  public static let checkViolation = SQLState("23514")
  public static let syntaxError = SQLState("42601")
  public static let undefinedTable = SQLState("42P01")
  public static let undefinedColumn = SQLState("42703")
  public static let invalidTextRepresentation = SQLState("22P02")
  public static let badCopyFileFormat = SQLState("22P04")
  public static let divisionByZero = SQLState("22012")
  public static let queryCanceled = SQLState("57014")
  public static let lockNotAvailable = SQLState("55P03")
  public static let raiseException = SQLState("P0001")
  public static let duplicateDatabase = SQLState("42P04")

  public static func ~= (pattern: SQLState, error: any Error) -> Bool {
    (error as? PostgresError)?.sqlState == pattern.code
  }
}

extension String {
  func trimmedTrailingNewlines() -> String {
    var s = self
    while let last = s.last, last == "\n" || last == "\r" || last == " " { s.removeLast() }
    return s
  }
}

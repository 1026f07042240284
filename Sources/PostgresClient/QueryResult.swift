import Foundation

/// The rows of a finished statement, copied out of libpq's result so nothing needs freeing.
///
/// Values are in PostgreSQL's text format; the typed accessors parse them.
public struct QueryResult: Sendable {
  public let columns: [String]
  /// `rows[r][c]` is the text of row `r`, column `c`, or nil for NULL.
  public let rows: [[String?]]
  /// Rows affected by INSERT/UPDATE/DELETE/COPY (from `PQcmdTuples`), 0 otherwise.
  public let affectedRows: Int

  public var count: Int { rows.count }
  public var isEmpty: Bool { rows.isEmpty }

  /// Index of a column by name.
  public func columnIndex(_ name: String) -> Int? { columns.firstIndex(of: name) }

  /// The rows as `Row` views with typed, by-name access.
  public var all: [Row] { rows.indices.map { Row(result: self, index: $0) } }
  public var first: Row? { rows.isEmpty ? nil : Row(result: self, index: 0) }

  /// One row of a `QueryResult`.
  public struct Row: Sendable {
    let result: QueryResult
    public let index: Int

    public subscript(_ column: Int) -> String? { result.rows[index][column] }
    public subscript(_ name: String) -> String? {
      guard let c = result.columnIndex(name) else { return nil }
      return result.rows[index][c]
    }

    /// Decodes a column by name; throws a client error naming the column when the text
    /// cannot be read as `T` or the column does not exist.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ name: String) throws -> T {
      guard let c = result.columnIndex(name) else {
        throw PostgresError(kind: .client, message: "no column \"\(name)\" in result")
      }
      return try T.decode(postgresText: result.rows[index][c], column: name)
    }
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: Int) throws -> T {
      try T.decode(postgresText: result.rows[index][column], column: result.columns[column])
    }
  }
}

/// A type that can be read from PostgreSQL's text output format.
public protocol PostgresDecodable {
  static func decode(postgresText: String?, column: String) throws -> Self
}

private func decodeFailure(_ text: String?, _ type: String, _ column: String) -> PostgresError {
  PostgresError(
    kind: .client,
    message: text == nil
      ? "column \"\(column)\" is NULL, expected \(type)"
      : "column \"\(column)\": cannot read \(type) from text of length \(text?.count ?? 0)")
}

extension String: PostgresDecodable {
  public static func decode(postgresText: String?, column: String) throws -> String {
    guard let postgresText else { throw decodeFailure(nil, "text", column) }
    return postgresText
  }
}

extension Int: PostgresDecodable {
  public static func decode(postgresText: String?, column: String) throws -> Int {
    guard let text = postgresText, let value = Int(text) else { throw decodeFailure(postgresText, "integer", column) }
    return value
  }
}

extension Double: PostgresDecodable {
  public static func decode(postgresText: String?, column: String) throws -> Double {
    guard let text = postgresText, let value = Double(text) else { throw decodeFailure(postgresText, "double", column) }
    return value
  }
}

extension Decimal: PostgresDecodable {
  public static func decode(postgresText: String?, column: String) throws -> Decimal {
    guard let text = postgresText, let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    else { throw decodeFailure(postgresText, "numeric", column) }
    return value
  }
}

extension Bool: PostgresDecodable {
  public static func decode(postgresText: String?, column: String) throws -> Bool {
    switch postgresText {
    case "t", "true": return true
    case "f", "false": return false
    default: throw decodeFailure(postgresText, "boolean", column)
    }
  }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
  public static func decode(postgresText: String?, column: String) throws -> Wrapped? {
    guard postgresText != nil else { return nil }
    return try Wrapped.decode(postgresText: postgresText, column: column)
  }
}

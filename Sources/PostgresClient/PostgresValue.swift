import Foundation

/// A value that can be bound as a query parameter in PostgreSQL's text format.
///
/// Values travel separately from the SQL text (`PQexecParams`), so they are never spliced
/// into statements. `typeOID` tells the server the parameter's type; 0 lets it infer one.
public protocol PostgresBindable: Sendable {
  /// The text form PostgreSQL parses, or nil for SQL NULL.
  var postgresText: String? { get }
  /// The parameter's type OID (`int8` = 20, `float8` = 701, ...); 0 means "infer".
  var postgresTypeOID: UInt32 { get }
}

extension String: PostgresBindable {
  public var postgresText: String? { self }
  // Unknown (0) rather than text (25): lets a string feed numeric, date or jsonb
  // parameters the way a literal would.
  public var postgresTypeOID: UInt32 { 0 }
}

extension Substring: PostgresBindable {
  public var postgresText: String? { String(self) }
  public var postgresTypeOID: UInt32 { 0 }
}

extension Int: PostgresBindable {
  public var postgresText: String? { String(self) }
  public var postgresTypeOID: UInt32 { 20 }
}

extension Int32: PostgresBindable {
  public var postgresText: String? { String(self) }
  public var postgresTypeOID: UInt32 { 23 }
}

extension Int64: PostgresBindable {
  public var postgresText: String? { String(self) }
  public var postgresTypeOID: UInt32 { 20 }
}

extension Double: PostgresBindable {
  public var postgresText: String? {
    if isNaN { return "NaN" }
    if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
    return "\(self)"
  }
  public var postgresTypeOID: UInt32 { 701 }
}

extension Bool: PostgresBindable {
  public var postgresText: String? { self ? "t" : "f" }
  public var postgresTypeOID: UInt32 { 16 }
}

extension Decimal: PostgresBindable {
  public var postgresText: String? { NSDecimalNumber(decimal: self).stringValue }
  public var postgresTypeOID: UInt32 { 1700 }
}

extension Date: PostgresBindable {
  /// Bound as `timestamptz` in ISO 8601 with UTC offset.
  public var postgresText: String? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: self)
  }
  public var postgresTypeOID: UInt32 { 1184 }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
  public var postgresText: String? { self?.postgresText }
  public var postgresTypeOID: UInt32 { self?.postgresTypeOID ?? 0 }
}

/// SQL NULL of unknown type, for `[any PostgresBindable]` literals.
public struct SQLNull: PostgresBindable {
  public init() {}
  public var postgresText: String? { nil }
  public var postgresTypeOID: UInt32 { 0 }
}

import CLibPQ

/// Formats rows in PostgreSQL's binary COPY format into a buffer and ships full chunks to libpq.
///
/// Not thread-safe: one writer per COPY, used by the thread that runs it.
///
/// Each row has exactly the number of columns given at creation: call one field method per
/// column, in the table's column order, then `endRow()`. Values go in the types' binary send
/// formats: big-endian integers, UTF-8 text, timestamps as microseconds since 2000-01-01 and
/// numerics as base-10000 digits.
public final class BinaryCopyInWriter {
  private let connection: OpaquePointer
  private let columns: Int
  /// The chunk being filled: raw memory written with plain stores (appending small pieces to an
  /// array cost a fifth of the loader's parsing time).
  private var buffer: UnsafeMutableRawPointer
  private var capacity: Int
  private var count = 0
  private var fieldsInRow = 0
  /// Rows written so far.
  public private(set) var rowCount = 0

  init(connection: OpaquePointer, columns: Int) {
    self.connection = connection
    self.columns = columns
    capacity = CopyInWriter.chunkSize + 4096
    buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    // Signature, flags (no OIDs), header extension length.
    append(bytes: Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00])
    append32(0)
    append32(0)
  }

  deinit { buffer.deallocate() }

  /// Makes room for `n` more bytes (a value longer than a chunk grows the buffer).
  @inline(__always) private func reserve(_ n: Int) {
    if count + n > capacity { grow(count + n) }
  }

  private func grow(_ needed: Int) {
    let bigger = UnsafeMutableRawPointer.allocate(byteCount: max(needed, capacity * 2), alignment: 8)
    bigger.copyMemory(from: buffer, byteCount: count)
    buffer.deallocate()
    buffer = bigger
    capacity = max(needed, capacity * 2)
  }

  @inline(__always) private func append16(_ v: Int16) {
    reserve(2)
    buffer.storeBytes(of: v.bigEndian, toByteOffset: count, as: Int16.self)
    count += 2
  }
  @inline(__always) private func append32(_ v: Int32) {
    reserve(4)
    buffer.storeBytes(of: v.bigEndian, toByteOffset: count, as: Int32.self)
    count += 4
  }
  @inline(__always) private func append64(_ v: Int64) {
    reserve(8)
    buffer.storeBytes(of: v.bigEndian, toByteOffset: count, as: Int64.self)
    count += 8
  }
  @inline(__always) private func append(bytes: UnsafeRawBufferPointer) {
    reserve(bytes.count)
    if let base = bytes.baseAddress { (buffer + count).copyMemory(from: base, byteCount: bytes.count) }
    count += bytes.count
  }
  private func append(bytes: [UInt8]) { bytes.withUnsafeBytes { append(bytes: $0) } }

  @inline(__always) private func beginField(length: Int) {
    if fieldsInRow == 0 { append16(Int16(columns)) }
    fieldsInRow += 1
    append32(Int32(length))
  }

  /// A `bigint` field.
  public func int64(_ value: Int) {
    beginField(length: 8)
    append64(Int64(value))
  }

  /// An `integer` field; the value must fit in 32 bits.
  public func int32(_ value: Int) {
    precondition(Int(Int32.min)...Int(Int32.max) ~= value, "integer out of range: \(value)")
    beginField(length: 4)
    append32(Int32(value))
  }

  /// A `boolean` field.
  public func bool(_ value: Bool) {
    beginField(length: 1)
    reserve(1)
    buffer.storeBytes(of: value ? 1 : 0, toByteOffset: count, as: UInt8.self)
    count += 1
  }

  /// A `text` field from UTF-8 bytes (which must not contain NUL).
  public func text(bytes: UnsafeBufferPointer<UInt8>) {
    beginField(length: bytes.count)
    append(bytes: UnsafeRawBufferPointer(bytes))
  }

  /// A `text` field; nil is SQL NULL.
  public func text(_ value: String?) {
    guard let value else { return null() }
    if value.utf8.withContiguousStorageIfAvailable({ text(bytes: $0) }) == nil {
      var copy = value
      copy.withUTF8 { text(bytes: $0) }
    }
  }

  /// A `timestamp` (without time zone) field: microseconds since 2000-01-01 00:00:00.
  public func timestamp(microsecondsSince2000 value: Int64) {
    beginField(length: 8)
    append64(value)
  }

  /// A `numeric` field from a plain decimal (`-12.50`, `3`, `0.001`, `7.`: an optional minus
  /// sign, digits, an optional point and fraction digits); the scale is the number of fraction
  /// digits written, as `numeric_in` would keep it.
  /// - Throws: when the text is not such a decimal.
  public func numeric(decimal: UnsafeBufferPointer<UInt8>) throws {
    guard let encoded = NumericBinary.encode(decimal) else {
      throw PostgresError(
        kind: .copy, message: "not a plain decimal number: '\(String(decoding: decimal, as: UTF8.self))'")
    }
    beginField(length: 8 + 2 * encoded.digits.count)
    append16(Int16(encoded.digits.count))
    append16(encoded.weight)
    append16(encoded.negative ? 0x4000 : 0)
    append16(encoded.scale)
    for d in encoded.digits { append16(d) }
  }

  /// A `numeric` field from its decimal text (see `numeric(decimal:)`).
  public func numeric(_ decimal: String) throws {
    var decimal = decimal
    try decimal.withUTF8 { try numeric(decimal: $0) }
  }

  /// SQL NULL.
  public func null() {
    if fieldsInRow == 0 { append16(Int16(columns)) }
    fieldsInRow += 1
    append32(-1)
  }

  /// Ends the current row; ships the buffer when it is full.
  /// - Throws: when the row does not have exactly the table's number of columns.
  public func endRow() throws {
    guard fieldsInRow == columns else {
      throw PostgresError(kind: .copy, message: "binary COPY row \(rowCount + 1) has \(fieldsInRow) fields, expected \(columns)")
    }
    fieldsInRow = 0
    rowCount += 1
    if count >= CopyInWriter.chunkSize { try flush() }
  }

  /// Writes the trailer and ships what is left.
  func finish() throws {
    append16(-1)
    try flush()
  }

  private func flush() throws {
    guard count > 0 else { return }
    let status = PQputCopyData(connection, buffer.assumingMemoryBound(to: CChar.self), Int32(count))
    guard status == 1 else {
      throw PostgresError(kind: .copy, message: String(cString: PQerrorMessage(connection)).trimmedTrailingNewlines())
    }
    count = 0
  }
}

/// PostgreSQL's binary `numeric`: base-10000 digits, the weight of the first one, sign, scale.
public enum NumericBinary {
  public struct Encoded: Equatable, Sendable {
    public var digits: [Int16]
    public var weight: Int16
    public var negative: Bool
    public var scale: Int16
  }

  /// Encodes a plain decimal (see `BinaryCopyInWriter.numeric(decimal:)`); nil for anything else.
  public static func encode(_ text: UnsafeBufferPointer<UInt8>) -> Encoded? {
    var i = 0
    var negative = false
    if i < text.count && (text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+")) {
      negative = text[i] == UInt8(ascii: "-")
      i += 1
    }
    var intStart = i
    while i < text.count && text[i] >= 48 && text[i] <= 57 { i += 1 }
    let intEnd = i
    var fracStart = i, fracEnd = i
    if i < text.count && text[i] == UInt8(ascii: ".") {
      i += 1
      fracStart = i
      while i < text.count && text[i] >= 48 && text[i] <= 57 { i += 1 }
      fracEnd = i
    }
    guard i == text.count, intEnd > intStart || fracEnd > fracStart, fracEnd - fracStart <= 16383 else { return nil }
    while intStart < intEnd && text[intStart] == 48 { intStart += 1 }  // leading zeros
    let intDigits = intEnd - intStart, fracDigits = fracEnd - fracStart
    // Digit k of the number (0 = the first integer digit after padding the integer part on the
    // left to a multiple of 4), or 0 past the end.
    let intGroups = (intDigits + 3) / 4
    let pad = intGroups * 4 - intDigits
    let fracGroups = (fracDigits + 3) / 4
    var digits: [Int16] = []
    digits.reserveCapacity(intGroups + fracGroups)
    for g in 0..<(intGroups + fracGroups) {
      var value = 0
      for k in 0..<4 {
        let position = g * 4 + k
        var digit = 0
        if g < intGroups {
          let index = position - pad
          if index >= 0 { digit = Int(text[intStart + index]) - 48 }
        } else {
          let index = position - intGroups * 4
          if index < fracDigits { digit = Int(text[fracStart + index]) - 48 }
        }
        value = value * 10 + digit
      }
      digits.append(Int16(value))
    }
    var weight = intGroups - 1
    // Leading zero groups shift the weight; trailing zero groups are dropped.
    var first = 0
    while first < digits.count && digits[first] == 0 {
      first += 1
      weight -= 1
    }
    var last = digits.count
    while last > first && digits[last - 1] == 0 { last -= 1 }
    let kept = Array(digits[first..<last])
    if kept.isEmpty { return Encoded(digits: [], weight: 0, negative: false, scale: Int16(fracDigits)) }
    return Encoded(digits: kept, weight: Int16(weight), negative: negative, scale: Int16(fracDigits))
  }
}

/// One CSV record: its raw bytes, its unescaped fields and where it starts in the file.
public struct CSVRecord {
  /// Physical line (1-based) on which the record starts; a quoted field may span lines.
  public internal(set) var lineNumber = 0
  /// The record's bytes as they stand in the file, without the line terminator.
  public internal(set) var raw: [UInt8] = []
  /// Unescaped field contents; field `i` is `fieldBytes[fieldStarts[i]..<fieldEnds[i]]`.
  var fieldBytes: [UInt8] = []
  var fieldStarts: [Int] = []
  var fieldEnds: [Int] = []
  /// Set when the record cannot be parsed as CSV (unterminated or misplaced quote).
  public internal(set) var malformation: String?

  public init() {
    raw.reserveCapacity(512)
    fieldBytes.reserveCapacity(512)
    fieldStarts.reserveCapacity(16)
    fieldEnds.reserveCapacity(16)
  }

  public var fieldCount: Int { fieldEnds.count }
  /// A record made of nothing (an empty line).
  public var isBlank: Bool { raw.isEmpty }

  /// Calls `body` with field `i`'s unescaped bytes.
  @inline(__always)
  public func withField<T>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
    try fieldBytes.withUnsafeBufferPointer { all in
      try body(UnsafeBufferPointer(rebasing: all[fieldStarts[i]..<fieldEnds[i]]))
    }
  }

  /// Field `i` decoded as text (UTF-8, falling back to Latin-1 when the bytes are not UTF-8).
  public func string(_ i: Int) -> String { withField(i) { TextDecoding.decode($0) } }

  /// Ends the field being built in `fieldBytes` (fields built one after another).
  @inline(__always)
  mutating func endField() {
    fieldStarts.append(fieldEnds.last ?? 0)
    fieldEnds.append(fieldBytes.count)
  }

  mutating func reset() {
    raw.removeAll(keepingCapacity: true)
    fieldBytes.removeAll(keepingCapacity: true)
    fieldStarts.removeAll(keepingCapacity: true)
    fieldEnds.removeAll(keepingCapacity: true)
    malformation = nil
  }
}

/// Decoding of source bytes into Swift strings.
public enum TextDecoding {
  /// Which decoder a file's text is read with.
  public enum Encoding: String, Sendable, Codable {
    /// UTF-8 where the bytes are valid UTF-8, else Latin-1 (ISO 8859-1), decided per field.
    case auto
    case utf8 = "utf-8"
    case latin1 = "latin-1"
  }

  /// Decodes bytes: ASCII and valid UTF-8 as UTF-8, anything else as Latin-1, where every
  /// byte is a character, so no input is ever refused or mangled into U+FFFD.
  public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, as encoding: Encoding = .auto) -> String {
    switch encoding {
    case .latin1:
      return latin1(bytes)
    case .utf8, .auto:
      // ASCII (nearly every field) skips the generic validating initialiser, which is slow.
      if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
      if let s = String(validating: bytes, as: UTF8.self) { return s }
      return latin1(bytes)
    }
  }

  public static func decode(_ bytes: [UInt8], as encoding: Encoding = .auto) -> String {
    bytes.withUnsafeBufferPointer { decode($0, as: encoding) }
  }

  static func latin1(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var s = String.UnicodeScalarView()
    for b in bytes { s.append(Unicode.Scalar(b)) }
    return String(s)
  }

  /// True when every byte is ASCII.
  static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { bytes.allSatisfy { $0 < 0x80 } }
}

/// Streams RFC 4180 CSV records from a `ByteSource`, one at a time, in bounded memory.
///
/// Quoted fields may contain delimiters, doubled quotes and line breaks. A quote inside an
/// unquoted field is kept literally (`7" SINGLE`), as spreadsheet exports write them. A
/// character after a closing quote, or a quote left open at the end of the file, marks the
/// record malformed instead of guessing.
public final class CSVReader {
  private let source: ByteSource
  private let delimiter: UInt8
  private var buffer: [UInt8]
  private var position = 0
  private var end = 0
  private var atEOF = false
  private var nextLine = 1

  /// Whitespace-separated files (CDNOW): runs of spaces and tabs are one separator, and
  /// leading and trailing blanks are ignored.
  private let whitespace: Bool

  public init(
    source: ByteSource, delimiter: UInt8 = UInt8(ascii: ","), whitespace: Bool = false, bufferSize: Int = 1 << 20
  ) {
    self.source = source
    self.delimiter = whitespace ? UInt8(ascii: " ") : delimiter
    self.whitespace = whitespace
    self.buffer = [UInt8](repeating: 0, count: bufferSize)
  }

  private func fill() throws -> Bool {
    if atEOF { return false }
    let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
    position = 0
    end = n
    if n == 0 { atEOF = true }
    return n > 0
  }

  /// The common case, without the state machine: a whole line in the buffer with no quote and
  /// no carriage return except the one of a CRLF ending. Its fields are the bytes between
  /// delimiters. Returns false (consuming nothing) when the line needs the general parser.
  @inline(__always)
  private func nextSimpleLine(into record: inout CSVRecord) -> Bool {
    let start = position, limit = end, delimiter = self.delimiter
    let lineEnd: Int? = buffer.withUnsafeBufferPointer { bytes -> Int? in
      var i = start
      while i < limit {
        let b = bytes[i]
        if b == 10 { return i }
        if b == 34 || (b == 13 && !(i + 1 < limit && bytes[i + 1] == 10)) { return nil }
        i += 1
      }
      return nil
    }
    guard let lineEnd else { return false }
    let contentEnd = lineEnd > start && buffer[lineEnd - 1] == 13 ? lineEnd - 1 : lineEnd
    buffer.withUnsafeBufferPointer { bytes in
      let line = UnsafeBufferPointer(rebasing: bytes[start..<contentEnd])
      record.raw.append(contentsOf: line)
      record.fieldBytes.append(contentsOf: line)
      var fieldStart = 0
      for (i, b) in line.enumerated() where b == delimiter {
        record.fieldStarts.append(fieldStart)
        record.fieldEnds.append(i)
        fieldStart = i + 1
      }
      record.fieldStarts.append(fieldStart)
      record.fieldEnds.append(line.count)
    }
    position = lineEnd + 1
    nextLine += 1
    return true
  }

  private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterGarbage }

  /// Reads the next record into `record`; returns false at the end of the input.
  public func next(into record: inout CSVRecord) throws -> Bool {
    record.reset()
    record.lineNumber = nextLine
    if !whitespace && nextSimpleLine(into: &record) { return true }
    var state = State.fieldStart
    var sawAnything = false
    let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    while true {
      if position == end {
        guard try fill() else {
          // End of input.
          if !sawAnything { return false }
          if state == .quoted { record.malformation = "unterminated quoted field" }
          record.endField()
          return true
        }
      }
      sawAnything = true
      var byte = buffer[position]
      position += 1

      if byte == lf && state != .quoted {
        nextLine += 1
        if record.raw.last == cr { record.raw.removeLast() }
        // With whitespace separators, trailing blanks do not make an empty last field.
        if !(whitespace && state == .fieldStart && !record.fieldEnds.isEmpty) {
          record.endField()
        }
        return true
      }
      if byte == lf { nextLine += 1 }
      record.raw.append(byte)
      if whitespace && state == .fieldStart && (byte == delimiter || byte == UInt8(ascii: "\t")) { continue }
      if whitespace && byte == UInt8(ascii: "\t") && state != .quoted { byte = delimiter }

      switch state {
      case .fieldStart:
        if byte == quote {
          state = .quoted
        } else if byte == delimiter {
          record.endField()
        } else if byte != cr {
          record.fieldBytes.append(byte)
          state = .unquoted
        }
      case .unquoted:
        if byte == delimiter {
          record.endField()
          state = .fieldStart
        } else if byte != cr {
          record.fieldBytes.append(byte)
        }
      case .quoted:
        if byte == quote { state = .quoteInQuoted } else { record.fieldBytes.append(byte) }
      case .quoteInQuoted:
        if byte == quote {
          record.fieldBytes.append(quote)
          state = .quoted
        } else if byte == delimiter {
          record.endField()
          state = .fieldStart
        } else if byte != cr {
          record.malformation = record.malformation ?? "unexpected character after closing quote"
          record.fieldBytes.append(byte)
          state = .afterGarbage
        }
      case .afterGarbage:
        if byte == delimiter {
          record.endField()
          state = .fieldStart
        } else if byte != cr {
          record.fieldBytes.append(byte)
        }
      }
    }
  }
}

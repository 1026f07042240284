import Foundation
import Testing
import Warehouse

@testable import Ingest

/// Writes `bytes` to a temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], suffix: String = ".csv") throws -> String {
  let path = NSTemporaryDirectory() + "b360-\(UUID().uuidString)\(suffix)"
  try Data(bytes).write(to: URL(fileURLWithPath: path))
  return path
}

func temporaryFile(_ text: String, suffix: String = ".csv") throws -> String {
  try temporaryFile(Array(text.utf8), suffix: suffix)
}

/// Runs a shell command line; throws when it fails.
func shell(_ command: String) throws {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", command]
  try process.run()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw InputError(.unreadable, file: command, "exit status \(process.terminationStatus)")
  }
}

func records(_ text: String, bufferSize: Int = 1 << 20) throws -> [(line: Int, fields: [String], malformed: String?, raw: String)] {
  let path = try temporaryFile(text)
  defer { try? FileManager.default.removeItem(atPath: path) }
  let reader = CSVReader(source: try ByteSource(path: path), bufferSize: bufferSize)
  var record = CSVRecord()
  var out: [(Int, [String], String?, String)] = []
  while try reader.next(into: &record) {
    out.append((record.lineNumber, (0..<record.fieldCount).map { record.string($0) }, record.malformation,
                String(decoding: record.raw, as: UTF8.self)))
  }
  return out
}

struct CSVReaderTests {
  @Test func quotedFieldsWithDelimitersQuotesAndLineBreaks() throws {
    let rows = try records("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\r\n3,7\" SINGLE,w\n")
    #expect(rows.count == 4)
    #expect(rows[1].fields == ["1", "x, y", "say \"hi\""])
    #expect(rows[2].fields == ["2", "two\nlines", "z"])
    #expect(rows[2].line == 3)
    #expect(rows[3].line == 5)  // the quoted line break counts as a physical line
    #expect(rows[3].fields == ["3", "7\" SINGLE", "w"])
    #expect(rows[2].raw == "2,\"two\nlines\",z")  // CR of CRLF dropped from raw
  }

  @Test func smallBuffersGiveTheSameRecords() throws {
    let text = "h1,h2\n" + (0..<500).map { "\($0),\"v \($0), \"\"q\"\"\"" }.joined(separator: "\n") + "\n"
    let big = try records(text)
    let small = try records(text, bufferSize: 7)
    #expect(big.count == 501)
    #expect(big.map(\.fields) == small.map(\.fields))
    #expect(big.map(\.line) == small.map(\.line))
  }

  @Test func malformedRecordsAreMarkedNotGuessed() throws {
    let rows = try records("a,b\n\"ab\"c,d\n\n1,2\n\"open,3\n")
    #expect(rows[1].malformed == "unexpected character after closing quote")
    #expect(rows[2].raw.isEmpty)  // blank line is a record of its own
    #expect(rows[3].fields == ["1", "2"])
    #expect(rows[4].malformed == "unterminated quoted field")
    #expect(rows[4].line == 5)
  }

  @Test func lastLineWithoutNewline() throws {
    let rows = try records("a,b\n1,2")
    #expect(rows.count == 2)
    #expect(rows[1].fields == ["1", "2"])
  }

  @Test func gzipAndPlainReadTheSameBytes() throws {
    let text = "InvoiceNo,Qty\n" + (0..<20_000).map { "\($0),\($0 % 7)" }.joined(separator: "\n") + "\n"
    let plain = try temporaryFile(text)
    let gz = plain + ".gz"
    try shell("gzip -c '\(plain)' > '\(gz)'")
    let (plainHash, plainBytes) = try BatchLoader.contentHash(path: plain)
    let (gzHash, gzBytes) = try BatchLoader.contentHash(path: gz)
    #expect(plainHash == gzHash)
    #expect(plainBytes == gzBytes)
    #expect(try ByteSource(path: gz).isGzip)
    #expect(try !ByteSource(path: plain).isGzip)
  }

  @Test func truncatedGzipIsAnError() throws {
    let plain = try temporaryFile(String(repeating: "abcdefgh,12345\n", count: 10_000))
    try shell("gzip -c '\(plain)' | head -c 200 > '\(plain).gz'")
    #expect(throws: InputError.self) { _ = try BatchLoader.contentHash(path: plain + ".gz") }
  }

  /// Every byte of a source, read in `piece`-sized calls, and the error that ended it, if any.
  private func readAll(_ source: ByteSource, piece: Int = 4096) -> ([UInt8], (any Error)?) {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: piece)
    do {
      while true {
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 { return (out, nil) }
        out += buffer[0..<n]
      }
    } catch { return (out, error) }
  }

  @Test func readAheadGivesTheSameBytesErrorsAndHash() throws {
    let text = "InvoiceNo,Qty\n" + (0..<50_000).map { "\($0),\($0 % 7)" }.joined(separator: "\n") + "\n"
    let plain = try temporaryFile(text)
    try shell("gzip -c '\(plain)' > '\(plain).gz'; gzip -c '\(plain)' | head -c 30000 > '\(plain).cut.gz'")
    for path in [plain, plain + ".gz"] {
      // Chunks of 1,000 bytes: the four buffers go round the producer and the consumer many times.
      let ahead = try ByteSource(path: path, chunkSize: 1000, readAhead: true, digest: true)
      #expect(ahead.contentDigest == nil)
      let (bytes, error) = readAll(ahead, piece: 777)
      #expect(error == nil)
      #expect(bytes == Array(text.utf8))
      let (hash, size) = try BatchLoader.contentHash(path: path)
      #expect(ahead.contentDigest?.sha256 == hash)
      #expect(ahead.contentDigest?.bytes == size)
    }
    // A truncated file: the same bytes arrive before the same error.
    let cut = plain + ".cut.gz"
    let (directBytes, directError) = readAll(try ByteSource(path: cut, chunkSize: 1000))
    let (aheadBytes, aheadError) = readAll(try ByteSource(path: cut, chunkSize: 1000, readAhead: true, digest: true))
    #expect(directBytes.count > 50_000)
    #expect(aheadBytes == directBytes)
    #expect((directError as? InputError)?.message == "gzip stream ends early (truncated file?)")
    #expect((aheadError as? InputError)?.message == (directError as? InputError)?.message)
  }

  @Test func contentSizeHintReadsTheGzipTrailer() throws {
    let text = String(repeating: "abcdefgh,12345\n", count: 10_000)
    let plain = try temporaryFile(text)
    try shell("gzip -c '\(plain)' > '\(plain).gz'; (head -c 100 '\(plain)' | gzip; tail -c +101 '\(plain)' | gzip) > '\(plain).two.gz'")
    #expect(ByteSource.contentSizeHint(path: plain) == UInt32(text.utf8.count))
    #expect(ByteSource.contentSizeHint(path: plain + ".gz") == UInt32(text.utf8.count))
    // Two gzip members: the trailer gives the last member's size only (hence only a hint).
    #expect(ByteSource.contentSizeHint(path: plain + ".two.gz") == UInt32(text.utf8.count - 100))
    #expect(try BatchLoader.contentHash(path: plain + ".two.gz") == BatchLoader.contentHash(path: plain))
  }

  @Test func sha256KnownVectors() {
    #expect(Checksum.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(Checksum.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(Checksum.sha256Hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func latin1BytesDecode() {
    // "£" is 0xA3 in Latin-1 and 0xC2 0xA3 in UTF-8; both must read as "£".
    #expect(TextDecoding.decode([0x31, 0xA3]) == "1£")
    #expect(TextDecoding.decode([0x31, 0xC2, 0xA3]) == "1£")
    #expect(TextDecoding.decode([0xE9], as: .latin1) == "é")
  }
}

struct DateParserTests {
  let us = DateParser(order: .monthFirst)

  @Test func microsecondsSince2000MatchFoundation() throws {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let epoch2000 = try #require(calendar.date(from: DateComponents(year: 2000, month: 1, day: 1)))
    for (y, m, d, h, mi, s) in [
      (2000, 1, 1, 0, 0, 0), (2010, 12, 1, 8, 26, 0), (2011, 12, 9, 12, 50, 59), (1999, 12, 31, 23, 59, 59),
      (2000, 2, 29, 12, 0, 0), (2100, 3, 1, 0, 0, 1), (1900, 2, 28, 6, 30, 0), (1601, 1, 1, 0, 0, 0), (2024, 2, 29, 23, 0, 0),
    ] {
      let stamp = DateParser.Timestamp(year: y, month: m, day: d, hour: h, minute: mi, second: s)
      let date = try #require(calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: mi, second: s)))
      #expect(stamp.microsecondsSince2000 == Int64((date.timeIntervalSince(epoch2000)).rounded()) * 1_000_000, "\(stamp.sqlText)")
    }
  }

  @Test func isoAndUSForms() {
    #expect(us.parse("2010-12-01 08:26:00")?.sqlText == "2010-12-01 08:26:00")
    #expect(us.parse("2010-12-01T08:26")?.sqlText == "2010-12-01 08:26:00")
    #expect(us.parse("12/1/2010 8:26")?.sqlText == "2010-12-01 08:26:00")
    #expect(us.parse("1/12/11 17:05")?.sqlText == "2011-01-12 17:05:00")
    #expect(us.parse("2011-12-09")?.dateKey == 20111209)
    #expect(DateParser(order: .dayFirst).parse("1/12/2010 8:26")?.sqlText == "2010-12-01 08:26:00")
  }

  @Test func rejectsImpossibleDates() {
    #expect(us.parse("2/30/2011 10:00") == nil)
    #expect(us.parse("2/29/2011 10:00") == nil)
    #expect(us.parse("2/29/2012 10:00") != nil)
    #expect(us.parse("13/1/2011 10:00") == nil)
    #expect(us.parse("2011-01-01 24:00") == nil)
    #expect(us.parse("yesterday") == nil)
    #expect(us.parse("") == nil)
    #expect(us.parse("2011-01-01 10:00 PM") == nil)
  }
}

struct WhitespaceAndCompactDateTests {
  @Test func whitespaceSeparatedLinesCollapseBlanks() throws {
    let path = try temporaryFile(" 00004 0001 19970101  2   29.33\n\t00018 0002\t19970101 1  \t 11.77  \n")
    let reader = CSVReader(source: try ByteSource(path: path), whitespace: true)
    var record = CSVRecord()
    #expect(try reader.next(into: &record))
    #expect((0..<record.fieldCount).map { record.string($0) } == ["00004", "0001", "19970101", "2", "29.33"])
    #expect(try reader.next(into: &record))
    #expect((0..<record.fieldCount).map { record.string($0) } == ["00018", "0002", "19970101", "1", "11.77"])
    #expect(try !reader.next(into: &record))
  }

  @Test func compactDates() {
    #expect(DateParser().parse("19970101")?.sqlText == "1997-01-01 00:00:00")
    #expect(DateParser().parse("19970230") == nil)
    #expect(DateParser().parse("1997010") == nil)
  }
}

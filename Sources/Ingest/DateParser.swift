/// Parses invoice timestamps in the forms retail exports use, from bytes, without Foundation.
///
/// Accepted: ISO `yyyy-MM-dd HH:mm[:ss]` (also with `T`), compact `yyyyMMdd`, and slash dates
/// `M/d/yyyy H:mm[:ss]` (US, month first) or `d/M/yyyy` (day first, by configuration),
/// two-digit years meaning 20yy, and a date alone (midnight). Every component is range
/// checked, including the day against the month's length.
public struct DateParser: Sendable {
  public enum Order: String, Sendable, Codable {
    case monthFirst = "mdy"
    case dayFirst = "dmy"
  }

  public struct Timestamp: Equatable, Sendable {
    public var year, month, day, hour, minute, second: Int
    /// `yyyymmdd`, the key of `core.dim_date`.
    public var dateKey: Int { year * 10000 + month * 100 + day }
    /// Microseconds since 2000-01-01 00:00:00: PostgreSQL's binary `timestamp` (proleptic
    /// Gregorian calendar, as PostgreSQL counts).
    public var microsecondsSince2000: Int64 {
      // Days from the civil date (H. Hinnant's algorithm), counted from 1970-01-01.
      let y = month <= 2 ? year - 1 : year
      let era = (y >= 0 ? y : y - 399) / 400
      let yearOfEra = y - era * 400
      let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
      let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
      let days = era * 146_097 + dayOfEra - 719_468 - 10_957  // 10,957 days from 1970 to 2000
      return Int64((days * 86_400 + hour * 3_600 + minute * 60 + second)) * 1_000_000
    }
    /// Calls `body` with `sqlText` as ASCII bytes (no allocation).
    public func withSQLText<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
      guard (0...9999).contains(year) else { return try Array(sqlText.utf8).withUnsafeBufferPointer(body) }
      var bytes: (UInt64, UInt64, UInt64) = (0, 0, 0)
      return try withUnsafeMutableBytes(of: &bytes) { raw in
        let out = raw.bindMemory(to: UInt8.self)
        func put(_ value: Int, at offset: Int, width: Int) {
          var v = value
          for k in stride(from: offset + width - 1, through: offset, by: -1) {
            out[k] = UInt8(v % 10) + 48
            v /= 10
          }
        }
        put(year, at: 0, width: 4)
        out[4] = 45
        put(month, at: 5, width: 2)
        out[7] = 45
        put(day, at: 8, width: 2)
        out[10] = 32
        put(hour, at: 11, width: 2)
        out[13] = 58
        put(minute, at: 14, width: 2)
        out[16] = 58
        put(second, at: 17, width: 2)
        return try body(UnsafeBufferPointer(rebasing: out[0..<19]))
      }
    }
    /// `yyyy-mm-dd hh:mm:ss`, as PostgreSQL reads a `timestamp`.
    public var sqlText: String {
      func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
      }
      return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
    }
  }

  public var order: Order
  public init(order: Order = .monthFirst) { self.order = order }

  public func parse(_ text: String) -> Timestamp? {
    var text = text
    return text.withUTF8 { parse($0) }
  }

  public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
    var i = 0
    let n = bytes.count
    while i < n, bytes[i] == 32 { i += 1 }
    var end = n
    while end > i, bytes[end - 1] == 32 { end -= 1 }

    func number(maxDigits: Int) -> (value: Int, digits: Int)? {
      var value = 0
      var digits = 0
      while i < end, digits < maxDigits, bytes[i] >= 48, bytes[i] <= 57 {
        value = value * 10 + Int(bytes[i] - 48)
        digits += 1
        i += 1
      }
      return digits == 0 ? nil : (value, digits)
    }
    func expect(_ c: UInt8) -> Bool {
      guard i < end, bytes[i] == c else { return false }
      i += 1
      return true
    }

    var ts = Timestamp(year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0)
    if end - i == 8, (i..<end).allSatisfy({ bytes[$0] >= 48 && bytes[$0] <= 57 }) {
      // Compact yyyyMMdd (CDNOW).
      func digits(_ from: Int, _ count: Int) -> Int { (from..<from + count).reduce(0) { $0 * 10 + Int(bytes[$1] - 48) } }
      ts.year = digits(i, 4)
      ts.month = digits(i + 4, 2)
      ts.day = digits(i + 6, 2)
      i = end
    } else {
    guard let first = number(maxDigits: 4) else { return nil }
    if first.digits == 4 {
      // ISO: yyyy-MM-dd
      guard expect(45), let m = number(maxDigits: 2), expect(45), let d = number(maxDigits: 2) else { return nil }
      ts.year = first.value
      ts.month = m.value
      ts.day = d.value
    } else {
      guard first.digits <= 2, expect(47), let second = number(maxDigits: 2), expect(47),
        let y = number(maxDigits: 4), y.digits == 4 || y.digits == 2
      else { return nil }
      ts.year = y.digits == 2 ? 2000 + y.value : y.value
      (ts.month, ts.day) = order == .monthFirst ? (first.value, second.value) : (second.value, first.value)
    }
    }
    if i < end {
      guard expect(32) || expect(84) else { return nil }  // ' ' or 'T'
      while i < end, bytes[i] == 32 { i += 1 }
      guard let h = number(maxDigits: 2), expect(58), let mi = number(maxDigits: 2), mi.digits == 2 else { return nil }
      ts.hour = h.value
      ts.minute = mi.value
      if expect(58) {
        guard let s = number(maxDigits: 2), s.digits == 2 else { return nil }
        ts.second = s.value
        // Fractional seconds are dropped: invoices are stamped to the minute.
        if expect(46) { _ = number(maxDigits: 9) }
      }
      guard i == end else { return nil }
    }
    guard (1...12).contains(ts.month), ts.day >= 1, ts.day <= Self.daysIn(month: ts.month, year: ts.year),
      (1...9999).contains(ts.year), ts.hour < 24, ts.minute < 60, ts.second < 60
    else { return nil }
    return ts
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}

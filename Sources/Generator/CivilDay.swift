/// A proleptic-Gregorian calendar day, stored as days since 1970-01-01 (no time zone, no Foundation).
///
/// Conversions follow Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms.
public struct CivilDay: Sendable, Hashable, Comparable, Codable {
  /// Days since 1970-01-01.
  public var dayNumber: Int

  /// Wraps a day number.
  public init(dayNumber: Int) { self.dayNumber = dayNumber }

  /// A calendar date; nil if the month or day is out of range.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= Self.daysInMonth(year: year, month: month) else { return nil }
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    dayNumber = era * 146_097 + doe - 719_468
  }

  /// Parses `yyyy-MM-dd`; nil when malformed.
  public init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// (year, month 1–12, day 1–31).
  public var components: (year: Int, month: Int, day: Int) {
    let z = dayNumber + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// Day of the week: 0 = Sunday … 6 = Saturday.
  public var weekday: Int { ((dayNumber % 7) + 7 + 4) % 7 }

  /// The day `n` days later.
  public func adding(days n: Int) -> CivilDay { CivilDay(dayNumber: dayNumber + n) }

  /// The same day of the month `n` months later (clamped to the month's length).
  public func adding(months n: Int) -> CivilDay {
    let c = components
    let total = c.year * 12 + (c.month - 1) + n
    let year = total >= 0 ? total / 12 : (total - 11) / 12
    let month = total - year * 12 + 1
    let day = min(c.day, Self.daysInMonth(year: year, month: month))
    return CivilDay(year: year, month: month, day: day) ?? self
  }

  /// `yyyy-MM-dd`.
  public var isoString: String {
    let c = components
    return "\(c.year)-\(c.month < 10 ? "0" : "")\(c.month)-\(c.day < 10 ? "0" : "")\(c.day)"
  }

  /// Number of days in a month of a year.
  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Orders by day number.
  public static func < (lhs: CivilDay, rhs: CivilDay) -> Bool { lhs.dayNumber < rhs.dayNumber }
}

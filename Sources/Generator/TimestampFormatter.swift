/// Formats calendar days and seconds of the day as the profiles' date texts.
enum TimestampFormatter {
  /// `yyyy-MM-dd HH:mm:ss`.
  static func iso(_ day: CivilDay, second: Int) -> String {
    let h = second / 3600, m = (second / 60) % 60, s = second % 60
    return day.isoString + " " + two(h) + ":" + two(m) + ":" + two(s)
  }

  /// A date that parses as ISO but does not exist (February 30th of the same year, same time).
  static func impossible(_ day: CivilDay, second: Int) -> String {
    let h = second / 3600, m = (second / 60) % 60, s = second % 60
    return "\(day.components.year)-02-30 " + two(h) + ":" + two(m) + ":" + two(s)
  }

  /// Two-digit zero-padded number.
  static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  /// A second of the day: hour drawn from `hours` (offset by `firstHour`), minute uniform, second 0
  /// (the UCI file is stamped to the minute).
  static func drawSecond(_ rng: inout Xoshiro256StarStar, hours: AliasTable, firstHour: Int) -> Int {
    let hour = firstHour + hours.sample(&rng)
    return hour * 3600 + rng.integer(in: 0...59) * 60
  }
}

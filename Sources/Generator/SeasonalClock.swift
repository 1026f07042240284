/// Maps the BG/NBD process's "operational" time to calendar days, which is how seasonality is applied.
///
/// The purchase process is simulated in operational days, where it is an exact BG/NBD process. A
/// calendar day `d` lasts `w(d) = index(month(d)) / mean` operational days, where `mean` is the
/// day-weighted average of the twelve monthly indices over a non-leap year, so one calendar year is
/// 365 operational days and months with a high index receive proportionally more purchases (a
/// time change of a Poisson process; dropout, which happens at purchases, is unaffected).
/// Acquisition is uniform in operational time, so it is seasonal too.
///
/// Weekly seasonality is a re-timing only: a purchase that lands on a closed weekday moves to the next
/// open day (or, at the end of the window, to the previous one). Time of day is drawn separately from
/// an hour-of-day profile and never changes the day.
public struct SeasonalClock: Sendable {
  /// First calendar day of the window.
  public let start: CivilDay
  /// First day after the window.
  public let end: CivilDay
  /// Operational time at the start of each window day; `cumulative[n]` is the end of the window.
  private let cumulative: [Double]
  /// Weekdays (0 = Sunday … 6 = Saturday) with no sales.
  public let closedWeekdays: Set<Int>

  /// Builds the clock; nil when the indices are not 12 positive numbers, the window is empty or
  /// every weekday is closed.
  public init?(start: CivilDay, months: Int, monthlyIndex: [Double], closedWeekdays: Set<Int>) {
    guard months > 0, monthlyIndex.count == 12, monthlyIndex.allSatisfy({ $0 > 0 && $0.isFinite }),
      closedWeekdays.count < 7
    else { return nil }
    self.start = start
    self.end = start.adding(months: months)
    self.closedWeekdays = closedWeekdays
    var yearTotal = 0.0
    for m in 1...12 { yearTotal += monthlyIndex[m - 1] * Double(CivilDay.daysInMonth(year: 2001, month: m)) }
    let mean = yearTotal / 365
    let days = end.dayNumber - start.dayNumber
    var cumulative = [Double](repeating: 0, count: days + 1)
    for i in 0..<days {
      let month = start.adding(days: i).components.month
      cumulative[i + 1] = cumulative[i] + monthlyIndex[month - 1] / mean
    }
    self.cumulative = cumulative
  }

  /// Number of calendar days in the window.
  public var dayCount: Int { cumulative.count - 1 }

  /// Operational time at the start of the window (always 0).
  public var operationalStart: Double { 0 }

  /// Operational time at the end of the window.
  public var operationalEnd: Double { cumulative[cumulative.count - 1] }

  /// Operational time at the start of a calendar day inside (or at the end of) the window.
  public func operationalTime(atStartOf day: CivilDay) -> Double {
    let i = min(max(day.dayNumber - start.dayNumber, 0), dayCount)
    return cumulative[i]
  }

  /// The calendar day containing operational time `tau` (clamped to the window), before closures.
  public func calendarDay(_ tau: Double) -> CivilDay {
    var lo = 0
    var hi = dayCount - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if cumulative[mid] <= tau { lo = mid } else { hi = mid - 1 }
    }
    return start.adding(days: lo)
  }

  /// Moves a day off closed weekdays: forward to the next open day, or backward if that leaves the window.
  public func openDay(_ day: CivilDay) -> CivilDay {
    guard !closedWeekdays.isEmpty else { return day }
    var d = day
    while closedWeekdays.contains(d.weekday) { d = d.adding(days: 1) }
    if d < end { return d }
    d = day
    while closedWeekdays.contains(d.weekday) { d = d.adding(days: -1) }
    return d
  }

  /// The trading day of a purchase at operational time `tau`: `openDay(calendarDay(tau))`.
  public func tradingDay(_ tau: Double) -> CivilDay { openDay(calendarDay(tau)) }
}

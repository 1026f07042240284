/// A calendar month (number 1…12) or ISO 8601 week (number 1…53, year = ISO week-numbering year).
public struct CalendarPeriod: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Calendar year, or ISO week-numbering year for weeks.
    public var year: Int
    /// Month 1…12 or ISO week 1…53.
    public var number: Int

    /// Creates a period.
    public init(year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    /// Chronological order.
    public static func < (lhs: CalendarPeriod, rhs: CalendarPeriod) -> Bool {
        (lhs.year, lhs.number) < (rhs.year, rhs.number)
    }

    /// "2024-07" style label (weeks: "2024-W07").
    public var description: String {
        let padded = number < 10 ? "0\(number)" : "\(number)"
        return "\(year)-\(padded)"
    }
}

/// Sums daily values into calendar months or ISO 8601 weeks, filling periods without data with zeros.
///
/// ISO weeks start on Monday; week 1 is the week containing the year's first Thursday, so a few days
/// around New Year belong to the neighbouring ISO year (e.g. 2021-01-03 is in 2020-W53).
/// Seasonal periods to use with the result: 12 for months, 52 for weeks (53-week years are rare and
/// treated as ordinary periods).
public enum PeriodAggregator {
    /// Target granularity.
    public enum Granularity: Sendable, Hashable {
        /// Calendar months.
        case month
        /// ISO 8601 weeks.
        case isoWeek
    }

    /// The ISO week of a date.
    public static func isoWeek(of date: CivilDate) -> CalendarPeriod {
        let day = date.dayNumber
        let weekday = ((day % 7) + 7 + 3) % 7  // Monday = 0; 1970-01-01 was a Thursday
        let thursday = day - weekday + 3
        let isoYear = CivilDate(dayNumber: thursday).year
        let firstOfYear = CivilDate(year: isoYear, month: 1, day: 1).dayNumber
        return CalendarPeriod(year: isoYear, number: (thursday - firstOfYear) / 7 + 1)
    }

    /// The calendar month of a date.
    public static func month(of date: CivilDate) -> CalendarPeriod {
        CalendarPeriod(year: date.year, number: date.month)
    }

    /// Sums `values[i]` into the period of `dates[i]`; throws on invalid dates, non-finite values or
    /// mismatched lengths. Empty input gives an empty series.
    public static func aggregate(dates: [CivilDate], values: [Double], by granularity: Granularity) throws -> PeriodSeries {
        guard dates.count == values.count else { throw ForecastError.invalidInput("dates and values differ in length") }
        if let bad = dates.first(where: { !$0.isValid }) {
            throw ForecastError.invalidInput("invalid date \(bad.year)-\(bad.month)-\(bad.day)")
        }
        guard values.allSatisfy(\.isFinite) else { throw ForecastError.invalidInput("non-finite value") }
        guard let first = dates.min(), let last = dates.max() else { return PeriodSeries(periods: [], values: []) }
        let periods = allPeriods(from: first, through: last, granularity: granularity)
        var position: [CalendarPeriod: Int] = [:]
        for (i, p) in periods.enumerated() { position[p] = i }
        var sums = [Double](repeating: 0, count: periods.count)
        for (date, value) in zip(dates, values) {
            let key = granularity == .month ? month(of: date) : isoWeek(of: date)
            if let i = position[key] { sums[i] += value }
        }
        return PeriodSeries(periods: periods, values: sums)
    }

    /// Consecutive periods covering `first` … `last`.
    static func allPeriods(from first: CivilDate, through last: CivilDate, granularity: Granularity) -> [CalendarPeriod] {
        var out: [CalendarPeriod] = []
        switch granularity {
        case .month:
            var year = first.year
            var month = first.month
            while (year, month) <= (last.year, last.month) {
                out.append(CalendarPeriod(year: year, number: month))
                month += 1
                if month > 12 { month = 1; year += 1 }
            }
        case .isoWeek:
            let start = first.dayNumber - (((first.dayNumber % 7) + 7 + 3) % 7)
            var monday = start
            while monday <= last.dayNumber {
                out.append(isoWeek(of: CivilDate(dayNumber: monday)))
                monday += 7
            }
        }
        return out
    }
}

/// A regularly spaced series of period totals with its calendar periods (no gaps).
public struct PeriodSeries: Sendable, Equatable {
    /// Calendar periods, consecutive and ascending.
    public var periods: [CalendarPeriod]
    /// Sum of the daily values falling in each period (0 for periods without data).
    public var values: [Double]
}

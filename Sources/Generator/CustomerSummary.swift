/// BG/NBD calibration summary of one simulated customer, in weeks.
public struct CustomerSummary: Sendable, Hashable {
  /// 0-based customer index.
  public var customerIndex: Int
  /// x: repeat purchases (model clock) or repeat purchase days (calendar clock).
  public var frequency: Int
  /// t_x in weeks.
  public var recency: Double
  /// T in weeks.
  public var age: Double
  /// Mean value of the repeat transactions (0 when x = 0); on the calendar clock, same-day
  /// transactions are summed first, like Analytics' `CalibrationSummarizer`.
  public var averageRepeatValue: Double
}

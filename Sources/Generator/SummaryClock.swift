/// Which time axis calibration summaries are computed on.
public enum SummaryClock: String, Sendable, CaseIterable {
  /// Operational time, where the process is exactly BG/NBD: x = repeat purchases, t_x and T from
  /// continuous purchase times, T to the end of the window. Fits recover the true parameters up to
  /// sampling error.
  case model
  /// What the warehouse sees: trading days after seasonality and weekday closures, summarised like
  /// `CalibrationSummarizer` (distinct days, calibration end = last day of the window). Customers
  /// with T = 0 (first purchase on the last day) are dropped. Seasonality warps time, so a fit is
  /// close to, but not exactly at, the true parameters.
  case calendar
}

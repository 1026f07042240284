/// Known BG/NBD parameters of the simulated purchase process; the time unit is the week.
///
/// Each customer draws a purchase rate λ ~ Gamma(shape r, rate α) (purchases per week) and a
/// dropout probability p ~ Beta(a, b). The mean rate is r/α per week and the mean dropout
/// probability a/(a+b). These are the quantities a BG/NBD fit on weekly calibration summaries
/// (Analytics' `CalibrationSummarizer` with `daysPerUnit = 7`) should recover.
public struct PurchaseProcessParameters: Sendable, Hashable, Codable {
  /// Gamma shape of purchase rates.
  public var r: Double
  /// Gamma rate of purchase rates, in weeks.
  public var alpha: Double
  /// First Beta shape of the dropout probability.
  public var a: Double
  /// Second Beta shape of the dropout probability.
  public var b: Double

  /// Creates a parameter set.
  public init(r: Double, alpha: Double, a: Double, b: Double) {
    self.r = r
    self.alpha = alpha
    self.a = a
    self.b = b
  }

  /// `[r, alpha, a, b]`, the order of Analytics' `BGNBDParameters.values`.
  public var values: [Double] { [r, alpha, a, b] }

  /// True when all four are positive and finite.
  public var isValid: Bool { values.allSatisfy { $0 > 0 && $0.isFinite } }
}

/// Known Gamma-Gamma spend parameters (Fader, Hardie & Lee 2005, "RFM and CLV").
///
/// Each customer draws ν ~ Gamma(shape q, rate γ); each of its transactions has value
/// z ~ Gamma(shape p, rate ν), in the profile's currency. The population mean transaction value is
/// p·γ/(q−1) (for q > 1).
public struct SpendModelParameters: Sendable, Hashable, Codable {
  /// Shape of the per-transaction Gamma.
  public var p: Double
  /// Shape of the Gamma mixing distribution of ν.
  public var q: Double
  /// Rate of the Gamma mixing distribution of ν (currency units).
  public var gamma: Double

  /// Creates a parameter set.
  public init(p: Double, q: Double, gamma: Double) {
    self.p = p
    self.q = q
    self.gamma = gamma
  }

  /// p·γ/(q−1); +∞ when q ≤ 1.
  public var meanTransactionValue: Double { q > 1 ? p * gamma / (q - 1) : .infinity }

  /// True when all three are positive and finite.
  public var isValid: Bool { [p, q, gamma].allSatisfy { $0 > 0 && $0.isFinite } }
}

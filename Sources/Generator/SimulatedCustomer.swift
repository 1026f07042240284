/// One customer's latent BG/NBD and Gamma-Gamma draws and its purchases inside the window.
public struct SimulatedCustomer: Sendable {
  /// 0-based customer index (customer ids are derived from it).
  public var index: Int
  /// λ: purchases per week while alive.
  public var purchaseRate: Double
  /// p: probability of dropping out after each repeat purchase.
  public var dropoutProbability: Double
  /// ν: Gamma-Gamma rate of this customer's transaction values.
  public var spendRate: Double
  /// Purchase times in operational days (see `SeasonalClock`), increasing; the first is acquisition.
  public var purchaseTimes: [Double]
  /// Transaction value of each purchase (currency units), same order.
  public var spends: [Double]
  /// True when the customer dropped out before the end of the window.
  public var droppedOut: Bool
}

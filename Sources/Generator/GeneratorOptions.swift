/// Everything that determines a generated data set; the same options give the same bytes.
public struct GeneratorOptions: Sendable, Hashable {
  /// Which shop and file layout.
  public var profile: GeneratorProfile
  /// Number of identified customers simulated (guests are extra).
  public var customers: Int
  /// Length of the observation window in calendar months.
  public var months: Int
  /// Random seed.
  public var seed: UInt64
  /// First day of the window.
  public var start: CivilDay
  /// Customers' first purchases are uniform (in operational time) over the first `acquisitionMonths`
  /// months of the window; nil means the whole window.
  public var acquisitionMonths: Int?
  /// BG/NBD purchase process (weeks).
  public var purchaseModel: PurchaseProcessParameters
  /// Gamma-Gamma transaction values.
  public var spendModel: SpendModelParameters
  /// Defect rates.
  public var defects: DefectRates
  /// Number of products in the catalogue.
  public var productCount: Int
  /// Zipf exponent of product popularity (1 = classic Zipf).
  public var zipfExponent: Double
  /// Mean number of lines per order (1 + Poisson(mean − 1)).
  public var meanLinesPerOrder: Double
  /// Multiplicative monthly seasonality, Jan…Dec (see `SeasonalClock`).
  public var monthlyIndex: [Double]
  /// Weekdays without sales (0 = Sunday … 6 = Saturday).
  public var closedWeekdays: Set<Int>

  /// Options with the profile's defaults.
  public init(profile: GeneratorProfile, customers: Int, months: Int = 12, seed: UInt64 = 42) {
    self.profile = profile
    self.customers = customers
    self.months = months
    self.seed = seed
    self.start = profile.defaultStart
    self.acquisitionMonths = nil
    self.purchaseModel = profile.defaultPurchaseModel
    self.spendModel = profile.defaultSpendModel
    self.defects = profile.defaultDefects
    self.productCount = profile.defaultProductCount
    self.zipfExponent = 1.0
    self.meanLinesPerOrder = profile.defaultMeanLinesPerOrder
    self.monthlyIndex = profile.defaultMonthlyIndex
    self.closedWeekdays = profile.defaultClosedWeekdays
  }

  /// Throws `GeneratorError.invalidOptions` naming the first invalid option.
  public func validate() throws(GeneratorError) {
    func fail(_ message: String) -> GeneratorError { .invalidOptions(message) }
    guard customers >= 0 else { throw fail("customers must be ≥ 0") }
    guard months >= 1 else { throw fail("months must be ≥ 1") }
    if let acquisitionMonths, acquisitionMonths < 1 || acquisitionMonths > months {
      throw fail("acquisitionMonths must be in 1...months")
    }
    guard purchaseModel.isValid else { throw fail("purchase model parameters must be positive") }
    guard spendModel.isValid else { throw fail("spend model parameters must be positive") }
    guard defects.isValid else { throw fail("defect rates must be in [0, 1]") }
    guard productCount >= 1 else { throw fail("productCount must be ≥ 1") }
    guard zipfExponent >= 0, zipfExponent.isFinite else { throw fail("zipfExponent must be ≥ 0") }
    guard meanLinesPerOrder >= 1, meanLinesPerOrder <= 200 else { throw fail("meanLinesPerOrder must be in 1...200") }
    guard monthlyIndex.count == 12, monthlyIndex.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw fail("monthlyIndex needs 12 positive numbers")
    }
    guard closedWeekdays.allSatisfy({ (0...6).contains($0) }), closedWeekdays.count < 7 else {
      throw fail("closedWeekdays must be in 0...6 and leave an open day")
    }
  }
}

/// The shop being simulated: file layout, currency, catalogue, calendar and default parameters.
public enum GeneratorProfile: String, Sendable, CaseIterable, Codable {
  /// UK online giftware wholesaler in the UCI Online Retail layout (one CSV file, GBP).
  case ukGiftware = "uk_giftware"
  /// Indian clothing store, INR, three files: customers.csv, products.csv, sales.csv.
  case indianApparel = "indian_apparel"

  /// Default purchase process (weeks): uk r 0.6 α 6 a 0.8 b 4; indian r 0.4 α 8 a 0.7 b 3.5.
  public var defaultPurchaseModel: PurchaseProcessParameters {
    switch self {
    case .ukGiftware: PurchaseProcessParameters(r: 0.6, alpha: 6, a: 0.8, b: 4)
    case .indianApparel: PurchaseProcessParameters(r: 0.4, alpha: 8, a: 0.7, b: 3.5)
    }
  }

  /// Default Gamma-Gamma spend: uk p 6 q 4 γ 200 (mean £400); indian p 3 q 5 γ 4000 (mean ₹3,000).
  public var defaultSpendModel: SpendModelParameters {
    switch self {
    case .ukGiftware: SpendModelParameters(p: 6, q: 4, gamma: 200)
    case .indianApparel: SpendModelParameters(p: 3, q: 5, gamma: 4000)
    }
  }

  /// Default defect rates.
  public var defaultDefects: DefectRates {
    switch self {
    case .ukGiftware: .ukGiftware
    case .indianApparel: .indianApparel
    }
  }

  /// Default first day: 2010-12-01 (UCI) and 2023-01-01.
  public var defaultStart: CivilDay {
    switch self {
    case .ukGiftware: CivilDay(dayNumber: 14944)  // 2010-12-01
    case .indianApparel: CivilDay(dayNumber: 19358)  // 2023-01-01
    }
  }

  /// Multiplicative index by calendar month (Jan…Dec). uk: giftware peaks in Sep–Nov (Nov 1.6);
  /// indian: wedding season Apr–May and Diwali Oct–Nov.
  public var defaultMonthlyIndex: [Double] {
    switch self {
    case .ukGiftware: [0.70, 0.65, 0.85, 0.75, 0.85, 0.85, 0.85, 0.85, 1.15, 1.25, 1.60, 1.05]
    case .indianApparel: [0.80, 0.80, 0.90, 1.10, 1.20, 0.80, 0.70, 0.80, 0.90, 1.40, 1.50, 1.10]
    }
  }

  /// Closed weekdays (0 = Sunday … 6 = Saturday): uk closes on Saturdays like the UCI shop.
  public var defaultClosedWeekdays: Set<Int> {
    switch self {
    case .ukGiftware: [6]
    case .indianApparel: []
    }
  }

  /// Catalogue size: 4,000 (close to the UCI file's ~4,070 stock codes) and 600.
  public var defaultProductCount: Int {
    switch self {
    case .ukGiftware: 4000
    case .indianApparel: 600
    }
  }

  /// Mean lines per order: 12 (wholesale baskets) and 1.6.
  public var defaultMeanLinesPerOrder: Double {
    switch self {
    case .ukGiftware: 12
    case .indianApparel: 1.6
    }
  }
}

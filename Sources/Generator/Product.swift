/// One catalogue item: code, description, category and unit price in minor currency units.
public struct Product: Sendable, Hashable {
  /// Stock code (`85123A`) or product id (`P00042`).
  public var code: String
  /// Description or product name (never contains a comma, quote or newline).
  public var description: String
  /// Category name.
  public var category: String
  /// Unit price in minor units (pence, paise).
  public var priceMinor: Int
}

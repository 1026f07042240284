/// Splits a transaction's value into order lines of distinct products.
///
/// Lines: k = 1 + Poisson(meanLines − 1) (at most 100 and at most the catalogue size). Shares of the
/// value come from a flat Dirichlet (k Exponential(1) draws). For each line a product is drawn by
/// popularity, retrying (up to 8 draws) to avoid products already on the order and products priced
/// above twice the line's target; quantity = max(1, round(target / price)). The rounding error of
/// each line is carried to the next, so the order total is within about half a unit price of the
/// drawn value, except when even one unit of the cheapest candidate exceeds the remaining target
/// (small values, expensive catalogues), where the order total overshoots. The manifest reports
/// both totals (`simulatedSpend`, `writtenSpend`).
public struct BasketBuilder: Sendable {
  /// One order line: catalogue index and quantity.
  public typealias Line = (product: Int, quantity: Int)

  /// Catalogue drawn from.
  public let catalog: ProductCatalog
  /// Mean number of lines per order.
  public let meanLines: Double

  /// Creates a builder.
  public init(catalog: ProductCatalog, meanLines: Double) {
    self.catalog = catalog
    self.meanLines = meanLines
  }

  /// Lines for an order worth `value` major currency units.
  public func lines(value: Double, rng: inout Xoshiro256StarStar) -> [Line] {
    let k = min(1 + rng.poisson(mean: meanLines - 1), 100, catalog.count)
    var shares: [Double] = []
    shares.reserveCapacity(k)
    for _ in 0..<k { shares.append(rng.exponential(rate: 1)) }
    let shareTotal = shares.reduce(0, +)
    let valueMinor = value * 100
    var lines: [Line] = []
    lines.reserveCapacity(k)
    var carry = 0.0
    for i in 0..<k {
      let target = max(valueMinor * shares[i] / shareTotal + carry, 0)
      var chosen = -1
      var fallback = -1
      for _ in 0..<8 {
        let candidate = catalog.sample(&rng)
        if lines.contains(where: { $0.product == candidate }) { continue }
        let price = Double(catalog.products[candidate].priceMinor)
        if price <= 2 * target {
          chosen = candidate
          break
        }
        if fallback < 0 || catalog.products[candidate].priceMinor < catalog.products[fallback].priceMinor {
          fallback = candidate
        }
      }
      if chosen < 0 { chosen = fallback }
      guard chosen >= 0 else { continue }
      let price = Double(catalog.products[chosen].priceMinor)
      let quantity = max(1, Int((target / price).rounded()))
      carry = target - Double(quantity) * price
      lines.append((chosen, quantity))
    }
    return lines
  }
}

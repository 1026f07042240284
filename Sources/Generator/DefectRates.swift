/// Rates at which the generator writes the defects the Ingest cleaning rules recognise.
///
/// Every rate is a Bernoulli probability applied per *opportunity*, so the expected count of a defect
/// is `rate × opportunities` (see `DefectKind.opportunity`): per customer merchandise sale line
/// (cancellation, zero price, duplicate, padded description, malformed, orphans) or per customer
/// invoice (guest invoice, stock adjustment, non-merchandise line). Defect rows are *extra* rows
/// (except padded descriptions, which modify a sale line), so the customers' purchase histories that
/// reach `core.fact_sales` are exactly the simulated ones.
public struct DefectRates: Sendable, Hashable, Codable {
  /// Per customer invoice: an extra invoice with an empty CustomerID (a guest basket).
  public var guestInvoice: Double
  /// Per sale line: the line is (partly) cancelled on a later `C` invoice of the same customer.
  public var cancellation: Double
  /// Per customer invoice: an extra stock-adjustment line (own invoice, negative quantity, price 0, no customer).
  public var stockAdjustment: Double
  /// Per sale line: an extra line of the same product at price 0 on the same invoice.
  public var zeroPrice: Double
  /// Per customer invoice: an extra non-merchandise line (POST 70%, M 20%, BANK CHARGES 10%).
  public var nonMerchandise: Double
  /// Per sale line: the line is written twice, byte for byte.
  public var duplicate: Double
  /// Per sale line: the description gets trailing spaces.
  public var paddedDescription: Double
  /// Per sale line: an extra malformed copy (bad date, non-numeric quantity or a missing field, equally likely).
  public var malformed: Double
  /// Per sale line (indian_apparel): an extra copy whose customer_id is not in customers.csv.
  public var orphanCustomer: Double
  /// Per sale line (indian_apparel): an extra copy whose product_id is not in products.csv.
  public var orphanProduct: Double

  /// Creates a rate set; every rate defaults to 0.
  public init(guestInvoice: Double = 0, cancellation: Double = 0, stockAdjustment: Double = 0,
              zeroPrice: Double = 0, nonMerchandise: Double = 0, duplicate: Double = 0,
              paddedDescription: Double = 0, malformed: Double = 0, orphanCustomer: Double = 0,
              orphanProduct: Double = 0) {
    self.guestInvoice = guestInvoice
    self.cancellation = cancellation
    self.stockAdjustment = stockAdjustment
    self.zeroPrice = zeroPrice
    self.nonMerchandise = nonMerchandise
    self.duplicate = duplicate
    self.paddedDescription = paddedDescription
    self.malformed = malformed
    self.orphanCustomer = orphanCustomer
    self.orphanProduct = orphanProduct
  }

  /// No defects at all.
  public static let none = DefectRates()

  /// Defaults for `uk_giftware`, loosely after the UCI file's proportions.
  public static let ukGiftware = DefectRates(
    guestInvoice: 0.15, cancellation: 0.015, stockAdjustment: 0.01, zeroPrice: 0.001, nonMerchandise: 0.05,
    duplicate: 0.01, paddedDescription: 0.02, malformed: 0.001)

  /// Defaults for `indian_apparel`.
  public static let indianApparel = DefectRates(duplicate: 0.01, orphanCustomer: 0.005, orphanProduct: 0.005)

  /// All rates in [0, 1].
  public var isValid: Bool {
    [guestInvoice, cancellation, stockAdjustment, zeroPrice, nonMerchandise, duplicate, paddedDescription,
     malformed, orphanCustomer, orphanProduct].allSatisfy { $0 >= 0 && $0 <= 1 }
  }
}

/// A kind of defect row written by the generator, as counted in `GeneratorManifest.defects`.
public enum DefectKind: String, Sendable, CaseIterable, Codable {
  /// Lines of guest invoices (empty CustomerID). Loader: sale, no customer.
  case guestLine = "guest_line"
  /// Lines of `C` invoices (negative quantity, a product the customer bought). Loader: return.
  case cancellation
  /// Negative quantity, no `C`, price 0, empty customer. Loader: adjustment `stock_adjustment`.
  case stockAdjustment = "stock_adjustment"
  /// Positive quantity at price 0. Loader: adjustment `zero_price`.
  case zeroPrice = "zero_price"
  /// `POST` postage lines. Loader: sale, category postage.
  case postage
  /// `M` manual lines. Loader: sale, category manual.
  case manual
  /// `BANK CHARGES` lines. Loader: adjustment `non_sales_charge`.
  case bankCharges = "bank_charges"
  /// Second copies of sale lines. Loader: reject `duplicate`.
  case duplicate
  /// Rows whose description has trailing spaces: sale lines and their duplicate copies (not extra
  /// rows). Equals the loader's `description_trimmed` note.
  case paddedDescription = "padded_description"
  /// Unparseable date. Loader: reject `bad_date`.
  case badDate = "bad_date"
  /// Non-numeric quantity. Loader: reject `bad_number`.
  case badQuantity = "bad_quantity"
  /// A line with one field fewer. Loader: reject `wrong_field_count`.
  case missingField = "missing_field"
  /// indian_apparel: sales row whose customer_id is not in customers.csv.
  case orphanCustomer = "orphan_customer"
  /// indian_apparel: sales row whose product_id is not in products.csv.
  case orphanProduct = "orphan_product"

  /// True for kinds that add a row (all but `paddedDescription`).
  public var addsRow: Bool { self != .paddedDescription }
}

import Foundation

/// Where a cleaned input line ends up.
public enum Route: String, Sendable {
  /// `core.fact_sales`
  case sale
  /// `core.fact_returns` (cancellation lines, stored with positive quantities)
  case `return`
  /// `core.adjustment` (stock adjustments, bad debt, fees and other non-sales lines)
  case adjustment
  /// `etl.reject`
  case reject
}

/// Why a line was rejected; the raw value is the `reason` stored in `etl.reject`.
public enum RejectReason: String, Sendable, CaseIterable {
  case blankLine = "blank_line"
  case malformedCSV = "malformed_csv"
  case wrongFieldCount = "wrong_field_count"
  case missingValue = "missing_value"
  case badNumber = "bad_number"
  case badDate = "bad_date"
  /// Decided in the database, against `core.country_alias`.
  case unknownCountry = "unknown_country"
  /// Decided in the database: the same line appeared earlier in the file.
  case duplicate
  /// Three-file layout: a sales row whose customer or product id is not in its file.
  case unknownCustomer = "unknown_customer"
  case unknownProduct = "unknown_product"
}

/// Why a line is an adjustment; the raw value is `core.adjustment.rule`.
public enum AdjustmentRule: String, Sendable, CaseIterable {
  /// Invoice number starting with `A` (UCI "Adjust bad debt").
  case badDebt = "bad_debt"
  /// A non-merchandise stock code that is a charge or credit, not a sale: bank charges,
  /// marketplace fees, commission, samples, discounts.
  case nonSalesCharge = "non_sales_charge"
  /// Negative quantity on an invoice that is not a cancellation (damaged, lost, found stock).
  case stockAdjustment = "stock_adjustment"
  /// A positive quantity at price zero (free items, stock corrections).
  case zeroPrice = "zero_price"
  case negativePrice = "negative_price"
  case zeroQuantity = "zero_quantity"
}

/// Product categories: merchandise, or the kind of non-merchandise line a stock code is.
public enum ProductCategory: String, Sendable, CaseIterable, Codable {
  case merchandise
  case postage
  case manual
  case giftVoucher = "gift_voucher"
  case packaging
  case discount
  case bankCharges = "bank_charges"
  case marketplaceFee = "marketplace_fee"
  case commission
  case samples
  case badDebt = "bad_debt"

  /// Lines of these categories are charges or credits between the shop and a third party
  /// (or internal), never a sale to a customer.
  public var isNonSalesCharge: Bool {
    switch self {
    case .discount, .bankCharges, .marketplaceFee, .commission, .samples, .badDebt: return true
    default: return false
    }
  }
}

/// A line that passed parsing, with its route and normalised values.
public struct CleanLine: Sendable, Equatable {
  public var route: Route
  /// `sale`, `cancellation`, or an `AdjustmentRule` raw value.
  public var rule: String
  public var invoiceNo: String
  public var stockCode: String
  public var category: ProductCategory
  public var description: String?
  /// As in the file (negative on cancellations).
  public var quantity: Int
  public var invoicedAt: DateParser.Timestamp
  /// Decimal text as PostgreSQL's `numeric` reads it.
  public var unitPrice: String
  public var customerID: String?
  public var country: String
}

/// A line that cannot be loaded, with the field at fault and a message for the user.
public struct Rejection: Error, Sendable, Equatable {
  public var reason: RejectReason
  /// The source column at fault, as named in the file's header.
  public var field: String?
  public var detail: String
}

/// Applies the named cleaning rules of DESIGN.md F1 to one CSV record (pure: no database).
///
/// Besides routing, it counts the normalisations it applies (`notes`), so a batch can report
/// how many lines each rule touched.
public struct LineCleaner {
  public let columns: SourceMapping.Resolved
  public let dates: DateParser
  public let source: SourceMapping
  /// Normalisation counters: `description_trimmed`, `stock_code_upper_cased`,
  /// `customer_id_normalised`, `country_blank`. (Guest sales, duplicates, country aliases and
  /// description variants are counted in the database, where those rules are applied.)
  public private(set) var notes: [String: Int] = [:]

  public init(columns: SourceMapping.Resolved, source: SourceMapping = .onlineRetail) {
    self.columns = columns
    self.dates = DateParser(order: source.dateOrder)
    self.source = source
  }

  private mutating func note(_ name: String) { notes[name, default: 0] += 1 }

  public mutating func clean(_ record: CSVRecord) -> Result<CleanLine, Rejection> {
    if record.isBlank { return .failure(Rejection(reason: .blankLine, field: nil, detail: "empty line")) }
    if record.raw.contains(0) {
      return .failure(Rejection(reason: .malformedCSV, field: nil, detail: "line contains a NUL byte"))
    }
    if let malformation = record.malformation {
      return .failure(Rejection(reason: .malformedCSV, field: nil, detail: malformation))
    }
    guard record.fieldCount == columns.expectedFieldCount else {
      return .failure(
        Rejection(
          reason: .wrongFieldCount, field: nil,
          detail: "expected \(columns.expectedFieldCount) fields, found \(record.fieldCount)"))
    }

    func text(_ field: SourceMapping.Field) -> Substring {
      guard let column = columns[field] else { return Substring(source.constants[field] ?? "") }
      return record.withField(column) { TextDecoding.decode($0, as: source.encoding) }.trimmedSpaces()
    }
    func missing(_ field: SourceMapping.Field) -> Rejection {
      Rejection(reason: .missingValue, field: columns.columnName(field), detail: "\(columns.columnName(field)) is empty")
    }

    var invoiceNo = text(.invoiceNo)
    let derivedInvoice = columns[.invoiceNo] == nil && source.constants[.invoiceNo] == nil
    if !derivedInvoice && invoiceNo.isEmpty { return .failure(missing(.invoiceNo)) }
    let rawCode = text(.stockCode)
    guard !rawCode.isEmpty else { return .failure(missing(.stockCode)) }
    let stockCode = rawCode.uppercased()
    if stockCode != rawCode { note("stock_code_upper_cased") }

    let quantityText = text(.quantity)
    guard !quantityText.isEmpty else { return .failure(missing(.quantity)) }
    guard let quantity = Self.parseInteger(quantityText) else {
      return .failure(
        Rejection(
          reason: .badNumber, field: columns.columnName(.quantity),
          detail: "\(columns.columnName(.quantity)) '\(quantityText)' is not a whole number"))
    }

    let timestamp = dates.parse(String(text(.invoiceDate)))
    guard let timestamp else {
      let raw = text(.invoiceDate)
      if raw.isEmpty { return .failure(missing(.invoiceDate)) }
      return .failure(
        Rejection(
          reason: .badDate, field: columns.columnName(.invoiceDate),
          detail: "\(columns.columnName(.invoiceDate)) '\(raw)' is not a date (\(dates.order == .monthFirst ? "m/d/yyyy h:mm" : "d/m/yyyy h:mm") or yyyy-mm-dd hh:mm:ss)"))
    }

    // A unit price, or a line amount divided by the quantity.
    let priceField: SourceMapping.Field = columns[.unitPrice] != nil ? .unitPrice : .amount
    var priceText = text(priceField)
    if source.decimalMark == UInt8(ascii: ","), priceText.contains(",") {
      priceText = Substring(priceText.replacingOccurrences(of: ",", with: "."))
    }
    guard !priceText.isEmpty else { return .failure(missing(priceField)) }
    guard var price = Self.parseDecimal(priceText) else {
      return .failure(
        Rejection(
          reason: .badNumber, field: columns.columnName(priceField),
          detail: "\(columns.columnName(priceField)) '\(priceText)' is not a decimal number"))
    }
    if priceField == .amount, quantity != 0, var amount = Decimal(string: price.text) {
      var unit = amount / Decimal(quantity)
      NSDecimalRound(&amount, &unit, 6, .plain)
      price = (NSDecimalNumber(decimal: amount).stringValue, amount > 0 ? 1 : amount < 0 ? -1 : 0)
    }

    let rawDescription = String(text(.description))
    let trimmedDescription = rawDescription.trimmedSpaces()
    if let column = columns[.description],
      record.withField(column, { $0.first == 32 || $0.last == 32 || $0.first == 9 || $0.last == 9 })
    {
      note("description_trimmed")
    }

    var customerID: String? = String(text(.customerID))
    if customerID!.isEmpty {
      customerID = nil
    } else if let whole = Self.wholeNumberPrefix(customerID!) {
      // Spreadsheet round-trips turn 17850 into 17850.0.
      customerID = whole
      note("customer_id_normalised")
    }

    var country = String(text(.country))
    if country.isEmpty {
      country = "Unspecified"
      note("country_blank")
    }

    if derivedInvoice {
      // Sources without invoice numbers (CDNOW): one invoice per customer and day.
      invoiceNo = Substring("\(customerID ?? "guest")-\(timestamp.dateKey)")
    }
    let category = source.category(of: stockCode)
    let (route, rule) = Self.route(
      invoiceNo: invoiceNo, category: category, quantity: quantity, priceSign: price.sign,
      cancellationPrefixes: source.cancellationPrefixes, badDebtPrefixes: source.badDebtPrefixes,
      zeroPriceIsSale: source.zeroPriceIsSale)

    return .success(
      CleanLine(
        route: route, rule: rule, invoiceNo: String(invoiceNo), stockCode: stockCode, category: category,
        description: trimmedDescription.isEmpty ? nil : String(trimmedDescription), quantity: quantity,
        invoicedAt: timestamp, unitPrice: price.text, customerID: customerID, country: country))
  }

  /// The routing rules, in order; the first that matches decides.
  public static func route(
    invoiceNo: Substring, category: ProductCategory, quantity: Int, priceSign: Int,
    cancellationPrefixes: [String] = ["C"], badDebtPrefixes: [String] = ["A"], zeroPriceIsSale: Bool = false
  ) -> (Route, String) {
    let upper = invoiceNo.uppercased()
    if badDebtPrefixes.contains(where: { upper.hasPrefix($0.uppercased()) }) {
      return (.adjustment, AdjustmentRule.badDebt.rawValue)
    }
    if category.isNonSalesCharge { return (.adjustment, AdjustmentRule.nonSalesCharge.rawValue) }
    if cancellationPrefixes.contains(where: { upper.hasPrefix($0.uppercased()) }) { return (.return, "cancellation") }
    if quantity < 0 { return (.adjustment, AdjustmentRule.stockAdjustment.rawValue) }
    if quantity == 0 { return (.adjustment, AdjustmentRule.zeroQuantity.rawValue) }
    if priceSign == 0 && !zeroPriceIsSale { return (.adjustment, AdjustmentRule.zeroPrice.rawValue) }
    if priceSign < 0 { return (.adjustment, AdjustmentRule.negativePrice.rawValue) }
    return (.sale, "sale")
  }

  /// An optionally signed whole number (`-12`, `+3`, `6`).
  static func parseInteger(_ s: Substring) -> Int? {
    var body = s
    if body.first == "+" { body = body.dropFirst() }
    guard !body.isEmpty, body.count <= 18 else { return nil }
    return Int(body)
  }

  /// A plain decimal number (`2.55`, `-11062.06`, `.5`, `3`): returns its canonical text and sign.
  static func parseDecimal(_ s: Substring) -> (text: String, sign: Int)? {
    var body = s
    var negative = false
    if body.first == "-" || body.first == "+" {
      negative = body.first == "-"
      body = body.dropFirst()
    }
    var digits = 0
    var nonZero = false
    var dots = 0
    for c in body.utf8 {
      if c == UInt8(ascii: ".") {
        dots += 1
      } else if c >= 48 && c <= 57 {
        digits += 1
        if c != 48 { nonZero = true }
      } else {
        return nil
      }
    }
    guard digits > 0, dots <= 1, digits <= 30 else { return nil }
    let text = (negative ? "-" : "") + (body.first == "." ? "0" : "") + body
    return (text, nonZero ? (negative ? -1 : 1) : 0)
  }

  /// `17850.0` → `17850`; nil when the text is not a whole number written with a zero fraction.
  static func wholeNumberPrefix(_ s: String) -> String? {
    guard let dot = s.firstIndex(of: ".") else { return nil }
    let whole = s[..<dot], fraction = s[s.index(after: dot)...]
    guard !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit), !fraction.isEmpty, fraction.allSatisfy({ $0 == "0" })
    else { return nil }
    return String(whole)
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}

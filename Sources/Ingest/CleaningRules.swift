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
  public var notes: [String: Int] {
    var out: [String: Int] = [:]
    for (name, n) in zip(["description_trimmed", "stock_code_upper_cased", "customer_id_normalised", "country_blank"], noteCounts)
    where n > 0 { out[name] = n }
    return out
  }
  private var noteCounts = [0, 0, 0, 0]

  // Resolved once, so a line costs no dictionary lookups: per field (by `slot`), its column
  // or -1, and the constant bytes used when it has no column.
  private let fieldColumn: [Int]
  private let constantBytes: [UInt8]
  private let constantRange: [Range<Int>]
  private let derivedInvoice: Bool
  private let priceField: SourceMapping.Field
  private let cancellationPrefixes: [[UInt8]]
  private let badDebtPrefixes: [[UInt8]]
  /// Category of each stock code seen so far (bounded by the number of products).
  private var categories: [String: ProductCategory] = [:]

  public init(columns: SourceMapping.Resolved, source: SourceMapping = .onlineRetail) {
    self.columns = columns
    self.dates = DateParser(order: source.dateOrder)
    self.source = source
    var fieldColumn = [Int](repeating: -1, count: SourceMapping.Field.allCases.count)
    var constantBytes: [UInt8] = []
    var constantRange = [Range<Int>](repeating: 0..<0, count: fieldColumn.count)
    for field in SourceMapping.Field.allCases {
      fieldColumn[Self.slot(field)] = columns[field] ?? -1
      let start = constantBytes.count
      constantBytes.append(contentsOf: (source.constants[field] ?? "").utf8)
      constantRange[Self.slot(field)] = start..<constantBytes.count
    }
    self.fieldColumn = fieldColumn
    self.constantBytes = constantBytes
    self.constantRange = constantRange
    self.derivedInvoice = columns[.invoiceNo] == nil && source.constants[.invoiceNo] == nil
    self.priceField = columns[.unitPrice] != nil ? .unitPrice : .amount
    self.cancellationPrefixes = source.cancellationPrefixes.map { Array($0.uppercased().utf8) }
    self.badDebtPrefixes = source.badDebtPrefixes.map { Array($0.uppercased().utf8) }
  }

  @inline(__always)
  private static func slot(_ field: SourceMapping.Field) -> Int {
    switch field {
    case .invoiceNo: 0
    case .stockCode: 1
    case .description: 2
    case .quantity: 3
    case .invoiceDate: 4
    case .unitPrice: 5
    case .customerID: 6
    case .country: 7
    case .amount: 8
    }
  }

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
    return record.fieldBytes.withUnsafeBufferPointer { all in
      constantBytes.withUnsafeBufferPointer { constants in clean(record, all, constants) }
    }
  }

  private mutating func clean(
    _ record: CSVRecord, _ all: UnsafeBufferPointer<UInt8>, _ constants: UnsafeBufferPointer<UInt8>
  ) -> Result<CleanLine, Rejection> {
    let encoding = source.encoding
    /// A field's bytes without surrounding spaces and tabs (its constant when it has no column).
    func bytes(_ field: SourceMapping.Field) -> UnsafeBufferPointer<UInt8> {
      let column = fieldColumn[Self.slot(field)]
      if column < 0 { return UnsafeBufferPointer(rebasing: constants[constantRange[Self.slot(field)]]) }
      var lo = record.fieldStarts[column], hi = record.fieldEnds[column]
      while lo < hi, all[lo] == 32 || all[lo] == 9 { lo += 1 }
      while hi > lo, all[hi - 1] == 32 || all[hi - 1] == 9 { hi -= 1 }
      return UnsafeBufferPointer(rebasing: all[lo..<hi])
    }
    func text(_ field: SourceMapping.Field) -> String { TextDecoding.decode(bytes(field), as: encoding) }
    func missing(_ field: SourceMapping.Field) -> Rejection {
      Rejection(reason: .missingValue, field: columns.columnName(field), detail: "\(columns.columnName(field)) is empty")
    }

    let invoiceBytes = bytes(.invoiceNo)
    if !derivedInvoice && invoiceBytes.isEmpty { return .failure(missing(.invoiceNo)) }
    let codeBytes = bytes(.stockCode)
    guard !codeBytes.isEmpty else { return .failure(missing(.stockCode)) }
    let stockCode: String
    if TextDecoding.isASCII(codeBytes) {
      var upperCased = false
      stockCode = String(unsafeUninitializedCapacity: codeBytes.count) { out in
        for (i, b) in codeBytes.enumerated() {
          if b >= 97 && b <= 122 {
            out[i] = b - 32
            upperCased = true
          } else {
            out[i] = b
          }
        }
        return codeBytes.count
      }
      if upperCased { noteCounts[1] += 1 }
    } else {
      let rawCode = TextDecoding.decode(codeBytes, as: encoding)
      stockCode = rawCode.uppercased()
      if stockCode != rawCode { noteCounts[1] += 1 }
    }

    let quantityBytes = bytes(.quantity)
    guard !quantityBytes.isEmpty else { return .failure(missing(.quantity)) }
    guard let quantity = Self.parseInteger(quantityBytes) else {
      let name = columns.columnName(.quantity)
      return .failure(
        Rejection(
          reason: .badNumber, field: name,
          detail: Self.isWholeNumber(quantityBytes)
            ? "\(name) '\(text(.quantity))' is out of range (at most \(Int32.max) in absolute value)"
            : "\(name) '\(text(.quantity))' is not a whole number"))
    }

    let dateBytes = bytes(.invoiceDate)
    guard let timestamp = dates.parse(dateBytes) else {
      if dateBytes.isEmpty { return .failure(missing(.invoiceDate)) }
      return .failure(
        Rejection(
          reason: .badDate, field: columns.columnName(.invoiceDate),
          detail: "\(columns.columnName(.invoiceDate)) '\(text(.invoiceDate))' is not a date (\(dates.order == .monthFirst ? "m/d/yyyy h:mm" : "d/m/yyyy h:mm") or yyyy-mm-dd hh:mm:ss)"))
    }

    // A unit price, or a line amount divided by the quantity.
    var priceText = text(priceField)
    if source.decimalMark == UInt8(ascii: ","), priceText.contains(",") {
      priceText = priceText.replacingOccurrences(of: ",", with: ".")
    }
    guard !priceText.isEmpty else { return .failure(missing(priceField)) }
    guard var price = Self.parseDecimal(priceText[...]) else {
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

    let descriptionColumn = fieldColumn[Self.slot(.description)]
    if descriptionColumn >= 0, record.fieldEnds[descriptionColumn] > record.fieldStarts[descriptionColumn] {
      let first = all[record.fieldStarts[descriptionColumn]], last = all[record.fieldEnds[descriptionColumn] - 1]
      if first == 32 || last == 32 || first == 9 || last == 9 { noteCounts[0] += 1 }
    }
    let descriptionBytes = bytes(.description)
    let description = descriptionBytes.isEmpty ? nil : TextDecoding.decode(descriptionBytes, as: encoding)

    let customerBytes = bytes(.customerID)
    var customerID: String?
    if customerBytes.isEmpty {
      customerID = nil
    } else if let whole = Self.wholeNumberPrefix(customerBytes) {
      // Spreadsheet round-trips turn 17850 into 17850.0.
      customerID = whole
      noteCounts[2] += 1
    } else {
      customerID = TextDecoding.decode(customerBytes, as: encoding)
    }

    var country = text(.country)
    if country.isEmpty {
      country = "Unspecified"
      noteCounts[3] += 1
    }

    // Sources without invoice numbers (CDNOW): one invoice per customer and day.
    let invoiceNo =
      derivedInvoice ? "\(customerID ?? "guest")-\(timestamp.dateKey)" : TextDecoding.decode(invoiceBytes, as: encoding)
    let category: ProductCategory
    if let known = categories[stockCode] {
      category = known
    } else {
      category = source.category(of: stockCode)
      categories[stockCode] = category
    }
    let routeBytes = derivedInvoice ? UnsafeBufferPointer<UInt8>(start: nil, count: 0) : invoiceBytes
    let (route, rule) = Self.route(
      isBadDebt: badDebtPrefixes.contains { Self.hasPrefixIgnoringASCIICase(routeBytes, $0) },
      isCancellation: cancellationPrefixes.contains { Self.hasPrefixIgnoringASCIICase(routeBytes, $0) },
      category: category, quantity: quantity, priceSign: price.sign, zeroPriceIsSale: source.zeroPriceIsSale)

    return .success(
      CleanLine(
        route: route, rule: rule, invoiceNo: invoiceNo, stockCode: stockCode, category: category,
        description: description, quantity: quantity, invoicedAt: timestamp, unitPrice: price.text,
        customerID: customerID, country: country))
  }

  /// True when `bytes` starts with `prefix` (upper-case ASCII), ignoring ASCII case.
  @inline(__always)
  static func hasPrefixIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
    guard bytes.count >= prefix.count else { return false }
    for (i, p) in prefix.enumerated() {
      let b = bytes[i]
      if b != p && !(b >= 97 && b <= 122 && b - 32 == p) { return false }
    }
    return true
  }

  /// The routing rules, in order; the first that matches decides.
  public static func route(
    invoiceNo: Substring, category: ProductCategory, quantity: Int, priceSign: Int,
    cancellationPrefixes: [String] = ["C"], badDebtPrefixes: [String] = ["A"], zeroPriceIsSale: Bool = false
  ) -> (Route, String) {
    let upper = invoiceNo.uppercased()
    return route(
      isBadDebt: badDebtPrefixes.contains(where: { upper.hasPrefix($0.uppercased()) }),
      isCancellation: cancellationPrefixes.contains(where: { upper.hasPrefix($0.uppercased()) }),
      category: category, quantity: quantity, priceSign: priceSign, zeroPriceIsSale: zeroPriceIsSale)
  }

  @inline(__always)
  static func route(
    isBadDebt: Bool, isCancellation: Bool, category: ProductCategory, quantity: Int, priceSign: Int,
    zeroPriceIsSale: Bool
  ) -> (Route, String) {
    if isBadDebt { return (.adjustment, AdjustmentRule.badDebt.rawValue) }
    if category.isNonSalesCharge { return (.adjustment, AdjustmentRule.nonSalesCharge.rawValue) }
    if isCancellation { return (.return, "cancellation") }
    if quantity < 0 { return (.adjustment, AdjustmentRule.stockAdjustment.rawValue) }
    if quantity == 0 { return (.adjustment, AdjustmentRule.zeroQuantity.rawValue) }
    if priceSign == 0 && !zeroPriceIsSale { return (.adjustment, AdjustmentRule.zeroPrice.rawValue) }
    if priceSign < 0 { return (.adjustment, AdjustmentRule.negativePrice.rawValue) }
    return (.sale, "sale")
  }

  /// An optionally signed whole number (`-12`, `+3`, `6`) whose magnitude is at most `limit`
  /// (by default what a PostgreSQL `integer` holds).
  static func parseInteger(_ s: Substring, limit: Int = Int(Int32.max)) -> Int? {
    var s = s
    return s.withUTF8 { parseInteger($0, limit: limit) }
  }

  static func parseInteger(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = Int(Int32.max)) -> Int? {
    var i = 0
    var negative = false
    if let first = bytes.first, first == 43 || first == 45 {
      negative = first == 45
      i = 1
    }
    guard i < bytes.count else { return nil }
    var value = 0
    while i < bytes.count {
      let b = bytes[i]
      guard b >= 48 && b <= 57 else { return nil }
      let digit = Int(b - 48)
      guard value <= (limit - digit) / 10 else { return nil }  // value * 10 + digit <= limit, no overflow
      value = value * 10 + digit
      i += 1
    }
    return negative ? -value : value
  }

  /// An optional sign followed by one or more digits, of any length.
  static func isWholeNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let body = bytes.first == 43 || bytes.first == 45 ? UnsafeBufferPointer(rebasing: bytes[1...]) : bytes
    return !body.isEmpty && body.allSatisfy { $0 >= 48 && $0 <= 57 }
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
    var s = s
    return s.withUTF8 { wholeNumberPrefix($0) }
  }

  static func wholeNumberPrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    guard let dot = bytes.firstIndex(of: 46), dot > 0, dot < bytes.count - 1,
      bytes[..<dot].allSatisfy({ $0 >= 48 && $0 <= 57 }), bytes[(dot + 1)...].allSatisfy({ $0 == 48 })
    else { return nil }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<dot]), as: UTF8.self)
  }
}


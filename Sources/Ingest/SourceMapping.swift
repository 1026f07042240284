import Foundation
import Yams

/// How a source's transaction file maps to Basket360's fields, and how its non-sales lines are
/// recognised. Loaded from `config/sources/NAME.yml` (see the README for every key).
///
/// Each field lists the header names it may appear under, matched case-insensitively and
/// ignoring surrounding spaces and a UTF-8 byte-order mark.
public struct SourceMapping: Sendable, Equatable {
  public enum Field: String, CaseIterable, Sendable, CodingKey {
    case invoiceNo = "invoice_no"
    case stockCode = "stock_code"
    case description
    case quantity
    case invoiceDate = "invoice_date"
    case unitPrice = "unit_price"
    case customerID = "customer_id"
    case country
    /// The line's total value, for sources without a unit price (unit price = amount / quantity).
    case amount
  }

  public var name: String
  /// `transactions` (one file, one line per invoice line) or `three_file` (customers, products
  /// and sales files joined on ids; see `ThreeFileLayout`).
  public var layout: Layout = .transactions
  public var threeFile: ThreeFileLayout?
  public var columns: [Field: [String]]
  /// Fields with one value for every line (e.g. the country of a single-country shop).
  public var constants: [Field: String] = [:]
  /// False for files without a header line: `columns` then name 1-based positions (`#3`).
  public var header = true
  /// Whether exact duplicate lines are rejected as `duplicate` (true) or loaded (false, for
  /// sources where identical lines are genuine repeat purchases).
  public var deduplicate = true
  /// Whether a line sold at price zero is a sale (CDNOW's free CDs) or a `zero_price` adjustment
  /// (the UCI shop's stock corrections, the default).
  public var zeroPriceIsSale = false
  /// Runs of spaces and tabs separate fields (`delimiter: whitespace`).
  public var whitespaceDelimited = false
  public var encoding: TextDecoding.Encoding
  public var dateOrder: DateParser.Order
  public var delimiter: UInt8
  /// `.` or `,` (then `2,55` is 2.55; use a `;` delimiter with it).
  public var decimalMark: UInt8
  /// Invoice-number prefixes of cancellations (routed to returns) and of bad-debt adjustments.
  public var cancellationPrefixes: [String]
  public var badDebtPrefixes: [String]
  /// Upper-cased stock codes of non-merchandise lines, and code prefixes, with their category.
  public var nonMerchandiseCodes: [String: ProductCategory]
  public var nonMerchandisePrefixes: [String: ProductCategory]

  public enum Layout: String, Sendable, Equatable, Decodable {
    case transactions
    case threeFile = "three_file"
  }

  /// The UCI Online Retail layout; the same as `config/sources/online_retail.yml` (a test keeps
  /// them equal). Used when no config directory is given.
  public static let onlineRetail = SourceMapping(
    name: "online_retail",
    columns: [
      .invoiceNo: ["InvoiceNo"], .stockCode: ["StockCode"], .description: ["Description"], .quantity: ["Quantity"],
      .invoiceDate: ["InvoiceDate"], .unitPrice: ["UnitPrice"], .customerID: ["CustomerID"], .country: ["Country"],
    ],
    encoding: .auto, dateOrder: .monthFirst, delimiter: UInt8(ascii: ","), decimalMark: UInt8(ascii: "."),
    cancellationPrefixes: ["C"], badDebtPrefixes: ["A"],
    nonMerchandiseCodes: [
      "POST": .postage, "DOT": .postage, "C2": .postage, "M": .manual, "D": .discount, "BANK CHARGES": .bankCharges,
      "AMAZONFEE": .marketplaceFee, "CRUK": .commission, "S": .samples, "B": .badDebt, "PADS": .packaging,
    ],
    nonMerchandisePrefixes: ["GIFT_": .giftVoucher])

  /// The category of an (upper-cased) stock code.
  public func category(of stockCode: String) -> ProductCategory {
    if let known = nonMerchandiseCodes[stockCode] { return known }
    for (prefix, category) in nonMerchandisePrefixes where stockCode.hasPrefix(prefix) { return category }
    return .merchandise
  }

  /// Column positions of each field in a file, resolved from its header.
  public struct Resolved: Sendable {
    /// Column positions of the fields the source has (absent fields use constants or defaults).
    public let index: [Field: Int]
    public let header: [String]
    public let expectedFieldCount: Int
    public subscript(_ field: Field) -> Int? { index[field] }
    /// The header name of the column a field was read from (the field name when it has none).
    public func columnName(_ field: Field) -> String { index[field].map { header[$0] } ?? field.rawValue }
  }

  static func normalise(_ s: String) -> String {
    var s = Substring(s)
    if s.hasPrefix("\u{FEFF}") { s = s.dropFirst() }
    return s.trimmedSpaces().lowercased()
  }

  /// Finds every field's column in `header`.
  /// - Throws: `InputError.badMapping` naming each missing column and the names accepted.
  public func resolve(header: [String], file: String) throws -> Resolved {
    var header = header
    if !self.header {
      // Positional source: the first line is data; name the columns by position.
      header = (1...max(header.count, 1)).map { "#\($0)" }
    }
    let positions = Dictionary(
      header.enumerated().map { (Self.normalise($0.element), $0.offset) }, uniquingKeysWith: { first, _ in first })
    var index: [Field: Int] = [:]
    var missing: [String] = []
    for field in Field.allCases {
      guard let names = columns[field] else { continue }
      if let i = names.lazy.compactMap({ positions[Self.normalise($0)] }).first {
        index[field] = i
      } else {
        missing.append(
          names.count > 1 ? "\(names[0]) (or \(names.dropFirst().joined(separator: ", ")))" : names.first ?? field.rawValue)
      }
    }
    guard missing.isEmpty else {
      throw InputError(
        .badMapping, file: file,
        "line 1: header has no column \(missing.joined(separator: "; ")) required by source '\(name)'; header is: \(header.joined(separator: ","))"
      )
    }
    return Resolved(index: index, header: header, expectedFieldCount: header.count)
  }

  /// True when every field of this source is in `header`.
  public func matches(header: [String]) -> Bool { (try? resolve(header: header, file: "")) != nil }
}

extension SourceMapping: Decodable {
  enum Key: String, CodingKey, CaseIterable {
    case name, description, layout, threeFile = "three_file", encoding, delimiter, decimalMark = "decimal_mark"
    case dateOrder = "date_order", columns, constants, header, deduplicate, zeroPriceLines = "zero_price_lines"
    case cancellationPrefixes = "cancellation_prefixes", badDebtPrefixes = "bad_debt_prefixes"
    case nonMerchandiseCodes = "non_merchandise_codes", nonMerchandisePrefixes = "non_merchandise_prefixes"
  }

  /// Decodes a source file; every key but `name` and `columns` is optional, unknown keys are errors.
  public init(from decoder: any Decoder) throws {
    let all = try decoder.container(keyedBy: AnyCodingKey.self)
    let known = Set(Key.allCases.map(\.rawValue))
    if let unknown = all.allKeys.first(where: { !known.contains($0.stringValue) }) {
      throw DecodingError.dataCorruptedError(
        forKey: unknown, in: all, debugDescription: "unknown key (expected one of: \(known.sorted().joined(separator: ", ")))")
    }
    let c = try decoder.container(keyedBy: Key.self)
    name = try c.decode(String.self, forKey: .name)
    layout = try c.decodeIfPresent(Layout.self, forKey: .layout) ?? .transactions
    threeFile = try c.decodeIfPresent(ThreeFileLayout.self, forKey: .threeFile)
    if layout == .threeFile && threeFile == nil {
      throw DecodingError.keyNotFound(
        Key.threeFile, DecodingError.Context(codingPath: c.codingPath, debugDescription: "layout three_file needs three_file:"))
    }
    encoding = try c.decodeIfPresent(TextDecoding.Encoding.self, forKey: .encoding) ?? .auto
    dateOrder = try c.decodeIfPresent(DateParser.Order.self, forKey: .dateOrder) ?? .monthFirst
    func singleByte(_ key: Key, _ fallback: String, allowed: [String: String]) throws -> UInt8 {
      let text = try c.decodeIfPresent(String.self, forKey: key) ?? fallback
      guard let value = allowed[text] else {
        throw DecodingError.dataCorruptedError(
          forKey: key, in: c, debugDescription: "'\(text)' is not one of \(allowed.keys.sorted().joined(separator: ", "))")
      }
      return UInt8(ascii: Unicode.Scalar(value)!)
    }
    delimiter = try singleByte(.delimiter, ",", allowed: [",": ",", ";": ";", "tab": "\t", "|": "|", "whitespace": " "])
    whitespaceDelimited = (try c.decodeIfPresent(String.self, forKey: .delimiter)) == "whitespace"
    header = try c.decodeIfPresent(Bool.self, forKey: .header) ?? true
    deduplicate = try c.decodeIfPresent(Bool.self, forKey: .deduplicate) ?? true
    switch try c.decodeIfPresent(String.self, forKey: .zeroPriceLines) ?? "adjustment" {
    case "adjustment": zeroPriceIsSale = false
    case "sale": zeroPriceIsSale = true
    case let other:
      throw DecodingError.dataCorruptedError(forKey: .zeroPriceLines, in: c, debugDescription: "'\(other)' is not adjustment or sale")
    }
    decimalMark = try singleByte(.decimalMark, ".", allowed: [".": ".", ",": ","])
    // A column is one header name or a list of accepted names.
    var columns: [Field: [String]] = [:]
    let columnKeys: [AnyCodingKey]
    let columnContainer: KeyedDecodingContainer<AnyCodingKey>?
    if layout == .threeFile && !c.contains(.columns) {
      // The three-file layout builds its lines from the joined files (see ThreeFileLayout).
      columnContainer = nil
      columnKeys = []
      columns = ThreeFileLayout.fieldNames
    } else {
      columnContainer = try c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .columns)
      columnKeys = columnContainer?.allKeys ?? []
    }
    for key in columnKeys {
      guard let columnContainer else { break }
      guard let field = Field(rawValue: key.stringValue) else {
        throw DecodingError.dataCorruptedError(
          forKey: key, in: columnContainer,
          debugDescription: "unknown field (fields: \(Field.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      if let position = try? columnContainer.decode(Int.self, forKey: key) {
        columns[field] = ["#\(position)"]
      } else if let one = try? columnContainer.decode(String.self, forKey: key) {
        columns[field] = [one]
      } else {
        columns[field] = try columnContainer.decode([String].self, forKey: key)
      }
    }
    self.columns = columns
    var constants: [Field: String] = [:]
    for (name, value) in try c.decodeIfPresent([String: String].self, forKey: .constants) ?? [:] {
      guard let field = Field(rawValue: name) else {
        throw DecodingError.dataCorruptedError(forKey: .constants, in: c, debugDescription: "unknown field '\(name)'")
      }
      constants[field] = value
    }
    self.constants = constants
    // Required: a quantity, a date, a price (unit price or line amount) and a stock code (column
    // or constant). Without an invoice number, one is made of customer and date.
    func has(_ field: Field) -> Bool { columns[field] != nil || constants[field] != nil }
    for required in [Field.quantity, .invoiceDate, .stockCode] where !has(required) {
      throw DecodingError.keyNotFound(
        required, DecodingError.Context(codingPath: c.codingPath + [Key.columns], debugDescription: "a column or constant is required"))
    }
    if columns[.unitPrice] == nil && columns[.amount] == nil {
      throw DecodingError.keyNotFound(
        Field.unitPrice, DecodingError.Context(codingPath: c.codingPath + [Key.columns], debugDescription: "unit_price or amount is required"))
    }
    cancellationPrefixes = try c.decodeIfPresent([String].self, forKey: .cancellationPrefixes) ?? ["C"]
    badDebtPrefixes = try c.decodeIfPresent([String].self, forKey: .badDebtPrefixes) ?? []
    func categories(_ key: Key) throws -> [String: ProductCategory] {
      let raw = try c.decodeIfPresent([String: String].self, forKey: key) ?? [:]
      var out: [String: ProductCategory] = [:]
      for (code, name) in raw {
        guard let category = ProductCategory(rawValue: name), category != .merchandise else {
          throw DecodingError.dataCorruptedError(
            forKey: key, in: c,
            debugDescription: "'\(name)' (for \(code)) is not a non-merchandise category: \(ProductCategory.allCases.dropFirst().map(\.rawValue).joined(separator: ", "))")
        }
        out[code.uppercased()] = category
      }
      return out
    }
    nonMerchandiseCodes = try categories(.nonMerchandiseCodes)
    nonMerchandisePrefixes = try categories(.nonMerchandisePrefixes)
  }

  /// Loads `config/sources/*.yml`, sorted by name.
  /// - Throws: `InputError.badMapping` naming the file and the problem.
  public static func loadAll(directory: String) throws -> [SourceMapping] {
    let dir = (directory as NSString).appendingPathComponent("sources")
    guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
    return try files.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map { file in
      let path = (dir as NSString).appendingPathComponent(file)
      do {
        return try YAMLDecoder().decode(SourceMapping.self, from: String(contentsOfFile: path, encoding: .utf8))
      } catch let error as DecodingError {
        throw InputError(.badMapping, file: path, describe(error))
      }
    }
  }

  /// Picks the source whose columns are all in `header`; nil when none or several match.
  public static func detect(header: [String], among sources: [SourceMapping]) -> (SourceMapping?, [String]) {
    let matching = sources.filter { $0.matches(header: header) }
    return (matching.count == 1 ? matching[0] : nil, matching.map(\.name))
  }
}

struct AnyCodingKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

func describe(_ error: DecodingError) -> String {
  func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
  switch error {
  case .keyNotFound(let key, let context): return "missing key \(path(context.codingPath + [key]))"
  case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
    return "\(path(context.codingPath)): \(context.debugDescription)"
  @unknown default: return "\(error)"
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces and tabs.
  func trimmedSpaces() -> Substring {
    var s = self[...]
    while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return Substring(s)
  }
}

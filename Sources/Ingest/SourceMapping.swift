/// How a transaction file's columns map to Basket360's fields.
///
/// Each field lists the header names it may appear under (matched case-insensitively,
/// ignoring surrounding spaces and a UTF-8 byte-order mark), so one mapping reads both the
/// UCI *Online Retail* export (`InvoiceNo`, `UnitPrice`, `CustomerID`) and *Online Retail II*
/// (`Invoice`, `Price`, `Customer ID`).
public struct SourceMapping: Sendable {
  public enum Field: String, CaseIterable, Sendable {
    case invoiceNo = "invoice_no"
    case stockCode = "stock_code"
    case description
    case quantity
    case invoiceDate = "invoice_date"
    case unitPrice = "unit_price"
    case customerID = "customer_id"
    case country
  }

  public var name: String
  public var columns: [Field: [String]]
  public var encoding: TextDecoding.Encoding
  public var dateOrder: DateParser.Order
  public var delimiter: UInt8

  /// The UCI Online Retail layout (and Online Retail II, by its alternative column names).
  public static let onlineRetail = SourceMapping(
    name: "online_retail",
    columns: [
      .invoiceNo: ["InvoiceNo", "Invoice"],
      .stockCode: ["StockCode"],
      .description: ["Description"],
      .quantity: ["Quantity"],
      .invoiceDate: ["InvoiceDate"],
      .unitPrice: ["UnitPrice", "Price"],
      .customerID: ["CustomerID", "Customer ID"],
      .country: ["Country"],
    ],
    encoding: .auto, dateOrder: .monthFirst, delimiter: UInt8(ascii: ","))

  /// Column positions of each field in a file, resolved from its header.
  public struct Resolved: Sendable {
    public let index: [Field: Int]
    public let header: [String]
    public let expectedFieldCount: Int
    public subscript(_ field: Field) -> Int { index[field]! }
    /// The header name of the column a field was read from, for messages.
    public func columnName(_ field: Field) -> String { header[index[field]!] }
  }

  /// Finds every field's column in `header`.
  /// - Throws: `InputError.badMapping` naming each missing column and the names accepted.
  public func resolve(header: [String], file: String) throws -> Resolved {
    func normalise(_ s: String) -> String {
      var s = Substring(s)
      if s.hasPrefix("\u{FEFF}") { s = s.dropFirst() }
      return s.trimmedSpaces().lowercased()
    }
    let positions = Dictionary(
      header.enumerated().map { (normalise($0.element), $0.offset) }, uniquingKeysWith: { first, _ in first })
    var index: [Field: Int] = [:]
    var missing: [String] = []
    for field in Field.allCases {
      let names = columns[field] ?? []
      if let i = names.lazy.compactMap({ positions[normalise($0)] }).first {
        index[field] = i
      } else {
        missing.append(names.count > 1 ? "\(names[0]) (or \(names.dropFirst().joined(separator: ", ")))" : names.first ?? field.rawValue)
      }
    }
    guard missing.isEmpty else {
      throw InputError(
        .badMapping, file: file,
        "line 1: header has no column \(missing.joined(separator: "; ")) required by source '\(name)'; header is: \(header.joined(separator: ","))")
    }
    return Resolved(index: index, header: header, expectedFieldCount: header.count)
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

import Foundation

/// A retailer export in three files joined on ids: customers, products and sales.
///
/// Each sales row becomes one line: order id → invoice number, product id → stock code (its
/// name from the products file is the description), quantity, date, and unit price = amount /
/// quantity (rounded to 6 decimals). The customer must exist in the customers file and the
/// product in the products file; otherwise the row is rejected (`unknown_customer`,
/// `unknown_product`). Reconciliation counts the sales rows; the customers and products files
/// are reference data (duplicate ids there keep their first row, counted as rule notes).
public struct ThreeFileLayout: Sendable, Equatable, Decodable {
  public struct Customers: Sendable, Equatable, Decodable {
    public var file: String = "customers.csv"
    public var id: String = "customer_id"
  }
  public struct Products: Sendable, Equatable, Decodable {
    public var file: String = "products.csv"
    public var id: String = "product_id"
    public var name: String = "name"
  }
  public struct Sales: Sendable, Equatable, Decodable {
    public var file: String = "sales.csv"
    public var order: String = "order_id"
    public var customer: String = "customer_id"
    public var product: String = "product_id"
    public var quantity: String = "quantity"
    public var date: String = "date"
    public var amount: String = "amount"
  }
  public var customers = Customers()
  public var products = Products()
  public var sales = Sales()
  /// The country of every sale (the files carry none).
  public var country: String

  /// Field names the shared line machinery reports (for messages about the joined lines).
  static let fieldNames: [SourceMapping.Field: [String]] = [
    .invoiceNo: ["order_id"], .stockCode: ["product_id"], .description: ["name"], .quantity: ["quantity"],
    .invoiceDate: ["date"], .amount: ["amount"], .customerID: ["customer_id"],
  ]

  /// True when `directory` holds the three files.
  public func isPresent(in directory: String) -> Bool {
    [customers.file, products.file, sales.file].allSatisfy {
      FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0))
    }
  }

  public func paths(in directory: String) -> [String] {
    [customers.file, products.file, sales.file].map { (directory as NSString).appendingPathComponent($0) }
  }
}

/// Streams the sales file of a three-file export, joined in memory with the (small) customers
/// and products files, and yields cleaned lines like `LineCleaner` does.
struct ThreeFileReader {
  let layout: ThreeFileLayout
  let source: SourceMapping
  let salesPath: String
  private let reader: CSVReader
  private let salesColumns: [String: Int]
  private let expectedFields: Int
  private var customers = Set<String>()
  private var products: [String: String] = [:]
  private(set) var notes: [String: Int] = [:]
  private let dates: DateParser

  init(directory: String, source: SourceMapping) throws {
    guard let layout = source.threeFile else { throw InputError(.badMapping, file: directory, "source '\(source.name)' is not a three-file layout") }
    self.layout = layout
    self.source = source
    dates = DateParser(order: source.dateOrder)
    let paths = layout.paths(in: directory)
    salesPath = paths[2]

    func table(_ path: String, _ needed: [String]) throws -> (CSVReader, [String: Int]) {
      let reader = CSVReader(source: try ByteSource(path: path), delimiter: source.delimiter)
      var record = CSVRecord()
      guard try reader.next(into: &record) else { throw InputError(.badHeader, file: path, "line 1: the file is empty") }
      let header = (0..<record.fieldCount).map { SourceMapping.normalise(record.string($0)) }
      var index: [String: Int] = [:]
      for name in needed {
        guard let i = header.firstIndex(of: SourceMapping.normalise(name)) else {
          throw InputError(.badMapping, file: path, "line 1: header has no column \(name) required by source '\(source.name)'")
        }
        index[name] = i
      }
      return (reader, index)
    }

    var record = CSVRecord()
    let (customerReader, customerColumns) = try table(paths[0], [layout.customers.id])
    while try customerReader.next(into: &record) {
      guard !record.isBlank, record.malformation == nil, let i = customerColumns[layout.customers.id], i < record.fieldCount else { continue }
      let id = String(record.string(i).trimmedSpaces())
      if !customers.insert(id).inserted { notes["duplicate_customer_record", default: 0] += 1 }
    }
    let (productReader, productColumns) = try table(paths[1], [layout.products.id, layout.products.name])
    while try productReader.next(into: &record) {
      guard !record.isBlank, record.malformation == nil, let i = productColumns[layout.products.id], let n = productColumns[layout.products.name],
        max(i, n) < record.fieldCount
      else { continue }
      let id = String(record.string(i).trimmedSpaces()).uppercased()
      if products[id] == nil {
        products[id] = String(record.string(n).trimmedSpaces())
      } else {
        notes["duplicate_product_record", default: 0] += 1
      }
    }
    let s = layout.sales
    let (salesReader, columns) = try table(salesPath, [s.order, s.customer, s.product, s.quantity, s.date, s.amount])
    reader = salesReader
    salesColumns = columns
    expectedFields = try Self.fieldCount(salesPath, delimiter: source.delimiter)
  }

  private static func fieldCount(_ path: String, delimiter: UInt8) throws -> Int {
    let reader = CSVReader(source: try ByteSource(path: path), delimiter: delimiter, bufferSize: 64 * 1024)
    var record = CSVRecord()
    _ = try reader.next(into: &record)
    return record.fieldCount
  }

  /// The next sales row and what became of it; nil at the end of the file.
  mutating func next(into record: inout CSVRecord) throws -> Result<CleanLine, Rejection>? {
    guard try reader.next(into: &record) else { return nil }
    if record.isBlank { return .failure(Rejection(reason: .blankLine, field: nil, detail: "empty line")) }
    if let malformation = record.malformation { return .failure(Rejection(reason: .malformedCSV, field: nil, detail: malformation)) }
    guard record.fieldCount == expectedFields else {
      return .failure(Rejection(reason: .wrongFieldCount, field: nil, detail: "expected \(expectedFields) fields, found \(record.fieldCount)"))
    }
    let s = layout.sales
    func text(_ column: String) -> Substring { record.string(salesColumns[column]!).trimmedSpaces() }
    for column in [s.order, s.customer, s.product, s.quantity, s.date, s.amount] where text(column).isEmpty {
      return .failure(Rejection(reason: .missingValue, field: column, detail: "\(column) is empty"))
    }
    let customer = String(text(s.customer)), product = String(text(s.product)).uppercased()
    guard customers.contains(customer) else {
      return .failure(Rejection(reason: .unknownCustomer, field: s.customer, detail: "\(s.customer) '\(customer)' is not in \(layout.customers.file)"))
    }
    guard let name = products[product] else {
      return .failure(Rejection(reason: .unknownProduct, field: s.product, detail: "\(s.product) '\(product)' is not in \(layout.products.file)"))
    }
    guard let quantity = LineCleaner.parseInteger(text(s.quantity)) else {
      return .failure(Rejection(reason: .badNumber, field: s.quantity, detail: "\(s.quantity) '\(text(s.quantity))' is not a whole number"))
    }
    guard let timestamp = dates.parse(String(text(s.date))) else {
      return .failure(Rejection(reason: .badDate, field: s.date, detail: "\(s.date) '\(text(s.date))' is not a date"))
    }
    var amountText = text(s.amount)
    if source.decimalMark == UInt8(ascii: ",") { amountText = Substring(amountText.replacingOccurrences(of: ",", with: ".")) }
    guard let amount = LineCleaner.parseDecimal(amountText), let value = Decimal(string: amount.text) else {
      return .failure(Rejection(reason: .badNumber, field: s.amount, detail: "\(s.amount) '\(amountText)' is not a decimal number"))
    }
    var unitPrice = quantity == 0 ? Decimal(0) : value / Decimal(quantity)
    var rounded = Decimal()
    NSDecimalRound(&rounded, &unitPrice, 6, .plain)
    let priceText = NSDecimalNumber(decimal: rounded).stringValue
    let invoice = text(s.order)
    let category = source.category(of: product)
    let (route, rule) = LineCleaner.route(
      invoiceNo: invoice, category: category, quantity: quantity, priceSign: rounded > 0 ? 1 : rounded < 0 ? -1 : 0,
      cancellationPrefixes: source.cancellationPrefixes, badDebtPrefixes: source.badDebtPrefixes)
    return .success(
      CleanLine(
        route: route, rule: rule, invoiceNo: String(invoice), stockCode: product, category: category,
        description: name.isEmpty ? nil : name, quantity: quantity, invoicedAt: timestamp, unitPrice: priceText,
        customerID: customer, country: layout.country))
  }
}

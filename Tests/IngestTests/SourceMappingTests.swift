import Foundation
import Testing

@testable import Ingest

func projectConfig(filePath: String = #filePath) -> String {
  var url = URL(fileURLWithPath: filePath)
  while url.path != "/" {
    url.deleteLastPathComponent()
    let candidate = url.appendingPathComponent("config/sources")
    if FileManager.default.fileExists(atPath: candidate.path) { return url.appendingPathComponent("config").path }
  }
  return "config"
}

struct SourceMappingTests {
  let uciHeader = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]
  let iiHeader = ["Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"]

  @Test func shippedOnlineRetailFileEqualsTheBuiltInMapping() throws {
    let sources = try SourceMapping.loadAll(directory: projectConfig())
    #expect(sources.map(\.name) == ["cdnow", "online_retail", "online_retail_ii", "three_file"])
    #expect(sources[1] == SourceMapping.onlineRetail)
  }

  @Test func theHeaderChoosesTheSource() throws {
    let sources = try SourceMapping.loadAll(directory: projectConfig())
    let uci = try temporaryFile(uciHeader.joined(separator: ",") + "\n")
    let ii = try temporaryFile("\u{FEFF}" + iiHeader.joined(separator: ",") + "\n")
    #expect(try BatchLoader.chooseSource(path: uci, named: nil, among: sources).name == "online_retail")
    #expect(try BatchLoader.chooseSource(path: ii, named: nil, among: sources).name == "online_retail_ii")
    let other = try temporaryFile("a,b,c\n1,2,3\n")
    let error = #expect(throws: InputError.self) { try BatchLoader.chooseSource(path: other, named: nil, among: sources) }
    #expect(error?.message.contains("matches no source") == true)
    #expect(throws: InputError.self) { try BatchLoader.chooseSource(path: uci, named: "nope", among: sources) }
  }

  @Test func aSourceFileWithAnUnknownKeyOrCategoryIsRefused() throws {
    let dir = NSTemporaryDirectory() + "b360-sources-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir + "/sources", withIntermediateDirectories: true)
    let columns = "columns: {invoice_no: A, stock_code: B, description: C, quantity: D, invoice_date: E, unit_price: F, customer_id: G, country: H}"
    try "name: x\nencodng: utf-8\n\(columns)\n".write(toFile: dir + "/sources/x.yml", atomically: true, encoding: .utf8)
    let unknown = #expect(throws: InputError.self) { try SourceMapping.loadAll(directory: dir) }
    #expect(unknown?.message.contains("encodng") == true)
    try "name: x\n\(columns)\nnon_merchandise_codes: {POST: shipping}\n".write(toFile: dir + "/sources/x.yml", atomically: true, encoding: .utf8)
    let category = #expect(throws: InputError.self) { try SourceMapping.loadAll(directory: dir) }
    #expect(category?.message.contains("shipping") == true)
    try "name: x\ncolumns: {invoice_no: A, stock_code: B, quantity: D, invoice_date: E}\n".write(toFile: dir + "/sources/x.yml", atomically: true, encoding: .utf8)
    let missing = #expect(throws: InputError.self) { try SourceMapping.loadAll(directory: dir) }
    #expect(missing?.message.contains("unit_price") == true)
  }

  @Test func semicolonsAndDecimalCommas() throws {
    let dir = NSTemporaryDirectory() + "b360-sources-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir + "/sources", withIntermediateDirectories: true)
    try """
      name: european
      delimiter: ";"
      decimal_mark: ","
      date_order: dmy
      columns: {invoice_no: Beleg, stock_code: Artikel, description: Text, quantity: Menge, invoice_date: Datum, unit_price: Preis, customer_id: Kunde, country: Land}
      """.write(toFile: dir + "/sources/european.yml", atomically: true, encoding: .utf8)
    let source = try #require(try SourceMapping.loadAll(directory: dir).first)
    let path = try temporaryFile("Beleg;Artikel;Text;Menge;Datum;Preis;Kunde;Land\n1001;X1;Teller;3;1/12/2010 8:26;2,55;42;Germany\n")
    #expect(try BatchLoader.chooseSource(path: path, named: nil, among: [source, .onlineRetail]).name == "european")
    let reader = CSVReader(source: try ByteSource(path: path), delimiter: source.delimiter)
    var record = CSVRecord()
    _ = try reader.next(into: &record)
    let columns = try source.resolve(header: (0..<record.fieldCount).map { record.string($0) }, file: path)
    var cleaner = LineCleaner(columns: columns, source: source)
    _ = try reader.next(into: &record)
    let line = try #require(try cleaner.clean(record).get())
    #expect(line.unitPrice == "2.55")
    #expect(line.invoicedAt.sqlText == "2010-12-01 08:26:00")
    #expect(line.quantity == 3)
  }
}

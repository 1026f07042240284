import Foundation
import Testing

@testable import Ingest

/// Cleans the data lines of a small UCI-layout CSV text.
func clean(_ lines: [String]) throws -> [Result<CleanLine, Rejection>] {
  let text = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
    + lines.joined(separator: "\n") + "\n"
  let path = try temporaryFile(text)
  defer { try? FileManager.default.removeItem(atPath: path) }
  let reader = CSVReader(source: try ByteSource(path: path))
  var record = CSVRecord()
  _ = try reader.next(into: &record)
  let columns = try SourceMapping.onlineRetail.resolve(header: (0..<record.fieldCount).map { record.string($0) }, file: path)
  var cleaner = LineCleaner(columns: columns)
  var out: [Result<CleanLine, Rejection>] = []
  while try reader.next(into: &record) { out.append(cleaner.clean(record)) }
  return out
}

extension Result where Success == CleanLine, Failure == Rejection {
  var line: CleanLine? { if case .success(let l) = self { return l } else { return nil } }
  var rejection: Rejection? { if case .failure(let r) = self { return r } else { return nil } }
}

struct CleaningRulesTests {
  @Test func saleIsLoadedWithNormalisedValues() throws {
    let line = try #require(try clean(["536365,85123a,  WHITE HANGING HEART  ,6,12/1/2010 8:26,2.55,17850.0,United Kingdom"])[0].line)
    #expect(line.route == .sale)
    #expect(line.stockCode == "85123A")
    #expect(line.description == "WHITE HANGING HEART")
    #expect(line.customerID == "17850")
    #expect(line.unitPrice == "2.55")
    #expect(line.invoicedAt.dateKey == 20101201)
    #expect(line.category == .merchandise)
  }

  @Test func eachRoutingRule() throws {
    let results = try clean([
      "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom",  // non_sales_charge (discount)
      "C536383,35004C,SET OF 3 COLOURED  FLYING DUCKS,-1,2010-12-01 09:49:00,4.65,15311,United Kingdom",  // cancellation
      "A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom",  // bad_debt
      "536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom",  // zero_price
      "536589,21777,,-10,2010-12-01 16:50:00,0,,United Kingdom",  // stock_adjustment
      "536370,POST,POSTAGE,3,2010-12-01 08:45:00,18,12583,France",  // non-merchandise sale
      "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,,United Kingdom",  // guest sale
      "536999,AMAZONFEE,AMAZON FEE,1,2010-12-01 08:26:00,13541.33,,United Kingdom",  // non_sales_charge
      "537000,gift_0001_20,Dotcomgiftshop Gift Voucher £20.00,1,2010-12-01 08:26:00,17.02,,United Kingdom",
      "537001,22139,X,0,2010-12-01 08:26:00,1.00,,United Kingdom",  // zero_quantity
    ])
    let lines = results.map { $0.line }
    #expect(lines[0]?.route == .adjustment)
    #expect(lines[0]?.rule == "non_sales_charge")
    #expect(lines[0]?.category == .discount)
    #expect(lines[1]?.route == .return)
    #expect(lines[1]?.rule == "cancellation")
    #expect(lines[2]?.rule == "bad_debt")
    #expect(lines[3]?.rule == "zero_price")
    #expect(lines[3]?.description == nil)
    #expect(lines[4]?.rule == "stock_adjustment")
    #expect(lines[5]?.route == .sale)
    #expect(lines[5]?.category == .postage)
    #expect(lines[6]?.route == .sale)
    #expect(lines[6]?.customerID == nil)
    #expect(lines[7]?.rule == "non_sales_charge")
    #expect(lines[7]?.category == .marketplaceFee)
    #expect(lines[8]?.category == .giftVoucher)
    #expect(lines[8]?.route == .sale)
    #expect(lines[9]?.rule == "zero_quantity")
  }

  @Test func eachRejectReasonNamesTheField() throws {
    let results = try clean([
      "536365,85123A,HEART,six,2010-12-01 08:26:00,2.55,17850,United Kingdom",
      "536365,85123A,HEART,6,2010-13-01 08:26:00,2.55,17850,United Kingdom",
      "536365,85123A,HEART,6,2010-12-01 08:26:00,2,55,17850,United Kingdom",
      "536365,85123A,HEART,6,2010-12-01 08:26:00,£2.55,17850,United Kingdom",
      ",85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
      "536365,,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
      "",
      "536365,85123A,\"HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
    ])
    let r = results.map { $0.rejection }
    #expect(r[0] == Rejection(reason: .badNumber, field: "Quantity", detail: "Quantity 'six' is not a whole number"))
    #expect(r[1]?.reason == .badDate)
    #expect(r[1]?.field == "InvoiceDate")
    #expect(r[2]?.reason == .wrongFieldCount)
    #expect(r[2]?.detail == "expected 8 fields, found 9")
    #expect(r[3]?.reason == .badNumber)
    #expect(r[3]?.field == "UnitPrice")
    #expect(r[4] == Rejection(reason: .missingValue, field: "InvoiceNo", detail: "InvoiceNo is empty"))
    #expect(r[5]?.field == "StockCode")
    #expect(r[6]?.reason == .blankLine)
    #expect(r[7]?.reason == .malformedCSV)
  }

  @Test func missingColumnIsNamedBeforeLoading() throws {
    let error = #expect(throws: InputError.self) {
      try SourceMapping.onlineRetail.resolve(
        header: ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "CustomerID", "Country"], file: "x.csv")
    }
    #expect(error?.message.contains("UnitPrice") == true)
  }

  @Test func onlineRetailIIHeaderIsRecognised() throws {
    let ii = try #require(try SourceMapping.loadAll(directory: projectConfig()).first { $0.name == "online_retail_ii" })
    let columns = try ii.resolve(
      header: ["\u{FEFF}Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"],
      file: "ii.csv")
    #expect(columns[.unitPrice] == 5)
    #expect(columns[.customerID] == 6)
    #expect(columns[.invoiceNo] == 0)
  }

  @Test func decimalsAndIntegers() {
    #expect(LineCleaner.parseDecimal("2.55")?.text == "2.55")
    #expect(LineCleaner.parseDecimal(".5")?.text == "0.5")
    #expect(LineCleaner.parseDecimal("-11062.06")?.sign == -1)
    #expect(LineCleaner.parseDecimal("0.000")?.sign == 0)
    #expect(LineCleaner.parseDecimal("1e3") == nil)
    #expect(LineCleaner.parseDecimal("1.2.3") == nil)
    #expect(LineCleaner.parseDecimal("-") == nil)
    #expect(LineCleaner.parseInteger("+3") == 3)
    #expect(LineCleaner.parseInteger("-80995") == -80995)
    #expect(LineCleaner.parseInteger("6.0") == nil)
    #expect(LineCleaner.parseInteger("+-5") == nil)
    #expect(LineCleaner.parseInteger("2147483647") == 2_147_483_647)
    #expect(LineCleaner.parseInteger("-2147483648") == nil)  // one past what the rule accepts: |q| <= Int32.max
    #expect(LineCleaner.wholeNumberPrefix("17850.0") == "17850")
    #expect(LineCleaner.wholeNumberPrefix("17850.5") == nil)
    #expect(LineCleaner.wholeNumberPrefix(".0") == nil)
  }

  /// A quantity PostgreSQL's `integer` cannot hold is a reject naming the field, not a failed COPY.
  @Test func quantityOutOfRangeIsRejected() throws {
    let results = try clean([
      "536365,85123A,HEART,99999999999,12/1/2010 8:26,2.55,17850,United Kingdom",
      "536365,85123A,HEART,12x,12/1/2010 8:26,2.55,17850,United Kingdom",
      "536365,85123A,HEART,-9223372036854775809123,12/1/2010 8:26,2.55,17850,United Kingdom",
    ])
    let tooBig = try #require(results[0].rejection)
    #expect(tooBig.reason == .badNumber)
    #expect(tooBig.field == "Quantity")
    #expect(tooBig.detail == "Quantity '99999999999' is out of range (at most 2147483647 in absolute value)")
    #expect(results[1].rejection?.detail == "Quantity '12x' is not a whole number")
    #expect(results[2].rejection?.detail == "Quantity '-9223372036854775809123' is out of range (at most 2147483647 in absolute value)")
    #expect(LineCleaner.parseInteger("9223372036854775809", limit: Int.max) == nil)  // no overflow trap
  }

  /// Lines the fast path of the reader takes (no quotes) and the general parser's (quotes, a
  /// stray carriage return) give the same fields.
  @Test func quotedAndUnquotedLinesCleanAlike() throws {
    let results = try clean([
      "536365,85123A,WHITE HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
      "\"536365\",\"85123A\",\"WHITE HEART\",\"6\",\"12/1/2010 8:26\",\"2.55\",\"17850\",\"United Kingdom\"",
      "536365,85123A,WHITE\rHEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
    ])
    let plain = try #require(results[0].line)
    #expect(results[1].line == plain)
    #expect(results[2].line?.description == "WHITEHEART")  // a carriage return inside an unquoted field is dropped
  }
}

import Foundation
import Testing
@testable import Generator

/// The manifest agrees with what was written, and defects match the loader's rules and rates.
@Suite struct ManifestTests {
  /// Roughly 100k data rows of uk_giftware with the default defect rates.
  static let defectOptions = GeneratorOptions(profile: .ukGiftware, customers: 3_000, months: 12, seed: 2024)

  @Test func manifestRowCountEqualsLinesWritten() throws {
    let path = TestFiles.temporaryPath("rows.csv")
    defer { TestFiles.remove(path) }
    let manifest = try Generator.write(to: path, options: GeneratorOptions(profile: .ukGiftware, customers: 500))
    #expect(manifest.files.count == 1)
    #expect(manifest.totalRows == (try TestFiles.lineCount(path)) - 1)
    #expect(manifest.totalRows > 0)
    var header = ""
    try TestFiles.forEachLine(path) { line in if header.isEmpty { header = line } }
    #expect(header == "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country")
  }

  @Test func defectsRouteLikeTheLoaderAndMatchRates() throws {
    let path = TestFiles.temporaryPath("defects.csv")
    defer { TestFiles.remove(path) }
    let options = Self.defectOptions
    let manifest = try Generator.write(to: path, options: options)
    #expect(manifest.totalRows >= 100_000)

    // Route every line as Ingest's LineCleaner would, then mark exact duplicates among non-rejects.
    var routes: [String: Int] = [:]
    var seen = Set<String>()
    var padded = 0, postage = 0, manual = 0, bank = 0, guests = 0, cancellations = 0, rows = -1
    var invoiceNumbers: [Int] = []
    var badReturns = 0, badAdjustments = 0
    try TestFiles.forEachLine(path) { line in
      rows += 1
      guard rows > 0 else { return }
      var route = UCILineClassifier.classify(line)
      if !route.hasPrefix("reject") {
        if seen.contains(line) { route = "reject:duplicate" } else { seen.insert(line) }
      }
      routes[route, default: 0] += 1
      let f = line.split(separator: ",", omittingEmptySubsequences: false)
      guard f.count >= 7 else { return }
      if f[2].hasSuffix(" ") && (route == "sale" || route == "reject:duplicate") { padded += 1 }
      if f[1] == "POST" { postage += 1 }
      if f[1] == "M" { manual += 1 }
      if f[1] == "BANK CHARGES" { bank += 1 }
      if f[6].isEmpty && route == "sale" { guests += 1 }
      if route == "return" {
        cancellations += 1
        if !(f[0].hasPrefix("C") && f[3].hasPrefix("-") && !f[6].isEmpty) { badReturns += 1 }
      }
      if route == "adjustment:stock_adjustment" && !(f[5] == "0.00" && f[6].isEmpty) { badAdjustments += 1 }
      if let n = Int(f[0]), route != "reject:duplicate", invoiceNumbers.last != n { invoiceNumbers.append(n) }
    }
    #expect(rows == manifest.totalRows)
    #expect(badReturns == 0 && badAdjustments == 0)
    let expected = manifest.expectedRoutes
    #expect(routes["sale", default: 0] == expected["sale"])
    #expect(routes["return", default: 0] == expected["return"])
    let adjustments = routes.filter { $0.key.hasPrefix("adjustment") }.values.reduce(0, +)
    #expect(adjustments == expected["adjustment"])
    let rejects = routes.filter { $0.key.hasPrefix("reject") }.values.reduce(0, +)
    #expect(rejects == expected["reject"])
    #expect(routes["reject:duplicate", default: 0] == manifest.count(.duplicate))
    #expect(routes["reject:bad_date", default: 0] == manifest.count(.badDate))
    #expect(routes["reject:bad_number", default: 0] == manifest.count(.badQuantity))
    #expect(routes["reject:wrong_field_count", default: 0] == manifest.count(.missingField))
    #expect(routes["adjustment:zero_price", default: 0] == manifest.count(.zeroPrice))
    #expect(routes["adjustment:stock_adjustment", default: 0] == manifest.count(.stockAdjustment))
    #expect(routes["adjustment:non_sales_charge", default: 0] == manifest.count(.bankCharges))
    #expect(padded == manifest.count(.paddedDescription))
    #expect(postage == manifest.count(.postage))
    #expect(manual == manifest.count(.manual))
    #expect(bank == manifest.count(.bankCharges))
    #expect(guests == manifest.count(.guestLine))
    #expect(cancellations == manifest.count(.cancellation))
    // Invoice numbers (plain ones) increase in file order from 536365.
    #expect(invoiceNumbers.first == 536_365)
    #expect(zip(invoiceNumbers, invoiceNumbers.dropFirst()).allSatisfy { $0 < $1 })

    // Rates: each count is Binomial(opportunities, rate); allow 4 standard deviations.
    let rates = options.defects
    let lines = Double(manifest.saleLines), invoices = Double(manifest.customerInvoices)
    func within(_ observed: Int, _ n: Double, _ p: Double, _ name: String) {
      let mean = n * p, sd = (n * p * (1 - p)).squareRoot()
      #expect(abs(Double(observed) - mean) <= 4 * sd + 1, "\(name): \(observed) vs \(mean)")
    }
    within(manifest.count(.duplicate), lines, rates.duplicate, "duplicate")
    within(manifest.count(.badDate) + manifest.count(.badQuantity) + manifest.count(.missingField),
           lines, rates.malformed, "malformed")
    within(manifest.count(.zeroPrice), lines, rates.zeroPrice, "zero price")
    within(manifest.guestInvoices, invoices, rates.guestInvoice, "guest invoices")
    within(manifest.count(.stockAdjustment), invoices, rates.stockAdjustment, "stock adjustment")
    within(manifest.count(.postage) + manifest.count(.manual) + manifest.count(.bankCharges),
           invoices, rates.nonMerchandise, "non-merchandise")
    // Padded: sale lines plus padded duplicate copies, so compare the sale-line part to the rate.
    within(manifest.count(.paddedDescription), lines * (1 + rates.duplicate), rates.paddedDescription, "padded")
    // Cancellation lines: one per cancelled sale line.
    within(manifest.count(.cancellation), lines, rates.cancellation, "cancellation")
  }

  @Test func noDefectsMeansOnlySales() throws {
    let path = TestFiles.temporaryPath("clean.csv")
    defer { TestFiles.remove(path) }
    var options = GeneratorOptions(profile: .ukGiftware, customers: 300)
    options.defects = .none
    let manifest = try Generator.write(to: path, options: options)
    #expect(manifest.totalRows == manifest.saleLines)
    #expect(manifest.defects.values.allSatisfy { $0 == 0 })
  }

  @Test func basketTotalsTrackTheDrawnSpend() throws {
    let path = TestFiles.temporaryPath("spend.csv")
    defer { TestFiles.remove(path) }
    let manifest = try Generator.write(to: path, options: GeneratorOptions(profile: .ukGiftware, customers: 1_000))
    // Line values add up to the Gamma-Gamma values within 2% over the file (documented in BasketBuilder).
    #expect(abs(manifest.writtenSpend / manifest.simulatedSpend - 1) < 0.02,
            "\(manifest.writtenSpend) vs \(manifest.simulatedSpend)")
  }

  @Test func invalidOptionsAreRejected() {
    var options = GeneratorOptions(profile: .ukGiftware, customers: 10)
    options.closedWeekdays = [0, 1, 2, 3, 4, 5, 6]
    #expect(throws: GeneratorError.self) { try Generator.calibrationSummaries(options: options) }
    options = GeneratorOptions(profile: .ukGiftware, customers: 10)
    options.purchaseModel.alpha = 0
    #expect(throws: GeneratorError.self) { try Generator.calibrationSummaries(options: options) }
  }
}

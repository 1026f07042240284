/// Streams the uk_giftware profile as one CSV in the UCI Online Retail layout.
///
/// Order: customer by customer (customer index order); within a customer, its invoices in time order,
/// each followed by its `C` cancellation invoice, stock adjustment and guest invoice when drawn.
/// Invoice numbers increase by one per invoice in file order from 536365, so they are not
/// chronological across customers (the loader does not need time order).
final class UKGiftwareWriter {
  static let header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"
  static let firstInvoice = 536_365
  static let firstCustomerID = 12_346

  let sink: BufferedSink
  let simulator: CustomerSimulator
  let catalog: ProductCatalog
  let basket: BasketBuilder
  let countries: AliasTable
  let hours: AliasTable
  let rates: DefectRates
  var nextInvoice = UKGiftwareWriter.firstInvoice
  var tally = GenerationTally()

  /// Opens the file and writes the header.
  init(path: String, simulator: CustomerSimulator, catalog: ProductCatalog) throws(GeneratorError) {
    sink = try BufferedSink(path: path)
    self.simulator = simulator
    self.catalog = catalog
    basket = BasketBuilder(catalog: catalog, meanLines: simulator.options.meanLinesPerOrder)
    countries = AliasTable(weights: ProfileVocabulary.ukCountries.map(\.weight))
    hours = AliasTable(weights: ProfileVocabulary.ukHourWeights)
    rates = simulator.options.defects
    sink.write(Self.header)
    try sink.endRow()
  }

  /// One field set of a line; overrides produce the malformed variants.
  struct Line {
    var invoice: String
    var code: String
    var description: String
    var padded = false
    var quantity: Int
    var quantityText: String? = nil
    var date: String
    var priceMinor: Int
    var customer: String
    var country: String
    var dropCountry = false
  }

  func write(_ line: Line) throws(GeneratorError) {
    sink.write(line.invoice)
    sink.comma()
    sink.write(field: line.code)
    sink.comma()
    sink.write(field: line.padded ? line.description + "   " : line.description)
    sink.comma()
    if let text = line.quantityText { sink.write(field: text) } else { sink.write(int: line.quantity) }
    sink.comma()
    sink.write(field: line.date)
    sink.comma()
    sink.write(minor: line.priceMinor)
    sink.comma()
    sink.write(line.customer)
    if !line.dropCountry {
      sink.comma()
      sink.write(field: line.country)
    }
    try sink.endRow()
  }

  func takeInvoiceNumber() -> String {
    defer { nextInvoice += 1 }
    return String(nextInvoice)
  }

  /// Simulates and writes customer `index`.
  func writeCustomer(_ index: Int) throws(GeneratorError) {
    let customer = simulator.simulate(index)
    var rng = Xoshiro256StarStar(seed: simulator.options.seed, stream: UInt64(index) &* 2 &+ 1)
    let customerID = String(Self.firstCustomerID + index)
    let country = ProfileVocabulary.ukCountries[countries.sample(&rng)].name
    var invoices: [(day: CivilDay, second: Int, spend: Double)] = []
    for (i, tau) in customer.purchaseTimes.enumerated() {
      let day = simulator.clock.tradingDay(tau)
      invoices.append((day, TimestampFormatter.drawSecond(&rng, hours: hours, firstHour: 7), customer.spends[i]))
    }
    invoices.sort { ($0.day, $0.second) < ($1.day, $1.second) }
    if !invoices.isEmpty { tally.customersWithPurchases += 1 }
    for invoice in invoices {
      try writeInvoice(customerID: customerID, country: country, day: invoice.day, second: invoice.second,
                       spend: invoice.spend, rng: &rng)
    }
  }

  func writeInvoice(customerID: String, country: String, day: CivilDay, second: Int, spend: Double,
                    rng: inout Xoshiro256StarStar) throws(GeneratorError) {
    tally.customerInvoices += 1
    tally.simulatedSpend += spend
    let invoiceNo = takeInvoiceNumber()
    let date = TimestampFormatter.iso(day, second: second)
    var cancelled: [(product: Int, quantity: Int)] = []
    for item in basket.lines(value: spend, rng: &rng) {
      let product = catalog.products[item.product]
      var line = Line(invoice: invoiceNo, code: product.code, description: product.description,
                      quantity: item.quantity, date: date, priceMinor: product.priceMinor,
                      customer: customerID, country: country)
      line.padded = rng.bernoulli(rates.paddedDescription)
      try write(line)
      tally.saleLines += 1
      tally.writtenSpend += Double(item.quantity * product.priceMinor) / 100
      if line.padded { tally.count(.paddedDescription) }
      if rng.bernoulli(rates.duplicate) {
        try write(line)
        tally.count(.duplicate)
        if line.padded { tally.count(.paddedDescription) }
      }
      if rng.bernoulli(rates.malformed) {
        var bad = line
        switch rng.integer(in: 0...2) {
        case 0:
          bad.date = TimestampFormatter.impossible(day, second: second)
          tally.count(.badDate)
        case 1:
          bad.quantityText = "\(item.quantity) units"
          tally.count(.badQuantity)
        default:
          bad.dropCountry = true
          tally.count(.missingField)
        }
        try write(bad)
      }
      if rng.bernoulli(rates.zeroPrice) {
        var free = line
        free.padded = false
        free.priceMinor = 0
        try write(free)
        tally.count(.zeroPrice)
      }
      if rng.bernoulli(rates.cancellation) {
        cancelled.append((item.product, rng.integer(in: 1...item.quantity)))
      }
    }
    if rng.bernoulli(rates.nonMerchandise) {
      let u = rng.uniform()
      var line = Line(invoice: invoiceNo, code: "POST", description: "POSTAGE", quantity: rng.integer(in: 1...3),
                      date: date, priceMinor: country == "United Kingdom" ? 1800 : 4000,
                      customer: customerID, country: country)
      if u < 0.7 {
        tally.count(.postage)
      } else if u < 0.9 {
        line.code = "M"
        line.description = "Manual"
        line.quantity = 1
        line.priceMinor = Int(ProductCatalog.logUniform(&rng, 50, 5000).rounded())
        tally.count(.manual)
      } else {
        line.code = "BANK CHARGES"
        line.description = "Bank Charges"
        line.quantity = 1
        line.priceMinor = 1500
        tally.count(.bankCharges)
      }
      try write(line)
    }
    if !cancelled.isEmpty {
      try writeCancellation(cancelled, customerID: customerID, country: country, day: day, second: second,
                            rng: &rng)
    }
    if rng.bernoulli(rates.stockAdjustment) {
      let product = catalog.products[rng.integer(in: 0...(catalog.count - 1))]
      let notes = ProfileVocabulary.ukAdjustmentNotes
      let line = Line(invoice: takeInvoiceNumber(), code: product.code,
                      description: notes[rng.integer(in: 0...(notes.count - 1))],
                      quantity: -rng.integer(in: 1...48), date: date, priceMinor: 0, customer: "",
                      country: "United Kingdom")
      try write(line)
      tally.count(.stockAdjustment)
    }
    if rng.bernoulli(rates.guestInvoice) { try writeGuestInvoice(rng: &rng) }
  }

  /// A `C` invoice cancelling some quantity of lines the customer bought, up to 14 days later
  /// (clamped to the window and moved off closed days).
  func writeCancellation(_ lines: [(product: Int, quantity: Int)], customerID: String, country: String,
                         day: CivilDay, second: Int, rng: inout Xoshiro256StarStar) throws(GeneratorError) {
    tally.cancellationInvoices += 1
    let invoiceNo = "C" + takeInvoiceNumber()
    let clock = simulator.clock
    let later = day.adding(days: rng.integer(in: 0...14))
    let cancelDay = clock.openDay(min(later, clock.end.adding(days: -1)))
    let cancelSecond = cancelDay == day
      ? min(second + 60 * rng.integer(in: 1...180), 86_340)
      : TimestampFormatter.drawSecond(&rng, hours: hours, firstHour: 7)
    let date = TimestampFormatter.iso(cancelDay, second: cancelSecond)
    for item in lines {
      let product = catalog.products[item.product]
      try write(Line(invoice: invoiceNo, code: product.code, description: product.description,
                     quantity: -item.quantity, date: date, priceMinor: product.priceMinor,
                     customer: customerID, country: country))
      tally.count(.cancellation)
    }
  }

  /// An invoice without CustomerID: a fresh Gamma-Gamma value, a uniform time in the window.
  func writeGuestInvoice(rng: inout Xoshiro256StarStar) throws(GeneratorError) {
    tally.guestInvoices += 1
    let clock = simulator.clock
    let spendModel = simulator.options.spendModel
    let day = clock.tradingDay(rng.uniform(0, clock.operationalEnd))
    let second = TimestampFormatter.drawSecond(&rng, hours: hours, firstHour: 7)
    let nu = rng.gamma(shape: spendModel.q, rate: spendModel.gamma)
    let value = rng.gamma(shape: spendModel.p, rate: nu)
    let country = ProfileVocabulary.ukCountries[countries.sample(&rng)].name
    let invoiceNo = takeInvoiceNumber()
    let date = TimestampFormatter.iso(day, second: second)
    for item in basket.lines(value: value, rng: &rng) {
      let product = catalog.products[item.product]
      try write(Line(invoice: invoiceNo, code: product.code, description: product.description,
                     quantity: item.quantity, date: date, priceMinor: product.priceMinor, customer: "",
                     country: country))
      tally.count(.guestLine)
    }
  }

  /// Flushes and closes; returns the file entry.
  func finish() throws(GeneratorError) -> GeneratorManifest.FileEntry {
    try sink.close()
    return GeneratorManifest.FileEntry(path: sink.path, rows: sink.lines - 1)
  }
}

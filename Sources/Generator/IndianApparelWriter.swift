/// Streams the indian_apparel profile: products.csv, then customers.csv and sales.csv side by side.
///
/// customers.csv `customer_id,name,gender,age,city,signup_date`; products.csv
/// `product_id,name,category,price` (whole rupees, 2 decimals); sales.csv
/// `order_id,customer_id,product_id,quantity,date,amount` (date `yyyy-MM-dd`, amount = quantity ×
/// price). Rows are in customer order, each customer's orders in time order; order ids increase in
/// file order from ORD10000001. Defects: duplicate sales rows and orphan rows (extra copies of a sale
/// row whose customer_id or product_id is not in the other files).
final class IndianApparelWriter {
  static let firstOrder = 10_000_001

  let customersSink: BufferedSink
  let salesSink: BufferedSink
  let productsEntry: GeneratorManifest.FileEntry
  let simulator: CustomerSimulator
  let catalog: ProductCatalog
  let basket: BasketBuilder
  let cities: AliasTable
  let rates: DefectRates
  let productWidth: Int
  var nextOrder = IndianApparelWriter.firstOrder
  var tally = GenerationTally()

  /// Writes products.csv and opens the other two files with their headers.
  init(directory: String, simulator: CustomerSimulator, catalog: ProductCatalog) throws(GeneratorError) {
    let products = try BufferedSink(path: directory + "/products.csv")
    products.write("product_id,name,category,price")
    try products.endRow()
    for p in catalog.products {
      products.write(field: p.code)
      products.comma()
      products.write(field: p.description)
      products.comma()
      products.write(field: p.category)
      products.comma()
      products.write(minor: p.priceMinor)
      try products.endRow()
    }
    try products.close()
    productsEntry = GeneratorManifest.FileEntry(path: products.path, rows: products.lines - 1)
    customersSink = try BufferedSink(path: directory + "/customers.csv")
    customersSink.write("customer_id,name,gender,age,city,signup_date")
    try customersSink.endRow()
    salesSink = try BufferedSink(path: directory + "/sales.csv")
    salesSink.write("order_id,customer_id,product_id,quantity,date,amount")
    try salesSink.endRow()
    self.simulator = simulator
    self.catalog = catalog
    basket = BasketBuilder(catalog: catalog, meanLines: simulator.options.meanLinesPerOrder)
    cities = AliasTable(weights: ZipfWeights.weights(count: ProfileVocabulary.indianCities.count, exponent: 0.8))
    rates = simulator.options.defects
    productWidth = max(5, String(catalog.count).count)
  }

  /// `CUST0000042`.
  static func customerID(_ number: Int) -> String { ProductCatalog.padded("CUST", number, width: 7) }

  /// Simulates and writes customer `index`.
  func writeCustomer(_ index: Int) throws(GeneratorError) {
    let customer = simulator.simulate(index)
    var rng = Xoshiro256StarStar(seed: simulator.options.seed, stream: UInt64(index) &* 2 &+ 1)
    let id = Self.customerID(index + 1)
    let female = rng.bernoulli(0.62)
    let first = female ? ProfileVocabulary.femaleNames : ProfileVocabulary.maleNames
    let name = first[rng.integer(in: 0...(first.count - 1))] + " "
      + ProfileVocabulary.surnames[rng.integer(in: 0...(ProfileVocabulary.surnames.count - 1))]
    let age = 18 + min(Int(rng.gamma(shape: 3, rate: 0.2)), 57)
    let city = ProfileVocabulary.indianCities[cities.sample(&rng)]
    var days = customer.purchaseTimes.map { simulator.clock.tradingDay($0) }
    days.sort()
    let signup = (days.first ?? simulator.clock.start).adding(days: -rng.integer(in: 0...120))
    customersSink.write(id)
    customersSink.comma()
    customersSink.write(field: name)
    customersSink.comma()
    customersSink.write(female ? "Female" : "Male")
    customersSink.comma()
    customersSink.write(int: age)
    customersSink.comma()
    customersSink.write(field: city)
    customersSink.comma()
    customersSink.write(signup.isoString)
    try customersSink.endRow()

    // Spends follow purchase order; days were sorted, and purchase times are already increasing.
    if !days.isEmpty { tally.customersWithPurchases += 1 }
    for (i, day) in days.enumerated() {
      tally.customerInvoices += 1
      tally.simulatedSpend += customer.spends[i]
      let order = "ORD" + String(nextOrder)
      nextOrder += 1
      let date = day.isoString
      for item in basket.lines(value: customer.spends[i], rng: &rng) {
        let product = catalog.products[item.product]
        try writeSale(order: order, customer: id, product: product.code, quantity: item.quantity, date: date,
                      priceMinor: product.priceMinor)
        tally.saleLines += 1
        tally.writtenSpend += Double(item.quantity * product.priceMinor) / 100
        if rng.bernoulli(rates.duplicate) {
          try writeSale(order: order, customer: id, product: product.code, quantity: item.quantity, date: date,
                        priceMinor: product.priceMinor)
          tally.count(.duplicate)
        }
        if rng.bernoulli(rates.orphanCustomer) {
          let ghost = Self.customerID(simulator.options.customers + 1 + rng.integer(in: 0...999_999))
          try writeSale(order: order, customer: ghost, product: product.code, quantity: item.quantity, date: date,
                        priceMinor: product.priceMinor)
          tally.count(.orphanCustomer)
        }
        if rng.bernoulli(rates.orphanProduct) {
          let ghost = ProductCatalog.padded("P", catalog.count + 1 + rng.integer(in: 0...99_999), width: productWidth)
          try writeSale(order: order, customer: id, product: ghost, quantity: item.quantity, date: date,
                        priceMinor: product.priceMinor)
          tally.count(.orphanProduct)
        }
      }
    }
  }

  func writeSale(order: String, customer: String, product: String, quantity: Int, date: String,
                 priceMinor: Int) throws(GeneratorError) {
    salesSink.write(order)
    salesSink.comma()
    salesSink.write(customer)
    salesSink.comma()
    salesSink.write(product)
    salesSink.comma()
    salesSink.write(int: quantity)
    salesSink.comma()
    salesSink.write(date)
    salesSink.comma()
    salesSink.write(minor: quantity * priceMinor)
    try salesSink.endRow()
  }

  /// Flushes and closes; returns the three file entries.
  func finish() throws(GeneratorError) -> [GeneratorManifest.FileEntry] {
    try customersSink.close()
    try salesSink.close()
    return [productsEntry,
            GeneratorManifest.FileEntry(path: customersSink.path, rows: customersSink.lines - 1),
            GeneratorManifest.FileEntry(path: salesSink.path, rows: salesSink.lines - 1)]
  }
}

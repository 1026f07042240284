import Foundation
import Testing
@testable import Generator

/// The three-file layout, its ids and its defects.
@Suite struct IndianApparelTests {
  @Test func threeFilesWithOrphansAndDuplicatesAsReported() throws {
    let dir = TestFiles.temporaryPath("apparel")
    defer { TestFiles.remove(dir) }
    var options = GeneratorOptions(profile: .indianApparel, customers: 20_000, months: 12, seed: 5)
    options.defects = DefectRates(duplicate: 0.02, orphanCustomer: 0.01, orphanProduct: 0.01)
    let manifest = try Generator.write(to: dir, options: options)
    #expect(manifest.files.map { ($0.path as NSString).lastPathComponent } == ["products.csv", "customers.csv", "sales.csv"])
    for entry in manifest.files { #expect(entry.rows == (try TestFiles.lineCount(entry.path)) - 1, "\(entry.path)") }

    var customers = Set<String>(), products = Set<String>()
    var headers: [String] = []
    var badRows = 0
    var first = true
    var cities = Set<String>()
    try TestFiles.forEachLine("\(dir)/customers.csv") { line in
      if first { headers.append(line); first = false; return }
      let f = line.split(separator: ",", omittingEmptySubsequences: false)
      if f.count != 6 { badRows += 1 }
      customers.insert(String(f[0]))
      cities.insert(String(f[4]))
    }
    first = true
    var categories = Set<String>()
    try TestFiles.forEachLine("\(dir)/products.csv") { line in
      if first { headers.append(line); first = false; return }
      let f = line.split(separator: ",", omittingEmptySubsequences: false)
      if f.count != 4 { badRows += 1 }
      products.insert(String(f[0]))
      categories.insert(String(f[2]))
    }
    #expect(customers.count == options.customers)
    #expect(cities.contains("Mumbai") && categories.contains("Saree") && categories.contains("Lehenga"))

    first = true
    var orphanCustomers = 0, orphanProducts = 0, duplicates = 0
    var seen = Set<String>()
    try TestFiles.forEachLine("\(dir)/sales.csv") { line in
      if first { headers.append(line); first = false; return }
      let f = line.split(separator: ",", omittingEmptySubsequences: false)
      if f.count != 6 { badRows += 1 }
      if !customers.contains(String(f[1])) { orphanCustomers += 1 }
      if !products.contains(String(f[2])) { orphanProducts += 1 }
      if seen.contains(line) { duplicates += 1 } else { seen.insert(line) }
    }
    #expect(headers == ["customer_id,name,gender,age,city,signup_date", "product_id,name,category,price",
                        "order_id,customer_id,product_id,quantity,date,amount"])
    #expect(badRows == 0)
    #expect(orphanCustomers == manifest.count(.orphanCustomer))
    #expect(orphanProducts == manifest.count(.orphanProduct))
    #expect(duplicates == manifest.count(.duplicate))
    let lines = Double(manifest.saleLines)
    for (kind, rate) in [(DefectKind.duplicate, 0.02), (.orphanCustomer, 0.01), (.orphanProduct, 0.01)] {
      let sd = (lines * rate * (1 - rate)).squareRoot()
      #expect(abs(Double(manifest.count(kind)) - lines * rate) <= 4 * sd + 1, "\(kind)")
    }
  }
}

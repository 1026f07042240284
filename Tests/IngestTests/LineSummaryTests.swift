import Testing

@testable import Ingest

struct LineSummaryTests {
  static func line(
    _ stockCode: String, _ description: String?, customer: String?, country: String, day: Int, route: Route = .sale
  ) -> CleanLine {
    CleanLine(
      route: route, rule: route == .sale ? "sale" : "cancellation", invoiceNo: "536365", stockCode: stockCode,
      category: .merchandise, description: description, quantity: 1,
      invoicedAt: DateParser.Timestamp(year: 2010, month: 12, day: day, hour: 8, minute: 0, second: 0),
      unitPrice: "2.55", customerID: customer, country: country)
  }

  /// Every group as (kind, fields as text, lines, first day, last day), in a stable order.
  static func groups(_ summary: LineSummary) -> [String] {
    var out: [String] = []
    let day = { (t: Int64) in t / 86_400_000_000 - 3986 }  // day of December 2010
    summary.forEach { g in
      let fields = (g.kind == .product ? [g.route, g.category, g.stockCode, g.description, g.country] : [g.customerID, g.country])
        .map { $0.map { String(decoding: $0, as: UTF8.self) } ?? "<null>" }
      out.append("\(g.kind) \(fields.joined(separator: "|")) \(g.lines) \(day(g.firstAt))-\(day(g.lastAt))")
    }
    return out.sorted()
  }

  @Test func linesAreCountedPerProductAndCustomerGroup() {
    var summary = LineSummary()
    summary.add(Self.line("85123A", "HEART", customer: "17850", country: "United Kingdom", day: 3))
    summary.add(Self.line("85123A", "HEART", customer: "17850", country: "United Kingdom", day: 1))
    summary.add(Self.line("85123A", "HEART ", customer: nil, country: "United Kingdom", day: 5))
    summary.add(Self.line("85123A", nil, customer: "17850", country: "France", day: 2))
    summary.add(Self.line("85123A", "HEART", customer: "17850", country: "United Kingdom", day: 4, route: .return))
    #expect(!summary.products.overflowed && !summary.customers.overflowed)
    #expect(
      Self.groups(summary) == [
        "customer 17850|France 1 2-2",
        "customer 17850|United Kingdom 3 1-4",
        "customer <null>|United Kingdom 1 5-5",
        "product return|merchandise|85123A|HEART|United Kingdom 1 4-4",
        "product sale|merchandise|85123A|<null>|France 1 2-2",
        "product sale|merchandise|85123A|HEART |United Kingdom 1 5-5",
        "product sale|merchandise|85123A|HEART|United Kingdom 2 1-3",
      ])
  }

  /// Groups are told apart by their bytes, as PostgreSQL's text is: "é" written precomposed and
  /// as "e" plus a combining accent are equal Swift strings but two groups.
  @Test func canonicallyEquivalentSpellingsAreDifferentGroups() {
    var summary = LineSummary()
    summary.add(Self.line("22423", "CAF\u{E9}", customer: "1", country: "R\u{E9}union", day: 1))
    summary.add(Self.line("22423", "CAFE\u{301}", customer: "1", country: "Re\u{301}union", day: 1))
    #expect("R\u{E9}union" == "Re\u{301}union")
    #expect(Self.groups(summary).count == 4)
  }

  /// Past its capacity a kind of group is given up and holds nothing (the loader then groups the
  /// lines in SQL for that kind); the other kind goes on.
  @Test func eachKindGivesUpPastItsCapacity() {
    var summary = LineSummary(productCapacity: 5, customerCapacity: 2)
    for i in 0..<3 {
      summary.add(Self.line("P\(i)", "X", customer: "C\(i)", country: "France", day: 1))
    }
    #expect(summary.customers.overflowed && summary.customers.count == 0)
    #expect(!summary.products.overflowed && summary.products.count == 3)
    summary.add(Self.line("P0", "X", customer: "C9", country: "France", day: 2))
    #expect(summary.customers.count == 0)
    #expect(Self.groups(summary) == ["product sale|merchandise|P0|X|France 2 1-2", "product sale|merchandise|P1|X|France 1 1-1",
      "product sale|merchandise|P2|X|France 1 1-1"])
    for i in 3..<6 {
      summary.add(Self.line("P\(i)", "X", customer: "C\(i)", country: "France", day: 1))
    }
    #expect(summary.products.overflowed && summary.products.count == 0)
  }
}

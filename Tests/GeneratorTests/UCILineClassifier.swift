/// A re-implementation, for tests, of Ingest's `LineCleaner` routing on the generator's UCI output
/// (the generator never quotes fields in this profile, so a comma split is exact).
struct UCILineClassifier {
  /// Route or reject reason of a line: sale, return, adjustment:<rule>, reject:<reason>.
  static func classify(_ line: String) -> String {
    let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
    guard f.count == 8 else { return "reject:wrong_field_count" }
    for i in [0, 1, 3, 4, 5] where f[i].isEmpty { return "reject:missing_value" }
    guard let quantity = Int(f[3]) else { return "reject:bad_number" }
    guard isValidDate(f[4]) else { return "reject:bad_date" }
    guard let price = Double(f[5]) else { return "reject:bad_number" }
    let code = f[1].uppercased()
    let invoice = f[0]
    if invoice.hasPrefix("A") { return "adjustment:bad_debt" }
    if ["D", "BANK CHARGES", "AMAZONFEE", "CRUK", "S", "B"].contains(code) { return "adjustment:non_sales_charge" }
    if invoice.hasPrefix("C") { return "return" }
    if quantity < 0 { return "adjustment:stock_adjustment" }
    if quantity == 0 { return "adjustment:zero_quantity" }
    if price == 0 { return "adjustment:zero_price" }
    if price < 0 { return "adjustment:negative_price" }
    return "sale"
  }

  /// `yyyy-MM-dd HH:mm:ss` naming a real day and time.
  static func isValidDate(_ s: String) -> Bool {
    let parts = s.split(separator: " ")
    guard parts.count == 2 else { return false }
    let d = parts[0].split(separator: "-").compactMap { Int($0) }
    let t = parts[1].split(separator: ":").compactMap { Int($0) }
    guard d.count == 3, t.count == 3, (1...12).contains(d[1]), d[2] >= 1, t[0] < 24, t[1] < 60, t[2] < 60 else {
      return false
    }
    let leap = (d[0] % 4 == 0 && d[0] % 100 != 0) || d[0] % 400 == 0
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][d[1] - 1]
    return d[2] <= days
  }
}

extension Substring {
  /// Without leading and trailing spaces.
  func trimmingSpaces() -> String {
    var s = self
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}

/// Running counts kept by a profile writer while it streams, turned into a manifest at the end.
struct GenerationTally {
  var customersWithPurchases = 0
  var customerInvoices = 0
  var saleLines = 0
  var guestInvoices = 0
  var cancellationInvoices = 0
  var defects: [DefectKind: Int] = [:]
  var simulatedSpend = 0.0
  var writtenSpend = 0.0

  /// Adds one to a defect count.
  mutating func count(_ kind: DefectKind, _ n: Int = 1) { defects[kind, default: 0] += n }

  /// The manifest for these counts and files.
  func manifest(options: GeneratorOptions, files: [GeneratorManifest.FileEntry]) -> GeneratorManifest {
    var named: [String: Int] = [:]
    for kind in DefectKind.allCases { named[kind.rawValue] = defects[kind] ?? 0 }
    return GeneratorManifest(
      profile: options.profile, seed: options.seed, files: files, customers: options.customers,
      customersWithPurchases: customersWithPurchases, customerInvoices: customerInvoices, saleLines: saleLines,
      guestInvoices: guestInvoices, cancellationInvoices: cancellationInvoices, defects: named,
      simulatedSpend: simulatedSpend, writtenSpend: writtenSpend)
  }
}

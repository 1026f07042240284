import Foundation

/// Entry points: write a profile's files, or compute calibration summaries without writing anything.
public enum Generator {
  /// File name used for uk_giftware when `write(to:)` is given a directory.
  public static let ukGiftwareFileName = "online_retail.csv"

  /// Simulates `options.customers` customers one at a time and streams the profile's files.
  ///
  /// - uk_giftware: `path` is the CSV file to create, or an existing directory (the file is then
  ///   `online_retail.csv` inside it).
  /// - indian_apparel: `path` is a directory (created if needed) that receives customers.csv,
  ///   products.csv and sales.csv.
  ///
  /// Memory use is flat in the number of rows: only the product catalogue and one customer are held.
  public static func write(to path: String, options: GeneratorOptions) throws(GeneratorError) -> GeneratorManifest {
    let simulator = try CustomerSimulator(options: options)
    let catalog = ProductCatalog(profile: options.profile, count: options.productCount,
                                 zipfExponent: options.zipfExponent, seed: options.seed)
    let fm = FileManager.default
    switch options.profile {
    case .ukGiftware:
      var isDirectory: ObjCBool = false
      var file = path
      if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        file = (path as NSString).appendingPathComponent(ukGiftwareFileName)
      } else {
        try createDirectory((path as NSString).deletingLastPathComponent)
      }
      let writer = try UKGiftwareWriter(path: file, simulator: simulator, catalog: catalog)
      for i in 0..<options.customers { try writer.writeCustomer(i) }
      let entry = try writer.finish()
      return writer.tally.manifest(options: options, files: [entry])
    case .indianApparel:
      try createDirectory(path)
      let writer = try IndianApparelWriter(directory: path, simulator: simulator, catalog: catalog)
      for i in 0..<options.customers { try writer.writeCustomer(i) }
      let entries = try writer.finish()
      return writer.tally.manifest(options: options, files: entries)
    }
  }

  /// Per-customer BG/NBD calibration summaries (weeks) of exactly the customers `write` would
  /// produce with these options, computed from the in-memory purchase times; nothing is written.
  public static func calibrationSummaries(options: GeneratorOptions, clock: SummaryClock = .model)
    throws(GeneratorError) -> [CustomerSummary]
  {
    let simulator = try CustomerSimulator(options: options)
    var result: [CustomerSummary] = []
    result.reserveCapacity(options.customers)
    for i in 0..<options.customers {
      if let s = simulator.summary(of: simulator.simulate(i), clock: clock) { result.append(s) }
    }
    return result
  }

  static func createDirectory(_ path: String) throws(GeneratorError) {
    guard !path.isEmpty else { return }
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw .io(path: path, message: "\(error)")
    }
  }
}

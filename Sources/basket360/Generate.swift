import ArgumentParser
import Foundation
import Generator

extension Basket360 {
  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write synthetic but realistic transactions (for tests and scale runs).",
      discussion: """
        Customers buy following a BG/NBD process and spend following a Gamma-Gamma model with
        known parameters, over a long-tailed product catalogue with monthly and weekly seasonality,
        with guests, cancellations, stock adjustments, duplicates and malformed lines mixed in.
        Profiles: uk_giftware (the UCI Online Retail layout, one CSV file) and indian_apparel
        (customers.csv, products.csv and sales.csv in a directory, prices in INR). The same seed
        gives the same bytes. Prints the manifest (rows and defects written) as JSON.
        """)

    @Option(help: "Profile: \(GeneratorProfile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var profile: String

    @Option(help: "Number of customers.")
    var customers: Int

    @Option(help: "Months of history.")
    var months: Int = 12

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    @Option(help: "Output: a CSV file (uk_giftware; gzip-compressed when the name ends in .gz) or a directory (indian_apparel).")
    var out: String

    func validate() throws {
      guard GeneratorProfile(rawValue: profile) != nil else {
        throw ValidationError("unknown profile '\(profile)' (\(GeneratorProfile.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      guard customers > 0, months > 0 else { throw ValidationError("--customers and --months must be positive") }
    }

    func run() throws {
      try runReportingErrors {
        let options = GeneratorOptions(profile: GeneratorProfile(rawValue: profile)!, customers: customers, months: months, seed: seed)
        let manifest: GeneratorManifest
        do { manifest = try Generator.write(to: out, options: options) } catch {
          throw CLIError(.dataError, "cannot generate: \(error)")
        }
        print(String(decoding: try manifest.jsonData(), as: UTF8.self))
      }
    }
  }
}

import Foundation

/// What a generator run wrote: files and their data rows, invoices, and defect counts.
///
/// Row counts exclude header lines. `expectedRoutes` says how Ingest's cleaning rules should route
/// the rows of a uk_giftware file, for reconciliation tests.
public struct GeneratorManifest: Sendable, Codable, Equatable {
  /// Profile used.
  public var profile: GeneratorProfile
  /// Seed used.
  public var seed: UInt64
  /// Files written, in order, with their data-row counts (header excluded).
  public var files: [FileEntry]
  /// Identified customers simulated.
  public var customers: Int
  /// Customers with at least one purchase inside the window (all of them unless the window is tiny).
  public var customersWithPurchases: Int
  /// Customer orders (invoices) written, excluding guest, cancellation and stock-adjustment invoices.
  public var customerInvoices: Int
  /// Merchandise lines of customer orders, written once (duplicates and defect rows excluded).
  public var saleLines: Int
  /// Guest invoices written (uk_giftware).
  public var guestInvoices: Int
  /// `C` invoices written (uk_giftware).
  public var cancellationInvoices: Int
  /// Rows per defect kind (`paddedDescription` counts modified sale lines, not extra rows).
  public var defects: [String: Int]
  /// Sum of the Gamma-Gamma transaction values drawn for customer orders (currency units).
  public var simulatedSpend: Double
  /// Sum of the written customer-order merchandise line values (currency units).
  public var writtenSpend: Double

  /// One output file.
  public struct FileEntry: Sendable, Codable, Equatable {
    /// Path written.
    public var path: String
    /// Data rows (header excluded).
    public var rows: Int
  }

  /// Data rows over all files.
  public var totalRows: Int { files.reduce(0) { $0 + $1.rows } }

  /// Count for one defect kind (0 when none).
  public func count(_ kind: DefectKind) -> Int { defects[kind.rawValue] ?? 0 }

  /// uk_giftware: rows per Ingest route (`sale`, `return`, `adjustment`, `reject`).
  public var expectedRoutes: [String: Int] {
    let sale = saleLines + count(.guestLine) + count(.postage) + count(.manual)
    let adjustment = count(.stockAdjustment) + count(.zeroPrice) + count(.bankCharges)
    let reject = count(.duplicate) + count(.badDate) + count(.badQuantity) + count(.missingField)
    return ["sale": sale, "return": count(.cancellation), "adjustment": adjustment, "reject": reject]
  }

  /// Pretty-printed, key-sorted JSON.
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }
}

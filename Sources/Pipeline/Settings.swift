import Analytics
import Foundation
import Yams

/// Basket360's settings: `config/basket360.yml` plus the segment schemes in `config/segments/`.
///
/// Every key is optional; defaults are the values below. Unknown keys are an error, so a typo
/// does not silently fall back to a default.
public struct Settings: Sendable {
  public struct RFM: Decodable, Sendable {
    public var schemes: [String] = ["classic", "four_groups"]
    enum CodingKeys: String, CodingKey, CaseIterable { case schemes }
    public init() {}
    public init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(CodingKeys.self)
      schemes = try c.decodeIfPresent([String].self, forKey: .schemes) ?? schemes
    }
  }
  public struct ChurnBands: Decodable, Sendable {
    public var highRiskBelow: Double = 0.3
    public var mediumRiskBelow: Double = 0.7
    enum CodingKeys: String, CodingKey, CaseIterable {
      case highRiskBelow = "high_risk_below", mediumRiskBelow = "medium_risk_below"
    }
    public init() {}
    public init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(CodingKeys.self)
      highRiskBelow = try c.decodeIfPresent(Double.self, forKey: .highRiskBelow) ?? highRiskBelow
      mediumRiskBelow = try c.decodeIfPresent(Double.self, forKey: .mediumRiskBelow) ?? mediumRiskBelow
    }
  }
  public struct CLV: Decodable, Sendable {
    public var timeUnitDays: Int = 7
    public var horizonMonths: Int = 12
    public var monthlyDiscountRate: Double = 0.01
    public var margin: Double = 0.25
    public var intervalLevel: Double = 0.8
    public var churnBands = ChurnBands()
    enum CodingKeys: String, CodingKey, CaseIterable {
      case timeUnitDays = "time_unit_days", horizonMonths = "horizon_months"
      case monthlyDiscountRate = "monthly_discount_rate", margin, intervalLevel = "interval_level"
      case churnBands = "churn_bands"
    }
    public init() {}
    public init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(CodingKeys.self)
      timeUnitDays = try c.decodeIfPresent(Int.self, forKey: .timeUnitDays) ?? timeUnitDays
      horizonMonths = try c.decodeIfPresent(Int.self, forKey: .horizonMonths) ?? horizonMonths
      monthlyDiscountRate = try c.decodeIfPresent(Double.self, forKey: .monthlyDiscountRate) ?? monthlyDiscountRate
      margin = try c.decodeIfPresent(Double.self, forKey: .margin) ?? margin
      intervalLevel = try c.decodeIfPresent(Double.self, forKey: .intervalLevel) ?? intervalLevel
      churnBands = try c.decodeIfPresent(ChurnBands.self, forKey: .churnBands) ?? churnBands
    }
  }
  public struct Clusters: Decodable, Sendable {
    public var kMin: Int = 2
    public var kMax: Int = 8
    public var seed: UInt64 = 42
    enum CodingKeys: String, CodingKey, CaseIterable { case kMin = "k_min", kMax = "k_max", seed }
    public init() {}
    public init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(CodingKeys.self)
      kMin = try c.decodeIfPresent(Int.self, forKey: .kMin) ?? kMin
      kMax = try c.decodeIfPresent(Int.self, forKey: .kMax) ?? kMax
      seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
    }
  }
  public struct Insights: Decodable, Sendable {
    public var returnProneMinQuantity: Double = 200
    public var wholesaleLineQuantity: Double = 100
    public var wholesaleOrderValue: Double = 1000
    enum CodingKeys: String, CodingKey, CaseIterable {
      case returnProneMinQuantity = "return_prone_min_quantity", wholesaleLineQuantity = "wholesale_line_quantity"
      case wholesaleOrderValue = "wholesale_order_value"
    }
    public init() {}
    public init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(CodingKeys.self)
      returnProneMinQuantity = try c.decodeIfPresent(Double.self, forKey: .returnProneMinQuantity) ?? returnProneMinQuantity
      wholesaleLineQuantity = try c.decodeIfPresent(Double.self, forKey: .wholesaleLineQuantity) ?? wholesaleLineQuantity
      wholesaleOrderValue = try c.decodeIfPresent(Double.self, forKey: .wholesaleOrderValue) ?? wholesaleOrderValue
    }
  }
  public struct Forecast: Decodable, Sendable {
    public var period: String = "month"
    public var horizon: Int = 3
    public var topCountries: Int = 5
    public var minimumTraining: Int = 6
    /// Holiday calendar name (config/holidays/NAME.yml); nil models period totals directly.
    public var holidays: String?
    /// The calendar's dates (yyyy-mm-dd), loaded with the settings.
    public var holidayDates: Set<String> = []
    enum CodingKeys: String, CodingKey, CaseIterable {
      case period, horizon, topCountries = "top_countries", minimumTraining = "minimum_training", holidays
    }
    public init() {}
    public init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(CodingKeys.self)
      period = try c.decodeIfPresent(String.self, forKey: .period) ?? period
      horizon = try c.decodeIfPresent(Int.self, forKey: .horizon) ?? horizon
      topCountries = try c.decodeIfPresent(Int.self, forKey: .topCountries) ?? topCountries
      minimumTraining = try c.decodeIfPresent(Int.self, forKey: .minimumTraining) ?? minimumTraining
      holidays = try c.decodeIfPresent(String.self, forKey: .holidays)
    }
  }
  public struct Ingest: Decodable, Sendable {
    /// The fewest sales lines for which a batch's sales get a partition of their own; smaller
    /// batches share one (see `BatchLoader.ownPartitionMinimum`).
    public var ownPartitionMinSalesLines: Int = 100_000
    enum CodingKeys: String, CodingKey, CaseIterable { case ownPartitionMinSalesLines = "own_partition_min_sales_lines" }
    public init() {}
    public init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(CodingKeys.self)
      ownPartitionMinSalesLines = try c.decodeIfPresent(Int.self, forKey: .ownPartitionMinSalesLines) ?? ownPartitionMinSalesLines
    }
  }
  struct File: Decodable {
    var ingest: Ingest?
    var rfm: RFM?
    var clv: CLV?
    var clusters: Clusters?
    var insights: Insights?
    var forecast: Forecast?
    enum CodingKeys: String, CodingKey, CaseIterable { case ingest, rfm, clv, clusters, insights, forecast }
    init(from decoder: any Decoder) throws {
      let c = try decoder.strictContainer(CodingKeys.self)
      ingest = try c.decodeIfPresent(Ingest.self, forKey: .ingest)
      insights = try c.decodeIfPresent(Insights.self, forKey: .insights)
      forecast = try c.decodeIfPresent(Forecast.self, forKey: .forecast)
      rfm = try c.decodeIfPresent(RFM.self, forKey: .rfm)
      clv = try c.decodeIfPresent(CLV.self, forKey: .clv)
      clusters = try c.decodeIfPresent(Clusters.self, forKey: .clusters)
    }
  }

  public var ingest = Ingest()
  public var rfm = RFM()
  public var clv = CLV()
  public var clusters = Clusters()
  public var insights = Insights()
  public var forecast = Forecast()
  /// The schemes named in `rfm.schemes`, loaded and validated.
  public var schemes: [SegmentScheme] = []

  public init() {}

  /// Loads settings from a config directory and validates every segment scheme: each score
  /// cell must be covered by exactly one rule.
  /// - Throws: `SettingsError` naming the file and what is wrong.
  public static func load(directory: String) throws -> Settings {
    var settings = Settings()
    let main = (directory as NSString).appendingPathComponent("basket360.yml")
    if FileManager.default.fileExists(atPath: main) {
      let file: File = try decode(File.self, path: main)
      settings.ingest = file.ingest ?? settings.ingest
      settings.rfm = file.rfm ?? settings.rfm
      settings.clv = file.clv ?? settings.clv
      settings.clusters = file.clusters ?? settings.clusters
      settings.insights = file.insights ?? settings.insights
      settings.forecast = file.forecast ?? settings.forecast
    }
    try settings.validate(file: main)
    if let calendar = settings.forecast.holidays {
      let path = (directory as NSString).appendingPathComponent("holidays/\(calendar).yml")
      guard FileManager.default.fileExists(atPath: path) else {
        throw SettingsError(file: main, message: "forecast.holidays names '\(calendar)' but \(path) does not exist")
      }
      struct Calendar: Decodable { var country: String?; var dates: [String] }
      let dates = try decode(Calendar.self, path: path).dates
      for date in dates where !Self.isISODate(date) {
        throw SettingsError(file: path, message: "'\(date)' is not a date of the form yyyy-mm-dd")
      }
      settings.forecast.holidayDates = Set(dates)
    }
    settings.schemes = try settings.rfm.schemes.map { name in
      let path = (directory as NSString).appendingPathComponent("segments/\(name).yml")
      guard FileManager.default.fileExists(atPath: path) else {
        throw SettingsError(file: main, message: "rfm.schemes names '\(name)' but \(path) does not exist")
      }
      let scheme = try decode(SegmentScheme.self, path: path)
      let report = scheme.validate()
      guard report.isValid else { throw SettingsError(file: path, message: "scheme '\(scheme.name)' is invalid: \(report)") }
      return scheme
    }
    return settings
  }

  /// The `ingest:` settings of a config directory alone, for the commands that only load files: the
  /// whole basket360.yml is read (a misspelt key anywhere is still an error), but the segment
  /// schemes and holiday calendars the models need are not required.
  public static func loadIngest(directory: String) throws -> Ingest {
    let main = (directory as NSString).appendingPathComponent("basket360.yml")
    guard FileManager.default.fileExists(atPath: main) else { return Ingest() }
    var settings = Settings()
    settings.ingest = try decode(File.self, path: main).ingest ?? settings.ingest
    try settings.validateIngest(file: main)
    return settings.ingest
  }

  func validateIngest(file: String) throws {
    if ingest.ownPartitionMinSalesLines < 0 {
      throw SettingsError(file: file, message: "ingest.own_partition_min_sales_lines must not be negative")
    }
  }

  func validate(file: String) throws {
    func fail(_ message: String) throws -> Never { throw SettingsError(file: file, message: message) }
    try validateIngest(file: file)
    if clv.timeUnitDays < 1 { try fail("clv.time_unit_days must be at least 1") }
    if clv.horizonMonths < 1 { try fail("clv.horizon_months must be at least 1") }
    if !(0..<1).contains(clv.monthlyDiscountRate) { try fail("clv.monthly_discount_rate must be in [0, 1)") }
    if !(0...1).contains(clv.margin) { try fail("clv.margin must be in [0, 1]") }
    if !(0.5..<1).contains(clv.intervalLevel) { try fail("clv.interval_level must be in [0.5, 1)") }
    if !(clv.churnBands.highRiskBelow <= clv.churnBands.mediumRiskBelow) {
      try fail("clv.churn_bands.high_risk_below must not exceed medium_risk_below")
    }
    if insights.wholesaleLineQuantity <= 0 || insights.wholesaleOrderValue <= 0 || insights.returnProneMinQuantity < 0 {
      try fail("insights thresholds must be positive")
    }
    if !["month", "week"].contains(forecast.period) { try fail("forecast.period must be month or week") }
    if forecast.horizon < 1 || forecast.horizon > 60 { try fail("forecast.horizon must be 1 to 60") }
    if forecast.topCountries < 1 || forecast.minimumTraining < 3 {
      try fail("forecast.top_countries must be at least 1 and forecast.minimum_training at least 3")
    }
    if clusters.kMin < 2 || clusters.kMax < clusters.kMin { try fail("clusters needs 2 <= k_min <= k_max") }
    for name in rfm.schemes where !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
      try fail("rfm.schemes: '\(name)' is not a plain name")
    }
  }

  static func isISODate(_ text: String) -> Bool {
    let parts = text.split(separator: "-")
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let m = Int(parts[1]), let d = Int(parts[2]), Int(parts[0]) != nil
    else { return false }
    return (1...12).contains(m) && (1...31).contains(d)
  }

  static func decode<T: Decodable>(_ type: T.Type, path: String) throws -> T {
    let text: String
    do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
      throw SettingsError(file: path, message: "cannot read: \(error.localizedDescription)")
    }
    do {
      return try YAMLDecoder().decode(T.self, from: text)
    } catch let error as DecodingError {
      throw SettingsError(file: path, message: describe(error))
    } catch {
      throw SettingsError(file: path, message: "\(error)")
    }
  }

  static func describe(_ error: DecodingError) -> String {
    func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
    switch error {
    case .keyNotFound(let key, let context): return "missing key \(path(context.codingPath + [key]))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
      return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default: return "\(error)"
    }
  }

  /// The config directory: `explicit`, else `BASKET360_CONFIG`, else `./config`, else the
  /// `config/` of the checkout the executable was built in.
  public static func locateDirectory(explicit: String?) -> String? {
    var candidates: [String] = []
    if let explicit { return explicit }
    if let env = ProcessInfo.processInfo.environment["BASKET360_CONFIG"] { candidates.append(env) }
    candidates.append(FileManager.default.currentDirectoryPath + "/config")
    var url = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    for _ in 0..<4 {
      url.deleteLastPathComponent()
      candidates.append(url.appendingPathComponent("config").path)
    }
    return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("basket360.yml")) }
  }
}

/// Any key, to list what a YAML mapping holds.
private struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

extension Decoder {
  /// A keyed container that refuses keys outside `Keys`, so a misspelt setting is an error
  /// rather than a silent default.
  func strictContainer<Keys: CodingKey & CaseIterable>(_: Keys.Type) throws -> KeyedDecodingContainer<Keys> {
    let all = try container(keyedBy: AnyKey.self)
    let known = Set(Keys.allCases.map(\.stringValue))
    if let unknown = all.allKeys.first(where: { !known.contains($0.stringValue) }) {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: codingPath + [unknown],
          debugDescription: "unknown setting (expected one of: \(known.sorted().joined(separator: ", ")))"))
    }
    return try container(keyedBy: Keys.self)
  }
}

/// A configuration error, naming the file.
public struct SettingsError: Error, CustomStringConvertible, Sendable {
  public let file: String
  public let message: String
  public var description: String { "\(file): \(message)" }
}

import ArgumentParser
import Foundation
import Ingest
import Logging
import Pipeline
import PostgresClient
import Warehouse

extension Basket360 {
  struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Fit customer models and write them to the analytics schema.",
      discussion: """
        insights  sales insights: top products, monthly trend, seasonality, baskets, countries,
                  returns, retail vs wholesale (materialized views in analytics)
        rfm       RFM scores and segments per scheme (config/segments/*.yml) -> analytics.rfm_snapshot
        clv       BG/NBD + Gamma-Gamma: P(alive), expected purchases, CLV -> analytics.customer_value
        clusters  k-means on log-RFM, k by silhouette -> analytics.customer_cluster, cluster_profile
        forecast  sales forecasts (total, top countries, categories), model by backtest -> analytics.forecast
        all       all of the above, in that order
        Each model is one recorded stage in one transaction.
        """)

    enum Which: String, ExpressibleByArgument, CaseIterable {
      case insights, rfm, clv, clusters, forecast, all
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Which model: insights, rfm, clv, clusters, forecast or all.")
    var which: Which = .all

    @Option(help: "As-of date (yyyy-mm-dd): purchases before this day count. Default: the day after the last sale.")
    var asOf: String?

    @Option(help: "CLV calibration/holdout mode: hold out the last N days and compare predictions with them.")
    var holdoutDays: Int?

    @Option(help: "Forecast horizon in periods (default: forecast.horizon in config).")
    var horizon: Int?

    @Option(help: "Forecast period: month or week (default: forecast.period in config).")
    var period: String?

    @OptionGroup var warehouse: WarehouseOptions

    func validate() throws {
      try validateAsOf(asOf)
      if let holdoutDays, holdoutDays < 1 { throw ValidationError("--holdout-days must be at least 1") }
      if let horizon, !(1...60).contains(horizon) { throw ValidationError("--horizon must be 1 to 60") }
      if let period, !["month", "week"].contains(period) { throw ValidationError("--period must be month or week") }
    }

    func run() throws {
      try runReportingErrors {
        let logger = global.makeLogger()
        let settings = try loadSettings(warehouse.config)
        let db = try global.connect()
        try requireInitialised(db)
        try RunLock.acquire(db, wait: warehouse.wait, logger: logger)
        defer { RunLock.release(db) }
        let runLog = try RunLog(db, command: "model \(which.rawValue)", logger: logger)
        let stages: [ModelStage] = which == .all ? ModelStage.allCases : [ModelStage(rawValue: which.rawValue)!]
        do {
          var rfm: RFMSnapshot?
          for stage in stages {
            try stage.run(
              db: db, settings: settings, logger: logger, runLog: runLog, asOf: asOf, holdoutDays: holdoutDays,
              horizon: horizon, period: period, rfm: &rfm)
          }
          runLog.finish()
        } catch {
          runLog.finish(error: error)
          throw error
        }
      }
    }
  }
}

/// The model stages, in the order `all` and `run` execute them.
enum ModelStage: String, CaseIterable {
  case insights, rfm, clv, clusters, forecast

  /// Runs the stage as a recorded stage (one transaction) and prints its summary.
  ///
  /// `rfm` carries the RFM snapshot from the rfm stage to the clusters stage of the same command,
  /// which holds the run lock from before the first stage to after the last, so no batch can change
  /// the facts in between (see `RFMSnapshot`).
  func run(
    db: Connection, settings: Settings, logger: Logger, runLog: RunLog, asOf: String?, holdoutDays: Int?,
    horizon: Int? = nil, period: String? = nil, rfm: inout RFMSnapshot?
  ) throws {
    switch self {
    case .insights:
      try runLog.stage("insights") {
        let counts = try InsightsStage(db: db, settings: settings, logger: logger).run()
        print("insights: \(counts.count) views refreshed (\(counts["order_summary"] ?? 0) orders, \(counts["product_sales"] ?? 0) products)")
        return .init(rowsOut: counts.values.reduce(0, +))
      }
    case .rfm:
      try runLog.stage("rfm") {
        let r = try RFMStage(db: db, settings: settings, logger: logger).run(asOf: asOf)
        rfm = r.snapshot
        print("rfm: \(r.customers) customers as of \(r.asOf)")
        for (scheme, counts) in r.segments.sorted(by: { $0.key < $1.key }) {
          let parts = counts.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
          print("  \(scheme): \(parts.joined(separator: ", "))")
        }
        return .init(rowsOut: r.customers * r.segments.count, message: "as of \(r.asOf)")
      }
    case .clv:
      try runLog.stage("clv") {
        let r = try CLVStage(db: db, settings: settings, logger: logger).run(asOf: asOf, holdoutDays: holdoutDays)
        let p = r.parameters
        print(
          "clv: BG/NBD r=\(fmt(p.r)) alpha=\(fmt(p.alpha)) a=\(fmt(p.a)) b=\(fmt(p.b)) on \(r.customers) customers (model run \(r.modelRunID))")
        if let g = r.spend { print("  Gamma-Gamma p=\(fmt(g.p)) q=\(fmt(g.q)) gamma=\(fmt(g.gamma))") }
        if let mae = r.holdoutMeanAbsoluteError { print("  holdout: mean absolute error \(fmt(mae)) purchases per customer") }
        return .init(rowsOut: r.customers, message: "model run \(r.modelRunID)")
      }
    case .forecast:
      try runLog.stage("forecast") {
        let r = try ForecastStage(db: db, settings: settings, logger: logger).run(horizon: horizon, period: period)
        print(
          "forecast: \(r.series) series from \(r.periods) complete periods; next period total \(String(format: "%.0f", r.nextTotal)) (\(r.totalModel)), run \(r.runID)")
        return .init(rowsOut: r.series, message: "forecast run \(r.runID)")
      }
    case .clusters:
      try runLog.stage("clusters") {
        let r = try ClusterStage(db: db, settings: settings, logger: logger).run(asOf: asOf, rfm: rfm)
        print("clusters: k=\(r.k) (silhouette \(fmt(r.silhouette))) on \(r.customers) customers (model run \(r.modelRunID))")
        return .init(rowsOut: r.customers, message: "k=\(r.k)")
      }
    }
  }
}

/// Loads the settings from the config directory, mapping problems to exit code 78.
func loadSettings(_ explicit: String?) throws -> Settings {
  guard let directory = Settings.locateDirectory(explicit: explicit) else {
    throw CLIError(.config, "no config directory found (use --config DIR or BASKET360_CONFIG)")
  }
  return try mappingSettingsErrors { try Settings.load(directory: directory) }
}

/// `body`'s result, with a problem in a config file (`SettingsError`, naming the file and key) as exit code 78.
func mappingSettingsErrors<T>(_ body: () throws -> T) throws -> T {
  do { return try body() } catch let error as SettingsError { throw CLIError(.config, error.description) }
}

func fmt(_ v: Double) -> String { String(format: "%.4g", v) }

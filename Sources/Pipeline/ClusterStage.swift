import Analytics
import Foundation
import Logging
import PostgresClient

/// k-means on standardised log-RFM (k chosen by silhouette from the configured range), written
/// to `analytics.customer_cluster` with a plain description of each centroid in
/// `analytics.cluster_profile`.
public struct ClusterStage {
  public let db: Connection
  public let settings: Settings
  public let logger: Logger

  public init(db: Connection, settings: Settings, logger: Logger) {
    self.db = db
    self.settings = settings
    self.logger = logger
  }

  public struct Result: Sendable {
    public var modelRunID: Int
    public var k: Int
    public var silhouette: Double
    public var customers: Int
  }

  /// Runs in one transaction. Customers without purchases are left out (their log-RFM is undefined).
  ///
  /// `rfm` is the snapshot an RFM stage of the same run has just written (see `RFMSnapshot`): when it
  /// is for the as-of date, the customers' recency, frequency and monetary value are read from it
  /// instead of being summarised again from the sales lines. Same rows, same order, same clusters.
  public func run(asOf requested: String?, rfm: RFMSnapshot? = nil) throws -> Result {
    try db.transaction {
      try db.turnOffJIT()
      let asOf = try requested ?? CustomerActivity.defaultAsOf(db)
      let activity: [CustomerActivity]
      if let rfm, rfm.asOf == asOf {
        activity = try CustomerActivity.read(db, snapshot: rfm)
        logger.debug("Customer activity from the RFM snapshot", metadata: ["rfm.as_of": "\(asOf)", "rfm.scheme": "\(rfm.scheme)"])
      } else {
        activity = try CustomerActivity.read(db, asOf: asOf)
      }
      let customers = activity.filter(\.hasPurchases)
      guard customers.count > settings.clusters.kMax else {
        throw PipelineError("k-means needs more customers (\(customers.count)) than clusters.k_max (\(settings.clusters.kMax))")
      }
      // log1p keeps zero and makes the long tails of frequency and spend comparable.
      let points = customers.map {
        [log1p(Double($0.recencyDays)), log1p(Double($0.frequency)), log1p(max($0.monetary, 0))]
      }
      let started = Date()
      guard
        let selection = KSelection.choose(
          points, kRange: settings.clusters.kMin...settings.clusters.kMax, seed: settings.clusters.seed)
      else { throw PipelineError("k-means could not be fitted for any k in the configured range") }
      let fitMs = Int(Date().timeIntervalSince(started) * 1000)
      let best = selection.best
      let silhouette = selection.candidates.first { $0.k == selection.bestK }?.silhouette ?? .nan
      let candidates = Dictionary(uniqueKeysWithValues: selection.candidates.map { ("silhouette_k\($0.k)", $0.silhouette) })

      let runID =
        try db.scalar(
          Int.self,
          """
          insert into analytics.model_run (model, parameters, customers, iterations, attempts, converged, fit_ms,
            calibration_end)
          values ('kmeans', $1::jsonb, $2, $3, $4, $5, $6, $7::date - 1) returning model_run_id
          """,
          [
            json(candidates.merging(["k": Double(selection.bestK), "silhouette": silhouette, "inertia": best.inertia]) { a, _ in a }),
            customers.count, best.iterations, selection.candidates.count, best.converged, fitMs, asOf,
          ]) ?? 0

      try db.copyIn("copy analytics.customer_cluster (model_run_id, customer_key, customer_id, cluster) from stdin") { out in
        for (customer, cluster) in zip(customers, best.assignments) {
          try out.row([String(runID), String(customer.customerKey), customer.customerID, String(cluster)])
        }
      }
      let centroids = selection.standardizer.inverseTransform(best.centroids)
      for (cluster, z) in best.centroids.enumerated() {
        let size = best.assignments.filter { $0 == cluster }.count
        let original = centroids[cluster].map { expm1($0) }
        try db.execute(
          """
          insert into analytics.cluster_profile (model_run_id, cluster, customers, recency_days, frequency, monetary, description)
          values ($1, $2, $3, $4, $5, $6, $7)
          """, [runID, cluster, size, original[0], original[1], original[2], Self.describe(standardised: z)])
      }
      logger.info("Clusters written", metadata: ["model.run": "\(runID)", "k": "\(selection.bestK)"])
      return Result(modelRunID: runID, k: selection.bestK, silhouette: silhouette, customers: customers.count)
    }
  }

  /// A centroid in plain words, from its standardised coordinates (±0.5 SD marks high/low).
  static func describe(standardised z: [Double]) -> String {
    func word(_ value: Double, low: String, mid: String, high: String) -> String {
      value < -0.5 ? low : value > 0.5 ? high : mid
    }
    // Low recency days = recent.
    let recency = word(z[0], low: "recent", mid: "lapsing", high: "long inactive")
    let frequency = word(z[1], low: "one-off or rare buyers", mid: "occasional buyers", high: "frequent buyers")
    let spend = word(z[2], low: "low spend", mid: "average spend", high: "high spend")
    return "\(recency), \(frequency), \(spend)"
  }
}

import Analytics
import Logging
import PostgresClient

/// Scores every customer's recency, frequency and monetary value as of a date and writes one
/// row per scheme to `analytics.rfm_snapshot` (replacing an earlier snapshot of the same date
/// and scheme), with the cut points to `analytics.rfm_cut_point`.
public struct RFMStage {
  public let db: Connection
  public let settings: Settings
  public let logger: Logger

  public init(db: Connection, settings: Settings, logger: Logger) {
    self.db = db
    self.settings = settings
    self.logger = logger
  }

  public struct Result: Sendable {
    public var asOf: String
    public var customers: Int
    /// Customers per segment, per scheme.
    public var segments: [String: [String: Int]]
    /// The snapshot written (nil without a scheme), which later stages of the same run may read
    /// instead of the sales lines.
    public var snapshot: RFMSnapshot?
  }

  /// Runs in one transaction.
  public func run(asOf requested: String?) throws -> Result {
    try db.transaction {
      try db.turnOffJIT()
      let asOf = try requested ?? CustomerActivity.defaultAsOf(db)
      let activity = try CustomerActivity.read(db, asOf: asOf)
      guard !activity.isEmpty else { throw PipelineError("no customers with activity before \(asOf)") }
      let scoring = RFMScorer.score(
        activity.map {
          RFMCustomer(customerID: $0.customerKey, recencyDays: Double($0.recencyDays), frequency: Double($0.frequency),
                      monetary: $0.monetary)
        })
      let cells = Dictionary(uniqueKeysWithValues: scoring.scores.map { ($0.customerID, $0.cell) })

      var segments: [String: [String: Int]] = [:]
      for scheme in settings.schemes {
        try db.execute("delete from analytics.rfm_snapshot where as_of = $1 and scheme = $2", [asOf, scheme.name])
        var counts: [String: Int] = [:]
        try db.copyIn(
          """
          copy analytics.rfm_snapshot (as_of, scheme, customer_key, customer_id, recency_days, frequency, monetary,
            has_purchases, r_score, f_score, m_score, rfm_code, segment) from stdin
          """
        ) { out in
          for customer in activity {
            guard let cell = cells[customer.customerKey], let segment = scheme.segment(for: cell) else {
              throw PipelineError("customer \(customer.customerID) has no RFM cell or segment")
            }
            counts[segment, default: 0] += 1
            try out.row([
              asOf, scheme.name, String(customer.customerKey), customer.customerID, String(customer.recencyDays),
              String(customer.frequency), customer.monetaryText, customer.hasPurchases ? "t" : "f",
              String(cell.recency), String(cell.frequency), String(cell.monetary),
              "\(cell.recency)\(cell.frequency)\(cell.monetary)", segment,
            ])
          }
        }
        segments[scheme.name] = counts
      }

      try db.execute("delete from analytics.rfm_cut_point where as_of = $1", [asOf])
      for (dimension, bands) in [
        ("recency", scoring.recencyBands), ("frequency", scoring.frequencyBands), ("monetary", scoring.monetaryBands),
      ] {
        for band in bands {
          try db.execute(
            """
            insert into analytics.rfm_cut_point (as_of, dimension, score, min_value, max_value, customers)
            values ($1, $2, $3, $4, $5, $6)
            """, [asOf, dimension, band.score, band.minValue, band.maxValue, band.count])
        }
      }
      logger.info("RFM snapshot written", metadata: ["rfm.as_of": "\(asOf)", "customers": "\(activity.count)"])
      return Result(
        asOf: asOf, customers: activity.count, segments: segments,
        snapshot: settings.schemes.first.map { RFMSnapshot(asOf: asOf, scheme: $0.name) })
    }
  }
}

/// An RFM snapshot just written by `RFMStage`: every customer's recency, frequency and net monetary
/// value as of a date, as the per-customer summary query gave them (one scheme's rows carry them all).
///
/// The clusters stage reads it instead of running that query again (3 s at 10 times the UCI file,
/// 30 s at 100 times). That is only right while the facts have not changed since the snapshot was
/// written, so only `RFMStage` makes one, and a caller hands it on only to stages of the same run,
/// which holds the run lock throughout: no batch can be loaded in between.
public struct RFMSnapshot: Sendable, Equatable {
  public let asOf: String
  public let scheme: String

  init(asOf: String, scheme: String) {
    self.asOf = asOf
    self.scheme = scheme
  }
}

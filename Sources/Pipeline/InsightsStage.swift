import Logging
import PostgresClient

/// Refreshes the sales-insight materialized views of `analytics` (top products, monthly sales,
/// seasonality, baskets, countries, returns, retail vs wholesale) after writing the configured
/// thresholds to `analytics.insight_setting`. All set-based, in PostgreSQL.
public struct InsightsStage {
  public let db: Connection
  public let settings: Settings
  public let logger: Logger

  /// In dependency order: views that read `order_summary` (basket_monthly, country_sales,
  /// channel_share, and product_sales for its order counts) come after it, and product_returns
  /// (which reads product_sales) after product_sales.
  public static let views = [
    "order_summary", "monthly_sales", "seasonality", "product_sales", "product_sales_monthly", "basket_monthly",
    "country_sales", "product_returns", "returns_monthly", "channel_share",
  ]

  public init(db: Connection, settings: Settings, logger: Logger) {
    self.db = db
    self.settings = settings
    self.logger = logger
  }

  /// Runs in one transaction; returns the row count of each view.
  ///
  /// The transaction is REPEATABLE READ, so every refresh sees the same snapshot of core: views
  /// derived from other views (product_sales's orders use order_summary) stay consistent with
  /// the facts even if another session writes to core meanwhile.
  public func run() throws -> [String: Int] {
    try db.transaction {
      try db.execute("set transaction isolation level repeatable read")
      try db.turnOffJIT()
      let values: [(String, Double)] = [
        ("return_prone_min_quantity", settings.insights.returnProneMinQuantity),
        ("wholesale_line_quantity", settings.insights.wholesaleLineQuantity),
        ("wholesale_order_value", settings.insights.wholesaleOrderValue),
      ]
      for (key, value) in values {
        try db.execute(
          """
          insert into analytics.insight_setting (key, value) values ($1, $2)
          on conflict (key) do update set value = excluded.value
          """, [key, value])
      }
      var counts: [String: Int] = [:]
      for view in Self.views {
        // Names come from the fixed list above, never from input.
        try db.execute("refresh materialized view analytics.\(view)")
        counts[view] = try db.scalar(Int.self, "select count(*) from analytics.\(view)") ?? 0
      }
      logger.info("Insights refreshed", metadata: ["views": "\(counts.count)"])
      return counts
    }
  }
}

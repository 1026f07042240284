import PostgresClient

/// Per-customer recency, frequency and net monetary value as of a date, computed in PostgreSQL.
///
/// A customer is identified by the natural `customer_id` across SCD versions; the key reported is
/// the version in effect on the as-of date. Customers seen only in returns or adjustments are
/// included with frequency 0 (`hasPurchases` false), so every known customer gets a row.
struct CustomerActivity {
  var customerKey: Int
  var customerID: String
  var recencyDays: Int
  var frequency: Int
  /// Net revenue as exact decimal text, and as a double for scoring.
  var monetaryText: String
  var monetary: Double
  var hasPurchases: Bool

  static let sql = """
    with invoices as (
      -- One row per customer version and invoice first (a hash aggregation): the distinct count and
      -- the join to the customers then work on invoices instead of sorting every sales line.
      select f.customer_key, f.invoice_no, max(f.invoiced_at) as last_at, sum(f.revenue) as revenue
      from core.fact_sales f
      where f.customer_key <> 0 and f.invoiced_at < $1::date
      group by 1, 2
    ), purchases as (
      select d.customer_id, max(i.last_at) as last_at, count(distinct i.invoice_no) as frequency,
        sum(i.revenue) as revenue
      from invoices i join core.dim_customer d using (customer_key)
      group by d.customer_id
    ), refunds as (
      select d.customer_id, max(r.invoiced_at) as last_at, sum(r.amount) as amount
      from core.fact_returns r join core.dim_customer d using (customer_key)
      where r.customer_key <> 0 and r.invoiced_at < $1::date
      group by d.customer_id
    ), other as (
      select d.customer_id, max(a.invoiced_at) as last_at
      from core.adjustment a join core.dim_customer d using (customer_key)
      where a.customer_key <> 0 and a.invoiced_at < $1::date
      group by d.customer_id
    ), ids as (
      select customer_id from purchases union select customer_id from refunds union select customer_id from other
    ), version as (
      select distinct on (customer_id) customer_id, customer_key
      from core.dim_customer
      where customer_id is not null and valid_from < $1::date
      order by customer_id, valid_from desc
    )
    select v.customer_key, i.customer_id,
      $1::date - coalesce(p.last_at, greatest(r.last_at, o.last_at))::date as recency_days,
      coalesce(p.frequency, 0) as frequency,
      (coalesce(p.revenue, 0) - coalesce(r.amount, 0))::text as monetary,
      p.customer_id is not null as has_purchases
    from ids i
    join version v using (customer_id)
    left join purchases p using (customer_id)
    left join refunds r using (customer_id)
    left join other o using (customer_id)
    order by i.customer_id
    """

  static func read(_ db: Connection, asOf: String) throws -> [CustomerActivity] {
    try db.withInvoiceAggregationInParallel { try db.execute(sql, [asOf]) }.all.map(CustomerActivity.init(row:))
  }

  /// The same rows as `read(_:asOf:)`, taken from an RFM snapshot instead of the sales lines: the
  /// snapshot stores each customer's activity as `read` gave it (monetary as the same numeric text),
  /// in the same order. Only valid for a snapshot written while the facts were as they are now; see
  /// `RFMSnapshot`.
  static func read(_ db: Connection, snapshot: RFMSnapshot) throws -> [CustomerActivity] {
    try db.execute(
      """
      select customer_key, customer_id, recency_days, frequency, monetary::text as monetary, has_purchases
      from analytics.rfm_snapshot where as_of = $1::date and scheme = $2
      order by customer_id
      """, [snapshot.asOf, snapshot.scheme]
    ).all.map(CustomerActivity.init(row:))
  }

  /// The day after the last sale: the default as-of date, so the last day's purchases count.
  static func defaultAsOf(_ db: Connection) throws -> String {
    guard let date = try db.scalar(String?.self, "select (max(invoiced_at)::date + 1)::text from core.fact_sales") ?? nil
    else { throw PipelineError("there are no sales in core.fact_sales: ingest data first") }
    return date
  }
}

extension CustomerActivity {
  /// One row of `sql`, or of an RFM snapshot read (the same columns).
  init(row: QueryResult.Row) throws {
    let monetary = try row.decode(String.self, "monetary")
    self.init(
      customerKey: try row.decode(Int.self, "customer_key"), customerID: try row.decode(String.self, "customer_id"),
      recencyDays: try row.decode(Int.self, "recency_days"), frequency: try row.decode(Int.self, "frequency"),
      monetaryText: monetary, monetary: Double(monetary) ?? 0, hasPurchases: try row.decode(Bool.self, "has_purchases"))
  }
}

/// A stage failure with a message for the operator.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

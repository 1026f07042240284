import PostgresClient

/// What `basket360 status` reports: batches with their reconciliation, rule counts, recent
/// runs and table sizes. Encoded as JSON with snake_case keys.
public struct WarehouseStatus: Codable, Sendable {
  public struct Batch: Codable, Sendable {
    public var batchId: Int
    public var file: String
    public var source: String
    public var sha256: String
    public var inputRows: Int
    public var salesRows: Int
    public var returnRows: Int
    public var adjustmentRows: Int
    public var rejectedRows: Int
    public var duplicateRows: Int
    public var loadedAt: String
    public var loadMs: Int?
    /// `input_rows = sales_rows + return_rows + adjustment_rows + rejected_rows + duplicate_rows`
    public var reconciles: Bool
  }
  public struct Rule: Codable, Sendable {
    public var rule: String
    public var rows: Int
  }
  public struct Run: Codable, Sendable {
    public var runId: Int
    public var command: String
    public var status: String
    public var startedAt: String
    public var durationMs: Int?
    public var error: String?
  }
  public struct Table: Codable, Sendable {
    public var table: String
    public var rows: Int
    public var bytes: Int
  }

  public var migrations: [String]
  public var batches: [Batch]
  public var rules: [Rule]
  public var runs: [Run]
  public var tables: [Table]

  /// Reads the status; a warehouse that was never initialised has no batches.
  public static func read(_ db: Connection, runs runLimit: Int = 10) throws -> WarehouseStatus {
    let migrations = try Migrator.appliedVersions(db)
    guard !migrations.isEmpty else {
      return WarehouseStatus(migrations: [], batches: [], rules: [], runs: [], tables: [])
    }
    let batches = try db.execute(
      """
      select batch_id, file_name, source, sha256, input_rows, sales_rows, return_rows, adjustment_rows,
        rejected_rows, duplicate_rows, to_char(loaded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as loaded_at,
        load_ms
      from etl.batch order by batch_id
      """
    ).all.map { r in
      let input = try r.decode(Int.self, "input_rows"), sales = try r.decode(Int.self, "sales_rows")
      let returns = try r.decode(Int.self, "return_rows"), adjustments = try r.decode(Int.self, "adjustment_rows")
      let rejected = try r.decode(Int.self, "rejected_rows"), duplicates = try r.decode(Int.self, "duplicate_rows")
      return Batch(
        batchId: try r.decode(Int.self, "batch_id"), file: try r.decode(String.self, "file_name"),
        source: try r.decode(String.self, "source"), sha256: try r.decode(String.self, "sha256"),
        inputRows: input, salesRows: sales, returnRows: returns, adjustmentRows: adjustments,
        rejectedRows: rejected, duplicateRows: duplicates, loadedAt: try r.decode(String.self, "loaded_at"),
        loadMs: try r.decode(Int?.self, "load_ms"),
        reconciles: input == sales + returns + adjustments + rejected + duplicates)
    }
    let rules = try db.execute("select rule, sum(rows)::bigint as rows from etl.batch_rule group by rule order by rows desc, rule")
      .all.map { Rule(rule: try $0.decode(String.self, "rule"), rows: try $0.decode(Int.self, "rows")) }
    let runs = try db.execute(
      """
      select run_id, command, status, to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as started_at,
        (extract(epoch from finished_at - started_at) * 1000)::bigint as duration_ms, error
      from etl.run order by run_id desc limit $1
      """, [runLimit]
    ).all.map {
      Run(
        runId: try $0.decode(Int.self, "run_id"), command: try $0.decode(String.self, "command"),
        status: try $0.decode(String.self, "status"), startedAt: try $0.decode(String.self, "started_at"),
        durationMs: try $0.decode(Int?.self, "duration_ms"), error: try $0.decode(String?.self, "error"))
    }
    let tables = try db.execute(
      """
      select n.nspname || '.' || c.relname as name,
        case when c.relkind = 'p'
          then (select coalesce(sum(pg_total_relation_size(t.relid)), 0)::bigint from pg_partition_tree(c.oid) t)
          else pg_total_relation_size(c.oid) end as bytes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      -- A partitioned table (core.fact_sales) counts with all its partitions.
      where c.relkind in ('r', 'p') and not c.relispartition and n.nspname in ('etl', 'core', 'analytics')
      order by 1
      """
    ).all.map { r -> Table in
      let name = try r.decode(String.self, "name")
      // Exact counts, so the figures can be checked against the batch counts.
      let exact = try db.scalar(Int.self, "select count(*) from " + name.split(separator: ".").map { quoteIdentifier(String($0)) }.joined(separator: "."))
      return Table(table: name, rows: exact ?? 0, bytes: try r.decode(Int.self, "bytes"))
    }
    return WarehouseStatus(migrations: migrations, batches: batches, rules: rules, runs: runs, tables: tables)
  }
}

import PostgresClient

extension Connection {
  /// Turns JIT compilation off for the rest of a stage's transaction. Each stage query runs once,
  /// over the whole fact tables, and compiling its expressions cost more than it saved: RFM on the
  /// UCI file took 0.41 s with JIT and 0.35 s without. The gap grows with the partitions of
  /// core.fact_sales, because each partition's scan is compiled on its own: with 100 batches,
  /// RFM took 0.79 s and clusters 1.43 s with JIT, against 0.42 s and 1.12 s without. At 10x the UCI
  /// size in one batch there was no difference either way.
  func turnOffJIT() throws {
    try execute("set local jit = off")
  }
}

extension Connection {
  /// Runs `body` (one query of a stage's transaction) with `parallel_tuple_cost` at 0, then puts the
  /// setting back.
  ///
  /// For the per-customer summaries, which first sum the sales lines per customer and invoice:
  /// the planner prices the partial aggregation in parallel workers as if every worker met every
  /// invoice, so that as many rows as lines per worker would go through the Gather, and keeps the
  /// aggregation on one core. The lines of an invoice are stored together, so each worker meets
  /// few of them: at 10 times the UCI file the workers hand 385,000 rows to the leader, which is the
  /// invoices' count. Priced that way, the parallel plan is chosen. Measured in psql, 3 runs each:
  /// the RFM summary 3.4 -> 2.9 s at 10x and 0.18 -> 0.14 s at 1x; the CLV one 2.0 -> 1.5 s and
  /// 0.13 -> 0.09 s. The rows are the same (a different plan for the same query).
  func withInvoiceAggregationInParallel<T>(_ body: () throws -> T) throws -> T {
    try execute("set local parallel_tuple_cost = 0")
    let result = try body()
    try execute("set local parallel_tuple_cost to default")
    return result
  }
}

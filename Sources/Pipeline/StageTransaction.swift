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

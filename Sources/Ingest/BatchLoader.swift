import Foundation
import Logging
import PostgresClient
import Warehouse

/// What happened to one file given to `basket360 ingest`.
public struct BatchReport: Codable, Sendable, Equatable {
  public enum Outcome: String, Codable, Sendable {
    /// A new batch was loaded.
    case loaded
    /// The same content was loaded before; nothing changed.
    case unchanged
    /// `--force`: the earlier batch of the same content was replaced.
    case replaced
  }
  public var file: String
  public var sha256: String
  public var outcome: Outcome
  public var batchID: Int
  public var inputRows: Int
  public var salesRows: Int
  public var returnRows: Int
  public var adjustmentRows: Int
  public var rejectedRows: Int
  public var duplicateRows: Int
  public var durationMs: Int
  /// Lines each cleaning rule caught or changed.
  public var rules: [String: Int]
}

/// Loads transaction files into the star schema, one batch (one transaction) per file.
///
/// The file is read once, streaming: a background thread inflates and hashes it (the content
/// hash is the batch identity) while the caller parses, cleans, counts the lines' product and
/// customer groups (`LineSummary`) and COPYs the lines into a staging table. A file that may have
/// been loaded before (a batch of the same content size exists) is hashed in a pass of its own
/// first, so an unchanged file is recognised before any work. PostgreSQL then does the set-based
/// part: duplicates, country resolution, dimensions, facts (a large batch's sales as a new
/// partition of `core.fact_sales`, a small batch's into the partition small batches share) and the
/// reconciliation counts, which a CHECK constraint on `etl.batch` verifies before the batch can
/// commit.
public struct BatchLoader {
  public let db: Connection
  public let source: SourceMapping
  public let logger: Logger
  /// The most lines listed as possible duplicates while staging (the list is sized to the file,
  /// see `RepeatedLines.sizing`, up to this); past it, duplicates are found by grouping every line's
  /// hash instead (tests set 0 to take that path).
  var duplicateCandidateLimit = 1 << 22
  /// The input's size in bytes as the duplicate filter's sizing sees it, instead of the estimate from
  /// the file (tests set it to give a small file the filter and list of a large one).
  var contentBytesForSizing: Int?
  /// The most product groups, and customer groups, summed on the client while staging; past it, the
  /// staged lines are grouped in SQL for that kind instead (tests set 0 to take that path).
  var productGroupLimit = 1 << 18
  var customerGroupLimit = 1 << 18
  /// The fewest staged sales lines for which a batch's sales become a partition of their own;
  /// smaller batches share one (`sharedSalesPartition`). Every partition costs each query on
  /// `core.fact_sales` planning time and a lock per index, so daily files must not each add one;
  /// a partition of its own is what makes a large batch fast to load and to replace. Set from
  /// `ingest.own_partition_min_sales_lines` in the config (tests set 0 or `Int.max` to choose).
  public var ownPartitionMinimum = 100_000

  public init(db: Connection, source: SourceMapping = .onlineRetail, logger: Logger) {
    self.db = db
    self.source = source
    self.logger = logger
  }

  /// Ingests one file.
  /// - Parameters:
  ///   - force: replace the batch if the same content was loaded before.
  ///   - failAfterStaging: test hook: throw after staging, to prove the batch rolls back.
  public func ingest(path: String, force: Bool = false, failAfterStaging: Bool = false) throws -> BatchReport {
    let started = Date()
    // The content hash is the batch identity. A file whose content size matches no loaded batch is
    // new: it is hashed while it is staged (on the reading thread) instead of in a pass of its own.
    // Otherwise it is hashed first, so an unchanged file is recognised before any work.
    var hashedFirst: (sha256: String, bytes: Int)?
    if try mayHaveBeenLoaded(path: path) {
      let hashed = try Self.contentHash(path: path, source: source)
      hashedFirst = hashed
      logger.debug(
        "Content hashed",
        metadata: ["bytes": "\(hashed.1)", "duration.ms": "\(Int(Date().timeIntervalSince(started) * 1000))"])
      if !force, let existingID = try loadedBatch(sha256: hashed.0) {
        return try unchanged(batchID: existingID, path: path, started: started)
      }
    }

    let batchID: Int
    let existingID: Int?
    let salesWritten: SalesWritten
    do {
      (batchID, existingID, salesWritten) = try db.transaction {
        // Every statement of the load is planned once and run once: JIT compilation (on by default
        // for costly plans) took ~0.3 s of the UCI load and saved nothing.
        try db.execute("set local jit = off")
        // The big steps read every staged line once and write about as many rows: with the default
        // costs, a parallel plan (shipping each row from a worker to the leader) is never chosen,
        // though it takes a third off the fact insert on two cores.
        try db.execute("set local parallel_setup_cost = 100")
        try db.execute("set local parallel_tuple_cost = 0.01")
        let stagingStarted = Date()
        let staged = try stage(path: path, digest: hashedFirst == nil)
        logger.debug(
          "Lines staged",
          metadata: ["rows": "\(staged.rows)", "duration.ms": "\(Int(Date().timeIntervalSince(stagingStarted) * 1000))"])
        guard let (sha256, bytes) = hashedFirst ?? staged.digest else {
          throw WarehouseError.invariant("the content hash of \(path) was not computed")
        }
        let existingID = try loadedBatch(sha256: sha256)
        if let existingID {
          guard force else { throw AlreadyLoaded(batchID: existingID) }
          // Facts have no foreign keys (see 0004_core.sql), so they are removed explicitly: its rows
          // of the returns and adjustments here, its sales once the new ones are in (see
          // `removeSales`). The batch row cascades to its rejects, rule counts
          // and description votes.
          for table in ["core.fact_returns", "core.adjustment"] {
            try db.execute("delete from \(table) where batch_id = $1", [existingID])
          }
          try db.execute("delete from etl.batch where batch_id = $1", [existingID])
        }
        let batchID =
          try db.scalar(
            Int.self,
            "insert into etl.batch (source, file_name, sha256, file_bytes) values ($1, $2, $3, $4) returning batch_id",
            [source.name, path, sha256, bytes]) ?? 0
        if failAfterStaging {
          throw WarehouseError.invariant("forced failure after staging (test hook)")
        }
        let salesWritten = try transform(batchID: batchID, staged: staged, replacing: existingID)
        try finishCounts(
          batchID: batchID, inputRows: staged.rows, notes: staged.notes,
          durationMs: Int(Date().timeIntervalSince(started) * 1000))
        try dropStaging(candidatesListed: staged.candidatesListed)
        return (batchID, existingID, salesWritten)
      }
    } catch let loaded as AlreadyLoaded {
      // Its size did not give it away (a file of several gzip members): rolled back, nothing changed.
      return try unchanged(batchID: loaded.batchID, path: path, started: started)
    }
    // After the commit: ANALYZE takes no lock that stops readers, but the load's transaction may hold
    // one until it ends (see `attachSalesPartition`, `removeSales`), which is kept short. The batch
    // is loaded whatever happens here.
    do {
      try analyzeSales(salesWritten)
    } catch {
      logger.warning(
        "Sales statistics not refreshed after the load; run ANALYZE core.fact_sales",
        metadata: ["batch.id": "\(batchID)", "error": "\(error)"])
    }
    var report = try Self.report(db, batchID: batchID, file: path)
    report.outcome = existingID == nil ? .loaded : .replaced
    logger.info(
      "Batch loaded",
      metadata: [
        "file": "\(path)", "batch.id": "\(batchID)", "rows.in": "\(report.inputRows)",
        "rows.sales": "\(report.salesRows)", "rows.returns": "\(report.returnRows)",
        "rows.adjustments": "\(report.adjustmentRows)", "rows.rejected": "\(report.rejectedRows)",
        "rows.duplicates": "\(report.duplicateRows)", "duration.ms": "\(report.durationMs)",
      ])
    return report
  }

  /// Thrown inside the load transaction when the staged content turns out to be a loaded batch.
  private struct AlreadyLoaded: Error {
    let batchID: Int
  }

  private func unchanged(batchID: Int, path: String, started: Date) throws -> BatchReport {
    logger.notice("File already loaded; nothing to do", metadata: ["file": "\(path)", "batch.id": "\(batchID)"])
    var report = try Self.report(db, batchID: batchID, file: path)
    report.outcome = .unchanged
    report.durationMs = Int(Date().timeIntervalSince(started) * 1000)
    return report
  }

  private func loadedBatch(sha256: String) throws -> Int? {
    try db.execute("select batch_id from etl.batch where sha256 = $1", [sha256]).first.map { try $0.decode(Int.self, 0) }
  }

  /// False only when no loaded batch has the content size the file announces (see
  /// `ByteSource.contentSizeHint`); a three-file export is always hashed first.
  private func mayHaveBeenLoaded(path: String) throws -> Bool {
    guard source.threeFile == nil, let size = ByteSource.contentSizeHint(path: path) else { return true }
    return try db.scalar(
      Bool.self, "select exists (select from etl.batch where file_bytes % 4294967296 = $1)", [Int(size)]) ?? true
  }

  /// The header line of a file, as text fields (for recognising its source).
  public static func header(path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [String] {
    let reader = CSVReader(source: try ByteSource(path: path), delimiter: delimiter, bufferSize: 64 * 1024)
    var record = CSVRecord()
    guard try reader.next(into: &record), !record.isBlank else {
      throw InputError(.badHeader, file: path, "line 1: the file is empty (expected a header line)")
    }
    return (0..<record.fieldCount).map { record.string($0) }
  }

  /// The source of a file: the one named, else the one whose columns its header has.
  /// - Throws: `InputError.badMapping` when the name is unknown or no single source matches.
  public static func chooseSource(path: String, named: String?, among sources: [SourceMapping]) throws -> SourceMapping {
    if let named {
      guard let source = sources.first(where: { $0.name == named }) else {
        throw InputError(
          .badMapping, file: path,
          "no source named '\(named)' (known: \(sources.map(\.name).joined(separator: ", ")))")
      }
      return source
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      let matching = sources.filter { $0.threeFile?.isPresent(in: path) ?? false }
      guard matching.count == 1 else {
        throw InputError(
          .badMapping, file: path,
          matching.isEmpty
            ? "the directory does not hold the files of a three-file source"
            : "the directory matches several three-file sources (\(matching.map(\.name).joined(separator: ", "))): choose one with --source")
      }
      return matching[0]
    }
    // Header-less sources cannot be recognised by their header: name them with --source.
    let flat = sources.filter { $0.layout == .transactions && $0.header }
    var candidates: [String: [String]] = [:]
    for delimiter in Set(flat.map(\.delimiter)) {
      candidates[String(UnicodeScalar(delimiter))] = try header(path: path, delimiter: delimiter)
    }
    let matching = flat.filter { candidates[String(UnicodeScalar($0.delimiter))].map($0.matches(header:)) ?? false }
    guard matching.count == 1 else {
      let header = candidates[","] ?? candidates.values.first ?? []
      throw InputError(
        .badMapping, file: path,
        matching.isEmpty
          ? "line 1: the header matches no source (\(flat.map(\.name).joined(separator: ", "))); header is: \(header.joined(separator: ","))"
          : "line 1: the header matches several sources (\(matching.map(\.name).joined(separator: ", "))): choose one with --source")
    }
    return matching[0]
  }

  /// SHA-256 and size of a file's content (after decompression), streaming.
  /// For a three-file export (a directory), the hash covers the three files in order.
  public static func contentHash(path: String, source: SourceMapping = .onlineRetail) throws -> (String, Int) {
    let files = source.threeFile.map { $0.paths(in: path) } ?? [path]
    let hasher = SHA256()
    var total = 0
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    for file in files {
      let input = try ByteSource(path: file)
      while true {
        let n = try chunk.withUnsafeMutableBytes { try input.read(into: $0) }
        if n == 0 { break }
        total += n
        chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
      }
    }
    return (hasher.finalizeHex(), total)
  }

  // MARK: - Staging

  static let stagingColumns =
    "line_no, raw_line, line_hash, route, rule, field, detail, invoice_no, stock_code, category, description, quantity, invoiced_at, date_key, unit_price, customer_id, country"

  /// What staging a file gives the transform.
  private struct Staged {
    var rows: Int
    var notes: [String: Int]
    var countryColumn: String
    /// The content hash and size, when staging computed them.
    var digest: (String, Int)?
    /// Whether `staging.stg_candidate` lists the hashes of all the lines that may be duplicates.
    var candidatesListed: Bool
    /// Whether `stg_group` holds every loadable line's product group, and customer group (see
    /// `LineSummary`).
    var productGroupsListed: Bool
    var customerGroupsListed: Bool
    /// The staged lines routed to the sales (duplicates still among them).
    var saleLines: Int
  }

  /// Streams the file into `staging.stg_line`: the number of data rows, the cleaner's notes, and
  /// with `digest` the content hash (computed on the thread that reads the file).
  ///
  /// The lines go into an unlogged table of the `staging` schema rather than a temporary one:
  /// PostgreSQL's parallel workers cannot read temporary tables, and the largest steps of the
  /// transform (the fact insert, the duplicate search) run on both cores when they can. Created and
  /// dropped inside the load transaction, it is never seen by another session, and a failed load
  /// leaves nothing behind. (A second load into the same database waits for the first to finish.)
  private func stage(path: String, digest: Bool) throws -> Staged {
    try db.execute(
      """
      create unlogged table staging.stg_line (
        line_no bigint not null,
        raw_line text,
        line_hash bigint not null,
        route text not null,
        rule text not null,
        field text,
        detail text,
        invoice_no text,
        stock_code text,
        category text,
        description text,
        quantity integer,
        invoiced_at timestamp,
        date_key integer,
        unit_price numeric,
        customer_id text,
        country text
      ) partition by list (route)
      """)
    // One partition per route: the steps that read rejects, returns or adjustments (a few percent
    // of the lines) scan only their partition.
    for (partition, bound) in [
      ("stg_line_sale", "for values in ('sale')"), ("stg_line_reject", "for values in ('reject')"), ("stg_line_other", "default"),
    ] {
      try db.execute("create unlogged table staging.\(partition) partition of staging.stg_line \(bound)")
    }
    var record = CSVRecord()
    var rows = 0
    var saleLines = 0
    // The next record and its outcome, from whichever layout the source has.
    let next: (inout CSVRecord) throws -> Result<CleanLine, Rejection>?
    let notes: () -> [String: Int]
    let countryColumn: String
    var input: ByteSource?
    let deduplicate = source.deduplicate
    let filter = RepeatedLines.sizing(contentBytes: contentBytesForSizing ?? Self.contentBytesEstimate(path: path))
    let candidateCapacity = min(filter.capacity, duplicateCandidateLimit)
    var repeated = RepeatedLines(bitCount: filter.bitCount, capacity: candidateCapacity)
    var summary = LineSummary(productCapacity: productGroupLimit, customerCapacity: customerGroupLimit)
    var countries = KnownCountries(
      aliases: try db.execute("select alias from core.country_alias").all.map { try $0.decode(String.self, 0) })
    if source.layout == .threeFile {
      var reader = try ThreeFileReader(directory: path, source: source)
      next = { try reader.next(into: &$0) }
      notes = { reader.notes }
      countryColumn = "country"
    } else {
      input = try ByteSource(path: path, readAhead: true, digest: digest)
      let reader = CSVReader(source: input!, delimiter: source.delimiter, whitespace: source.whitespaceDelimited)
      guard try reader.next(into: &record), !record.isBlank else {
        throw InputError(.badHeader, file: path, "line 1: the file is empty (expected a header line)")
      }
      let header = (0..<record.fieldCount).map { record.string($0) }
      let columns = try source.resolve(header: header, file: path)
      var cleaner = LineCleaner(columns: columns, source: source)
      // Without a header, the first line read is already data.
      var pending = source.header ? nil : cleaner.clean(record)
      next = { record in
        if let first = pending {
          pending = nil
          return first
        }
        return try reader.next(into: &record) ? cleaner.clean(record) : nil
      }
      notes = { cleaner.notes }
      countryColumn = columns.columnName(.country)
    }
    let columnCount = Self.stagingColumns.split(separator: ",").count
    try db.copyInBinary("copy staging.stg_line (\(Self.stagingColumns)) from stdin (format binary)", columns: columnCount) { out in
      while let outcome = try next(&record) {
        rows += 1
        out.int64(record.lineNumber)
        // The raw text is staged only where a reject may need it: rejected lines, lines that may
        // repeat an earlier line, lines of a country the warehouse does not know. (It was half of
        // the staged bytes.)
        Self.withRawText(record.raw) { text in
          let hash = LineHash.hash(text)
          let keep: Bool
          switch outcome {
          case .failure: keep = true
          case .success(let line): keep = (deduplicate && repeated.insert(hash)) || !countries.contains(line.country)
          }
          if keep { out.text(bytes: text) } else { out.null() }
          out.int64(Int(hash))
        }
        switch outcome {
        case .failure(let rejection):
          out.text(Route.reject.rawValue)
          out.text(rejection.reason.rawValue)
          out.text(rejection.field)
          out.text(rejection.detail)
          for _ in 0..<10 { out.null() }
        case .success(let line):
          summary.add(line)
          if line.route == .sale { saleLines += 1 }
          out.text(line.route.rawValue)
          out.text(line.rule)
          out.null()
          out.null()
          out.text(line.invoiceNo)
          out.text(line.stockCode)
          out.text(line.category.rawValue)
          out.text(line.description)
          out.int32(line.quantity)
          out.timestamp(microsecondsSince2000: line.invoicedAt.microsecondsSince2000)
          out.int32(line.invoicedAt.dateKey)
          do {
            try out.numeric(line.unitPrice)
          } catch {
            throw InputError(.corrupt, file: path, "line \(record.lineNumber): unit price '\(line.unitPrice)' is not a plain decimal")
          }
          out.text(line.customerID)
          out.text(line.country)
        }
        try out.endRow()
      }
    }
    // The hashes of the lines that may repeat an earlier one, for the duplicate search.
    var candidatesListed = false
    if deduplicate && !repeated.overflowed {
      // Unlogged, not temporary, so that the duplicate search can read it in a parallel plan.
      try db.execute("create unlogged table staging.stg_candidate (line_hash bigint not null)")
      try db.copyIn("copy staging.stg_candidate (line_hash) from stdin") { out in
        for hash in repeated.candidates {
          out.field(Int(hash))
          try out.endRow()
        }
      }
      candidatesListed = true
    }
    if deduplicate {
      logger.debug(
        "Duplicate candidates",
        metadata: [
          "filter.mib": "\(filter.bitCount >> 23)",
          "candidates": candidatesListed ? "\(repeated.candidates.count)" : "list given up past \(candidateCapacity)",
        ])
    }
    // The lines' product and customer groups, duplicates included (the transform takes those out).
    if !summary.products.overflowed || !summary.customers.overflowed {
      try db.execute(
        """
        create temp table stg_group (
          product_group boolean not null, route text, category text, stock_code text, description text,
          customer_id text, country text, lines bigint not null, first_at timestamp not null,
          last_at timestamp not null
        ) on commit drop
        """)
      try db.copyInBinary(
        "copy stg_group (product_group, route, category, stock_code, description, customer_id, country, lines, first_at, last_at) from stdin (format binary)",
        columns: 10
      ) { out in
        try summary.forEach { group in
          out.bool(group.kind == .product)
          for field in [group.route, group.category, group.stockCode, group.description, group.customerID, group.country] {
            if let field { out.text(bytes: field) } else { out.null() }
          }
          out.int64(Int(group.lines))
          out.timestamp(microsecondsSince2000: group.firstAt)
          out.timestamp(microsecondsSince2000: group.lastAt)
          try out.endRow()
        }
      }
    }
    return Staged(
      rows: rows, notes: notes(), countryColumn: countryColumn,
      digest: input?.contentDigest.map { ($0.sha256, $0.bytes) }, candidatesListed: candidatesListed,
      productGroupsListed: !summary.products.overflowed, customerGroupsListed: !summary.customers.overflowed,
      saleLines: saleLines)
  }

  /// About how many bytes of content `path` holds, rather more than fewer: a file's size, eight times
  /// that for gzip (whose trailer gives the size modulo 4 GiB only); for a directory (three-file
  /// layout), the sum over its files.
  static func contentBytesEstimate(path: String) -> Int {
    func estimate(_ file: String) -> Int {
      guard let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int else { return 0 }
      return ByteSource.isGzip(path: file) ? size * 8 : size
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return 0 }
    guard isDirectory.boolValue else { return estimate(path) }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.reduce(0) { $0 + estimate((path as NSString).appendingPathComponent($1)) }
  }

  /// Calls `body` with the bytes of `rawText(raw)`: the raw bytes themselves when they are ASCII.
  @inline(__always)
  static func withRawText<R>(_ raw: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    raw.withUnsafeBufferPointer { bytes in
      if TextDecoding.isASCII(bytes) && !bytes.contains(0) { return body(bytes) }
      var text = rawText(raw)
      return text.withUTF8(body)
    }
  }

  /// The raw line as text: UTF-8 when valid, else Latin-1; NUL bytes (which PostgreSQL text
  /// cannot hold) shown as U+FFFD.
  static func rawText(_ raw: [UInt8]) -> String {
    let text = TextDecoding.decode(raw)
    return raw.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
  }

  // MARK: - Set-based transform

  /// Where a load wrote its sales: `partition` (a new partition of its own) or the shared partition.
  private struct SalesWritten {
    var partition: String?
    var rows: Int
  }

  private func transform(batchID: Int, staged: Staged, replacing replacedID: Int?) throws -> SalesWritten {
    let countryColumn = staged.countryColumn, candidatesListed = staged.candidatesListed
    let ownPartition = staged.saleLines >= ownPartitionMinimum
    var salesWritten = SalesWritten(partition: nil, rows: 0)
    if !ownPartition { try ensureSharedSalesPartition() }
    // The hashes that occur more than once: listed while staging, or (when that list grew too
    // long) found by grouping all of them.
    let repeatedHashes =
      candidatesListed
      ? "select line_hash from staging.stg_candidate"
      : "select line_hash from staging.stg_line where $1 and route <> 'reject' group by line_hash having count(*) > 1"
    // The dimensions' groups of lines: added up from the client's (less the duplicates, which it
    // counted), or, for a kind of group it gave up, aggregated over the staged lines.
    let productSummary =
      staged.productGroupsListed
      ? """
        select true as product_group, stock_code, description, route, null::text as customer_id, country,
          min(category) as category, sum(lines)::bigint as lines, min(first_at) as first_at, max(last_at) as last_at
        from (
          select stock_code, description, route, country, category, lines, first_at, last_at
          from stg_group where product_group
          union all
          select stock_code, description, route, country, category, -count(*), null, null
          from stg_duplicate group by stock_code, description, route, country, category
        ) g
        group by stock_code, description, country, route
        """
      : """
        select true as product_group, stock_code, description, route, null::text as customer_id, country,
          min(category) as category, count(*) as lines, min(invoiced_at) as first_at, max(invoiced_at) as last_at
        from staging.stg_line where route <> 'reject'
        group by stock_code, description, country, route
        """
    let customerSummary =
      staged.customerGroupsListed
      ? """
        select false, null, null, null, customer_id, country, null, sum(lines)::bigint, min(first_at), max(last_at)
        from (
          select customer_id, country, lines, first_at, last_at from stg_group where not product_group
          union all
          select customer_id, country, -count(*), null, null from stg_duplicate group by customer_id, country
        ) g
        group by customer_id, country
        """
      : """
        select false, null, null, null, customer_id, country, null, count(*), min(invoiced_at), max(invoiced_at)
        from staging.stg_line where route <> 'reject'
        group by customer_id, country
        """
    let steps: [(String, String, [any PostgresBindable])] = [
      (
        "rejects found while parsing",
        """
        insert into etl.reject (batch_id, line_no, reason, field, detail, raw_line)
        select $1, line_no, rule, field, detail, raw_line from staging.stg_line where route = 'reject'
        """, [batchID]
      ),
      (
        // Only the lines whose hash (computed while staging) may occur more than once are sorted
        // and compared. Lines are the same when their 64-bit hashes and every value cleaned from
        // them are equal (the text of the first of them is not staged): different lines would need
        // a hash collision among lines with the same values. The ctid lets a later step find the
        // duplicates without a scan.
        "exact duplicate lines",
        """
        create temp table stg_duplicate on commit drop as
        select line_no, first_line, raw_line, part, row_id, route, category, stock_code, description, customer_id,
          country
        from (
          select s.line_no, s.raw_line, s.tableoid as part, s.ctid as row_id, s.route, s.category, s.stock_code,
            s.description, s.customer_id, s.country,
            first_value(s.line_no) over (
              partition by s.line_hash, s.route, s.invoice_no, s.stock_code, s.description, s.quantity,
                s.invoiced_at, s.unit_price, s.customer_id, s.country
              order by s.line_no) as first_line
          from staging.stg_line s
          where $1 and s.route <> 'reject' and s.line_hash in (\(repeatedHashes))
        ) d
        where line_no <> first_line
        """, [source.deduplicate]
      ),
      (
        "record duplicates",
        """
        insert into etl.reject (batch_id, line_no, reason, field, detail, raw_line)
        select $1, line_no, 'duplicate', null, 'exact duplicate of line ' || first_line, raw_line
        from stg_duplicate
        """, [batchID]
      ),
      (
        // From here on staging.stg_line holds no duplicates.
        "remove duplicates from staging",
        // A ctid names a row within its partition: each partition is given its own.
        """
        with sale as (
          delete from staging.stg_line_sale
          where ctid = any(array(select row_id from stg_duplicate where part = 'staging.stg_line_sale'::regclass))
          returning 1
        ), other as (
          delete from staging.stg_line_other
          where ctid = any(array(select row_id from stg_duplicate where part = 'staging.stg_line_other'::regclass))
          returning 1
        )
        select (select count(*) from sale) + (select count(*) from other) as rows_affected
        """, []
      ),
      (
        // Row counts and join-key statistics for the plans below (run with a small sample, see the loop).
        "analyze staging",
        "analyze staging.stg_line (route, country, customer_id, stock_code, description)", []
      ),
      (
        // What the dimensions need: lines per product, description, country and route, and per
        // customer and country, with their first and last timestamps. Grouping by country lets the
        // lines of an unknown country be left out once the countries are resolved. Usually the groups
        // were summed while staging (`stg_group`, duplicates still counted, so they are taken out
        // here); a kind with too many groups is a hash aggregation over the staged lines. (Not one
        // GROUPING SETS query: PostgreSQL sorts for those when it expects many groups, and on a
        // 5M-line file that sort spilled 430 MB to disk and took 16 s instead of 6 s; see the loop
        // for enable_sort.)
        "line summary",
        "create unlogged table staging.stg_summary as \(productSummary) union all \(customerSummary)", []
      ),
      (
        "resolve countries",
        """
        create unlogged table staging.stg_country as
        select c.country, a.country_key, c.lines
        from (select country, sum(lines) as lines from staging.stg_summary where not product_group group by country) c
        left join core.country_alias a on a.alias = lower(c.country)
        """, []
      ),
      (
        "reject unknown countries",
        """
        insert into etl.reject (batch_id, line_no, reason, field, detail, raw_line)
        select $1, s.line_no, 'unknown_country', $2,
          $2 || ' ''' || s.country || ''' is not a known country or alias (add it to core.country_alias)', s.raw_line
        from staging.stg_line s join staging.stg_country c using (country)
        where c.country_key is null and s.route <> 'reject'
        """, [batchID, countryColumn]
      ),
      (
        "dim_date",
        """
        insert into core.dim_date (date_key, calendar_date, year, quarter, month, month_name, year_month,
          iso_year, iso_week, day_of_month, day_of_week, day_name, is_weekend)
        select to_char(d, 'YYYYMMDD')::integer, d::date, extract(year from d), extract(quarter from d),
          extract(month from d), to_char(d, 'FMMonth'), to_char(d, 'YYYY-MM'), extract(isoyear from d),
          extract(week from d), extract(day from d), extract(isodow from d), to_char(d, 'FMDay'),
          extract(isodow from d) in (6, 7)
        from (
          select min(s.first_at) lo, max(s.last_at) hi from staging.stg_summary s join staging.stg_country c using (country)
          where not s.product_group and c.country_key is not null
        ) r,
          generate_series(date_trunc('year', r.lo), date_trunc('year', r.hi) + interval '1 year - 1 day',
            interval '1 day') d
        on conflict (date_key) do nothing
        """, []
      ),
      (
        "dim_product",
        """
        insert into core.dim_product (stock_code, category)
        select s.stock_code, min(s.category) from staging.stg_summary s join staging.stg_country c using (country)
        where s.product_group and c.country_key is not null
        group by s.stock_code order by s.stock_code
        on conflict (stock_code) do nothing
        """, []
      ),
      (
        "description votes",
        """
        insert into core.product_description_usage (batch_id, product_key, description, sales_lines, other_lines)
        select $1, p.product_key, s.description,
          coalesce(sum(s.lines) filter (where s.route <> 'adjustment'), 0),
          coalesce(sum(s.lines) filter (where s.route = 'adjustment'), 0)
        from staging.stg_summary s join staging.stg_country c using (country) join core.dim_product p using (stock_code)
        where s.product_group and c.country_key is not null and s.description is not null
        group by p.product_key, s.description
        """, [batchID]
      ),
      (
        "canonical descriptions",
        """
        update core.dim_product p set description = c.description
        from (
          select distinct on (u.product_key) u.product_key, u.description
          from core.product_description_usage u
          where u.product_key in (select product_key from core.product_description_usage where batch_id = $1)
          group by u.product_key, u.description
          order by u.product_key, sum(u.sales_lines) desc, sum(u.other_lines) desc, u.description
        ) c
        where p.product_key = c.product_key and p.description is distinct from c.description
        """, [batchID]
      ),
      (
        // A customer seen in one country has one run, read off the summary; only the lines of the
        // customers seen in several countries are ordered to find where the country changes.
        "customer country runs",
        """
        create temp table stg_customer_run on commit drop as
        with customer as materialized (
          select s.customer_id, min(c.country_key) as country_key, max(c.country_key) as max_key,
            min(s.first_at) as first_at
          from staging.stg_summary s join staging.stg_country c using (country)
          where not s.product_group and s.customer_id is not null and c.country_key is not null
          group by s.customer_id
        ), lines as (
          -- The same customers as `customer` where country_key <> max_key, but not read from the CTE:
          -- PostgreSQL scans a CTE in the leader only, and the lines in parallel only without one.
          select s.customer_id, c.country_key, s.invoiced_at, s.line_no
          from staging.stg_line s join staging.stg_country c using (country)
          where s.route <> 'reject' and c.country_key is not null
            and s.customer_id in (
              select m.customer_id from staging.stg_summary m join staging.stg_country mc using (country)
              where not m.product_group and m.customer_id is not null and mc.country_key is not null
              group by m.customer_id having min(mc.country_key) <> max(mc.country_key)
            )
        ), marked as (
          select *, case when country_key is distinct from lag(country_key) over w then 1 else 0 end as changed
          from lines window w as (partition by customer_id order by invoiced_at, line_no)
        ), runs as (
          select *, sum(changed) over (partition by customer_id order by invoiced_at, line_no) as run_no from marked
        )
        select customer_id, 1::bigint as run_no, country_key, first_at as valid_from
        from customer where country_key = max_key
        union all
        select customer_id, run_no, min(country_key), min(invoiced_at) from runs group by customer_id, run_no
        """, []
      ),
      (
        // valid_to and is_current as they follow from the new versions alone: the final values for a
        // new customer, so the next step only has to correct customers with older versions.
        "dim_customer versions",
        """
        insert into core.dim_customer (customer_id, country_key, valid_from, valid_to, is_current)
        select customer_id, country_key, valid_from, lead(valid_from) over w, lead(valid_from) over w is null
        from (
          select r.customer_id, r.country_key, r.run_no,
            case when v.customer_key is null and r.run_no = 1 then '-infinity'::timestamp else r.valid_from end
              as valid_from
          from stg_customer_run r
          -- The version in effect when the run starts: a new version is needed only when the
          -- country differs from it (this also makes a --force reload add nothing).
          left join lateral (
            select d.customer_key, d.country_key from core.dim_customer d
            where d.customer_id = r.customer_id and d.valid_from <= r.valid_from
            order by d.valid_from desc limit 1
          ) v on true
          where v.customer_key is null or v.country_key is distinct from r.country_key
        ) n
        window w as (partition by customer_id order by run_no)
        order by customer_id, run_no
        on conflict (customer_id, valid_from) do nothing
        """, []
      ),
      (
        "dim_customer validity",
        """
        update core.dim_customer d set valid_to = v.next_from, is_current = v.next_from is null
        from (
          select customer_key, lead(valid_from) over (partition by customer_id order by valid_from) as next_from
          from core.dim_customer
          where customer_id in (select distinct customer_id from stg_customer_run)
        ) v
        where d.customer_key = v.customer_key
          and (d.valid_to is distinct from v.next_from or d.is_current <> (v.next_from is null))
        """, []
      ),
      (
        // Without statistics on customer_id (new rows) the planner sorts all the lines for a merge
        // join instead of hashing the customers.
        "analyze dim_customer",
        "analyze core.dim_customer (customer_id)", []
      ),
      (
        // A large batch: a new table (see `attachSalesPartition`), in the file's order (the parallel
        // workers' parts are merged), so that the primary key and the date index sort input already
        // in order, which takes a tenth of the attachment's time off, more than the sort costs here;
        // and a date range of the sales lies on few pages. A small batch: inserted into the shared
        // partition.
        "fact_sales",
        """
        \(ownPartition
          ? "create table \(Self.salesPartition(batchID)) as"
          : "insert into core.fact_sales (batch_id, line_no, invoice_no, date_key, invoiced_at, customer_key, product_key, country_key, quantity, unit_price, revenue)")
        select \(batchID)::bigint as batch_id, s.line_no, s.invoice_no, s.date_key, s.invoiced_at,
          coalesce(d.customer_key, 0) as customer_key, p.product_key, c.country_key, s.quantity, s.unit_price,
          s.quantity * s.unit_price as revenue
        from staging.stg_line s
        join staging.stg_country c using (country)
        join core.dim_product p using (stock_code)
        left join core.dim_customer d on d.customer_id = s.customer_id
          and s.invoiced_at >= d.valid_from and (d.valid_to is null or s.invoiced_at < d.valid_to)
        where s.route = 'sale' and c.country_key is not null
        order by s.line_no
        """, []
      ),
      (
        // Returns and adjustments are few: one pass over the lines picks them out for both inserts.
        "returns and adjustments to load",
        """
        create temp table stg_other on commit drop as
        select s.route, s.line_no, s.rule, s.invoice_no, s.date_key, s.invoiced_at,
          coalesce(d.customer_key, 0) as customer_key, p.product_key, c.country_key, s.quantity, s.unit_price,
          s.description
        from staging.stg_line s
        join staging.stg_country c using (country)
        join core.dim_product p using (stock_code)
        left join core.dim_customer d on d.customer_id = s.customer_id
          and s.invoiced_at >= d.valid_from and (d.valid_to is null or s.invoiced_at < d.valid_to)
        where s.route in ('return', 'adjustment') and c.country_key is not null
        """, []
      ),
      (
        "fact_returns",
        """
        insert into core.fact_returns (batch_id, line_no, invoice_no, date_key, invoiced_at, customer_key,
          product_key, country_key, quantity, unit_price, amount)
        select $1, line_no, invoice_no, date_key, invoiced_at, customer_key, product_key, country_key,
          abs(quantity), unit_price, abs(quantity) * unit_price
        from stg_other where route = 'return'
        """, [batchID]
      ),
      (
        "adjustments",
        """
        insert into core.adjustment (batch_id, line_no, rule, invoice_no, date_key, invoiced_at, product_key,
          customer_key, country_key, quantity, unit_price, amount, description)
        select $1, line_no, rule, invoice_no, date_key, invoiced_at, product_key, customer_key, country_key,
          quantity, unit_price, quantity * unit_price, description
        from stg_other where route = 'adjustment'
        """, [batchID]
      ),
    ]
    // Planner settings for single steps, set before the step and reset after it.
    let localSettings: [String: [(String, String)]] = [
      // A sample of 3,000 rows instead of 30,000: enough for these plans, at a tenth of the time.
      "analyze staging": [("default_statistics_target", "10")],
      // Hash aggregation streams over the lines (and spills gracefully); a sort of every staged
      // line by its text keys is what made this step superlinear on large files.
      "line summary": [("enable_sort", "off")],
      // Grouping every line's hash (no candidate list): nearly every group has one line, so a hash
      // aggregation spills them all (20M lines: 20.7 s), where sorting the hashes takes 9.5 s.
      "exact duplicate lines": candidatesListed ? [] : [("enable_hashagg", "off")],
    ]
    for (name, sql, parameters) in steps {
      let started = Date()
      let settings = localSettings[name] ?? []
      // Names and values come from the fixed table above, never from input.
      for (setting, value) in settings { try db.execute("set local \(setting) = \(value)") }
      let result = try db.execute(sql, parameters)
      for (setting, _) in settings { try db.execute("set local \(setting) to default") }
      if name == "fact_sales" {
        if ownPartition {
          try attachSalesPartition(batchID: batchID, replacing: replacedID)
        } else if let replacedID {
          try removeSales(of: replacedID)
        }
        salesWritten = SalesWritten(partition: ownPartition ? Self.salesPartition(batchID) : nil, rows: result.affectedRows)
      }
      // A step that is a query (a data-modifying WITH) reports its rows in a rows_affected column.
      let rows = result.columns.contains("rows_affected") ? try result.first?.decode(Int.self, "rows_affected") : nil
      logger.debug(
        "Transform step",
        metadata: [
          "step": "\(name)", "rows": "\(rows ?? result.affectedRows)",
          "duration.ms": "\(Int(Date().timeIntervalSince(started) * 1000))",
        ])
    }
    return salesWritten
  }

  /// The load's working tables in schema `staging` (unlogged, created in the load transaction, so a
  /// failed load takes them with it): dropped before the load commits.
  private func dropStaging(candidatesListed: Bool) throws {
    let tables = ["staging.stg_line", "staging.stg_summary", "staging.stg_country"] + (candidatesListed ? ["staging.stg_candidate"] : [])
    try db.execute("drop table \(tables.joined(separator: ", "))")
  }

  /// The batch's partition of `core.fact_sales` (see 0010_fact_sales_by_batch.sql), for a batch of
  /// at least `ownPartitionMinimum` sales lines.
  static func salesPartition(_ batchID: Int) -> String { "core_batch.fact_sales_\(batchID)" }

  /// The partition that holds the sales of the smaller batches: the table's default partition.
  static let sharedSalesPartition = "core_batch.fact_sales_small"

  /// Creates the shared partition when a first small batch needs it. It is made as a table and then
  /// attached, which (unlike `create table ... partition of`) lets readers of `core.fact_sales` read on.
  ///
  /// While it exists, attaching a large batch's partition also scans it (for rows of that batch,
  /// of which there can be none) and locks it until the load commits: readers of the whole table
  /// wait for the end of a large load, as they do for a `--force`. A warehouse that never loads a
  /// small batch has no shared partition.
  private func ensureSharedSalesPartition() throws {
    let partition = Self.sharedSalesPartition
    guard try db.scalar(Bool.self, "select to_regclass($1) is null", [partition]) ?? false else { return }
    try db.execute("create table \(partition) (like core.fact_sales including defaults including constraints)")
    try db.execute("alter table core.fact_sales attach partition \(partition) default")
    try db.execute(
      """
      comment on table \(partition) is 'The sales of the batches of fewer than \(ownPartitionMinimum) sales lines (a larger batch has a partition of its own).'
      """)
  }

  /// Makes the batch's sales, written by the `fact_sales` step into a table of their own, the
  /// batch's partition of `core.fact_sales`.
  ///
  /// The table was created in the load transaction, so under wal_level = minimal it was filled
  /// without WAL (its file is synced at commit instead), by a parallel plan, and with no index to
  /// maintain. It is given the table's NOT NULL and CHECK constraints (one scan checks them all, and
  /// the CHECK on batch_id spares the attachment another) and its share of the primary key and
  /// indexes (UCI file: 0.14 s and 0.59 s), then attached, which finds them made.
  ///
  /// The indexes are built before the attachment because, while the shared partition exists,
  /// attaching locks it until the load commits: readers of the whole table wait from there on. (An
  /// index of the table that the definitions below do not cover is built by the attachment.) With
  /// `--force`, the replaced batch's sales are removed just before the attachment.
  private func attachSalesPartition(batchID: Int, replacing replacedID: Int?) throws {
    let partition = Self.salesPartition(batchID)
    var constraints = try db.execute(
      "select conname, pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = 'core.fact_sales'::regclass and contype = 'c'"
    ).all.map { "add constraint \(quoteIdentifier(try $0.decode(String.self, "conname"))) \(try $0.decode(String.self, "definition"))" }
    constraints += try db.execute(
      """
      select attname from pg_attribute
      where attrelid = 'core.fact_sales'::regclass and attnum > 0 and not attisdropped and attnotnull order by attnum
      """
    ).all.map { "alter column \(quoteIdentifier(try $0.decode(String.self, "attname"))) set not null" }
    constraints.append("add check (batch_id = \(batchID))")
    try db.execute("alter table \(partition) \(constraints.joined(separator: ", "))")
    let indexes = try db.execute(
      """
      select pg_get_indexdef(i.indexrelid) as definition, pg_get_constraintdef(c.oid) as constraint_definition
      from pg_index i left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
      where i.indrelid = 'core.fact_sales'::regclass order by i.indexrelid
      """)
    for index in indexes.all {
      if let constraint = try index.decode(String?.self, "constraint_definition") {
        // PRIMARY KEY (...) or UNIQUE (...): the attachment matches an index of the parent's
        // constraint only with a constraint of the partition's.
        try db.execute("alter table \(partition) add \(constraint)")
      } else if let match = try index.decode(String.self, "definition").firstMatch(of: Self.parentIndexDefinition) {
        // Unnamed: PostgreSQL names it as the attachment would have.
        try db.execute("create \(match.output.1 ?? "")index on \(partition) \(match.output.2)")
      }
    }
    // Before the attachment, which locks the shared partition: a reader that has locked
    // `core.fact_sales` and waits for the shared partition would otherwise deadlock with the drop,
    // which waits for that reader's lock of `core.fact_sales`.
    if let replacedID { try removeSales(of: replacedID) }
    try db.execute("alter table core.fact_sales attach partition \(partition) for values in (\(batchID))")
  }

  /// `CREATE [UNIQUE ]INDEX name ON ONLY core.fact_sales <the rest>`, as `pg_get_indexdef` gives
  /// an index of the partitioned table.
  nonisolated(unsafe) static let parentIndexDefinition = /^CREATE (UNIQUE )?INDEX \S+ ON ONLY core\.fact_sales (USING .*)$/

  /// Removes the sales of a batch that `--force` replaces, once the new ones are written: its
  /// partition, or its rows of the shared one. Dropping a partition locks out every reader of
  /// `core.fact_sales` until the load commits, so it comes as late as it can.
  private func removeSales(of batchID: Int) throws {
    let partition = Self.salesPartition(batchID)
    if try db.scalar(Bool.self, "select to_regclass($1) is not null", [partition]) ?? false {
      try db.execute("drop table \(partition)")
    } else {
      try db.execute("delete from core.fact_sales where batch_id = $1", [batchID])
    }
  }

  /// Statistics for the stages that read the sales next (insights, RFM, CLV): the whole table's
  /// when it has never had any or has grown by a quarter since (a first load, a large batch, or many
  /// small ones since the last time), else the batch's own partition's, if it has one. The shared
  /// partition is an ordinary table to autovacuum, which analyzes it as it grows; autovacuum never
  /// analyzes a partitioned table, and ANALYZE of one samples every partition again.
  private func analyzeSales(_ written: SalesWritten) throws {
    let ownPartition = written.partition
    // reltuples: the rows when last analyzed (or, for a new partition, when its indexes were
    // built, so it already counts the batch's rows), -1 if never.
    let whole =
      try db.scalar(
        Bool.self,
        """
        select t.reltuples < 0 or $2 + (
          select coalesce(sum(c.reltuples), 0) from pg_inherits i join pg_class c on c.oid = i.inhrelid
          where i.inhparent = t.oid and c.oid is distinct from $1::regclass and c.reltuples > 0
        ) > t.reltuples * 1.25
        from pg_class t where t.oid = 'core.fact_sales'::regclass
        """, [ownPartition, written.rows]) ?? true
    if whole {
      try db.execute("analyze core.fact_sales")
    } else if let ownPartition {
      try db.execute("analyze \(ownPartition)")
    }
  }

  /// Sets the batch's counts from the rows its tables actually hold (the CHECK constraint
  /// `batch_reconciles` refuses the commit if they do not add up) and records rule counts.
  private func finishCounts(batchID: Int, inputRows: Int, notes: [String: Int], durationMs: Int) throws {
    // One scan of the batch's sales counts them and the guest sales; the few non-merchandise
    // products' sales are found through the product index.
    guard
      let sales = try db.execute(
        """
        with sales as (
          select count(*) as all_rows, count(*) filter (where customer_key = 0) as guest,
            (
              select count(*) from core.fact_sales where batch_id = $1
                and product_key = any (array(select product_key from core.dim_product where not is_merchandise))
            ) as non_merchandise
          from core.fact_sales where batch_id = $1
        )
        update etl.batch set
          input_rows = $2,
          sales_rows = sales.all_rows,
          return_rows = (select count(*) from core.fact_returns where batch_id = $1),
          adjustment_rows = (select count(*) from core.adjustment where batch_id = $1),
          rejected_rows = (select count(*) from etl.reject where batch_id = $1 and reason <> 'duplicate'),
          duplicate_rows = (select count(*) from etl.reject where batch_id = $1 and reason = 'duplicate'),
          load_ms = $3
        from sales
        where batch_id = $1
        returning sales.guest, sales.non_merchandise
        """, [batchID, inputRows, durationMs]
      ).first
    else { throw WarehouseError.invariant("batch \(batchID) vanished") }
    try db.execute(
      """
      insert into etl.batch_rule (batch_id, rule, rows)
      select $1, rule, n from (
        select reason as rule, count(*) as n from etl.reject where batch_id = $1 group by reason
        union all
        select rule, count(*) from core.adjustment where batch_id = $1 group by rule
        union all
        select 'cancellation', count(*) from core.fact_returns where batch_id = $1
        union all
        select 'guest_sale', $2::bigint
        union all
        select 'non_merchandise_sale', $3::bigint
        union all
        select 'country_alias', coalesce(sum(s.lines), 0)::bigint from staging.stg_country s join core.dim_country c using (country_key)
        where s.country <> c.country_name
        union all
        select 'description_variant', coalesce(sum(u.sales_lines + u.other_lines), 0)
        from core.product_description_usage u join core.dim_product p using (product_key)
        where u.batch_id = $1 and u.description <> p.description
      ) r where n > 0
      """, [batchID, try sales.decode(Int.self, "guest"), try sales.decode(Int.self, "non_merchandise")])
    for (rule, rows) in notes where rows > 0 {
      try db.execute("insert into etl.batch_rule (batch_id, rule, rows) values ($1, $2, $3)", [batchID, rule, rows])
    }
  }

  /// The batch's report as recorded in the warehouse.
  static func report(_ db: Connection, batchID: Int, file: String) throws -> BatchReport {
    guard
      let row = try db.execute(
        """
        select sha256, input_rows, sales_rows, return_rows, adjustment_rows, rejected_rows, duplicate_rows,
          coalesce(load_ms, 0) as load_ms
        from etl.batch where batch_id = $1
        """, [batchID]
      ).first
    else { throw WarehouseError.invariant("batch \(batchID) vanished") }
    var rules: [String: Int] = [:]
    for r in try db.execute("select rule, rows from etl.batch_rule where batch_id = $1", [batchID]).all {
      rules[try r.decode(String.self, "rule")] = try r.decode(Int.self, "rows")
    }
    return BatchReport(
      file: file, sha256: try row.decode(String.self, "sha256"), outcome: .loaded, batchID: batchID,
      inputRows: try row.decode(Int.self, "input_rows"), salesRows: try row.decode(Int.self, "sales_rows"),
      returnRows: try row.decode(Int.self, "return_rows"), adjustmentRows: try row.decode(Int.self, "adjustment_rows"),
      rejectedRows: try row.decode(Int.self, "rejected_rows"), duplicateRows: try row.decode(Int.self, "duplicate_rows"),
      durationMs: try row.decode(Int.self, "load_ms"), rules: rules)
  }
}

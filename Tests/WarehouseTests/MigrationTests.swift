import Foundation
import PostgresClient
import TestSupport
import Testing
import Warehouse

@Suite(.enabled(if: TestDatabase.isConfigured, Comment(rawValue: TestDatabase.skipReason)))
struct MigrationTests {
  @Test func initIsIdempotent() throws {
    try TestDatabase.with(migrated: false) { db, _ in
      let shipped = Migrator.bundled()
      #expect(shipped.count >= 4)
      let first = try Migrator().migrate(db, logger: TestDatabase.logger)
      #expect(first == shipped.map(\.version))
      let second = try Migrator().migrate(db, logger: TestDatabase.logger)
      #expect(second.isEmpty)
      #expect(try Migrator.appliedVersions(db) == shipped.map(\.version))
      for schema in ["etl", "staging", "core", "analytics", "mart"] {
        #expect(try db.scalar(Bool.self, "select exists (select 1 from pg_namespace where nspname = $1)", [schema]) == true)
      }
      // The unknown customer member and the country reference are seeded once.
      #expect(try db.scalar(Int.self, "select count(*) from core.dim_customer where customer_key = 0 and is_guest") == 1)
      #expect(try db.scalar(Int.self, "select count(*) from core.dim_country") == 252)
    }
  }

  @Test func aFailingMigrationLeavesNoTrace() throws {
    try TestDatabase.with(migrated: false) { db, _ in
      let broken = Migrator(migrations: Migrator.bundled() + [Migration(version: "9999", name: "broken", sql: "create table core.half (a int); select 1/0;")])
      #expect(throws: PostgresError.self) { try broken.migrate(db, logger: TestDatabase.logger) }
      let halfTableGone = try db.scalar(Bool.self, "select to_regclass('core.half') is null")
      let applied = try Migrator.appliedVersions(db)
      #expect(halfTableGone == true)
      #expect(!applied.contains("9999"))
      #expect(applied.count == Migrator.bundled().count)
    }
  }

  /// 0010 turns core.fact_sales into a table partitioned by batch on a warehouse that holds data:
  /// the rows move into one partition per batch, and every view built on the table (the
  /// warehouse's and a user's own) comes back as it was, with its comments, indexes, privileges and
  /// data.
  @Test func partitioningTheSalesKeepsRowsAndEveryViewOnThem() throws {
    let reader = "b360_test_reader_\(UInt32.random(in: 0...UInt32.max))"
    let admin = try Connection(try #require(TestDatabase.adminConninfo))
    try admin.execute("create role \(reader)")
    defer {
      _ = try? admin.execute("drop role if exists \(reader)")
      admin.close()
    }
    try TestDatabase.with(migrated: false) { db, _ in
      let before = Migrator(migrations: Migrator.bundled().filter { $0.version < "0010" })
      try before.migrate(db, logger: TestDatabase.logger)
      try db.executeScript(
        """
        insert into core.dim_product (stock_code, category) values ('A1', 'merchandise'), ('B2', 'merchandise'), ('POST', 'postage');
        insert into core.fact_sales (batch_id, line_no, invoice_no, date_key, invoiced_at, customer_key, product_key,
          country_key, quantity, unit_price, revenue)
        select b, n, b || '-' || (n / 3), to_char(t, 'YYYYMMDD')::int, t, 0, 1 + n % 3, 1, 1 + n % 7, 2.50,
          (1 + n % 7) * 2.50
        from generate_series(3, 7, 4) b, generate_series(2, 3001) n,
          lateral (select '2010-12-01'::timestamp + (b * 5000 + n) * interval '37 minutes' as t) x;
        create index fact_sales_invoice on core.fact_sales (invoice_no);
        create view public.big_orders as
          select invoice_no, order_value from core.fact_order where order_value > 20;
        comment on view public.big_orders is 'Orders over 20.';
        create materialized view public.daily_revenue as
          select invoiced_at::date as day, sum(revenue) as revenue from core.fact_sales group by 1;
        comment on column public.daily_revenue.revenue is 'Sales revenue of the day.';
        create unique index daily_revenue_day on public.daily_revenue (day);
        grant select on public.big_orders, public.daily_revenue to \(reader);
        refresh materialized view analytics.order_summary;
        refresh materialized view analytics.product_sales;
        """)
      let views = [
        "core.fact_order", "public.big_orders", "public.daily_revenue", "analytics.order_summary", "analytics.product_sales",
      ]
      func contents() throws -> [String?] {
        try views.map { try db.scalar(String.self, "select md5(string_agg(t::text, ',' order by t::text)) from \($0) t") }
      }
      let sales = "select count(*)::text || ' ' || sum(revenue)::text from core.fact_sales"
      let rowsBefore = try db.scalar(String.self, sales)
      let contentsBefore = try contents()
      #expect(contentsBefore.allSatisfy { $0 != nil })

      #expect(try Migrator().migrate(db, logger: TestDatabase.logger).contains("0010"))

      #expect(try db.scalar(String.self, "select relkind::text from pg_class where oid = 'core.fact_sales'::regclass") == "p")
      #expect(
        try db.execute("select inhrelid::regclass::text from pg_inherits where inhparent = 'core.fact_sales'::regclass order by 1").rows
          == [["core_batch.fact_sales_3"], ["core_batch.fact_sales_7"]])
      #expect(try db.scalar(String.self, sales) == rowsBefore)
      #expect(try contents() == contentsBefore)
      #expect(try db.scalar(String.self, "select obj_description('public.big_orders'::regclass, 'pg_class')") == "Orders over 20.")
      #expect(try db.scalar(String.self, "select col_description('public.daily_revenue'::regclass, 2)") == "Sales revenue of the day.")
      #expect(try db.scalar(Bool.self, "select to_regclass('public.daily_revenue_day') is not null") == true)
      #expect(try db.scalar(Bool.self, "select has_table_privilege($1, 'public.daily_revenue', 'select')", [reader]) == true)
      #expect(try db.scalar(Bool.self, "select has_table_privilege($1, 'public.big_orders', 'select')", [reader]) == true)
      // Materialized views keep their state: refreshed if they held data, empty if they did not.
      #expect(try db.scalar(Bool.self, "select relispopulated from pg_class where oid = 'analytics.monthly_sales'::regclass") == false)
      #expect(try db.scalar(String.self, "select obj_description('analytics.order_summary'::regclass, 'pg_class')")?.hasPrefix("One row per sales invoice") == true)
      // The table's own keys, constraints, indexes and comments are those of 0004; the user's index
      // on it is there too (under a generated name).
      let indexes = Set(
        try db.execute("select indexdef from pg_indexes where schemaname = 'core' and tablename = 'fact_sales'").rows.compactMap {
          $0[0]?.replacing(#/^CREATE (UNIQUE )?INDEX \w+ ON ONLY core.fact_sales USING btree /#, with: "")
        })
      #expect(indexes == ["(batch_id, line_no)", "(customer_key)", "(date_key)", "(product_key)", "(invoice_no)"])
      #expect(
        Set(try db.execute("select indexname from pg_indexes where schemaname = 'core' and tablename = 'fact_sales'").rows.compactMap { $0[0] })
          .isSuperset(of: ["fact_sales_pkey", "fact_sales_customer", "fact_sales_date", "fact_sales_product"]))
      #expect(
        Set(try db.execute("select conname from pg_constraint where conrelid = 'core.fact_sales'::regclass").rows.compactMap { $0[0] })
          == ["fact_sales_pkey", "fact_sales_quantity_check", "fact_sales_unit_price_check"])
      #expect(try db.scalar(String.self, "select col_description('core.fact_sales'::regclass, 11)") == "quantity * unit_price.")
      #expect(try db.scalar(Bool.self, "select reltuples > 0 from pg_class where oid = 'core.fact_sales'::regclass") == true)
      #expect(throws: PostgresError.self) {
        try db.execute("insert into core.fact_sales select * from core_batch.fact_sales_3 limit 1")
      }
    }
  }
}

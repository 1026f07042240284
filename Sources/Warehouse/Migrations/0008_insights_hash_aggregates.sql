-- 0008_insights_hash_aggregates.sql
-- Faster refresh of the sales-insight materialized views of 0006, with the same contents: every
-- re-created view keeps its columns (names, order, types), comment and meaning.
--
-- A distinct aggregate is always computed by sorting its input, and PostgreSQL cannot do it in
-- parallel; several views sorted every sales line for it, and some scanned core.fact_sales more
-- than once or when another view already had the figures:
--   monthly_sales    distinct invoices and customers are counted over one row per month, invoice
--                    and customer (a hash aggregation of the lines first), not over every line.
--   seasonality      one pass over the sales lines (revenue per day); the monthly totals are
--                    summed from the daily ones (numeric sums are exact, so they are the same).
--   product_sales    orders = lines of the product, less the lines that repeat it on the same
--                    invoice; only invoices with fewer distinct products than lines
--                    (analytics.order_summary) can have such lines. No distinct aggregate at all.
--                    It reads analytics.order_summary, so it must be refreshed after it, in the same
--                    snapshot (the insights stage refreshes every view in one transaction, in order).
--   product_sales_monthly  aggregated per month and product first, then joined to the products
--                    once (it joined every sales line to dim_product to keep merchandise only).
--   product_returns  sold quantity and value read from analytics.product_sales (the same sums
--                    per product) instead of another pass over the sales lines.
--   channel_share    customer grain from one row per customer: its members are those customers
--                    and its revenue their order value, without joining every order back and
--                    counting distinct customers.
-- order_summary, basket_monthly, country_sales and returns_monthly are unchanged. order_summary's
-- count(distinct product_key) stays: invoice and product pairs are nearly as many as the lines,
-- so a first aggregation on them is slower than the sort; returns_monthly reads the much smaller
-- core.fact_returns, where a first aggregation per invoice was slower too (measured; see the
-- commit message).
--
-- The six views are dropped without CASCADE: no other object of the warehouse depends on them,
-- so a view someone built on one of them makes this migration fail instead of vanishing with it.
-- Re-created WITH NO DATA as in 0006: they are empty (not scannable) until the next insights
-- refresh (`basket360 model insights` or `basket360 run`), which refreshes all of them.
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

drop materialized view analytics.product_returns;
drop materialized view analytics.product_sales;
drop materialized view analytics.monthly_sales;
drop materialized view analytics.seasonality;
drop materialized view analytics.product_sales_monthly;
drop materialized view analytics.channel_share;

create materialized view analytics.monthly_sales as
with invoices as (
  select date_trunc('month', invoiced_at)::date as month, invoice_no, customer_key, sum(revenue) as revenue,
    sum(quantity) as quantity
  from core.fact_sales group by 1, 2, 3
), months as (
  select month, sum(revenue) as revenue, sum(quantity)::bigint as quantity,
    count(distinct invoice_no) as orders,
    count(distinct customer_key) filter (where customer_key <> 0) as active_customers
  from invoices group by month
), refunds as (
  select date_trunc('month', invoiced_at)::date as month, sum(amount) as returns from core.fact_returns group by 1
)
select m.month, m.revenue, coalesce(r.returns, 0) as returns, m.revenue - coalesce(r.returns, 0) as net_revenue,
  m.quantity, m.orders, m.active_customers,
  round(m.revenue / m.orders, 2) as average_order_value,
  round(100 * (m.revenue / nullif(lag(m.revenue) over (order by m.month), 0) - 1), 2) as revenue_mom_pct,
  round(100 * (m.revenue / nullif((select p.revenue from months p where p.month = (m.month - interval '1 year')::date), 0) - 1), 2) as revenue_yoy_pct
from months m left join refunds r using (month)
with no data;
comment on materialized view analytics.monthly_sales is 'One row per calendar month: sales revenue, returns, net revenue, quantity, orders, active customers, average order value, month-over-month and year-over-year revenue change (percent; null without a previous period). Partial months (the first and last of the data) are included as they are.';

create materialized view analytics.seasonality as
with days as (
  select invoiced_at::date as day, sum(revenue) as revenue from core.fact_sales group by 1
), monthly as (
  select extract(month from day)::int as key, date_trunc('month', day::timestamp) as period, sum(revenue) as revenue
  from days group by 1, 2
), daily as (
  select extract(isodow from day)::int as key, day as period, revenue from days
)
select 'month_of_year' as dimension, key, avg(revenue) as average_revenue,
  round(avg(revenue) / (select avg(revenue) from monthly), 4) as index
from monthly group by key
union all
select 'day_of_week', key, avg(revenue), round(avg(revenue) / (select avg(revenue) from daily), 4)
from daily group by key
with no data;
comment on materialized view analytics.seasonality is 'Seasonality indices: average revenue per month of year (1-12) and per ISO day of week (1 = Monday; days with sales only) divided by the overall average; 1 = average.';

create materialized view analytics.product_sales as
with lines as (
  select f.product_key, sum(f.revenue) as revenue, sum(f.quantity) as quantity, count(*) as lines
  from core.fact_sales f group by f.product_key
), repeats as (
  select r.product_key, sum(r.lines - 1) as repeated_lines
  from (
    select f.product_key, f.invoice_no, count(*) as lines
    from core.fact_sales f
    where f.invoice_no in (select o.invoice_no from analytics.order_summary o where o.distinct_products < o.lines)
    group by f.product_key, f.invoice_no
  ) r
  where r.lines > 1
  group by r.product_key
), sold as (
  select l.product_key, l.revenue, l.quantity, l.lines - coalesce(r.repeated_lines, 0)::bigint as orders
  from lines l left join repeats r using (product_key)
)
select p.product_key, p.stock_code, p.description, p.category, p.is_merchandise, s.revenue, s.quantity, s.orders,
  round(s.revenue / sum(s.revenue) over (partition by p.is_merchandise), 6) as revenue_share,
  rank() over (partition by p.is_merchandise order by s.revenue desc) as revenue_rank
from sold s join core.dim_product p using (product_key)
with no data;
comment on materialized view analytics.product_sales is 'One row per product sold: revenue, quantity, orders, share of revenue and rank within its group (merchandise, or non-merchandise shown separately).';

create materialized view analytics.product_sales_monthly as
with sold as (
  select date_trunc('month', f.invoiced_at)::date as month, f.product_key, sum(f.revenue) as revenue,
    sum(f.quantity) as quantity
  from core.fact_sales f
  group by 1, 2
)
select s.month, s.product_key, p.stock_code, p.description, s.revenue, s.quantity,
  round(s.revenue / sum(s.revenue) over (partition by s.month), 6) as revenue_share,
  rank() over (partition by s.month order by s.revenue desc) as revenue_rank
from sold s join core.dim_product p using (product_key)
where p.is_merchandise
with no data;
comment on materialized view analytics.product_sales_monthly is 'One row per month and merchandise product sold: revenue, quantity, share of the month''s merchandise revenue and rank.';

create materialized view analytics.product_returns as
with sold as (
  select product_key, quantity as sold_quantity, revenue as sold_value from analytics.product_sales
), returned as (
  select product_key, sum(quantity) as returned_quantity, sum(amount) as returned_value, count(*) as return_lines
  from core.fact_returns group by 1
)
select p.product_key, p.stock_code, p.description, p.category,
  coalesce(s.sold_quantity, 0) as sold_quantity, coalesce(s.sold_value, 0) as sold_value,
  r.returned_quantity, r.returned_value, r.return_lines,
  round(r.returned_quantity::numeric / nullif(s.sold_quantity, 0), 4) as return_rate,
  coalesce(s.sold_quantity, 0) >= (select value from analytics.insight_setting where key = 'return_prone_min_quantity')
    as has_volume
from returned r join core.dim_product p using (product_key) left join sold s using (product_key)
with no data;
comment on materialized view analytics.product_returns is 'One row per product with returns: sold and returned quantity and value, return rate (returned / sold quantity), and whether it sold enough (insights.return_prone_min_quantity) for the rate to matter. The most return-prone products are those with has_volume ordered by return_rate.';

create materialized view analytics.channel_share as
with customers as (
  select customer_key, case when sum(order_value) filter (where channel = 'wholesale') > sum(order_value) / 2
    then 'wholesale' else 'retail' end as customer_channel, sum(order_value) as revenue
  from analytics.order_summary where customer_key <> 0 group by customer_key
)
select 'order' as grain, channel, count(*) as members, sum(order_value) as revenue,
  round(sum(order_value) / sum(sum(order_value)) over (), 6) as revenue_share
from analytics.order_summary group by channel
union all
select 'customer', customer_channel, count(*), sum(revenue),
  round(sum(revenue) / sum(sum(revenue)) over (), 6)
from customers group by customer_channel
with no data;
comment on materialized view analytics.channel_share is 'Retail vs wholesale: per grain (order, or customer classed by where most of their revenue is), the members, revenue and revenue share of each channel (customer grain excludes guests).';

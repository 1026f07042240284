-- Sales insights: materialized views in analytics, refreshed by the `insights` stage
-- (basket360 model insights / run). Thresholds come from config through analytics.insight_setting.

create table analytics.insight_setting (
  key text primary key,
  value numeric not null
);
comment on table analytics.insight_setting is 'One row per insight threshold, written from config/basket360.yml (insights:) by the insights stage.';
insert into analytics.insight_setting (key, value) values
  ('return_prone_min_quantity', 200),
  ('wholesale_line_quantity', 100),
  ('wholesale_order_value', 1000);

-- Orders with their retail/wholesale class.
create materialized view analytics.order_summary as
select
  f.invoice_no,
  min(f.invoiced_at) as invoiced_at,
  date_trunc('month', min(f.invoiced_at))::date as month,
  min(f.customer_key) as customer_key,
  min(f.country_key) as country_key,
  count(*) as lines,
  count(distinct f.product_key) as distinct_products,
  sum(f.quantity) as items,
  sum(f.revenue) as order_value,
  max(f.quantity) as max_line_quantity,
  case
    when max(f.quantity) >= (select value from analytics.insight_setting where key = 'wholesale_line_quantity')
      or sum(f.revenue) >= (select value from analytics.insight_setting where key = 'wholesale_order_value')
    then 'wholesale' else 'retail'
  end as channel
from core.fact_sales f
group by f.invoice_no
with no data;
comment on materialized view analytics.order_summary is 'One row per sales invoice: lines, distinct products, items, value, and channel (wholesale when a line reaches insights.wholesale_line_quantity units or the order reaches insights.wholesale_order_value).';

create materialized view analytics.monthly_sales as
with months as (
  select date_trunc('month', invoiced_at)::date as month, sum(revenue) as revenue, sum(quantity) as quantity,
    count(distinct invoice_no) as orders,
    count(distinct customer_key) filter (where customer_key <> 0) as active_customers
  from core.fact_sales group by 1
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
with monthly as (
  select extract(month from invoiced_at)::int as key, date_trunc('month', invoiced_at) as period, sum(revenue) as revenue
  from core.fact_sales group by 1, 2
), daily as (
  select extract(isodow from invoiced_at)::int as key, invoiced_at::date as period, sum(revenue) as revenue
  from core.fact_sales group by 1, 2
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
with sold as (
  select f.product_key, sum(f.revenue) as revenue, sum(f.quantity) as quantity, count(distinct f.invoice_no) as orders
  from core.fact_sales f group by f.product_key
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
  from core.fact_sales f join core.dim_product p using (product_key)
  where p.is_merchandise
  group by 1, 2
)
select s.month, s.product_key, p.stock_code, p.description, s.revenue, s.quantity,
  round(s.revenue / sum(s.revenue) over (partition by s.month), 6) as revenue_share,
  rank() over (partition by s.month order by s.revenue desc) as revenue_rank
from sold s join core.dim_product p using (product_key)
with no data;
comment on materialized view analytics.product_sales_monthly is 'One row per month and merchandise product sold: revenue, quantity, share of the month''s merchandise revenue and rank.';

create materialized view analytics.basket_monthly as
select month, count(*) as orders, round(avg(order_value), 2) as average_order_value,
  round(avg(items), 2) as items_per_order, round(avg(distinct_products), 2) as products_per_order
from analytics.order_summary group by month
with no data;
comment on materialized view analytics.basket_monthly is 'One row per month: orders, average order value, items and distinct products per order.';

create materialized view analytics.country_sales as
with by_country as (
  select o.country_key, sum(o.order_value) as revenue, count(*) as orders,
    count(distinct o.customer_key) filter (where o.customer_key <> 0) as customers,
    round(avg(o.order_value), 2) as average_order_value, round(avg(o.items), 2) as items_per_order,
    round(avg(o.distinct_products), 2) as products_per_order
  from analytics.order_summary o group by o.country_key
)
select c.iso_code, c.country_name, c.region, b.revenue, round(b.revenue / sum(b.revenue) over (), 6) as revenue_share,
  b.orders, b.customers, b.average_order_value, b.items_per_order, b.products_per_order
from by_country b join core.dim_country c using (country_key)
with no data;
comment on materialized view analytics.country_sales is 'One row per country: revenue and its share of total, orders, customers, average order value and basket size.';

create materialized view analytics.product_returns as
with sold as (
  select product_key, sum(quantity) as sold_quantity, sum(revenue) as sold_value from core.fact_sales group by 1
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

create materialized view analytics.returns_monthly as
select date_trunc('month', invoiced_at)::date as month, count(*) as return_lines, sum(quantity) as returned_quantity,
  sum(amount) as returned_value, count(distinct invoice_no) as return_invoices
from core.fact_returns group by 1
with no data;
comment on materialized view analytics.returns_monthly is 'One row per month: return lines, quantity, value and cancellation invoices.';

create materialized view analytics.channel_share as
with customers as (
  select customer_key, case when sum(order_value) filter (where channel = 'wholesale') > sum(order_value) / 2
    then 'wholesale' else 'retail' end as customer_channel
  from analytics.order_summary where customer_key <> 0 group by customer_key
)
select 'order' as grain, channel, count(*) as members, sum(order_value) as revenue,
  round(sum(order_value) / sum(sum(order_value)) over (), 6) as revenue_share
from analytics.order_summary group by channel
union all
select 'customer', c.customer_channel, count(distinct c.customer_key), sum(o.order_value),
  round(sum(o.order_value) / sum(sum(o.order_value)) over (), 6)
from customers c join analytics.order_summary o using (customer_key) group by c.customer_channel
with no data;
comment on materialized view analytics.channel_share is 'Retail vs wholesale: per grain (order, or customer classed by where most of their revenue is), the members, revenue and revenue share of each channel (customer grain excludes guests).';

-- The five schemas of the warehouse; data flows one way through them:
-- file -> staging -> core (star) -> analytics (model outputs) -> mart (BI views).
create schema if not exists etl;
create schema if not exists staging;
create schema if not exists core;
create schema if not exists analytics;
create schema if not exists mart;

comment on schema etl is 'Bookkeeping: migrations, batches (one per ingested file), rejects, runs and stage runs.';
comment on schema staging is 'Transient tables used while a batch loads.';
comment on schema core is 'The star schema: conformed dimensions and fact tables at invoice-line grain.';
comment on schema analytics is 'Model outputs written back by Basket360 (RFM, CLV, forecasts, campaigns).';
comment on schema mart is 'Documented views for BI tools (Tableau, Metabase, Superset, Power BI).';

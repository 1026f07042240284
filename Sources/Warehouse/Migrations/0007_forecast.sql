-- Forecasts written by `basket360 model forecast`. Grain is stated on every table.

create table analytics.forecast_run (
  forecast_run_id bigint generated always as identity primary key,
  period text not null check (period in ('month', 'week')),
  horizon integer not null,
  season_period integer not null,
  history_start date not null,
  history_end date not null,
  reconciliation text not null,
  holidays text,
  closed_weekdays text,
  created_at timestamptz not null default now()
);
comment on table analytics.forecast_run is 'One row per forecast run: period, horizon, seasonal period and the complete periods of history used.';
comment on column analytics.forecast_run.history_end is 'Start of the last complete period used (a partial last period is left out).';
comment on column analytics.forecast_run.holidays is 'Holiday calendar (config/holidays/NAME.yml) when revenue was modelled per trading day; null when period totals were modelled.';
comment on column analytics.forecast_run.closed_weekdays is 'ISO weekdays (1 = Monday) with under 0.5% of revenue, treated as closed.';

create table analytics.forecast (
  forecast_run_id bigint not null references analytics.forecast_run on delete cascade,
  series text not null,
  period_start date not null,
  model text not null,
  point double precision not null check (point >= 0),
  lower_80 double precision not null check (lower_80 >= 0),
  upper_80 double precision not null,
  lower_95 double precision not null check (lower_95 >= 0),
  upper_95 double precision not null,
  base_point double precision not null,
  trading_days integer,
  actual double precision,
  primary key (forecast_run_id, series, period_start)
);
comment on table analytics.forecast is 'One row per forecast run, series and future period: point forecast of sales revenue with 80% and 95% intervals (never negative), reconciled so that countries and categories add up to the total; actual is filled in once the period is in the data.';
comment on column analytics.forecast.series is 'total, country:<ISO code> (top countries, the rest as country:other) or category:<category>.';
comment on column analytics.forecast.model is 'The model that won the rolling-origin backtest for this series.';
comment on column analytics.forecast.base_point is 'The series'' own forecast before reconciliation.';
comment on column analytics.forecast.trading_days is 'Days of the period that are neither holidays nor closed weekdays (when a holiday calendar is used); the forecast is revenue per trading day times this.';

create table analytics.forecast_accuracy (
  forecast_run_id bigint not null references analytics.forecast_run on delete cascade,
  series text not null,
  model text not null,
  mae double precision,
  smape double precision,
  mase double precision,
  origins integer not null,
  failures integer not null,
  chosen boolean not null,
  primary key (forecast_run_id, series, model)
);
comment on table analytics.forecast_accuracy is 'One row per forecast run, series and model: rolling-origin backtest accuracy (MAE, sMAPE in percent, MASE) and whether the model was chosen.';

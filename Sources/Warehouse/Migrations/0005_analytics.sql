-- Model outputs written back by `basket360 model`. Grain is stated on every table.

create table analytics.rfm_snapshot (
  as_of date not null,
  scheme text not null,
  customer_key integer not null,
  customer_id text not null,
  recency_days integer not null,
  frequency integer not null,
  monetary numeric not null,
  has_purchases boolean not null,
  r_score smallint not null check (r_score between 1 and 5),
  f_score smallint not null check (f_score between 1 and 5),
  m_score smallint not null check (m_score between 1 and 5),
  rfm_code text not null,
  segment text not null,
  created_at timestamptz not null default now(),
  primary key (as_of, scheme, customer_key)
);
create index rfm_snapshot_customer on analytics.rfm_snapshot (customer_id, as_of);
comment on table analytics.rfm_snapshot is 'One row per as-of date, segment scheme and customer: recency, frequency, monetary, their 1-5 scores and the segment. Earlier snapshots are kept, so segment migration can be charted.';
comment on column analytics.rfm_snapshot.as_of is 'Date the snapshot describes: purchases before this day count.';
comment on column analytics.rfm_snapshot.scheme is 'Segment scheme (config/segments/NAME.yml).';
comment on column analytics.rfm_snapshot.customer_key is 'The customer version in effect on the as-of date.';
comment on column analytics.rfm_snapshot.recency_days is 'Days from the last purchase to the as-of date (last activity of any kind for customers without purchases).';
comment on column analytics.rfm_snapshot.frequency is 'Distinct sales invoices before the as-of date.';
comment on column analytics.rfm_snapshot.monetary is 'Net revenue: sales minus returns before the as-of date (can be negative).';
comment on column analytics.rfm_snapshot.has_purchases is 'False for customers seen only in returns or adjustments.';
comment on column analytics.rfm_snapshot.r_score is 'Recency score, 5 = most recent quintile.';
comment on column analytics.rfm_snapshot.f_score is 'Frequency score, 5 = most frequent quintile.';
comment on column analytics.rfm_snapshot.m_score is 'Monetary score, 5 = highest net revenue quintile.';
comment on column analytics.rfm_snapshot.rfm_code is 'The three scores as text, e.g. 545.';
comment on column analytics.rfm_snapshot.segment is 'Segment of the scheme the scores fall in.';

create table analytics.rfm_cut_point (
  as_of date not null,
  dimension text not null check (dimension in ('recency', 'frequency', 'monetary')),
  score smallint not null check (score between 1 and 5),
  min_value numeric not null,
  max_value numeric not null,
  customers integer not null,
  primary key (as_of, dimension, score)
);
comment on table analytics.rfm_cut_point is 'One row per as-of date, RFM dimension and score: the range of raw values that received the score.';

create table analytics.model_run (
  model_run_id bigint generated always as identity primary key,
  model text not null,
  parameters jsonb not null,
  standard_errors jsonb,
  log_likelihood double precision,
  customers integer not null,
  iterations integer,
  attempts integer,
  converged boolean not null,
  fit_ms integer not null,
  time_unit_days integer,
  data_start date,
  calibration_end date,
  holdout_end date,
  holdout_metrics jsonb,
  created_at timestamptz not null default now()
);
comment on table analytics.model_run is 'One row per model fit: model, parameters, log-likelihood, customers, iterations, fit time, data window, holdout errors.';
comment on column analytics.model_run.model is 'bg_nbd, gamma_gamma or kmeans.';
comment on column analytics.model_run.time_unit_days is 'Length of the model time unit in days (7 = weeks).';
comment on column analytics.model_run.calibration_end is 'Last day of the data the model was fitted on.';
comment on column analytics.model_run.holdout_end is 'Last day of the holdout period, when fitted in calibration/holdout mode.';

create table analytics.customer_value (
  model_run_id bigint not null references analytics.model_run on delete cascade,
  customer_key integer not null,
  customer_id text not null,
  repeat_purchases integer not null,
  recency_days double precision not null,
  age_days double precision not null,
  avg_repeat_value numeric,
  p_alive double precision not null,
  expected_purchases_30d double precision not null,
  expected_purchases_90d double precision not null,
  expected_purchases_365d double precision not null,
  expected_purchases_365d_low double precision,
  expected_purchases_365d_high double precision,
  expected_avg_spend double precision,
  clv double precision,
  clv_low double precision,
  clv_high double precision,
  churn_risk text not null check (churn_risk in ('low', 'medium', 'high')),
  historical_clv double precision not null,
  holdout_predicted double precision,
  holdout_actual integer,
  primary key (model_run_id, customer_key)
);
comment on table analytics.customer_value is 'One row per BG/NBD model run and customer: P(alive), expected purchases, expected spend, discounted CLV with an interval, churn-risk band, historical CLV.';
comment on column analytics.customer_value.repeat_purchases is 'x: purchase days after the first one (calibration period).';
comment on column analytics.customer_value.recency_days is 't_x in days: from the first to the last purchase day (the model uses model_run.time_unit_days).';
comment on column analytics.customer_value.age_days is 'T in days: from the first purchase day to the end of the calibration period.';
comment on column analytics.customer_value.holdout_predicted is 'Predicted purchase days in the holdout period (holdout mode only).';
comment on column analytics.customer_value.holdout_actual is 'Actual purchase days in the holdout period (holdout mode only).';
comment on column analytics.customer_value.expected_purchases_365d_low is 'Lower bound of the interval (level in config clv.interval_level, delta method).';
comment on column analytics.customer_value.clv is 'Discounted CLV over clv.horizon_months (BG/NBD x Gamma-Gamma), in the currency of the data; null when the customer has no repeat spend to model.';
comment on column analytics.customer_value.historical_clv is 'Average order value x orders per month x margin x horizon months, from observed history.';

create table analytics.customer_cluster (
  model_run_id bigint not null references analytics.model_run on delete cascade,
  customer_key integer not null,
  customer_id text not null,
  cluster smallint not null,
  primary key (model_run_id, customer_key)
);
comment on table analytics.customer_cluster is 'One row per k-means run and customer: the cluster of the customer''s standardised log-RFM.';

create table analytics.cluster_profile (
  model_run_id bigint not null references analytics.model_run on delete cascade,
  cluster smallint not null,
  customers integer not null,
  recency_days double precision not null,
  frequency double precision not null,
  monetary double precision not null,
  description text not null,
  primary key (model_run_id, cluster)
);
comment on table analytics.cluster_profile is 'One row per k-means run and cluster: size, centroid in original units (geometric means of log-RFM) and a plain description.';

-- Batches: one row per ingested file, keyed by the sha256 of its (decompressed) content.
-- A batch row exists only if its load committed: the whole batch is one transaction.
create table etl.batch (
  batch_id bigint generated always as identity primary key,
  source text not null,
  file_name text not null,
  sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
  file_bytes bigint not null,
  input_rows bigint not null default 0,
  sales_rows bigint not null default 0,
  return_rows bigint not null default 0,
  adjustment_rows bigint not null default 0,
  rejected_rows bigint not null default 0,
  duplicate_rows bigint not null default 0,
  loaded_at timestamptz not null default now(),
  load_ms bigint,
  -- Nothing is lost: every input row is in exactly one place.
  constraint batch_reconciles check (
    input_rows = sales_rows + return_rows + adjustment_rows + rejected_rows + duplicate_rows)
);
comment on table etl.batch is 'One row per ingested file (batch). The counts equal the rows the batch holds in core.fact_sales, core.fact_returns, core.adjustment and etl.reject.';
comment on column etl.batch.batch_id is 'Surrogate key of the batch.';
comment on column etl.batch.source is 'Source mapping the file was read with (e.g. online_retail).';
comment on column etl.batch.file_name is 'Path of the file as given to basket360 ingest.';
comment on column etl.batch.sha256 is 'SHA-256 of the file content after decompression: the batch identity.';
comment on column etl.batch.file_bytes is 'Size of the (decompressed) content in bytes.';
comment on column etl.batch.input_rows is 'Data rows (records) in the file, header excluded.';
comment on column etl.batch.sales_rows is 'Rows loaded into core.fact_sales.';
comment on column etl.batch.return_rows is 'Rows loaded into core.fact_returns.';
comment on column etl.batch.adjustment_rows is 'Rows loaded into core.adjustment.';
comment on column etl.batch.rejected_rows is 'Rows in etl.reject with a reason other than duplicate.';
comment on column etl.batch.duplicate_rows is 'Rows in etl.reject with reason duplicate.';
comment on column etl.batch.loaded_at is 'When the batch committed.';
comment on column etl.batch.load_ms is 'Wall time of the load in milliseconds.';

-- Rejects: the raw line and why it was not loaded. Duplicates are recorded here too.
create table etl.reject (
  batch_id bigint not null references etl.batch on delete cascade,
  line_no bigint not null,
  reason text not null,
  field text,
  detail text not null,
  raw_line text not null,
  primary key (batch_id, line_no)
);
create index reject_reason on etl.reject (batch_id, reason);
comment on table etl.reject is 'One row per input line that was not loaded: malformed, invalid or an exact duplicate.';
comment on column etl.reject.line_no is 'Physical line number in the file where the record starts (the header is line 1).';
comment on column etl.reject.reason is 'Rule that rejected the line: blank_line, malformed_csv, wrong_field_count, missing_value, bad_number, bad_date, unknown_country, duplicate.';
comment on column etl.reject.field is 'Source column at fault, as named in the file header (null when the whole line is at fault).';
comment on column etl.reject.detail is 'Human-readable explanation.';
comment on column etl.reject.raw_line is 'The line as it stood in the file.';

-- Counts of what each cleaning rule did to a batch (including normalisations that load the row).
create table etl.batch_rule (
  batch_id bigint not null references etl.batch on delete cascade,
  rule text not null,
  rows bigint not null,
  primary key (batch_id, rule)
);
comment on table etl.batch_rule is 'One row per batch and cleaning rule: how many lines the rule caught or changed.';

-- Runs of the command-line tool and the stages inside them.
create table etl.run (
  run_id bigint generated always as identity primary key,
  command text not null,
  started_at timestamptz not null default clock_timestamp(),
  finished_at timestamptz,
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  error text
);
comment on table etl.run is 'One row per basket360 command that changed the warehouse.';

create table etl.stage_run (
  stage_run_id bigint generated always as identity primary key,
  run_id bigint not null references etl.run on delete cascade,
  stage text not null,
  target text,
  started_at timestamptz not null default clock_timestamp(),
  finished_at timestamptz,
  duration_ms bigint,
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed', 'skipped')),
  rows_in bigint,
  rows_out bigint,
  message text
);
create index stage_run_run on etl.stage_run (run_id);
comment on table etl.stage_run is 'One row per stage of a run (each stage is one transaction): timing, row counts, status and error.';

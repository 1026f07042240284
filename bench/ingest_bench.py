#!/usr/bin/env python3
"""Ingest benchmark: basket360 vs a bare \\copy (the floor), the seed's pandas approach and pgloader.

Run from the repository root (see bench/README.md):

    scripts/pg-local.sh start
    swift build -c release --product basket360 --scratch-path .build-bench
    bench/.venv/bin/python bench/ingest_bench.py [--runs 3] [--scale 3] [--workdir /tmp/b360-ingest]

Everything loads into databases named bench_ingest_* on the project-local cluster (never `basket360`
or b360_*); each is dropped and recreated. Methods, all given the same UCI file (541,909 data rows):

* floor     psql `\\copy retail_text FROM PROGRAM 'gzip -dc FILE' (FORMAT csv, HEADER)` into an UNLOGGED
            table of 8 text columns (truncated before each run, untimed).
* basket360 fresh database + `basket360 init` (untimed), then timed
            `basket360 ingest --force --log-level debug --json FILE` (the star schema load).
* pandas    bench/pandas_peer.py: read_csv, drop_duplicates, split cancellations, to_sql x2.
* pgloader  `pgloader CMD` loading the decompressed CSV into a typed table (text/integer/timestamp/
            numeric; drop+create in BEFORE LOAD). pgloader does not read .gz, so the file is
            decompressed once to --workdir beforehand (untimed; ~0.5 s).

Measurements (each method --runs times, round-robin so background load hits all methods alike;
medians): wall time of the client process, rows/s (input data rows / wall), peak RSS of the client
process tree from /usr/bin/time -v (the PostgreSQL server's memory is not included for any method).

Memory flatness: a file --scale times the UCI size (copies k = 1.. of the data with a digit k inserted
after the letter prefix of InvoiceNo, so invoices stay unique and C/A prefixes keep their meaning),
gzipped under --workdir; basket360 and the floor ingest it --runs times; peak RSS must not grow.

Where basket360's time goes: the per-step `Transform step` durations of its debug log (medians), and the
hash pass and the parse/clean/COPY into staging from their own `Content hashed` / `Lines staged` lines
(binaries older than commit d8d4568 lack those: then the batch duration minus the steps is shown).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

from benchlib import B360, BASE, PORT, ROOT, SOCK, psql, timed as _timed

PY = os.path.join(ROOT, "bench", ".venv", "bin", "python")
UCI = os.path.join(ROOT, "data", "online_retail.csv.gz")


def fresh_db(name: str):
    assert name.startswith("bench_ingest"), name
    psql("postgres", f"drop database if exists {name} with (force)", f"create database {name}")


def timed(cmd, env=None):
    return _timed(cmd, "/tmp/b360-ingest", env)


# ------------------------------------------------------------------------------------------ methods
def run_floor(path, tag):
    db = "bench_ingest_floor"
    psql(db, "truncate retail_text")
    w, rss, _, _ = timed(["psql", f"{BASE} dbname={db}", "-v", "ON_ERROR_STOP=1", "-qc",
                          f"\\copy retail_text from program 'gzip -dc {path}' with (format csv, header true)"])
    rows = int(psql(db, "select count(*) from retail_text"))
    return dict(wall=w, rss=rss, rows=rows)


STEP = re.compile(r"duration\.ms=(\d+) rows=(\d+) step=(.*?) \[Ingest\] Transform step")
BATCH = re.compile(r"batch\.id=\d+ duration\.ms=(\d+) .*\[Ingest\] Batch loaded")
HASHED = re.compile(r"duration\.ms=(\d+) \[Ingest\] Content hashed")
STAGED = re.compile(r"duration\.ms=(\d+) rows=\d+ \[Ingest\] Lines staged")


def run_b360(path, tag):
    db = f"bench_ingest_b360{tag}"
    fresh_db(db)
    env = {"BASKET360_DATABASE_URL": f"{BASE} dbname={db}"}
    subprocess.run([B360, "init"], check=True, capture_output=True, env={**os.environ, **env})
    w, rss, out, err = timed([B360, "ingest", "--force", "--log-level", "debug", "--json", path], env)
    report = json.loads(out)[0]
    steps = {m.group(3): int(m.group(1)) for m in STEP.finditer(err)}
    batch_ms = int(BATCH.search(err).group(1))
    # Logged since commit d8d4568; absent (None) for older binaries.
    hashed, staged = HASHED.search(err), STAGED.search(err)
    return dict(wall=w, rss=rss, rows=report["input_rows"], report=report, steps=steps, batch_ms=batch_ms,
                hash_ms=int(hashed.group(1)) if hashed else None, staging_ms=int(staged.group(1)) if staged else None)


def run_pandas(path, tag):
    db = "bench_ingest_pandas"
    url = f"postgresql+psycopg://postgres@/{db}?host={SOCK}&port={PORT}"
    w, rss, out, _ = timed([PY, os.path.join(ROOT, "bench", "pandas_peer.py"), path, url])
    info = json.loads(out.strip().splitlines()[-1])
    return dict(wall=w, rss=rss, rows=info["rows_in"], info=info)


def run_pgloader(csv_path, tag):
    db = "bench_ingest_pgloader"
    cmdfile = "/tmp/b360-ingest/pgloader.load"
    with open(cmdfile, "w") as f:
        f.write(f"""LOAD CSV
  FROM '{csv_path}'
  HAVING FIELDS (invoice_no, stock_code, description, quantity, invoiced_at, unit_price,
                 customer_id [null if blanks], country)
  INTO postgresql://postgres@unix:{SOCK}:{PORT}/{db}?tablename=retail_raw
  WITH skip header = 1, fields optionally enclosed by '"', fields escaped by double-quote,
       fields terminated by ','
  BEFORE LOAD DO
    $$ drop table if exists retail_raw; $$,
    $$ create table retail_raw (invoice_no text, stock_code text, description text, quantity integer,
         invoiced_at timestamp, unit_price numeric, customer_id integer, country text); $$;
""")
    w, rss, out, err = timed(["pgloader", cmdfile])
    rows = int(psql(db, "select count(*) from retail_raw"))
    return dict(wall=w, rss=rss, rows=rows)


# ---------------------------------------------------------------------------------------- helpers
def make_scaled(scale: int, workdir: str) -> str:
    out = os.path.join(workdir, f"online_retail_x{scale}.csv.gz")
    if os.path.exists(out):
        return out
    parts = [f"gzip -dc {UCI} | head -n 1"]
    for k in range(scale):
        if k == 0:
            parts.append(f"gzip -dc {UCI} | tail -n +2")
        else:
            parts.append(f"gzip -dc {UCI} | tail -n +2 | sed -E 's/^([A-Za-z]?)([0-9])/\\1{k}\\2/'")
    subprocess.run(f"({'; '.join(parts)}) | gzip -1 > {out}", shell=True, check=True)
    return out


def med(runs, key):
    return statistics.median(r[key] for r in runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", type=int, default=3)
    ap.add_argument("--workdir", default="/tmp/b360-ingest")
    ap.add_argument("--methods", default="floor,basket360,pandas,pgloader")
    ap.add_argument("--json", help="write all raw results to this file")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    methods = args.methods.split(",")

    # Setup (untimed).
    fresh_db("bench_ingest_floor")
    psql("bench_ingest_floor", "create unlogged table retail_text (invoice_no text, stock_code text, "
         "description text, quantity text, invoice_date text, unit_price text, customer_id text, country text)")
    fresh_db("bench_ingest_pandas")
    fresh_db("bench_ingest_pgloader")
    plain = os.path.join(args.workdir, "online_retail.csv")
    t0 = time.perf_counter()
    subprocess.run(f"gzip -dc {UCI} > {plain}", shell=True, check=True)
    gunzip_s = time.perf_counter() - t0
    scaled = make_scaled(args.scale, args.workdir) if args.scale > 1 else None
    n_scaled = int(subprocess.run(f"gzip -dc {scaled} | wc -l", shell=True, check=True, capture_output=True,
                                  text=True).stdout) - 1 if scaled else 0
    print(f"conninfo: {BASE}; gunzip for pgloader: {gunzip_s:.2f} s; scaled file {scaled} ({n_scaled} rows)",
          file=sys.stderr)

    runners = dict(floor=lambda t: run_floor(UCI, t), basket360=lambda t: run_b360(UCI, t),
                   pandas=lambda t: run_pandas(UCI, t), pgloader=lambda t: run_pgloader(plain, t))
    results = {m: [] for m in methods}
    scaled_results = {"floor": [], "basket360": []}
    for i in range(args.runs):
        for m in methods:
            r = runners[m]("")
            results[m].append(r)
            print(f"  run {i + 1} {m:9s}: {r['wall']:.2f} s, peak RSS {r['rss']:.0f} MiB, rows {r['rows']}",
                  file=sys.stderr)
        if scaled:
            for m, fn in (("floor", run_floor), ("basket360", run_b360)):
                r = fn(scaled, "_scaled")
                scaled_results[m].append(r)
                print(f"  run {i + 1} {m:9s} x{args.scale}: {r['wall']:.2f} s, peak RSS {r['rss']:.0f} MiB, "
                      f"rows {r['rows']}", file=sys.stderr)

    rows = 541909
    floor_s = med(results["floor"], "wall") if "floor" in results else None
    b360_s = med(results["basket360"], "wall") if "basket360" in results else None
    print(f"\n### UCI Online Retail, {rows:,} data rows — medians of {args.runs} runs\n")
    print("| method | what it loads | wall s (median) | runs (s) | rows/s | time / floor | time / basket360 | peak RSS MiB (median, max) |")
    print("|---|---|---:|---|---:|---:|---:|---:|")
    what = dict(floor="8 text columns, unlogged, no cleaning", basket360="star schema, all cleaning rules, rejects, batch",
                pandas="2 tables (sales, returns), dedup only", pgloader="1 typed table, no cleaning")
    for m in methods:
        rs = results[m]
        w = med(rs, "wall")
        each = ", ".join("%.2f" % r["wall"] for r in rs)
        print(f"| {m} | {what[m]} | {w:.2f} | {each} | {rows / w:,.0f} | "
              f"{(f'{w / floor_s:.1f}x' if floor_s else '—')} | {(f'{w / b360_s:.2f}x' if b360_s else '—')} | {med(rs, 'rss'):.0f}, {max(r['rss'] for r in rs):.0f} |")
    if scaled:
        print(f"\n### Memory flatness: {args.scale}x file ({n_scaled:,} data rows) vs 1x — medians of {args.runs} runs\n")
        print("| method | rows | wall s | rows/s | peak RSS MiB (median, max) | RSS vs 1x |")
        print("|---|---:|---:|---:|---:|---:|")
        for m in ("floor", "basket360"):
            for label, rs, n in (("1x", results.get(m, []), rows), (f"{args.scale}x", scaled_results[m], n_scaled)):
                if not rs:
                    continue
                w = med(rs, "wall")
                print(f"| {m} {label} | {n:,} | {w:.2f} | {n / w:,.0f} | {med(rs, 'rss'):.0f}, "
                      f"{max(r['rss'] for r in rs):.0f} | {med(rs, 'rss') / med(results[m], 'rss'):.2f} |")
        rep = scaled_results["basket360"][-1]["report"]
        print(f"\n{args.scale}x basket360 counts: {rep['input_rows']} = {rep['sales_rows']} sales + {rep['return_rows']} "
              f"returns + {rep['adjustment_rows']} adjustments + {rep['rejected_rows']} rejected + "
              f"{rep['duplicate_rows']} duplicates")
    if "basket360" in results:
        rs = results["basket360"]
        batch = statistics.median(r["batch_ms"] for r in rs)
        names = list(rs[0]["steps"].keys())
        print(f"\n### Where basket360's ingest time goes (UCI file, medians of {len(rs)} runs, --log-level debug)\n")
        print("| step | ms | share of batch |")
        print("|---|---:|---:|")
        total_steps = 0.0
        for n in names:
            v = statistics.median(r["steps"].get(n, 0) for r in rs)
            total_steps += v
            print(f"| {n} | {v:.0f} | {v / batch:.0%} |")
        print(f"| *sum of SQL transform steps* | {total_steps:.0f} | {total_steps / batch:.0%} |")
        if all(r["staging_ms"] is not None for r in rs):
            # Since the third session a new file is hashed while it is staged (no "Content hashed" line).
            if any(r["hash_ms"] is not None for r in rs):
                v = statistics.median(r["hash_ms"] or 0 for r in rs)
                print(f"| *hash pass (gunzip + SHA-256)* | {v:.0f} | {v / batch:.0%} |")
            v = statistics.median(r["staging_ms"] for r in rs)
            print(f"| *read + inflate + hash + parse + clean + COPY to staging* | {v:.0f} | {v / batch:.0%} |")
            rest = statistics.median(r["batch_ms"] - sum(r["steps"].values()) - (r["hash_ms"] or 0) - r["staging_ms"] for r in rs)
            print(f"| *rest: counts, rule tallies, commit* | {rest:.0f} | {rest / batch:.0%} |")
        else:
            rest = statistics.median(r["batch_ms"] - sum(r["steps"].values()) for r in rs)
            print(f"| *rest: hash pass + parse/clean/COPY to staging + commit* | {rest:.0f} | {rest / batch:.0%} |")
        print(f"| **batch (log `Batch loaded`)** | {batch:.0f} | 100% |")
        proc = statistics.median(r["wall"] * 1000 for r in rs)
        print(f"| process wall (incl. connect, lock, run bookkeeping, exit) | {proc:.0f} | |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(results=results, scaled=scaled_results), f, indent=1)


if __name__ == "__main__":
    main()

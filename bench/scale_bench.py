#!/usr/bin/env python3
"""Scale benchmark: the whole `basket360 run` (ingest + every model stage) on generated files of 1x, 10x
(and, by hand, 100x) the size of the UCI file.

Run from the repository root (see bench/README.md):

    scripts/pg-local.sh start
    swift build -c release --product basket360 --scratch-path .build-bench
    python3 bench/scale_bench.py [--sizes 1,10] [--runs 1] [--workdir /tmp/b360-scale]

Per size: `basket360 generate --profile uk_giftware --months 12 --customers N*CUSTOMERS_PER_X --seed 7`
writes a gzipped UCI-layout file under --workdir (kept and reused: generation is not timed here; its own
time and memory are printed once). Then, per run: a fresh database `bench_scale_<size>x`, `basket360 init`
(untimed), and `/usr/bin/time -v basket360 run --log-level debug FILE` (timed). Printed per size: rows,
wall time of the whole run, ingest rows/s, every stage's duration from its `Stage finished` log line,
the ingest's hash / staging / SQL split from its debug lines, and the peak RSS of the client process
(the PostgreSQL server's memory is not included). Memory flatness: peak RSS at 10x vs 1x.

Databases are dropped after each size unless --keep is given (a 100x warehouse is tens of GB).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys

from benchlib import B360, BASE, psql, timed

UCI_ROWS = 541_909
# uk_giftware, 12 months: about 38.6 data rows per customer, so 14,000 customers ~ one UCI file.
CUSTOMERS_PER_X = 14_000


STAGE = re.compile(r"duration\.ms=(\d+) etl\.stage=(\w+) .*status=succeeded \[Warehouse\] Stage finished")
HASHED = re.compile(r"duration\.ms=(\d+) \[Ingest\] Content hashed")
STAGED = re.compile(r"duration\.ms=(\d+) rows=(\d+) \[Ingest\] Lines staged")
BATCH = re.compile(r"batch\.id=\d+ duration\.ms=(\d+) .*rows\.in=(\d+) .*\[Ingest\] Batch loaded")


def generate(size: int, workdir: str) -> str:
    out = os.path.join(workdir, f"uk_giftware_{size}x.csv.gz")
    if not os.path.exists(out):
        w, rss, _, err = timed([B360, "generate", "--profile", "uk_giftware", "--customers",
                                str(size * CUSTOMERS_PER_X), "--months", "12", "--seed", "7", "--out", out], workdir)
        print(f"generated {out}: {w:.1f} s, peak RSS {rss:.0f} MiB", file=sys.stderr)
    return out


def run_once(size: int, path: str, workdir: str, keep: bool) -> dict:
    db = f"bench_scale_{size}x"
    psql("postgres", f"drop database if exists {db} with (force)", f"create database {db}")
    env = {"BASKET360_DATABASE_URL": f"{BASE} dbname={db}"}
    subprocess.run([B360, "init"], check=True, capture_output=True, env={**os.environ, **env})
    wall, rss, _, err = timed([B360, "run", "--log-level", "debug", path], workdir, env)
    stages = {m.group(2): int(m.group(1)) / 1000 for m in STAGE.finditer(err)}
    batch = BATCH.search(err)
    result = dict(
        size=size, wall=wall, rss=rss, rows=int(batch.group(2)), stages=stages,
        # A new file is hashed while it is staged (no "Content hashed" line since the third session).
        hash_s=int(hashed.group(1)) / 1000 if (hashed := HASHED.search(err)) else 0.0,
        staging_s=int(STAGED.search(err).group(1)) / 1000,
        batch_s=int(batch.group(1)) / 1000)
    result["sql_s"] = result["batch_s"] - result["hash_s"] - result["staging_s"]
    result["warehouse_mib"] = int(psql(db, "select pg_database_size(current_database())")) / 2**20
    if not keep:
        psql("postgres", f"drop database if exists {db} with (force)")
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10", help="multiples of the UCI size, comma-separated")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--workdir", default="/tmp/b360-scale")
    ap.add_argument("--keep", action="store_true", help="keep the bench_scale_* databases")
    ap.add_argument("--json", help="write all raw results to this file")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    files = {s: generate(s, args.workdir) for s in sizes}
    results = {s: [] for s in sizes}
    for i in range(args.runs):
        for s in sizes:
            r = run_once(s, files[s], args.workdir, args.keep)
            print(f"run {i + 1} {s}x: {r['rows']} rows, {r['wall']:.1f} s, RSS {r['rss']:.0f} MiB, "
                  f"stages {r['stages']}", file=sys.stderr)
            results[s].append(r)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)

    def med(s, key):
        return statistics.median(r[key] for r in results[s])

    def med_stage(s, stage):
        return statistics.median(r["stages"].get(stage, float("nan")) for r in results[s])

    stage_names = ["ingest", "insights", "rfm", "clv", "clusters", "forecast"]
    print(f"| size | data rows | file MiB | whole run s | ingest s | ingest rows/s | hash · staging · SQL s | "
          + " | ".join(f"{n} s" for n in stage_names[1:]) + " | peak RSS MiB | warehouse MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|" + "---:|" * (len(stage_names) - 1) + "---:|---:|")
    base_rss = med(sizes[0], "rss")
    for s in sizes:
        rows = results[s][0]["rows"]
        ingest = med_stage(s, "ingest")
        print(f"| {s}x | {rows:,} | {os.path.getsize(files[s]) / 2**20:.0f} | {med(s, 'wall'):.1f} | {ingest:.1f} | "
              f"{rows / ingest:,.0f} | {med(s, 'hash_s'):.1f} · {med(s, 'staging_s'):.1f} · {med(s, 'sql_s'):.1f} | "
              + " | ".join(f"{med_stage(s, n):.1f}" for n in stage_names[1:])
              + f" | {med(s, 'rss'):.0f} ({med(s, 'rss') / base_rss:.2f}x) | {med(s, 'warehouse_mib'):,.0f} |")
    print(f"\nruns per size: {args.runs} (median); UCI file = {UCI_ROWS:,} rows")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Scale benchmark: the whole `basket360 run` (ingest + every model stage) on generated files of 1x, 10x
(and, by hand, 100x) the size of the UCI file.

Run from the repository root (see bench/README.md):

    scripts/pg-local.sh start
    swift build -c release --product basket360 --scratch-path .build-bench
    python3 bench/scale_bench.py [--sizes 1,10] [--runs 1] [--workdir /tmp/b360-scale] [--baseline BIN]

Per size: `basket360 generate --profile uk_giftware --months 12 --customers N*CUSTOMERS_PER_X --seed 7`
writes a gzipped UCI-layout file under --workdir (kept and reused: generation is not timed here; its own
time and memory are printed once). Then, per run: a fresh database `bench_scale_<size>x`, `basket360 init`
(untimed), and `/usr/bin/time -v basket360 run --log-level debug FILE` (timed). Printed per size: rows,
wall time of the whole run, ingest rows/s, every stage's duration from its `Stage finished` log line,
the ingest's hash / staging / SQL split from its debug lines, and the peak RSS of the client process
(the PostgreSQL server's memory is not included). Memory flatness: peak RSS at 10x vs 1x.

Side by side: `--baseline BIN` (another build of basket360, e.g. from a `git worktree` of the commit to
compare with) runs that binary too, in the same way on its own database, alternating with this checkout's
binary run by run (the baseline first in odd runs, second in even ones); a table per binary and the ratios
(baseline / this build) of the whole run and of each stage are printed.

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


def run_once(size: int, path: str, workdir: str, keep: bool, binary: str = B360, tag: str = "") -> dict:
    db = f"bench_scale_{size}x{tag}"
    psql("postgres", f"drop database if exists {db} with (force)", f"create database {db}")
    env = {"BASKET360_DATABASE_URL": f"{BASE} dbname={db}"}
    subprocess.run([binary, "init"], check=True, capture_output=True, env={**os.environ, **env})
    wall, rss, _, err = timed([binary, "run", "--log-level", "debug", path], workdir, env)
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
    ap.add_argument("--baseline", help="another basket360 binary to run side by side (see above)")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    files = {s: generate(s, args.workdir) for s in sizes}
    binaries = {"this build": (B360, "")}
    if args.baseline:
        binaries = {"baseline": (os.path.abspath(args.baseline), "_baseline"), **binaries}
    results = {label: {s: [] for s in sizes} for label in binaries}
    for i in range(args.runs):
        for s in sizes:
            order = list(binaries) if i % 2 == 0 else list(reversed(binaries))
            for label in order:
                binary, tag = binaries[label]
                r = run_once(s, files[s], args.workdir, args.keep, binary, tag)
                print(f"run {i + 1} {s}x {label}: {r['rows']} rows, {r['wall']:.1f} s, RSS {r['rss']:.0f} MiB, "
                      f"stages {r['stages']}", file=sys.stderr)
                results[label][s].append(r)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)

    def med(label, s, key):
        return statistics.median(r[key] for r in results[label][s])

    def med_stage(label, s, stage):
        return statistics.median(r["stages"].get(stage, float("nan")) for r in results[label][s])

    stage_names = ["ingest", "insights", "rfm", "clv", "clusters", "forecast"]
    for label in binaries:
        if len(binaries) > 1:
            print(f"\n{label}: {binaries[label][0]}\n")
        print(f"| size | data rows | file MiB | whole run s | ingest s | ingest rows/s | hash · staging · SQL s | "
              + " | ".join(f"{n} s" for n in stage_names[1:]) + " | peak RSS MiB | warehouse MiB |")
        print("|---|---:|---:|---:|---:|---:|---:|" + "---:|" * (len(stage_names) - 1) + "---:|---:|")
        base_rss = med(label, sizes[0], "rss")
        for s in sizes:
            rows = results[label][s][0]["rows"]
            ingest = med_stage(label, s, "ingest")
            print(f"| {s}x | {rows:,} | {os.path.getsize(files[s]) / 2**20:.0f} | {med(label, s, 'wall'):.1f} | "
                  f"{ingest:.1f} | {rows / ingest:,.0f} | {med(label, s, 'hash_s'):.1f} · "
                  f"{med(label, s, 'staging_s'):.1f} · {med(label, s, 'sql_s'):.1f} | "
                  + " | ".join(f"{med_stage(label, s, n):.1f}" for n in stage_names[1:])
                  + f" | {med(label, s, 'rss'):.0f} ({med(label, s, 'rss') / base_rss:.2f}x) | "
                  f"{med(label, s, 'warehouse_mib'):,.0f} |")
    if args.baseline:
        print("\nbaseline / this build (medians; above 1 = this build is faster):\n")
        print("| size | whole run | " + " | ".join(stage_names) + " |")
        print("|---|---:|" + "---:|" * len(stage_names))
        for s in sizes:
            ratios = [med("baseline", s, "wall") / med("this build", s, "wall")] + [
                med_stage("baseline", s, n) / med_stage("this build", s, n) for n in stage_names]
            print(f"| {s}x | " + " | ".join(f"{x:.2f}x" for x in ratios) + " |")
    print(f"\nruns per size: {args.runs} (median); UCI file = {UCI_ROWS:,} rows")


if __name__ == "__main__":
    main()

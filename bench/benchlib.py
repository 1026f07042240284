"""Shared by the database benchmarks (ingest_bench.py, scale_bench.py): paths, the project-local cluster's
connection string, psql, and a timed run under /usr/bin/time -v."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B360 = os.path.join(ROOT, ".build-bench", "release", "basket360")


def conninfo_base() -> str:
    """The local cluster's conninfo (scripts/pg-local.sh conninfo) without its dbname."""
    ci = subprocess.run([os.path.join(ROOT, "scripts", "pg-local.sh"), "conninfo"], check=True,
                        capture_output=True, text=True).stdout.strip()
    return re.sub(r"\s*dbname=\S+", "", ci)


BASE = conninfo_base()
SOCK = re.search(r"host=(\S+)", BASE).group(1)
PORT = re.search(r"port=(\d+)", BASE).group(1)


def psql(db: str, *sql: str) -> str:
    cmd = ["psql", f"{BASE} dbname={db}", "-v", "ON_ERROR_STOP=1", "-Atq"]
    for s in sql:
        cmd += ["-c", s]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()


def timed(cmd, workdir: str, env=None):
    """Runs cmd under /usr/bin/time -v; returns (wall s, peak RSS MiB, stdout, stderr). Exits on failure."""
    tfile = os.path.join(workdir, "time.txt")
    t0 = time.perf_counter()
    res = subprocess.run(["/usr/bin/time", "-v", "-o", tfile] + cmd, capture_output=True, text=True,
                         env={**os.environ, **(env or {})})
    wall = time.perf_counter() - t0
    if res.returncode != 0:
        sys.exit(f"failed ({res.returncode}): {' '.join(cmd)}\n{res.stdout[-2000:]}\n{res.stderr[-4000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(tfile).read()).group(1)) / 1024
    return wall, rss, res.stdout, res.stderr

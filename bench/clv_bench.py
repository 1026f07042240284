#!/usr/bin/env python3
"""BG/NBD + Gamma-Gamma fit: Basket360 (Swift, bench/swift) vs lifetimes, side by side in one run.

Run from the repository root with the bench virtualenv (see bench/README.md):

    bench/.venv/bin/python bench/clv_bench.py [--workdir /tmp/b360-clv] [--repeats 3] [--customers 1000000]

Data sets (CSV files of per-customer summaries are written to --workdir, never into the repository):

* cdnow-full: the full CDNOW master file shipped with lifetimes (lifetimes/datasets/CDNOW_master.txt,
  23,570 customers), calibration 1997-01-01..1997-09-30, weeks, summarised by lifetimes'
  summary_data_from_transaction_data(freq='D', freq_multiplier=7) — the convention of
  Sources/Analytics/CalibrationSummarizer.swift and Tests/AnalyticsTests/CDNOWTests.swift.
* synthetic-1M-days: --customers customers drawn from a BG/NBD process with known parameters (the
  CDNOW estimates r=0.243, alpha=4.414, a=0.793, b=2.426, in weeks) and Gamma-Gamma spends (p=6.25,
  q=3.74, gamma=15.44), numpy seed 20261123. Like real data, times are whole days: the first purchase
  falls on day d0 ~ U{0..83} of a 273-day calibration window, so T = (273 - d0)/7 weeks, and
  t_x = floor(7 * t_last)/7 (the day of the last repeat purchase, counted from the first one).
* synthetic-1M-continuous (Swift only, --continuous): the same customers with continuous T and t_x
  (no day rounding), to show what the (x, t_x, T) compression buys.

For each data set: lifetimes BetaGeoFitter.fit and GammaGammaFitter.fit (on frequency >= 1 and
monetary_value > 0) are timed with time.perf_counter, --repeats times, median (both fit calls include
the autograd Hessian, as the Swift fits include their covariance). The Swift binary
(.build-bench/release/basket360-bench clv-summary FILE) runs --repeats times as separate processes;
its own fit time (compression + both fits) and the wall time of the process are medians.

Log-likelihoods: lifetimes minimises the *mean* negative LL plus a penalizer (0 by default), so its
`_negative_log_likelihood` is not the LL. Both optima are therefore evaluated with one formula here
(numpy/scipy, sum over customers, no penalizer, eqs. identical to lifetimes' and to the Swift module);
the Swift binary also evaluates lifetimes' optimum with the Swift likelihood (--eval-*) as a check.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd
from scipy.special import gammaln

warnings.simplefilter("ignore")

import lifetimes  # noqa: E402
from lifetimes import BetaGeoFitter, GammaGammaFitter  # noqa: E402
from lifetimes.utils import summary_data_from_transaction_data  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build-bench", "release", "basket360-bench")
TRUE_BG = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
TRUE_GG = dict(p=6.25, q=3.74, v=15.44)
SEED = 20261123


# ---------------------------------------------------------------------------------------------- data
def cdnow_full_summary() -> pd.DataFrame:
    path = os.path.join(os.path.dirname(lifetimes.__file__), "datasets", "CDNOW_master.txt")
    df = pd.read_csv(path, sep=r"\s+", header=0, names=["cid", "date", "cds", "dollars"],
                     dtype={"cid": str, "date": str})
    df["date"] = pd.to_datetime(df["date"], format="%Y%m%d")
    cal = df[df["date"] <= "1997-09-30"]
    s = summary_data_from_transaction_data(cal, "cid", "date", monetary_value_col="dollars",
                                           observation_period_end="1997-09-30", freq="D", freq_multiplier=7)
    return s[["frequency", "recency", "T", "monetary_value"]]


def synthetic_summary(n: int, days: bool) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    lam = rng.gamma(TRUE_BG["r"], 1.0 / TRUE_BG["alpha"], n)   # purchases per week
    p = rng.beta(TRUE_BG["a"], TRUE_BG["b"], n)                  # dropout after each repeat purchase
    if days:
        T = (273 - rng.integers(0, 84, n)) / 7.0
    else:
        T = (273 - rng.uniform(0, 84, n)) / 7.0
    t = np.zeros(n)
    x = np.zeros(n, dtype=np.int64)
    active = np.ones(n, dtype=bool)
    idx = np.arange(n)
    while idx.size:
        nxt = t[idx] + rng.exponential(1.0 / lam[idx])
        ok = nxt <= T[idx]
        idx = idx[ok]
        nxt = nxt[ok]
        t[idx] = nxt
        x[idx] += 1
        alive = rng.random(idx.size) >= p[idx]
        idx = idx[alive]
    tx = np.where(x > 0, t, 0.0)
    if days:
        tx = np.floor(tx * 7.0 + 1e-9) / 7.0
    # Gamma-Gamma: nu ~ Gamma(q, rate v); mean of x transactions ~ Gamma(p x, rate nu x).
    nu = rng.gamma(TRUE_GG["q"], 1.0 / TRUE_GG["v"], n)
    m = np.zeros(n)
    rep = x > 0
    m[rep] = rng.gamma(TRUE_GG["p"] * x[rep], 1.0 / (nu[rep] * x[rep]))
    return pd.DataFrame(dict(frequency=x.astype(float), recency=tx, T=T, monetary_value=m))


# ------------------------------------------------------------------------------ likelihoods (sums)
def bgnbd_ll(r, alpha, a, b, x, tx, T):
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(tx + alpha)
    mx = np.maximum(a3, a4)
    return float(np.sum(a1 + a2 + mx + np.log(np.exp(a3 - mx) + np.exp(a4 - mx) * (x > 0))))


def gg_ll(p, q, v, x, m):
    return float(np.sum(gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v)
                        + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(x * m + v)))


# ---------------------------------------------------------------------------------------- runners
def run_lifetimes(s: pd.DataFrame, repeats: int, budget: float):
    rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
    bg_times, gg_times = [], []
    bgf = ggf = None
    for i in range(repeats):
        t0 = time.perf_counter()
        bgf = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
        t1 = time.perf_counter()
        ggf = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
        t2 = time.perf_counter()
        bg_times.append(t1 - t0)
        gg_times.append(t2 - t1)
        print(f"    lifetimes run {i + 1}: BG/NBD {t1 - t0:.3f} s, Gamma-Gamma {t2 - t1:.3f} s", file=sys.stderr)
        if (t2 - t0) * (repeats - i - 1) > budget:
            print(f"    lifetimes: remaining repeats would exceed the {budget:.0f} s budget; stopping after {i + 1}",
                  file=sys.stderr)
            break
    return dict(
        bg=dict(r=bgf.params_["r"], alpha=bgf.params_["alpha"], a=bgf.params_["a"], b=bgf.params_["b"]),
        gg=dict(p=ggf.params_["p"], q=ggf.params_["q"], v=ggf.params_["v"]),
        bg_s=statistics.median(bg_times), gg_s=statistics.median(gg_times),
        fit_s=statistics.median([u + v for u, v in zip(bg_times, gg_times)]), runs=len(bg_times),
    )


def run_swift(csv: str, repeats: int, peer=None):
    cmd = [BINARY, "clv-summary", csv]
    if peer is not None:
        b, g = peer["bg"], peer["gg"]
        cmd += ["--eval-bgnbd", f"{float(b['r'])!r},{float(b['alpha'])!r},{float(b['a'])!r},{float(b['b'])!r}",
                "--eval-gamma-gamma", f"{float(g['p'])!r},{float(g['q'])!r},{float(g['v'])!r}"]
    outs, walls = [], []
    for i in range(repeats):
        t0 = time.perf_counter()
        res = subprocess.run(cmd, check=True, capture_output=True, text=True)
        walls.append(time.perf_counter() - t0)
        outs.append(json.loads(res.stdout))
        o = outs[-1]["times"]
        print(f"    swift run {i + 1}: fit {o['fit_s']:.3f} s (compress {o['compress_s']:.3f}, BG/NBD "
              f"{o['bgnbd_fit_s']:.3f}, GG {o['gg_fit_s']:.3f}), parse {o['parse_s']:.3f} s, process {walls[-1]:.3f} s",
              file=sys.stderr)
    out = outs[-1]
    med = lambda k: statistics.median(o["times"][k] for o in outs)  # noqa: E731
    out["median"] = dict(parse_s=med("parse_s"), compress_s=med("compress_s"), bgnbd_fit_s=med("bgnbd_fit_s"),
                         gg_fit_s=med("gg_fit_s"), fit_s=med("fit_s"), total_s=med("total_s"),
                         process_s=statistics.median(walls))
    return out


# ------------------------------------------------------------------------------------------ report
def fmt(v, digits=6):
    if isinstance(v, str):
        return v
    if v is None:
        return "—"
    return f"{v:.{digits}g}"


def compare(name: str, s: pd.DataFrame, csv: str, args, with_peer=True):
    print(f"\n== {name}: {len(s)} customers ==", file=sys.stderr)
    peer = run_lifetimes(s, args.repeats, args.peer_budget) if with_peer else None
    sw = run_swift(csv, args.repeats, peer)
    x, tx, T = s["frequency"].to_numpy(), s["recency"].to_numpy(), s["T"].to_numpy()
    rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
    xr, mr = rep["frequency"].to_numpy(), rep["monetary_value"].to_numpy()
    sb = sw["bgnbd"]["params"]
    sg = sw["gamma_gamma"]["params"]
    ll_bg_sw = bgnbd_ll(sb["r"], sb["alpha"], sb["a"], sb["b"], x, tx, T)
    ll_gg_sw = gg_ll(sg["p"], sg["q"], sg["gamma"], xr, mr)
    row = dict(name=name, customers=len(s), unique_rows=sw["bgnbd_unique_rows"], gg_customers=sw["gg_customers"],
               swift=sw, ll_bg_swift_numpy=ll_bg_sw, ll_gg_swift_numpy=ll_gg_sw)
    if peer:
        pb, pg = peer["bg"], peer["gg"]
        row["lifetimes"] = peer
        row["ll_bg_lifetimes_numpy"] = bgnbd_ll(pb["r"], pb["alpha"], pb["a"], pb["b"], x, tx, T)
        row["ll_gg_lifetimes_numpy"] = gg_ll(pg["p"], pg["q"], pg["v"], xr, mr)
    return row


def table(rows) -> str:
    cols = []
    for r in rows:
        sw, peer = r["swift"], r.get("lifetimes")
        cols.append((r["name"] + " · lifetimes", peer, sw, r, True))
        cols.append((r["name"] + " · Swift", peer, sw, r, False))
    lines = ["| | " + " | ".join(c[0] for c in cols) + " |", "|---|" + "---:|" * len(cols)]

    def add(label, f):
        lines.append(f"| {label} | " + " | ".join(f(*c[1:]) for c in cols) + " |")

    add("customers (BG/NBD)", lambda p, sw, r, lt: f"{r['customers']:,}")
    add("unique (x, t_x, T) rows", lambda p, sw, r, lt: "—" if lt else f"{r['unique_rows']:,}")
    add("customers (Gamma-Gamma)", lambda p, sw, r, lt: f"{r['gg_customers']:,}")
    for k in ["r", "alpha", "a", "b"]:
        add(k, lambda p, sw, r, lt, k=k: (fmt(p["bg"][k]) if p else "—") if lt else fmt(sw["bgnbd"]["params"][k]))
    for k, kk in [("p", "p"), ("q", "q"), ("γ (lifetimes v)", "gamma")]:
        add(k, lambda p, sw, r, lt, kk=kk: (fmt(p["gg"]["v" if kk == "gamma" else kk]) if p else "—") if lt
            else fmt(sw["gamma_gamma"]["params"][kk]))
    add("BG/NBD LL (same formula)", lambda p, sw, r, lt: (f"{r['ll_bg_lifetimes_numpy']:.6f}" if p else "—") if lt
        else f"{r['ll_bg_swift_numpy']:.6f}")
    add("BG/NBD LL rel. diff (Swift − lifetimes) / abs(lifetimes)", lambda p, sw, r, lt: "" if lt or not p else
        f"{(r['ll_bg_swift_numpy'] - r['ll_bg_lifetimes_numpy']) / abs(r['ll_bg_lifetimes_numpy']):.2e}")
    add("Gamma-Gamma LL (same formula)", lambda p, sw, r, lt: (f"{r['ll_gg_lifetimes_numpy']:.6f}" if p else "—") if lt
        else f"{r['ll_gg_swift_numpy']:.6f}")
    add("GG LL rel. diff", lambda p, sw, r, lt: "" if lt or not p else
        f"{(r['ll_gg_swift_numpy'] - r['ll_gg_lifetimes_numpy']) / abs(r['ll_gg_lifetimes_numpy']):.2e}")
    add("LL as the Swift module computes it (BG/NBD · GG)", lambda p, sw, r, lt:
        (f"{sw.get('eval_bgnbd_log_likelihood', float('nan')):.6f} · {sw.get('eval_gamma_gamma_log_likelihood', float('nan')):.6f}"
         if p else "—") if lt else f"{sw['bgnbd']['log_likelihood']:.6f} · {sw['gamma_gamma']['log_likelihood']:.6f}")
    add("iterations BG/NBD · GG (Swift: all attempts)", lambda p, sw, r, lt: "—" if lt else
        f"{sw['bgnbd']['iterations']} ({sw['bgnbd']['attempts']} att.) · {sw['gamma_gamma']['iterations']} ({sw['gamma_gamma']['attempts']} att.)")
    add("timed runs (median of)", lambda p, sw, r, lt: (str(p["runs"]) if p else "—") if lt else str(ARGS.repeats))
    add("BG/NBD fit s", lambda p, sw, r, lt: (f"{p['bg_s']:.3f}" if p else "—") if lt
        else f"{sw['median']['compress_s'] + sw['median']['bgnbd_fit_s']:.3f} (compress {sw['median']['compress_s']:.3f})")
    add("Gamma-Gamma fit s", lambda p, sw, r, lt: (f"{p['gg_s']:.3f}" if p else "—") if lt else f"{sw['median']['gg_fit_s']:.3f}")
    add("**both fits s**", lambda p, sw, r, lt: (f"**{p['fit_s']:.3f}**" if p else "—") if lt else f"**{sw['median']['fit_s']:.3f}**")
    add("Swift: CSV parse s · whole process s", lambda p, sw, r, lt: "" if lt else
        f"{sw['median']['parse_s']:.3f} · {sw['median']['process_s']:.3f}")
    add("**speed-up (lifetimes fit / Swift fit)**", lambda p, sw, r, lt: "" if lt or not p else
        f"**{p['fit_s'] / sw['median']['fit_s']:.1f}x**")
    add("speed-up vs whole Swift process", lambda p, sw, r, lt: "" if lt or not p else
        f"{p['fit_s'] / sw['median']['process_s']:.1f}x")
    return "\n".join(lines)


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workdir", default="/tmp/b360-clv")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--peer-budget", type=float, default=600.0,
                    help="stop repeating a lifetimes fit when the remaining repeats would take longer (s)")
    ap.add_argument("--continuous", action="store_true", help="also run Swift on continuous-time synthetic data")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--json", help="write all results to this file")
    ARGS = args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} missing: swift build -c release --product basket360-bench --scratch-path .build-bench")
    print(f"lifetimes {lifetimes.__version__}, numpy {np.__version__}, pandas {pd.__version__}", file=sys.stderr)

    rows = []
    t0 = time.perf_counter()
    s = cdnow_full_summary()
    csv = os.path.join(args.workdir, "cdnow_full_summary.csv")
    s.to_csv(csv, index=False, float_format="%.17g")
    print(f"cdnow-full summary: {len(s)} customers, {(s['frequency'] > 0).sum()} repeaters "
          f"({time.perf_counter() - t0:.1f} s) -> {csv}", file=sys.stderr)
    rows.append(compare("CDNOW full", s, csv, args))

    if not args.skip_synthetic:
        t0 = time.perf_counter()
        s = synthetic_summary(args.customers, days=True)
        csv = os.path.join(args.workdir, f"synthetic_{args.customers}_days.csv")
        s.to_csv(csv, index=False, float_format="%.17g")
        print(f"synthetic (days): {len(s)} customers, {(s['frequency'] > 0).sum()} repeaters, max x "
              f"{int(s['frequency'].max())} ({time.perf_counter() - t0:.1f} s) -> {csv}", file=sys.stderr)
        rows.append(compare(f"synthetic {args.customers:,} (days)", s, csv, args))
        if args.continuous:
            s = synthetic_summary(args.customers, days=False)
            csv = os.path.join(args.workdir, f"synthetic_{args.customers}_continuous.csv")
            s.to_csv(csv, index=False, float_format="%.17g")
            rows.append(compare(f"synthetic {args.customers:,} (continuous)", s, csv, args, with_peer=False))

    print(f"\nTrue synthetic parameters: BG/NBD {TRUE_BG}, Gamma-Gamma {TRUE_GG} (seed {SEED})")
    print(table(rows))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1, default=float)


if __name__ == "__main__":
    main()

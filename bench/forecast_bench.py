#!/usr/bin/env python3
"""Per-product weekly forecasts: Basket360 ETS auto selection (Swift) vs statsforecast AutoETS, one run.

Run from the repository root with the bench virtualenv (see bench/README.md):

    bench/.venv/bin/python bench/forecast_bench.py [--repeats 3] [--min-weeks 40] [--horizon 4] [--json FILE]

Series (built here from data/online_retail.csv.gz, UTF-8, ISO dates; nothing is written to the repository):

* sales lines only: InvoiceNo not starting with C or A, Quantity > 0, UnitPrice > 0;
* merchandise only: StockCode upper-cased and trimmed, not one of the non-merchandise codes of
  config/sources/online_retail.yml (POST, DOT, C2, M, D, BANK CHARGES, AMAZONFEE, CRUK, S, B, PADS) and not
  starting with GIFT_;
* weekly revenue (sum of Quantity * UnitPrice) in 7-day weeks ending on the last invoice day (2011-12-09,
  so weeks run Saturday..Friday); the leading partial week (2010-12-01..03) is dropped, leaving 53 complete
  weeks; weeks without sales are 0;
* the last --horizon (4) weeks are held out; a product is kept when its training window (first 49 weeks)
  has at least --min-weeks (40) weeks with non-zero revenue.

Methods, each on the same training windows, forecasting --horizon weeks:

* Swift: `basket360-bench ets-series` = ETSModel.fit(series, seasonPeriod: 1) (AICc over the admissible
  ETSSpec.candidates: with m = 1 that is ETS(A,N,N), (A,A,N), (A,Ad,N)) + pointForecast, one thread;
  time = the binary's own clock around the loop over all series, median of --repeats in-process runs.
* statsforecast AutoETS(season_length=1), model "ZZZ" (its default: errors A or M, trends N, A, Ad) and
  "AZN" (additive errors only, the Swift candidate set), StatsForecast(..., n_jobs=1).forecast(df, h);
  one untimed warm-up call on 10 series first (compilation/caching), then --repeats timed calls, median.
* naive (last training value), for scale.

MASE per series: MAE over the held-out weeks / in-sample MAE of the naive forecast (lag 1) on the training
window (Sources/Analytics/ForecastAccuracy.maseScale with m = 1) — the same scale for every method.
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

warnings.simplefilter("ignore")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build-bench", "release", "basket360-bench")
DATA = os.path.join(ROOT, "data", "online_retail.csv.gz")
NON_MERCHANDISE = {"POST", "DOT", "C2", "M", "D", "BANK CHARGES", "AMAZONFEE", "CRUK", "S", "B", "PADS"}
NON_MERCHANDISE_PREFIXES = ("GIFT_",)


def weekly_series(min_weeks: int, horizon: int) -> tuple[pd.DataFrame, dict]:
    df = pd.read_csv(DATA, encoding="utf-8", dtype={"InvoiceNo": str, "StockCode": str},
                     usecols=["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice"])
    n_lines = len(df)
    inv = df["InvoiceNo"].str.strip().str.upper()
    code = df["StockCode"].str.strip().str.upper()
    sales = ~inv.str.startswith(("C", "A")) & (df["Quantity"] > 0) & (df["UnitPrice"] > 0)
    merch = ~code.isin(NON_MERCHANDISE) & ~code.str.startswith(NON_MERCHANDISE_PREFIXES)
    keep = sales & merch
    d = pd.DataFrame({"code": code[keep], "revenue": (df["Quantity"] * df["UnitPrice"])[keep],
                      "day": pd.to_datetime(df.loc[keep, "InvoiceDate"]).dt.normalize()})
    last = d["day"].max()
    back = (last - d["day"]).dt.days // 7          # 0 = the week ending on the last day
    weeks = int(back.max())                        # the oldest block is partial: dropped
    d = d[back < weeks]
    d["week"] = (weeks - 1) - back[back < weeks]   # 0 .. weeks-1, chronological
    wide = d.pivot_table(index="code", columns="week", values="revenue", aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(columns=range(weeks), fill_value=0.0).astype(float)
    train_n = weeks - horizon
    nonzero = (wide.iloc[:, :train_n] > 0).sum(axis=1)
    chosen = wide[nonzero >= min_weeks]
    info = dict(lines=n_lines, sales_merch_lines=int(keep.sum()), products=int(wide.shape[0]), weeks=weeks,
                first_week_start=str((last - pd.Timedelta(days=7 * weeks - 1)).date()), last_day=str(last.date()),
                train_weeks=train_n, horizon=horizon, min_weeks=min_weeks, series=int(chosen.shape[0]))
    return chosen, info


def mase(actual: np.ndarray, forecast: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return np.mean(np.abs(actual - forecast), axis=1) / scale


def run_swift(train: pd.DataFrame, horizon: int, repeats: int, workdir: str):
    path = os.path.join(workdir, "series_train.csv")
    with open(path, "w") as f:
        f.write("id," + ",".join(f"w{k}" for k in range(train.shape[1])) + "\n")
        for code, row in zip(train.index, train.to_numpy()):
            f.write(code + "," + ",".join(repr(float(v)) for v in row) + "\n")
    out = os.path.join(workdir, "swift_forecasts.csv")
    t0 = time.perf_counter()
    res = subprocess.run([BINARY, "ets-series", path, "--horizon", str(horizon), "--season", "1",
                          "--repeats", str(repeats), "--out", out], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    meta = json.loads(res.stdout)
    fc = pd.read_csv(out, dtype={"id": str}, keep_default_na=False).set_index("id").loc[train.index]
    meta["process_s"] = wall
    return fc[[f"f{k + 1}" for k in range(horizon)]].astype(float).to_numpy(), fc["spec"], meta


def run_statsforecast(train: pd.DataFrame, horizon: int, repeats: int, model: str):
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    n, t = train.shape
    ds = pd.date_range("2010-12-04", periods=t, freq="7D")
    long = pd.DataFrame({"unique_id": np.repeat(train.index.to_numpy(), t), "ds": np.tile(ds, n),
                         "y": train.to_numpy().ravel()})

    def once(frame):
        sf = StatsForecast(models=[AutoETS(season_length=1, model=model)], freq="7D", n_jobs=1)
        return sf.forecast(df=frame, h=horizon)

    first_ids = set(train.index[:10])
    t0 = time.perf_counter()
    once(long[long["unique_id"].isin(first_ids)])
    warmup = time.perf_counter() - t0
    times, out = [], None
    for i in range(repeats):
        t0 = time.perf_counter()
        out = once(long)
        times.append(time.perf_counter() - t0)
        print(f"    statsforecast AutoETS {model} run {i + 1}: {times[-1]:.3f} s", file=sys.stderr)
    col = [c for c in out.columns if c not in ("unique_id", "ds")][0]
    if "unique_id" not in out.columns:
        out = out.reset_index()
    fc = out.pivot(index="unique_id", columns="ds", values=col).loc[train.index]
    return fc.to_numpy(dtype=float), dict(median_s=statistics.median(times), runs=times, warmup_10_series_s=warmup)


def summary(name, m, time_s, note=""):
    m = m[np.isfinite(m)]
    return dict(method=name, time_s=time_s, mean=float(np.mean(m)), median=float(np.median(m)), n=int(m.size),
                note=note)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workdir", default="/tmp/b360-forecast")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--min-weeks", type=int, default=40)
    ap.add_argument("--horizon", type=int, default=4)
    ap.add_argument("--json")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} missing: swift build -c release --product basket360-bench --scratch-path .build-bench")
    import statsforecast
    print(f"statsforecast {statsforecast.__version__}, pandas {pd.__version__}, numpy {np.__version__}",
          file=sys.stderr)

    t0 = time.perf_counter()
    wide, info = weekly_series(args.min_weeks, args.horizon)
    print(f"series: {info} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    h = args.horizon
    train, test = wide.iloc[:, :-h], wide.iloc[:, -h:].to_numpy()
    y = train.to_numpy()
    scale = np.mean(np.abs(np.diff(y, axis=1)), axis=1)

    print("Swift ETS ...", file=sys.stderr)
    sw_fc, sw_spec, sw_meta = run_swift(train, h, args.repeats, args.workdir)
    print(f"    swift: {sw_meta['fit_forecast_s_all']} s, failures {sw_meta['failures']}", file=sys.stderr)
    sf = {}
    for model in ("ZZZ", "AZN"):
        print(f"statsforecast AutoETS {model} ...", file=sys.stderr)
        sf[model] = run_statsforecast(train, h, args.repeats, model)

    m_sw = mase(test, sw_fc, scale)
    m_naive = mase(test, np.repeat(y[:, -1:], h, axis=1), scale)
    rows = [summary("Swift Analytics ETSModel.fit (AICc: ANN, AAN, AAdN)", m_sw, sw_meta["fit_forecast_s"],
                    f"whole process {sw_meta['process_s']:.2f} s ({args.repeats} in-process runs + start-up + CSV); failures {sw_meta['failures']}")]
    m_sf = {}
    for model, (fc, meta) in sf.items():
        m_sf[model] = mase(test, fc, scale)
        rows.append(summary(f"statsforecast AutoETS model={model}", m_sf[model], meta["median_s"],
                            f"warm-up on 10 series {meta['warmup_10_series_s']:.2f} s (not counted)"))
    rows.append(summary("naive (last value)", m_naive, None))

    print(f"\nSeries: {info['series']} merchandise products with ≥ {args.min_weeks} non-zero weeks of "
          f"{info['train_weeks']} training weeks ({info['weeks']} complete weeks {info['first_week_start']} .. "
          f"{info['last_day']}, last {h} held out); {info['products']} products in total.")
    print("\n| method | fit + forecast s (median of %d) | time / Swift | MASE mean | MASE median | series | note |"
          % args.repeats)
    print("|---|---:|---:|---:|---:|---:|---|")
    base = sw_meta["fit_forecast_s"]
    for r in rows:
        ts = "—" if r["time_s"] is None else f"{r['time_s']:.3f}"
        ratio = "—" if r["time_s"] is None else f"{r['time_s'] / base:.1f}x"
        print(f"| {r['method']} | {ts} | {ratio} | {r['mean']:.4f} | {r['median']:.4f} | {r['n']} | {r['note']} |")
    for model in m_sf:
        both = np.isfinite(m_sw) & np.isfinite(m_sf[model])
        better = int(np.sum(m_sw[both] < m_sf[model][both] - 1e-12))
        worse = int(np.sum(m_sw[both] > m_sf[model][both] + 1e-12))
        print(f"\nSwift vs AutoETS {model}: Swift MASE lower on {better}, higher on {worse}, equal on "
              f"{int(both.sum()) - better - worse} of {int(both.sum())} series; mean difference "
              f"{np.mean(m_sw[both] - m_sf[model][both]):+.4f}.")
    print("\nSwift specifications chosen: " + ", ".join(f"{k} {v}" for k, v in sw_meta["specs"].items()))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(info=info, rows=rows, swift=sw_meta,
                           statsforecast={k: v[1] for k, v in sf.items()}), f, indent=1, default=float)


if __name__ == "__main__":
    main()

"""Reference ETS fits of the airline passengers series with statsmodels' ETSModel.

Run: bench/.venv/bin/python bench/peers/ets_reference.py  (writes ets_reference.json next to this file
and a copy to Tests/AnalyticsTests/Fixtures/ for the Swift tests).
Seasonal initial states are written in "observation order": initial_seasonal[j] is the seasonal
state used by the forecast of observation j (0-based), j = 0..m-1; statsmodels fixes
initial_seasonal[0] to 0 (additive) or 1 (multiplicative).
"""
import csv
import json
import math
import os
import warnings

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "Tests", "AnalyticsTests", "Fixtures", "airpassengers.csv")

with open(FIXTURE) as f:
    rows = list(csv.DictReader(f))
values = np.array([float(r["passengers"]) for r in rows])
assert len(values) == 144 and values.sum() == 40363
index = pd.period_range("1949-01", periods=144, freq="M")
y = pd.Series(values, index=index)

SPECS = {
    "AAA": dict(error="add", trend="add", seasonal="add", damped_trend=False),
    "AAdA": dict(error="add", trend="add", seasonal="add", damped_trend=True),
    "MAM": dict(error="mul", trend="add", seasonal="mul", damped_trend=False),
    "MAdM": dict(error="mul", trend="add", seasonal="mul", damped_trend=True),
    "ANN": dict(error="add", trend=None, seasonal=None, damped_trend=False),
    "AAN": dict(error="add", trend="add", seasonal=None, damped_trend=False),
    "AAdN": dict(error="add", trend="add", seasonal=None, damped_trend=True),
}
H = 24
out = {"statsmodels": statsmodels.__version__, "series": "AirPassengers 1949-1960", "n": 144, "m": 12,
       "h": H, "models": {}}
for name, spec in SPECS.items():
    seasonal = spec["seasonal"] is not None
    model = ETSModel(y, seasonal_periods=12 if seasonal else None, **spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = model.fit(disp=False, maxiter=10000)
    n = res.nobs
    k_sm = int(res.df_model)  # statsmodels: smoothing + 1 + trend + m seasonal + 1 (sigma)
    k_r = k_sm - 1 if seasonal else k_sm  # Hyndman/R convention: m - 1 free seasonal states
    aicc_r = -2 * res.llf + 2 * k_r + 2 * k_r * (k_r + 1) / (n - k_r - 1)
    entry = {
        "alpha": float(res.smoothing_level),
        "beta": float(res.smoothing_trend) if spec["trend"] else None,
        "gamma": float(res.smoothing_seasonal) if seasonal else None,
        "phi": float(res.damping_trend) if spec["damped_trend"] else None,
        "initial_level": float(res.initial_level),
        "initial_trend": float(res.initial_trend) if spec["trend"] else None,
        "initial_seasonal": [float(v) for v in res.initial_seasonal] if seasonal else None,
        "llf": float(res.llf),
        "llf_recomputed": float(model.loglike(res.params)),
        "aicc_statsmodels": float(res.aicc),
        "df_model_statsmodels": k_sm,
        "aicc_hyndman": float(aicc_r),
        "k_hyndman": k_r,
        "mse": float(res.mse),
        "converged": bool(res.mle_retvals.get("converged", True)) if isinstance(res.mle_retvals, dict) else None,
    }
    if spec["error"] == "add":
        pred = res.get_prediction(start=n, end=n + H - 1)
    else:
        pred = res.get_prediction(start=n, end=n + H - 1, method="simulated", simulate_repetitions=20000,
                                  rng=np.random.default_rng(12345))
    entry["interval_method"] = "exact" if spec["error"] == "add" else "simulated(20000)"
    entry["forecast"] = [float(v) for v in res.forecast(H)]
    for level in (80, 95):
        pi = pred.pred_int(alpha=1 - level / 100)
        pi = np.asarray(pi)
        entry[f"lower{level}"] = [float(v) for v in pi[:, 0]]
        entry[f"upper{level}"] = [float(v) for v in pi[:, 1]]
    out["models"][name] = entry
    print(f"{name}: llf={res.llf:.4f} aicc_sm={res.aicc:.3f} aicc_R={aicc_r:.3f} alpha={entry['alpha']:.4f} "
          f"beta={entry['beta']} gamma={entry['gamma']} phi={entry['phi']} f1={entry['forecast'][0]:.2f}")

for target in (os.path.join(HERE, "ets_reference.json"),
               os.path.join(HERE, "..", "..", "Tests", "AnalyticsTests", "Fixtures", "ets_reference.json")):
    with open(target, "w") as f:
        json.dump(out, f, indent=1)

#!/usr/bin/env python3
"""Cross-check with the lifetimes package (run with bench/.venv/bin/python).

Uses lifetimes.utils.summary_data_from_transaction_data(freq='D', freq_multiplier=7)
with observation_period_end=1997-09-30, then BetaGeoFitter and GammaGammaFitter.
"""
import json
import sys
import warnings

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

warnings.simplefilter("ignore")
path = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/CDNOW_sample.txt"
df = pd.read_csv(path, sep=r"\s+", header=None, names=["master", "cid", "date", "cds", "dollars"],
                 dtype={"date": str})
df["date"] = pd.to_datetime(df["date"], format="%Y%m%d")
cal = df[df["date"] <= "1997-09-30"]
s = summary_data_from_transaction_data(cal, "cid", "date", monetary_value_col="dollars",
                                       observation_period_end="1997-09-30", freq="D", freq_multiplier=7)
bgf = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
rep = s[s["frequency"] > 0]
ggf = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
ids = [1, 2, 18, 1516]
sub = s.loc[ids]
out = dict(
    bgnbd={k: float(v) for k, v in bgf.params_.items()},
    gammaGamma={k: float(v) for k, v in ggf.params_.items()},
    pAlive=dict(zip(map(str, ids), map(float, bgf.conditional_probability_alive(sub["frequency"], sub["recency"], sub["T"])))),
    condExp39=dict(zip(map(str, ids), map(float, bgf.conditional_expected_number_of_purchases_up_to_time(39, sub["frequency"], sub["recency"], sub["T"])))),
    summary={str(i): [float(v) for v in s.loc[i, ["frequency", "recency", "T", "monetary_value"]]] for i in ids},
)
print(json.dumps(out, indent=2))

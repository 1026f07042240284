#!/usr/bin/env python3
"""The seed's ingest approach, as the pandas peer of bench/ingest_bench.py.

    bench/.venv/bin/python bench/pandas_peer.py FILE.csv[.gz] SQLALCHEMY_URL

Exactly what it does (nothing else):
1. pd.read_csv(FILE, parse_dates=["InvoiceDate"], dtype={"InvoiceNo": str, "StockCode": str})
   (gzip inferred from the name; CustomerID stays float64 with NaN for guests);
2. df.drop_duplicates() — exact duplicate lines (5,268 on the UCI file);
3. revenue = Quantity * UnitPrice;
4. split on InvoiceNo starting with "C": cancellations -> table `returns`, the rest -> table `sales`
   (no further rules: no adjustments, no dimension tables, guests kept);
5. DataFrame.to_sql(name, engine, if_exists="replace", index=False) for both tables, through
   SQLAlchemy 2 + psycopg 3 (default method: executemany, batched by SQLAlchemy's insertmanyvalues).
Prints one JSON line with the row counts.
"""
import json
import sys

import pandas as pd
from sqlalchemy import create_engine

path, url = sys.argv[1], sys.argv[2]
df = pd.read_csv(path, parse_dates=["InvoiceDate"], dtype={"InvoiceNo": str, "StockCode": str})
rows_in = len(df)
df = df.drop_duplicates()
df["revenue"] = df["Quantity"] * df["UnitPrice"]
cancel = df["InvoiceNo"].str.startswith("C")
returns, sales = df[cancel], df[~cancel]
engine = create_engine(url)
sales.to_sql("sales", engine, if_exists="replace", index=False)
returns.to_sql("returns", engine, if_exists="replace", index=False)
engine.dispose()
print(json.dumps(dict(rows_in=rows_in, duplicates=rows_in - len(df), sales=len(sales), returns=len(returns))))

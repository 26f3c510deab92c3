#!/usr/bin/python3
"""Trains the quickstart's XGBoost model on the bank-marketing calls (the recipe behind bank-xgboost.json).

Run from the repository root with Debian's packages (no PyPI):
    apt-get install -y python3-xgboost        # xgboost 1.7.4, numpy 1.24.2 on Debian 12
    /usr/bin/python3 examples/quickstart/xgboost/train_xgboost.py

Training period: the first 30,430 calls (May 2008 - April 2009), as in Quickstart.java. Only what describes the
customer and their contact history is used, the same features as the quickstart's logistic model: duration is left out
(it is only known after the call, it leaks the outcome); month and day_of_week are left out (they say when a call was
made, not who was called: the held-out period's months belong to another year with another base rate); the five
macro-economic columns (emp.var.rate, cons.price.idx, cons.conf.idx, euribor3m, nr.employed) are left out (one value
per month, they identify the period, and the held-out period's values lie outside the training range). Categorical features are XGBoost native categories, coded by their
position in the sorted training levels (written to bank-xgboost.categories; a level unseen in training is
missing for the model). pdays = 999 ("never contacted") is missing. Deterministic: hist, one thread, no sampling.
"""
import csv
import gzip
import json
import os

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "src", "main", "resources", "dev", "scoring", "examples", "quickstart")
TRAIN_ROWS = 30430
NUMBERS = ["age", "campaign", "pdays", "previous"]
CATEGORIES = ["job", "marital", "education", "default", "housing", "loan", "contact", "poutcome"]

with gzip.open(os.path.join(RES, "bank-additional-full.csv.gz"), "rt", encoding="utf-8") as f:
    rows = list(csv.reader(f, delimiter=";"))
header, rows = rows[0], rows[1:TRAIN_ROWS + 1]
col = {name: i for i, name in enumerate(header)}
levels = {c: sorted({r[col[c]] for r in rows}) for c in CATEGORIES}
features = NUMBERS + CATEGORIES
X = np.full((len(rows), len(features)), np.nan, dtype=np.float64)
for i, r in enumerate(rows):
    for j, name in enumerate(NUMBERS):
        v = float(r[col[name]])
        if not (name == "pdays" and v == 999):
            X[i, j] = v
    for k, name in enumerate(CATEGORIES):
        X[i, len(NUMBERS) + k] = levels[name].index(r[col[name]])
y = np.array([1.0 if r[col["y"]] == "yes" else 0.0 for r in rows])

dtrain = xgb.DMatrix(X, label=y, feature_names=features, feature_types=["q"] * len(NUMBERS) + ["c"] * len(CATEGORIES),
                     enable_categorical=True, missing=np.nan)
params = {"objective": "binary:logistic", "tree_method": "hist", "max_depth": 4, "eta": 0.1, "min_child_weight": 5,
          "lambda": 1.0, "max_cat_to_onehot": 1, "nthread": 1, "seed": 0, "eval_metric": "auc"}
booster = xgb.train(params, dtrain, num_boost_round=150)
booster.save_model(os.path.join(RES, "bank-xgboost.json"))
with open(os.path.join(RES, "bank-xgboost.categories"), "w", encoding="utf-8") as f:
    f.write("# feature: levels in code order (code = position), from the training period; written by train_xgboost.py\n")
    for c in CATEGORIES:
        f.write(c + ": " + " | ".join(levels[c]) + "\n")
# a few predictions for the parity test (training rows 1-5), at full precision
with open(os.path.join(HERE, "expected-predictions.txt"), "w", encoding="utf-8") as f:
    for p in booster.predict(xgb.DMatrix(X[:5], feature_names=features,
                                         feature_types=["q"] * len(NUMBERS) + ["c"] * len(CATEGORIES),
                                         enable_categorical=True, missing=np.nan)):
        f.write(repr(float(p)) + "\n")
print("trained on", len(rows), "calls,", int(y.sum()), "subscribed; xgboost", xgb.__version__, "numpy", np.__version__)

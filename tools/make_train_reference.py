#!/usr/bin/env python3
"""Reference figures for the trainer (tests/train): two generated datasets, LightGBM's and scikit-learn's
test ROC AUC with the parameters the Rust tests use.

Writes tests/fixtures/train/<name>/{train,test}.csv.gz (columns f0.., label last; empty = NaN) and
tests/fixtures/train/reference.json. Run from the repository root:  python3 tools/make_train_reference.py
Deterministic: numpy's PCG64 with fixed seeds; LightGBM with deterministic=True, one thread.
"""
import gzip
import json
import os

import lightgbm
import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score

OUT = os.path.join("tests", "fixtures", "train")

# Parameters shared with tests/train (LightGBM's defaults spelled out, plus one bagged variant).
GBDT = {"default": dict(num_iterations=100, learning_rate=0.1, num_leaves=31, min_data_in_leaf=20),
        "bagged": dict(num_iterations=150, learning_rate=0.05, num_leaves=15, min_data_in_leaf=10,
                       lambda_l2=1.0, feature_fraction=0.8, bagging_fraction=0.7, bagging_freq=1),
        # L1 soft threshold, clamped leaf outputs and a minimum split gain (issue 4 §1 parameter gaps).
        "l1": dict(num_iterations=100, learning_rate=0.1, num_leaves=31, min_data_in_leaf=20, lambda_l1=5.0),
        "max_delta_step": dict(num_iterations=100, learning_rate=0.1, num_leaves=31, min_data_in_leaf=20,
                               max_delta_step=0.3),
        "min_gain": dict(num_iterations=100, learning_rate=0.1, num_leaves=31, min_data_in_leaf=20,
                         min_gain_to_split=0.5)}
FOREST = dict(n_estimators=100, max_depth=12, min_samples_leaf=2, max_features="sqrt")
# The forest with class weights (scikit-learn's class_weight={0: 1, 1: 4}).
CLASS_WEIGHT = {0: 1.0, 1: 4.0}


def interactions(rng, n):
    """8 features: smooth and interacting signal, two columns with 15 % NaN, a small-integer column."""
    x = rng.normal(size=(n, 8))
    x[:, 3] = rng.integers(0, 6, size=n)
    x[:, 5] = np.round(rng.exponential(2.0, size=n), 1)
    logit = 1.5 * np.sin(x[:, 0]) + x[:, 1] * x[:, 2] + 0.6 * (x[:, 3] == 2) - 0.4 * x[:, 5] + 0.8 * x[:, 6] ** 2 - 1.0
    missing = rng.random(size=(n, 2)) < 0.15
    # Missingness carries signal: NaN in column 6 raises the odds.
    logit = logit + 1.0 * missing[:, 1]
    x[missing[:, 0], 4] = np.nan
    x[missing[:, 1], 6] = np.nan
    y = rng.random(n) < 1 / (1 + np.exp(-3 * logit))
    return x, y


def imbalanced(rng, n):
    """6 heavy-tailed, tied features, about 8 % positives (packet-length-like and port-like columns)."""
    x = np.column_stack([
        np.round(rng.lognormal(5, 1.2, size=n)),
        rng.integers(0, 1024, size=n).astype(float),
        np.round(rng.exponential(0.05, size=n), 4),
        rng.integers(0, 3, size=n).astype(float),
        rng.normal(size=n),
        rng.standard_t(3, size=n),
    ])
    logit = -5.5 + 4.0 * (x[:, 0] < 60) + 3.0 * (x[:, 1] < 100) * (x[:, 3] == 1) + 2.0 * x[:, 4] - 20 * x[:, 2]
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    return x, y


def write_csv(path, x, y):
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write((",".join(f"f{i}" for i in range(x.shape[1])) + ",label\n").encode())
        for row, label in zip(x, y):
            cells = ["" if np.isnan(v) else f"{v:.6g}" for v in row]
            f.write((",".join(cells) + f",{int(label)}\n").encode())


def read_back(path):
    """The values exactly as the Rust test reads them (after the %.6g rounding)."""
    with gzip.open(path, "rt") as f:
        lines = f.read().splitlines()[1:]
    rows = [[float(c) if c else np.nan for c in line.split(",")] for line in lines]
    a = np.array(rows)
    return a[:, :-1], a[:, -1].astype(bool)


def main():
    reference = {"lightgbm": lightgbm.__version__, "sklearn": sklearn.__version__, "gbdt_params": GBDT,
                 "forest_params": FOREST, "forest_class_weight": CLASS_WEIGHT, "datasets": {}}
    for name, make, seed in [("interactions", interactions, 11), ("imbalanced", imbalanced, 12)]:
        rng = np.random.default_rng(seed)
        x, y = make(rng, 10_000)
        os.makedirs(os.path.join(OUT, name), exist_ok=True)
        write_csv(os.path.join(OUT, name, "train.csv.gz"), x[:5000], y[:5000])
        write_csv(os.path.join(OUT, name, "test.csv.gz"), x[5000:], y[5000:])
        xtr, ytr = read_back(os.path.join(OUT, name, "train.csv.gz"))
        xte, yte = read_back(os.path.join(OUT, name, "test.csv.gz"))
        figures = {"train_rows": len(ytr), "test_rows": len(yte), "train_positives": int(ytr.sum())}
        for variant, params in GBDT.items():
            booster = lightgbm.train(dict(objective="binary", verbose=-1, num_threads=1, deterministic=True,
                                          seed=1, **params), lightgbm.Dataset(xtr, ytr.astype(int)))
            figures[f"lightgbm_{variant}_auc"] = roc_auc_score(yte, booster.predict(xte))
        # scikit-learn ≥ 1.4 learns a direction for NaN at each split, as our trees do.
        forest = RandomForestClassifier(random_state=1, n_jobs=1, **FOREST).fit(xtr, ytr)
        figures["sklearn_forest_auc"] = roc_auc_score(yte, forest.predict_proba(xte)[:, 1])
        weighted = RandomForestClassifier(random_state=1, n_jobs=1, class_weight=CLASS_WEIGHT, **FOREST).fit(xtr, ytr)
        figures["sklearn_forest_weighted_auc"] = roc_auc_score(yte, weighted.predict_proba(xte)[:, 1])
        reference["datasets"][name] = figures
        print(name, figures)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(reference, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""TreeSHAP speed, ours against shap's C++ TreeExplainer, side by side on the same seed-size models.

1. Builds 11 simple numeric features from the seed capture (default /tmp/seed/combined.csv) and fits
   the seed's two models: LightGBM 500 trees x 31 leaves (max_depth 10) and a scikit-learn forest of
   300 trees (max_depth 15). They are written to target/bench-shap/ as lgbm.txt (LightGBM text) and
   forest.json (the project's model file, by tools/sklearn_forest_to_model.py), with 200 rows to
   explain (lgbm_rows.json, forest_rows.json).
   Models are cached there; --refit rebuilds them.
2. Builds the bench, then times shap.TreeExplainer(model).shap_values on those rows (best of 3),
   runs `cargo bench --bench shap` (criterion; same rows, same models), times shap again, and prints a
   Markdown table: best shap time against our fastest criterion sample, and the speed-up.

Usage: python3 tools/bench_shap.py [--csv PATH] [--refit] [--skip-cargo] [--fit-only]
Needs: lightgbm, scikit-learn, shap, pandas, numpy (pip). Run on a quiet machine.
"""
import argparse
import importlib.util
import json
import os
import re
import subprocess
import time

import lightgbm as lgb
import numpy as np
import pandas as pd
import shap
from sklearn.ensemble import RandomForestClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench-shap")
spec = importlib.util.spec_from_file_location("fixtures", os.path.join(ROOT, "tools", "make_explain_fixtures.py"))
fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixtures)

NAMES = ["time_s", "length_bytes", "protocol", "source", "destination", "source_port", "destination_port",
         "syn", "ack", "info_length", "payload_bytes"]


def features(csv):
    df = pd.read_csv(csv, dtype=str, keep_default_na=False)
    minutes = df["Time"].str.extract(r"^(\d+):([\d.]+)$").astype(float)
    ports = df["Info"].str.extract(r"(\d+)\s+>\s+(\d+)").astype(float)
    x = np.column_stack([
        (minutes[0] * 60 + minutes[1]).to_numpy(),
        df["Length"].astype(float).to_numpy(),
        df["Protocol"].astype("category").cat.codes.to_numpy(),
        df["Source"].astype("category").cat.codes.to_numpy(),
        df["Destination"].astype("category").cat.codes.to_numpy(),
        ports[0].to_numpy(),
        ports[1].to_numpy(),
        df["Info"].str.contains("SYN").to_numpy(),
        df["Info"].str.contains("ACK").to_numpy(),
        df["Info"].str.len().to_numpy(),
        df["Info"].str.extract(r"Len=(\d+)")[0].astype(float).to_numpy(),
    ]).astype(float)
    y = (df["label"] == "malicious").to_numpy().astype(int)
    return x, y


def fit(csv):
    x, y = features(csv)
    rng = np.random.default_rng(0)
    order = rng.permutation(len(y))
    train, rows = order[:120_000], order[120_000:120_200]
    booster = lgb.train(dict(objective="binary", num_leaves=31, max_depth=10, learning_rate=0.05, verbose=-1,
                             num_threads=2, seed=0), lgb.Dataset(x[train], y[train]), 500)
    xf = np.nan_to_num(x, nan=-1.0)  # the forest gets no NaN (scikit-learn's NaN routing is not ours)
    # These simple features separate the classes almost perfectly, so the trees would stay small; 4 % of
    # flipped training labels make the forest grow to the seed forest's size (629k nodes, depth 15).
    noisy = np.where(rng.random(len(train)) < 0.04, 1 - y[train], y[train])
    forest = RandomForestClassifier(n_estimators=300, max_depth=15, random_state=0, n_jobs=2).fit(xf[train], noisy)
    os.makedirs(OUT, exist_ok=True)
    booster.save_model(os.path.join(OUT, "lgbm.txt"))
    import pickle
    with open(os.path.join(OUT, "forest.pkl"), "wb") as f:
        pickle.dump((forest, xf[rows]), f)
    with open(os.path.join(OUT, "rows.npy"), "wb") as f:
        np.save(f, x[rows])


def export(booster_rows, forest, forest_rows):
    """The files benches/shap.rs reads: forest.json (model file) and the rows of both models."""
    with open(os.path.join(OUT, "forest.json"), "w") as f:
        f.write(fixtures.forest_model_file(forest, NAMES))
    for name, data in [("lgbm", booster_rows), ("forest", forest_rows)]:
        with open(os.path.join(OUT, f"{name}_rows.json"), "w") as f:
            json.dump(fixtures.nan_to_none(data), f)


def time_shap(model, rows, n):
    explainer = shap.TreeExplainer(model)
    explainer.shap_values(rows[:2])  # warm-up
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        explainer.shap_values(rows[:n])
        best = min(best, time.perf_counter() - start)
    return best / n


def criterion_best(name):
    """Fastest criterion sample (seconds per row): best-of, like the shap timing, so that load from
    other processes on a shared machine biases neither side."""
    path = os.path.join(ROOT, "target", "criterion", "shap", name, "new", "sample.json")
    with open(path) as f:
        sample = json.load(f)
    return min(t / n for t, n in zip(sample["times"], sample["iters"])) * 1e-9  # ns -> s


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", default="/tmp/seed/combined.csv")
    parser.add_argument("--refit", action="store_true")
    parser.add_argument("--skip-cargo", action="store_true")
    parser.add_argument("--fit-only", action="store_true",
                        help="only fit/cache the models and write the bench files (tools/bench_wasm.sh uses this)")
    args = parser.parse_args()
    if args.refit or not os.path.exists(os.path.join(OUT, "forest.pkl")):
        fit(args.csv)
    import pickle
    booster = lgb.Booster(model_file=os.path.join(OUT, "lgbm.txt"))
    # For LightGBM, shap's TreeExplainer calls LightGBM's own pred_contrib, multi-threaded by default;
    # ours is single-threaded, so shap is also timed on one thread.
    booster_1t = lgb.Booster(model_file=os.path.join(OUT, "lgbm.txt"), params={"num_threads": 1})
    with open(os.path.join(OUT, "forest.pkl"), "rb") as f:
        forest, forest_rows = pickle.load(f)
    rows = np.load(os.path.join(OUT, "rows.npy"))
    export(rows, forest, forest_rows)
    if args.fit_only:
        return
    nodes = sum(e.tree_.node_count for e in forest.estimators_)
    depth = max(e.tree_.max_depth for e in forest.estimators_)
    if not args.skip_cargo:  # build first, so that compiling does not overlap any timing
        subprocess.run(["cargo", "bench", "--bench", "shap", "--no-run"], cwd=ROOT, check=True)
    shap_lgbm = time_shap(booster, rows, 200)
    shap_lgbm_1t = time_shap(booster_1t, rows, 200)
    shap_forest = time_shap(forest, forest_rows, 10)
    print(f"forest: {len(forest.estimators_)} trees, {nodes} nodes, depth {depth}")
    if not args.skip_cargo:
        subprocess.run(["cargo", "bench", "--bench", "shap", "--", "--noplot"], cwd=ROOT, check=True)
        # shap once more after ours: the best of both runs, as for ours.
        shap_lgbm = min(shap_lgbm, time_shap(booster, rows, 200))
        shap_lgbm_1t = min(shap_lgbm_1t, time_shap(booster_1t, rows, 200))
        shap_forest = min(shap_forest, time_shap(forest, forest_rows, 10))
    print("| model | shap TreeExplainer (ms/row) | ours, Algorithm 2 (ms/row) | ours, Linear (ms/row) | speed-up (best ours) |")
    print("|---|---|---|---|---|")
    for label, name, ref in [("LightGBM 500 × 31 leaves (shap: LightGBM pred_contrib, default threads)", "lgbm", shap_lgbm),
                             ("LightGBM 500 × 31 leaves (shap: LightGBM pred_contrib, 1 thread)", "lgbm", shap_lgbm_1t),
                             (f"forest 300 trees, depth {depth}, {nodes} nodes", "forest", shap_forest)]:
        try:
            path_dep = criterion_best(f"{name}_path_dependent_per_row")
            linear = criterion_best(f"{name}_linear_per_row")
            print(f"| {label} | {ref * 1e3:.3f} | {path_dep * 1e3:.3f} | {linear * 1e3:.3f} | "
                  f"{ref / min(path_dep, linear):.2f}× |")
        except FileNotFoundError:
            print(f"| {label} | {ref * 1e3:.3f} | (run cargo bench) | | |")


if __name__ == "__main__":
    main()

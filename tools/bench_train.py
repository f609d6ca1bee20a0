#!/usr/bin/env python3
"""Training speed, ours against LightGBM and scikit-learn, side by side in one run (issue 4 §7).

1. Builds the 11 simple numeric features of tools/bench_shap.py from the seed capture (default
   /tmp/seed/combined.csv), takes the same 120,000 training rows (seeded permutation), and writes them to
   target/bench-train/train.csv (f0..f10, `label`, and `noisy_label`: 4 % of labels flipped, as the forest
   of bench_shap.py is fitted, so that it grows to the seed forest's size). --data-only stops here.
2. Builds the bench (`cargo bench --bench train --no-run`), then per round: LightGBM fit (binary, 500 trees,
   31 leaves, max_depth 10, learning rate 0.05, 2 threads; Dataset construction included), scikit-learn
   RandomForestClassifier fit (300 trees, max_depth 15, n_jobs=2, on the noisy labels), and
   `cargo bench --bench train` (the same fits by our trainer, binning included, rayon on the 2 cores).
3. Prints a Markdown table of wall-clock seconds and process CPU seconds (all threads) per fit, and the
   ratios. Wall clock with 2 threads is what the targets are stated in; CPU time is shown because other
   processes share the machine.

Usage: python3 tools/bench_train.py [--csv PATH] [--rounds N] [--data-only]
Needs: lightgbm, scikit-learn, numpy, pandas (pip).
"""
import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import time

import lightgbm as lgb
import numpy as np
from sklearn.ensemble import RandomForestClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench-train")
spec = importlib.util.spec_from_file_location("bench_shap", os.path.join(ROOT, "tools", "bench_shap.py"))
bench_shap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_shap)

LIGHTGBM = dict(objective="binary", num_leaves=31, max_depth=10, learning_rate=0.05, verbose=-1, num_threads=2,
                seed=0)
TREES = 500
FOREST = dict(n_estimators=300, max_depth=15, random_state=0, n_jobs=2)


def data(csv):
    """The training rows of bench_shap.py's fit(), with its noisy forest labels."""
    x, y = bench_shap.features(csv)
    rng = np.random.default_rng(0)
    order = rng.permutation(len(y))
    train = order[:120_000]
    noisy = np.where(rng.random(len(train)) < 0.04, 1 - y[train], y[train])
    return x[train], y[train], noisy


def write(x, y, noisy):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "train.csv"), "w") as f:
        f.write(",".join(f"f{i}" for i in range(x.shape[1])) + ",label,noisy_label\n")
        for row, label, flipped in zip(x, y, noisy):
            cells = ["" if np.isnan(v) else repr(float(v)) for v in row]
            f.write(",".join(cells) + f",{int(label)},{int(flipped)}\n")


def timed(fit):
    wall, cpu = time.perf_counter(), time.process_time()
    fit()
    return time.perf_counter() - wall, time.process_time() - cpu


def ours():
    subprocess.run(["cargo", "bench", "--bench", "train", "--", "--noplot"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(OUT, "cpu.json")) as f:
        cpu = json.load(f)
    out = {}
    for name in ["gbdt_500_trees", "forest_300_trees"]:
        path = os.path.join(ROOT, "target", "criterion", "train", name, "new", "estimates.json")
        with open(path) as f:
            out[(name, "wall")] = json.load(f)["median"]["point_estimate"] / 1e9
        out[(name, "cpu")] = cpu[name]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", default="/tmp/seed/combined.csv")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--data-only", action="store_true")
    args = parser.parse_args()
    x, y, noisy = data(args.csv)
    write(x, y, noisy)
    if args.data_only:
        return
    xf = np.nan_to_num(x, nan=-1.0)  # as bench_shap.py: the forest gets no NaN
    subprocess.run(["cargo", "bench", "--bench", "train", "--no-run"], cwd=ROOT, check=True)
    rows = []
    for r in range(args.rounds):
        lgbm = timed(lambda: lgb.train(LIGHTGBM, lgb.Dataset(x, y), TREES))
        forest = timed(lambda: RandomForestClassifier(**FOREST).fit(xf, noisy))
        mine = ours()
        rows.append((lgbm, forest, mine))
        print(f"round {r + 1}: LightGBM {lgbm}, scikit-learn {forest}, ours {mine}", flush=True)
    print("| round | timing | LightGBM 500 trees (s) | ours (s) | ours / LightGBM | scikit-learn forest 300 × depth 15 (s) "
          "| ours (s) | scikit-learn / ours |")
    print("|---|---|---|---|---|---|---|---|")
    for i, (lgbm, forest, mine) in enumerate(rows):
        for label, k, kind in [("wall clock", 0, "wall"), ("CPU time (all threads)", 1, "cpu")]:
            g, f = mine[("gbdt_500_trees", kind)], mine[("forest_300_trees", kind)]
            print(f"| {i + 1} | {label} | {lgbm[k]:.2f} | {g:.2f} | {g / lgbm[k]:.2f}× | {forest[k]:.2f} | {f:.2f} "
                  f"| {forest[k] / f:.1f}× |")
    for label, k, kind in [("wall clock", 0, "wall"), ("CPU time", 1, "cpu")]:
        g = statistics.median(m[("gbdt_500_trees", kind)] / l[k] for l, _, m in rows)
        f = statistics.median(s[k] / m[("forest_300_trees", kind)] for _, s, m in rows)
        print(f"\nmedian ({label}): boosting ours / LightGBM {g:.2f}×, forest scikit-learn / ours {f:.1f}×", end="")
    print(f"\n\n1-minute load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")


if __name__ == "__main__":
    main()

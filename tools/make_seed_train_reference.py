#!/usr/bin/env python3
"""LightGBM's test ROC AUC on the seed data with the behavioural features (issue 4 §6), for
tests/train/seed.rs, which trains our boosting with the same parameters on the same rows and compares.

1. Computes our feature matrix of the seed capture with our own CLI (the features are the product's, so
   LightGBM must see exactly them): `cargo run --release -- features <seed> --save-schema ...`.
2. Keeps the behavioural columns (schema `identifies_capture: false`, the trainer's default inputs) and
   the label (malicious = 1). Rows (packets in file order, 0-based) with index % 8 == 0 are the training
   rows and index % 8 == 4 the test rows (a fixed, seed-free split both sides reproduce; a parity
   check, not a quality figure — the honest split is the card's).
3. Trains LightGBM (binary, PARAMS below, deterministic, one thread) and writes
   tests/fixtures/train/seed_reference.json: the feature names, row counts, parameters and test ROC AUC.

Usage: python3 tools/make_seed_train_reference.py [--seed ../shared/data/combined.csv.zip]
Needs: lightgbm, scikit-learn, pandas (pip), cargo.
"""
import argparse
import json
import os
import subprocess

import lightgbm
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "seed-train")
OUT = os.path.join(ROOT, "tests", "fixtures", "train", "seed_reference.json")
# LightGBM's defaults (spelled out), 100 rounds; the Rust test uses the same values.
PARAMS = dict(objective="binary", num_iterations=100, learning_rate=0.1, num_leaves=31, min_data_in_leaf=20,
              max_bin=255, deterministic=True, num_threads=1, seed=0, verbose=-1)
STRIDE, TRAIN, TEST = 8, 0, 4


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default=os.path.join(ROOT, "..", "shared", "data", "combined.csv.zip"))
    args = parser.parse_args()
    os.makedirs(WORK, exist_ok=True)
    features, schema = os.path.join(WORK, "features.csv"), os.path.join(WORK, "schema.json")
    subprocess.run(["cargo", "run", "--release", "--quiet", "--bin", "anomalyze", "--", "features", args.seed,
                    "-o", features, "--save-schema", schema], cwd=ROOT, check=True)
    with open(schema) as f:
        info = json.load(f)
    names = [c["name"] for c in info["features"] if not c["identifies_capture"]]
    df = pd.read_csv(features, usecols=names + ["label"], dtype={"label": str}, keep_default_na=False,
                     na_values={n: [""] for n in names})
    x = df[names].to_numpy(dtype=float)
    y = (df["label"] == "malicious").to_numpy().astype(int)
    index = np.arange(len(y))
    train, test = index % STRIDE == TRAIN, index % STRIDE == TEST
    booster = lightgbm.train(PARAMS, lightgbm.Dataset(x[train], y[train]))
    auc = roc_auc_score(y[test], booster.predict(x[test]))
    result = dict(rows=int(len(y)), train_rows=int(train.sum()), test_rows=int(test.sum()),
                  stride=STRIDE, train_offset=TRAIN, test_offset=TEST, features=names,
                  params={k: v for k, v in PARAMS.items() if k not in ("verbose",)},
                  lightgbm_version=lightgbm.__version__, lightgbm_test_auc=float(auc))
    with open(OUT, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(f"{len(names)} behavioural features, {train.sum()} train / {test.sum()} test rows: "
          f"LightGBM test ROC AUC {auc:.6f} -> {OUT}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference fixtures for src/explain: TreeSHAP values computed by LightGBM and shap.

Writes tests/fixtures/explain/*.json, each holding
  model      the model as text: LightGBM's model.txt, or the project's model file for scikit-learn
             forests (converted by tools/sklearn_forest_to_model.py),
  rows       input rows (null = missing),
  raw        the reference raw score (LightGBM raw_score / scikit-learn predict_proba[:, 1]),
  contrib    reference SHAP values, n_features + 1 per row, bias last,
and for the interventional fixture the background rows and shap's probability-space values.

Usage: python3 tools/make_explain_fixtures.py [--out tests/fixtures/explain]
Needs: lightgbm 4.x, scikit-learn, shap, numpy (pip).
"""
import argparse
import json
import os
import sys

import lightgbm as lgb
import numpy as np
import shap
from sklearn.ensemble import RandomForestClassifier

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sklearn_forest_to_model  # noqa: E402  (the engine's converter, tools/sklearn_forest_to_model.py)


def nan_to_none(a):
    return [[None if np.isnan(v) else float(v) for v in row] for row in a]


def data(seed, n, n_features, nan_rate=0.1, categorical=None):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, n_features))
    x[:, 1] = np.round(x[:, 1])  # many exact zeros and ties
    if categorical is not None:
        x[:, categorical] = rng.integers(0, 12, size=n)
    logit = 1.5 * x[:, 0] - x[:, 1] + 0.5 * x[:, 2] * x[:, 3] + (x[:, categorical] % 3 == 0 if categorical is not None else 0)
    y = (logit + rng.normal(scale=0.7, size=n) > 0).astype(int)
    if nan_rate:
        mask = rng.random(size=x.shape) < nan_rate
        x[mask] = np.nan
    return x, y


def forest_model_file(forest, names):
    """The forest as the project's model file (text), by the engine's converter."""
    return json.dumps(sklearn_forest_to_model.forest_to_model_file(forest, names), separators=(",", ":"))


def write(out, name, payload):
    with open(os.path.join(out, name), "w") as f:
        json.dump(payload, f, separators=(",", ":"))


def lightgbm_fixtures(out):
    names = [f"f{i}" for i in range(6)]
    x, y = data(1, 3000, 6, categorical=5)
    params = dict(objective="binary", num_leaves=15, learning_rate=0.2, min_data_in_leaf=5, verbose=-1,
                  num_threads=1, seed=1, max_cat_to_onehot=4)
    train = lambda p, rounds: lgb.train(p, lgb.Dataset(x, y, feature_name=names, categorical_feature=[5]), rounds)
    rows = x[:60]
    for name, p, rounds, mean in [
        ("lgbm_binary.json", params, 30, False),
        ("lgbm_zero_missing.json", dict(params, zero_as_missing=True), 20, False),
        ("lgbm_rf.json", dict(params, boosting="rf", bagging_fraction=0.7, bagging_freq=1, feature_fraction=0.8), 25, True),
    ]:
        booster = train(p, rounds)
        n_trees = booster.num_trees()
        raw = booster.predict(rows, raw_score=True, num_threads=1)
        contrib = booster.predict(rows, pred_contrib=True, num_threads=1)
        if mean:  # LightGBM sums rf trees in raw_score and pred_contrib; ours is the mean.
            raw, contrib = raw / n_trees, contrib / n_trees
        write(out, name, {"model": booster.model_to_string(), "rows": nan_to_none(rows), "raw": raw.tolist(),
                          "contrib": contrib.tolist()})
        if name == "lgbm_binary.json":
            # shap's own LightGBM reader does not follow categorical splits: a model without them.
            small = lgb.train(params, lgb.Dataset(x[:, :5], y, feature_name=names[:5]), 30)
            small_rows = x[:30, :5]
            background = x[100:140, :5]
            explainer = shap.TreeExplainer(small, data=background, feature_perturbation="interventional",
                                           model_output="probability")
            values = explainer.shap_values(small_rows)
            bias = np.full((len(small_rows), 1), float(np.ravel(explainer.expected_value)[0]))
            probability = small.predict(small_rows, num_threads=1)
            contrib = np.hstack([values, bias])
            # shap itself misses the probability by ~1e-8 here (its interventional code rounds more).
            assert np.abs(contrib.sum(axis=1) - probability).max() < 1e-7, "shap lost local accuracy"
            write(out, "lgbm_interventional.json", {
                "model": small.model_to_string(), "rows": nan_to_none(small_rows),
                "background": nan_to_none(background),
                "probability": probability.tolist(), "contrib": contrib.tolist()})


def forest_fixture(out):
    names = [f"f{i}" for i in range(5)]
    x, y = data(2, 1500, 5, nan_rate=0.0)
    forest = RandomForestClassifier(n_estimators=12, max_depth=8, random_state=0, n_jobs=1).fit(x, y)
    rows = x[:60]
    explainer = shap.TreeExplainer(forest)
    values = np.asarray(explainer.shap_values(rows))[:, :, 1]
    bias = np.full((len(rows), 1), float(np.ravel(explainer.expected_value)[1]))
    write(out, "forest.json", {"model": forest_model_file(forest, names), "rows": nan_to_none(rows),
                               "raw": forest.predict_proba(rows)[:, 1].tolist(),
                               "contrib": np.hstack([values, bias]).tolist()})


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="tests/fixtures/explain")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    lightgbm_fixtures(args.out)
    forest_fixture(args.out)

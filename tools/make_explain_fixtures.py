#!/usr/bin/env python3
"""Reference fixtures for src/explain: TreeSHAP values computed by LightGBM and shap.

Writes tests/fixtures/explain/*.json, each holding
  ensemble   the model in the project's serde JSON (an `Ensemble`), converted here from LightGBM's
             model text / scikit-learn's tree arrays,
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

import lightgbm as lgb
import numpy as np
import shap
from sklearn.ensemble import RandomForestClassifier


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


def lgb_trees(model_text):
    """The trees of a LightGBM model text as the project's `Tree` serde dictionaries."""
    trees, block = [], None
    for line in model_text.splitlines():
        if line.startswith("Tree="):
            block = {}
            trees.append(block)
        elif line.startswith("end of trees"):
            break
        elif block is not None and "=" in line:
            key, value = line.split("=", 1)
            block[key] = value.split(" ") if value else []
    out = []
    for b in trees:
        ints = lambda k: [int(v) for v in b.get(k, [])]
        floats = lambda k: [float(v) for v in b.get(k, [])]
        leaf_value = floats("leaf_value")
        out.append({
            "split_feature": ints("split_feature"),
            "threshold": floats("threshold"),
            "decision_type": ints("decision_type"),
            "left_child": ints("left_child"),
            "right_child": ints("right_child"),
            "internal_cover": floats("internal_count"),
            "leaf_value": leaf_value,
            "leaf_cover": floats("leaf_count") or [1.0] * len(leaf_value),
            "cat_boundaries": ints("cat_boundaries") or [0],
            "cat_threshold": ints("cat_threshold"),
        })
    return out


def lgb_component(booster, name, mean):
    return {
        "name": name,
        "trees": lgb_trees(booster.model_to_string()),
        "aggregation": "Mean" if mean else "Sum",
        "output": {"Sigmoid": {"scale": 1.0}},
        "f32_features": False,
        "weight": 1.0,
    }


def forest_component(forest, name):
    trees = []
    for estimator in forest.estimators_:
        t = estimator.tree_
        internal = [i for i in range(t.node_count) if t.children_left[i] != -1]
        leaves = [i for i in range(t.node_count) if t.children_left[i] == -1]
        index = {n: k for k, n in enumerate(internal)}
        index.update({n: ~k for k, n in enumerate(leaves)})
        value = t.value[:, 0, :]
        trees.append({
            "split_feature": [int(t.feature[i]) for i in internal],
            "threshold": [float(t.threshold[i]) for i in internal],
            "decision_type": [0] * len(internal),
            "left_child": [index[t.children_left[i]] for i in internal],
            "right_child": [index[t.children_right[i]] for i in internal],
            "internal_cover": [float(t.weighted_n_node_samples[i]) for i in internal],
            "leaf_value": [float(value[i, 1] / value[i].sum()) for i in leaves],
            "leaf_cover": [float(t.weighted_n_node_samples[i]) for i in leaves],
            "cat_boundaries": [0],
            "cat_threshold": [],
        })
    return {"name": name, "trees": trees, "aggregation": "Mean", "output": "Identity", "f32_features": True, "weight": 1.0}


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
        ensemble = {"feature_names": names, "components": [lgb_component(booster, "gbdt", mean)]}
        write(out, name, {"ensemble": ensemble, "rows": nan_to_none(rows), "raw": raw.tolist(),
                          "contrib": contrib.tolist()})
        if name == "lgbm_binary.json":
            # shap's own LightGBM reader does not follow categorical splits: a model without them.
            booster = lgb.train(params, lgb.Dataset(x[:, :5], y, feature_name=names[:5]), 30)
            ensemble = {"feature_names": names[:5], "components": [lgb_component(booster, "gbdt", False)]}
            rows = x[:30, :5]
            background = x[100:140, :5]
            explainer = shap.TreeExplainer(booster, data=background, feature_perturbation="interventional",
                                           model_output="probability")
            values = explainer.shap_values(rows)
            bias = np.full((len(rows), 1), float(np.ravel(explainer.expected_value)[0]))
            probability = booster.predict(rows, num_threads=1)
            contrib = np.hstack([values, bias])
            # shap itself misses the probability by ~1e-8 here (its interventional code rounds more).
            assert np.abs(contrib.sum(axis=1) - probability).max() < 1e-7, "shap lost local accuracy"
            write(out, "lgbm_interventional.json", {
                "ensemble": ensemble, "rows": nan_to_none(rows), "background": nan_to_none(background),
                "probability": probability.tolist(), "contrib": contrib.tolist()})


def forest_fixture(out):
    names = [f"f{i}" for i in range(5)]
    x, y = data(2, 1500, 5, nan_rate=0.0)
    forest = RandomForestClassifier(n_estimators=12, max_depth=8, random_state=0, n_jobs=1).fit(x, y)
    rows = x[:60]
    explainer = shap.TreeExplainer(forest)
    values = np.asarray(explainer.shap_values(rows))[:, :, 1]
    bias = np.full((len(rows), 1), float(np.ravel(explainer.expected_value)[1]))
    ensemble = {"feature_names": names, "components": [forest_component(forest, "forest")]}
    write(out, "forest.json", {"ensemble": ensemble, "rows": nan_to_none(rows),
                               "raw": forest.predict_proba(rows)[:, 1].tolist(),
                               "contrib": np.hstack([values, bias]).tolist()})


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="tests/fixtures/explain")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    lightgbm_fixtures(args.out)
    forest_fixture(args.out)

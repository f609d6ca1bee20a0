#!/usr/bin/env python3
"""Reference fixtures for the tree engine (inference and TreeSHAP), made by LightGBM, scikit-learn, shap.

    python3 tools/make_fixtures.py            # writes tests/fixtures/engine/<case>/ (committed, < 2 MB)
    python3 tools/make_fixtures.py --bench    # also the seed-size model for benches -> target/engine-bench/

Each case directory holds
    model.txt | model.json   the model (LightGBM text, or the forest converted by sklearn_forest_to_model.py)
    input.csv                rows in the model's feature order; missing = empty cell or "NaN"
    expected.csv             raw, probability  (raw: LightGBM predict(raw_score=True), divided by the tree
                             count for boosting=rf; forests: predict_proba[:, 1] for both)
    shap.csv                 one column per feature, then bias: LightGBM pred_contrib=True (divided by the
                             tree count for boosting=rf) or shap.TreeExplainer(forest).shap_values class 1
Numbers are written with %.17g (exact round trip).
"""
import json
import os
import sys

import lightgbm as lgb
import numpy as np
import shap
import sklearn
from sklearn.ensemble import RandomForestClassifier

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sklearn_forest_to_model import forest_to_model_file  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "tests", "fixtures", "engine")
NAMES = ["length_bytes", "inter_arrival_s", "ttl", "window", "proto_code", "port_class"]
N_TEST = 80


def make_data(rng, n, nan_frac=0.0, zero_frac=0.0, categorical=False, nan_signal=False):
    x = rng.normal(size=(n, len(NAMES)))
    x[:, 2] = np.round(x[:, 2] * 3)  # repeated values: thresholds fall between them
    if categorical:
        x[:, 4] = rng.integers(0, 40, n)
        x[:, 5] = rng.integers(0, 10, n)
    logit = x[:, 0] + 0.5 * x[:, 1] ** 2 - x[:, 2] * x[:, 3] * 0.3
    if categorical:
        logit += np.where(np.isin(x[:, 4], [1, 3, 5, 7, 33, 38]), 1.5, -0.5) + (x[:, 5] % 3 == 0)
    y = (logit + rng.normal(scale=0.7, size=n) > 0.4).astype(int)
    if nan_signal:  # missingness itself predicts the label: LightGBM splits NaN from all numbers (inf)
        x[(y == 1) & (rng.random(n) < 0.5), 3] = np.nan
    for col in (0, 1, 3):
        if zero_frac:
            x[rng.random(n) < zero_frac, col] = 0.0
        if nan_frac:
            x[rng.random(n) < nan_frac, col] = np.nan
    return x, y


def edge_rows(x_test, thresholds, categorical=False):
    """Rows that sit exactly on thresholds, at tiny/zero values, all-NaN, and odd categories."""
    rows = []
    for i, t in enumerate(thresholds[:12]):
        r = x_test[i % len(x_test)].copy()
        r[i % len(NAMES)] = t
        rows.append(r)
        r2 = r.copy()
        r2[i % len(NAMES)] = np.nextafter(np.float32(t), np.float32(np.inf)).astype(np.float64)
        rows.append(r2)
    rows.append(np.full(len(NAMES), np.nan))
    rows.append(np.zeros(len(NAMES)))
    rows.append(np.full(len(NAMES), 1e-36))
    rows.append(np.full(len(NAMES), -1e-36))
    if categorical:
        for v in [-1.0, -0.5, 3.7, 45.0, 1e10, np.nan]:
            r = x_test[0].copy()
            r[4] = v
            r[5] = v
            rows.append(r)
    return np.vstack([x_test] + rows)


def lgb_thresholds(booster):
    dump = booster.dump_model()["tree_info"]
    out = []

    def walk(node):
        if "split_index" in node:
            if node["decision_type"] == "<=":
                out.append(float(node["threshold"]))
            walk(node["left_child"])
            walk(node["right_child"])

    for t in dump[:4]:
        walk(t["tree_structure"])
    return out


def write_csv(path, header, rows, nan_as_empty_every=0):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for i, r in enumerate(rows):
            cells = []
            for v in r:
                if np.isnan(v):
                    cells.append("" if nan_as_empty_every and i % nan_as_empty_every == 0 else "NaN")
                else:
                    cells.append("%.17g" % v)
            f.write(",".join(cells) + "\n")


def write_case(name, model_text_or_json, x, raw, proba, contrib):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    if isinstance(model_text_or_json, str):
        open(os.path.join(d, "model.txt"), "w").write(model_text_or_json)
    else:
        json.dump(model_text_or_json, open(os.path.join(d, "model.json"), "w"))
    write_csv(os.path.join(d, "input.csv"), NAMES, x, nan_as_empty_every=2)
    write_csv(os.path.join(d, "expected.csv"), ["raw", "probability"], np.column_stack([raw, proba]))
    write_csv(os.path.join(d, "shap.csv"), NAMES + ["bias"], contrib)


def with_infinities(rng, x, y):
    """+inf in column 0 and -inf in column 1 (5 % each, more often for positives): splits at ±inf."""
    n = len(x)
    x[(rng.random(n) < 0.05) | ((y == 1) & (rng.random(n) < 0.05)), 0] = np.inf
    x[(rng.random(n) < 0.05) | ((y == 0) & (rng.random(n) < 0.05)), 1] = -np.inf
    return x


def lgb_case(name, rng, params, rounds, nan_frac=0.0, zero_frac=0.0, categorical=False, xentropy=False,
             nan_signal=False, infinities=False):
    x, y = make_data(rng, 3000, nan_frac, zero_frac, categorical, nan_signal)
    x_test, y_test = make_data(rng, N_TEST, nan_frac, zero_frac, categorical, nan_signal)
    if infinities:
        x, x_test = with_infinities(rng, x, y), with_infinities(rng, x_test, y_test)
    label = y.astype(float)
    if xentropy:
        label = np.clip(0.2 + 0.6 * y + rng.normal(scale=0.1, size=len(y)), 0, 1)
    if params.get("objective") == "regression":
        label = x[:, 0] * 2 + np.nan_to_num(x[:, 1]) + rng.normal(scale=0.3, size=len(y))
    cat = [4, 5] if categorical else "auto"
    base = {"verbose": -1, "num_threads": 1, "seed": 7, "deterministic": True}
    ds = lgb.Dataset(x, label=label, feature_name=NAMES, categorical_feature=cat, free_raw_data=False)
    booster = lgb.train({**base, **params}, ds, num_boost_round=rounds)
    x_all = edge_rows(x_test, lgb_thresholds(booster), categorical)
    text = booster.model_to_string()
    # round trip: LightGBM reloads its own text and predicts the same
    again = lgb.Booster(model_str=text)
    raw = booster.predict(x_all, raw_score=True, num_threads=1)
    assert np.array_equal(raw, again.predict(x_all, raw_score=True, num_threads=1))
    proba = booster.predict(x_all, num_threads=1)
    contrib = booster.predict(x_all, pred_contrib=True, num_threads=1)
    if params.get("boosting") == "rf":
        n = booster.num_trees()
        raw, contrib = raw / n, contrib / n
    write_case(name, text, x_all, raw, proba, contrib)
    return text


def forest_case(name, rng, n_trees, depth, nan_frac):
    x, y = make_data(rng, 2000, nan_frac)
    x_test, _ = make_data(rng, N_TEST, nan_frac)
    forest = RandomForestClassifier(n_estimators=n_trees, max_depth=depth, random_state=3, n_jobs=1)
    forest.fit(x, y)
    t = forest.estimators_[0].tree_
    if tuple(int(p) for p in sklearn.__version__.split(".")[:2]) >= (1, 4):
        sums = t.value[:, 0, :].sum(axis=1)
        assert np.allclose(sums, 1.0), "tree_.value is expected normalised in scikit-learn >= 1.4"
    thresholds = [float(v) for v in t.threshold[t.children_left != -1]]
    x_all = edge_rows(x_test, thresholds)
    proba = forest.predict_proba(x_all)[:, 1]
    explainer = shap.TreeExplainer(forest)
    sv = np.asarray(explainer.shap_values(x_all, check_additivity=False))
    sv1 = sv[:, :, 1] if sv.ndim == 3 and sv.shape[2] == 2 else sv[1]
    bias = np.full((len(x_all), 1), np.asarray(explainer.expected_value).reshape(-1)[1])
    write_case(name, forest_to_model_file(forest, NAMES), x_all, proba, proba, np.hstack([sv1, bias]))
    return forest


def check_decision_types(texts):
    """The fixtures must exercise every missing type and both default directions."""
    seen = set()
    for text in texts:
        for line in text.splitlines():
            if line.startswith("decision_type="):
                seen.update(int(v) for v in line.split("=")[1].split())
    missing = {(d >> 2) & 3 for d in seen if not d & 1}
    lefts = {bool(d & 2) for d in seen if (d >> 2) & 3}
    assert missing == {0, 1, 2}, f"missing types seen: {missing}"
    assert lefts == {True, False}, f"default directions seen: {lefts}"
    assert any(d & 1 for d in seen), "no categorical split"


def bench(rng):
    d = os.path.join(ROOT, "target", "engine-bench")
    os.makedirs(d, exist_ok=True)
    names = [f"f{i}" for i in range(11)]
    x = rng.normal(size=(120_000, 11))
    x[rng.random(x.shape) < 0.05] = np.nan
    y = ((np.nan_to_num(x[:, 0]) + np.nan_to_num(x[:, 1]) * np.nan_to_num(x[:, 2]) + rng.normal(size=len(x))) > 0)
    params = {"objective": "binary", "num_leaves": 31, "max_depth": 10, "learning_rate": 0.05,
              "verbose": -1, "num_threads": 2, "seed": 1, "min_data_in_leaf": 5}
    booster = lgb.train(params, lgb.Dataset(x, label=y, feature_name=names), num_boost_round=500)
    booster.save_model(os.path.join(d, "gbdt500.txt"))
    x_test = x[:10_000]
    np.savetxt(os.path.join(d, "input.csv"), x_test, delimiter=",", fmt="%.17g", header=",".join(names), comments="")
    print("bench model:", booster.num_trees(), "trees ->", d)


def main():
    rng = np.random.default_rng(2026)
    texts = [
        lgb_case("binary_nan", rng, {"objective": "binary", "num_leaves": 15}, 40, nan_frac=0.15),
        lgb_case("categorical", rng, {"objective": "binary", "num_leaves": 15, "min_data_per_group": 5,
                                      "cat_smooth": 1, "max_cat_to_onehot": 4}, 30, nan_frac=0.1,
                 categorical=True),
        lgb_case("zero_missing", rng, {"objective": "binary", "num_leaves": 15, "zero_as_missing": True},
                 30, zero_frac=0.3),
        lgb_case("no_missing", rng, {"objective": "binary", "num_leaves": 15, "use_missing": False}, 30,
                 nan_frac=0.1),
        lgb_case("rf", rng, {"objective": "binary", "boosting": "rf", "num_leaves": 15,
                             "bagging_fraction": 0.7, "bagging_freq": 1, "feature_fraction": 0.8}, 25,
                 nan_frac=0.1),
        lgb_case("shallow_sigmoid", rng, {"objective": "binary", "sigmoid": 0.5, "max_depth": 2,
                                          "num_leaves": 4}, 20),
        lgb_case("deep", rng, {"objective": "binary", "num_leaves": 80, "max_depth": 14,
                               "min_data_in_leaf": 2}, 12, nan_frac=0.05),
        lgb_case("regression", rng, {"objective": "regression", "num_leaves": 15}, 30, nan_frac=0.1),
        lgb_case("cross_entropy", rng, {"objective": "cross_entropy", "num_leaves": 15}, 30, xentropy=True),
        lgb_case("nan_split", rng, {"objective": "binary", "num_leaves": 8}, 15, nan_signal=True),
    ]
    assert "inf" in texts[-1], "nan_split should contain a threshold=inf split"
    check_decision_types(texts)
    forest_case("forest", rng, 12, 6, 0.0)
    forest_case("forest_nan", rng, 12, 7, 0.15)
    # Later cases draw from their own generator, so the cases above (and the bench model) stay as they were.
    extra = np.random.default_rng(2027)
    lgb_case("goss", extra, {"objective": "binary", "num_leaves": 15, "data_sample_strategy": "goss",
                             "top_rate": 0.3, "other_rate": 0.2, "learning_rate": 0.2}, 30, nan_frac=0.1)
    inf_text = lgb_case("infinities", extra, {"objective": "binary", "num_leaves": 15}, 30, nan_frac=0.05,
                        infinities=True)
    assert "goss" in open(os.path.join(OUT, "goss", "model.txt")).read(), "goss model"
    # LightGBM writes the split that sends only -inf left as threshold=-DBL_MAX (never -inf).
    assert "-1.7976931348623157e+308" in inf_text, "infinities should split -inf off at -DBL_MAX"
    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(OUT) for f in fs)
    print(f"fixtures: {total / 1e6:.2f} MB in {OUT}")
    assert total <= 2_000_000, "fixtures must stay under 2 MB"
    if "--bench" in sys.argv:
        bench(rng)


if __name__ == "__main__":
    main()

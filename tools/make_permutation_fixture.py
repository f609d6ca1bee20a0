#!/usr/bin/env python3
"""Reference fixtures for permutation importance and ROC AUC (scikit-learn).

Writes tests/fixtures/explain/permutation.json: a small scikit-learn forest (as the project's model file,
converted by tools/sklearn_forest_to_model.py), its rows and labels, and
sklearn.inspection.permutation_importance(scoring="roc_auc") means and stds; and
tests/fixtures/explain/roc_auc.json: labels and heavily tied scores with roc_auc_score.

Usage: python3 tools/make_permutation_fixture.py [--out tests/fixtures/explain]
"""
import argparse
import importlib.util
import json
import os

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.inspection import permutation_importance
from sklearn.metrics import roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("fixtures", os.path.join(HERE, "make_explain_fixtures.py"))
fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixtures)

N_REPEATS = 50


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="tests/fixtures/explain")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    names = [f"f{i}" for i in range(5)]
    x, y = fixtures.data(3, 700, 5, nan_rate=0.0)
    train, test = slice(0, 400), slice(400, 700)
    forest = RandomForestClassifier(n_estimators=8, max_depth=5, random_state=0, n_jobs=1).fit(x[train], y[train])
    result = permutation_importance(forest, x[test], y[test], scoring="roc_auc", n_repeats=N_REPEATS,
                                    random_state=0, n_jobs=1)
    baseline = roc_auc_score(y[test], forest.predict_proba(x[test])[:, 1])
    with open(os.path.join(args.out, "permutation.json"), "w") as f:
        json.dump({"model": fixtures.forest_model_file(forest, names), "rows": x[test].tolist(), "labels": y[test].astype(bool).tolist(),
                   "n_repeats": N_REPEATS, "baseline": baseline,
                   "mean": result.importances_mean.tolist(), "std": result.importances_std.tolist()},
                  f, separators=(",", ":"))
    rng = np.random.default_rng(4)
    labels = rng.random(500) < 0.3
    scores = np.round(rng.random(500) * 0.6 + labels * 0.3, 1)  # 10 distinct values: ties everywhere
    with open(os.path.join(args.out, "roc_auc.json"), "w") as f:
        json.dump({"labels": labels.tolist(), "scores": scores.tolist(),
                   "roc_auc": roc_auc_score(labels, scores)}, f)


if __name__ == "__main__":
    main()

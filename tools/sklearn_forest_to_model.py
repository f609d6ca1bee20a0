#!/usr/bin/env python3
"""Convert a fitted scikit-learn RandomForestClassifier (binary) into an Anomalyze model file.

Usage as a tool:   python3 tools/sklearn_forest_to_model.py forest.joblib model.json [--names a,b,c]
Usage as a module: forest_to_component(forest) / forest_to_model_file(forest, feature_names)

Semantics (see docs/model-file.md):
- leaf value = class-1 probability of the leaf, value[:, 1] / value.sum() — scikit-learn >= 1.4 stores
  normalised fractions in tree_.value already; dividing again reproduces predict_proba's normalisation.
- covers = tree_.weighted_n_node_samples (what shap.TreeExplainer uses).
- f32_features = true: scikit-learn casts X to float32 and sends x <= threshold (float64) left.
- missing values: tree_.missing_go_to_left -> LightGBM decision type "missing type NaN" with default-left.
- a threshold of +inf (scikit-learn's split of missing values from all numbers) becomes the largest
  double: identical except for an input of exactly +inf.
- aggregation "mean": predict_proba is the sum of the trees' probabilities divided by their number.
"""
import json
import sys

import numpy as np

MISSING_NAN = 2 << 2  # LightGBM decision_type bits 2-3 = 2 (NaN)
DEFAULT_LEFT = 2      # LightGBM decision_type bit 1


def tree_to_dict(estimator):
    t = estimator.tree_
    if t.n_outputs != 1 or t.value.shape[2] != 2:
        raise ValueError("only binary single-output classifiers are supported")
    left, right = t.children_left, t.children_right
    is_leaf = left == -1
    internal_id, leaf_id = {}, {}
    for node in range(t.node_count):
        (leaf_id if is_leaf[node] else internal_id)[node] = len(leaf_id if is_leaf[node] else internal_id)

    def ref(node):
        return internal_id[node] if not is_leaf[node] else -1 - leaf_id[node]

    go_left = getattr(t, "missing_go_to_left", np.zeros(t.node_count, dtype=np.uint8))
    value = t.value[:, 0, :].astype(np.float64)
    proba = value[:, 1] / value.sum(axis=1)
    out = {k: [] for k in ["split_feature", "threshold", "decision_type", "left_child", "right_child",
                           "internal_cover", "leaf_value", "leaf_cover"]}
    for node in range(t.node_count):
        if is_leaf[node]:
            out["leaf_value"].append(float(proba[node]))
            out["leaf_cover"].append(float(t.weighted_n_node_samples[node]))
        else:
            out["split_feature"].append(int(t.feature[node]))
            threshold = float(t.threshold[node])
            if threshold == np.inf:
                # scikit-learn's "missing values only" split: x <= inf sends every number left. The model
                # file needs finite thresholds; the largest double differs only for x = +inf itself.
                threshold = sys.float_info.max
            out["threshold"].append(threshold)
            out["decision_type"].append(MISSING_NAN | (DEFAULT_LEFT if go_left[node] else 0))
            out["left_child"].append(ref(left[node]))
            out["right_child"].append(ref(right[node]))
            out["internal_cover"].append(float(t.weighted_n_node_samples[node]))
    return out


def forest_to_component(forest, name="forest", weight=1.0):
    """One model-file component (a dict) for a fitted binary RandomForestClassifier."""
    if list(forest.classes_) != [0, 1] and len(forest.classes_) != 2:
        raise ValueError("only binary classifiers are supported")
    return {
        "name": name,
        "aggregation": "mean",
        "output": {"kind": "identity"},
        "f32_features": True,
        "weight": float(weight),
        "trees": [tree_to_dict(e) for e in forest.estimators_],
    }


def forest_to_model_file(forest, feature_names, name="forest", weight=1.0):
    """A complete version-1 model file (a dict) holding just this forest."""
    if len(feature_names) != forest.n_features_in_:
        raise ValueError(f"{len(feature_names)} names for {forest.n_features_in_} features")
    return {
        "format": "anomalyze-model",
        "version": 1,
        "feature_names": list(feature_names),
        "components": [forest_to_component(forest, name, weight)],
    }


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    import joblib

    forest = joblib.load(argv[1])
    names = None
    if "--names" in argv:
        names = argv[argv.index("--names") + 1].split(",")
    elif hasattr(forest, "feature_names_in_"):
        names = list(forest.feature_names_in_)
    else:
        names = [f"f{i}" for i in range(forest.n_features_in_)]
    with open(argv[2], "w") as f:
        json.dump(forest_to_model_file(forest, names), f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

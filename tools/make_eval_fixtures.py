#!/usr/bin/env python3
"""Reference fixtures for src/eval and src/drift (scikit-learn, SciPy, pandas, NumPy).

Writes tests/fixtures/eval/metrics.json — per case: labels, scores, and at several thresholds sklearn's
confusion_matrix(y, proba >= t), accuracy/precision/recall/f1 (zero_division=0), specificity (recall of
class 0); roc_auc_score, average_precision_score, roc_curve(drop_intermediate=False),
precision_recall_curve; the three threshold policies by brute force over every candidate; and
pandas DataFrame.corr() of feature columns with the label (and the exact r from rational sums) — and tests/fixtures/eval/drift.json — per
case: reference and current samples, quantile cuts (np.quantile), bin counts, PSI by Evidently's formula
(0 proportions replaced by 0.0001), scipy.spatial.distance.jensenshannon(base=2), scipy.stats.ks_2samp
statistic and kstwobign.sf(sqrt(n1 n2 / (n1 + n2)) D).

JSON has no NaN/inf: NaN values are written as null, +inf thresholds as null.
Usage: python3 tools/make_eval_fixtures.py [--out tests/fixtures/eval]
"""
import argparse
import math
import json
import os
import warnings
from fractions import Fraction

import numpy as np
import pandas as pd
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp, kstwobign
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix, f1_score,
                             precision_recall_curve, precision_score, recall_score, roc_auc_score, roc_curve)

warnings.simplefilter("ignore")
EPS = 0.0001


def floats(values):
    return [None if not np.isfinite(v) else float(v) for v in values]


def eval_cases(rng):
    n = 400
    y = rng.random(n) < 0.3
    noisy = np.clip(0.35 * y + rng.normal(0.35, 0.2, n), 0, 1)
    yield "rounded_ties", y, np.round(noisy, 2)
    y = rng.random(300) < 0.5
    yield "three_levels", y, rng.choice([0.0, 0.5, 1.0], 300) * 0.5 + 0.5 * y * rng.choice([0.0, 1.0], 300)
    yield "all_tied", rng.random(50) < 0.4, np.full(50, 0.7)
    y = np.arange(60) % 3 == 0
    yield "perfect", y, np.where(y, 0.9, 0.1) + rng.normal(0, 0.01, 60)
    y = rng.random(1000) < 0.1
    yield "continuous", y, 1 / (1 + np.exp(-(2.5 * y + rng.normal(-1.5, 1.0, 1000))))
    yield "no_positives", np.zeros(40, dtype=bool), rng.random(40)
    yield "no_negatives", np.ones(30, dtype=bool), np.round(rng.random(30), 1)


def at_threshold(y, s, t):
    pred = s >= t
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[False, True]).ravel()
    return {"threshold": float(t), "tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp),
            "accuracy": accuracy_score(y, pred),
            "precision": precision_score(y, pred, zero_division=0),
            "recall": recall_score(y, pred, zero_division=0),
            "f1": f1_score(y, pred, zero_division=0),
            "specificity": recall_score(y, pred, pos_label=False, zero_division=0)}


def policies(y, s):
    """Brute force: every distinct score and +inf; ties → the highest threshold."""
    candidates = np.concatenate([[np.inf], np.unique(s)[::-1]])
    rows = []
    for t in candidates:
        pred = s >= t
        tp = int(np.sum(pred & y)); fp = int(np.sum(pred & ~y)); fn = int(np.sum(~pred & y))
        rows.append((t, tp, fp, fn))
    out = {}
    positives = int(y.sum())
    if positives == 0:
        return out
    for target in (0.5, 0.9, 0.99, 1.0):
        ok = [t for t, tp, fp, fn in rows if tp >= positives * target]
        out[f"recall_{target}"] = float(ok[0])
    f1 = [2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else 0.0 for t, tp, fp, fn in rows]
    out["best_f1"] = float(rows[int(np.argmax(f1))][0])
    for ratio in (0.5, 10.0):
        cost = [ratio * fn + fp for t, tp, fp, fn in rows]
        t = rows[int(np.argmin(cost))][0]
        out[f"cost_{ratio}"] = None if np.isinf(t) else float(t)
    return out


def eval_case(name, y, s):
    y = np.asarray(y, dtype=bool)
    s = np.asarray(s, dtype=float)
    thresholds = [0.0, 0.3, 0.5, 0.77, 1.0, float(np.median(s)), float(s[0]), float(s.max()), float(s.min())]
    case = {"name": name, "labels": [bool(v) for v in y], "scores": floats(s),
            "at": [at_threshold(y, s, t) for t in thresholds], "policies": policies(y, s)}
    if 0 < y.sum() < len(y):
        fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
        case["roc_auc"] = roc_auc_score(y, s)
        case["roc_curve"] = {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(thr)}
    if y.sum() > 0:
        precision, recall, thr = precision_recall_curve(y, s)
        case["pr_curve"] = {"precision": floats(precision), "recall": floats(recall), "thresholds": floats(thr)}
    case["average_precision"] = average_precision_score(y, s)
    return case


def exact_pearson(x, y):
    """Pearson's r with exact rational sums (only the last division and square root round)."""
    keep = ~np.isnan(x)
    xs, ys = [Fraction(v) for v in x[keep]], [Fraction(v) for v in y[keep]]
    if len(xs) < 2 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((a - mx) * (b - my) for a, b in zip(xs, ys))
    return float(cov / Fraction(math.sqrt(sum((a - mx) ** 2 for a in xs) * sum((b - my) ** 2 for b in ys))))


def correlation_case(rng):
    n = 500
    y = rng.random(n) < 0.35
    columns = {
        "linear": 2.0 * y + rng.normal(0, 1, n),
        "with_nan": np.where(rng.random(n) < 0.2, np.nan, -1.5 * y + rng.normal(0, 2, n)),
        "constant": np.full(n, 3.25),
        "integer_codes": rng.integers(0, 7, n) + 3 * y,
        "all_nan": np.full(n, np.nan),
        "huge": 1e9 + rng.normal(0, 1, n) + y,
    }
    frame = pd.DataFrame(columns)
    frame["label"] = y.astype(float)
    corr = frame.corr()["label"]
    return {"labels": [bool(v) for v in y], "columns": {k: floats(v) for k, v in columns.items()},
            "pandas_corr": {k: (None if np.isnan(corr[k]) else float(corr[k])) for k in columns},
            "exact_corr": {k: exact_pearson(v, y.astype(float)) for k, v in columns.items()},
            "rows_used": {k: int(np.sum(~np.isnan(v))) for k, v in columns.items()}}


def quantile_bins(reference, current, bins):
    finite = reference[~np.isnan(reference)]
    cuts = np.unique(np.quantile(finite, np.arange(1, bins) / bins))

    def counts(x):
        value_bins = np.bincount(np.searchsorted(cuts, x[~np.isnan(x)], side="right"), minlength=len(cuts) + 1)
        return np.concatenate([value_bins, [np.sum(np.isnan(x))]])
    return {"cuts": floats(cuts)}, counts(reference), counts(current)


def category_bins(reference, current, max_categories):
    finite = reference[~np.isnan(reference)]
    values, freq = np.unique(finite, return_counts=True)
    order = sorted(range(len(values)), key=lambda i: (-freq[i], values[i]))[:max_categories]
    kept = np.sort(values[order])

    def counts(x):
        known = x[~np.isnan(x)]
        per = [int(np.sum(known == v)) for v in kept]
        return np.array(per + [len(known) - sum(per), int(np.sum(np.isnan(x)))])
    return {"values": floats(kept)}, counts(reference), counts(current)


def psi(ref_counts, cur_counts):
    r = ref_counts / ref_counts.sum()
    c = cur_counts / cur_counts.sum()
    np.place(r, r == 0, EPS)
    np.place(c, c == 0, EPS)
    return float(np.sum((r - c) * np.log(r / c)))


def drift_cases(rng):
    yield "shifted_normal_nan", "quantile", 20, rng.normal(0, 1, 1500), \
        np.where(rng.random(800) < 0.05, np.nan, rng.normal(0.4, 1.3, 800))
    yield "same_distribution", "quantile", 10, rng.normal(5, 2, 1000), rng.normal(5, 2, 500)
    yield "tied_integers", "quantile", 20, rng.poisson(2.0, 1200).astype(float), rng.poisson(3.0, 400).astype(float)
    yield "out_of_range", "quantile", 10, rng.uniform(0, 1, 600), rng.uniform(0.5, 2, 300)
    yield "codes_unseen", "categorical", 5, rng.choice([0, 1, 2, 3, 4, 5, 6], 1000,
                                                        p=[.3, .2, .15, .15, .1, .05, .05]).astype(float), \
        rng.choice([0, 1, 2, 3, 7, 8], 400, p=[.1, .2, .3, .2, .1, .1]).astype(float)
    yield "codes_known", "categorical", 20, rng.choice([0.0, 1.0, 2.0], 900, p=[.6, .3, .1]), \
        rng.choice([0.0, 1.0, 2.0], 600, p=[.4, .4, .2])


def drift_case(name, kind, bins, reference, current):
    binner = quantile_bins if kind == "quantile" else category_bins
    binning, ref_counts, cur_counts = binner(reference, current, bins)
    a, b = reference[~np.isnan(reference)], current[~np.isnan(current)]
    ks = ks_2samp(a, b)
    en = len(a) * len(b) / (len(a) + len(b))
    return {"name": name, "kind": kind, "bins": bins, "reference": floats(reference), "current": floats(current),
            "binning": binning, "reference_counts": [int(v) for v in ref_counts],
            "current_counts": [int(v) for v in cur_counts], "psi": psi(ref_counts, cur_counts),
            "jensen_shannon": float(jensenshannon(ref_counts, cur_counts, base=2)),
            "ks_statistic": float(ks.statistic), "ks_pvalue_asymptotic": float(kstwobign.sf(np.sqrt(en) * ks.statistic)),
            "ks_pvalue_scipy_auto": float(ks.pvalue)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="tests/fixtures/eval")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(20261202)
    metrics = {"cases": [eval_case(*case) for case in eval_cases(rng)], "correlation": correlation_case(rng)}
    drift = {"cases": [drift_case(*case) for case in drift_cases(rng)],
             "kolmogorov_sf": [[x, float(kstwobign.sf(x))] for x in
                               (0.0, 0.05, 0.2, 0.5, 0.81, 0.82, 0.83, 1.0, 1.36, 2.0, 3.0, 5.0)]}
    for file, data in (("metrics.json", metrics), ("drift.json", drift)):
        with open(os.path.join(args.out, file), "w") as out:
            json.dump(data, out, allow_nan=False, separators=(",", ":"))
            out.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Side-by-side inference benchmark: Anomalyze (criterion, benches/predict.rs) vs LightGBM predict, 1 thread.

    python3 tools/bench_engine.py [--rounds 3]

Same model (target/engine-bench/gbdt500.txt: 500 trees x 31 leaves, max_depth 10, 11 features) and the
same 10,000 rows. Rounds alternate LightGBM and ours so both see the same machine load; the ratio is
taken per round and the median reported. Writes a Markdown table to stdout.
"""
import json
import os
import statistics
import subprocess
import sys
import time

import lightgbm as lgb
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BENCH = os.path.join(ROOT, "target", "engine-bench")
CRITERION = os.path.join(ROOT, "target", "criterion", "predict_gbdt500")


def lightgbm_us_per_row(booster, x, repeats=5):
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        booster.predict(x, raw_score=True, num_threads=1)
        best = min(best, time.perf_counter() - t)
    return best / len(x) * 1e6


def ours_us_per_row(rows):
    subprocess.run(["cargo", "bench", "--bench", "predict", "--", "--warm-up-time", "1", "--measurement-time", "5"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = {}
    for name in ["batch_10k_rows", "row_by_row_10k_rows"]:
        est = json.load(open(os.path.join(CRITERION, name, "new", "estimates.json")))
        out[name] = est["median"]["point_estimate"] / 1e3 / rows
    return out


def main():
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    if not os.path.exists(os.path.join(BENCH, "gbdt500.txt")):
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "make_fixtures.py"), "--bench"], check=True)
    booster = lgb.Booster(model_file=os.path.join(BENCH, "gbdt500.txt"))
    x = np.loadtxt(os.path.join(BENCH, "input.csv"), delimiter=",", skiprows=1)
    booster.predict(x[:100], num_threads=1)
    subprocess.run(["cargo", "bench", "--bench", "predict", "--no-run"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    for r in range(rounds):
        lgb_us = lightgbm_us_per_row(booster, x)
        ours = ours_us_per_row(len(x))
        results.append((lgb_us, ours["batch_10k_rows"], ours["row_by_row_10k_rows"]))
        print(f"round {r + 1}: LightGBM {lgb_us:.2f} us/row, ours batch {ours['batch_10k_rows']:.2f}, "
              f"row-by-row {ours['row_by_row_10k_rows']:.2f}", file=sys.stderr)
    load = os.getloadavg()[0]
    print(f"| round | LightGBM 4 predict, 1 thread (µs/row) | ours, batch (µs/row) | ratio | ours, one row at a time (µs/row) | ratio |")
    print("|---|---|---|---|---|---|")
    for i, (l, b, s) in enumerate(results):
        print(f"| {i + 1} | {l:.2f} | {b:.2f} | {l / b:.2f}× | {s:.2f} | {l / s:.2f}× |")
    med_b = statistics.median(l / b for l, b, _ in results)
    med_s = statistics.median(l / s for l, _, s in results)
    print(f"\nmedian ratio: batch {med_b:.2f}×, single row {med_s:.2f}× (1-min load average at the end: {load:.1f})")


if __name__ == "__main__":
    main()

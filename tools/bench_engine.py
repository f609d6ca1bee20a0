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


def lightgbm_us_per_row(booster, x, repeats=7):
    """Median wall-clock and median CPU time of this thread (LightGBM with 1 thread runs in it)."""
    wall, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.thread_time()
        booster.predict(x, raw_score=True, num_threads=1)
        wall.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
    return statistics.median(wall) / len(x) * 1e6, statistics.median(cpu) / len(x) * 1e6


def ours_us_per_row(rows):
    subprocess.run(["cargo", "bench", "--bench", "predict", "--", "--warm-up-time", "1", "--measurement-time", "5"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = {}
    for group in ["predict_gbdt500", "predict_gbdt500_cpu"]:
        for name in ["batch_10k_rows", "row_by_row_10k_rows"]:
            est = json.load(open(os.path.join(ROOT, "target", "criterion", group, name, "new", "estimates.json")))
            out[(group, name)] = est["median"]["point_estimate"] / 1e3 / rows
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
        lgb_wall, lgb_cpu = lightgbm_us_per_row(booster, x)
        ours = ours_us_per_row(len(x))
        results.append((lgb_wall, lgb_cpu, ours))
        print(f"round {r + 1}: LightGBM wall {lgb_wall:.2f} cpu {lgb_cpu:.2f} us/row; ours {ours}", file=sys.stderr)
    load = os.getloadavg()[0]
    cpu, wall = "predict_gbdt500_cpu", "predict_gbdt500"
    print("| round | timing | LightGBM 4.7 predict, 1 thread (µs/row) | ours, batch of 10k (µs/row) | ratio "
          "| ours, one row at a time (µs/row) | ratio |")
    print("|---|---|---|---|---|---|---|")
    for i, (lw, lc, o) in enumerate(results):
        for label, l, g in [("CPU time", lc, cpu), ("wall clock", lw, wall)]:
            b, s1 = o[(g, "batch_10k_rows")], o[(g, "row_by_row_10k_rows")]
            print(f"| {i + 1} | {label} | {l:.2f} | {b:.2f} | {l / b:.2f}× | {s1:.2f} | {l / s1:.2f}× |")
    for label, li, g in [("CPU time", 1, cpu), ("wall clock", 0, wall)]:
        mb = statistics.median(r[li] / r[2][(g, "batch_10k_rows")] for r in results)
        ms = statistics.median(r[li] / r[2][(g, "row_by_row_10k_rows")] for r in results)
        print(f"\nmedian ratio ({label}): batch {mb:.2f}×, one row at a time {ms:.2f}×", end="")
    print(f"\n\n1-minute load average at the end: {load:.1f} (2 cores)")

if __name__ == "__main__":
    main()

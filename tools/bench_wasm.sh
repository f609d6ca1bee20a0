#!/usr/bin/env bash
# Inference and TreeSHAP per row in WebAssembly (Node) against native, side by side in one run:
#   predict per row, ours in wasm vs LightGBM native on 1 thread (target ≥ 1×), and
#   Linear TreeSHAP per row, ours in wasm vs ours native (target: wasm within 1.5× of native),
#   on the seed-size boosted model (500 trees × 31 leaves) and the depth-15 forest of 300 trees; and
#   training in wasm (issue 4 §7): 100k rows, 200 boosted + 100 forest trees, one thread (target ≤ 30 s).
#
# Usage: tools/bench_wasm.sh [ROUNDS]     (default 3 rounds; each round runs wasm, native and LightGBM)
#
# 1. Writes the models if missing: python3 tools/make_fixtures.py --bench (target/engine-bench/) and
#    python3 tools/bench_shap.py --fit-only (target/bench-shap/, needs /tmp/seed/combined.csv).
# 2. Builds tests/wasm_bench.rs (feature `wasm-bench`, release) for wasm32 and natively, before timing.
# 3. Per round: the wasm bench in Node (wasm-bindgen-test-runner), the same bench natively, LightGBM
#    predict(raw_score=True, num_threads=1) on the same 10,000 rows; then prints a Markdown table.
# Needs: the wasm32 target, wasm-bindgen-test-runner 0.2.130 (on PATH or in .cache/cargo-bin/bin, as
# `cargo xtask test` installs it), Node, python3 with lightgbm and numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
OUT=target/bench-wasm
mkdir -p "$OUT"

[ -f target/engine-bench/gbdt500.txt ] || python3 tools/make_fixtures.py --bench
[ -f target/bench-shap/forest.json ] || python3 tools/bench_shap.py --fit-only
[ -f target/bench-train/train.csv ] || python3 tools/bench_train.py --data-only
if ! command -v wasm-bindgen-test-runner >/dev/null; then
  export PATH="$PWD/.cache/cargo-bin/bin:$PATH"
  command -v wasm-bindgen-test-runner >/dev/null || {
    echo "wasm-bindgen-test-runner not found: run cargo xtask test once (it installs it)" >&2
    exit 1
  }
fi

WASM=(cargo test --release --target wasm32-unknown-unknown --features wasm-bench --test wasm_bench)
NATIVE=(cargo test --release --features wasm-bench --test wasm_bench)
"${WASM[@]}" --no-run
"${NATIVE[@]}" --no-run

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round: wasm (Node)" >&2
  "${WASM[@]}" -- --nocapture 2>&1 | grep '^BENCH' | sed 's/^/wasm /' >"$OUT/round$round.txt"
  echo "round $round: native" >&2
  "${NATIVE[@]}" -- --nocapture --test-threads=1 2>&1 | grep '^BENCH' | sed 's/^/native /' >>"$OUT/round$round.txt"
  echo "round $round: LightGBM" >&2
  python3 - >>"$OUT/round$round.txt" <<'EOF'
import time
import lightgbm as lgb
import numpy as np
booster = lgb.Booster(model_file="target/engine-bench/gbdt500.txt")
x = np.loadtxt("target/engine-bench/input.csv", delimiter=",", skiprows=1)[:10_000]
booster.predict(x[:100], raw_score=True, num_threads=1)
wall, cpu = [], []
for _ in range(7):
    t, c = time.perf_counter(), time.thread_time()
    booster.predict(x, raw_score=True, num_threads=1)
    wall.append(time.perf_counter() - t)
    cpu.append(time.thread_time() - c)
print(f"lightgbm BENCH predict_batch_10k wall_us={min(wall) / len(x) * 1e6:.3f} cpu_us={min(cpu) / len(x) * 1e6:.3f}")
EOF
  cat "$OUT/round$round.txt" >&2
done

python3 - "$ROUNDS" <<'EOF'
import os, re, statistics, sys
rounds = int(sys.argv[1])
data = []
for r in range(1, rounds + 1):
    d = {}
    for line in open(f"target/bench-wasm/round{r}.txt"):
        m = re.match(r"(\w+) BENCH (\w+) wall_u?s=([\d.]+) cpu_u?s=([\d.]+)", line)
        if m:
            d[(m[1], m[2])] = (float(m[3]), float(m[4]))
    data.append(d)
print("| round | timing | predict: LightGBM native 1 thread (µs/row) | ours wasm, batch (µs/row) | LightGBM / wasm "
      "| ours wasm, row by row | TreeSHAP 500×31: native / wasm (µs/row) | wasm / native "
      "| TreeSHAP forest: native / wasm (ms/row) | wasm / native |")
print("|---|---|---|---|---|---|---|---|---|---|")
ratios = {k: [] for k in ["predict", "lgbm", "forest"]}
for r, d in enumerate(data, 1):
    for i, label in [(1, "CPU time"), (0, "wall clock")]:
        lgb, wb, wr = d[("lightgbm", "predict_batch_10k")][i], d[("wasm", "predict_batch_10k")][i], d[("wasm", "predict_row_by_row_10k")][i]
        sn, sw = d[("native", "shap_lgbm_linear")][i], d[("wasm", "shap_lgbm_linear")][i]
        fn, fw = d[("native", "shap_forest_linear")][i], d[("wasm", "shap_forest_linear")][i]
        if i == 1:
            ratios["predict"].append(lgb / wb); ratios["lgbm"].append(sw / sn); ratios["forest"].append(fw / fn)
        print(f"| {r} | {label} | {lgb:.2f} | {wb:.2f} | {lgb / wb:.2f}× | {wr:.2f} | {sn:.1f} / {sw:.1f} | {sw / sn:.2f}× "
              f"| {fn / 1e3:.2f} / {fw / 1e3:.2f} | {fw / fn:.2f}× |")
med = {k: statistics.median(v) for k, v in ratios.items()}
print(f"\nmedian (CPU time): wasm predict {med['predict']:.2f}× LightGBM native 1 thread; "
      f"wasm TreeSHAP {med['lgbm']:.2f}× native (500×31), {med['forest']:.2f}× native (forest)")
print("\n| round | training, 100k rows, one thread | wasm wall (s) | wasm CPU (s) | native wall (s) | native CPU (s) |")
print("|---|---|---|---|---|---|")
for r, d in enumerate(data, 1):
    for name, label in [("train_gbdt_200", "boosting 200 trees"), ("train_forest_100", "forest 100 trees, depth 15"),
                        ("train_total", "both (target ≤ 30 s in wasm)")]:
        (ww, wc), (nw, nc) = d[("wasm", name)], d[("native", name)]
        print(f"| {r} | {label} | {ww:.2f} | {wc:.2f} | {nw:.2f} | {nc:.2f} |")
print(f"\n1-minute load average at the end: {os.getloadavg()[0]:.1f}")
EOF

//! Inference and TreeSHAP timing in WebAssembly (Node, wasm-bindgen-test) and natively, by the same code,
//! on the seed-size models: predict on LightGBM 500 trees × 31 leaves (target/engine-bench/, written by
//! `python3 tools/make_fixtures.py --bench`) and Linear TreeSHAP on the boosted model and the depth-15
//! forest of 300 trees (target/bench-shap/, written by `python3 tools/bench_shap.py --fit-only`); and
//! training on 100,000 rows × 11 features, 200 boosted trees + 100 forest trees of depth 15, one thread
//! (target/bench-train/, written by `python3 tools/bench_train.py --data-only`).
//!
//! Not part of the normal test run (`required-features = ["wasm-bench"]`); `tools/bench_wasm.sh` generates
//! the models, runs this under wasm32 and natively (release), times LightGBM and prints the table. Each
//! figure is printed as a line `BENCH <name> wall_us=<µs/row> cpu_us=<µs/row>`: best of the repeats, wall
//! clock and CPU time (natively the thread's, from /proc/thread-self/schedstat; in Node the process's,
//! `process.cpuUsage()`, as wasm has no clock of its own).

use std::hint::black_box;

use anomalyze::explain::{ComponentExplainer, TreeShapAlgorithm, Workspace};
use anomalyze::features::FeatureMatrix;
use anomalyze::model::{load_model, Ensemble};
use anomalyze::score::{score_row, score_rows};
use anomalyze::train::{train_forest, train_gbdt, Dataset, ForestParams, GbdtParams, Parallelism};

const GBDT500: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/target/engine-bench/gbdt500.txt"));
const GBDT500_INPUT: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/target/engine-bench/input.csv"));
const SHAP_LGBM: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-shap/lgbm.txt"));
const SHAP_LGBM_ROWS: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-shap/lgbm_rows.json"));
const SHAP_FOREST: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-shap/forest.json"));
const SHAP_FOREST_ROWS: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-shap/forest_rows.json"));

const TRAIN_CSV: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-train/train.csv"));

/// Rows of the predict input (as tools/bench_engine.py and benches/predict.rs).
const PREDICT_ROWS: usize = 10_000;

#[cfg(target_arch = "wasm32")]
mod clock {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        fn performance_now() -> f64;
    }

    /// Wall clock in ms (`performance.now()`).
    pub fn wall_ms() -> f64 {
        performance_now()
    }

    /// CPU time of the Node process in ms (`process.cpuUsage()`: user + system).
    pub fn cpu_ms() -> f64 {
        let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).expect("property");
        let process = get(&js_sys::global(), "process");
        let usage = get(&process, "cpuUsage").dyn_into::<js_sys::Function>().expect("process.cpuUsage");
        let u = usage.call0(&process).expect("cpuUsage()");
        (get(&u, "user").as_f64().expect("user") + get(&u, "system").as_f64().expect("system")) / 1e3
    }

    pub fn report(line: &str) {
        wasm_bindgen_test::console_log!("{line}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod clock {
    use std::sync::OnceLock;
    use std::time::Instant;

    /// Wall clock in ms since the first call.
    pub fn wall_ms() -> f64 {
        static START: OnceLock<Instant> = OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3
    }

    /// CPU time of this thread in ms (/proc/thread-self/schedstat, Linux).
    pub fn cpu_ms() -> f64 {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").expect("Linux schedstat");
        text.split_whitespace().next().and_then(|v| v.parse::<f64>().ok()).expect("schedstat format") / 1e6
    }

    pub fn report(line: &str) {
        println!("{line}");
    }
}

/// Runs `work` (which handles `rows` rows) `repeats` times and reports the best µs per row, wall and CPU.
fn time_per_row(name: &str, rows: usize, repeats: usize, mut work: impl FnMut()) {
    work(); // warm-up
    let (mut best_wall, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..repeats {
        let (w, c) = (clock::wall_ms(), clock::cpu_ms());
        work();
        best_cpu = best_cpu.min(clock::cpu_ms() - c);
        best_wall = best_wall.min(clock::wall_ms() - w);
    }
    let per_row = |ms: f64| ms * 1e3 / rows as f64;
    clock::report(&format!("BENCH {name} wall_us={:.3} cpu_us={:.3}", per_row(best_wall), per_row(best_cpu)));
}

fn predict_input(width: usize) -> Vec<f64> {
    let rows: Vec<f64> = GBDT500_INPUT
        .lines()
        .skip(1)
        .take(PREDICT_ROWS)
        .flat_map(|l| l.split(',').map(|c| c.parse::<f64>().unwrap_or(f64::NAN)).collect::<Vec<_>>())
        .collect();
    assert_eq!(rows.len(), PREDICT_ROWS * width, "target/engine-bench/input.csv: {PREDICT_ROWS} rows");
    rows
}

fn json_rows(bytes: &[u8]) -> Vec<Vec<f64>> {
    let rows: Vec<Vec<Option<f64>>> = serde_json::from_slice(bytes).expect("rows JSON");
    rows.iter().map(|r| r.iter().map(|v| v.unwrap_or(f64::NAN)).collect()).collect()
}

fn shap_per_row(name: &str, ensemble: &Ensemble, rows: &[Vec<f64>], repeats: usize) {
    let n = ensemble.n_features();
    let explainer = ComponentExplainer::new(&ensemble.components()[0], 0, n, TreeShapAlgorithm::Linear)
        .expect("a valid model");
    let mut workspace = Workspace::default();
    let mut out = vec![0.0; n + 1];
    time_per_row(name, rows.len(), repeats, || {
        for row in rows {
            explainer.explain_row(black_box(row), &mut workspace, &mut out).expect("row width");
            black_box(&out);
        }
    });
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn inference_and_tree_shap_per_row() {
    let model = load_model(GBDT500).expect("bench model");
    let width = model.n_features();
    let rows = predict_input(width);
    time_per_row("predict_batch_10k", PREDICT_ROWS, 10, || {
        black_box(score_rows(&model, black_box(&rows)).expect("rows"));
    });
    time_per_row("predict_row_by_row_10k", PREDICT_ROWS, 10, || {
        for row in rows.chunks_exact(width) {
            black_box(score_row(&model, black_box(row)).expect("row"));
        }
    });

    let lgbm = load_model(SHAP_LGBM).expect("bench-shap LightGBM model");
    shap_per_row("shap_lgbm_linear", &lgbm, &json_rows(SHAP_LGBM_ROWS), 5);
    let forest = load_model(SHAP_FOREST).expect("bench-shap forest");
    let forest_rows = json_rows(SHAP_FOREST_ROWS);
    shap_per_row("shap_forest_linear", &forest, &forest_rows[..10], 3);
}

/// The first 100,000 rows of target/bench-train/train.csv: features, labels, noisy labels (forest).
fn train_rows() -> (FeatureMatrix, Vec<bool>, Vec<bool>) {
    let mut lines = TRAIN_CSV.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let width = header.len() - 2;
    let (mut values, mut labels, mut noisy) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines.take(100_000) {
        let cells: Vec<&str> = line.split(',').collect();
        values.extend(cells[..width].iter().map(|c| c.parse::<f64>().unwrap_or(f64::NAN)));
        labels.push(cells[width] == "1");
        noisy.push(cells[width + 1] == "1");
    }
    let names = header[..width].iter().map(|s| s.to_string()).collect();
    let array = ndarray::Array2::from_shape_vec((labels.len(), width), values).expect("rectangular");
    (FeatureMatrix::new(array, names).expect("matrix"), labels, noisy)
}

/// Issue 4 §7: 200 boosted trees (31 leaves, max_depth 10) and 100 forest trees (depth 15) on 100,000
/// rows, binning included, one thread. Reported as `BENCH train_… wall_s=… cpu_s=…`.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn training_100k_rows() {
    let (features, labels, noisy) = train_rows();
    assert_eq!(labels.len(), 100_000);
    let one = Parallelism::Sequential;
    let (w0, c0) = (clock::wall_ms(), clock::cpu_ms());
    let data = Dataset::new(&features, &labels, None, 255, one).expect("data");
    let params =
        GbdtParams { num_iterations: 200, learning_rate: 0.05, max_depth: 10, ..GbdtParams::default() };
    let gbdt = train_gbdt(&data, &params.check().expect("params"), None, one, &mut |_| {}).expect("fit");
    let (w1, c1) = (clock::wall_ms(), clock::cpu_ms());
    let data = Dataset::new(&features, &noisy, None, 255, one).expect("data");
    let params = ForestParams { n_estimators: 100, max_depth: Some(15), ..ForestParams::default() };
    let forest = train_forest(&data, &params.check().expect("params"), one, &mut |_| {}).expect("fit");
    let (w2, c2) = (clock::wall_ms(), clock::cpu_ms());
    assert_eq!((gbdt.trees().len(), forest.trees().len()), (200, 100));
    let s = |ms: f64| ms / 1e3;
    clock::report(&format!("BENCH train_gbdt_200 wall_s={:.3} cpu_s={:.3}", s(w1 - w0), s(c1 - c0)));
    clock::report(&format!("BENCH train_forest_100 wall_s={:.3} cpu_s={:.3}", s(w2 - w1), s(c2 - c1)));
    clock::report(&format!("BENCH train_total wall_s={:.3} cpu_s={:.3}", s(w2 - w0), s(c2 - c0)));
}

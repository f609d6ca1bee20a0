//! TreeSHAP per row on the seed-size models written by `tools/bench_shap.py` (target/bench-shap/):
//! LightGBM 500 trees × 31 leaves and a scikit-learn forest of 300 trees (depth 15), both algorithms.
//!
//! Run: `python3 tools/bench_shap.py` (fits the models, times shap, runs this, prints the table), or
//! `cargo bench --bench shap` once the models exist (`ANOMALYZE_BENCH_DIR` overrides the folder).

use std::hint::black_box;
use std::time::{Duration, Instant};

use anomalyze::explain::{ComponentExplainer, TreeShapAlgorithm, Workspace};
use anomalyze::model::{load_model, Ensemble};
use criterion::{criterion_group, criterion_main, Criterion};

fn load(model: &str, rows: &str) -> Option<(Ensemble, Vec<Vec<f64>>)> {
    let dir = std::env::var("ANOMALYZE_BENCH_DIR")
        .unwrap_or_else(|_| format!("{}/target/bench-shap", env!("CARGO_MANIFEST_DIR")));
    let read = |name: &str| {
        let path = format!("{dir}/{name}");
        let text = std::fs::read(&path);
        if text.is_err() {
            eprintln!("{path} missing: run python3 tools/bench_shap.py first");
        }
        text.ok()
    };
    let ensemble = load_model(&read(model)?).expect("a valid model");
    let rows: Vec<Vec<Option<f64>>> = serde_json::from_slice(&read(rows)?).expect("rows JSON");
    let rows = rows.iter().map(|r| r.iter().map(|v| v.unwrap_or(f64::NAN)).collect()).collect();
    Some((ensemble, rows))
}

/// Time per row: each iteration explains `rows_per_iter` rows (cycling through the 200 given).
fn bench_model(c: &mut Criterion, name: &str, model: &str, rows_per_iter: u32) {
    let Some((ensemble, rows)) = load(model, &format!("{name}_rows.json")) else { return };
    let n = ensemble.n_features();
    let mut group = c.benchmark_group("shap");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    let algorithms =
        [("path_dependent", TreeShapAlgorithm::PathDependent), ("linear", TreeShapAlgorithm::Linear)];
    for (label, algorithm) in algorithms {
        let explainer =
            ComponentExplainer::new(&ensemble.components()[0], 0, n, algorithm).expect("valid model");
        let mut workspace = Workspace::default();
        let mut out = vec![0.0; n + 1];
        let mut next = 0usize;
        group.bench_function(format!("{name}_{label}_per_row"), |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                for _ in 0..iters * u64::from(rows_per_iter) {
                    let row = &rows[next % rows.len()];
                    next += 1;
                    explainer.explain_row(black_box(row), &mut workspace, &mut out).expect("row width");
                    black_box(&out);
                }
                start.elapsed() / rows_per_iter
            })
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_model(c, "lgbm", "lgbm.txt", 20);
    bench_model(c, "forest", "forest.json", 1);
}

criterion_group!(shap_benches, benches);
criterion_main!(shap_benches);

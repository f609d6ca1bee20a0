//! TreeSHAP per row on the seed-size models written by `tools/bench_shap.py` (target/bench-shap/):
//! LightGBM 500 trees × 31 leaves and a scikit-learn forest of 300 trees (depth 15), both algorithms.
//!
//! Run: `python3 tools/bench_shap.py` (fits the models, times shap, runs this, prints the table), or
//! `cargo bench --bench shap` once the models exist.

use std::hint::black_box;
use std::time::Duration;

use anomalyze::explain::{ComponentExplainer, TreeShapAlgorithm, Workspace};
use anomalyze::model::Ensemble;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;

#[derive(Deserialize)]
struct BenchModel {
    ensemble: Ensemble,
    rows: Vec<Vec<Option<f64>>>,
}

fn load(name: &str) -> Option<(Ensemble, Vec<Vec<f64>>)> {
    let dir = std::env::var("ANOMALYZE_BENCH_DIR")
        .unwrap_or_else(|_| format!("{}/target/bench-shap", env!("CARGO_MANIFEST_DIR")));
    let path = format!("{dir}/{name}.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{path} missing: run python3 tools/bench_shap.py first");
        return None;
    };
    let model: BenchModel = serde_json::from_str(&text).ok()?;
    let rows = model.rows.iter().map(|r| r.iter().map(|v| v.unwrap_or(f64::NAN)).collect()).collect();
    Some((model.ensemble, rows))
}

fn bench_model(c: &mut Criterion, name: &str, rows_per_iter: usize) {
    let Some((ensemble, rows)) = load(name) else { return };
    let n = ensemble.feature_names.len();
    let mut group = c.benchmark_group("shap");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(1));
    for (label, algorithm) in
        [("path_dependent", TreeShapAlgorithm::PathDependent), ("linear", TreeShapAlgorithm::Linear)]
    {
        let explainer =
            ComponentExplainer::new(&ensemble.components[0], 0, n, algorithm).expect("valid model");
        let mut workspace = Workspace::default();
        let mut out = vec![0.0; n + 1];
        // Per row: each iteration explains `rows_per_iter` rows; criterion's time is divided below.
        group.bench_function(format!("{name}_{label}_per_row"), |b| {
            b.iter_custom(|iters| {
                let start = std::time::Instant::now();
                for i in 0..iters {
                    for r in 0..rows_per_iter {
                        let row = &rows[(i as usize * rows_per_iter + r) % rows.len()];
                        explainer.explain_row(black_box(row), &mut workspace, &mut out).expect("row width");
                        black_box(&out);
                    }
                }
                start.elapsed() / rows_per_iter as u32
            })
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_model(c, "lgbm", 20);
    bench_model(c, "forest", 1);
}

criterion_group!(shap_benches, benches);
criterion_main!(shap_benches);

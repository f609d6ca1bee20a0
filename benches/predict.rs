//! Inference speed on the seed-size model (LightGBM 500 trees × 31 leaves, max_depth 10, 11 features).
//!
//! Needs `python3 tools/make_fixtures.py --bench` (writes target/engine-bench/). `tools/bench_engine.py`
//! runs this next to LightGBM's single-thread predict on the same model and rows and reports the ratio.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use anomalyze::model::load_model;
use anomalyze::score::{score_row, score_rows};

const ROWS: usize = 10_000;

fn load() -> (anomalyze::model::Ensemble, Vec<f64>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/engine-bench");
    let model = std::fs::read(dir.join("gbdt500.txt")).unwrap_or_else(|_| {
        panic!("missing {}: run `python3 tools/make_fixtures.py --bench`", dir.display())
    });
    let model = load_model(&model).expect("bench model");
    let text = std::fs::read_to_string(dir.join("input.csv")).expect("bench input");
    let rows: Vec<f64> = text
        .lines()
        .skip(1)
        .take(ROWS)
        .flat_map(|l| l.split(',').map(|c| c.parse::<f64>().unwrap_or(f64::NAN)).collect::<Vec<_>>())
        .collect();
    assert_eq!(rows.len(), ROWS * model.n_features());
    (model, rows)
}

fn predict(c: &mut Criterion) {
    let (model, rows) = load();
    let width = model.n_features();
    let mut group = c.benchmark_group("predict_gbdt500");
    group.sample_size(20);
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("batch_10k_rows", |b| b.iter(|| score_rows(&model, black_box(&rows)).unwrap()));
    group.bench_function("row_by_row_10k_rows", |b| {
        b.iter(|| {
            let mut total = 0.0;
            for row in rows.chunks_exact(width) {
                total += score_row(&model, black_box(row)).unwrap().probability;
            }
            total
        })
    });
    group.finish();

    // The same work timed in CPU time of this thread, which other processes on a shared machine
    // inflate far less than wall-clock time (tools/bench_engine.py compares it with LightGBM's).
    let mut group = c.benchmark_group("predict_gbdt500_cpu");
    group.sample_size(20);
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("batch_10k_rows", |b| {
        b.iter_custom(|iters| {
            let start = thread_cpu_time();
            for _ in 0..iters {
                black_box(score_rows(&model, black_box(&rows)).unwrap());
            }
            thread_cpu_time().saturating_sub(start)
        })
    });
    group.bench_function("row_by_row_10k_rows", |b| {
        b.iter_custom(|iters| {
            let start = thread_cpu_time();
            for _ in 0..iters {
                for row in rows.chunks_exact(width) {
                    black_box(score_row(&model, black_box(row)).unwrap());
                }
            }
            thread_cpu_time().saturating_sub(start)
        })
    });
    group.finish();
}

/// CPU time this thread has run (Linux: the first field of /proc/thread-self/schedstat, in ns).
fn thread_cpu_time() -> Duration {
    let text =
        std::fs::read_to_string("/proc/thread-self/schedstat").expect("Linux /proc/thread-self/schedstat");
    Duration::from_nanos(
        text.split_whitespace().next().and_then(|v| v.parse().ok()).expect("schedstat format"),
    )
}

criterion_group!(benches, predict);
criterion_main!(benches);

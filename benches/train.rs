//! Training speed on the seed-size problem of issue 4 §7: 120,000 rows × 11 features (the features of
//! tools/bench_shap.py), boosting 500 trees × 31 leaves (max_depth 10, learning rate 0.05) and a forest
//! of 300 trees of depth 15 (on labels with 4 % flipped, as scikit-learn's in bench_shap.py), binning
//! included, rayon's pool (2 threads on the 2-core machine).
//!
//! Needs `python3 tools/bench_train.py --data-only` (writes target/bench-train/train.csv);
//! `python3 tools/bench_train.py` runs this beside LightGBM and scikit-learn and prints the table.
//! Criterion measures wall clock (group `train`); the CPU time of the whole process over the same fits
//! (all threads, /proc/self/stat — what a fit costs when other processes share the cores) is written to
//! target/bench-train/cpu.json.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};

use anomalyze::features::FeatureMatrix;
use anomalyze::train::{
    train_forest, train_gbdt, Dataset, ForestParams, GbdtParams, MaxFeatures, Parallelism,
};

struct Data {
    features: FeatureMatrix,
    labels: Vec<bool>,
    noisy_labels: Vec<bool>,
}

fn load() -> Data {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-train/train.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!("missing {}: run `python3 tools/bench_train.py --data-only`", path.display())
    });
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let width = header.len() - 2;
    let (mut values, mut labels, mut noisy_labels) = (Vec::new(), Vec::new(), Vec::new());
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        values.extend(cells[..width].iter().map(|c| c.parse::<f64>().unwrap_or(f64::NAN)));
        labels.push(cells[width] == "1");
        noisy_labels.push(cells[width + 1] == "1");
    }
    let names = header[..width].iter().map(|s| s.to_string()).collect();
    let array = ndarray::Array2::from_shape_vec((labels.len(), width), values).expect("rectangular");
    Data { features: FeatureMatrix::new(array, names).expect("matrix"), labels, noisy_labels }
}

/// The parameters of tools/bench_train.py's LightGBM fit.
fn gbdt_params() -> GbdtParams {
    GbdtParams {
        num_iterations: 500,
        learning_rate: 0.05,
        num_leaves: 31,
        max_depth: 10,
        ..GbdtParams::default()
    }
}

/// The parameters of its scikit-learn fit (`RandomForestClassifier(n_estimators=300, max_depth=15)`).
fn forest_params() -> ForestParams {
    ForestParams {
        n_estimators: 300,
        max_depth: Some(15),
        max_features: MaxFeatures::Sqrt,
        seed: 0,
        ..ForestParams::default()
    }
}

fn fit_gbdt(data: &Data) {
    let binned = Dataset::new(&data.features, &data.labels, None, 255, Parallelism::Threads).expect("data");
    let params = gbdt_params().check().expect("params");
    black_box(train_gbdt(&binned, &params, None, Parallelism::Threads, &mut |_| {}).expect("fit"));
}

fn fit_forest(data: &Data) {
    let binned =
        Dataset::new(&data.features, &data.noisy_labels, None, 255, Parallelism::Threads).expect("data");
    let params = forest_params().check().expect("params");
    black_box(train_forest(&binned, &params, Parallelism::Threads, &mut |_| {}).expect("fit"));
}

/// CPU time of this process, all threads (utime + stime of /proc/self/stat, in clock ticks of 10 ms).
fn process_cpu_time() -> Duration {
    let text = std::fs::read_to_string("/proc/self/stat").expect("Linux /proc/self/stat");
    let after_name = &text[text.rfind(')').expect("stat format") + 2..];
    let fields: Vec<u64> = after_name.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect();
    // Fields 14 and 15 of stat(5); after the name, the third field is number 3.
    Duration::from_millis((fields[11] + fields[12]) * 10)
}

/// One timed fit.
type Fit = fn(&Data);

fn bench(c: &mut Criterion) {
    let data = load();
    let fits: [(&str, Fit); 2] = [("gbdt_500_trees", fit_gbdt), ("forest_300_trees", fit_forest)];
    let mut group = c.benchmark_group("train");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_millis(1)).measurement_time(Duration::from_secs(1));
    let mut cpu_seconds = Vec::new();
    for (name, fit) in fits {
        // Criterion records wall clock; the process CPU time of the same iterations is summed here and
        // written beside criterion's output (target/bench-train/cpu.json, seconds per fit).
        let (mut cpu, mut fits_done) = (Duration::ZERO, 0u64);
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let (wall, process) = (Instant::now(), process_cpu_time());
                for _ in 0..iters {
                    fit(&data);
                }
                let elapsed = wall.elapsed();
                cpu += process_cpu_time().saturating_sub(process);
                fits_done += iters;
                elapsed
            })
        });
        cpu_seconds.push(format!("\"{name}\": {}", cpu.as_secs_f64() / fits_done.max(1) as f64));
    }
    group.finish();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-train/cpu.json");
    std::fs::write(&path, format!("{{{}}}\n", cpu_seconds.join(", "))).expect("write cpu.json");
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Load + validate of the bundled model file (`models/anomalyze.model.json`, a realistic version-2
//! file: 200 boosted trees, 40 forest trees, schema, card with profile): `cargo bench --bench model_file`.
//!
//! `model_file/load_validate`: bytes → parsed JSON → validated ensemble, schema check, card — what the
//! page does once per model. Measured as wall-clock time and as the benchmark thread's CPU time
//! (`model_file_cpu/…`, /proc/thread-self/schedstat), which stays meaningful on a shared machine.

use std::hint::black_box;

#[path = "support/cpu_time.rs"]
mod cpu_time;

use anomalyze::model::load_model_file;
use cpu_time::ThreadCpuTime;
use criterion::measurement::Measurement;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

const MODEL: &[u8] = include_bytes!("../models/anomalyze.model.json");

fn run<M: Measurement>(group: &mut BenchmarkGroup<'_, M>) {
    group.sample_size(20);
    group.throughput(Throughput::Bytes(MODEL.len() as u64));
    group.bench_function("load_validate", |b| b.iter(|| black_box(load_model_file(black_box(MODEL)))));
}

fn bench_model_file(c: &mut Criterion) {
    if let Err(e) = load_model_file(MODEL) {
        eprintln!("model_file bench: the bundled model does not load: {e}");
        return;
    }
    run(&mut c.benchmark_group("model_file"));
    let mut cpu = Criterion::default().with_measurement(ThreadCpuTime).configure_from_args();
    run(&mut cpu.benchmark_group("model_file_cpu"));
}

criterion_group!(benches, bench_model_file);
criterion_main!(benches);

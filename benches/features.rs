//! Feature throughput on the seed dataset (296,091 packets): `cargo bench --bench features`.
//!
//! `features/transform`: packets → FeatureMatrix with a fitted schema (the features alone).
//! `features/fit`: fitting the schema. `features/parse_and_transform`: the zip's bytes → packets →
//! FeatureMatrix. Each is measured twice: wall-clock time (criterion's default) and the CPU time of the
//! benchmark thread (`features_cpu/…`, from /proc/thread-self/schedstat, Linux only), which stays
//! meaningful when other processes share the cores. The seed zip is read from `ANOMALYZE_SEED_DATA`, else
//! `../shared/data/combined.csv.zip`.

use std::hint::black_box;
use std::path::PathBuf;

#[path = "support/cpu_time.rs"]
mod cpu_time;

use anomalyze::capture::{read_capture, Packet};
use anomalyze::features::FeatureSchema;
use cpu_time::ThreadCpuTime;
use criterion::measurement::Measurement;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

fn seed_bytes() -> Option<Vec<u8>> {
    let path = std::env::var_os("ANOMALYZE_SEED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/combined.csv.zip"));
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            eprintln!(
                "features bench: cannot read the seed data at {} ({e}); set ANOMALYZE_SEED_DATA",
                path.display()
            );
            None
        }
    }
}

fn run<M: Measurement>(group: &mut BenchmarkGroup<'_, M>, bytes: &[u8], packets: &[Packet]) {
    let schema = FeatureSchema::fit(packets);
    group.sample_size(10);
    group.throughput(Throughput::Elements(packets.len() as u64));
    group.bench_function("transform", |b| b.iter(|| black_box(schema.transform(black_box(packets)))));
    group.bench_function("fit", |b| b.iter(|| black_box(FeatureSchema::fit(black_box(packets)))));
    group.bench_function("parse_and_transform", |b| {
        b.iter(|| {
            let capture = read_capture(black_box(bytes), "combined.csv.zip", &mut |_| {});
            capture.map(|c| schema.transform(&c.packets))
        })
    });
}

fn bench_features(c: &mut Criterion) {
    let Some(bytes) = seed_bytes() else { return };
    let packets = match read_capture(&bytes, "combined.csv.zip", &mut |_| {}) {
        Ok(capture) => capture.packets,
        Err(e) => {
            eprintln!("features bench: the seed data does not read: {e}");
            return;
        }
    };
    run(&mut c.benchmark_group("features"), &bytes, &packets);
    let mut cpu = Criterion::default().with_measurement(ThreadCpuTime).configure_from_args();
    run(&mut cpu.benchmark_group("features_cpu"), &bytes, &packets);
}

criterion_group!(benches, bench_features);
criterion_main!(benches);

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
use std::time::Duration;

use anomalyze::capture::{read_capture, Packet};
use anomalyze::features::FeatureSchema;
use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

/// CPU time of the calling thread, in nanoseconds (first field of /proc/thread-self/schedstat).
fn thread_cpu_ns() -> u64 {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    text.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// Criterion measurement of thread CPU time.
struct ThreadCpuTime;

impl Measurement for ThreadCpuTime {
    type Intermediate = u64;
    type Value = Duration;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, started: u64) -> Duration {
        Duration::from_nanos(thread_cpu_ns().saturating_sub(started))
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

/// Shows CPU nanoseconds as ms and throughput as elements per CPU second.
struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, _typical_ns: f64, values: &mut [f64]) -> &'static str {
        values.iter_mut().for_each(|v| *v /= 1e6);
        "ms (cpu)"
    }
    fn scale_throughputs(&self, _typical: f64, throughput: &Throughput, values: &mut [f64]) -> &'static str {
        let per = match throughput {
            Throughput::Elements(n) | Throughput::ElementsAndBytes { elements: n, .. } => *n as f64,
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) => *n as f64,
            _ => 1.0,
        };
        values.iter_mut().for_each(|v| *v = per * 1e9 / *v / 1e6);
        "M elem/s (cpu)"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

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

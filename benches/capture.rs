//! Capture parsing speed on the seed data: `read_capture` of the zip (inflate + parse) and of the plain CSV,
//! in wall-clock time and in the benchmark thread's CPU time (the latter is what one core does when other
//! processes share the machine; on a quiet machine the two agree). Freeing the result is not timed
//! (`iter_with_large_drop`): the capture lives on through the analysis.
//!
//! Run: `cargo bench --bench capture`. Needs `../shared/data/combined.csv.zip` (or `ANOMALYZE_SEED_DATA`).

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use anomalyze::capture::read_capture;

fn seed_zip() -> Vec<u8> {
    let path = std::env::var_os("ANOMALYZE_SEED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/combined.csv.zip"));
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("the benchmark needs the seed data at {}: {e}", path.display()))
}

fn unzip_one(zip: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("seed zip opens");
    let mut csv = Vec::new();
    archive.by_index(0).expect("one member").read_to_end(&mut csv).expect("member inflates");
    csv
}

/// CPU time of the calling thread, from Linux's `/proc/thread-self/schedstat` (nanoseconds on a CPU).
fn thread_cpu_time() -> Duration {
    let stat =
        std::fs::read_to_string("/proc/thread-self/schedstat").expect("Linux /proc/thread-self/schedstat");
    let ns: u64 =
        stat.split_whitespace().next().and_then(|n| n.parse().ok()).expect("schedstat starts with ns");
    Duration::from_nanos(ns)
}

/// Criterion measurement: CPU time of the benchmark thread.
struct ThreadCpuTime;

/// Formats CPU durations in ms and throughput in M elements (packets) per CPU-second.
struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, _typical_ns: f64, values: &mut [f64]) -> &'static str {
        values.iter_mut().for_each(|v| *v /= 1e6);
        "ms (CPU)"
    }

    fn scale_throughputs(
        &self,
        _typical_ns: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        let per_iteration = match throughput {
            Throughput::Elements(n) | Throughput::ElementsAndBytes { elements: n, .. } => *n as f64,
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) => *n as f64,
            _ => 1.0,
        };
        values.iter_mut().for_each(|v| *v = per_iteration * 1e9 / *v / 1e6);
        "M/CPU-s"
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns (CPU)"
    }
}

impl Measurement for ThreadCpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        thread_cpu_time()
    }
    fn end(&self, started: Duration) -> Duration {
        thread_cpu_time().saturating_sub(started)
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

fn bench_capture<M: Measurement>(c: &mut Criterion<M>, clock: &str) {
    let zip = seed_zip();
    let csv = unzip_one(&zip);
    let rows = read_capture(&csv, "combined.csv", &mut |_| {}).expect("seed parses").packets.len() as u64;
    let mut group = c.benchmark_group(format!("capture ({clock})"));
    group.sample_size(10);
    group.throughput(Throughput::Elements(rows));
    group.bench_function("read_capture seed zip (inflate + parse)", |b| {
        b.iter_with_large_drop(|| read_capture(&zip, "combined.csv.zip", &mut |_| {}).expect("seed parses"))
    });
    group.bench_function("read_capture seed csv (parse only)", |b| {
        b.iter_with_large_drop(|| read_capture(&csv, "combined.csv", &mut |_| {}).expect("seed parses"))
    });
    group.finish();
}

fn wall(c: &mut Criterion) {
    bench_capture(c, "wall clock");
}

fn cpu(c: &mut Criterion<ThreadCpuTime>) {
    bench_capture(c, "thread CPU time");
}

criterion_group!(wall_clock, wall);
criterion_group! {
    name = cpu_time;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = cpu
}
criterion_main!(wall_clock, cpu_time);

//! Capture parsing speed on the seed data: `read_capture` of the zip (inflate + parse) and of the plain CSV,
//! in wall-clock time and in the benchmark thread's CPU time (the latter is what one core does when other
//! processes share the machine; on a quiet machine the two agree). Freeing the result is not timed
//! (`iter_with_large_drop`): the capture lives on through the analysis.
//!
//! Run: `cargo bench --bench capture`. Needs `../shared/data/combined.csv.zip` (or `ANOMALYZE_SEED_DATA`).

use std::io::Read;
use std::path::PathBuf;

use criterion::measurement::Measurement;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "support/cpu_time.rs"]
mod cpu_time;

use anomalyze::capture::read_capture;
use cpu_time::ThreadCpuTime;

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

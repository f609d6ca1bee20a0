//! pcap speed: reading + dissecting (`read_capture`) and reading + dissecting + features, on a capture of
//! 257,610 frames built in memory by repeating the parity corpus's Ethernet capture with shifted timestamps
//! and ports (so TCP/QUIC state keeps growing as in a real capture; nothing large is committed).
//!
//! Run: `cargo bench --bench pcap`. `pcap/…` is wall-clock time, `pcap_cpu/…` the benchmark thread's CPU time.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

#[path = "support/cpu_time.rs"]
mod cpu_time;

use anomalyze::capture::read_capture;
use anomalyze::features::FeatureSchema;

const COPIES: u32 = 2770;

/// The corpus capture's records repeated `COPIES` times (classic little-endian µs pcap).
fn big_pcap() -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pcap/eth_le_us.pcap");
    let bytes = std::fs::read(&path).expect("corpus capture");
    let mut records = Vec::new();
    let mut at = 24;
    while at + 16 <= bytes.len() {
        let caplen = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().expect("4 bytes")) as usize;
        records.push(&bytes[at..at + 16 + caplen]);
        at += 16 + caplen;
    }
    let mut out = bytes[..24].to_vec();
    for copy in 0..COPIES {
        for record in &records {
            let mut r = record.to_vec();
            let sec = u32::from_le_bytes(r[0..4].try_into().expect("4 bytes")) + copy;
            r[0..4].copy_from_slice(&sec.to_le_bytes());
            // Shift the client port of IPv4 TCP/UDP frames (Ethernet II, no VLAN) so streams differ per copy.
            if r.len() >= 16 + 38 && r[16 + 12..16 + 14] == [0x08, 0x00] && matches!(r[16 + 23], 6 | 17) {
                let sport = u16::from_be_bytes([r[16 + 34], r[16 + 35]]);
                if sport > 50_000 {
                    r[16 + 34..16 + 36]
                        .copy_from_slice(&(sport.wrapping_add(copy as u16 % 1000)).to_be_bytes());
                }
            }
            out.extend_from_slice(&r);
        }
    }
    out
}

fn bench_pcap(c: &mut Criterion) {
    let bytes = big_pcap();
    let packets = read_capture(&bytes, "big.pcap", &mut |_| {}).expect("reads").packets;
    let schema = FeatureSchema::fit(&packets);
    cases(&mut c.benchmark_group("pcap"), &bytes, &schema, packets.len());
    let mut cpu = Criterion::default().with_measurement(cpu_time::ThreadCpuTime);
    cases(&mut cpu.benchmark_group("pcap_cpu"), &bytes, &schema, packets.len());
}

fn cases<M: criterion::measurement::Measurement>(
    group: &mut BenchmarkGroup<'_, M>,
    bytes: &[u8],
    schema: &FeatureSchema,
    frames: usize,
) {
    let packets = frames;
    group.sample_size(10);
    group.throughput(Throughput::Elements(packets as u64));
    group.bench_function(format!("read_capture ({packets} frames)"), |b| {
        b.iter(|| read_capture(bytes, "big.pcap", &mut |_| {}).expect("reads"))
    });
    group.bench_function(format!("read_capture + features ({packets} frames)"), |b| {
        b.iter(|| {
            let capture = read_capture(bytes, "big.pcap", &mut |_| {}).expect("reads");
            schema.transform(&capture.packets).expect("features")
        })
    });
}

criterion_group!(benches, bench_pcap);
criterion_main!(benches);

//! The whole seed dataset (`../shared/data/combined.csv.zip`): counts from its README, nothing skipped.

use std::path::PathBuf;

use anomalyze::analysis;
use anomalyze::capture::{read_capture, Label, TimeFormat};

/// Where the seed zip sits: beside the repository (CI clones the repository next to `shared/`), or where
/// `ANOMALYZE_SEED_DATA` points (for a worktree that does not sit beside `shared/`).
pub(crate) fn seed_path() -> PathBuf {
    match std::env::var_os("ANOMALYZE_SEED_DATA") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/combined.csv.zip"),
    }
}

/// The seed bytes, or `None` when the file is absent and `ANOMALYZE_SKIP_SEED_DATA=1` allows skipping.
pub(crate) fn seed_bytes() -> Option<Vec<u8>> {
    let path = seed_path();
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if std::env::var("ANOMALYZE_SKIP_SEED_DATA").as_deref() == Ok("1") => {
            eprintln!(
                "SKIPPED: seed data not read from {} ({e}); ANOMALYZE_SKIP_SEED_DATA=1",
                path.display()
            );
            None
        }
        Err(e) => panic!(
            "the seed data is required: cannot read {} ({e}). Put combined.csv.zip there, point \
             ANOMALYZE_SEED_DATA at it, or set ANOMALYZE_SKIP_SEED_DATA=1 to skip this test",
            path.display()
        ),
    }
}

#[test]
fn whole_seed_dataset_reads_without_skips() {
    let Some(bytes) = seed_bytes() else { return };
    let mut calls = 0u64;
    let mut last_rows = 0u64;
    let capture = read_capture(&bytes, "combined.csv.zip", &mut |p| {
        assert!(p.rows_read >= last_rows, "progress goes backwards");
        last_rows = p.rows_read;
        calls += 1;
    })
    .expect("the seed data reads");
    assert_eq!(capture.packets.len(), 296_091);
    assert_eq!(capture.skipped_count, 0, "skipped: {:?}", capture.skipped);
    let malicious = capture.packets.iter().filter(|p| p.label == Some(Label::Malicious)).count();
    let normal = capture.packets.iter().filter(|p| p.label == Some(Label::Normal)).count();
    assert_eq!((malicious, normal), (247_430, 48_661));
    assert_eq!(last_rows, 296_091);
    assert!(calls >= 296_091 / 8192, "progress reported {calls} times");
    assert_eq!(capture.time_format, TimeFormat::MinutesClock);
    assert_eq!(
        capture.columns,
        ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info", "label"]
    );
    assert!(capture.extra_columns.is_empty() && capture.extra_values.is_empty());
    let first = &capture.packets[0];
    assert_eq!((first.number, first.time_s, first.length_bytes), (1, 0.0, 104));
    assert_eq!((first.source.as_str(), first.destination.as_str()), ("192.168.2.1", "192.168.2.255"));
    assert_eq!(first.info, "9431  >  9431 Len=62");
    assert!(capture.packets.windows(2).all(|w| w[1].time_s >= w[0].time_s), "time is monotonic");
    assert!(capture.packets.iter().all(|p| p.capture_index == 0));
}

#[test]
fn seed_block_boundaries_follow_the_clock_wrap_policy() {
    let Some(bytes) = seed_bytes() else { return };
    let (capture, summary) = analysis::inspect(&bytes, "combined.csv.zip", &mut |_| {}).expect("seed reads");
    let step = |row: usize| capture.packets[row].time_s - capture.packets[row - 1].time_s;
    // 0-based data rows of the data README's block table. Block 5 → 6: 59:59.6 → 00:00.1 is an hour wrap.
    assert!((step(229_672) - 0.5).abs() < 1e-6, "{}", step(229_672));
    // Block 3 → 4: 56:25.3 → 34:35.1 is a backward step, taken modulo one hour: +38 min 9.8 s.
    assert!((step(132_405) - 2289.8).abs() < 1e-6, "{}", step(132_405));
    // Block 1 → 2: 31:13.9 → 38:53.2 is an ordinary forward gap.
    assert!((step(574) - 459.3).abs() < 1e-6, "{}", step(574));
    // Block 2 is the SYN flood of ~131k packets in about 14 s.
    let flood_s = capture.packets[131_716].time_s - capture.packets[574].time_s;
    assert!((13.0..15.0).contains(&flood_s), "{flood_s}");
    assert_eq!((summary.captures, summary.rows_read, summary.skipped_count), (1, 296_091, 0));
    assert!((summary.time_span_s - 6673.9).abs() < 1e-6, "{}", summary.time_span_s);
    let labels = summary.labels.expect("the seed is labelled");
    assert_eq!((labels.malicious, labels.normal, labels.unlabelled), (247_430, 48_661, 0));
    // Protocol counts as the data README lists them.
    let top: Vec<(&str, u64)> =
        summary.protocols.iter().take(10).map(|p| (p.protocol.as_str(), p.total)).collect();
    let want = [
        ("TCP", 145_675),
        ("QUIC", 69_499),
        ("ICMP", 58_287),
        ("TLSv1.3", 15_632),
        ("ICMPv6", 1_939),
        ("UDP", 1_684),
        ("TLSv1.2", 1_586),
        ("ARP", 878),
        ("MDNS", 719),
        ("DNS", 130),
    ];
    assert_eq!(top, want);
    let icmp = &summary.protocols[2];
    assert_eq!((icmp.normal, icmp.malicious), (0, 58_287), "every ICMP packet is malicious");
}

//! The whole seed dataset (`../shared/data/combined.csv.zip`): counts from its README, nothing skipped.

use std::path::PathBuf;

use anomalyze::capture::{read_capture, Label, TimeFormat};

/// Where the seed zip sits: beside the repository (CI clones the repository next to `shared/`), or where
/// `ANOMALYZE_SEED_DATA` points (for a worktree that does not sit beside `shared/`).
fn seed_path() -> PathBuf {
    match std::env::var_os("ANOMALYZE_SEED_DATA") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/combined.csv.zip"),
    }
}

/// The seed bytes, or `None` when the file is absent and `ANOMALYZE_SKIP_SEED_DATA=1` allows skipping.
fn seed_bytes() -> Option<Vec<u8>> {
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

//! No bytes make the reader panic: arbitrary bytes, arbitrary bytes behind gzip/zip magic, valid containers
//! around arbitrary text, and mutated valid CSV. Every successful read must also be self-consistent.

use anomalyze::capture::{read_capture, Capture, MAX_REPORTED_SKIPS};
use proptest::prelude::*;

use super::containers::{gzip, zip};
use super::HEADER;

/// The invariants of any capture that was read.
fn check_consistent(capture: &Capture) {
    assert!(!capture.packets.is_empty());
    assert_eq!(capture.skipped.len() as u64, capture.skipped_count.min(MAX_REPORTED_SKIPS as u64));
    assert_eq!(capture.extra_values.len(), capture.packets.len() * capture.extra_columns.len());
    for pair in capture.packets.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(b.capture_index >= a.capture_index);
        if a.capture_index == b.capture_index {
            assert!(b.time_s >= a.time_s, "time decreases within a capture: {a:?} → {b:?}");
        } else {
            assert_eq!(b.time_s, 0.0, "a new capture starts at 0 s");
        }
    }
    assert!(capture.packets.iter().all(|p| p.time_s.is_finite() && p.time_s >= 0.0));
    assert!(capture.skipped.windows(2).all(|w| w[0].line < w[1].line));
}

fn read_any(bytes: &[u8]) {
    let mut last_rows = 0;
    let result = read_capture(bytes, "fuzz", &mut |p| {
        assert!(p.rows_read >= last_rows);
        last_rows = p.rows_read;
    });
    match result {
        Ok(capture) => check_consistent(&capture),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

const SAMPLE: &[u8] = b"No.,Time,Source,Destination,Protocol,Length,Info,label\r\n\
    1,30:38.3,192.168.2.1,192.168.2.255,UDP,104,9431  >  9431 Len=62,malicious\r\n\
    2,59:59.9,fe80::1,ff02::fb,MDNS,250,\"Standard query response 0x0000 PTR, \"\"QM\"\" Hasan\xe2s\",normal\r\n\
    3,00:00.1,10.0.0.1,10.0.0.2,TCP,66,443  >  44270 [ACK] Seq=1 Ack=1 Win=1050 Len=0,1\r\n\
    4,2024-12-26 10:30:38.1,a,b,ARP,60,Who has 10.0.0.1?,\r\n";

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize),
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len().max(1);
        match *edit {
            Edit::Replace(at, b) if !bytes.is_empty() => bytes[at % len] = b,
            Edit::Insert(at, b) => bytes.insert(at % (bytes.len() + 1), b),
            Edit::Delete(at) if !bytes.is_empty() => {
                bytes.remove(at % len);
            }
            _ => {}
        }
    }
    bytes
}

fn edit() -> impl Strategy<Value = Edit> {
    let byte =
        prop_oneof![any::<u8>(), Just(b','), Just(b'"'), Just(b'\n'), Just(b'\r'), Just(b':'), Just(b'.')];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(at, b)| Edit::Replace(at, b)),
        (any::<usize>(), byte).prop_map(|(at, b)| Edit::Insert(at, b)),
        any::<usize>().prop_map(Edit::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_any(&bytes);
    }

    #[test]
    fn arbitrary_bytes_behind_container_magic_never_panic(
        magic in prop_oneof![
            Just(&b"\x1F\x8B"[..]), Just(&b"\x1F\x8B\x08\x00"[..]), Just(&b"PK\x03\x04"[..]),
            Just(&b"PK\x05\x06"[..]), Just(&b"\x0A\x0D\x0D\x0A"[..]), Just(&b"\xEF\xBB\xBF"[..])
        ],
        tail in proptest::collection::vec(any::<u8>(), 0..1024),
    ) {
        let mut bytes = magic.to_vec();
        bytes.extend(tail);
        read_any(&bytes);
    }

    #[test]
    fn valid_containers_around_arbitrary_text_never_panic(
        text in proptest::collection::vec(any::<u8>(), 0..1024),
        member in "[a-z._/]{0,12}",
    ) {
        let mut with_header = format!("{HEADER}\n").into_bytes();
        with_header.extend(&text);
        read_any(&gzip(&text));
        read_any(&gzip(&with_header));
        let name = if member.is_empty() || member.ends_with('/') { "x.csv".to_string() } else { format!("{member}.csv") };
        read_any(&zip(&[(name.as_str(), &with_header)]));
        read_any(&zip(&[(name.as_str(), &text)]));
    }

    #[test]
    fn mutated_valid_csv_never_panics(edits in proptest::collection::vec(edit(), 1..12)) {
        let bytes = apply(SAMPLE.to_vec(), &edits);
        read_any(&bytes);
        read_any(&gzip(&bytes));
        let mut zipped = zip(&[("m.csv", &bytes)]);
        let edited = apply(std::mem::take(&mut zipped), &edits);
        read_any(&edited);
    }
}

#[test]
fn the_unmutated_sample_reads_with_one_skipped_row() {
    let c = read_capture(SAMPLE, "sample.csv", &mut |_| {}).expect("sample reads");
    check_consistent(&c);
    // Row 4 mixes a date-time into a minutes:seconds file.
    assert_eq!((c.packets.len(), c.skipped_count, c.skipped[0].line), (3, 1, 5));
    assert!((c.packets[2].time_s - (29.0 * 60.0 + 21.8)).abs() < 1e-9, "{}", c.packets[2].time_s);
}

//! Property tests of the CSV reader over valid exports and their malformations (truncation, stray and
//! unclosed quotes, NULs, CR-only line ends, byte-order marks, huge fields) and random bytes: the reader
//! never panics, ends within a time bound, keeps its messages short, and accounts for every row — each
//! data row is a packet or a counted skip, and without quotes each non-blank line is exactly one row.
//!
//! Bounded: 256 cases per property of at most a few hundred KB each (`PROPTEST_CASES` raises the count).

use std::sync::mpsc;
use std::time::Duration;

use anomalyze::capture::{read_capture, Capture, CaptureError};
use proptest::prelude::*;

use super::HEADER;

/// A read may take at most this long (debug build, loaded machine); a hang fails the test.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The longest message any error may have (messages quote at most 80 characters of user text).
const MAX_MESSAGE_BYTES: usize = 6_000;

/// A quoted field may run over at most this many non-blank lines (`MAX_FIELD_LINES` in the reader).
const MAX_FIELD_LINES: u64 = 16;

/// What a read gave: the capture or the error, and the rows the final progress report counted.
struct Outcome {
    result: Result<Capture, CaptureError>,
    rows_read: u64,
}

/// Reads in a separate thread so that a hang fails after [`TIME_LIMIT`] instead of blocking the run.
fn read_bounded(bytes: Vec<u8>) -> Outcome {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut rows_read = 0;
        let result = read_capture(&bytes, "fuzz.csv", &mut |p| rows_read = p.rows_read);
        let _ = send.send(Outcome { result, rows_read });
    });
    match receive.recv_timeout(TIME_LIMIT) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("the read did not finish in {TIME_LIMIT:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the read panicked"),
    }
}

/// Non-blank lines (LF, CRLF or CR ends) after the header (and after Excel's `sep=` line).
fn data_lines(text: &[u8]) -> u64 {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let mut lines = text.split(|&b| b == b'\n' || b == b'\r').filter(|l| !l.is_empty());
    let first = lines.next();
    let skip_header = first.is_some_and(|l| l.trim_ascii().to_ascii_lowercase().starts_with(b"sep="));
    let mut count = lines.count() as u64;
    if skip_header && count > 0 {
        count -= 1;
    }
    count
}

/// The properties every read of CSV text must have.
fn check(bytes: Vec<u8>) {
    let has_quotes = bytes.contains(&b'"');
    let lines = data_lines(&bytes);
    let Outcome { result, rows_read } = read_bounded(bytes);
    match result {
        Ok(c) => {
            assert_eq!(c.packets.len() as u64 + c.skipped_count, rows_read, "every row is read or skipped");
            if has_quotes {
                assert!(
                    rows_read <= lines && rows_read * MAX_FIELD_LINES >= lines,
                    "{rows_read} rows, {lines} lines"
                );
            } else {
                assert_eq!(rows_read, lines, "without quotes each non-blank line is one row");
            }
            for s in &c.skipped {
                assert!(s.reason.len() < MAX_MESSAGE_BYTES, "reason of {} bytes", s.reason.len());
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(
                !message.is_empty() && message.len() < MAX_MESSAGE_BYTES,
                "message of {} bytes",
                message.len()
            );
            if let CaptureError::NoValidRows { rows, .. } = e {
                assert_eq!(rows, rows_read);
                if !has_quotes {
                    assert_eq!(rows, lines);
                }
            }
        }
    }
}

/// A row of a valid export; Info may hold commas, doubled quotes and (rarely) a line break.
fn row(clock: bool) -> impl Strategy<Value = String> {
    let info = prop_oneof![
        "[a-zA-Z0-9 >\\[\\]=]{0,30}",
        "[a-z ,]{0,20}".prop_map(|s| format!("\"{s}\"")),
        "[a-z ]{0,10}".prop_map(|s| format!("\"Standard query \"\"{s}\"\" x\"")),
        "[a-z]{1,8}".prop_map(|s| format!("\"{s}\nsecond line\"")),
    ];
    // One time format per file (a row in another format is skipped, rightly).
    let time = if clock { "[0-5][0-9]:[0-5][0-9]\\.[0-9]" } else { "[0-9]{1,3}\\.[0-9]{1,6}" };
    (1u32..100_000, time, "[a-f0-9.:]{1,15}", prop_oneof!["TCP", "UDP", "DNS", "ICMPv6"], 40u32..1500, info)
        .prop_map(|(no, time, addr, proto, len, info)| {
            format!("{no},{time},{addr},{addr},{proto},{len},{info}")
        })
}

/// A valid export: header and rows, with LF or CRLF line ends.
fn export() -> impl Strategy<Value = Vec<u8>> {
    let rows = any::<bool>().prop_flat_map(|clock| proptest::collection::vec(row(clock), 1..40));
    (rows, any::<bool>()).prop_map(|(rows, crlf)| {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("{HEADER}{end}");
        for row in rows {
            text.push_str(&row);
            text.push_str(end);
        }
        text.into_bytes()
    })
}

/// One malformation of a valid export.
#[derive(Debug, Clone)]
enum Damage {
    Truncate(usize),
    InsertQuote(usize),
    InsertNul(usize),
    CrOnly,
    Bom(&'static [u8]),
    HugeField(usize, usize),
    DeleteByte(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<usize>().prop_map(Damage::Truncate),
        any::<usize>().prop_map(Damage::InsertQuote),
        any::<usize>().prop_map(Damage::InsertQuote),
        any::<usize>().prop_map(Damage::InsertNul),
        Just(Damage::CrOnly),
        prop_oneof![Just(&b"\xEF\xBB\xBF"[..]), Just(&b"\xFF\xFE"[..]), Just(&b"\xFE\xFF"[..])]
            .prop_map(Damage::Bom),
        (any::<usize>(), 1_000usize..100_000).prop_map(|(at, len)| Damage::HugeField(at, len)),
        any::<usize>().prop_map(Damage::DeleteByte),
    ]
}

fn apply(mut bytes: Vec<u8>, damages: &[Damage]) -> Vec<u8> {
    for d in damages {
        let at = |i: usize| i % (bytes.len() + 1);
        match *d {
            Damage::Truncate(i) => bytes.truncate(at(i)),
            Damage::InsertQuote(i) => bytes.insert(at(i), b'"'),
            Damage::InsertNul(i) => bytes.insert(at(i), 0),
            Damage::CrOnly => {
                bytes = bytes
                    .iter()
                    .filter(|&&b| b != b'\r')
                    .map(|&b| if b == b'\n' { b'\r' } else { b })
                    .collect()
            }
            Damage::Bom(bom) => bytes.splice(0..0, bom.iter().copied()).for_each(drop),
            Damage::HugeField(i, len) => {
                let i = at(i);
                bytes.splice(i..i, std::iter::repeat_n(b'x', len)).for_each(drop);
            }
            Damage::DeleteByte(i) if !bytes.is_empty() => {
                bytes.remove(i % bytes.len());
            }
            Damage::DeleteByte(_) => {}
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn valid_exports_read_every_row(bytes in export()) {
        let lines = data_lines(&bytes);
        let Outcome { result, rows_read } = read_bounded(bytes);
        let c = result.expect("a valid export reads");
        prop_assert_eq!(c.skipped_count, 0, "{:?}", c.skipped);
        prop_assert_eq!(c.packets.len() as u64, rows_read);
        prop_assert!(rows_read <= lines && rows_read * 2 >= lines);
    }

    #[test]
    fn damaged_exports_account_for_every_row(bytes in export(), damages in proptest::collection::vec(damage(), 1..5)) {
        check(apply(bytes, &damages));
    }

    #[test]
    fn random_bytes_after_a_header_account_for_every_row(tail in proptest::collection::vec(any::<u8>(), 0..4096)) {
        // Skewed towards the bytes that matter to CSV.
        let tail = tail.into_iter().map(|b| match b % 8 { 0 => b',', 1 => b'"', 2 => b'\n', 3 => b'\r', 4 => b'1', _ => b });
        let mut bytes = format!("{HEADER}\n").into_bytes();
        bytes.extend(tail);
        check(bytes);
    }
}

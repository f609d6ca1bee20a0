//! Every `Time` format, to seconds since the first packet of each capture.

use anomalyze::capture::TimeFormat;

use super::{read_ok, HEADER};

/// A capture whose rows have the given times; returns (format, [(capture, time_s)]) and the skip count.
fn times(cells: &[&str]) -> (TimeFormat, Vec<(u32, f64)>, u64) {
    let mut text = format!("{HEADER}\n");
    for (i, cell) in cells.iter().enumerate() {
        text.push_str(&format!("{},\"{cell}\",a,b,TCP,60,x\n", i + 1));
    }
    let c = read_ok(text.as_bytes());
    (c.time_format, c.packets.iter().map(|p| (p.capture_index, p.time_s)).collect(), c.skipped_count)
}

fn assert_times(cells: &[&str], format: TimeFormat, want: &[(u32, f64)]) {
    let (got_format, got, skipped) = times(cells);
    assert_eq!((got_format, skipped), (format, 0), "{cells:?}");
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert!(g.0 == w.0 && (g.1 - w.1).abs() < 1e-6, "{cells:?}: got {got:?}, want {want:?}");
    }
}

#[test]
fn relative_seconds() {
    assert_times(
        &["0.000000", "0.250000", "12.345678"],
        TimeFormat::Seconds,
        &[(0, 0.0), (0, 0.25), (0, 12.345678)],
    );
}

#[test]
fn relative_seconds_restarting_start_a_new_capture() {
    let want = [(0, 0.0), (0, 3.5), (1, 0.0), (1, 1.0)];
    assert_times(&["0.0", "3.5", "0.0", "1.0"], TimeFormat::Seconds, &want);
}

#[test]
fn epoch_seconds() {
    assert_times(&["1735209038.123456", "1735209039.623456"], TimeFormat::Seconds, &[(0, 0.0), (0, 1.5)]);
}

#[test]
fn spreadsheet_minutes_wrap_at_the_hour() {
    // As in the seed's block 5 → 6 boundary.
    let want = [(0, 0.0), (0, 0.9), (0, 1.4)];
    assert_times(&["59:58.7", "59:59.6", "00:00.1"], TimeFormat::MinutesClock, &want);
}

#[test]
fn time_of_day_wraps_at_midnight() {
    let want = [(0, 0.0), (0, 0.5), (0, 1.0)];
    assert_times(&["23:59:59.500", "0:00:00.000", "0:00:00.500"], TimeFormat::HoursClock, &want);
}

#[test]
fn wireshark_and_tshark_date_times() {
    let want = [(0, 0.0), (0, 1.0), (0, 2.5)];
    let iso = ["2024-12-26 10:30:38.123456", "2024-12-26 10:30:39.123456", "2024-12-26 10:30:40.623456"];
    assert_times(&iso, TimeFormat::DateTime, &want);
    let utc = ["2024-12-26T10:30:38.123456Z", "2024-12-26T10:30:39.123456Z", "2024-12-26T10:30:40.623456Z"];
    assert_times(&utc, TimeFormat::DateTime, &want);
    let named = [
        "Dec 26, 2024 10:30:38.123456789 EST",
        "Dec 26, 2024 10:30:39.123456789 EST",
        "Dec 26, 2024 10:30:40.623456789 EST",
    ];
    assert_times(&named, TimeFormat::DateTime, &want);
    let day_of_year = ["2024/361 10:30:38.1", "2024/361 10:30:39.1", "2024/361 10:30:40.6"];
    assert_times(&day_of_year, TimeFormat::DateTime, &want);
}

#[test]
fn date_times_across_midnight_and_a_zone_change() {
    // 01:59:59 EDT is 05:59:59 UTC; 01:00:00 EST (after the clocks went back) is 06:00:00 UTC.
    let cells = ["Nov  3, 2024 01:59:59.000000000 EDT", "Nov  3, 2024 01:00:00.000000000 EST"];
    assert_times(&cells, TimeFormat::DateTime, &[(0, 0.0), (0, 1.0)]);
    assert_times(
        &["2024-12-31 23:59:59.75", "2025-01-01 00:00:00.25"],
        TimeFormat::DateTime,
        &[(0, 0.0), (0, 0.5)],
    );
}

#[test]
fn a_row_in_another_time_format_is_skipped() {
    let (format, got, skipped) = times(&["0.5", "30:38.3", "1.5"]);
    assert_eq!((format, got.len(), skipped), (TimeFormat::Seconds, 2, 1));
}

#[test]
fn wireshark_reference_marker_is_time_zero() {
    let want = [(0, 0.0), (0, 1.0), (1, 0.0), (1, 0.5)];
    assert_times(&["2.0", "3.0", "*REF*", "0.5"], TimeFormat::Seconds, &want);
}

#[test]
fn dates_up_to_9999_12_31_and_down_to_0000_01_01_are_accepted() {
    // `9999-12-31 …` was rejected: years were limited to 1900–2200 and times to i64 nanoseconds.
    let last = ["9999-12-31 23:59:58.5", "9999-12-31 23:59:59.999999999"];
    assert_times(&last, TimeFormat::DateTime, &[(0, 0.0), (0, 1.499999999)]);
    let named = ["Dec 31, 9999 23:59:58.500000000 UTC", "Dec 31, 9999 23:59:59.999999999 UTC"];
    assert_times(&named, TimeFormat::DateTime, &[(0, 0.0), (0, 1.499999999)]);
    assert_times(
        &["9999/365 23:59:59", "9999-12-31T23:59:59-14:00"],
        TimeFormat::DateTime,
        &[(0, 0.0), (0, 50400.0)],
    );
    // Year 0 of the proleptic Gregorian calendar is a leap year (divisible by 400).
    let first = ["0000-01-01 00:00:00", "0000-02-29 12:00:00", "0000/366 00:00:00"];
    assert_times(&first, TimeFormat::DateTime, &[(0, 0.0), (0, 59.5 * 86_400.0), (0, 365.0 * 86_400.0)]);
    // The whole range in one file: 3,652,424 days (0000-01-01 → 9999-12-31) plus 86,399.999999999 s.
    let (format, got, skipped) = times(&["0000-01-01 00:00:00", "9999-12-31 23:59:59.999999999"]);
    assert_eq!((format, skipped, got.len()), (TimeFormat::DateTime, 0, 2));
    let want_s = 3_652_424.0 * 86_400.0 + 86_399.999_999_999;
    assert!((got[1].1 - want_s).abs() < 1e-3, "{} vs {want_s}", got[1].1);
    // Still invalid: five-digit years, days past the month's end, 29 February of a common year.
    let (_, got, skipped) =
        times(&["2024-01-01 00:00:00", "10000-01-01 00:00:00", "9999-12-32 00:00:00", "1900-02-29 00:00:00"]);
    assert_eq!((got.len(), skipped), (1, 3));
}

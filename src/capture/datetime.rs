//! Absolute date-times as Wireshark and tshark write them → nanoseconds since the Unix epoch (UTC).
//!
//! Input: `2024-12-26 10:30:38.123456`, `2024-12-26T10:30:38.123456Z`, `2024/361 10:30:38.123456` (year/day
//! of year), `Dec 26, 2024 10:30:38.123456789 EST`; an optional zone (`Z`, `±hh:mm`, `±hhmm`, UTC/GMT and
//! common abbreviations; an unknown name counts as UTC, which is exact as long as a file uses one zone).
//! Every date of years 0000–9999 (proleptic Gregorian) is accepted. Rejects (returns `None`): invalid
//! dates (29 February of a common year, day 32, month 13, …), other year lengths, anything else.

use super::time::{leading_digits, parse_clock_seconds, Nanos, NS_PER_S};

const MONTHS: [&[u8; 3]; 12] =
    [b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"];

/// Zone abbreviations with their offsets from UTC in minutes (the unambiguous common ones).
const ZONES: &[(&str, i64)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("WET", 0),
    ("WEST", 60),
    ("BST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("MSK", 180),
    ("EST", -300),
    ("EDT", -240),
    ("CST", -360),
    ("CDT", -300),
    ("MST", -420),
    ("MDT", -360),
    ("PST", -480),
    ("PDT", -420),
    ("AKST", -540),
    ("AKDT", -480),
    ("HST", -600),
    ("JST", 540),
    ("KST", 540),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
];

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads exactly `n` digits (more may follow).
fn digits(s: &[u8], n: usize) -> Option<(u64, &[u8])> {
    let head = s.get(..n)?;
    let (value, k) = leading_digits(head, n)?;
    (k == n).then_some((value, &s[n..]))
}

fn month_of(name: &[u8]) -> Option<u32> {
    let lower = [
        name.first()?.to_ascii_lowercase(),
        name.get(1)?.to_ascii_lowercase(),
        name.get(2)?.to_ascii_lowercase(),
    ];
    MONTHS.iter().position(|m| **m == lower).map(|i| i as u32 + 1)
}

/// Parses a date-time cell (already trimmed).
pub(crate) fn parse_date_time(cell: &[u8]) -> Option<Nanos> {
    let (days, rest) =
        if cell.first()?.is_ascii_alphabetic() { month_name_date(cell)? } else { numeric_date(cell)? };
    let rest = match rest {
        [b'T' | b't' | b' ', tail @ ..] => tail.trim_ascii_start(),
        _ => return None,
    };
    let (hour, rest) = digits_1_or_2(rest)?;
    let rest = rest.strip_prefix(b":")?;
    let (minute, rest) = digits(rest, 2)?;
    let rest = rest.strip_prefix(b":")?;
    let seconds_len = rest.iter().take_while(|b| b.is_ascii_digit() || **b == b'.').count();
    let second_ns = parse_clock_seconds(&rest[..seconds_len])?;
    if hour >= 24 || minute >= 60 {
        return None;
    }
    let offset_min = zone_offset_minutes(rest[seconds_len..].trim_ascii())?;
    let local_s = days * 86_400 + (hour * 3600 + minute * 60) as i64;
    Some(Nanos::from(local_s - offset_min * 60) * NS_PER_S + second_ns)
}

fn digits_1_or_2(s: &[u8]) -> Option<(u64, &[u8])> {
    let (value, k) = leading_digits(s, 2)?;
    (k > 0).then_some((value, &s[k..]))
}

/// Any four-digit year, 0000–9999 (proleptic Gregorian; 0000 is 1 BC, a leap year).
fn check_year(year: u64) -> Option<i64> {
    (0..=9999).contains(&year).then_some(year as i64)
}

/// `YYYY-MM-DD` or `YYYY/DDD` → (days since epoch, rest).
fn numeric_date(cell: &[u8]) -> Option<(i64, &[u8])> {
    let (year, rest) = digits(cell, 4)?;
    let year = check_year(year)?;
    match rest {
        [b'-', tail @ ..] => {
            let (month, tail) = digits(tail, 2)?;
            let (day, tail) = digits(tail.strip_prefix(b"-")?, 2)?;
            let (month, day) = (month as u32, day as u32);
            if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
                return None;
            }
            Some((days_from_civil(year, month, day), tail))
        }
        [b'/', tail @ ..] => {
            let (day_of_year, tail) = digits(tail, 3)?;
            let max = if is_leap(year) { 366 } else { 365 };
            if day_of_year == 0 || day_of_year > max {
                return None;
            }
            Some((days_from_civil(year, 1, 1) + day_of_year as i64 - 1, tail))
        }
        _ => None,
    }
}

/// `Mon D, YYYY` (tshark's `frame.time`; the day may be space-padded) → (days since epoch, rest).
fn month_name_date(cell: &[u8]) -> Option<(i64, &[u8])> {
    let word_len = cell.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if word_len < 3 {
        return None;
    }
    let month = month_of(&cell[..word_len])?;
    let (day, rest) = digits_1_or_2(cell[word_len..].trim_ascii_start())?;
    let rest = rest.strip_prefix(b",")?.trim_ascii_start();
    let (year, rest) = digits(rest, 4)?;
    let year = check_year(year)?;
    let day = day as u32;
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some((days_from_civil(year, month, day), rest))
}

/// The zone after the time → its offset from UTC in minutes; an unknown name counts as UTC.
fn zone_offset_minutes(zone: &[u8]) -> Option<i64> {
    match zone {
        [] => Some(0),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (hours, tail) = digits(tail, 2)?;
            let tail = tail.strip_prefix(b":").unwrap_or(tail);
            let (minutes, tail) = if tail.is_empty() { (0, tail) } else { digits(tail, 2)? };
            if !tail.is_empty() || hours > 14 || minutes >= 60 {
                return None;
            }
            let offset = (hours * 60 + minutes) as i64;
            Some(if *sign == b'-' { -offset } else { offset })
        }
        _ if zone.iter().all(|b| b.is_ascii_alphabetic() || *b == b' ') => {
            let name = std::str::from_utf8(zone).ok()?;
            Some(ZONES.iter().find(|(z, _)| z.eq_ignore_ascii_case(name)).map_or(0, |&(_, offset)| offset))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-12-26 10:30:38 UTC in Unix seconds (checked with `date -u -d '2024-12-26 10:30:38' +%s`).
    const REF_S: Nanos = 1_735_209_038;

    fn ns(s: &str) -> Option<Nanos> {
        parse_date_time(s.as_bytes())
    }

    #[test]
    fn wireshark_and_tshark_forms() {
        let want = REF_S * NS_PER_S + 123_456_000;
        assert_eq!(ns("2024-12-26 10:30:38.123456"), Some(want));
        assert_eq!(ns("2024-12-26T10:30:38.123456Z"), Some(want));
        assert_eq!(ns("2024-12-26T11:30:38.123456+01:00"), Some(want));
        assert_eq!(ns("2024-12-26 05:30:38.123456 -0500"), Some(want));
        assert_eq!(ns("2024/361 10:30:38.123456"), Some(want));
        assert_eq!(ns("Dec 26, 2024 05:30:38.123456000 EST"), Some(want));
        assert_eq!(ns("Dec 26, 2024 10:30:38.123456000 UTC"), Some(want));
        assert_eq!(ns("Dec 26, 2024 10:30:38.123456000 Coordinated Universal Time"), Some(want));
        assert_eq!(ns("Mar  1, 2024 00:00:00.000000000"), Some(1_709_251_200 * NS_PER_S));
        assert_eq!(ns("1970-01-01 00:00:00"), Some(0));
        assert_eq!(ns("2024-02-29 00:00:00"), Some(1_709_164_800 * NS_PER_S));
        // 62,091 days before the epoch (Python: date(1970,1,1).toordinal() - date(1800,1,1).toordinal()).
        assert_eq!(ns("1800-01-01 00:00:00"), Some(-62_091 * 86_400 * NS_PER_S));
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2023-02-29 00:00:00",
            "2024-13-01 00:00:00",
            "2024-12-26 24:00:00",
            "2024-12-26 10:60:00",
            "2024-12-26",
            "2024/367 10:30:38",
            "Foo 26, 2024 10:30:38",
            "Dec 32, 2024 10:30:38",
            "2024-12-26 10:30:38 +25:00",
            "2024-12-26 10:30:38 1",
            "1900-02-29 00:00:00",
            "10000-01-01 00:00:00",
            "999-01-01 00:00:00",
        ] {
            assert_eq!(ns(bad), None, "{bad}");
        }
    }
}

//! One `Time` cell → a format and an instant in nanoseconds (no timeline logic here; see `timeline`).
//!
//! Input: the raw cell bytes. Output: [`TimeFormat`] and nanoseconds — since the capture start or the Unix
//! epoch for seconds, since the hour / midnight for clocks, since the epoch for date-times.
//! Rejects (returns `None`): anything else, and seconds beyond 9,000,000,000 (the year 2255).

use serde::{Deserialize, Serialize};

use super::datetime::parse_date_time;

/// An instant or a duration in nanoseconds: `i128`, so that every date a `Time` cell can write (years
/// 0000–9999, beyond `i64` nanoseconds' 1678–2262) fits.
pub(crate) type Nanos = i128;

/// Nanoseconds per second.
pub(crate) const NS_PER_S: Nanos = 1_000_000_000;

/// The largest whole-seconds value accepted (year 2255), so nanoseconds fit an `i64`.
const MAX_SECONDS: u64 = 9_000_000_000;

/// How a capture's `Time` column is written; one format per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum TimeFormat {
    /// Decimal seconds: since the capture's start (`12.345678`, Wireshark's default) or since the Unix
    /// epoch (`1735209038.123456`); Wireshark's `*REF*` marker counts as 0.
    #[default]
    Seconds,
    /// `mm:ss.s`, as a spreadsheet rewrites a time of day (the hours are lost).
    MinutesClock,
    /// `h:mm:ss.s`, a time of day without a date.
    HoursClock,
    /// A date and a time of day (`2024-12-26 10:30:38.123456`, `Dec 26, 2024 10:30:38.123456789 EST`, …).
    DateTime,
}

impl TimeFormat {
    /// A short description with an example, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            TimeFormat::Seconds => "seconds (12.345678)",
            TimeFormat::MinutesClock => "minutes:seconds (30:38.3)",
            TimeFormat::HoursClock => "hours:minutes:seconds (10:30:38.3)",
            TimeFormat::DateTime => "a date and time (2024-12-26 10:30:38.123456)",
        }
    }

    /// For the clock formats, the period after which the clock wraps, in nanoseconds.
    pub(crate) fn wrap_period_ns(self) -> Option<Nanos> {
        match self {
            TimeFormat::MinutesClock => Some(3600 * NS_PER_S),
            TimeFormat::HoursClock => Some(86_400 * NS_PER_S),
            TimeFormat::Seconds | TimeFormat::DateTime => None,
        }
    }
}

/// Parses one `Time` cell; surrounding spaces are ignored.
pub(crate) fn parse_time(cell: &[u8]) -> Option<(TimeFormat, Nanos)> {
    let cell = cell.trim_ascii();
    let first = *cell.first()?;
    if cell == b"*REF*" {
        return Some((TimeFormat::Seconds, 0));
    }
    let is_date = first.is_ascii_alphabetic()
        || (cell.len() > 10
            && matches!(cell.get(4), Some(b'-' | b'/'))
            && cell[..4].iter().all(u8::is_ascii_digit));
    if is_date {
        return parse_date_time(cell).map(|ns| (TimeFormat::DateTime, ns));
    }
    match cell.iter().filter(|&&b| b == b':').count() {
        0 => parse_seconds(cell).map(|ns| (TimeFormat::Seconds, ns)),
        1 => parse_clock(cell, false).map(|ns| (TimeFormat::MinutesClock, ns)),
        2 => parse_clock(cell, true).map(|ns| (TimeFormat::HoursClock, ns)),
        _ => None,
    }
}

/// Reads ASCII digits at the start of `s`: (value, digits read). `None` on overflow of `max_digits`.
pub(crate) fn leading_digits(s: &[u8], max_digits: usize) -> Option<(u64, usize)> {
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if n > max_digits {
        return None;
    }
    let value = s[..n].iter().fold(0u64, |acc, &b| acc * 10 + u64::from(b - b'0'));
    Some((value, n))
}

/// A fraction after the decimal point (digits only, at least one) → nanoseconds; digits past 9 are dropped.
pub(crate) fn fraction_ns(digits: &[u8]) -> Option<Nanos> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut ns: Nanos = 0;
    for i in 0..9 {
        ns = ns * 10 + digits.get(i).map_or(0, |&b| Nanos::from(b - b'0'));
    }
    Some(ns)
}

/// `[-+]digits[.digits]` or `[-+].digits` → nanoseconds.
pub(crate) fn parse_seconds(cell: &[u8]) -> Option<Nanos> {
    let (negative, body) = match cell.first()? {
        b'-' => (true, &cell[1..]),
        b'+' => (false, &cell[1..]),
        _ => (false, cell),
    };
    let (whole, n) = leading_digits(body, 10)?;
    if whole > MAX_SECONDS {
        return None;
    }
    let frac = match &body[n..] {
        [] if n > 0 => 0,
        [b'.', digits @ ..] if n > 0 && digits.is_empty() => 0,
        [b'.', digits @ ..] => fraction_ns(digits)?,
        _ => return None,
    };
    let ns = Nanos::from(whole) * NS_PER_S + frac;
    Some(if negative { -ns } else { ns })
}

/// Seconds with an optional fraction, `ss[.f]`, below 60 → nanoseconds.
pub(crate) fn parse_clock_seconds(s: &[u8]) -> Option<Nanos> {
    let (whole, n) = leading_digits(s, 2)?;
    if n == 0 || whole >= 60 {
        return None;
    }
    let frac = match &s[n..] {
        [] => 0,
        [b'.', digits @ ..] => fraction_ns(digits)?,
        _ => return None,
    };
    Some(Nanos::from(whole) * NS_PER_S + frac)
}

/// `m:ss[.f]` (any number of minutes) or, with `hours`, `h:mm:ss[.f]` → nanoseconds.
fn parse_clock(cell: &[u8], hours: bool) -> Option<Nanos> {
    let (first, n) = leading_digits(cell, 6)?;
    if n == 0 || cell.get(n) != Some(&b':') {
        return None;
    }
    let mut rest = &cell[n + 1..];
    let mut minutes = first;
    if hours {
        let (m, k) = leading_digits(rest, 2)?;
        if k != 2 || m >= 60 || rest.get(k) != Some(&b':') {
            return None;
        }
        minutes = first * 60 + m;
        rest = &rest[k + 1..];
    }
    Some(Nanos::from(minutes) * 60 * NS_PER_S + parse_clock_seconds(rest)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Option<(TimeFormat, Nanos)> {
        parse_time(s.as_bytes())
    }

    #[test]
    fn relative_and_epoch_seconds() {
        assert_eq!(t("12.345678"), Some((TimeFormat::Seconds, 12_345_678_000)));
        assert_eq!(t(" 0.000000 "), Some((TimeFormat::Seconds, 0)));
        assert_eq!(t("3"), Some((TimeFormat::Seconds, 3 * NS_PER_S)));
        assert_eq!(t("-1.5"), Some((TimeFormat::Seconds, -1_500_000_000)));
        assert_eq!(t("1735209038.123456789"), Some((TimeFormat::Seconds, 1_735_209_038_123_456_789)));
        assert_eq!(t("*REF*"), Some((TimeFormat::Seconds, 0)));
        for bad in ["", ".", "1.2.3", "1e5", "abc", "12,5", "99999999999", "1. 2", "-"] {
            assert_eq!(t(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn spreadsheet_clocks() {
        assert_eq!(t("30:38.3"), Some((TimeFormat::MinutesClock, (30 * 60 + 38) * NS_PER_S + 300_000_000)));
        assert_eq!(t("00:00.1"), Some((TimeFormat::MinutesClock, 100_000_000)));
        assert_eq!(t("75:01"), Some((TimeFormat::MinutesClock, (75 * 60 + 1) * NS_PER_S)));
        assert_eq!(t("1:02:03.5"), Some((TimeFormat::HoursClock, 3723 * NS_PER_S + 500_000_000)));
        for bad in ["30:60.0", "30:", ":12.3", "1:60:00", "1:2:03", "30:38.x", "1:02:03:04"] {
            assert_eq!(t(bad), None, "{bad:?}");
        }
    }
}

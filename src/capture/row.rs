//! One data record → a [`Packet`], or the reason it was skipped.
//!
//! Input: a CSV record, the column map and the timeline. Output: a packet (text decoded as UTF-8, or as
//! Latin-1 where it is not valid UTF-8 — never an error) plus the record's extra cells.
//! Rejects (a reason string, the caller skips the row): NUL bytes, a wrong field count, an unparsable `No.`, `Length`
//! or `Time`, an unknown label value.

use csv::ByteRecord;

use super::columns::Columns;
use super::error::excerpt;
use super::timeline::Timeline;
use super::{Label, Packet};

/// Decodes a cell: UTF-8 when valid, otherwise Latin-1 (every byte is a character, so this never fails).
pub(crate) fn cell_text(cell: &[u8]) -> String {
    match std::str::from_utf8(cell) {
        Ok(text) => text.to_owned(),
        Err(_) => cell.iter().map(|&b| char::from(b)).collect(),
    }
}

/// A cell for a message: backquoted, control characters escaped, cut after 80 characters with its length
/// in bytes (see [`excerpt`]); an empty cell is `(empty)`.
pub(crate) fn quote_cell(cell: &[u8]) -> String {
    if cell.is_empty() {
        return "(empty)".to_string();
    }
    excerpt(cell)
}

/// Parses a label cell: `Ok(None)` when empty; normal/benign/0 and malicious/attack/1, any case.
pub(crate) fn parse_label(cell: &[u8]) -> Result<Option<Label>, String> {
    let value = cell.trim_ascii();
    let is = |word: &str| value.eq_ignore_ascii_case(word.as_bytes());
    if value.is_empty() {
        Ok(None)
    } else if is("normal") || is("benign") || is("0") || is("0.0") {
        Ok(Some(Label::Normal))
    } else if is("malicious") || is("attack") || is("1") || is("1.0") {
        Ok(Some(Label::Malicious))
    } else {
        Err(format!(
            "label {} is not one of normal/malicious, benign/attack or 0/1 (leave it empty when unknown)",
            quote_cell(cell)
        ))
    }
}

/// A whole number of ASCII digits (spaces around allowed) that fits `max`.
fn parse_count(cell: &[u8], max: u64) -> Option<u64> {
    let digits = cell.trim_ascii();
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits.iter().fold(0u64, |acc, &b| acc * 10 + u64::from(b - b'0'));
    (value <= max).then_some(value)
}

/// Converts a record into a packet, appending its extra cells to `extra_values`; `line_of` gives the
/// record's 1-based line (asked only when needed). The timeline only advances for rows that are kept.
pub(crate) fn convert_row(
    record: &ByteRecord,
    line_of: &mut dyn FnMut() -> u64,
    columns: &Columns,
    timeline: &mut Timeline,
    extra_values: &mut Vec<String>,
) -> Result<Packet, String> {
    if memchr::memchr(0, record.as_slice()).is_some() {
        let field = record.iter().position(|f| f.contains(&0)).unwrap_or_default() + 1;
        return Err(format!(
            "field {field} holds a NUL byte: binary data, as where a file was cut off while it was written \
             or overwritten with zeros"
        ));
    }
    if record.len() != columns.count() {
        return Err(format!(
            "has {} field(s) but the header has {}; a field with a comma, quote or line break must be quoted",
            record.len(),
            columns.count()
        ));
    }
    let cell = |slot: usize| record.get(columns.required[slot]).unwrap_or_default();
    let number = parse_count(cell(0), u64::MAX)
        .ok_or_else(|| format!("No. {} is not a packet number (1, 2, …)", quote_cell(cell(0))))?;
    let length_bytes = parse_count(cell(5), u64::from(u32::MAX))
        .ok_or_else(|| format!("Length {} is not a frame length in bytes", quote_cell(cell(5))))?
        as u32;
    let label = match columns.label {
        Some(at) => parse_label(record.get(at).unwrap_or_default())?,
        None => None,
    };
    let (capture_index, time_s) = timeline.place(cell(1), line_of)?;
    extra_values.extend(columns.extra.iter().map(|&at| cell_text(record.get(at).unwrap_or_default())));
    Ok(Packet {
        number,
        time_s,
        source: cell_text(cell(2)),
        destination: cell_text(cell(3)),
        protocol: cell_text(cell(4)),
        length_bytes,
        info: cell_text(cell(6)),
        label,
        capture_index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_bytes_decode_instead_of_failing() {
        assert_eq!(cell_text(b"caf\xe9 \xb5s"), "café µs");
        assert_eq!(cell_text("café".as_bytes()), "café");
    }

    #[test]
    fn labels_in_every_spelling() {
        for (cell, want) in [
            ("normal", Some(Label::Normal)),
            (" Benign ", Some(Label::Normal)),
            ("0", Some(Label::Normal)),
            ("MALICIOUS", Some(Label::Malicious)),
            ("Attack", Some(Label::Malicious)),
            ("1", Some(Label::Malicious)),
            ("", None),
        ] {
            assert_eq!(parse_label(cell.as_bytes()), Ok(want), "{cell:?}");
        }
        let reason = parse_label(b"maybe").expect_err("unknown label");
        assert!(reason.contains("`maybe`") && reason.contains("normal/malicious"), "{reason}");
    }

    #[test]
    fn counts_reject_signs_fractions_and_overflow() {
        assert_eq!(parse_count(b" 60 ", 100), Some(60));
        for bad in [&b""[..], b"-1", b"6.0", b"1e3", b"101", b"99999999999999999999"] {
            assert_eq!(parse_count(bad, 100), None, "{bad:?}");
        }
    }

    #[test]
    fn long_cells_are_cut_in_messages() {
        let quoted = quote_cell("x".repeat(100).as_bytes());
        assert_eq!(quoted, format!("`{}… (100 bytes)`", "x".repeat(80)));
        assert_eq!(quote_cell("é".repeat(80).as_bytes()), format!("`{}`", "é".repeat(80)));
        assert_eq!(quote_cell(b"a\nb"), "`a\\nb`");
    }
}

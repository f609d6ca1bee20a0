//! The header row → where each needed column is (any order, extra columns kept, optional `label`).
//!
//! Input: the header record. Output: [`Columns`], the index of every required column, the label and extras.
//! Rejects: a header without one of the required columns (one error listing all missing and found columns)
//! and a required column named twice. Names match case-insensitively, trimmed; tshark's `_ws.col.` field
//! names (`_ws.col.No.`, `_ws.col.number`, `_ws.col.def_src`, …) and the time fields `frame.time`,
//! `frame.time_epoch`, `frame.time_utc`, `frame.time_relative` count as the packet-list columns.

use csv::ByteRecord;

use super::error::{excerpt, CaptureError};
use super::row::cell_text;

/// The packet-list columns every capture needs, in Wireshark's default order.
pub const REQUIRED_COLUMNS: [&str; 7] =
    ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"];

/// Other spellings of each required column (lower case; after removing a `_ws.col.` prefix).
const ALIASES: [&[&str]; 7] = [
    &["no.", "no", "number", "frame.number"],
    &["time", "cls_time", "frame.time_relative", "frame.time", "frame.time_epoch", "frame.time_utc"],
    &["source", "def_src"],
    &["destination", "def_dst"],
    &["protocol"],
    &["length", "frame.len"],
    &["info"],
];

/// Positions of the columns in each record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Columns {
    /// Index of each of [`REQUIRED_COLUMNS`], in that order.
    pub required: [usize; 7],
    /// Index of the `label` column, if any.
    pub label: Option<usize>,
    /// Indices of the other columns, in file order.
    pub extra: Vec<usize>,
    /// All header names, in file order.
    pub names: Vec<String>,
}

impl Columns {
    /// The number of fields every record must have.
    pub(crate) fn count(&self) -> usize {
        self.names.len()
    }
}

fn required_slot(name: &str) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    let bare = lower.strip_prefix("_ws.col.").unwrap_or(&lower);
    ALIASES.iter().position(|aliases| aliases.contains(&bare))
}

fn quoted_list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<String> = names.map(|n| excerpt(n.as_bytes())).collect();
    if list.is_empty() {
        "no columns".to_string()
    } else {
        list.join(", ")
    }
}

/// Maps a header record; `line` is its 1-based line number, `file` its name for messages.
pub(crate) fn map_header(header: &ByteRecord, line: u64, file: &str) -> Result<Columns, CaptureError> {
    let names: Vec<String> = header.iter().map(|cell| cell_text(cell).trim().to_string()).collect();
    let mut required: [Option<usize>; 7] = [None; 7];
    let mut label = None;
    let mut extra = Vec::new();
    for (index, name) in names.iter().enumerate() {
        let slot = required_slot(name);
        let duplicate = |column: &str| CaptureError::DuplicateColumn {
            file: file.to_string(),
            line,
            column: column.to_string(),
        };
        match slot {
            Some(s) if required[s].is_some() => return Err(duplicate(REQUIRED_COLUMNS[s])),
            Some(s) => required[s] = Some(index),
            None if name.eq_ignore_ascii_case("label") && label.is_some() => return Err(duplicate("label")),
            None if name.eq_ignore_ascii_case("label") => label = Some(index),
            None => extra.push(index),
        }
    }
    let missing: Vec<&str> =
        REQUIRED_COLUMNS.iter().zip(&required).filter(|(_, at)| at.is_none()).map(|(n, _)| *n).collect();
    if !missing.is_empty() {
        const SHOWN: usize = 20;
        let mut found = quoted_list(names.iter().take(SHOWN).map(String::as_str));
        if names.len() > SHOWN {
            found.push_str(&format!(" and {} more", names.len() - SHOWN));
        }
        return Err(CaptureError::MissingColumns {
            file: file.to_string(),
            line,
            missing: quoted_list(missing.into_iter()),
            found,
        });
    }
    let required = required.map(|at| at.unwrap_or_default());
    Ok(Columns { required, label, extra, names })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> ByteRecord {
        ByteRecord::from(cells.to_vec())
    }

    #[test]
    fn any_order_with_extras_and_label() {
        let h =
            header(&["Info", "label", "Delta", "No.", "Time", "Source", "Destination", "Protocol", "Length"]);
        let c = map_header(&h, 1, "f").expect("valid header");
        assert_eq!(c.required, [3, 4, 5, 6, 7, 8, 0]);
        assert_eq!((c.label, c.extra.clone(), c.count()), (Some(1), vec![2], 9));
    }

    #[test]
    fn tshark_field_names_and_case() {
        let h = header(&[
            "_ws.col.No.",
            "_ws.col.Time",
            "_ws.col.def_src",
            "_ws.col.def_dst",
            " PROTOCOL ",
            "length",
            "Info",
        ]);
        assert_eq!(map_header(&h, 1, "f").expect("valid").required, [0, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn one_error_lists_missing_and_found() {
        let err = map_header(&header(&["No.", "Time", "Src", "Info"]), 1, "cap.csv").expect_err("missing");
        let text = err.to_string();
        for part in
            ["`Source`, `Destination`, `Protocol`, `Length`", "`No.`, `Time`, `Src`, `Info`", "Export Packet"]
        {
            assert!(text.contains(part), "{text}");
        }
    }

    #[test]
    fn duplicate_required_column_is_an_error() {
        let h = header(&["No.", "Time", "Time", "Source", "Destination", "Protocol", "Length", "Info"]);
        assert!(matches!(map_header(&h, 1, "f"), Err(CaptureError::DuplicateColumn { .. })));
    }
}

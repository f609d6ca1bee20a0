//! The CSV text of a packet-list export → [`Capture`]: header, then every record, skipping bad ones.
//!
//! Input: CSV bytes (no BOM, any line ending) and the file name for messages. Output: the capture, with
//! skipped rows counted and the first [`MAX_REPORTED_SKIPS`] reported by 1-based line number.
//! Rejects: no header, no data rows, no readable data row, and whatever the header mapping rejects.

use csv::ByteRecord;

use super::columns::map_header;
use super::error::CaptureError;
use super::row::convert_row;
use super::timeline::Timeline;
use super::{Capture, ReadProgress, SkippedRow};

/// How many skipped rows are reported individually (all are counted).
pub const MAX_REPORTED_SKIPS: usize = 20;

/// Progress is reported every this many rows.
const PROGRESS_EVERY_ROWS: u64 = 8192;

/// How many skip reasons an "every row was bad" error quotes.
const REASONS_IN_ERROR: usize = 3;

fn csv_error(file: &str, error: &csv::Error) -> CaptureError {
    let line = error.position().map_or(0, csv::Position::line);
    CaptureError::Csv { file: file.to_string(), line, detail: error.to_string() }
}

/// Reads the next record; `Ok(false)` at the end of the text.
fn next_record(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut ByteRecord,
    file: &str,
) -> Result<bool, CaptureError> {
    reader.read_byte_record(record).map_err(|e| csv_error(file, &e))
}

/// Whether a record is Excel's `sep=,` hint line.
fn is_separator_hint(record: &ByteRecord) -> bool {
    record.len() == 2 && record.get(0).is_some_and(|c| c.trim_ascii().eq_ignore_ascii_case(b"sep="))
}

/// Parses the CSV text of a capture.
pub(crate) fn read_csv(
    text: &[u8],
    file: &str,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<Capture, CaptureError> {
    if text.trim_ascii().is_empty() {
        return Err(CaptureError::Empty { file: file.to_string() });
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text);
    let mut record = ByteRecord::new();
    if !next_record(&mut reader, &mut record, file)? {
        return Err(CaptureError::Empty { file: file.to_string() });
    }
    if is_separator_hint(&record) && !next_record(&mut reader, &mut record, file)? {
        return Err(CaptureError::Empty { file: file.to_string() });
    }
    let header_line = record.position().map_or(1, csv::Position::line);
    let columns = map_header(&record, header_line, file)?;
    let mut capture = Capture {
        packets: Vec::with_capacity(text.len() / 128),
        columns: columns.names.clone(),
        has_labels: columns.label.is_some(),
        extra_columns: columns.extra.iter().map(|&at| columns.names[at].clone()).collect(),
        ..Capture::default()
    };
    let mut timeline = Timeline::default();
    let mut rows_read = 0u64;
    let bytes_total = Some(text.len() as u64);
    while next_record(&mut reader, &mut record, file)? {
        rows_read += 1;
        let line = record.position().map_or(0, csv::Position::line);
        match convert_row(&record, line, &columns, &mut timeline, &mut capture.extra_values) {
            Ok(packet) => capture.packets.push(packet),
            Err(reason) => {
                capture.skipped_count += 1;
                if capture.skipped.len() < MAX_REPORTED_SKIPS {
                    capture.skipped.push(SkippedRow { line, reason });
                }
            }
        }
        if rows_read.is_multiple_of(PROGRESS_EVERY_ROWS) {
            let bytes_read = record.position().map_or(0, csv::Position::byte);
            progress(ReadProgress { bytes_read, bytes_total, rows_read });
        }
    }
    progress(ReadProgress { bytes_read: text.len() as u64, bytes_total, rows_read });
    if rows_read == 0 {
        return Err(CaptureError::HeaderOnly { file: file.to_string() });
    }
    if capture.packets.is_empty() {
        let reasons: Vec<String> = capture
            .skipped
            .iter()
            .take(REASONS_IN_ERROR)
            .map(|s| format!("line {}: {}", s.line, s.reason))
            .collect();
        return Err(CaptureError::NoValidRows {
            file: file.to_string(),
            rows: rows_read,
            reasons: reasons.join("; "),
        });
    }
    capture.time_format = timeline.format().unwrap_or_default();
    capture.packets.shrink_to_fit();
    Ok(capture)
}

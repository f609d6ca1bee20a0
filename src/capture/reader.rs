//! The CSV text of a packet-list export → [`Capture`]: header, then every record, skipping bad ones.
//!
//! Input: CSV bytes (no BOM, any line ending, `,` `;` or tab separated) and the file name for messages. Output: the capture, with
//! skipped rows counted and the first [`MAX_REPORTED_SKIPS`] reported by 1-based line number.
//! Rejects: no header, no data rows, no readable data row, and whatever the header mapping rejects.

use csv::ByteRecord;

use super::columns::{map_header, Columns};
use super::dialect::Dialect;
use super::error::CaptureError;
use super::lenient::{self, Repair};
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
    CaptureError::Csv {
        file: file.to_string(),
        line,
        detail: super::error::excerpt_bare(error.to_string().as_bytes()),
    }
}

/// Reads the next record; `Ok(false)` at the end of the text.
fn next_record(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut ByteRecord,
    file: &str,
) -> Result<bool, CaptureError> {
    reader.read_byte_record(record).map_err(|e| csv_error(file, &e))
}

/// 1-based line numbers of record starts, counted from the text itself: the CSV reader's own line count
/// lags by one after a CRLF (it consumes the `\n` of a `\r\n` when it starts the next record) and does
/// not count lone `\r` line ends. Lines are counted lazily, only up to the last record asked about: the
/// reader asks only for the header, the first kept row and reported skipped rows.
struct LineCounter<'a> {
    text: &'a [u8],
    counted_to: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter { text, counted_to: 0, line: 1 }
    }

    /// The line of the record whose reading began at byte `from` (line breaks before it are skipped).
    /// Records must be asked about in file order.
    fn line_at(&mut self, from: u64) -> u64 {
        let text = self.text;
        let from = usize::try_from(from).unwrap_or(usize::MAX).min(text.len());
        let blank = text[from..].iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
        let start = (from + blank).max(self.counted_to);
        let span = &text[self.counted_to..start];
        let line_feeds = memchr::memchr_iter(b'\n', span).count();
        // A `\r` not followed by `\n` ends a line too (old Mac text).
        let lone_crs = memchr::memchr_iter(b'\r', span)
            .filter(|&i| text.get(self.counted_to + i + 1) != Some(&b'\n'))
            .count();
        self.line += (line_feeds + lone_crs) as u64;
        self.counted_to = start;
        self.line
    }
}

fn record_start(record: &ByteRecord) -> u64 {
    record.position().map_or(0, csv::Position::byte)
}

/// Whether a record is Excel's `sep=,` hint line.
fn is_separator_hint(record: &ByteRecord) -> bool {
    record.len() == 2 && record.get(0).is_some_and(|c| c.trim_ascii().eq_ignore_ascii_case(b"sep="))
}

/// The reason for skipping a line whose quote is never closed.
fn unclosed_reason(column: Option<usize>, spanned_lines: usize) -> String {
    let opened = match column {
        Some(c) => format!("a quote opened at character {} of this line is not closed on it", c + 1),
        None => "the quotes of this line are not closed as CSV requires".to_string(),
    };
    format!(
        "{opened}: read as CSV, the field would run over {spanned_lines} lines and swallow the rows below, so \
         this line is skipped and the lines after it are read as rows. Write a quote inside a quoted field \
         as \"\" (as Wireshark's File › Export Packet Dissections › As CSV… does)"
    )
}

/// Turns records into packets and skip reports, counting every row.
struct Rows<'a, 'p> {
    file: &'a str,
    columns: Columns,
    lines: LineCounter<'a>,
    timeline: Timeline,
    /// Clock wraps of `timeline` already recorded in `capture.clock_wraps`.
    wraps_seen: u64,
    capture: Capture,
    rows_read: u64,
    bytes_total: Option<u64>,
    progress: &'p mut dyn FnMut(ReadProgress),
}

impl Rows<'_, '_> {
    /// One data row beginning at byte `start`; whether it became a packet.
    fn take(&mut self, record: &ByteRecord, start: usize) -> bool {
        let start = start as u64;
        let lines = &mut self.lines;
        let mut line_of = || lines.line_at(start);
        let capture = &mut self.capture;
        let kept = match convert_row(
            record,
            &mut line_of,
            &self.columns,
            &mut self.timeline,
            &mut capture.extra_values,
        ) {
            Ok(packet) => {
                if self.timeline.wraps() != self.wraps_seen {
                    self.wraps_seen = self.timeline.wraps();
                    capture.clock_wraps.push(capture.packets.len());
                }
                capture.packets.push(packet);
                true
            }
            Err(reason) => {
                self.skip(start, reason);
                false
            }
        };
        self.count(start);
        kept
    }

    /// A skipped row beginning at byte `start`.
    fn skip(&mut self, start: u64, reason: String) {
        self.capture.skipped_count += 1;
        if self.capture.skipped.len() < MAX_REPORTED_SKIPS {
            self.capture.skipped.push(SkippedRow { line: self.lines.line_at(start), reason });
        }
    }

    /// A row beginning at byte `start` that was read leniently, as `how` says.
    fn repaired(&mut self, start: usize, how: String) {
        self.capture.repaired_count += 1;
        if self.capture.repaired.len() < MAX_REPORTED_SKIPS {
            let line = self.lines.line_at(start as u64);
            self.capture.repaired.push(SkippedRow { line, reason: how });
        }
    }

    fn count(&mut self, start: u64) {
        self.rows_read += 1;
        if self.rows_read.is_multiple_of(PROGRESS_EVERY_ROWS) {
            let (bytes_total, rows_read) = (self.bytes_total, self.rows_read);
            (self.progress)(ReadProgress { bytes_read: start, bytes_total, rows_read });
        }
    }
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
    let dialect = Dialect::of(text);
    let reader_at = |from: usize| {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(dialect.delimiter)
            .quote(dialect.quote)
            .from_reader(&text[from..])
    };
    let mut reader = reader_at(0);
    let mut record = ByteRecord::new();
    if !next_record(&mut reader, &mut record, file)? {
        return Err(CaptureError::Empty { file: file.to_string() });
    }
    if is_separator_hint(&record) && !next_record(&mut reader, &mut record, file)? {
        return Err(CaptureError::Empty { file: file.to_string() });
    }
    let mut lines = LineCounter::new(text);
    let header_line = lines.line_at(record_start(&record));
    let columns = map_header(&record, header_line, file)?;
    let capture = Capture {
        // One packet per line at most (quoted line breaks only make fewer): no reallocation while reading.
        packets: Vec::with_capacity(memchr::memchr_iter(b'\n', text).count() + 1),
        columns: columns.names.clone(),
        has_labels: columns.label.is_some(),
        extra_columns: columns.extra.iter().map(|&at| columns.names[at].clone()).collect(),
        ..Capture::default()
    };
    let bytes_total = Some(text.len() as u64);
    let mut rows = Rows {
        file,
        columns,
        lines,
        timeline: Timeline::default(),
        wraps_seen: 0,
        capture,
        rows_read: 0,
        bytes_total,
        progress,
    };
    // Byte offset in `text` where `reader` started (it restarts after a repaired record).
    let mut base = 0usize;
    // Whether a row so far used quotes as quoting: then a surplus of fields is no `-E quote=n` row.
    let mut quoted_file = false;
    while next_record(&mut reader, &mut record, file)? {
        let start = base + record_start(&record) as usize;
        let end = (base + reader.position().byte() as usize).min(text.len());
        if lenient::is_suspect(&text[start..end], record.len(), dialect, &rows.columns) {
            match lenient::repair(text, (start, end), dialect, &rows.columns, !quoted_file) {
                Repair::Keep => {}
                Repair::Row { record: repaired, how, resume } => {
                    quoted_file |= how.is_quoted();
                    if rows.take(&repaired, start) {
                        rows.repaired(start, how.describe());
                    }
                    if let Some(at) = resume {
                        (base, reader) = (at, reader_at(at));
                    }
                    continue;
                }
                Repair::Unclosed { column, spanned_lines, resume } => {
                    rows.skip(start as u64, unclosed_reason(column, spanned_lines));
                    rows.count(start as u64);
                    (base, reader) = (resume, reader_at(resume));
                    continue;
                }
            }
        }
        if !quoted_file {
            quoted_file = memchr::memchr(dialect.quote, &text[start..end]).is_some();
        }
        rows.take(&record, start);
    }
    finish(rows, text.len() as u64)
}

/// The end of a read: final progress, and the errors for a file without readable rows.
fn finish(rows: Rows<'_, '_>, text_len: u64) -> Result<Capture, CaptureError> {
    let Rows { file, mut capture, timeline, rows_read, bytes_total, progress, .. } = rows;
    progress(ReadProgress { bytes_read: text_len, bytes_total, rows_read });
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
    Ok(capture)
}

//! Capture reading: the bytes of a Wireshark export → [`Capture`] (packets plus a report of what was skipped).
//!
//! Input: the raw bytes of a `.csv`, `.csv.gz` or `.zip` (one CSV inside) Wireshark packet-list export, or
//! of a `.pcap` / `.pcapng` (also gzipped), recognised by their magic bytes, not their names. Output: packets in file order, times in seconds since
//! the first packet of their capture. Rejects: missing required columns, empty files, header-only files,
//! binary garbage, damaged pcap/pcapng, zips without exactly one CSV ([`CaptureError`]); single bad rows are skipped,
//! counted and reported in [`Capture::skipped`], never fatal.
//!
//! # Dialects
//! Any column order, extra columns (kept in [`Capture::extra_columns`] / [`Capture::extra_values`]), an
//! optional `label` column (normal/malicious, benign/attack, 0/1, any case; empty = unlabelled); quoted
//! fields with commas, quotes and line breaks; LF, CRLF or CR line ends; a UTF-8 byte-order mark; `,`, `;`
//! or tab separators (and Excel's `sep=X` line); Latin-1 bytes (any cell that is not valid UTF-8 is decoded
//! as Latin-1); tshark's `_ws.col.*` field names as column names. Rows the strict CSV reading gets wrong are
//! re-read by a documented lenient rule (see `lenient.rs`): tshark 4.0's `-E quote=d` writes `"` inside
//! quoted fields undoubled (kept as literal text), and a quote never closed on its line is reported at that
//! line instead of swallowing the rows below. Every data row is either a packet or a counted skip.
//!
//! # Time
//! One format per file (see [`TimeFormat`]): seconds since the capture's start or the epoch, the
//! spreadsheet-mangled `mm:ss.s`, a time of day `h:mm:ss.s`, or a date-time. Every packet's `time_s` counts
//! from the first packet of its capture (the first packet is at 0 s).
//! - Clocks have lost their hours (`mm:ss.s`) or date (`h:mm:ss.s`), so a step between consecutive rows
//!   is taken modulo 1 h (24 h): a backward step such as `59:59.6 → 00:00.1` is a wrap (+0.5 s), and time
//!   never decreases. A wrap cannot be told from a new capture, so clocks never start a new capture, and a
//!   gap of an hour or more between two rows is lost (it shows as the gap modulo one hour).
//! - Seconds and date-times are exact, and Wireshark writes them in increasing order within a capture, so a
//!   backward step means the file concatenates captures: it starts a new capture
//!   ([`Packet::capture_index`] + 1) whose first packet is at 0 s.
//! - In every format, a backward step of at most 1 s is a packet written slightly out of order (captures
//!   merged from several interfaces, timestamp jitter): it stays in its capture and its time is held at the
//!   latest time so far, so time stays monotonic. (A clock step is "backward" by its distance modulo the
//!   period: `00:00.2 → 59:59.9` is 0.3 s back, not 59 min 59.7 s ahead.)
//! - Wireshark's "seconds since previous packet" display cannot be told from seconds since the start;
//!   export with the default Time display (or any absolute one) for correct times.

mod budget;
mod columns;
mod container;
mod datetime;
mod dialect;
mod error;
mod lenient;
mod packet;
mod pcap;
mod reader;
mod row;
mod stream;
mod time;
mod timeline;

pub use budget::{MAX_COMPRESSION_RATIO, MAX_TEXT_BYTES, RATIO_FREE_BYTES};
pub use columns::REQUIRED_COLUMNS;
pub use error::{CaptureError, EXPORT_HINT};
pub use packet::{Capture, Label, Packet, SkippedRow};
pub use pcap::{is_packet_capture, read_packet_capture, MAX_FRAME_BYTES};
pub use reader::MAX_REPORTED_SKIPS;
pub use stream::{read_capture_streamed, PacketStream};
pub use time::TimeFormat;

/// Progress of a read, reported every few thousand rows.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ReadProgress {
    /// Bytes of the decompressed CSV consumed so far.
    pub bytes_read: u64,
    /// Total bytes of the decompressed CSV, when known.
    pub bytes_total: Option<u64>,
    /// Data rows read so far (kept and skipped).
    pub rows_read: u64,
}

/// Reads a capture from its bytes; `name` (a file name, may be empty) is used only in messages.
///
/// `progress` is called every 8,192 rows and once at the end.
pub fn read_capture(
    bytes: &[u8],
    name: &str,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<Capture, CaptureError> {
    let (data, file) = container::open_text(bytes, name)?;
    if pcap::is_packet_capture(&data) {
        return pcap::read_packet_capture(&data, &file, progress);
    }
    reader::read_csv(&data, &file, progress)
}

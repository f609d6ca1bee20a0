//! Capture reading: the bytes of a Wireshark export → [`Capture`] (packets plus a report of what was skipped).
//!
//! Input: the raw bytes of a `.csv`, `.csv.gz` or `.zip` (one CSV inside) Wireshark packet-list export.
//! Output: packets in file order with times in seconds since the capture's start.
//! Rejects: missing required columns, empty files, binary garbage and zips without a CSV ([`CaptureError`]);
//! single bad rows are skipped, counted and reported in [`Capture::skipped`], never fatal.

mod packet;

pub use packet::{Capture, Label, Packet, SkippedRow};

/// Why a capture could not be read at all.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum CaptureError {
    /// Placeholder until the reader lands.
    #[error("reading captures is not available yet")]
    NotReady,
}

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
pub fn read_capture(
    _bytes: &[u8],
    _name: &str,
    _progress: &mut dyn FnMut(ReadProgress),
) -> Result<Capture, CaptureError> {
    Err(CaptureError::NotReady)
}

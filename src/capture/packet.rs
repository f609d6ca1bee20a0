//! The packet record every later stage reads, and the capture that holds them.

use serde::{Deserialize, Serialize};

use super::TimeFormat;

/// The ground-truth label of a packet, when the capture carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Label {
    /// `normal`, `benign` or `0`.
    Normal,
    /// `malicious`, `attack` or `1`.
    Malicious,
}

impl Label {
    /// 1.0 for malicious, 0.0 for normal: the target value in training and metrics.
    pub fn as_target(self) -> f64 {
        match self {
            Label::Normal => 0.0,
            Label::Malicious => 1.0,
        }
    }
}

/// One packet of the packet list, as Wireshark showed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Packet {
    /// Wireshark's `No.` column (1-based frame number).
    pub number: u64,
    /// Seconds since the start of this packet's capture, monotonic within a capture.
    pub time_s: f64,
    /// `Source` column: an IPv4/IPv6 address, or a MAC / vendor name for non-IP frames.
    pub source: String,
    /// `Destination` column.
    pub destination: String,
    /// `Protocol` column, as Wireshark names it (`TCP`, `QUIC`, `TLSv1.3`, …).
    pub protocol: String,
    /// `Length` column: frame length in bytes.
    pub length_bytes: u32,
    /// `Info` column, verbatim.
    pub info: String,
    /// The label column, when present and recognised.
    pub label: Option<Label>,
    /// 0-based index of the capture this packet belongs to (several files, or a detected restart of time).
    pub capture_index: u32,
}

/// A row that was not turned into a packet, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedRow {
    /// 1-based line number in the CSV text where the record starts.
    pub line: u64,
    /// What was wrong, in words a user can act on.
    pub reason: String,
}

/// Everything read from one capture file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Capture {
    /// Packets in file order.
    pub packets: Vec<Packet>,
    /// Column names of the header row, in file order (including extra columns).
    pub columns: Vec<String>,
    /// Number of data rows skipped.
    pub skipped_count: u64,
    /// The first skipped rows (at most 20) with their line numbers and reasons. For a pcap/pcapng, the
    /// truncated final record, with `line` = the frame number it would have had.
    pub skipped: Vec<SkippedRow>,
    /// CSV only: rows the strict (RFC 4180) reading got wrong and a lenient one kept — tshark's undoubled
    /// quotes, or `-E quote=n` rows whose Info was split at its separators.
    #[serde(default)]
    pub repaired_count: u64,
    /// The first such rows (at most 20), with their line numbers and how each was read (`reason`).
    #[serde(default)]
    pub repaired: Vec<SkippedRow>,
    /// pcap/pcapng only: frames kept although a layer could not be decoded (truncated or unknown headers);
    /// their protocol is that of the deepest layer decoded. Always 0 for CSV.
    #[serde(default)]
    pub undecoded_count: u64,
    /// Clock times only (`mm:ss.s`, `h:mm:ss.s`): the 0-based indices into `packets` of the packets at
    /// which the clock wrapped (its value stepped back by more than 1 s and was read as the next hour or
    /// day). A wrap cannot be told from the start of another capture; the training splits start a block
    /// there. Empty for exact times and pcap.
    #[serde(default)]
    pub clock_wraps: Vec<usize>,
    /// Whether a label column was present.
    pub has_labels: bool,
    /// How the file wrote its `Time` column.
    pub time_format: TimeFormat,
    /// Names of the columns beyond the required ones and `label`, in file order.
    pub extra_columns: Vec<String>,
    /// The extra columns' cells of every packet, row-major: `packets.len() × extra_columns.len()`.
    pub extra_values: Vec<String>,
}

impl Capture {
    /// The extra columns' cells of packet `index` (empty when there are no extra columns).
    pub fn extra_values_of(&self, index: usize) -> &[String] {
        let width = self.extra_columns.len();
        self.extra_values.get(index * width..(index + 1) * width).unwrap_or_default()
    }
}

//! Why a capture could not be read at all: one variant per cause, each naming the file and where it went wrong.
//!
//! Input: the facts found by the container and CSV readers. Output: user-facing messages (the CLI prints them,
//! the page shows the same text). Single bad rows are not errors: they are skipped and reported.

/// The Wireshark menu path that writes a CSV this reader understands.
pub const EXPORT_HINT: &str = "In Wireshark, open the capture and use File › Export Packet Dissections › \
As CSV…, with the default packet-list columns (No., Time, Source, Destination, Protocol, Length, Info)";

/// How many characters of a user's text (a cell, a column or member name) a message shows.
pub(crate) const EXCERPT_CHARS: usize = 80;

/// User text for a message: backquoted, control characters escaped, cut after [`EXCERPT_CHARS`]
/// characters with `… (N bytes)` giving the full length. Invalid UTF-8 is shown as Latin-1.
pub(crate) fn excerpt(text: &[u8]) -> String {
    format!("`{}`", excerpt_bare(text))
}

/// [`excerpt`] without the backquotes (for names inside a file name).
pub(crate) fn excerpt_bare(text: &[u8]) -> String {
    let shown: String = match std::str::from_utf8(text) {
        Ok(valid) => valid.chars().take(EXCERPT_CHARS + 1).collect(),
        Err(_) => text.iter().take(EXCERPT_CHARS + 1).map(|&b| char::from(b)).collect(),
    };
    if shown.chars().count() <= EXCERPT_CHARS {
        return shown.escape_debug().to_string();
    }
    let head: String = shown.chars().take(EXCERPT_CHARS).collect();
    format!("{}… ({} bytes)", head.escape_debug(), text.len())
}

/// A size for a message, in MiB with one decimal.
fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
}

fn too_large_message(file: &str, compressed: u64, limit: u64, declared: Option<u64>) -> String {
    use super::budget::{MAX_COMPRESSION_RATIO, MAX_TEXT_BYTES, RATIO_FREE_BYTES};
    let found = match declared {
        Some(size) => format!("its CSV declares {} ({size} bytes), so nothing was decompressed", mib(size)),
        None => format!("decompression stopped after {limit} bytes"),
    };
    let rule = if limit >= MAX_TEXT_BYTES {
        format!("{} is the most this reader accepts", mib(MAX_TEXT_BYTES))
    } else {
        format!(
            "beyond {} a file may expand at most {MAX_COMPRESSION_RATIO}:1 (Wireshark exports compress about \
             15:1; decompression bombs far more)",
            mib(RATIO_FREE_BYTES)
        )
    };
    format!(
        "{file} decompresses to more than {} from {compressed} bytes ({found}): {rule}. If it is a real \
         capture, decompress it yourself and load the .csv (or .pcap) directly, or split it into smaller \
         files (Wireshark's editcap -c, or File › Export Specified Packets).",
        mib(limit)
    )
}

/// A non-text byte for a message: `NUL byte` or `byte 0x01`.
fn describe_byte(byte: u8) -> String {
    if byte == 0 {
        "NUL byte".to_string()
    } else {
        format!("byte 0x{byte:02X}")
    }
}

/// Why a capture could not be read at all. `file` is the name given to [`crate::capture::read_capture`]
/// (or "the input" when none was given); inside an archive it is `archive › member`.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum CaptureError {
    /// Zero bytes, or only whitespace / a byte-order mark.
    #[error("{file} is empty: there is nothing to analyse. {EXPORT_HINT}.")]
    Empty {
        /// File name for the message.
        file: String,
    },
    /// A header row but no data rows.
    #[error(
        "{file} has a header row but no packets below it. Export again with the packets selected \
         (“All packets”, “Displayed”) in the export dialog."
    )]
    HeaderOnly {
        /// File name for the message.
        file: String,
    },
    /// Every data row was skipped.
    #[error(
        "{file}: none of its {rows} data rows could be read. The first problems: {reasons}. {EXPORT_HINT}."
    )]
    NoValidRows {
        /// File name for the message.
        file: String,
        /// Number of data rows (all skipped).
        rows: u64,
        /// The first few skip reasons, with line numbers, joined.
        reasons: String,
    },
    /// The header row lacks columns the analysis needs.
    #[error(
        "{file}: the header row (line {line}) lacks the column(s) {missing}; it has {found}. \
         {EXPORT_HINT}; a column named `label` (normal/malicious) may be added."
    )]
    MissingColumns {
        /// File name for the message.
        file: String,
        /// 1-based line of the header row.
        line: u64,
        /// Missing column names, quoted and comma-separated.
        missing: String,
        /// The columns that were found, quoted and comma-separated.
        found: String,
    },
    /// The same required column appears twice in the header.
    #[error("{file}: the header row (line {line}) has the column `{column}` twice; keep one of them.")]
    DuplicateColumn {
        /// File name for the message.
        file: String,
        /// 1-based line of the header row.
        line: u64,
        /// The duplicated column.
        column: String,
    },
    /// A capture file of a format other than pcap and pcapng (Sun snoop, NetMon, Sniffer…).
    #[error(
        "{file} is a capture in the {format} format, which Anomalyze does not read: it reads pcap and pcapng captures \
         and Wireshark's CSV exports. Convert it with Wireshark's editcap: `editcap -F pcapng \"{file}\" \
         capture.pcapng` (or open it in Wireshark and use File › Save As… › pcapng), then load capture.pcapng."
    )]
    OtherCaptureFormat {
        /// File name for the message.
        file: String,
        /// The format's name, as Wireshark calls it.
        format: &'static str,
    },
    /// A pcap or pcapng file whose container is damaged (bad magic or version, absurd lengths, snap length 0).
    #[error(
        "{file}: the packet capture cannot be read at byte offset {offset}: {problem}. Check that the file is \
         a complete .pcap or .pcapng (re-save it from Wireshark with File › Save As…)."
    )]
    PacketCaptureFile {
        /// File name for the message.
        file: String,
        /// 0-based byte offset of the problem, in the decompressed capture.
        offset: u64,
        /// What is wrong there.
        problem: String,
    },
    /// A compression or archive format other than gzip and zip.
    #[error(
        "{file} is compressed with {format}, which is not supported. Decompress it first, or compress \
         the CSV as .csv.gz or .zip."
    )]
    UnsupportedCompression {
        /// File name for the message.
        file: String,
        /// The format's name ("xz", "bzip2", …).
        format: &'static str,
    },
    /// Text in UTF-16, as some spreadsheet programs save "Unicode text".
    #[error(
        "{file} is UTF-16 text ({evidence}). Save it as “CSV UTF-8” or export it from Wireshark again \
         (File › Export Packet Dissections › As CSV…)."
    )]
    Utf16 {
        /// File name for the message.
        file: String,
        /// What shows it: the byte-order mark, or the NUL in every other byte.
        evidence: &'static str,
    },
    /// Bytes that are not text.
    #[error(
        "{file} is not a text CSV: it holds binary data ({} at byte offset {offset}). \
         Load a pcap or pcapng capture, or a CSV, .csv.gz or .zip export. {EXPORT_HINT}.",
        describe_byte(*byte)
    )]
    Binary {
        /// File name for the message.
        file: String,
        /// 0-based offset of the first non-text byte, in the decompressed data.
        offset: u64,
        /// The offending byte.
        byte: u8,
    },
    /// A gzip stream that does not decompress.
    #[error(
        "{file} looks like gzip but does not decompress ({detail}). The file may be truncated or damaged."
    )]
    Gzip {
        /// File name for the message.
        file: String,
        /// The decompressor's message.
        detail: String,
    },
    /// A zip archive that cannot be read.
    #[error("{file} looks like a zip archive but cannot be read ({detail}). The file may be truncated or damaged.")]
    Zip {
        /// File name for the message.
        file: String,
        /// The archive reader's message.
        detail: String,
    },
    /// A zip archive without a CSV file.
    #[error("{file} is a zip archive without a .csv file (it holds: {entries}). {hint}")]
    ZipWithoutCsv {
        /// File name for the message.
        file: String,
        /// The archive's file names, comma-separated (or "nothing").
        entries: String,
        /// What to do about it.
        hint: &'static str,
    },
    /// A zip archive with more than one CSV file.
    #[error(
        "{file} holds several CSV files ({names}); it is not clear which one to analyse. Put one CSV per \
         zip, or load the CSV itself."
    )]
    ZipManyCsv {
        /// File name for the message.
        file: String,
        /// The CSV names, comma-separated.
        names: String,
    },
    /// The CSV tokenizer failed (not expected with byte records; kept so that no failure is silent).
    #[error("{file}: line {line}: the CSV cannot be read ({detail}).")]
    Csv {
        /// File name for the message.
        file: String,
        /// 1-based line where reading stopped.
        line: u64,
        /// The CSV reader's message.
        detail: String,
    },
    /// Decompressed data beyond the budget: a decompression bomb, or a capture too big for one read.
    #[error("{}", too_large_message(file, *compressed_bytes, *limit_bytes, *declared_bytes))]
    TooLarge {
        /// File name for the message.
        file: String,
        /// Size of the file as given (the outermost archive), in bytes.
        compressed_bytes: u64,
        /// The most decompressed bytes accepted for it.
        limit_bytes: u64,
        /// The size a zip member declares, when that alone was beyond the limit (nothing was decompressed).
        declared_bytes: Option<u64>,
    },
    /// Reading the input failed part-way (streamed reading: a disk, pipe or network error).
    #[error("{file}: reading failed at byte offset {offset} ({detail}). Check that the file is readable and complete.")]
    Read {
        /// File name for the message.
        file: String,
        /// 0-based offset in the (decompressed) input where reading failed.
        offset: u64,
        /// The operating system's message.
        detail: String,
    },
}

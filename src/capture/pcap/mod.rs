//! pcap and pcapng captures → [`Capture`], dissected as Wireshark's packet list shows them.
//!
//! Input: the bytes of a `.pcap` / `.pcapng` (after any gzip layer), whole in memory or streamed from a
//! reader ([`PacketReader`] over a [`window::ByteWindow`]). Output: one [`Packet`] per frame with
//! Wireshark's No., Time (seconds since the first frame), Source, Destination, Protocol, Length (the frame's
//! original length) and an Info text in Wireshark's format for the fields the features read. Rejects a
//! damaged container with [`CaptureError::PacketCaptureFile`] (byte offset); a truncated final record is
//! reported in [`Capture::skipped`], undecodable frames are kept and counted in [`Capture::undecoded_count`].
//!
//! Parity notes (checked against `tshark -n`): non-IP frames show raw MAC addresses (no vendor names);
//! TCP Seq/Ack are relative per stream and Win scaled (Wireshark's defaults); IPv4 fragments show
//! "Fragmented IP protocol" until the one completing the datagram, which shows its transport layer
//! (reassembly per addresses, ID, protocol and VLAN, as Wireshark's default); IPv6 fragments are not
//! reassembled; an
//! echo reply names its request, a request does not name its reply (tshark's single pass). Not done: TCP
//! expert analysis (retransmissions, dup ACKs…), reassembly across segments, decryption of QUIC Initials.

mod apps;
mod dissect;
mod file;
mod fragments;
mod http;
mod link;
mod tcp;
mod tcp_analysis;
mod variants;
pub mod window;

use super::packet::{Capture, Packet, SkippedRow};
use super::{CaptureError, ReadProgress, TimeFormat};
use file::{FrameParser, Step, TruncatedTail};
use window::{ByteWindow, SliceWindow};

pub use file::{is_packet_capture, MAX_FRAME_BYTES};

/// The packet-list columns of a pcap/pcapng capture.
pub(crate) const COLUMNS: [&str; 7] = ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"];

/// Reads every frame of a pcap/pcapng file in memory; `file` names it in messages.
pub fn read_packet_capture(
    bytes: &[u8],
    file: &str,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<Capture, CaptureError> {
    let total = bytes.len() as u64;
    let mut reader = PacketReader::new(SliceWindow::new(bytes), file, Some(total));
    let mut packets = Vec::new();
    while let Some(packet) = reader.next_packet()? {
        packets.push(packet);
        if packets.len().is_multiple_of(8192) {
            progress(reader.progress());
        }
    }
    progress(reader.progress());
    Ok(Capture { packets, ..reader.report() })
}

/// Frames → packets, one at a time, over a window of the file's bytes; memory is bounded by the largest
/// record plus the dissector's per-stream state, whatever the file's size.
pub struct PacketReader<W> {
    window: W,
    parser: FrameParser,
    dissector: dissect::Dissector,
    file: String,
    bytes_total: Option<u64>,
    first_ns: Option<i128>,
    last_time_s: f64,
    /// The last frame's capture time (ns), for simple packet blocks, which have none.
    last_ns: i128,
    undecoded_count: u64,
    truncated: Option<TruncatedTail>,
    done: bool,
}

impl<W: ByteWindow> PacketReader<W> {
    /// A reader at the start of a capture file; `bytes_total` (when known) is reported in progress.
    pub(crate) fn new(window: W, file: &str, bytes_total: Option<u64>) -> Self {
        PacketReader {
            window,
            parser: FrameParser::default(),
            dissector: dissect::Dissector::default(),
            file: file.to_string(),
            bytes_total,
            first_ns: None,
            last_time_s: 0.0,
            last_ns: 0,
            undecoded_count: 0,
            truncated: None,
            done: false,
        }
    }

    fn file_error(&self, offset: u64, problem: String) -> CaptureError {
        CaptureError::PacketCaptureFile { file: self.file.clone(), offset, problem }
    }

    /// The next packet; `Ok(None)` at the end of the file. Errors are those of the in-memory reader, at
    /// the same byte offsets; after an error or the end, every call returns `Ok(None)`.
    pub(crate) fn next_packet(&mut self) -> Result<Option<Packet>, CaptureError> {
        if self.done {
            return Ok(None);
        }
        let result = self.step();
        if !matches!(result, Ok(Some(_))) {
            self.done = true;
        }
        result
    }

    fn step(&mut self) -> Result<Option<Packet>, CaptureError> {
        loop {
            let (at, at_end) = (self.window.offset(), self.window.at_end());
            let step = self.parser.next(self.window.bytes(), at, at_end);
            let step = step.map_err(|e| self.file_error(e.offset, e.problem))?;
            match step {
                Step::Frame(frame, used) => {
                    let number = self.parser.frames();
                    // A simple packet block has no timestamp: it takes the previous frame's time.
                    let time_s = match frame.time_ns {
                        Some(t) => (t - *self.first_ns.get_or_insert(t)) as f64 / 1e9,
                        None => self.last_time_s,
                    };
                    let time_ns = frame.time_ns.unwrap_or(self.last_ns);
                    (self.last_time_s, self.last_ns) = (time_s, time_ns);
                    let cols = self.dissector.dissect(number, time_ns, frame.linktype, frame.data);
                    if !cols.decoded {
                        self.undecoded_count += 1;
                    }
                    let packet = Packet {
                        number,
                        time_s,
                        source: cols.source,
                        destination: cols.destination,
                        protocol: cols.protocol,
                        length_bytes: frame.original_length_bytes,
                        info: cols.info,
                        label: None,
                        capture_index: 0,
                    };
                    self.window.consume(used);
                    return Ok(Some(packet));
                }
                Step::Skip(used) => self.window.consume(used),
                Step::NeedMore(n) => self.window.fill(n).map_err(|e| CaptureError::Read {
                    file: self.file.clone(),
                    offset: at + self.window.bytes().len() as u64,
                    detail: e.to_string(),
                })?,
                Step::Truncated(tail) => return self.finish(Some(tail)),
                Step::End => return self.finish(None),
            }
        }
    }

    fn finish(&mut self, tail: Option<TruncatedTail>) -> Result<Option<Packet>, CaptureError> {
        if self.parser.frames() == 0 {
            let (offset, problem) = match tail {
                Some(tail) => (tail.offset, format!("{}, before any packet", tail.problem)),
                None => {
                    (self.window.offset(), "the file ends after its header: it holds no packets".to_string())
                }
            };
            return Err(self.file_error(offset, problem));
        }
        self.truncated = tail;
        Ok(None)
    }

    /// How far the reader is.
    pub(crate) fn progress(&self) -> ReadProgress {
        ReadProgress {
            bytes_read: self.window.offset(),
            bytes_total: self.bytes_total,
            rows_read: self.parser.frames(),
        }
    }

    /// Everything but the packets: columns, the truncated tail as a skipped row, undecoded frames. Final
    /// once [`PacketReader::next_packet`] has returned `Ok(None)`.
    pub(crate) fn report(&self) -> Capture {
        let mut capture = Capture {
            columns: COLUMNS.map(String::from).to_vec(),
            time_format: TimeFormat::Seconds,
            undecoded_count: self.undecoded_count,
            ..Capture::default()
        };
        if let Some(tail) = &self.truncated {
            let kept = self.parser.frames();
            capture.skipped_count = 1;
            capture.skipped.push(SkippedRow {
                line: kept + 1,
                reason: format!(
                    "{} ({}) is cut short at byte offset {}: {}; the {kept} frame(s) before it were kept",
                    self.file,
                    self.parser.format(),
                    tail.offset,
                    tail.problem,
                ),
            });
        }
        capture
    }
}

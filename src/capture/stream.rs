//! Streamed reading: a capture from any [`Read`] → packets one at a time, in bounded memory for pcap and
//! pcapng (also gzipped), whatever the file's size.
//!
//! Input: a reader (file, pipe, decompressor) and a name for messages. Output: the same packets, in the same
//! order, with the same skipped-row report and the same positioned errors as [`super::read_capture`] on
//! the whole file. CSV and zip inputs are not streamed: they are read whole (through
//! [`super::read_capture`], with its size cap) and then handed out one packet at a time.
//! Rejects: whatever [`super::read_capture`] rejects; a read failure part-way is [`CaptureError::Read`].

use std::io::{self, Read};

use flate2::read::MultiGzDecoder;

use super::pcap::window::ReadWindow;
use super::pcap::{is_packet_capture, PacketReader};
use super::{Capture, CaptureError, Packet, ReadProgress, MAX_TEXT_BYTES};

/// Bytes looked at to recognise the input's type.
const SNIFF_BYTES: usize = 8;

enum Source {
    /// A pcap/pcapng, dissected as it is read.
    Packets(Box<PacketReader<ReadWindow<Box<dyn Read>>>>),
    /// A CSV (or zip) read whole: the capture's report and its packets, handed out in order.
    Whole { report: Box<Capture>, packets: std::vec::IntoIter<Packet>, progress: ReadProgress },
}

/// A capture read one packet at a time; see the module docs.
pub struct PacketStream {
    source: Source,
    rows: u64,
    /// Whether the input was gzip (read failures are then the decompressor's).
    gzip: bool,
}

/// Reads up to `n` bytes (fewer only at the end of the input).
fn read_head(reader: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    reader.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

impl PacketStream {
    /// Opens a capture; `bytes_total` is the input's size when known (for progress). Reads only the first
    /// bytes of a pcap/pcapng (or of its gzip layer); a CSV or zip is read whole here.
    pub fn open(
        reader: impl Read + 'static,
        name: &str,
        bytes_total: Option<u64>,
    ) -> Result<PacketStream, CaptureError> {
        let file = if name.trim().is_empty() { "the input".to_string() } else { name.to_string() };
        let mut reader: Box<dyn Read> = Box::new(reader);
        let read_error = |e: io::Error, offset: u64| CaptureError::Read {
            file: file.clone(),
            offset,
            detail: e.to_string(),
        };
        let mut head = read_head(&mut reader, SNIFF_BYTES).map_err(|e| read_error(e, 0))?;
        let mut total = bytes_total;
        let gzip = head.starts_with(&[0x1F, 0x8B]);
        if gzip {
            let raw = io::Cursor::new(std::mem::take(&mut head)).chain(reader);
            reader = Box::new(MultiGzDecoder::new(raw));
            head = read_head(&mut reader, SNIFF_BYTES)
                .map_err(|e| CaptureError::Gzip { file: file.clone(), detail: e.to_string() })?;
            total = None;
        }
        if is_packet_capture(&head) {
            let window = ReadWindow::new(reader, head);
            let packets = PacketReader::new(window, &file, total);
            return Ok(PacketStream { source: Source::Packets(Box::new(packets)), rows: 0, gzip });
        }
        // Not a packet capture: read it whole (capped as the in-memory reader caps decompressed text).
        let mut bytes = head;
        reader.take(MAX_TEXT_BYTES + 1).read_to_end(&mut bytes).map_err(|e| match gzip {
            true => CaptureError::Gzip { file: file.clone(), detail: e.to_string() },
            false => read_error(e, bytes.len() as u64),
        })?;
        let mut progress = ReadProgress::default();
        let capture = super::read_capture(&bytes, &file, &mut |p| progress = p)?;
        drop(bytes);
        let packets = capture.packets;
        let report = Box::new(Capture { packets: Vec::new(), ..capture });
        Ok(PacketStream {
            source: Source::Whole { report, packets: packets.into_iter(), progress },
            rows: 0,
            gzip,
        })
    }

    /// Whether the input is dissected as it is read (pcap/pcapng), rather than read whole (CSV, zip).
    pub fn is_streamed(&self) -> bool {
        matches!(self.source, Source::Packets(_))
    }

    /// Whether the packets carry labels (a CSV with a `label` column); known from the start.
    pub fn has_labels(&self) -> bool {
        match &self.source {
            Source::Packets(_) => false,
            Source::Whole { report, .. } => report.has_labels,
        }
    }

    /// The next packet; `Ok(None)` at the end. Errors end the stream.
    pub fn next_packet(&mut self) -> Result<Option<Packet>, CaptureError> {
        let packet = match &mut self.source {
            Source::Packets(reader) => match reader.next_packet() {
                Err(CaptureError::Read { file, detail, .. }) if self.gzip => {
                    return Err(CaptureError::Gzip { file, detail })
                }
                other => other?,
            },
            Source::Whole { packets, .. } => packets.next(),
        };
        self.rows += u64::from(packet.is_some());
        Ok(packet)
    }

    /// Appends up to `max` packets to `out`; returns how many (0 at the end).
    pub fn next_chunk(&mut self, max: usize, out: &mut Vec<Packet>) -> Result<usize, CaptureError> {
        let mut added = 0;
        while added < max {
            match self.next_packet()? {
                Some(packet) => out.push(packet),
                None => break,
            }
            added += 1;
        }
        Ok(added)
    }

    /// How far reading is (bytes of the decompressed input; rows handed out for a CSV).
    pub fn progress(&self) -> ReadProgress {
        match &self.source {
            Source::Packets(reader) => reader.progress(),
            Source::Whole { progress, .. } => ReadProgress { rows_read: self.rows, ..*progress },
        }
    }

    /// Everything [`super::read_capture`] returns except the packets (columns, labels, skipped rows,
    /// undecoded frames, time format). Final once [`PacketStream::next_packet`] has returned `Ok(None)`.
    pub fn report(&self) -> Capture {
        match &self.source {
            Source::Packets(reader) => reader.report(),
            Source::Whole { report, .. } => (**report).clone(),
        }
    }
}

/// Reads a whole capture through a [`PacketStream`]: the same result as [`super::read_capture`] on its
/// bytes (used by the tests that check exactly that).
pub fn read_capture_streamed(reader: impl Read + 'static, name: &str) -> Result<Capture, CaptureError> {
    let mut stream = PacketStream::open(reader, name, None)?;
    let mut packets = Vec::new();
    while let Some(packet) = stream.next_packet()? {
        packets.push(packet);
    }
    Ok(Capture { packets, ..stream.report() })
}

//! pcap and pcapng captures → [`Capture`], dissected as Wireshark's packet list shows them.
//!
//! Input: the bytes of a `.pcap` / `.pcapng` (after any gzip layer). Output: one [`Packet`] per frame with
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
mod link;
mod tcp;

use super::packet::{Capture, Packet, SkippedRow};
use super::{CaptureError, ReadProgress, TimeFormat};

pub use file::{is_packet_capture, MAX_FRAME_BYTES};

/// Reads every frame of a pcap/pcapng file; `file` names it in messages.
pub fn read_packet_capture(
    bytes: &[u8],
    file: &str,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<Capture, CaptureError> {
    let frames = file::read_frames(bytes).map_err(|e| CaptureError::PacketCaptureFile {
        file: file.to_string(),
        offset: e.offset,
        problem: e.problem,
    })?;
    if frames.frames.is_empty() {
        let (offset, problem) = match frames.truncated_tail {
            Some(tail) => (tail.offset, format!("{}, before any packet", tail.problem)),
            None => (bytes.len() as u64, "the file ends after its header: it holds no packets".to_string()),
        };
        return Err(CaptureError::PacketCaptureFile { file: file.to_string(), offset, problem });
    }
    let mut capture = Capture {
        packets: Vec::with_capacity(frames.frames.len()),
        columns: ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"]
            .map(String::from)
            .to_vec(),
        time_format: TimeFormat::Seconds,
        ..Capture::default()
    };
    let first_ns = frames.frames.iter().find_map(|f| f.time_ns).unwrap_or(0);
    let mut dissector = dissect::Dissector::default();
    let total = bytes.len() as u64;
    let mut last_time_s = 0.0;
    for (index, frame) in frames.frames.iter().enumerate() {
        let number = index as u64 + 1;
        let cols = dissector.dissect(number, frame.linktype, frame.data);
        if !cols.decoded {
            capture.undecoded_count += 1;
        }
        // A simple packet block has no timestamp: it takes the previous frame's time.
        let time_s = frame.time_ns.map_or(last_time_s, |t| (t - first_ns) as f64 / 1e9);
        last_time_s = time_s;
        capture.packets.push(Packet {
            number,
            time_s,
            source: cols.source,
            destination: cols.destination,
            protocol: cols.protocol,
            length_bytes: frame.original_length_bytes,
            info: cols.info,
            label: None,
            capture_index: 0,
        });
        if number.is_multiple_of(8192) {
            progress(ReadProgress {
                bytes_read: offset_of(bytes, frame.data),
                bytes_total: Some(total),
                rows_read: number,
            });
        }
    }
    if let Some(tail) = frames.truncated_tail {
        capture.skipped_count += 1;
        capture.skipped.push(SkippedRow {
            line: capture.packets.len() as u64 + 1,
            reason: format!(
                "{file} ({}) is cut short at byte offset {}: {}; the {} frame(s) before it were kept",
                frames.format,
                tail.offset,
                tail.problem,
                capture.packets.len()
            ),
        });
    }
    progress(ReadProgress {
        bytes_read: total,
        bytes_total: Some(total),
        rows_read: capture.packets.len() as u64,
    });
    Ok(capture)
}

fn offset_of(all: &[u8], part: &[u8]) -> u64 {
    (part.as_ptr() as usize).saturating_sub(all.as_ptr() as usize) as u64
}

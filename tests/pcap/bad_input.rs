//! Damaged pcap/pcapng: every fatal problem names its byte offset; a truncated final record keeps the
//! frames before it; undecodable frames are kept and counted; gzip of a capture is read.

use std::io::Write;

use anomalyze::capture::{read_capture, CaptureError};

use super::{fixture, read_fixture};

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture")
}

fn offset_error(bytes: &[u8]) -> (u64, String) {
    match read_capture(bytes, "t.pcap", &mut |_| {}) {
        Err(e @ CaptureError::PacketCaptureFile { offset, .. }) => (offset, e.to_string()),
        other => panic!("expected a packet capture error, got {other:?}"),
    }
}

#[test]
fn truncated_file_header_and_wrong_version_and_snaplen_zero_are_errors_with_offsets() {
    let good = corpus("eth_le_us.pcap");
    let (offset, message) = offset_error(&good[..20]);
    assert_eq!(offset, 0);
    assert!(message.contains("24 bytes") && message.contains("byte offset 0"), "{message}");
    let mut version = good.clone();
    version[4] = 9;
    assert!(offset_error(&version).1.contains("version 9"));
    let mut snaplen = good.clone();
    snaplen[16..20].copy_from_slice(&0u32.to_le_bytes());
    let (offset, message) = offset_error(&snaplen);
    assert_eq!(offset, 16);
    assert!(message.contains("snap length of 0"), "{message}");
}

#[test]
fn an_absurd_captured_length_names_the_record() {
    let mut bytes = corpus("eth_le_us.pcap");
    bytes[24 + 8..24 + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    let (offset, message) = offset_error(&bytes);
    assert_eq!(offset, 32);
    assert!(message.contains("frame 1") && message.contains("4294967295"), "{message}");
}

#[test]
fn a_truncated_final_packet_is_reported_and_earlier_packets_are_kept() {
    let bytes = corpus("eth_le_us.pcap");
    let whole = read_fixture("eth_le_us.pcap");
    let cut = read_capture(&bytes[..bytes.len() - 10], "t.pcap", &mut |_| {}).expect("earlier frames kept");
    assert_eq!(cut.packets.len(), whole.packets.len() - 1);
    assert_eq!(cut.packets[..], whole.packets[..whole.packets.len() - 1]);
    assert_eq!(cut.skipped_count, 1);
    let reason = &cut.skipped[0].reason;
    assert!(
        reason.contains("cut short at byte offset")
            && reason.contains(&format!("frame {}", whole.packets.len())),
        "{reason}"
    );
}

#[test]
fn pcapng_block_length_errors_and_truncation() {
    let bytes = corpus("multi.pcapng");
    let mut bad = bytes.clone();
    bad[4..8].copy_from_slice(&7u32.to_le_bytes());
    let (offset, message) = offset_error(&bad);
    assert_eq!(offset, 4);
    assert!(message.contains("length of 7 bytes"), "{message}");
    let mut not_shb = bytes.clone();
    not_shb[8..12].copy_from_slice(&[1, 2, 3, 4]);
    assert_eq!(offset_error(&not_shb).0, 8);
    let cut = read_capture(&bytes[..bytes.len() - 3], "t.pcapng", &mut |_| {}).expect("earlier blocks kept");
    assert_eq!(cut.packets.len(), read_fixture("multi.pcapng").packets.len() - 1);
    assert_eq!(cut.skipped_count, 1);
}

#[test]
fn undecodable_frames_are_kept_and_counted() {
    // A frame cut to 60 bytes inside its TCP header (in the corpus), and a frame of an unknown EtherType.
    let whole = read_fixture("eth_le_us.pcap");
    assert_eq!(whole.undecoded_count, 1, "only the truncated frame is undecodable");
    let mut bytes = corpus("eth_le_us.pcap")[..24].to_vec();
    let frame = [[0xFFu8; 6].as_slice(), &[2, 0, 0, 0, 0, 1], &[0x88, 0xB5], &[0u8; 46]].concat();
    bytes.extend_from_slice(&[0; 8]);
    bytes.extend_from_slice(&(frame.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&(frame.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&frame);
    let capture = read_capture(&bytes, "t.pcap", &mut |_| {}).expect("kept");
    assert_eq!((capture.packets.len(), capture.undecoded_count), (1, 1), "kept, and counted as undecoded");
    assert_eq!(capture.packets[0].protocol, "Ethernet");
    assert_eq!(capture.packets[0].source, "02:00:00:00:00:01");
}

#[test]
fn gzip_of_a_pcap_is_read_by_content() {
    let bytes = corpus("eth_be_ns.pcap");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&bytes).expect("compress");
    let gz = gz.finish().expect("compress");
    let from_gz = read_capture(&gz, "capture.bin", &mut |_| {}).expect("gzip of a pcap");
    assert_eq!(from_gz.packets, read_fixture("eth_be_ns.pcap").packets);
}

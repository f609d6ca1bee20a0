//! The streamed reader ([`PacketStream`]) gives what `read_capture` gives on the whole file: the same
//! packets, report and positioned errors, for pcap, pcapng and their gzip, read a few bytes at a time.

use std::io::{self, Read, Write};

use anomalyze::capture::{read_capture, read_capture_streamed, Capture, CaptureError, PacketStream};

use super::{fixture, CORPUS};

/// A reader that hands out the bytes in pieces of the given sizes (cycled), as pipes and decoders do.
pub struct Pieces {
    bytes: Vec<u8>,
    at: usize,
    sizes: Vec<usize>,
    call: usize,
}

impl Pieces {
    /// `bytes` read in pieces of `sizes` (each at least 1).
    pub fn new(bytes: Vec<u8>, sizes: Vec<usize>) -> Self {
        Pieces { bytes, at: 0, sizes, call: 0 }
    }
}

impl Read for Pieces {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let size = self.sizes[self.call % self.sizes.len()].max(1);
        self.call += 1;
        let n = size.min(out.len()).min(self.bytes.len() - self.at);
        out[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Both readers on the same bytes; panics when they differ.
pub fn same_as_in_memory(bytes: &[u8], sizes: Vec<usize>) -> Result<Capture, CaptureError> {
    let whole = read_capture(bytes, "t.pcap", &mut |_| {});
    let streamed = read_capture_streamed(Pieces::new(bytes.to_vec(), sizes), "t.pcap");
    assert_eq!(streamed, whole, "streamed and in-memory reads differ");
    whole
}

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).expect("compress");
    gz.finish().expect("compress")
}

#[test]
fn every_corpus_capture_streamed_in_small_pieces_equals_the_in_memory_read() {
    for name in CORPUS {
        let bytes = corpus(name);
        for sizes in [vec![1], vec![3, 17, 1], vec![4096], vec![1 << 20]] {
            let capture = same_as_in_memory(&bytes, sizes).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!capture.packets.is_empty());
        }
        let streamed = read_capture_streamed(Pieces::new(gzip(&bytes), vec![5]), name).expect("gzip");
        assert_eq!(streamed, read_capture(&bytes, name, &mut |_| {}).expect("reads"), "{name}.gz");
    }
}

#[test]
fn damaged_captures_give_the_same_positioned_errors_streamed() {
    let good = corpus("eth_le_us.pcap");
    let mut snaplen = good.clone();
    snaplen[16..20].copy_from_slice(&0u32.to_le_bytes());
    let mut caplen = good.clone();
    caplen[24 + 8..24 + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    let ng = corpus("multi.pcapng");
    let mut block = ng.clone();
    block[4..8].copy_from_slice(&7u32.to_le_bytes());
    let mut later_block = ng.clone();
    let second = u32::from_le_bytes(ng[4..8].try_into().expect("4 bytes")) as usize;
    later_block[second + 4..second + 8].copy_from_slice(&9u32.to_le_bytes());
    let cases: Vec<(&str, Vec<u8>, u64)> = vec![
        ("short header", good[..20].to_vec(), 0),
        ("snap length 0", snaplen, 16),
        ("absurd captured length", caplen, 32),
        ("pcapng block length", block, 4),
        ("pcapng later block length", later_block, second as u64 + 4),
        ("header only", good[..24].to_vec(), 24),
    ];
    for (what, bytes, offset) in cases {
        match same_as_in_memory(&bytes, vec![7]) {
            Err(CaptureError::PacketCaptureFile { offset: at, .. }) => assert_eq!(at, offset, "{what}"),
            other => panic!("{what}: expected a positioned error, got {other:?}"),
        }
    }
    // A truncated final record: earlier frames kept, the cut reported, the same both ways.
    let cut = same_as_in_memory(&good[..good.len() - 10], vec![2]).expect("earlier frames kept");
    assert_eq!(cut.skipped_count, 1);
    let cut = same_as_in_memory(&ng[..ng.len() - 3], vec![64]).expect("earlier blocks kept");
    assert_eq!(cut.skipped_count, 1);
}

#[test]
fn a_damaged_gzip_layer_is_a_gzip_error_streamed_too() {
    let mut gz = gzip(&corpus("eth_le_us.pcap"));
    let n = gz.len();
    gz.truncate(n / 2);
    assert!(matches!(read_capture(&gz, "t.pcap.gz", &mut |_| {}), Err(CaptureError::Gzip { .. })));
    let streamed = read_capture_streamed(Pieces::new(gz, vec![100]), "t.pcap.gz");
    assert!(matches!(streamed, Err(CaptureError::Gzip { .. })), "{streamed:?}");
}

#[test]
fn csv_inputs_are_handed_out_packet_by_packet_with_the_same_report() {
    let csv = std::fs::read(fixture("eth_le_us.csv")).expect("fixture");
    let mut stream = PacketStream::open(Pieces::new(csv.clone(), vec![10]), "t.csv", None).expect("opens");
    assert!(!stream.is_streamed());
    let mut packets = Vec::new();
    while stream.next_chunk(7, &mut packets).expect("reads") > 0 {}
    let whole = read_capture(&csv, "t.csv", &mut |_| {}).expect("reads");
    assert_eq!(Capture { packets, ..stream.report() }, whole);
    assert_eq!(stream.progress().rows_read, whole.packets.len() as u64);
}

#[test]
fn a_read_error_part_way_names_the_offset() {
    struct Failing(Vec<u8>, usize);
    impl Read for Failing {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            if self.1 >= self.0.len() {
                return Err(io::Error::other("disk on fire"));
            }
            let n = out.len().min(self.0.len() - self.1).min(1000);
            out[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }
    let bytes = corpus("eth_le_us.pcap");
    let half = bytes[..bytes.len() / 2].to_vec();
    match read_capture_streamed(Failing(half, 0), "t.pcap") {
        Err(e @ CaptureError::Read { .. }) => {
            let text = e.to_string();
            assert!(text.contains("disk on fire") && text.contains("byte offset"), "{text}");
        }
        other => panic!("expected a read error, got {other:?}"),
    }
}

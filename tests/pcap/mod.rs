//! pcap/pcapng reading: parity with tshark packet by packet, feature parity with tshark's CSV export,
//! bad input with byte offsets, arbitrary bytes, and the CLI.

mod bad_input;
mod cli;
mod parity;
mod robustness;
mod streaming;
mod variants;

use std::path::PathBuf;

use anomalyze::capture::{read_capture, Capture};

/// The corpus captures written by tools/make_pcap_corpus.py, and the real traffic of
/// tools/make_loopback_captures.sh.
pub const CORPUS: [&str; 12] = [
    "eth_le_us.pcap",
    "eth_be_ns.pcap",
    "sll.pcap",
    "sll2.pcap",
    "raw.pcap",
    "null.pcap",
    "multi.pcapng",
    "tcp_analysis.pcap",
    "http_reassembly.pcap",
    "ipv6_fragments.pcap",
    "loopback.pcapng",
    "loopback_snap128.pcapng",
];

/// Path of a fixture of tests/fixtures/pcap.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pcap").join(name)
}

/// Reads a corpus capture, which must parse.
pub fn read_fixture(name: &str) -> Capture {
    let bytes = std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    read_capture(&bytes, name, &mut |_| {}).unwrap_or_else(|e| panic!("{name}: {e}"))
}

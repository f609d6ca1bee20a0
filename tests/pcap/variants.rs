//! The old classic-pcap layouts Wireshark's `editcap -F` still writes (nanosecond, Kuznetsov's modified,
//! SuSE 6.3, Red Hat 6.1, Nokia) read as the same packets as the standard pcap they were converted from,
//! in memory and streamed; capture formats that are not pcap get an error saying how to convert them.
//! Fixtures: tools/make_pcap_variants.sh (editcap).

use anomalyze::capture::{read_capture, Capture};

use super::fixture;

fn variant(name: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("variants/{name}"))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The packets of a capture, comparable across files (the capture's own name is not part of them).
fn packets(capture: &Capture) -> String {
    format!("{:?}", capture.packets)
}

#[test]
fn every_layout_editcap_writes_gives_the_standard_pcaps_packets() {
    let standard = read_capture(&variant("standard.pcap"), "standard.pcap", &mut |_| {}).unwrap();
    assert_eq!(standard.packets.len(), 24);
    assert_eq!(standard.skipped_count, 0);
    for name in ["nsecpcap.cap", "modpcap.cap", "suse6_3pcap.cap", "rh6_1pcap.cap", "nokiapcap.cap"] {
        let bytes = variant(name);
        // Streamed in pieces of 7 and 1 bytes, the reader must decide the same layout as in memory.
        let capture =
            super::streaming::same_as_in_memory(&bytes, vec![7, 1]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(capture.skipped_count, 0, "{name}: {:?}", capture.skipped);
        assert_eq!(packets(&capture), packets(&standard), "{name}");
    }
}

#[test]
fn other_capture_formats_are_named_with_the_conversion_command() {
    for (name, format) in [("snoop.cap", "Sun snoop"), ("netmon2.cap", "Microsoft Network Monitor 2.x")] {
        let error = read_capture(&variant(name), name, &mut |_| {}).unwrap_err().to_string();
        assert!(error.contains(format), "{name}: {error}");
        assert!(error.contains(&format!("editcap -F pcapng \"{name}\"")), "{name}: {error}");
    }
}

#[test]
fn a_damaged_variant_record_names_the_layout_it_was_read_as() {
    let mut bytes = variant("modpcap.cap");
    // Past the records the layout is chosen from: the sixth record's captured length.
    let mut at = 24;
    for _ in 0..5 {
        at += 24 + u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap()) as usize;
    }
    bytes[at + 8..at + 12].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
    let error = read_capture(&bytes, "m.pcap", &mut |_| {}).unwrap_err().to_string();
    assert!(error.contains(&format!("byte offset {}", at + 8)), "{error}");
    assert!(error.contains("modified pcap") && error.contains("frame 6"), "{error}");
}

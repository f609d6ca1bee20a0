//! Real tshark exports (made by `tools/make_tshark_csv.py` from a pcap it writes) parse to the packets the
//! pcap holds, in every Time format tshark offers.

use anomalyze::capture::{Capture, TimeFormat};

use super::read_ok;

/// Microseconds after the first packet, as written into the pcap by the script (`PACKETS`).
const OFFSETS_US: [u64; 9] =
    [0, 10_000, 250_000, 262_500, 1_000_000, 1_020_000, 2_500_000, 2_530_000, 2_530_100];
/// Frame lengths tshark reports (short frames padded to 60 bytes by the script).
const LENGTHS: [u32; 9] = [60, 60, 74, 74, 71, 103, 60, 60, 60];
const PROTOCOLS: [&str; 9] = ["ARP", "ARP", "ICMP", "ICMP", "DNS", "DNS", "TCP", "TCP", "TCP"];

fn fixture(name: &str) -> Capture {
    let path = format!("{}/tests/fixtures/capture/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes =
        std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {path}: {e} (run tools/make_tshark_csv.py)"));
    read_ok(&bytes)
}

fn check(name: &str, format: TimeFormat) {
    let c = fixture(name);
    assert_eq!((c.time_format, c.skipped_count, c.packets.len()), (format, 0, 9), "{name}");
    for (i, p) in c.packets.iter().enumerate() {
        assert_eq!(p.number, i as u64 + 1, "{name}");
        assert!(
            (p.time_s - OFFSETS_US[i] as f64 * 1e-6).abs() < 1e-9,
            "{name} packet {}: {}",
            i + 1,
            p.time_s
        );
        assert_eq!(
            (p.length_bytes, p.protocol.as_str(), p.capture_index),
            (LENGTHS[i], PROTOCOLS[i], 0),
            "{name}"
        );
    }
    assert_eq!(c.packets[0].destination, "Broadcast");
    assert_eq!(c.packets[3].info, "Echo (ping) reply    id=0x1234, seq=1/256, ttl=64 (request in 3)");
    assert_eq!(c.packets[7].info, "443 → 51000 [SYN, ACK] Seq=0 Ack=1 Win=64240 Len=0");
    assert_eq!(
        (c.packets[7].source.as_str(), c.packets[7].destination.as_str()),
        ("93.184.216.34", "192.168.1.2")
    );
}

#[test]
fn tshark_relative_seconds_with_its_own_field_names() {
    check("tshark_relative.csv", TimeFormat::Seconds);
}

#[test]
fn tshark_utc_date_and_time() {
    check("tshark_utc.csv", TimeFormat::DateTime);
}

#[test]
fn tshark_epoch_seconds() {
    check("tshark_epoch.csv", TimeFormat::Seconds);
}

#[test]
fn tshark_frame_time_with_a_zone_name() {
    check("tshark_frame_time.csv", TimeFormat::DateTime);
}

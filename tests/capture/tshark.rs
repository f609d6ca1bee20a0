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

/// Info as tshark 4.0.17 shows it for the packets of `tools/make_tshark_quotes.py`.
const QUOTED_INFOS: [&str; 7] = [
    "GET /say?q=\"hi\",x HTTP/1.1 ",
    "Standard query 0x0000 TXT say\"foo\".example",
    "Standard query 0x0001 TXT foo\"",
    "Standard query 0x0002 TXT a\",\"b",
    "Echo (ping) request id=0x0001, seq=1, hop limit=64",
    "Echo (ping) reply id=0x0001, seq=1, hop limit=255 (request in 5)",
    "Standard query 0x0003 TXT plain.example",
];

/// One of the exports of `tools/make_tshark_quotes.py`: every row kept, Info as tshark shows it.
fn quotes_export(name: &str) -> Capture {
    let c = fixture(name);
    assert_eq!((c.packets.len(), c.skipped_count), (7, 0), "{name} skipped: {:?}", c.skipped);
    let infos: Vec<&str> = c.packets.iter().map(|p| p.info.as_str()).collect();
    assert_eq!(infos, QUOTED_INFOS, "{name}");
    c
}

#[test]
fn tshark_4_unescaped_quotes_in_fields_are_read_leniently() {
    // `tshark -T fields -E quote=d` (4.0) writes `"` inside a quoted field without doubling it; such rows
    // were skipped (or glued to the next row, which was then lost).
    let c = quotes_export("tshark_quotes.csv");
    let numbers: Vec<u64> = c.packets.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!((c.packets[0].protocol.as_str(), c.packets[0].length_bytes), ("HTTP", 93));
    assert!((c.packets[6].time_s - 0.006).abs() < 1e-9);
}

#[test]
fn tshark_single_quoted_fields_are_read() {
    // `-E quote=s` wraps every value in `'`; the values were read with their quotes (`'1'` is no number).
    let c = quotes_export("tshark_quotes_single.csv");
    assert_eq!((c.packets[4].source.as_str(), c.packets[4].protocol.as_str()), ("fe80::1", "ICMPv6"));
}

#[test]
fn icmpv6_hop_limit_from_tshark_is_the_icmp_ttl_feature() {
    // The ICMPv6 echoes of the fixture, as tshark 4.0.17 writes them (`hop limit=64`, `hop limit=255`).
    use anomalyze::features::FeatureSchema;
    let c = fixture("tshark_quotes.csv");
    let matrix = FeatureSchema::fit(&c.packets).transform(&c.packets).expect("features of the fixture");
    let ttl = matrix.column_by_name("ICMP_TTL").expect("ICMP_TTL is a feature");
    assert_eq!(ttl.to_vec(), [-1.0, -1.0, -1.0, -1.0, 64.0, 255.0, -1.0]);
}

#[test]
fn tshark_unquoted_export_keeps_the_separators_of_info_and_reports_each_row() {
    // `-E quote=n` (tshark's default) quotes nothing, so `, seq=1` in an ICMPv6 Info (or `[SYN, ACK]` in a
    // TCP one) splits the row. The surplus goes back to Info; each such row is kept and reported.
    let c = quotes_export("tshark_quotes_none.csv");
    let lines: Vec<u64> = c.repaired.iter().map(|r| r.line).collect();
    assert_eq!((c.repaired_count, lines), (6, vec![2, 3, 4, 5, 6, 7]));
    let surplus = [Some(1), None, None, Some(1), Some(2), Some(2)];
    for (row, surplus) in c.repaired.iter().zip(surplus) {
        let expected = match surplus {
            Some(1) => "1 more field than the header".to_string(),
            Some(n) => format!("{n} more fields than the header"),
            None => "a quote inside an unquoted field".to_string(),
        };
        assert!(row.reason.starts_with(&expected), "line {}: {}", row.line, row.reason);
    }
    // The same features as from the quoted export of the same capture.
    use anomalyze::features::FeatureSchema;
    let quoted = fixture("tshark_quotes.csv");
    let lines: Vec<u64> = quoted.repaired.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3, 4, 5], "the -E quote=d rows with quotes inside are reported too");
    let schema = FeatureSchema::fit(&quoted.packets);
    let (a, b) = (
        schema.transform(&c.packets).expect("features"),
        schema.transform(&quoted.packets).expect("features"),
    );
    let bits =
        |m: &anomalyze::features::FeatureMatrix| m.values().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a), bits(&b));
}

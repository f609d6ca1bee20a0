//! Packet-by-packet parity with `tshark -n` (the .tsv fixtures) and feature parity with tshark's CSV export.

use anomalyze::capture::{read_capture, Packet};
use anomalyze::features::{parse_quic, parse_transport, FeatureSchema};

use super::{fixture, read_fixture, CORPUS};

/// One tshark row: field name → value.
struct Reference {
    fields: Vec<(String, String)>,
}

impl Reference {
    fn get(&self, name: &str) -> &str {
        self.fields.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }
}

fn references(name: &str) -> Vec<Reference> {
    let tsv_name = name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_string() + ".tsv";
    let text = std::fs::read_to_string(fixture(&tsv_name)).unwrap_or_else(|e| panic!("{tsv_name}: {e}"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header row").split('\t').collect();
    lines
        .map(|line| Reference {
            fields: header
                .iter()
                .zip(line.split('\t'))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect(),
        })
        .collect()
}

/// Compares one field; pushes a mismatch line when different.
fn check(field: &str, number: u64, ours: String, theirs: &str, mismatches: &mut Vec<String>) {
    if ours != theirs {
        mismatches.push(format!("frame {number} {field}: ours {ours:?}, tshark {theirs:?}"));
    }
}

/// The core fields: Protocol, Source, Destination, Length, and (where tshark's Info shows them for a TCP
/// or UDP row) ports, TCP flags, Seq, Ack; the QUIC DCID of QUIC rows.
fn core_mismatches(packet: &Packet, r: &Reference) -> Vec<String> {
    let n = packet.number;
    let mut out = Vec::new();
    check("number", n, packet.number.to_string(), r.get("frame.number"), &mut out);
    check("Protocol", n, packet.protocol.clone(), r.get("_ws.col.Protocol"), &mut out);
    check("Source", n, packet.source.clone(), r.get("_ws.col.Source"), &mut out);
    check("Destination", n, packet.destination.clone(), r.get("_ws.col.Destination"), &mut out);
    check("Length", n, packet.length_bytes.to_string(), r.get("frame.len"), &mut out);
    let opt = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    // A segment of a reassembled HTTP message shows the message's first line, not the ports: there the
    // Info itself is compared (by the caller).
    let shows_ports = parse_transport(r.get("_ws.col.Info")).ports.is_some();
    if matches!(packet.protocol.as_str(), "TCP" | "UDP") && shows_ports {
        let ours = parse_transport(&packet.info);
        let (sport, dport) = if packet.protocol == "TCP" {
            ("tcp.srcport", "tcp.dstport")
        } else {
            ("udp.srcport", "udp.dstport")
        };
        check("source port", n, opt(ours.ports.map(|p| p.0)), r.get(sport), &mut out);
        check("destination port", n, opt(ours.ports.map(|p| p.1)), r.get(dport), &mut out);
        if !r.get("tcp.flags").is_empty() {
            let flags = ours.flags.map_or(String::new(), |f| format!("0x{f:04x}"));
            check("TCP flags", n, flags, r.get("tcp.flags"), &mut out);
            check("Seq", n, opt(ours.sequence), r.get("tcp.seq"), &mut out);
            let ack = if r.get("_ws.col.Info").contains("Ack=") { r.get("tcp.ack") } else { "" };
            check("Ack", n, opt(ours.acknowledgment), ack, &mut out);
        }
    }
    if packet.protocol == "QUIC" {
        check(
            "QUIC DCID",
            n,
            parse_quic(&packet.info).dcid.unwrap_or("").to_string(),
            r.get("quic.dcid"),
            &mut out,
        );
    }
    out
}

/// tshark removes the header protection of QUIC Initial packets (keys derived from the DCID) and shows the
/// packet number (`, PKN: 59198`); the reader does not decrypt, and the features do not read it.
fn without_initial_pkn(info: &str) -> &str {
    match info.rfind(", PKN: ") {
        Some(at) if info.starts_with("Initial, ") => &info[..at],
        _ => info,
    }
}

#[test]
fn every_corpus_capture_matches_tshark_packet_by_packet() {
    let (mut packets, mut info_equal, mut raw_info_equal) = (0usize, 0usize, 0usize);
    let mut mismatches = Vec::new();
    let mut info_mismatches = Vec::new();
    for name in CORPUS {
        let capture = read_fixture(name);
        let refs = references(name);
        assert_eq!(capture.packets.len(), refs.len(), "{name}: frame count");
        for (packet, r) in capture.packets.iter().zip(&refs) {
            packets += 1;
            mismatches.extend(core_mismatches(packet, r).into_iter().map(|m| format!("{name}: {m}")));
            raw_info_equal += usize::from(packet.info == r.get("_ws.col.Info"));
            if packet.info == without_initial_pkn(r.get("_ws.col.Info")) {
                info_equal += 1;
            } else {
                info_mismatches.push(format!(
                    "{name}: frame {} Info: ours {:?}, tshark {:?}",
                    packet.number,
                    packet.info,
                    r.get("_ws.col.Info")
                ));
            }
        }
    }
    assert!(packets > 400, "the corpus has {packets} packets");
    assert!(
        mismatches.is_empty(),
        "{} core mismatches in {packets} packets:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    let share = info_equal as f64 / packets as f64;
    eprintln!(
        "Info equal to tshark's on {info_equal}/{packets} packets ({:.2} %); {raw_info_equal} before removing \
         the PKN of QUIC Initials",
        share * 100.0
    );
    for m in &info_mismatches {
        eprintln!("{m}");
    }
    assert!(share >= 0.99, "Info equal on {:.2} % < 99 %:\n{}", share * 100.0, info_mismatches.join("\n"));
}

#[test]
fn feature_matrix_from_pcap_equals_the_one_from_tsharks_csv_export() {
    for name in CORPUS {
        let from_pcap = read_fixture(name);
        let csv_name = name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_string() + ".csv";
        let csv = std::fs::read(fixture(&csv_name)).unwrap_or_else(|e| panic!("{csv_name}: {e}"));
        let from_csv =
            read_capture(&csv, &csv_name, &mut |_| {}).unwrap_or_else(|e| panic!("{csv_name}: {e}"));
        // Simple packet blocks have no timestamp: tshark leaves their Time empty and the CSV reader skips
        // those rows (multi.pcapng has 3), so they are left out of the pcap side too.
        let kept: Vec<u64> = from_csv.packets.iter().map(|p| p.number).collect();
        let pcap_packets: Vec<Packet> =
            from_pcap.packets.into_iter().filter(|p| kept.binary_search(&p.number).is_ok()).collect();
        let expected_skips = if name == "multi.pcapng" { 3 } else { 0 };
        assert_eq!(from_csv.skipped_count, expected_skips, "{name}: CSV rows without a time");
        assert_eq!(from_csv.packets.len(), pcap_packets.len(), "{name}: rows");
        let schema = FeatureSchema::fit(&from_csv.packets);
        let a = schema.transform(&pcap_packets).expect("pcap features");
        let b = schema.transform(&from_csv.packets).expect("csv features");
        let mut diffs = Vec::new();
        for (row, packet) in pcap_packets.iter().enumerate() {
            for (col, feature) in a.names().iter().enumerate() {
                let (x, y) = (a.row(row)[col], b.row(row)[col]);
                if (x - y).abs() > 1e-6 && !(x.is_nan() && y.is_nan()) {
                    diffs.push(format!("frame {} {feature}: pcap {x}, csv {y}", packet.number));
                }
            }
        }
        assert!(diffs.is_empty(), "{name}: {} feature differences:\n{}", diffs.len(), diffs.join("\n"));
    }
}

//! Trailing-window features worked out by hand on a short sequence (window 2 s, gap horizon 10 s).

use anomalyze::capture::Packet;
use anomalyze::features::FeatureSchema;

use super::support::{packet, value};

fn sequence() -> Vec<Packet> {
    let syn = |port: u32| format!("1000  >  {port} [SYN] Seq=0 Win=1024 Len=0");
    let echo = "Echo (ping) request  id=0x0001, seq=1/256, ttl=64 (no response found!)";
    let quic = "Protected Payload (KP0), DCID=abcdef";
    let mut packets = vec![
        packet(1, 0.0, "10.0.0.1", "10.0.0.2", "TCP", 60, &syn(80)),
        packet(2, 0.5, "10.0.0.1", "10.0.0.2", "TCP", 60, &syn(81)),
        packet(3, 1.0, "10.0.0.1", "10.0.0.3", "TCP", 60, &syn(80)),
        packet(4, 1.5, "10.0.0.3", "10.0.0.1", "ICMP", 60, echo),
        packet(5, 2.0, "10.0.0.4", "10.0.0.3", "ICMP", 60, echo),
        packet(6, 2.5, "10.0.0.1", "10.0.0.2", "QUIC", 1200, quic),
        packet(7, 3.0, "10.0.0.1", "10.0.0.2", "QUIC", 1200, quic),
        packet(8, 20.0, "10.0.0.1", "10.0.0.2", "QUIC", 1200, quic),
        packet(9, 20.1, "10.0.0.1", "10.0.0.2", "TCP", 60, &syn(80)),
    ];
    packets[8].capture_index = 1;
    packets
}

/// Expected values per packet, in the order of `COLUMNS`.
const COLUMNS: [&str; 14] = [
    "Window_Packets",
    "Window_Protocol_Share",
    "Window_TCP_Share",
    "Window_UDP_Share",
    "Window_ICMP_Share",
    "Window_Source_Packets",
    "Window_Source_SYN_Packets",
    "Window_Destination_ICMP_Packets",
    "Window_Source_Distinct_Destination_Ports",
    "Window_Destination_Distinct_Sources",
    "Source_Inter_Arrival_s",
    "Pair_Inter_Arrival_s",
    "DCID_Frequency",
    "Window_ARP_Share",
];

#[rustfmt::skip]
const EXPECTED: [[f64; 14]; 9] = [
    // pk  proto  tcp   udp   icmp  src syn icmpD ports srcs  srcIA pairIA dcid arp
    [1.0, 1.0,  1.0,  0.0,  0.0,  1.0, 1.0, 0.0, 1.0, 1.0, -1.0, -1.0, -1.0, 0.0], // p1 t=0
    [2.0, 1.0,  1.0,  0.0,  0.0,  2.0, 2.0, 0.0, 2.0, 1.0,  0.5,  0.5, -1.0, 0.0], // p2 t=0.5
    [3.0, 1.0,  1.0,  0.0,  0.0,  3.0, 3.0, 0.0, 2.0, 1.0,  0.5, -1.0, -1.0, 0.0], // p3 t=1.0 (port 80 again)
    [4.0, 0.25, 0.75, 0.0,  0.25, 1.0, 0.0, 1.0, 0.0, 1.0, -1.0,  0.5, -1.0, 0.0], // p4 C→A ICMP
    [4.0, 0.5,  0.5,  0.0,  0.5,  1.0, 0.0, 1.0, 0.0, 2.0, -1.0, -1.0, -1.0, 0.0], // p5 t=2.0: p1 left
    [4.0, 0.25, 0.25, 0.25, 0.5,  2.0, 1.0, 0.0, 1.0, 1.0,  1.5,  2.0,  1.0, 0.0], // p6 QUIC: p2 left
    [4.0, 0.5,  0.0,  0.5,  0.5,  2.0, 0.0, 0.0, 0.0, 1.0,  0.5,  0.5,  2.0, 0.0], // p7: p3 left
    [1.0, 1.0,  0.0,  1.0,  0.0,  1.0, 0.0, 0.0, 0.0, 1.0, -1.0, -1.0,  1.0, 0.0], // p8 t=20: 17 s gap > horizon
    [1.0, 1.0,  1.0,  0.0,  0.0,  1.0, 1.0, 0.0, 1.0, 1.0, -1.0, -1.0, -1.0, 0.0], // p9: new capture resets
];

#[test]
fn window_features_match_hand_computed_values() {
    let packets = sequence();
    let schema = FeatureSchema::fit(&packets);
    assert_eq!((schema.window_s(), schema.gap_horizon_s()), (2.0, 10.0));
    let matrix = schema.transform(&packets).unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for (row, expected) in EXPECTED.iter().enumerate() {
        for (name, &want) in COLUMNS.iter().zip(expected) {
            let got = value(&matrix, row, name);
            if got != want {
                failures.push(format!("packet {}: {name} = {got}, expected {want}", row + 1));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_time_that_goes_backwards_counts_as_the_previous_time() {
    let mut packets = sequence();
    packets[2].time_s = 0.25; // earlier than packet 2 (0.5): treated as 0.5
    let matrix = FeatureSchema::fit(&packets).transform(&packets).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value(&matrix, 2, "Source_Inter_Arrival_s"), 0.0);
    assert_eq!(value(&matrix, 2, "Window_Packets"), 3.0);
}

#[test]
fn a_non_finite_time_is_an_error_naming_the_packet() {
    let mut packets = sequence();
    packets[4].time_s = f64::NAN;
    let err = FeatureSchema::fit(&packets).transform(&packets).err().map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("packet 5 (row 4): its time is not a finite number of seconds; check the capture's Time column")
    );
}

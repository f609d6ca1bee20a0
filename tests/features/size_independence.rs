//! Frequencies must not depend on the size of the file: a packet's features are the same in a 100-row
//! capture and in a 100,000-row capture of the same steady traffic (the seed's whole-file DCID count
//! grew with the file).

use anomalyze::capture::Packet;
use anomalyze::features::FeatureSchema;

use super::support::packet;

/// Steady traffic, 32 packets/s (times are exact binary fractions), repeating every 16 packets:
/// a SYN scan, ICMP echoes, QUIC with two DCIDs, TLS and ARP.
fn steady_traffic(rows: usize) -> Vec<Packet> {
    (0..rows)
        .map(|i| {
            let t = i as f64 / 32.0;
            let n = i as u64 + 1;
            match i % 16 {
                0..=3 => packet(
                    n,
                    t,
                    "192.168.2.88",
                    "192.168.2.87",
                    "TCP",
                    60,
                    &format!("43261  >  {} [SYN] Seq=7 Win=1024 Len=0 MSS=1460", 1000 + i % 16),
                ),
                4 | 5 => packet(
                    n,
                    t,
                    "192.168.2.88",
                    "192.168.2.87",
                    "ICMP",
                    60,
                    "Echo (ping) request  id=0xfc0e, seq=1/256, ttl=64 (no response found!)",
                ),
                6..=9 => packet(
                    n,
                    t,
                    "184.150.37.78",
                    "192.168.2.87",
                    "QUIC",
                    1399,
                    "Protected Payload (KP0), DCID=89ef2f",
                ),
                10 | 11 => packet(
                    n,
                    t,
                    "192.168.2.87",
                    "142.251.41.70",
                    "QUIC",
                    80,
                    "Protected Payload (KP0), DCID=0a1b2c",
                ),
                12 | 13 => packet(n, t, "142.250.69.67", "192.168.2.87", "TLSv1.3", 1172, "Application Data"),
                _ => packet(
                    n,
                    t,
                    "VMware_7c:59:c3",
                    "Broadcast",
                    "ARP",
                    60,
                    "Who has 192.168.2.1? Tell 192.168.2.87",
                ),
            }
        })
        .collect()
}

#[test]
fn counts_in_a_small_and_a_large_file_mean_the_same_thing() {
    let small = steady_traffic(100);
    let large = steady_traffic(100_000);
    let schema = FeatureSchema::fit(&small);
    let a = schema.transform(&small).unwrap_or_else(|e| panic!("{e}"));
    let b = schema.transform(&large).unwrap_or_else(|e| panic!("{e}"));
    // The window is 2 s = 64 packets, so from row 64 on the small file is in steady state; rows 16·k
    // later in the large file see the same traffic.
    for row in 64..100 {
        for offset in [16 * 6, 16 * 3_000, 16 * 6_000 - 112] {
            assert_eq!(a.row(row), b.row(row + offset), "row {row} vs {}", row + offset);
        }
    }
    let dcid = schema.index_of("DCID_Frequency").unwrap_or(usize::MAX);
    // 4 of every 16 packets carry DCID 89ef2f: 16 of the 64 packets in the window.
    assert_eq!(a.row(99)[dcid], b.row(99_999)[dcid]);
    assert_eq!(b.row(99_999)[dcid], -1.0); // row 99,999 is ARP (99,999 % 16 = 15)
    assert_eq!(b.row(99_990)[dcid], 16.0); // 99,990 % 16 = 6: a 89ef2f packet
    assert_eq!(a.row(86)[dcid], 16.0);
}

//! The per-packet feature definitions checked by hand on real rows of the seed data
//! (`../shared/data/combined.csv.zip`; `No.` and columns copied verbatim, expected values worked out by
//! hand from the definitions in docs/features.md).
//!
//! Each row is transformed on its own. Every per-packet column is checked: the ones listed with the row,
//! and for all others the default below (the missing value -1, or 0 for flags of the row's own protocol,
//! or the address defaults IPv4 / not private / local → local).

use anomalyze::features::{FeatureSchema, FEATURES};

use super::support::{packet, value};

struct Row {
    number: u64,
    source: &'static str,
    destination: &'static str,
    protocol: &'static str,
    length: u32,
    info: &'static str,
    expected: &'static [(&'static str, f64)],
}

/// Columns that depend on other packets or on the vocabulary; checked in the window and schema tests.
fn is_contextual(name: &str) -> bool {
    name.starts_with("Window_")
        || name.ends_with("_Encoded")
        || name.ends_with("_Inter_Arrival_s")
        || name == "DCID_Frequency"
}

fn default_value(name: &str, protocol: &str) -> f64 {
    let zero_flags_of = |prefix: &str| {
        name.starts_with(prefix) && name != "TCP_Flags" && !name.contains("Window") && name != "TCP_MSS"
    };
    match name {
        "Source_Address_Family" | "Destination_Address_Family" => 4.0,
        "Direction" | "Flag_Category" => 0.0,
        _ if name.starts_with("Source_Is_") || name.starts_with("Destination_Is_") => 0.0,
        _ if protocol == "TCP" && zero_flags_of("TCP_") => 0.0,
        _ if protocol.starts_with("TLS") && name.starts_with("TLS_") => 0.0,
        "ICMP_No_Response" if protocol.starts_with("ICMP") => 0.0,
        "ARP_Duplicate_Use" if protocol == "ARP" => 0.0,
        _ => -1.0,
    }
}

const PRIVATE_BOTH: [(&str, f64); 2] = [("Source_Is_Private", 1.0), ("Destination_Is_Private", 1.0)];

macro_rules! with_private {
    ($($pair:expr),* $(,)?) => { &[PRIVATE_BOTH[0], PRIVATE_BOTH[1], $($pair),*] };
}

const ROWS: &[Row] = &[
    Row { number: 66111, source: "192.168.2.88", destination: "192.168.2.87", protocol: "TCP", length: 60,
        info: "43261  >  48308 [SYN] Seq=1253611495 Win=1024 Len=0 MSS=1460",
        expected: with_private![("Source_Port", 43261.0), ("Destination_Port", 48308.0), ("Sequence", 1253611495.0),
            ("Flag_Category", 1.0), ("TCP_Flags", 2.0), ("TCP_Window", 1024.0), ("Payload_Length", 0.0), ("TCP_MSS", 1460.0)] },
    Row { number: 225824, source: "192.168.2.87", destination: "142.250.69.35", protocol: "TCP", length: 74,
        info: "45282  >  443 [SYN] Seq=1783931048 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=3399006165 TSecr=0 WS=128",
        expected: &[("Source_Is_Private", 1.0), ("Direction", 1.0), ("Source_Port", 45282.0), ("Destination_Port", 443.0),
            ("Sequence", 1783931048.0), ("Flag_Category", 1.0), ("TCP_Flags", 2.0), ("TCP_Window", 64240.0), ("Payload_Length", 0.0),
            ("TCP_MSS", 1460.0), ("TCP_Window_Scale", 128.0), ("TCP_SACK_Permitted", 1.0), ("TCP_Timestamps", 1.0)] },
    Row { number: 225826, source: "142.250.69.35", destination: "192.168.2.87", protocol: "TCP", length: 74,
        info: "443  >  45282 [SYN, ACK] Seq=1256701759 Ack=1783931049 Win=65535 Len=0 MSS=1412 SACK_PERM TSval=2771696350 TSecr=3399006165 WS=256",
        expected: &[("Destination_Is_Private", 1.0), ("Direction", 2.0), ("Source_Port", 443.0), ("Destination_Port", 45282.0),
            ("Sequence", 1256701759.0), ("Acknowledgment", 1783931049.0), ("Flag_Category", 1.0), ("TCP_Flags", 18.0),
            ("TCP_Window", 65535.0), ("Payload_Length", 0.0), ("TCP_MSS", 1412.0), ("TCP_Window_Scale", 256.0),
            ("TCP_SACK_Permitted", 1.0), ("TCP_Timestamps", 1.0)] },
    Row { number: 66119, source: "192.168.2.87", destination: "192.168.2.88", protocol: "TCP", length: 54,
        info: "48308  >  43261 [RST, ACK] Seq=0 Ack=1253611496 Win=0 Len=0",
        expected: with_private![("Source_Port", 48308.0), ("Destination_Port", 43261.0), ("Sequence", 0.0),
            ("Acknowledgment", 1253611496.0), ("Flag_Category", 2.0), ("TCP_Flags", 20.0), ("TCP_Window", 0.0), ("Payload_Length", 0.0)] },
    Row { number: 210352, source: "192.168.2.87", destination: "151.101.137.140", protocol: "TCP", length: 54,
        info: "41396  >  443 [RST] Seq=2953398757 Win=0 Len=0",
        expected: &[("Source_Is_Private", 1.0), ("Direction", 1.0), ("Source_Port", 41396.0), ("Destination_Port", 443.0),
            ("Sequence", 2953398757.0), ("Flag_Category", 2.0), ("TCP_Flags", 4.0), ("TCP_Window", 0.0), ("Payload_Length", 0.0)] },
    Row { number: 197770, source: "192.168.2.87", destination: "132.145.57.130", protocol: "TCP", length: 2946,
        info: "50314  >  443 [PSH, ACK] Seq=3981299441 Ack=127529665 Win=79616 Len=2880 TSval=1919905862 TSecr=1775037468 [TCP segment of a reassembled PDU]",
        expected: &[("Source_Is_Private", 1.0), ("Direction", 1.0), ("Source_Port", 50314.0), ("Destination_Port", 443.0),
            ("Sequence", 3981299441.0), ("Acknowledgment", 127529665.0), ("Flag_Category", 3.0), ("TCP_Flags", 24.0),
            ("TCP_Window", 79616.0), ("Payload_Length", 2880.0), ("TCP_Timestamps", 1.0), ("TCP_Reassembled_Segment", 1.0)] },
    Row { number: 229556, source: "149.112.121.10", destination: "192.168.2.87", protocol: "TCP", length: 66,
        info: "443  >  59796 [FIN, ACK] Seq=732389677 Ack=881331108 Win=40448 Len=0 TSval=3796637835 TSecr=1850636753",
        expected: &[("Destination_Is_Private", 1.0), ("Direction", 2.0), ("Source_Port", 443.0), ("Destination_Port", 59796.0),
            ("Sequence", 732389677.0), ("Acknowledgment", 881331108.0), ("Flag_Category", 2.0), ("TCP_Flags", 17.0),
            ("TCP_Window", 40448.0), ("Payload_Length", 0.0), ("TCP_Timestamps", 1.0)] },
    Row { number: 141906, source: "192.168.2.87", destination: "34.36.165.17", protocol: "TCP", length: 105,
        info: "[TCP Retransmission] 36726  >  443 [PSH, ACK] Seq=3485262489 Ack=336969309 Win=495 Len=39 TSval=3426588567 TSecr=32591561",
        expected: &[("Source_Is_Private", 1.0), ("Direction", 1.0), ("Source_Port", 36726.0), ("Destination_Port", 443.0),
            ("Sequence", 3485262489.0), ("Acknowledgment", 336969309.0), ("Flag_Category", 4.0), ("TCP_Flags", 24.0),
            ("TCP_Window", 495.0), ("Payload_Length", 39.0), ("TCP_Timestamps", 1.0), ("TCP_Expert_Note", 1.0), ("TCP_Retransmission", 1.0)] },
    Row { number: 234358, source: "142.251.32.78", destination: "192.168.2.87", protocol: "TCP", length: 78,
        info: "[TCP Dup ACK 101942#2] 443  >  34834 [ACK] Seq=1388690678 Ack=1431468149 Win=268800 Len=0 TSval=3665387397 TSecr=3229355838 SLE=1431469549 SRE=1431471801",
        expected: &[("Destination_Is_Private", 1.0), ("Direction", 2.0), ("Source_Port", 443.0), ("Destination_Port", 34834.0),
            ("Sequence", 1388690678.0), ("Acknowledgment", 1431468149.0), ("Flag_Category", 4.0), ("TCP_Flags", 16.0),
            ("TCP_Window", 268800.0), ("Payload_Length", 0.0), ("TCP_Timestamps", 1.0), ("TCP_SACK_Blocks", 1.0), ("TCP_Expert_Note", 4.0)] },
    Row { number: 132409, source: "192.168.2.88", destination: "192.168.2.87", protocol: "TCP", length: 82,
        info: "4444  >  50424 [PSH, ACK] Seq=330935242 Ack=4096587549 Win=65280 Len=16 TSval=2718281265 TSecr=1490990473",
        expected: with_private![("Source_Port", 4444.0), ("Destination_Port", 50424.0), ("Sequence", 330935242.0),
            ("Acknowledgment", 4096587549.0), ("Flag_Category", 3.0), ("TCP_Flags", 24.0), ("TCP_Window", 65280.0),
            ("Payload_Length", 16.0), ("TCP_Timestamps", 1.0)] },
    Row { number: 226039, source: "192.168.2.87", destination: "142.250.69.67", protocol: "TLSv1.3", length: 583,
        info: "Client Hello (SNI=www.gstatic.com)",
        expected: &[("Source_Is_Private", 1.0), ("Direction", 1.0), ("TLS_Records", 1.0), ("TLS_Client_Hello", 1.0)] },
    Row { number: 231567, source: "192.168.2.87", destination: "142.251.32.78", protocol: "TLSv1.3", length: 1172,
        info: "Application Data",
        expected: &[("Source_Is_Private", 1.0), ("Direction", 1.0), ("TLS_Records", 1.0), ("TLS_Application_Data_Records", 1.0)] },
    Row { number: 226042, source: "142.250.69.67", destination: "192.168.2.87", protocol: "TLSv1.3", length: 2866,
        info: "Server Hello, Change Cipher Spec",
        expected: &[("Destination_Is_Private", 1.0), ("Direction", 2.0), ("TLS_Records", 2.0), ("TLS_Server_Hello", 1.0),
            ("TLS_Change_Cipher_Spec", 1.0)] },
    Row { number: 210401, source: "192.168.2.87", destination: "54.69.251.6", protocol: "TLSv1.2", length: 97,
        info: "Encrypted Alert",
        expected: &[("Source_Is_Private", 1.0), ("Direction", 1.0), ("TLS_Records", 1.0), ("TLS_Alert", 1.0)] },
    Row { number: 239168, source: "192.168.2.87", destination: "142.251.41.70", protocol: "QUIC", length: 1399,
        info: "Initial, DCID=3f52e947dac063f5, SCID=622816, PKN: 2, PING, PADDING",
        expected: &[("Source_Is_Private", 1.0), ("Direction", 1.0), ("QUIC_Packet_Type", 1.0), ("QUIC_DCID_Length", 8.0)] },
    Row { number: 239261, source: "184.150.64.142", destination: "192.168.2.87", protocol: "QUIC", length: 1399,
        info: "Handshake, DCID=a17451, SCID=ec81d87222b9805d",
        expected: &[("Destination_Is_Private", 1.0), ("Direction", 2.0), ("QUIC_Packet_Type", 3.0), ("QUIC_DCID_Length", 3.0)] },
    Row { number: 240610, source: "192.168.2.87", destination: "142.251.41.34", protocol: "QUIC", length: 1399,
        info: "0-RTT, DCID=c45695fdbf48393a, SCID=23b65f",
        expected: &[("Source_Is_Private", 1.0), ("Direction", 1.0), ("QUIC_Packet_Type", 2.0), ("QUIC_DCID_Length", 8.0)] },
    Row { number: 253088, source: "184.150.37.78", destination: "192.168.2.87", protocol: "QUIC", length: 1399,
        info: "Protected Payload (KP0), DCID=89ef2f",
        expected: &[("Destination_Is_Private", 1.0), ("Direction", 2.0), ("QUIC_Packet_Type", 6.0), ("QUIC_DCID_Length", 3.0)] },
    Row { number: 237817, source: "184.150.168.205", destination: "192.168.2.87", protocol: "QUIC", length: 84,
        info: "Protected Payload (KP0)",
        expected: &[("Destination_Is_Private", 1.0), ("Direction", 2.0), ("QUIC_Packet_Type", 6.0)] },
    Row { number: 161293, source: "192.168.2.88", destination: "192.168.2.87", protocol: "ICMP", length: 60,
        info: "Echo (ping) request  id=0xfc0e, seq=10646/38441, ttl=64 (no response found!)",
        expected: with_private![("ICMP_Type", 8.0), ("ICMP_No_Response", 1.0), ("ICMP_TTL", 64.0), ("Is_Response", 0.0)] },
    Row { number: 435, source: "192.168.2.1", destination: "192.168.2.87", protocol: "ICMP", length: 60,
        info: "Echo (ping) request  id=0x0000, seq=0/0, ttl=64 (reply in 436)",
        expected: with_private![("ICMP_Type", 8.0), ("ICMP_TTL", 64.0), ("Is_Response", 0.0)] },
    Row { number: 65, source: "192.168.2.87", destination: "192.168.2.1", protocol: "ICMP", length: 42,
        info: "Echo (ping) reply    id=0x0000, seq=0/0, ttl=64 (request in 64)",
        expected: with_private![("ICMP_Type", 0.0), ("ICMP_TTL", 64.0), ("Is_Response", 1.0)] },
    Row { number: 246650, source: "fe80::1cf0:549c:cbe7:86a1", destination: "ff02::1:ff96:6b17", protocol: "ICMPv6", length: 86,
        info: "Neighbor Solicitation for fe80::ca7:7d8a:6d96:6b17 from d2:59:55:f3:7e:72",
        expected: &[("Source_Address_Family", 6.0), ("Destination_Address_Family", 6.0), ("Source_Is_Link_Local", 1.0),
            ("Destination_Is_Multicast", 1.0), ("ICMP_Type", 135.0)] },
    Row { number: 228783, source: "fe80::180a:3a9d:edb7:edd5", destination: "ff02::16", protocol: "ICMPv6", length: 90,
        info: "Multicast Listener Report Message v2",
        expected: &[("Source_Address_Family", 6.0), ("Destination_Address_Family", 6.0), ("Source_Is_Link_Local", 1.0),
            ("Destination_Is_Multicast", 1.0), ("ICMP_Type", 143.0)] },
    Row { number: 210028, source: "SamsungElect_a3:d2:08", destination: "Broadcast", protocol: "ARP", length: 60,
        info: "Who has 192.168.2.161? Tell 192.168.2.26",
        expected: &[("Source_Address_Family", 0.0), ("Destination_Address_Family", 0.0), ("Destination_Is_Broadcast", 1.0),
            ("ARP_Operation", 1.0), ("Is_Response", 0.0)] },
    Row { number: 132140, source: "VMware_7c:59:c3", destination: "SagemcomBroa_fe:ce:de", protocol: "ARP", length: 42,
        info: "192.168.2.87 is at 00:0c:29:7c:59:c3 (duplicate use of 192.168.2.1 detected!)",
        expected: &[("Source_Address_Family", 0.0), ("Destination_Address_Family", 0.0), ("ARP_Operation", 2.0),
            ("ARP_Duplicate_Use", 1.0), ("Is_Response", 1.0)] },
    Row { number: 131728, source: "SagemcomBroa_fe:ce:de", destination: "VMware_7c:59:c3", protocol: "ARP", length: 60,
        info: "Who has 192.168.2.88? Tell 192.168.2.1 (duplicate use of 192.168.2.1 detected!)",
        expected: &[("Source_Address_Family", 0.0), ("Destination_Address_Family", 0.0), ("ARP_Operation", 1.0),
            ("ARP_Duplicate_Use", 1.0), ("Is_Response", 0.0)] },
    Row { number: 246923, source: "Espressif_8e:a7:14", destination: "Broadcast", protocol: "ARP", length: 60,
        info: "ARP Announcement for 192.168.2.24",
        expected: &[("Source_Address_Family", 0.0), ("Destination_Address_Family", 0.0), ("Destination_Is_Broadcast", 1.0),
            ("ARP_Operation", 3.0)] },
    Row { number: 10, source: "192.168.2.20", destination: "224.0.0.251", protocol: "MDNS", length: 100,
        info: "Standard query 0x0000 PTR _companion-link._tcp.local, \"QU\" question PTR _rdlink._tcp.local, \"QU\" question",
        expected: &[("Source_Is_Private", 1.0), ("Destination_Is_Multicast", 1.0), ("Is_Response", 0.0)] },
    Row { number: 212064, source: "192.168.2.20", destination: "224.0.0.251", protocol: "MDNS", length: 130,
        info: "Standard query response 0x0000 PTR 98DA354B-A8F4-4747-B437-E60A692280B9._remotepairing._tcp.local",
        expected: &[("Source_Is_Private", 1.0), ("Destination_Is_Multicast", 1.0), ("Is_Response", 1.0)] },
    Row { number: 206918, source: "192.168.2.87", destination: "192.168.2.1", protocol: "DNS", length: 100,
        info: "Standard query 0x7b28 A connectivity-check.ubuntu.com OPT",
        expected: with_private![("Is_Response", 0.0)] },
    Row { number: 131727, source: "207.164.234.193", destination: "192.168.2.88", protocol: "DNS", length: 172,
        info: "Standard query response 0x3e05 No such name PTR 1.2.168.192.in-addr.arpa SOA prisoner.iana.org OPT",
        expected: &[("Destination_Is_Private", 1.0), ("Direction", 2.0), ("Is_Response", 1.0)] },
    Row { number: 246928, source: "192.168.2.26", destination: "224.0.0.7", protocol: "UDP", length: 240,
        info: "8001  >  8001 Len=198",
        expected: &[("Source_Is_Private", 1.0), ("Destination_Is_Multicast", 1.0), ("Source_Port", 8001.0),
            ("Destination_Port", 8001.0), ("Flag_Category", 5.0), ("Payload_Length", 198.0)] },
    Row { number: 1, source: "192.168.2.1", destination: "192.168.2.255", protocol: "UDP", length: 104,
        info: "9431  >  9431 Len=62",
        expected: with_private![("Destination_Is_Broadcast", 1.0), ("Source_Port", 9431.0), ("Destination_Port", 9431.0),
            ("Flag_Category", 5.0), ("Payload_Length", 62.0)] },
    Row { number: 254895, source: "192.168.2.87", destination: "185.125.190.17", protocol: "HTTP", length: 154,
        info: "GET / HTTP/1.1 ",
        expected: &[("Source_Is_Private", 1.0), ("Direction", 1.0), ("Is_Response", 0.0)] },
    Row { number: 265482, source: "192.168.2.87", destination: "91.189.91.157", protocol: "NTP", length: 90,
        info: "NTP Version 4, client",
        expected: &[("Source_Is_Private", 1.0), ("Direction", 1.0), ("Is_Response", 0.0)] },
    Row { number: 229645, source: "192.168.2.20", destination: "224.0.0.22", protocol: "IGMPv3", length: 60,
        info: "Membership Report / Join group 224.0.0.251 for any sources",
        expected: &[("Source_Is_Private", 1.0), ("Destination_Is_Multicast", 1.0)] },
];

#[test]
fn per_packet_features_of_real_seed_rows_match_hand_computed_values() {
    assert!(ROWS.len() >= 20);
    let mut failures = Vec::new();
    for r in ROWS {
        let p = packet(r.number, 0.0, r.source, r.destination, r.protocol, r.length, r.info);
        let packets = [p];
        let matrix = match FeatureSchema::fit(&packets).transform(&packets) {
            Ok(m) => m,
            Err(e) => panic!("row No. {}: {e}", r.number),
        };
        for f in FEATURES.iter().filter(|f| !is_contextual(f.name)) {
            let expected = if f.name == "Length" {
                f64::from(r.length)
            } else {
                r.expected
                    .iter()
                    .find(|(n, _)| *n == f.name)
                    .map_or_else(|| default_value(f.name, r.protocol), |&(_, v)| v)
            };
            let got = value(&matrix, 0, f.name);
            if got != expected {
                failures.push(format!(
                    "No. {} {}: {} = {got}, expected {expected}",
                    r.number, r.protocol, f.name
                ));
            }
        }
        for (name, _) in r.expected {
            assert!(
                FEATURES.iter().any(|f| f.name == *name),
                "row No. {}: unknown feature {name:?}",
                r.number
            );
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

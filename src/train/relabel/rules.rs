//! The relabelling rules of the seed's lab captures: one small named predicate over a packet per attack
//! (and two for what cannot be decided), in the order they are tried. docs/relabelling.md explains each
//! one with the evidence behind it and the packets it matches per capture block.
//!
//! Input: one [`Packet`] at a time. Output: whether the rule's predicate holds. Never fails: a packet whose
//! text does not parse simply does not match.

use crate::capture::Packet;
use crate::features::{parse_arp, parse_icmp, parse_transport, ArpOperation, ProtocolKind};

/// The attacking host of the lab captures.
pub const ATTACKER_IP: &str = "192.168.2.88";
/// The attacked host (the capturing machine).
pub const VICTIM_IP: &str = "192.168.2.87";
/// The lab network's gateway.
pub const GATEWAY_IP: &str = "192.168.2.1";
/// The attacking host's MAC address (a VMware virtual NIC).
pub const ATTACKER_MAC: &str = "00:0c:29:7c:59:c3";
/// The same MAC address as Wireshark names it with its vendor prefix resolved.
pub const ATTACKER_MAC_NAME: &str = "VMware_7c:59:c3";
/// The port of the remote-access trojan's session (Metasploit's default handler port).
pub const RAT_PORT: u64 = 4444;

/// What a matching rule makes of a packet of an attack capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The packet is attack traffic: a positive example.
    Attack,
    /// The packet involves the attacker but is not clearly attack traffic: left out of training.
    Undecided,
}

/// One relabelling rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Short unique name (`snake_case`), as the card and the docs list it.
    pub name: &'static str,
    /// The capture block and attack the rule describes, in words.
    pub attack: &'static str,
    /// What a match makes of the packet.
    pub verdict: Verdict,
    /// The predicate in words.
    pub definition: &'static str,
    /// The predicate.
    pub matches: fn(&Packet) -> bool,
}

/// The rules, in the order they are tried: the first that matches decides.
pub const RULES: &[Rule] = &[
    Rule {
        name: "syn_scan_probe",
        attack: "block 1: SYN scan by 192.168.2.88",
        verdict: Verdict::Attack,
        definition: "TCP from 192.168.2.88 whose flags are exactly SYN",
        matches: syn_scan_probe,
    },
    Rule {
        name: "syn_scan_reply",
        attack: "block 1: SYN scan by 192.168.2.88",
        verdict: Verdict::Attack,
        definition: "TCP to 192.168.2.88 whose flags are exactly RST, ACK (the scanned host refusing a probed port)",
        matches: syn_scan_reply,
    },
    Rule {
        name: "rat_session",
        attack: "block 3: remote-access session to port 4444",
        verdict: Verdict::Attack,
        definition: "TCP between 192.168.2.87 and 192.168.2.88 with port 4444 on either side",
        matches: rat_session,
    },
    Rule {
        name: "icmp_flood",
        attack: "block 4: ICMP echo flood by 192.168.2.88",
        verdict: Verdict::Attack,
        definition: "ICMP echo request from 192.168.2.88, or ICMP echo reply to it",
        matches: icmp_flood,
    },
    Rule {
        name: "ping_burst",
        attack: "block 0: ICMP pings of 192.168.2.87",
        verdict: Verdict::Attack,
        definition: "ICMP echo request or reply between 192.168.2.1 and 192.168.2.87",
        matches: ping_burst,
    },
    Rule {
        name: "arp_duplicate_use",
        attack: "block 2: ARP spoofing by 192.168.2.88",
        verdict: Verdict::Attack,
        definition: "ARP whose Info carries Wireshark's \"duplicate use of … detected!\" warning",
        matches: arp_duplicate_use,
    },
    Rule {
        name: "arp_poison_reply",
        attack: "block 2: ARP spoofing by 192.168.2.88",
        verdict: Verdict::Attack,
        definition: "ARP reply binding an address other than 192.168.2.88 to the attacker's MAC 00:0c:29:7c:59:c3",
        matches: arp_poison_reply,
    },
    Rule {
        name: "attacker_arp",
        attack: "blocks 0–2: the attacking host's own address resolution",
        verdict: Verdict::Undecided,
        definition: "any other ARP sent by or to the attacker's MAC (VMware_7c:59:c3), or naming 192.168.2.88 in its Info (hosts resolving the attacker to answer it)",
        matches: attacker_arp,
    },
    Rule {
        name: "attacker_other",
        attack: "any block: other traffic of the attacking host",
        verdict: Verdict::Undecided,
        definition: "any other packet from or to 192.168.2.88",
        matches: attacker_other,
    },
];

/// `(flags, ports)` of a TCP row, when its Info shows both.
fn tcp_flags_ports(packet: &Packet) -> Option<(u16, (u64, u64))> {
    if ProtocolKind::of(&packet.protocol) != ProtocolKind::Tcp {
        return None;
    }
    let transport = parse_transport(&packet.info);
    Some((transport.flags?, transport.ports?))
}

const SYN: u16 = 2;
const RST: u16 = 4;
const ACK: u16 = 16;

/// `syn_scan_probe`: a bare SYN from the attacker.
pub fn syn_scan_probe(packet: &Packet) -> bool {
    packet.source == ATTACKER_IP && tcp_flags_ports(packet).is_some_and(|(flags, _)| flags == SYN)
}

/// `syn_scan_reply`: a reset answer (RST, ACK) to the attacker.
pub fn syn_scan_reply(packet: &Packet) -> bool {
    packet.destination == ATTACKER_IP && tcp_flags_ports(packet).is_some_and(|(flags, _)| flags == RST | ACK)
}

/// `rat_session`: TCP between victim and attacker on port 4444.
pub fn rat_session(packet: &Packet) -> bool {
    between(packet, VICTIM_IP, ATTACKER_IP)
        && tcp_flags_ports(packet).is_some_and(|(_, (s, d))| s == RAT_PORT || d == RAT_PORT)
}

/// ICMP (v4) type of the packet when it is an echo request (8) or reply (0).
fn icmp_echo_type(packet: &Packet) -> Option<u8> {
    if ProtocolKind::of(&packet.protocol) != ProtocolKind::Icmp {
        return None;
    }
    Some(parse_icmp(&packet.info, false).icmp_type).filter(|&t| t == 0 || t == 8)
}

/// `icmp_flood`: echo requests from the attacker and the replies to it.
pub fn icmp_flood(packet: &Packet) -> bool {
    match icmp_echo_type(packet) {
        Some(8) => packet.source == ATTACKER_IP,
        Some(0) => packet.destination == ATTACKER_IP,
        _ => false,
    }
}

/// `ping_burst`: echo requests and replies between the gateway's address and the victim.
pub fn ping_burst(packet: &Packet) -> bool {
    icmp_echo_type(packet).is_some() && between(packet, GATEWAY_IP, VICTIM_IP)
}

/// `arp_duplicate_use`: Wireshark saw one IP address claimed by two MACs.
pub fn arp_duplicate_use(packet: &Packet) -> bool {
    ProtocolKind::of(&packet.protocol) == ProtocolKind::Arp && parse_arp(&packet.info).1
}

/// `arp_poison_reply`: `A is at <attacker MAC>` for an address A that is not the attacker's.
pub fn arp_poison_reply(packet: &Packet) -> bool {
    if ProtocolKind::of(&packet.protocol) != ProtocolKind::Arp
        || parse_arp(&packet.info).0 != ArpOperation::Reply
    {
        return false;
    }
    let Some((address, rest)) = packet.info.split_once(" is at ") else { return false };
    let mac = rest.split_whitespace().next().unwrap_or_default();
    mac.eq_ignore_ascii_case(ATTACKER_MAC) && address.trim() != ATTACKER_IP
}

/// `attacker_arp`: ARP sent by or to the attacker's MAC, or asking for / announcing the attacker's IP.
pub fn attacker_arp(packet: &Packet) -> bool {
    if ProtocolKind::of(&packet.protocol) != ProtocolKind::Arp {
        return false;
    }
    let by_mac = [packet.source.as_str(), packet.destination.as_str()]
        .iter()
        .any(|a| *a == ATTACKER_MAC_NAME || a.eq_ignore_ascii_case(ATTACKER_MAC));
    by_mac || packet.info.split_whitespace().any(|word| word.trim_end_matches(['?', ',']) == ATTACKER_IP)
}

/// `attacker_other`: anything else from or to the attacker's IP address.
pub fn attacker_other(packet: &Packet) -> bool {
    packet.source == ATTACKER_IP || packet.destination == ATTACKER_IP
}

/// Whether the packet goes between `a` and `b`, in either direction.
fn between(packet: &Packet, a: &str, b: &str) -> bool {
    (packet.source == a && packet.destination == b) || (packet.source == b && packet.destination == a)
}

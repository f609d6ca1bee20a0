//! The per-packet columns: the seed's Info-derived columns, address properties and what Info carries.
//!
//! Input: one packet with its interned ids and vocabulary codes. Output: its row's per-packet values
//! (window columns are left for `window`) and the [`Event`] the windows count. Never fails.

use super::address::{direction, AddressProperties};
use super::app_info::{self, ArpOperation, ProtocolKind};
use super::catalog::Col;
use super::info::{self, flag_bits, TransportInfo};
use crate::capture::Packet;

/// What the trailing windows need to know about one packet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Event {
    /// Seconds since the capture's start (never earlier than the previous packet's).
    pub time_s: f64,
    /// `Packet::capture_index`.
    pub capture: u32,
    /// Interned source and destination ids (shared id space).
    pub source: u32,
    pub destination: u32,
    /// Interned protocol id.
    pub protocol: u32,
    /// Transport family (0 TCP, 1 UDP, 2 ICMP, 3 ARP, 4 other).
    pub family: u8,
    /// TCP with flags exactly SYN.
    pub syn_only: bool,
    /// ICMP or ICMPv6.
    pub icmp: bool,
    /// Destination port when the row has ports (≤ 65535).
    pub destination_port: Option<u16>,
    /// Interned DCID id.
    pub dcid: Option<u32>,
}

/// Ids and codes found for a packet before its row is filled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lookups<'a> {
    pub source: (u32, u32, &'a AddressProperties),
    pub destination: (u32, u32, &'a AddressProperties),
    pub protocol: (u32, u32, ProtocolKind, u8),
}

/// Sets `row[col]`.
#[inline]
fn put(row: &mut [f64], col: Col, value: f64) {
    row[col as usize] = value;
}

fn opt(value: Option<u64>) -> f64 {
    value.map_or(-1.0, |v| v as f64)
}

fn flag(value: bool) -> f64 {
    f64::from(u8::from(value))
}

/// The seed's Flag_Category of a row's first bracket.
pub(crate) fn flag_category(kind: ProtocolKind, first_bracket: Option<&str>) -> u8 {
    if !matches!(kind, ProtocolKind::Tcp | ProtocolKind::Udp) {
        return 0;
    }
    match first_bracket {
        Some("SYN" | "SYN, ACK") => 1,
        Some("FIN, ACK" | "RST" | "RST, ACK") => 2,
        Some("PSH, ACK" | "ACK") => 3,
        Some(text) if text.starts_with("TCP") => 4,
        _ => 5,
    }
}

/// Fills the per-packet columns of `row` (all set; window columns get placeholders) and returns the
/// packet's event. `dcid` is `(interned id, vocabulary code)` for the DCID the packet carries.
pub(crate) fn fill<'a>(
    row: &mut [f64],
    packet: &'a Packet,
    time_s: f64,
    ids: &Lookups<'_>,
    dcid: impl FnOnce(&'a str) -> (u32, u32),
) -> Event {
    let (source_id, source_code, source_props) = ids.source;
    let (destination_id, destination_code, destination_props) = ids.destination;
    let (protocol_id, protocol_code, kind, family) = ids.protocol;
    row.fill(-1.0);
    put(row, Col::Length, f64::from(packet.length_bytes));
    put(row, Col::SourceEncoded, f64::from(source_code));
    put(row, Col::DestinationEncoded, f64::from(destination_code));
    put(row, Col::ProtocolEncoded, f64::from(protocol_code));
    fill_address(row, source_props, destination_props);

    let transport =
        matches!(kind, ProtocolKind::Tcp | ProtocolKind::Udp).then(|| info::parse_transport(&packet.info));
    put(
        row,
        Col::FlagCategory,
        f64::from(flag_category(kind, transport.as_ref().and_then(|t| t.first_bracket))),
    );
    let mut event = Event {
        time_s,
        capture: packet.capture_index,
        source: source_id,
        destination: destination_id,
        protocol: protocol_id,
        family,
        syn_only: false,
        icmp: matches!(kind, ProtocolKind::Icmp | ProtocolKind::Icmpv6),
        destination_port: None,
        dcid: None,
    };
    if let Some(t) = &transport {
        fill_transport(row, t, kind == ProtocolKind::Tcp);
        event.destination_port = t.ports.and_then(|(_, d)| u16::try_from(d).ok());
        event.syn_only = kind == ProtocolKind::Tcp && t.flags == Some(flag_bits::SYN);
    }
    event.dcid = fill_application(row, packet, kind).map(|text| {
        let (id, code) = dcid(text);
        put(row, Col::QuicDcidEncoded, f64::from(code));
        put(row, Col::QuicDcidLength, text.len() as f64 / 2.0);
        id
    });
    event
}

fn fill_address(row: &mut [f64], s: &AddressProperties, d: &AddressProperties) {
    put(row, Col::SourceFamily, f64::from(s.family));
    put(row, Col::SourcePrivate, flag(s.private));
    put(row, Col::SourceMulticast, flag(s.multicast));
    put(row, Col::SourceBroadcast, flag(s.broadcast));
    put(row, Col::SourceLinkLocal, flag(s.link_local));
    put(row, Col::SourceLoopback, flag(s.loopback));
    put(row, Col::DestinationFamily, f64::from(d.family));
    put(row, Col::DestinationPrivate, flag(d.private));
    put(row, Col::DestinationMulticast, flag(d.multicast));
    put(row, Col::DestinationBroadcast, flag(d.broadcast));
    put(row, Col::DestinationLinkLocal, flag(d.link_local));
    put(row, Col::DestinationLoopback, flag(d.loopback));
    put(row, Col::Direction, f64::from(direction(s, d)));
}

fn fill_transport(row: &mut [f64], t: &TransportInfo<'_>, tcp: bool) {
    put(row, Col::SourcePort, opt(t.ports.map(|p| p.0)));
    put(row, Col::DestinationPort, opt(t.ports.map(|p| p.1)));
    put(row, Col::Sequence, opt(t.sequence));
    put(row, Col::Acknowledgment, opt(t.acknowledgment));
    put(row, Col::PayloadLength, opt(t.payload_bytes));
    if !tcp {
        return;
    }
    put(row, Col::TcpFlags, opt(t.flags.map(u64::from)));
    put(row, Col::TcpWindow, opt(t.window_bytes));
    put(row, Col::TcpMss, opt(t.mss_bytes));
    put(row, Col::TcpWindowScale, opt(t.window_scale));
    put(row, Col::TcpSackPermitted, flag(t.sack_permitted));
    put(row, Col::TcpTimestamps, flag(t.timestamps));
    put(row, Col::TcpSackBlocks, f64::from(t.sack_blocks));
    put(row, Col::TcpExpertNote, f64::from(t.expert as u8));
    put(row, Col::TcpRetransmission, flag(t.expert.is_retransmission()));
    put(row, Col::TcpReassembledSegment, flag(t.reassembled_segment));
}

/// Fills the application-level columns; returns the QUIC DCID text when there is one.
fn fill_application<'a>(row: &mut [f64], packet: &'a Packet, kind: ProtocolKind) -> Option<&'a str> {
    let info = packet.info.as_str();
    let mut icmp = None;
    let mut arp = None;
    let mut dcid = None;
    match kind {
        ProtocolKind::Icmp | ProtocolKind::Icmpv6 => {
            let i = app_info::parse_icmp(info, kind == ProtocolKind::Icmpv6);
            put(row, Col::IcmpType, f64::from(i.icmp_type));
            put(row, Col::IcmpNoResponse, flag(i.no_response));
            put(row, Col::IcmpTtl, opt(i.ttl));
            icmp = Some(i);
        }
        ProtocolKind::Arp => {
            let (op, duplicate) = app_info::parse_arp(info);
            put(row, Col::ArpOperation, f64::from(op as u8));
            put(row, Col::ArpDuplicateUse, flag(duplicate));
            arp = Some(op);
        }
        ProtocolKind::Quic => {
            let q = app_info::parse_quic(info);
            put(row, Col::QuicPacketType, f64::from(q.packet_type));
            dcid = q.dcid;
        }
        ProtocolKind::Tls => fill_tls(row, app_info::parse_tls(info)),
        _ => {}
    }
    let response =
        app_info::message_is_response(kind, info, icmp, arp.filter(|op| *op != ArpOperation::Other));
    put(row, Col::IsResponse, response.map_or(-1.0, flag));
    dcid
}

fn fill_tls(row: &mut [f64], t: app_info::TlsInfo) {
    put(row, Col::TlsRecords, f64::from(t.records));
    put(row, Col::TlsApplicationData, f64::from(t.application_data));
    put(row, Col::TlsClientHello, flag(t.client_hello));
    put(row, Col::TlsServerHello, flag(t.server_hello));
    put(row, Col::TlsChangeCipherSpec, flag(t.change_cipher_spec));
    put(row, Col::TlsAlert, flag(t.alert));
    put(row, Col::TlsOtherRecord, flag(t.other));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_flag_categories() {
        let tcp = ProtocolKind::Tcp;
        assert_eq!(flag_category(tcp, Some("SYN")), 1);
        assert_eq!(flag_category(tcp, Some("SYN, ACK")), 1);
        assert_eq!(flag_category(tcp, Some("RST, ACK")), 2);
        assert_eq!(flag_category(tcp, Some("FIN, ACK")), 2);
        assert_eq!(flag_category(tcp, Some("ACK")), 3);
        assert_eq!(flag_category(tcp, Some("TCP Retransmission")), 4);
        assert_eq!(flag_category(tcp, Some("FIN, PSH, ACK")), 5);
        assert_eq!(flag_category(ProtocolKind::Udp, None), 5);
        assert_eq!(flag_category(ProtocolKind::Quic, None), 0);
        assert_eq!(flag_category(ProtocolKind::Tls, Some("SYN")), 0);
    }
}

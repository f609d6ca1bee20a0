//! What the `Info` text says above the transport layer: ICMP/ICMPv6 types, ARP operations, QUIC packet
//! types and DCIDs, TLS record kinds, and whether a message is a request or a response.
//!
//! Input: the `Protocol` and `Info` columns. Output: small `Copy` structs of codes and flags.
//! Never fails: unrecognised text gives the documented "other" codes.

/// The protocol column reduced to the families the features treat differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolKind {
    /// `TCP` exactly (the seed parsed ports/flags only for `TCP` and `UDP`).
    Tcp,
    /// `UDP` exactly.
    Udp,
    /// `QUIC`.
    Quic,
    /// `ICMP`.
    Icmp,
    /// `ICMPv6`.
    Icmpv6,
    /// `ARP`.
    Arp,
    /// `TLSv1.x`, `SSLv3`, `SSL`, `DTLS…`.
    Tls,
    /// `DNS`, `MDNS`, `LLMNR`.
    Dns,
    /// `HTTP…`, `OCSP`.
    Http,
    /// `NTP`.
    Ntp,
    /// Anything else.
    Other,
}

impl ProtocolKind {
    /// Classifies a Wireshark protocol name.
    pub fn of(protocol: &str) -> ProtocolKind {
        match protocol {
            "TCP" => ProtocolKind::Tcp,
            "UDP" => ProtocolKind::Udp,
            "QUIC" => ProtocolKind::Quic,
            "ICMP" => ProtocolKind::Icmp,
            "ICMPv6" => ProtocolKind::Icmpv6,
            "ARP" => ProtocolKind::Arp,
            "DNS" | "MDNS" | "LLMNR" => ProtocolKind::Dns,
            "OCSP" => ProtocolKind::Http,
            "NTP" => ProtocolKind::Ntp,
            p if p.starts_with("TLS") || p.starts_with("SSL") || p.starts_with("DTLS") => ProtocolKind::Tls,
            p if p.starts_with("HTTP") => ProtocolKind::Http,
            _ => ProtocolKind::Other,
        }
    }

    /// Transport family for the window shares: 0 TCP-based, 1 UDP-based, 2 ICMP/ICMPv6, 3 ARP, 4 other.
    pub fn family(protocol: &str, kind: ProtocolKind) -> usize {
        match kind {
            ProtocolKind::Tcp | ProtocolKind::Tls | ProtocolKind::Http => 0,
            ProtocolKind::Udp | ProtocolKind::Quic | ProtocolKind::Dns | ProtocolKind::Ntp => 1,
            ProtocolKind::Icmp | ProtocolKind::Icmpv6 => 2,
            ProtocolKind::Arp => 3,
            ProtocolKind::Other => match protocol {
                "NBNS" | "SSDP" | "DHCP" | "DHCPv6" | "SNMP" | "STUN" | "RTP" | "SRVLOC" => 1,
                _ => 4,
            },
        }
    }
}

/// ICMP or ICMPv6 facts from `Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IcmpInfo {
    /// The ICMP (RFC 792) or ICMPv6 (RFC 4443/4861) type number; 255 when the text is not recognised.
    pub icmp_type: u8,
    /// `(no response found!)` on an echo request.
    pub no_response: bool,
    /// `ttl=` value (ICMP) or `hop limit=` value (ICMPv6).
    pub ttl: Option<u64>,
}

const ICMP_TYPES: [(&str, u8); 14] = [
    ("echo (ping) request", 8),
    ("echo (ping) reply", 0),
    ("destination unreachable", 3),
    ("source quench", 4),
    ("redirect", 5),
    ("router advertisement", 9),
    ("router solicitation", 10),
    ("time-to-live exceeded", 11),
    ("time exceeded", 11),
    ("parameter problem", 12),
    ("timestamp request", 13),
    ("timestamp reply", 14),
    ("address mask request", 17),
    ("address mask reply", 18),
];

const ICMPV6_TYPES: [(&str, u8); 16] = [
    ("echo (ping) request", 128),
    ("echo (ping) reply", 129),
    ("destination unreachable", 1),
    ("packet too big", 2),
    ("time exceeded", 3),
    ("parameter problem", 4),
    ("multicast listener query", 130),
    ("multicast listener report message v2", 143),
    ("multicast listener report", 131),
    ("multicast listener done", 132),
    ("router solicitation", 133),
    ("router advertisement", 134),
    ("neighbor solicitation", 135),
    ("neighbor advertisement", 136),
    ("redirect", 137),
    ("inverse neighbor discovery", 141),
];

/// Parses an ICMP (`v6 == false`) or ICMPv6 row's `Info`.
pub fn parse_icmp(info: &str, v6: bool) -> IcmpInfo {
    let table: &[(&str, u8)] = if v6 { &ICMPV6_TYPES } else { &ICMP_TYPES };
    let head = info.as_bytes();
    let icmp_type = table
        .iter()
        .find(|(prefix, _)| {
            head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        })
        .map_or(255, |&(_, t)| t);
    // ICMP echoes show the IPv4 `ttl=`; ICMPv6 echoes the IPv6 `hop limit=` (the same hop count).
    let key = if v6 { "hop limit=" } else { "ttl=" };
    let ttl = info.find(key).and_then(|i| super::info::leading_number(&info[i + key.len()..]));
    const NO_RESPONSE: &str = "(no response found!)";
    let no_response = info.ends_with(NO_RESPONSE) || info.contains(NO_RESPONSE);
    IcmpInfo { icmp_type, no_response, ttl }
}

/// ARP operation codes of the `ARP_Operation` feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArpOperation {
    /// Text not recognised.
    Other = 0,
    /// `Who has A? Tell B`.
    Request = 1,
    /// `A is at M`.
    Reply = 2,
    /// `ARP Announcement for A`, `Gratuitous ARP for A`.
    Announcement = 3,
    /// `ARP Probe for A`.
    Probe = 4,
}

/// Parses an ARP row's `Info`: the operation, and whether Wireshark saw a duplicate use of an address.
pub fn parse_arp(info: &str) -> (ArpOperation, bool) {
    let op = if info.starts_with("Who has ") {
        ArpOperation::Request
    } else if info.starts_with("ARP Announcement") || info.starts_with("Gratuitous ARP") {
        ArpOperation::Announcement
    } else if info.starts_with("ARP Probe") {
        ArpOperation::Probe
    } else if info.contains(" is at ") {
        ArpOperation::Reply
    } else {
        ArpOperation::Other
    };
    (op, info.contains("duplicate use of"))
}

/// QUIC facts from `Info` (the first QUIC packet of the datagram).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuicInfo<'a> {
    /// 0 unrecognised, 1 Initial, 2 0-RTT, 3 Handshake, 4 Retry, 5 Version Negotiation, 6 short header
    /// (`Protected Payload (KPn)`).
    pub packet_type: u8,
    /// The first `DCID=` value (the seed's `DCID=([a-zA-Z0-9]+)`).
    pub dcid: Option<&'a str>,
}

/// Parses a QUIC row's `Info`.
pub fn parse_quic(info: &str) -> QuicInfo<'_> {
    const TYPES: [(&str, u8); 6] = [
        ("Initial", 1),
        ("0-RTT", 2),
        ("Handshake", 3),
        ("Retry", 4),
        ("Version Negotiation", 5),
        ("Protected Payload", 6),
    ];
    let packet_type = TYPES.iter().find(|(p, _)| info.starts_with(p)).map_or(0, |&(_, t)| t);
    let dcid = info.find("DCID=").and_then(|i| {
        let rest = &info[i + 5..];
        let end = rest.bytes().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len());
        (end > 0).then(|| &rest[..end])
    });
    QuicInfo { packet_type, dcid }
}

/// TLS record kinds listed in `Info` (`Server Hello, Change Cipher Spec, Application Data`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TlsInfo {
    /// Comma-separated records listed.
    pub records: u32,
    /// `Application Data` records.
    pub application_data: u32,
    /// A `Client Hello`.
    pub client_hello: bool,
    /// A `Server Hello` (not `Server Hello Done`).
    pub server_hello: bool,
    /// A `Change Cipher Spec`.
    pub change_cipher_spec: bool,
    /// An `Alert` or `Encrypted Alert`.
    pub alert: bool,
    /// Any other handshake or record (Certificate, Key Exchange, New Session Ticket, Encrypted Handshake…).
    pub other: bool,
}

/// Parses a TLS row's `Info`.
pub fn parse_tls(info: &str) -> TlsInfo {
    let mut tls = TlsInfo::default();
    for record in info.split(", ") {
        let record = record.trim();
        if record.is_empty() {
            continue;
        }
        tls.records += 1;
        if record.starts_with("Application Data") {
            tls.application_data += 1;
        } else if record.starts_with("Client Hello") {
            tls.client_hello = true;
        } else if record == "Server Hello" || record.starts_with("Server Hello (") {
            tls.server_hello = true;
        } else if record.starts_with("Change Cipher Spec") {
            tls.change_cipher_spec = true;
        } else if record.contains("Alert") {
            tls.alert = true;
        } else {
            tls.other = true;
        }
    }
    tls
}

/// 1 response, 0 request/query, `None` when the text does not say (DNS, HTTP, OCSP, NTP, ICMP echo, ARP).
pub fn message_is_response(
    kind: ProtocolKind,
    info: &str,
    icmp: Option<IcmpInfo>,
    arp: Option<ArpOperation>,
) -> Option<bool> {
    match kind {
        ProtocolKind::Dns => info.contains("query").then(|| info.contains("query response")),
        ProtocolKind::Http => {
            if info.starts_with("HTTP/") || info.starts_with("Response") {
                Some(true)
            } else if info.starts_with("Request") || info.contains(" HTTP/") {
                Some(false)
            } else {
                None
            }
        }
        ProtocolKind::Ntp if info.ends_with("server") => Some(true),
        ProtocolKind::Ntp if info.ends_with("client") => Some(false),
        ProtocolKind::Icmp | ProtocolKind::Icmpv6 => match icmp.map(|i| i.icmp_type) {
            Some(0 | 129) => Some(true),
            Some(8 | 128) => Some(false),
            _ => None,
        },
        ProtocolKind::Arp => match arp {
            Some(ArpOperation::Reply) => Some(true),
            Some(ArpOperation::Request) => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icmp_types_and_notes() {
        let i =
            parse_icmp("Echo (ping) request  id=0xfc0e, seq=59204/17639, ttl=64 (no response found!)", false);
        assert_eq!((i.icmp_type, i.no_response, i.ttl), (8, true, Some(64)));
        assert_eq!(
            parse_icmp("Echo (ping) reply    id=0x1, seq=1/256, ttl=117 (request in 5)", false).icmp_type,
            0
        );
        assert_eq!(parse_icmp("Destination unreachable (Port unreachable)", false).icmp_type, 3);
        assert_eq!(
            parse_icmp("Neighbor Solicitation for fe80::1 from d2:59:55:f3:7e:72", true).icmp_type,
            135
        );
        assert_eq!(parse_icmp("Multicast Listener Report Message v2", true).icmp_type, 143);
        assert_eq!(parse_icmp("Something new", true).icmp_type, 255);
    }

    #[test]
    fn icmpv6_hop_limit_is_the_icmp_ttl() {
        // Info as tshark 4.0.17 writes ICMPv6 echoes (tools/make_tshark_quotes.py): `hop limit=`, not `ttl=`.
        let i = parse_icmp("Echo (ping) request id=0x0001, seq=1, hop limit=64", true);
        assert_eq!((i.icmp_type, i.ttl), (128, Some(64)));
        let i = parse_icmp("Echo (ping) reply id=0x0001, seq=1, hop limit=255 (request in 1)", true);
        assert_eq!((i.icmp_type, i.ttl), (129, Some(255)));
        // ICMP (v4) keeps reading `ttl=` only.
        assert_eq!(parse_icmp("Echo (ping) request id=0x1, seq=1, hop limit=64", false).ttl, None);
    }

    #[test]
    fn arp_quic_tls() {
        assert_eq!(parse_arp("Who has 192.168.2.1? Tell 192.168.2.87"), (ArpOperation::Request, false));
        assert_eq!(
            parse_arp("192.168.2.87 is at 00:0c:29:7c:59:c3 (duplicate use of 192.168.2.1 detected!)"),
            (ArpOperation::Reply, true)
        );
        assert_eq!(parse_arp("ARP Announcement for 192.168.2.38").0, ArpOperation::Announcement);
        let q = parse_quic("Handshake, DCID=4e0c1f, SCID=0123456789abcdef");
        assert_eq!((q.packet_type, q.dcid), (3, Some("4e0c1f")));
        assert_eq!(parse_quic("Protected Payload (KP0)"), QuicInfo { packet_type: 6, dcid: None });
        let t = parse_tls("Server Hello, Change Cipher Spec, Application Data, Application Data");
        assert_eq!((t.records, t.application_data, t.server_hello, t.change_cipher_spec), (4, 2, true, true));
        let t = parse_tls("Certificate, Server Key Exchange, Server Hello Done");
        assert!(!t.server_hello && t.other && !t.alert);
        assert!(parse_tls("Encrypted Alert").alert);
    }

    #[test]
    fn request_or_response() {
        let dns = ProtocolKind::Dns;
        assert_eq!(
            message_is_response(dns, "Standard query 0x11a0 AAAA ocsp.digicert.com OPT", None, None),
            Some(false)
        );
        assert_eq!(
            message_is_response(dns, "Standard query response 0x8647 A x.com A 1.2.3.4", None, None),
            Some(true)
        );
        assert_eq!(message_is_response(ProtocolKind::Http, "GET / HTTP/1.1 ", None, None), Some(false));
        assert_eq!(
            message_is_response(ProtocolKind::Http, "HTTP/1.1 204 No Content ", None, None),
            Some(true)
        );
        assert_eq!(message_is_response(ProtocolKind::Ntp, "NTP Version 4, server", None, None), Some(true));
        assert_eq!(message_is_response(ProtocolKind::Tcp, "1  >  2 [ACK]", None, None), None);
    }
}

//! One frame → the packet-list columns Wireshark shows: Source, Destination, Protocol and Info.
//!
//! Input: a frame's link type and bytes, in capture order (TCP, TLS, QUIC and ICMP state carry across
//! frames). Output: [`Columns`], with `decoded == false` when a layer could not be read (the protocol is then
//! that of the deepest layer decoded). Never fails or panics.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::IpAddr;

use etherparse::{LaxNetSlice, LaxSlicedPacket, TcpSlice, TransportSlice};
use foldhash::fast::RandomState;

use super::apps::{self, QuicIds};
use super::fragments::Reassembler;
use super::http;
use super::link::{self, mac_text};
use super::tcp::{stream_key, Endpoints, Segment, TcpTracker};
use super::tcp_analysis;

/// The columns of one packet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Columns {
    /// Source column.
    pub source: String,
    /// Destination column.
    pub destination: String,
    /// Protocol column.
    pub protocol: String,
    /// Info column.
    pub info: String,
    /// Whether every layer present was decoded.
    pub decoded: bool,
}

/// (source, destination, identifier, sequence number) of an echo request.
type EchoKey = ([u8; 16], [u8; 16], u16, u16);

#[derive(Debug, Default, Clone)]
struct TlsState {
    version: Option<u16>,
    encrypted: [bool; 2],
    /// Per side: the record its last payload ended in, and the sequence number that continues it.
    carry: [Option<(apps::TlsCarry, u32)>; 2],
}

/// State carried across frames.
#[derive(Debug, Default)]
pub struct Dissector {
    tcp: TcpTracker,
    tls: HashMap<Endpoints, TlsState, RandomState>,
    http: http::HttpStreams,
    quic: QuicIds,
    echo_requests: HashMap<EchoKey, u64, RandomState>,
    fragments: Reassembler,
}

/// The network-layer facts the upper layers need.
struct Net {
    source: IpAddr,
    destination: IpAddr,
    ttl: u8,
}

fn key(addr: IpAddr) -> [u8; 16] {
    match addr {
        IpAddr::V4(a) => a.to_ipv6_mapped().octets(),
        IpAddr::V6(a) => a.octets(),
    }
}

impl Dissector {
    /// Dissects frame `number` (1-based), captured at `time_ns`.
    pub fn dissect(&mut self, number: u64, time_ns: i128, linktype: i32, data: &[u8]) -> Columns {
        let link = link::slice(linktype, data);
        let macs = link.macs.map(|(s, d)| (mac_text(s), mac_text(d)));
        let Some(sliced) = link.sliced else {
            let (source, destination) = macs.unwrap_or_default();
            let protocol = if linktype == 1 { "Ethernet" } else { "Frame" };
            return Columns {
                source,
                destination,
                protocol: protocol.into(),
                info: String::new(),
                decoded: false,
            };
        };
        let stopped = sliced.stop_err.is_some();
        let mut cols = match &sliced.net {
            Some(LaxNetSlice::Arp(arp)) => arp_columns(arp.slice(), macs.unwrap_or_default()),
            Some(LaxNetSlice::Ipv4(_)) | Some(LaxNetSlice::Ipv6(_)) => self.ip((number, time_ns), &sliced),
            None => {
                let (source, destination) = macs.unwrap_or_default();
                Columns { source, destination, protocol: "Ethernet".into(), ..Columns::default() }
            }
        };
        cols.decoded &= !stopped;
        cols
    }

    /// `frame`: number and capture time (ns).
    fn ip(&mut self, frame: (u64, i128), sliced: &LaxSlicedPacket<'_>) -> Columns {
        let number = frame.0;
        // The IP payload's length as its header gives it (more than the bytes captured when the snap
        // length cut the frame): TCP's `Len=` counts it, as Wireshark's does.
        let reported;
        let (net, payload, fragment, v4) = match &sliced.net {
            Some(LaxNetSlice::Ipv4(ip)) => {
                let h = ip.header();
                let net = Net {
                    source: h.source_addr().into(),
                    destination: h.destination_addr().into(),
                    ttl: h.ttl(),
                };
                let frag = (h.more_fragments() || h.fragments_offset().value() != 0).then(|| {
                    (h.fragments_offset().value() as u32 * 8, h.identification() as u32, h.more_fragments())
                });
                let auth_len = ip.extensions().auth.map_or(0, |a| a.slice().len());
                let header_len = usize::from(h.ihl()) * 4 + auth_len;
                reported = usize::from(h.total_len()).saturating_sub(header_len);
                (net, ip.payload(), frag, true)
            }
            Some(LaxNetSlice::Ipv6(ip)) => {
                let h = ip.header();
                let net = Net {
                    source: h.source_addr().into(),
                    destination: h.destination_addr().into(),
                    ttl: h.hop_limit(),
                };
                let frag = ip.extensions().clone().into_iter().find_map(|e| match e {
                    etherparse::Ipv6ExtensionSlice::Fragment(f) => {
                        let offset = u32::from(f.fragment_offset().value()) * 8;
                        let first_and_last = offset == 0 && !f.more_fragments();
                        (!first_and_last).then(|| (offset, f.identification(), f.more_fragments()))
                    }
                    _ => None,
                });
                reported = usize::from(h.payload_length()).saturating_sub(ip.extensions().slice().len());
                (net, ip.payload(), frag, false)
            }
            _ => return Columns::default(),
        };
        let mut cols = Columns {
            source: net.source.to_string(),
            destination: net.destination.to_string(),
            protocol: if v4 { "IPv4" } else { "IPv6" }.into(),
            info: String::new(),
            decoded: true,
        };
        let proto = payload.ip_number.0;
        let mut reassembled = None;
        if let Some((offset, id, more)) = fragment {
            if !payload.incomplete {
                let vlan = sliced.link_exts.iter().find_map(|e| match e {
                    etherparse::LaxLinkExtSlice::Vlan(v) => Some(v.vlan_identifier().value()),
                    _ => None,
                });
                let k = (key(net.source), key(net.destination), id, proto, vlan.unwrap_or(0));
                reassembled = self.fragments.add(k, offset as usize, more, payload.payload);
            }
            if reassembled.is_none() {
                cols.info = if v4 {
                    let name = ip_protocol_name(proto);
                    format!("Fragmented IP protocol (proto={name} {proto}, off={offset}, ID={id:04x})")
                } else {
                    let more = if more { 'y' } else { 'n' };
                    format!("IPv6 fragment (off={offset} more={more} ident=0x{id:08x} nxt={proto})")
                };
                return cols;
            }
        }
        let whole = reassembled.as_deref().map(|bytes| match proto {
            6 => TcpSlice::from_slice(bytes).ok().map(TransportSlice::Tcp),
            17 => etherparse::UdpSlice::from_slice(bytes).ok().map(TransportSlice::Udp),
            1 => etherparse::Icmpv4Slice::from_slice(bytes).ok().map(TransportSlice::Icmpv4),
            58 => etherparse::Icmpv6Slice::from_slice(bytes).ok().map(TransportSlice::Icmpv6),
            _ => None,
        });
        let transport = match &whole {
            Some(t) => t.as_ref(),
            None => sliced.transport.as_ref(),
        };
        match transport {
            Some(TransportSlice::Tcp(tcp)) => {
                let cut = whole.is_none() && payload.incomplete;
                let len = if cut { reported.saturating_sub(tcp.header_len()) } else { tcp.payload().len() };
                self.tcp(frame, &net, (tcp, len), &mut cols)
            }
            Some(TransportSlice::Udp(udp)) => {
                let ports = (udp.source_port(), udp.destination_port());
                self.udp(ports, udp.payload(), &mut cols);
            }
            Some(TransportSlice::Icmpv4(icmp)) => {
                let (t, c, rest) = (icmp.type_u8(), icmp.code_u8(), icmp.bytes5to8());
                cols.protocol = "ICMP".into();
                cols.info = self.icmp(number, &net, false, t, c, rest);
            }
            Some(TransportSlice::Icmpv6(icmp)) => {
                let (t, c, rest) = (icmp.type_u8(), icmp.code_u8(), icmp.bytes5to8());
                cols.protocol = "ICMPv6".into();
                cols.info = self.icmp(number, &net, true, t, c, rest);
                if t == 135 || t == 136 {
                    let target = icmp.payload().get(..16).and_then(|b| <[u8; 16]>::try_from(b).ok());
                    if let Some(target) = target {
                        let _ = write!(cols.info, " for {}", std::net::Ipv6Addr::from(target));
                    }
                }
            }
            _ if proto == 2 => igmp(payload.payload, &mut cols),
            _ => {
                cols.decoded = false;
                truncated_transport(proto, payload.payload, &mut cols);
            }
        }
        cols
    }

    /// `tcp`: the segment and its payload length (beyond the captured bytes when the frame was cut).
    fn tcp(&mut self, frame: (u64, i128), net: &Net, (tcp, len): (&TcpSlice<'_>, usize), cols: &mut Columns) {
        let ports = (tcp.source_port(), tcp.destination_port());
        let mut window_scale = None;
        for option in tcp.options_iterator() {
            if let Ok(etherparse::TcpOptionElement::WindowScale(shift)) = option {
                window_scale = Some(shift);
            }
        }
        let ends = (key(net.source), ports.0, key(net.destination), ports.1);
        let seg = Segment {
            sequence: tcp.sequence_number(),
            acknowledgment: tcp.acknowledgment_number(),
            syn: tcp.syn(),
            ack: tcp.ack(),
            window: tcp.window_size(),
            window_scale,
            fin: tcp.fin(),
            rst: tcp.rst(),
            payload_len: len as u32,
            frame: frame.0,
            time_ns: frame.1,
        };
        let shown = self.tcp.observe(ends, seg);
        let payload = tcp.payload();
        cols.protocol = "TCP".into();
        let mut info = String::with_capacity(96);
        let _ = write!(info, "{} → {} [", ports.0, ports.1);
        push_tcp_flags(&mut info, tcp);
        let _ = write!(info, "] Seq={}", shown.sequence);
        if seg.ack {
            let _ = write!(info, " Ack={}", shown.acknowledgment);
        }
        let _ = write!(info, " Win={} Len={len}", shown.window_bytes);
        push_tcp_options(&mut info, tcp, shown.their_base);
        cols.info = info;
        // Wireshark hands neither a retransmitted nor an out-of-order segment to the application
        // dissectors (`tcp.no_subdissector_on_error`), nor a keep-alive's byte, nor data it has seen.
        // An out-of-order segment still joins an HTTP message being reassembled.
        let notes = shown.analysis.notes;
        let joins_message = notes.only_out_of_order() && self.http.is_reassembling(ends);
        if !notes.skips_application() || joins_message {
            if apps::is_tls_port(ports) || self.is_tls_stream(ends) || apps::looks_like_tls(payload) {
                if !payload.is_empty() {
                    self.tls(ends, seg.sequence, payload, cols);
                }
            } else {
                let cut = payload.len() < len;
                self.http(ends, http::Segment { sequence: seg.sequence, payload, cut, fin: seg.fin }, cols);
            }
        }
        let mut notes = tcp_analysis::prefix(&shown.analysis);
        if !notes.is_empty() {
            // TLS appends its record names with a ", " separator to the notes (Wireshark's fence).
            if cols.protocol.starts_with("TLS") || cols.protocol.starts_with("SSL") {
                notes.push_str(", ");
            }
            cols.info.insert_str(0, &notes);
        }
    }

    fn http(&mut self, ends: Endpoints, seg: http::Segment<'_>, cols: &mut Columns) {
        match self.http.segment(ends, seg) {
            http::View::NotHttp => {}
            http::View::Message { protocol, info } => {
                cols.protocol = protocol.into();
                cols.info = info;
            }
            http::View::Segment { first_line } => {
                if let Some(line) = first_line {
                    cols.info = line;
                }
                cols.info.push(' ');
                cols.info.push_str(http::REASSEMBLED);
            }
        }
    }

    /// Whether TLS was found on this stream (on any port, by Wireshark's heuristic).
    fn is_tls_stream(&self, ends: Endpoints) -> bool {
        self.tls.contains_key(&stream_key(ends).0)
    }

    fn tls(&mut self, ends: Endpoints, sequence: u32, payload: &[u8], cols: &mut Columns) {
        let (key, forward) = stream_key(ends);
        let state = self.tls.entry(key).or_default();
        let side = usize::from(!forward);
        // A carried record continues only in the segment right after (not across a gap).
        let mut carry = state.carry[side].take().filter(|(_, next)| *next == sequence).map(|(c, _)| c);
        let records = apps::tls(payload, state.encrypted[side], &mut carry);
        let next = sequence.wrapping_add(payload.len() as u32);
        state.carry[side] = carry.map(|c| (c, next));
        if let Some(records) = records {
            if records.info.is_empty() {
                cols.info.push(' ');
                cols.info.push_str(http::REASSEMBLED);
                return;
            }
            if records.info.contains("Change Cipher Spec") {
                state.encrypted[side] = true;
            }
            if records.negotiated.is_some() {
                state.version = records.negotiated;
            }
            let version = state.version.unwrap_or(records.record_version);
            cols.protocol = apps::tls_version_name(version).into();
            cols.info = records.info;
        }
    }

    fn udp(&mut self, ports: (u16, u16), payload: &[u8], cols: &mut Columns) {
        let app = apps::dns(ports, payload)
            .or_else(|| apps::ntp(ports, payload))
            .or_else(|| apps::nbns(ports, payload))
            .or_else(|| self.quic.quic(ports, payload));
        match app {
            Some((protocol, info)) => {
                cols.protocol = protocol.into();
                cols.info = info;
            }
            None => {
                cols.protocol = "UDP".into();
                cols.info = format!("{} → {} Len={}", ports.0, ports.1, payload.len());
            }
        }
    }

    fn icmp(&mut self, number: u64, net: &Net, v6: bool, t: u8, code: u8, rest: [u8; 4]) -> String {
        let id = u16::from_be_bytes([rest[0], rest[1]]);
        let seq = u16::from_be_bytes([rest[2], rest[3]]);
        let (request, reply) = if v6 { (128, 129) } else { (8, 0) };
        let (src, dst) = (key(net.source), key(net.destination));
        if t == request || t == reply {
            let kind = if t == request { "request" } else { "reply  " };
            let mut info = if v6 {
                format!("Echo (ping) {} id=0x{id:04x}, seq={seq}, hop limit={}", kind.trim_end(), net.ttl)
            } else {
                format!("Echo (ping) {kind}  id=0x{id:04x}, seq={seq}/{}, ttl={}", seq.swap_bytes(), net.ttl)
            };
            if t == request {
                self.echo_requests.insert((src, dst, id, seq), number);
            } else if let Some(req) = self.echo_requests.get(&(dst, src, id, seq)) {
                let _ = write!(info, " (request in {req})");
            }
            return info;
        }
        icmp_type_text(v6, t, code).to_string()
    }
}

fn icmp_type_text(v6: bool, t: u8, code: u8) -> &'static str {
    match (v6, t, code) {
        (false, 3, 0) => "Destination unreachable (Network unreachable)",
        (false, 3, 1) => "Destination unreachable (Host unreachable)",
        (false, 3, 3) => "Destination unreachable (Port unreachable)",
        (false, 3, _) => "Destination unreachable",
        (false, 5, _) => "Redirect",
        (false, 11, 0) => "Time-to-live exceeded (Time to live exceeded in transit)",
        (false, 11, _) => "Time-to-live exceeded",
        (false, 13, _) => "Timestamp request",
        (false, 14, _) => "Timestamp reply",
        (true, 1, _) => "Destination Unreachable",
        (true, 2, _) => "Packet Too Big",
        (true, 3, _) => "Time Exceeded",
        (true, 4, _) => "Parameter Problem",
        (true, 130, _) => "Multicast Listener Query",
        (true, 131, _) => "Multicast Listener Report",
        (true, 132, _) => "Multicast Listener Done",
        (true, 133, _) => "Router Solicitation",
        (true, 134, _) => "Router Advertisement",
        (true, 135, _) => "Neighbor Solicitation",
        (true, 136, _) => "Neighbor Advertisement",
        (true, 137, _) => "Redirect",
        (true, 143, _) => "Multicast Listener Report Message v2",
        _ => "Unknown ICMP type",
    }
}

/// Appends the options Wireshark's Info shows, in header order: MSS, WS, SACK_PERM, TSval/TSecr, and
/// SACK blocks as `SLE=… SRE=…` relative to the other side's base.
fn push_tcp_options(info: &mut String, tcp: &TcpSlice<'_>, their_base: u32) {
    use etherparse::TcpOptionElement as O;
    for option in tcp.options_iterator() {
        let _ = match option {
            Ok(O::MaximumSegmentSize(mss)) => write!(info, " MSS={mss}"),
            Ok(O::WindowScale(shift)) => write!(info, " WS={}", 1u32 << shift.min(14)),
            Ok(O::SelectiveAcknowledgementPermitted) => write!(info, " SACK_PERM"),
            Ok(O::Timestamp(val, ecr)) => write!(info, " TSval={val} TSecr={ecr}"),
            Ok(O::SelectiveAcknowledgement(first, rest)) => {
                for (left, right) in std::iter::once(first).chain(rest.into_iter().flatten()) {
                    let (l, r) = (left.wrapping_sub(their_base), right.wrapping_sub(their_base));
                    let _ = write!(info, " SLE={l} SRE={r}");
                }
                Ok(())
            }
            _ => Ok(()),
        };
    }
}

/// Appends Wireshark's flags bracket text: `SYN, ACK` (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE order).
fn push_tcp_flags(out: &mut String, tcp: &TcpSlice<'_>) {
    let flags = [
        (tcp.fin(), "FIN"),
        (tcp.syn(), "SYN"),
        (tcp.rst(), "RST"),
        (tcp.psh(), "PSH"),
        (tcp.ack(), "ACK"),
        (tcp.urg(), "URG"),
        (tcp.ece(), "ECE"),
        (tcp.cwr(), "CWR"),
        (tcp.ns(), "AE"),
    ];
    let start = out.len();
    for (_, name) in flags.iter().filter(|(on, _)| *on) {
        if out.len() > start {
            out.push_str(", ");
        }
        out.push_str(name);
    }
    if out.len() == start {
        out.push_str("<None>");
    }
}

fn ip_protocol_name(proto: u8) -> &'static str {
    match proto {
        1 => "ICMP",
        2 => "IGMP",
        6 => "TCP",
        17 => "UDP",
        41 => "IPv6",
        47 => "GRE",
        50 => "ESP",
        58 => "ICMPv6",
        132 => "SCTP",
        _ => "Unknown",
    }
}

/// A transport header cut by the snap length: TCP/UDP show their ports when at least 4 bytes remain.
fn truncated_transport(proto: u8, payload: &[u8], cols: &mut Columns) {
    let name = match proto {
        6 => "TCP",
        17 => "UDP",
        1 => "ICMP",
        58 => "ICMPv6",
        _ => return,
    };
    cols.protocol = name.into();
    if let (true, Some(p)) = (proto == 6 || proto == 17, payload.get(..4)) {
        let (s, d) = (u16::from_be_bytes([p[0], p[1]]), u16::from_be_bytes([p[2], p[3]]));
        cols.info = format!("{s} → {d}[Packet size limited during capture]");
    } else {
        cols.info = "[Packet size limited during capture]".into();
    }
}

fn igmp(p: &[u8], cols: &mut Columns) {
    let Some(&kind) = p.first() else {
        cols.decoded = false;
        return;
    };
    let group =
        |at: usize| p.get(at..at + 4).map(|g| std::net::Ipv4Addr::new(g[0], g[1], g[2], g[3]).to_string());
    let (protocol, info) = match kind {
        0x11 if p.len() >= 12 => {
            ("IGMPv3", format!("Membership Query, specific for group {}", group(4).unwrap_or_default()))
        }
        0x11 => ("IGMPv2", "Membership Query, general".to_string()),
        0x16 => ("IGMPv2", format!("Membership Report group {}", group(4).unwrap_or_default())),
        0x17 => ("IGMPv2", format!("Leave Group {}", group(4).unwrap_or_default())),
        0x22 => ("IGMPv3", igmpv3_report(p)),
        _ => ("IGMP", "Unknown Type".to_string()),
    };
    if kind == 0x11 && p.len() >= 12 && p.get(4..8) == Some(&[0, 0, 0, 0]) {
        cols.info = "Membership Query, general".into();
    } else {
        cols.info = info;
    }
    cols.protocol = protocol.into();
}

fn igmpv3_report(p: &[u8]) -> String {
    let mut parts = Vec::new();
    let count = p.get(6..8).map_or(0, |c| u16::from_be_bytes([c[0], c[1]]));
    let mut at = 8;
    for _ in 0..count.min(64) {
        let Some(rec) = p.get(at..at + 8) else { break };
        let sources = u16::from_be_bytes([rec[2], rec[3]]) as usize;
        let group = std::net::Ipv4Addr::new(rec[4], rec[5], rec[6], rec[7]);
        parts.push(match (rec[0], sources) {
            (4, 0) => format!("Join group {group} for any sources"),
            (3, 0) => format!("Leave group {group}"),
            _ => format!("Group {group}"),
        });
        at += 8 + sources * 4 + rec[1] as usize * 4;
    }
    format!("Membership Report / {}", parts.join(" / "))
}

fn arp_columns(arp: &[u8], macs: (String, String)) -> Columns {
    let ip = |at: usize| arp.get(at..at + 4).map(|b| std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]));
    let op = arp.get(6..8).map(|o| u16::from_be_bytes([o[0], o[1]]));
    let (sha, spa, tpa) = (arp.get(8..14), ip(14), ip(24));
    let info = match (op, spa, tpa) {
        (Some(1), Some(s), Some(t)) if s == t => format!("ARP Announcement for {s}"),
        (Some(1), Some(s), Some(t)) if s.is_unspecified() => format!("Who has {t}? (ARP Probe)"),
        (Some(1), Some(s), Some(t)) => format!("Who has {t}? Tell {s}"),
        (Some(2), Some(s), _) => {
            let mac = sha.and_then(|m| <[u8; 6]>::try_from(m).ok()).map(mac_text).unwrap_or_default();
            format!("{s} is at {mac}")
        }
        _ => String::new(),
    };
    let decoded = !info.is_empty();
    Columns { source: macs.0, destination: macs.1, protocol: "ARP".into(), info, decoded }
}

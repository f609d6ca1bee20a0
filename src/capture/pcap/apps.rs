//! Application protocols above UDP and TCP, named and summarised as Wireshark's Protocol and Info columns:
//! DNS, MDNS, LLMNR, NTP, NBNS, QUIC (long and short headers), TLS records, HTTP and OCSP.
//!
//! Input: ports and payload bytes. Output: `(protocol, info)` or `None` when the payload is not that
//! protocol (the caller then shows plain UDP/TCP). Never fails or panics on short or odd payloads.

use super::link::hex;

/// DNS-family protocol by port: DNS 53, MDNS 5353, LLMNR 5355.
pub fn dns(ports: (u16, u16), payload: &[u8]) -> Option<(&'static str, String)> {
    let name = match ports {
        (5353, _) | (_, 5353) => "MDNS",
        (5355, _) | (_, 5355) => "LLMNR",
        (53, _) | (_, 53) => "DNS",
        _ => return None,
    };
    if payload.len() < 12 {
        return None;
    }
    let id = u16::from_be_bytes([payload[0], payload[1]]);
    let flags = u16::from_be_bytes([payload[2], payload[3]]);
    let questions = u16::from_be_bytes([payload[4], payload[5]]);
    let answers = u16::from_be_bytes([payload[6], payload[7]]);
    let response = flags & 0x8000 != 0;
    let kind = if response { "Standard query response" } else { "Standard query" };
    let mut info = format!("{kind} 0x{id:04x}");
    let mut at = 12;
    if questions > 0 {
        if let Some((qname, end)) = read_name(payload, 12) {
            let qtype = payload.get(end..end + 2).map_or(0, |t| u16::from_be_bytes([t[0], t[1]]));
            let qclass = payload.get(end + 2..end + 4).map_or(0, |t| u16::from_be_bytes([t[0], t[1]]));
            info.push(' ');
            info.push_str(&type_name(qtype));
            info.push(' ');
            info.push_str(&qname);
            if name == "MDNS" {
                info.push_str(if qclass & 0x8000 != 0 { ", \"QU\" question" } else { ", \"QM\" question" });
            }
            at = end + 4;
        }
    }
    if response && questions == 1 {
        for _ in 0..answers.min(32) {
            match answer(payload, at) {
                Some((text, next)) => {
                    info.push(' ');
                    info.push_str(&text);
                    at = next;
                }
                None => break,
            }
        }
    }
    Some((name, info))
}

/// One answer record as Wireshark lists it (`A 10.0.0.9`, `CNAME host`); returns it and the next offset.
fn answer(msg: &[u8], at: usize) -> Option<(String, usize)> {
    let (_, end) = read_name(msg, at)?;
    let fixed = msg.get(end..end + 10)?;
    let rtype = u16::from_be_bytes([fixed[0], fixed[1]]);
    let rdlen = u16::from_be_bytes([fixed[8], fixed[9]]) as usize;
    let data = msg.get(end + 10..end + 10 + rdlen)?;
    let name = type_name(rtype);
    let text = match (rtype, data.len()) {
        (1, 4) => format!("A {}", std::net::Ipv4Addr::new(data[0], data[1], data[2], data[3])),
        (28, 16) => format!("AAAA {}", std::net::Ipv6Addr::from(<[u8; 16]>::try_from(data).ok()?)),
        (5 | 12 | 2, _) => format!("{name} {}", read_name(msg, end + 10).map(|n| n.0).unwrap_or_default()),
        _ => name,
    };
    Some((text, end + 10 + rdlen))
}

fn type_name(qtype: u16) -> String {
    match qtype {
        1 => "A".into(),
        2 => "NS".into(),
        5 => "CNAME".into(),
        6 => "SOA".into(),
        12 => "PTR".into(),
        15 => "MX".into(),
        16 => "TXT".into(),
        28 => "AAAA".into(),
        33 => "SRV".into(),
        41 => "OPT".into(),
        65 => "HTTPS".into(),
        255 => "ANY".into(),
        other => format!("Unknown ({other})"),
    }
}

/// Reads a (possibly compressed) DNS name at `at`; returns it and the offset after it.
fn read_name(msg: &[u8], mut at: usize) -> Option<(String, usize)> {
    let mut name = String::new();
    let mut end = None;
    for _ in 0..64 {
        let len = *msg.get(at)? as usize;
        if len == 0 {
            return Some((if name.is_empty() { "<Root>".into() } else { name }, end.unwrap_or(at + 1)));
        }
        if len & 0xC0 == 0xC0 {
            let low = *msg.get(at + 1)? as usize;
            end.get_or_insert(at + 2);
            at = (len & 0x3F) << 8 | low;
            continue;
        }
        let label = msg.get(at + 1..at + 1 + len)?;
        if !name.is_empty() {
            name.push('.');
        }
        name.extend(label.iter().map(|&b| if b.is_ascii_graphic() { b as char } else { '?' }));
        at += 1 + len;
    }
    None
}

/// NTP on port 123: `NTP Version 4, client`.
pub fn ntp(ports: (u16, u16), payload: &[u8]) -> Option<(&'static str, String)> {
    if ports.0 != 123 && ports.1 != 123 || payload.len() < 48 {
        return None;
    }
    let version = (payload[0] >> 3) & 7;
    const MODES: [&str; 8] = [
        "reserved",
        "symmetric active",
        "symmetric passive",
        "client",
        "server",
        "broadcast",
        "reserved for NTP control message",
        "reserved for private use",
    ];
    Some(("NTP", format!("NTP Version {version}, {}", MODES[(payload[0] & 7) as usize])))
}

/// NBNS on port 137: `Name query NB WPAD<00>`.
pub fn nbns(ports: (u16, u16), payload: &[u8]) -> Option<(&'static str, String)> {
    if ports.0 != 137 && ports.1 != 137 || payload.len() < 12 {
        return None;
    }
    let flags = u16::from_be_bytes([payload[2], payload[3]]);
    let opcode = (flags >> 11) & 0xF;
    let op = match opcode {
        0 => "Name query",
        5 => "Registration",
        6 => "Release",
        7 => "Wait for acknowledgment",
        8 => "Refresh",
        _ => "Unknown operation",
    };
    let response = if flags & 0x8000 != 0 { " response" } else { "" };
    let mut info = format!("{op}{response}");
    if let Some(name) = netbios_name(payload.get(12..).unwrap_or_default()) {
        info.push_str(" NB ");
        info.push_str(&name);
    }
    Some(("NBNS", info))
}

fn netbios_name(encoded: &[u8]) -> Option<String> {
    if encoded.first() != Some(&32) || encoded.len() < 33 {
        return None;
    }
    let mut raw = [0u8; 16];
    for (i, pair) in encoded[1..33].chunks(2).enumerate() {
        raw[i] = (pair[0].wrapping_sub(b'A') << 4) | (pair[1].wrapping_sub(b'A') & 0xF);
    }
    let text: String =
        raw[..15].iter().map(|&b| if b.is_ascii_graphic() { b as char } else { ' ' }).collect();
    Some(format!("{}<{:02x}>", text.trim_end(), raw[15]))
}

/// The connection IDs seen in QUIC long headers, to find the DCID of short-header packets.
#[derive(Debug, Default)]
pub struct QuicIds {
    ids: Vec<Vec<u8>>,
}

const MAX_QUIC_IDS: usize = 4096;

impl QuicIds {
    /// QUIC on UDP 443: the packet type and DCID of the first packet of the datagram.
    pub fn quic(&mut self, ports: (u16, u16), payload: &[u8]) -> Option<(&'static str, String)> {
        if ports.0 != 443 && ports.1 != 443 {
            return None;
        }
        let first = *payload.first()?;
        if first & 0x40 == 0 && first & 0x80 != 0 {
            // Long header without the fixed bit: only Version Negotiation is valid.
        }
        if first & 0x80 != 0 {
            self.long(payload)
        } else if first & 0x40 != 0 {
            Some(self.short(payload))
        } else {
            None
        }
    }

    fn long(&mut self, p: &[u8]) -> Option<(&'static str, String)> {
        let version = u32::from_be_bytes(p.get(1..5)?.try_into().ok()?);
        let dcid_len = *p.get(5)? as usize;
        let dcid = p.get(6..6 + dcid_len)?;
        let scid_len = *p.get(6 + dcid_len)? as usize;
        let scid = p.get(7 + dcid_len..7 + dcid_len + scid_len)?;
        let kind = if version == 0 {
            "Version Negotiation"
        } else {
            ["Initial", "0-RTT", "Handshake", "Retry"][((p[0] >> 4) & 3) as usize]
        };
        for id in [dcid, scid] {
            if !id.is_empty() && !self.ids.iter().any(|k| k == id) && self.ids.len() < MAX_QUIC_IDS {
                self.ids.push(id.to_vec());
            }
        }
        Some(("QUIC", format!("{kind}, DCID={}, SCID={}", hex(dcid), hex(scid))))
    }

    fn short(&self, p: &[u8]) -> (&'static str, String) {
        // The key-phase bit is under header protection: without keys Wireshark shows KP0.
        let key_phase = 0;
        let rest = &p[1..];
        let dcid = self.ids.iter().filter(|id| rest.starts_with(id)).max_by_key(|id| id.len());
        match dcid {
            Some(id) => ("QUIC", format!("Protected Payload (KP{key_phase}), DCID={}", hex(id))),
            None => ("QUIC", format!("Protected Payload (KP{key_phase})")),
        }
    }
}

/// TLS ports Wireshark dissects as TLS by default.
const TLS_PORTS: [u16; 11] = [443, 465, 563, 636, 853, 989, 990, 992, 993, 995, 8443];

/// Whether a TCP port pair is one Wireshark dissects as TLS.
pub fn is_tls_port(ports: (u16, u16)) -> bool {
    TLS_PORTS.contains(&ports.0) || TLS_PORTS.contains(&ports.1)
}

/// Wireshark's TLS heuristic for TCP on any port (`tls_tcp`, on by default): the payload starts with a
/// Handshake or Application Data record header of SSLv3, TLS 1.0–1.2 (1.3 records say 1.2) or GM/T
/// TLS, with a length from 1 to 2^14 + 2047.
pub fn looks_like_tls(payload: &[u8]) -> bool {
    let Some(head) = payload.get(..5) else { return false };
    let version = u16::from_be_bytes([head[1], head[2]]);
    let len = u16::from_be_bytes([head[3], head[4]]);
    matches!(head[0], 22 | 23)
        && matches!(version, 0x0300..=0x0303 | 0x0101)
        && (1..16384 + 2048).contains(&len)
}

/// What one TCP payload of TLS records says.
#[derive(Debug, Default)]
pub struct TlsRecords {
    /// Info text: the record/message names joined by `, `.
    pub info: String,
    /// The version of the first record header.
    pub record_version: u16,
    /// The version a Server Hello chose (supported_versions, else its legacy version).
    pub negotiated: Option<u16>,
    /// Whether the payload ended inside a record (Wireshark waits for reassembly).
    pub incomplete: bool,
}

/// A TLS record cut by the end of a TCP payload, continued in the next one.
#[derive(Debug, Clone, Default)]
pub struct TlsCarry {
    /// The record header's bytes so far (all 5 once known).
    header: Vec<u8>,
    /// Body bytes still to come.
    left: usize,
    /// A handshake record's body so far (its message names are read once it is complete).
    body: Vec<u8>,
}

/// Handshake bodies longer than this are not kept (their messages are named from what was kept).
const MAX_CARRIED_HANDSHAKE: usize = 64 * 1024;

/// Parses the TLS records of a TCP payload; `encrypted` says a Change Cipher Spec was already seen;
/// `carry` is the record the previous payload of this direction ended in (updated for the next one).
pub fn tls(payload: &[u8], mut encrypted: bool, carry: &mut Option<TlsCarry>) -> Option<TlsRecords> {
    let mut out = TlsRecords::default();
    let mut names: Vec<&'static str> = Vec::new();
    let mut at = 0;
    if let Some(mut c) = carry.take() {
        // Complete the header, then the body, of the record the last payload ended in.
        let need = 5usize.saturating_sub(c.header.len()).min(payload.len());
        c.header.extend_from_slice(&payload[..need]);
        at = need;
        if c.header.len() == 5 && need > 0 {
            if !(20..=24).contains(&c.header[0]) || c.header[1] != 3 {
                return None;
            }
            c.left = u16::from_be_bytes([c.header[3], c.header[4]]) as usize;
        }
        if c.header.len() < 5 {
            *carry = Some(c);
            out.incomplete = true;
            return Some(out);
        }
        let take = c.left.min(payload.len() - at);
        if c.header[0] == 22 && !encrypted && c.body.len() < MAX_CARRIED_HANDSHAKE {
            c.body.extend_from_slice(&payload[at..at + take]);
        }
        c.left -= take;
        at += take;
        if c.left > 0 {
            *carry = Some(c);
            out.incomplete = true;
            return Some(out);
        }
        out.record_version = u16::from_be_bytes([c.header[1], c.header[2]]);
        name_record(c.header[0], &c.body, &mut encrypted, &mut names, &mut out.negotiated);
    }
    let first = at;
    while at < payload.len() {
        if payload.len() - at < 5 {
            // A header cut short: kept for the next payload.
            *carry = Some(TlsCarry { header: payload[at..].to_vec(), left: 0, body: Vec::new() });
            out.incomplete = true;
            break;
        }
        let (kind, major) = (payload[at], payload[at + 1]);
        if !(20..=24).contains(&kind) || major != 3 {
            return None;
        }
        let version = u16::from_be_bytes([payload[at + 1], payload[at + 2]]);
        let len = u16::from_be_bytes([payload[at + 3], payload[at + 4]]) as usize;
        if at == first && names.is_empty() {
            out.record_version = version;
        }
        let Some(body) = payload.get(at + 5..at + 5 + len) else {
            let have = &payload[at + 5..];
            let body = if kind == 22 && !encrypted { have.to_vec() } else { Vec::new() };
            *carry = Some(TlsCarry { header: payload[at..at + 5].to_vec(), left: len - have.len(), body });
            out.incomplete = true;
            break;
        };
        name_record(kind, body, &mut encrypted, &mut names, &mut out.negotiated);
        at += 5 + len;
    }
    if names.is_empty() && !out.incomplete {
        return None;
    }
    out.info = names.join(", ");
    Some(out)
}

/// Appends the names of one complete record.
fn name_record(
    kind: u8,
    body: &[u8],
    encrypted: &mut bool,
    names: &mut Vec<&'static str>,
    negotiated: &mut Option<u16>,
) {
    match kind {
        20 => {
            names.push("Change Cipher Spec");
            *encrypted = true;
        }
        21 => names.push(if *encrypted { "Encrypted Alert" } else { "Alert" }),
        22 if *encrypted => names.push("Encrypted Handshake Message"),
        22 => handshakes(body, names, negotiated),
        23 => names.push("Application Data"),
        _ => names.push("Heartbeat"),
    }
}

fn handshakes(mut body: &[u8], names: &mut Vec<&'static str>, negotiated: &mut Option<u16>) {
    while body.len() >= 4 {
        let len = (body[1] as usize) << 16 | (body[2] as usize) << 8 | body[3] as usize;
        let msg = body.get(4..4 + len).unwrap_or(&body[4..]);
        names.push(match body[0] {
            0 => "Hello Request",
            1 => "Client Hello",
            2 => {
                *negotiated = server_hello_version(msg);
                "Server Hello"
            }
            4 => "New Session Ticket",
            8 => "Encrypted Extensions",
            11 => "Certificate",
            12 => "Server Key Exchange",
            13 => "Certificate Request",
            14 => "Server Hello Done",
            15 => "Certificate Verify",
            16 => "Client Key Exchange",
            20 => "Finished",
            _ => "Encrypted Handshake Message",
        });
        body = body.get(4 + len..).unwrap_or_default();
    }
}

/// The version of a Server Hello: its supported_versions extension, else its legacy version.
fn server_hello_version(msg: &[u8]) -> Option<u16> {
    let legacy = u16::from_be_bytes([*msg.first()?, *msg.get(1)?]);
    let sid_len = *msg.get(34)? as usize;
    let mut at = 35 + sid_len + 3;
    let ext_len = u16::from_be_bytes([*msg.get(at)?, *msg.get(at + 1)?]) as usize;
    at += 2;
    let end = (at + ext_len).min(msg.len());
    while at + 4 <= end {
        let kind = u16::from_be_bytes([msg[at], msg[at + 1]]);
        let len = u16::from_be_bytes([msg[at + 2], msg[at + 3]]) as usize;
        if kind == 0x002B && len == 2 {
            return Some(u16::from_be_bytes([*msg.get(at + 4)?, *msg.get(at + 5)?]));
        }
        at += 4 + len;
    }
    Some(legacy)
}

/// Wireshark's name for a TLS version (`TLSv1.2`).
pub fn tls_version_name(version: u16) -> &'static str {
    match version {
        0x0300 => "SSLv3",
        0x0301 => "TLSv1",
        0x0302 => "TLSv1.1",
        0x0303 => "TLSv1.2",
        0x0304 => "TLSv1.3",
        _ => "TLS",
    }
}

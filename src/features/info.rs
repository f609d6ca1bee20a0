//! Transport fields of Wireshark's `Info` text for TCP and UDP rows, by hand-written scanning.
//!
//! Input: an `Info` string such as `[TCP Retransmission] 443  >  51000 [PSH, ACK] Seq=1 Ack=2 Win=501 Len=20`.
//! Output: [`TransportInfo`] — ports, the seed's first bracket (flags), Seq/Ack, Win/Len, TCP options,
//! flag bits and expert notes. Never fails: what is absent or unparsable (e.g. a number beyond `u64`) is `None`.

use super::expert::TcpExpert;

/// TCP flag bits in the order of the TCP header (FIN = 1 … CWR = 128, AE/NS = 256).
pub mod flag_bits {
    /// FIN.
    pub const FIN: u16 = 1;
    /// SYN.
    pub const SYN: u16 = 2;
    /// RST.
    pub const RST: u16 = 4;
    /// PSH.
    pub const PSH: u16 = 8;
    /// ACK.
    pub const ACK: u16 = 16;
    /// URG.
    pub const URG: u16 = 32;
    /// ECE.
    pub const ECE: u16 = 64;
    /// CWR.
    pub const CWR: u16 = 128;
    /// AE (formerly NS).
    pub const AE: u16 = 256;
}

/// What the `Info` of a TCP or UDP row says about the transport layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TransportInfo<'a> {
    /// Ports of the first `A > B` (or `A → B`) with digits on both sides.
    pub ports: Option<(u64, u64)>,
    /// Text inside the first `[...]` — what the seed called the flags (may be an expert note).
    pub first_bracket: Option<&'a str>,
    /// TCP flags of the flags bracket as [`flag_bits`]; `None` when no bracket of flag names follows the ports.
    pub flags: Option<u16>,
    /// `Seq=`.
    pub sequence: Option<u64>,
    /// `Ack=`.
    pub acknowledgment: Option<u64>,
    /// `Win=`: the advertised TCP window, in bytes (as Wireshark shows it, scaled when it knows the scale).
    pub window_bytes: Option<u64>,
    /// `Len=`: transport payload length in bytes.
    pub payload_bytes: Option<u64>,
    /// `MSS=` option.
    pub mss_bytes: Option<u64>,
    /// `WS=` option (Wireshark shows the multiplier, e.g. 128).
    pub window_scale: Option<u64>,
    /// `SACK_PERM` option present.
    pub sack_permitted: bool,
    /// `TSval=` present (timestamps option).
    pub timestamps: bool,
    /// Number of `SLE=` (SACK blocks).
    pub sack_blocks: u32,
    /// The first `[TCP …]` expert note.
    pub expert: TcpExpert,
    /// `[TCP segment of a reassembled PDU]` present.
    pub reassembled_segment: bool,
}

/// Parses the transport fields of a TCP or UDP row's `Info`, in one pass over its bytes after the ports.
pub fn parse_transport(info: &str) -> TransportInfo<'_> {
    let mut out = TransportInfo { first_bracket: first_bracket(info), ..TransportInfo::default() };
    let ports_end = match find_ports(info) {
        Some((src, dst, end)) => {
            out.ports = Some((src, dst));
            end
        }
        None => 0,
    };
    let bytes = info.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' => i += 1,
            b'[' => {
                let start = i + 1;
                let Some(len) = bytes[start..].iter().position(|&b| b == b']') else { break };
                scan_bracket(&info[start..start + len], start > ports_end, &mut out);
                i = start + len + 1;
            }
            _ => {
                let end = bytes[i..].iter().position(|&b| b == b' ').map_or(bytes.len(), |n| i + n);
                scan_token(&info[i..end], &mut out);
                i = end;
            }
        }
    }
    out
}

/// The text between the first `[` and the next `]` (the seed's `\[(.*?)\]`).
pub fn first_bracket(info: &str) -> Option<&str> {
    let open = info.find('[')?;
    let rest = &info[open + 1..];
    rest.find(']').map(|close| &rest[..close])
}

/// Finds the first `digits ws* (> | →) ws* digits`; returns both numbers and the byte offset after them.
fn find_ports(info: &str) -> Option<(u64, u64, usize)> {
    let bytes = info.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let arrow_len = match bytes[i] {
            b'>' => 1,
            0xE2 if bytes[i..].starts_with("→".as_bytes()) => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        let left_end = skip_back_spaces(bytes, i);
        let left_start = digits_start(bytes, left_end);
        let right_start = skip_spaces(bytes, i + arrow_len);
        let right_end = digits_end(bytes, right_start);
        if left_start < left_end && right_start < right_end {
            let src = parse_u64(&bytes[left_start..left_end]);
            let dst = parse_u64(&bytes[right_start..right_end]);
            if let (Some(src), Some(dst)) = (src, dst) {
                return Some((src, dst, right_end));
            }
        }
        i += arrow_len;
    }
    None
}

fn skip_back_spaces(bytes: &[u8], mut end: usize) -> usize {
    while end > 0 && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

fn digits_start(bytes: &[u8], mut start: usize) -> usize {
    while start > 0 && bytes[start - 1].is_ascii_digit() {
        start -= 1;
    }
    start
}

fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn digits_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Parses ASCII digits (at least one) into a `u64`; `None` when empty, not digits, or beyond `u64`.
pub fn parse_u64(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(value)
}

/// The leading digits of `text` as a number (`Seq=123,` → 123).
pub fn leading_number(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    parse_u64(&bytes[..digits_end(bytes, 0)])
}

/// One `[...]`: the first `TCP …` note is the expert note; the first bracket of flag names after the
/// ports is the flags.
fn scan_bracket(inner: &str, after_ports: bool, out: &mut TransportInfo<'_>) {
    if inner.starts_with("TCP segment of a reassembled PDU") {
        out.reassembled_segment = true;
    } else if inner.starts_with("TCP ") {
        if out.expert == TcpExpert::None {
            out.expert = TcpExpert::classify(inner);
        }
    } else if out.flags.is_none() && after_ports {
        out.flags = flag_names(inner);
    }
}

/// `SYN, ACK` → SYN|ACK; `<None>` → 0; `None` when any name is not a TCP flag.
fn flag_names(inner: &str) -> Option<u16> {
    if inner == "<None>" {
        return Some(0);
    }
    let mut bits = 0;
    for name in inner.split(',') {
        bits |= match name.trim() {
            "FIN" => flag_bits::FIN,
            "SYN" => flag_bits::SYN,
            "RST" => flag_bits::RST,
            "PSH" => flag_bits::PSH,
            "ACK" => flag_bits::ACK,
            "URG" => flag_bits::URG,
            "ECE" | "ECN" => flag_bits::ECE,
            "CWR" => flag_bits::CWR,
            "AE" | "NS" => flag_bits::AE,
            _ => return None,
        };
    }
    Some(bits)
}

/// One space-separated token: `Key=value` fields and option names (the first occurrence wins).
fn scan_token<'a>(token: &'a str, out: &mut TransportInfo<'a>) {
    fn set(slot: &mut Option<u64>, value: &str) {
        if slot.is_none() {
            *slot = leading_number(value);
        }
    }
    let Some(&first) = token.as_bytes().first() else { return };
    match first {
        b'S' => {
            if let Some(v) = token.strip_prefix("Seq=") {
                set(&mut out.sequence, v);
            } else if token.starts_with("SACK_PERM") {
                out.sack_permitted = true;
            } else if token.starts_with("SLE=") {
                out.sack_blocks += 1;
            }
        }
        b'A' => {
            if let Some(v) = token.strip_prefix("Ack=") {
                set(&mut out.acknowledgment, v);
            }
        }
        b'W' => {
            if let Some(v) = token.strip_prefix("Win=") {
                set(&mut out.window_bytes, v);
            } else if let Some(v) = token.strip_prefix("WS=") {
                set(&mut out.window_scale, v);
            }
        }
        b'L' => {
            if let Some(v) = token.strip_prefix("Len=") {
                set(&mut out.payload_bytes, v);
            }
        }
        b'M' => {
            if let Some(v) = token.strip_prefix("MSS=") {
                set(&mut out.mss_bytes, v);
            }
        }
        b'T' => out.timestamps |= token.starts_with("TSval="),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syn_with_options() {
        let t = parse_transport(
            "33822  >  443 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=2817375023 TSecr=0 WS=128",
        );
        assert_eq!(t.ports, Some((33822, 443)));
        assert_eq!(t.first_bracket, Some("SYN"));
        assert_eq!(t.flags, Some(flag_bits::SYN));
        assert_eq!((t.sequence, t.acknowledgment), (Some(0), None));
        assert_eq!(
            (t.window_bytes, t.payload_bytes, t.mss_bytes, t.window_scale),
            (Some(64240), Some(0), Some(1460), Some(128))
        );
        assert!(t.sack_permitted && t.timestamps);
        assert_eq!(t.expert, TcpExpert::None);
    }

    #[test]
    fn expert_note_before_ports_is_the_first_bracket_but_not_the_flags() {
        let t = parse_transport(
            "[TCP Dup ACK 2010#1] 443  >  36310 [ACK] Seq=1 Ack=2 Win=9 Len=0 SLE=5 SRE=6 SLE=7 SRE=8",
        );
        assert_eq!(t.first_bracket, Some("TCP Dup ACK 2010#1"));
        assert_eq!(t.flags, Some(flag_bits::ACK));
        assert_eq!(t.expert, TcpExpert::DupAck);
        assert_eq!(t.sack_blocks, 2);
        let t = parse_transport("[TCP Spurious Retransmission] 1  >  2 [PSH, ACK] Seq=1 Ack=1 Win=1 Len=5");
        assert_eq!(t.expert, TcpExpert::SpuriousRetransmission);
        assert!(t.expert.is_retransmission());
        assert_eq!(t.flags, Some(flag_bits::PSH | flag_bits::ACK));
    }

    #[test]
    fn unicode_arrow_and_trailing_segment_note() {
        let t =
            parse_transport("443 → 44270 [ACK] Seq=5 Ack=6 Win=7 Len=8 [TCP segment of a reassembled PDU]");
        assert_eq!(t.ports, Some((443, 44270)));
        assert!(t.reassembled_segment);
        assert_eq!(t.expert, TcpExpert::None);
    }

    #[test]
    fn udp_and_garbage() {
        let t = parse_transport("9431  >  9431 Len=62");
        assert_eq!(
            (t.ports, t.payload_bytes, t.flags, t.first_bracket),
            (Some((9431, 9431)), Some(62), None, None)
        );
        let t = parse_transport("> 5 [ Seq=x Len=99999999999999999999999 ]");
        assert_eq!((t.ports, t.sequence, t.payload_bytes), (None, None, None));
        assert_eq!(parse_transport("").ports, None);
        assert_eq!(parse_transport("1>2").ports, Some((1, 2)));
    }
}

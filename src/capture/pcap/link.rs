//! Link layers → the network layer: Ethernet (with 802.1Q/QinQ tags), Linux cooked SLL and SLL2, raw
//! IPv4/IPv6 and BSD loopback (null), sliced with `etherparse`.
//!
//! Input: a frame's link type and bytes. Output: [`Link`] — the MAC addresses (for non-IP frames) and the
//! lax slicing of what follows. Rejects nothing: an unknown link type or a short header gives `sliced: None`.

use etherparse::{EtherType, LaxSlicedPacket, LinkSlice};

/// LINKTYPE_NULL (BSD loopback, host byte order family).
const NULL: i32 = 0;
/// LINKTYPE_ETHERNET.
const ETHERNET: i32 = 1;
/// LINKTYPE_RAW as some systems number it (DLT_RAW 12 / 14).
const RAW_ALIASES: [i32; 2] = [12, 14];
/// LINKTYPE_RAW.
const RAW: i32 = 101;
/// LINKTYPE_LOOP (OpenBSD loopback, network byte order family).
const LOOP: i32 = 108;
/// LINKTYPE_LINUX_SLL.
const SLL: i32 = 113;
/// LINKTYPE_IPV4 / LINKTYPE_IPV6.
const IPV4: i32 = 228;
const IPV6: i32 = 229;
/// LINKTYPE_LINUX_SLL2.
const SLL2: i32 = 276;

/// The link layer of a frame and the slicing above it.
#[derive(Debug)]
pub struct Link<'a> {
    /// Source and destination MAC addresses, when the link layer has them.
    pub macs: Option<([u8; 6], [u8; 6])>,
    /// The network layer and above, when the link layer was understood.
    pub sliced: Option<LaxSlicedPacket<'a>>,
}

/// Slices a frame according to its link type.
pub fn slice(linktype: i32, data: &[u8]) -> Link<'_> {
    match linktype {
        ETHERNET => ethernet(data),
        SLL => cooked(data, 16, 14, 6, 11),
        SLL2 => cooked(data, 20, 0, 12, 19),
        RAW | IPV4 | IPV6 => Link { macs: None, sliced: LaxSlicedPacket::from_ip(data).ok() },
        t if RAW_ALIASES.contains(&t) => Link { macs: None, sliced: LaxSlicedPacket::from_ip(data).ok() },
        NULL | LOOP => {
            Link { macs: None, sliced: data.get(4..).and_then(|ip| LaxSlicedPacket::from_ip(ip).ok()) }
        }
        _ => Link { macs: None, sliced: None },
    }
}

fn ethernet(data: &[u8]) -> Link<'_> {
    match LaxSlicedPacket::from_ethernet(data) {
        Ok(sliced) => {
            let macs = match &sliced.link {
                Some(LinkSlice::Ethernet2(eth)) => Some((eth.source(), eth.destination())),
                _ => None,
            };
            Link { macs, sliced: Some(sliced) }
        }
        Err(_) => Link { macs: None, sliced: None },
    }
}

/// Linux cooked capture: header of `header_len` bytes, protocol at `proto_at`, link address at `addr_at`
/// with its length at `addr_len_at`.
fn cooked(data: &[u8], header_len: usize, proto_at: usize, addr_at: usize, addr_len_at: usize) -> Link<'_> {
    let (Some(proto), Some(payload)) = (data.get(proto_at..proto_at + 2), data.get(header_len..)) else {
        return Link { macs: None, sliced: None };
    };
    let ether_type = EtherType(u16::from_be_bytes([proto[0], proto[1]]));
    let macs = match (data.get(addr_len_at), data.get(addr_at..addr_at + 6)) {
        (Some(6), Some(mac)) => {
            let mut src = [0; 6];
            src.copy_from_slice(mac);
            Some((src, [0; 6]))
        }
        _ => None,
    };
    Link { macs, sliced: Some(LaxSlicedPacket::from_ether_type(ether_type, payload)) }
}

/// A MAC address as Wireshark prints it without name resolution (`aa:bb:cc:dd:ee:ff`).
pub fn mac_text(mac: [u8; 6]) -> String {
    let mut out = String::with_capacity(17);
    for (i, byte) in mac.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        push_hex(&mut out, *byte);
    }
    out
}

/// Appends a byte as two lowercase hex digits.
pub fn push_hex(out: &mut String, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push(DIGITS[(byte >> 4) as usize] as char);
    out.push(DIGITS[(byte & 15) as usize] as char);
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    bytes.iter().for_each(|&b| push_hex(&mut out, b));
    out
}

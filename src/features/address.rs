//! Properties of a `Source`/`Destination` cell that describe its kind without naming the host.
//!
//! Input: the cell text — an IPv4/IPv6 address, or a MAC / vendor name (`Espressif_c1:ed:e0`,
//! `Broadcast`, `IPv4mcast_fb`, `ff:ff:ff:ff:ff:ff`) for non-IP frames.
//! Output: [`AddressProperties`]. Never fails: text that is no IP address is a non-IP name.

use std::net::{Ipv4Addr, Ipv6Addr};

/// What kind of address a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AddressProperties {
    /// 4 for IPv4, 6 for IPv6, 0 for a non-IP (MAC or vendor) name.
    pub family: u8,
    /// RFC 1918, RFC 6598 shared space (100.64/10), IPv6 unique-local (fc00::/7) or site-local (fec0::/10).
    pub private: bool,
    /// 224.0.0.0/4, ff00::/8, or a multicast MAC (`IPv4mcast_…`, `IPv6mcast_…`, first octet's low bit set).
    pub multicast: bool,
    /// 255.255.255.255, an IPv4 address ending in `.255` (heuristic: a /24-or-wider subnet broadcast),
    /// `Broadcast`, `ff:ff:ff:ff:ff:ff`.
    pub broadcast: bool,
    /// 169.254/16 or fe80::/10.
    pub link_local: bool,
    /// 127/8 or ::1.
    pub loopback: bool,
}

impl AddressProperties {
    /// Classifies one cell.
    pub fn of(text: &str) -> AddressProperties {
        if let Ok(v4) = text.parse::<Ipv4Addr>() {
            return Self::of_v4(v4);
        }
        if let Ok(v6) = text.parse::<Ipv6Addr>() {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return AddressProperties { family: 6, ..Self::of_v4(v4) };
            }
            return Self::of_v6(v6);
        }
        Self::of_name(text)
    }

    fn of_v4(ip: Ipv4Addr) -> AddressProperties {
        let [a, b, _, d] = ip.octets();
        AddressProperties {
            family: 4,
            private: ip.is_private() || (a == 100 && (64..128).contains(&b)),
            multicast: ip.is_multicast(),
            broadcast: ip.is_broadcast() || (d == 255 && !ip.is_multicast() && a < 224),
            link_local: ip.is_link_local(),
            loopback: ip.is_loopback(),
        }
    }

    fn of_v6(ip: Ipv6Addr) -> AddressProperties {
        let first = ip.segments()[0];
        AddressProperties {
            family: 6,
            private: (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfec0,
            multicast: ip.is_multicast(),
            broadcast: false,
            link_local: (first & 0xffc0) == 0xfe80,
            loopback: ip.is_loopback(),
        }
    }

    fn of_name(text: &str) -> AddressProperties {
        let bytes = text.as_bytes();
        let lower_is =
            |p: &str| bytes.len() >= p.len() && bytes[..p.len()].eq_ignore_ascii_case(p.as_bytes());
        let broadcast =
            text.eq_ignore_ascii_case("Broadcast") || text.eq_ignore_ascii_case("ff:ff:ff:ff:ff:ff");
        let multicast = !broadcast
            && (lower_is("IPv4mcast")
                || lower_is("IPv6mcast")
                || raw_mac_first_octet(text).is_some_and(|o| o & 1 == 1));
        AddressProperties { family: 0, broadcast, multicast, ..AddressProperties::default() }
    }

    /// Whether the address stays on the local network: non-IP, private, link-local, loopback, multicast,
    /// broadcast or unspecified-like. The rest is public.
    pub fn is_local(&self) -> bool {
        self.family == 0
            || self.private
            || self.link_local
            || self.loopback
            || self.multicast
            || self.broadcast
    }
}

/// The first octet of a raw `aa:bb:cc:dd:ee:ff` MAC; `None` for vendor names and anything else.
fn raw_mac_first_octet(text: &str) -> Option<u8> {
    let bytes = text.as_bytes();
    if bytes.len() != 17
        || !bytes.iter().enumerate().all(|(i, b)| if i % 3 == 2 { *b == b':' } else { b.is_ascii_hexdigit() })
    {
        return None;
    }
    u8::from_str_radix(&text[..2], 16).ok()
}

/// Direction of a packet by the locality of its two ends: 0 local → local, 1 local → public (outbound),
/// 2 public → local (inbound), 3 public → public (transit).
pub fn direction(source: &AddressProperties, destination: &AddressProperties) -> u8 {
    match (source.is_local(), destination.is_local()) {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (false, false) => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_kinds() {
        let p = AddressProperties::of("192.168.2.88");
        assert_eq!((p.family, p.private, p.multicast, p.broadcast), (4, true, false, false));
        assert!(AddressProperties::of("192.168.2.255").broadcast);
        assert!(AddressProperties::of("255.255.255.255").broadcast);
        assert!(AddressProperties::of("224.0.0.251").multicast);
        assert!(!AddressProperties::of("224.0.0.255").broadcast);
        assert!(AddressProperties::of("169.254.1.2").link_local);
        assert!(AddressProperties::of("127.0.0.1").loopback);
        let public = AddressProperties::of("142.251.33.174");
        assert!(!public.is_local() && public.family == 4);
    }

    #[test]
    fn ipv6_and_names() {
        let p = AddressProperties::of("fe80::ca7:7d8a:6d96:6b17");
        assert_eq!((p.family, p.link_local, p.private), (6, true, false));
        assert!(AddressProperties::of("ff02::fb").multicast);
        assert!(AddressProperties::of("fd00::1").private);
        assert!(!AddressProperties::of("2607:f8b0:400b:80e::200e").is_local());
        let mac = AddressProperties::of("Espressif_c1:ed:e0");
        assert_eq!((mac.family, mac.multicast, mac.broadcast), (0, false, false));
        assert!(mac.is_local());
        assert!(AddressProperties::of("Broadcast").broadcast);
        assert!(AddressProperties::of("IPv6mcast_fb").multicast);
        assert!(AddressProperties::of("01:00:5e:00:00:fb").multicast);
        assert!(!AddressProperties::of("00:0c:29:7c:59:c3").multicast);
    }

    #[test]
    fn a_name_with_a_multibyte_character_at_a_prefix_boundary_does_not_panic() {
        // Regression: the multicast-name check sliced the str at byte 9, inside the 'é'.
        assert_eq!(AddressProperties::of("IPv6mcas\u{e9}x").family, 0);
        assert!(AddressProperties::of("IPv6mcast_\u{e9}").multicast);
    }

    #[test]
    fn directions() {
        let lan = AddressProperties::of("192.168.2.87");
        let web = AddressProperties::of("142.251.33.174");
        assert_eq!(
            (direction(&lan, &lan), direction(&lan, &web), direction(&web, &lan), direction(&web, &web)),
            (0, 1, 2, 3)
        );
    }
}

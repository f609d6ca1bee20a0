//! Arbitrary text in any column never panics the feature code (Info scanning slices by byte offsets).

use anomalyze::features::{
    parse_arp, parse_icmp, parse_quic, parse_tls, parse_transport, AddressProperties, FeatureSchema,
};
use proptest::prelude::*;

use super::support::packet;

/// Strings mixing Info-like tokens, brackets, arrows and multi-byte characters.
fn info_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(" > ".to_owned()),
        Just("→".to_owned()),
        Just("Seq=".to_owned()),
        Just("DCID=".to_owned()),
        Just("ttl=".to_owned()),
        Just("TCP ".to_owned()),
        Just(", ".to_owned()),
        Just("IPv4mcast".to_owned()),
        "[0-9]{1,25}",
        "\\PC{0,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn info_parsers_and_address_properties_never_panic(text in info_like()) {
        let t = parse_transport(&text);
        prop_assert!(t.sack_blocks as usize <= text.len());
        let _ = (parse_icmp(&text, false), parse_icmp(&text, true), parse_arp(&text), parse_quic(&text), parse_tls(&text));
        let _ = AddressProperties::of(&text);
    }

    #[test]
    fn transform_never_panics_and_gives_one_finite_row_per_packet(
        rows in prop::collection::vec((info_like(), info_like(), 0usize..6, 0.0f64..10.0), 1..20)
    ) {
        let protocols = ["TCP", "UDP", "QUIC", "ICMPv6", "ARP", "TLSv1.3"];
        let packets: Vec<_> = rows
            .iter()
            .enumerate()
            .map(|(i, (info, address, proto, t))| packet(i as u64 + 1, *t, address, info, protocols[*proto], 60, info))
            .collect();
        let m = FeatureSchema::fit(&packets).transform(&packets);
        let m = m.map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(m.n_rows(), packets.len());
        prop_assert!(m.values().iter().all(|v| v.is_finite()));
    }
}

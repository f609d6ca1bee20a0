//! FeatureSchema: vocabularies with Unknown codes, save/load round trip, rejected files, capture flags.

use anomalyze::features::{FeatureError, FeatureSchema, SchemaParams, Vocabulary};

use super::support::{packet, value};

fn training() -> Vec<anomalyze::capture::Packet> {
    vec![
        packet(
            1,
            0.0,
            "192.168.2.87",
            "142.250.69.35",
            "TCP",
            74,
            "45282  >  443 [SYN] Seq=1 Win=64240 Len=0",
        ),
        packet(
            2,
            0.1,
            "142.250.69.35",
            "192.168.2.87",
            "TCP",
            74,
            "443  >  45282 [SYN, ACK] Seq=2 Ack=2 Win=65535 Len=0",
        ),
        packet(3, 0.2, "192.168.2.87", "142.250.69.35", "TLSv1.3", 583, "Client Hello (SNI=www.gstatic.com)"),
        packet(4, 0.3, "184.150.37.78", "192.168.2.87", "QUIC", 1399, "Protected Payload (KP0), DCID=89ef2f"),
        packet(5, 0.4, "184.150.37.78", "192.168.2.87", "QUIC", 1399, "Protected Payload (KP0), DCID=89ef2f"),
        packet(6, 0.5, "192.168.2.87", "184.150.37.78", "QUIC", 1399, "Protected Payload (KP0), DCID=0a1b2c"),
    ]
}

#[test]
fn vocabulary_codes_are_one_plus_sorted_rank_and_unseen_values_are_unknown() {
    let schema = FeatureSchema::fit(&training());
    assert_eq!(schema.protocols().values(), ["QUIC", "TCP", "TLSv1.3"]);
    assert_eq!(schema.addresses().values(), ["142.250.69.35", "184.150.37.78", "192.168.2.87"]);
    assert_eq!(schema.dcids().values(), ["0a1b2c", "89ef2f"]);
    let new = vec![
        packet(1, 0.0, "192.168.2.87", "10.9.9.9", "TCP", 60, "1  >  2 [ACK] Seq=1 Ack=1 Win=1 Len=0"),
        packet(2, 0.1, "10.9.9.9", "184.150.37.78", "SSDP", 60, "M-SEARCH * HTTP/1.1 "),
        packet(3, 0.2, "184.150.37.78", "192.168.2.87", "QUIC", 60, "Protected Payload (KP0), DCID=ffffff"),
        packet(4, 0.3, "184.150.37.78", "192.168.2.87", "QUIC", 60, "Protected Payload (KP0), DCID=89ef2f"),
    ];
    let m = schema.transform(&new).unwrap_or_else(|e| panic!("{e}"));
    let row = |r: usize| {
        ["Source_Encoded", "Destination_Encoded", "Protocol_Encoded", "QUIC_DCID_Encoded"]
            .map(|n| value(&m, r, n))
    };
    assert_eq!(row(0), [3.0, 0.0, 2.0, -1.0]);
    assert_eq!(row(1), [0.0, 2.0, 0.0, -1.0]);
    assert_eq!(row(2), [2.0, 3.0, 1.0, 0.0]);
    assert_eq!(row(3), [2.0, 3.0, 1.0, 2.0]);
    assert_eq!(Vocabulary::UNKNOWN, 0);
}

#[test]
fn vocabularies_keep_the_most_frequent_values_within_the_cap() {
    let params = SchemaParams { max_addresses: 2, max_dcids: 1, ..SchemaParams::default() };
    let schema = FeatureSchema::fit_with(&training(), &params);
    // 192.168.2.87 appears 6 times, 184.150.37.78 and 142.250.69.35 3 times each: the tie goes to the
    // smaller value.
    assert_eq!(schema.addresses().values(), ["142.250.69.35", "192.168.2.87"]);
    assert_eq!(schema.dcids().values(), ["89ef2f"]);
}

#[test]
fn schema_survives_a_json_round_trip_and_computes_the_same_matrix() {
    let packets = training();
    let schema = FeatureSchema::fit(&packets);
    let json = schema.to_json();
    let loaded = FeatureSchema::from_json(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, schema);
    assert_eq!(loaded.to_json(), json);
    let (a, b) = (schema.transform(&packets), loaded.transform(&packets));
    let (a, b) = (a.unwrap_or_else(|e| panic!("{e}")), b.unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(a.values(), b.values());
    assert_eq!(a.names(), b.names());
    assert_eq!(b.schema().map(|s| s.as_ref()), Some(&schema));
    assert!(json.contains("\"format\": \"anomalyze-feature-schema\"") && json.contains("\"version\": 1"));
}

#[test]
fn bad_schema_files_are_rejected_with_what_to_fix() {
    let json = FeatureSchema::fit(&training()).to_json();
    let load = |text: &str| FeatureSchema::from_json(text).err();
    assert!(matches!(
        load(&json.replace("\"version\": 1", "\"version\": 2")),
        Some(FeatureError::SchemaVersion { found: 2, supported: 1 })
    ));
    assert!(matches!(
        load(&json.replace("anomalyze-feature-schema", "other")),
        Some(FeatureError::SchemaFormat { .. })
    ));
    assert!(matches!(
        load(&json.replace("\"window_s\": 2.0", "\"window_s\": 0.0")),
        Some(FeatureError::SchemaParameter { name: "window_s", .. })
    ));
    let renamed = load(&json.replace("\"TCP_Window\"", "\"TCP_Win\""));
    assert!(
        matches!(renamed, Some(FeatureError::SchemaFeatures { ref found, .. }) if found.contains("TCP_Win"))
    );
    let unsorted = load(&json.replace("\"0a1b2c\"", "\"zzzzzz\""));
    assert!(
        matches!(unsorted, Some(FeatureError::SchemaJson { ref message }) if message.contains("sorted")),
        "{unsorted:?}"
    );
    assert!(matches!(load("{"), Some(FeatureError::SchemaJson { .. })));
    assert!(matches!(load(&json.replacen('{', "{\"extra\": 1,", 1)), Some(FeatureError::SchemaJson { .. })));
}

#[test]
fn only_host_and_connection_codes_identify_a_capture() {
    let schema = FeatureSchema::fit(&training());
    let identifying: Vec<&str> =
        schema.features().iter().filter(|f| f.identifies_capture).map(|f| f.name.as_str()).collect();
    assert_eq!(
        identifying,
        ["Sequence", "Acknowledgment", "Source_Encoded", "Destination_Encoded", "QUIC_DCID_Encoded"]
    );
    let behavioural = schema.behavioural_indices();
    assert_eq!(behavioural.len(), schema.features().len() - 5);
    assert!(behavioural.iter().all(|&i| !schema.features()[i].identifies_capture));
    assert_eq!(schema.index_of("Length"), Some(0));
    let m = schema.transform(&training()).unwrap_or_else(|e| panic!("{e}"));
    let kept = m.select_columns(&behavioural).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kept.n_features(), behavioural.len());
    assert!(kept.names().iter().all(|n| !identifying.contains(&n.as_str())));
    assert_eq!(
        kept.column_by_name("Length").map(|c| c.to_vec()),
        m.column_by_name("Length").map(|c| c.to_vec())
    );
}

#[test]
fn the_feature_table_in_docs_matches_the_catalog() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/features.md");
    let docs = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table = anomalyze::features::markdown_table();
    assert!(docs.contains(&table), "docs/features.md is out of date; paste this table into it:\n{table}");
}

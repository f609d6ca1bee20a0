//! The whole seed dataset against figures computed with the seed pipeline's own regexes
//! (tools/seed_feature_reference.py → fixtures/seed_reference.json): per-column sums and missing counts of
//! the seed's Info-derived columns, and counts of rows carrying a few notes.

use crate::capture::seed::seed_bytes;
use anomalyze::capture::read_capture;
use anomalyze::features::{FeatureMatrix, FeatureSchema};
use serde_json::Value;

const REFERENCE: &str = include_str!("fixtures/seed_reference.json");

fn column<'a>(m: &'a FeatureMatrix, name: &str) -> ndarray::ArrayView1<'a, f64> {
    m.column_by_name(name).unwrap_or_else(|| panic!("no feature {name:?}"))
}

#[test]
fn seed_columns_match_the_seed_pipelines_regexes_on_the_whole_dataset() {
    let Some(bytes) = seed_bytes() else { return };
    let capture = read_capture(&bytes, "combined.csv.zip", &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    let reference: Value = serde_json::from_str(REFERENCE).unwrap_or_else(|e| panic!("fixture: {e}"));
    assert_eq!(Some(capture.packets.len() as u64), reference["rows"].as_u64());
    let schema = FeatureSchema::fit(&capture.packets);
    assert_eq!(Some(schema.dcids().len() as u64), reference["distinct_dcids"].as_u64());
    let m = schema.transform(&capture.packets).unwrap_or_else(|e| panic!("{e}"));
    let columns = reference["columns"].as_object().unwrap_or_else(|| panic!("fixture has no columns"));
    for (name, want) in columns {
        let values = column(&m, name);
        let sum: f64 = values.iter().sum();
        let missing = values.iter().filter(|v| **v == -1.0).count() as u64;
        assert_eq!(Some(sum), want["sum"].as_f64(), "{name}: sum");
        assert_eq!(Some(missing), want["missing"].as_u64(), "{name}: rows with -1");
    }
    let counts = reference["flag_counts"].as_object().unwrap_or_else(|| panic!("fixture has no flag_counts"));
    for (name, want) in counts {
        let ones = column(&m, name).iter().filter(|v| **v == 1.0).count() as u64;
        assert_eq!(Some(ones), want.as_u64(), "{name}: rows with 1");
    }
}

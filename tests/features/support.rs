//! Helpers shared by the feature tests: packets built by hand, and reading a column by name.

use anomalyze::capture::{Label, Packet};
use anomalyze::features::FeatureMatrix;

/// A packet of capture 0 with the given columns.
pub fn packet(
    number: u64,
    time_s: f64,
    source: &str,
    destination: &str,
    protocol: &str,
    length_bytes: u32,
    info: &str,
) -> Packet {
    Packet {
        number,
        time_s,
        source: source.to_owned(),
        destination: destination.to_owned(),
        protocol: protocol.to_owned(),
        length_bytes,
        info: info.to_owned(),
        label: Some(Label::Malicious),
        capture_index: 0,
    }
}

/// The value of feature `name` in row `row`; panics with the name when the column does not exist.
pub fn value(matrix: &FeatureMatrix, row: usize, name: &str) -> f64 {
    match matrix.column_by_name(name) {
        Some(column) => column[row],
        None => panic!("no feature called {name:?}"),
    }
}

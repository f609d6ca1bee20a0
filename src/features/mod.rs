//! Features: packets → [`FeatureMatrix`] by a fitted [`FeatureSchema`] (names, window lengths,
//! vocabularies with an explicit Unknown code). Every feature is documented in docs/features.md.
//!
//! Input: [`crate::capture::Packet`]s in file order. Output: one row per packet, one column per
//! [`FEATURES`] entry. Rejects: non-finite packet times, malformed schema files and matrices whose shape
//! or values are invalid ([`FeatureError`]).

mod address;
mod app_info;
mod catalog;
mod compact;
mod expert;
mod fit;
mod info;
mod matrix;
mod row;
mod schema;
mod transform;
mod vocab;
mod window;

pub use address::{direction, AddressProperties};
pub use app_info::{
    parse_arp, parse_icmp, parse_quic, parse_tls, ArpOperation, IcmpInfo, ProtocolKind, QuicInfo, TlsInfo,
};
pub use catalog::{markdown_table, FeatureSpec, FEATURES, N_FEATURES};
pub use compact::CompactMatrix;
pub use expert::TcpExpert;
pub use fit::SchemaFitter;
pub use info::{parse_transport, TransportInfo};
pub use matrix::FeatureMatrix;
pub use schema::{FeatureInfo, FeatureSchema, SchemaParams, SCHEMA_FORMAT, SCHEMA_VERSION};
pub use transform::ChunkedTransform;
pub use vocab::{Vocabulary, MAX_VOCABULARY};

/// Why features could not be built, or a schema not loaded.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum FeatureError {
    /// The matrix has a different number of columns than feature names.
    #[error("the matrix has {columns} columns but {names} feature names")]
    ShapeMismatch {
        /// Columns of the values.
        columns: usize,
        /// Feature names given.
        names: usize,
    },
    /// A feature name occurs twice.
    #[error("feature name {0:?} occurs more than once")]
    DuplicateName(String),
    /// A value is infinite (missing values are NaN or the feature's documented missing code, never ±∞).
    #[error("row {row}, feature {feature:?}: value {value} is infinite")]
    InfiniteValue {
        /// 0-based row.
        row: usize,
        /// Feature name.
        feature: String,
        /// The value.
        value: f64,
    },
    /// A packet's time is NaN or infinite.
    #[error("packet {number} (row {row}): its time is not a finite number of seconds; check the capture's Time column")]
    NonFiniteTime {
        /// 0-based row.
        row: usize,
        /// Wireshark's `No.`.
        number: u64,
    },
    /// The schema file is not valid JSON of a schema.
    #[error("the feature schema is not valid: {message}")]
    SchemaJson {
        /// The parser's message (with line and column).
        message: String,
    },
    /// The schema file's `format` tag is not [`SCHEMA_FORMAT`].
    #[error("the file is not a feature schema: its format is {found:?}, expected {SCHEMA_FORMAT:?}")]
    SchemaFormat {
        /// The format found.
        found: String,
    },
    /// The schema file has a version this build cannot read.
    #[error("feature schema version {found} is not supported (this build reads version {supported}); refit the schema with this version")]
    SchemaVersion {
        /// Version found.
        found: u32,
        /// Version supported.
        supported: u32,
    },
    /// The schema's feature list differs from this build's.
    #[error("the schema's feature {index} is {found}, but this build computes {expected}; refit the schema with this version")]
    SchemaFeatures {
        /// 0-based feature index of the first difference.
        index: usize,
        /// What this build computes there.
        expected: String,
        /// What the schema lists there.
        found: String,
    },
    /// A window length in the schema is out of range.
    #[error(
        "schema parameter {name} = {value} is out of range: it must be a number of seconds > 0 and ≤ {max}"
    )]
    SchemaParameter {
        /// Parameter name.
        name: &'static str,
        /// Value found.
        value: f64,
        /// Largest allowed value.
        max: f64,
    },
    /// A column index beyond the matrix.
    #[error("column {index} does not exist: the matrix has {columns} columns")]
    ColumnOutOfRange {
        /// The index asked for.
        index: usize,
        /// Columns of the matrix.
        columns: usize,
    },
    /// A bug: an invariant of this module did not hold.
    #[error("internal error in feature computation: {0}")]
    Internal(String),
}

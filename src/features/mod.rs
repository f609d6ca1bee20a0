//! Features: packets → [`FeatureMatrix`] by a `FeatureSchema` (names, encodings, vocabularies).
//!
//! Input: a [`crate::capture::Capture`]. Output: one row per packet, one column per feature.
//! Rejects: matrices whose shape does not match their feature names ([`FeatureError`]).

mod matrix;

pub use matrix::FeatureMatrix;

/// Why features could not be built.
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
}

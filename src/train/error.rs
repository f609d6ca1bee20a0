//! Training errors: one named variant per bad parameter value ([`ParamError`]) and per unusable input
//! ([`TrainError`]), each message saying what to change.

use crate::model::ModelError;

/// A parameter value that training cannot use, named by LightGBM's / scikit-learn's parameter name.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ParamError {
    /// A count that must be at least some minimum.
    #[error("`{name}` is {value}, expected an integer ≥ {min}")]
    TooSmall {
        /// Parameter name.
        name: &'static str,
        /// Value given.
        value: i64,
        /// Smallest allowed value.
        min: i64,
    },
    /// A real number outside its allowed range.
    #[error("`{name}` is {value}, expected {range}")]
    OutOfRange {
        /// Parameter name.
        name: &'static str,
        /// Value given.
        value: f64,
        /// The allowed range, in words (`"a finite number > 0"`, `"in (0, 1]"`).
        range: &'static str,
    },
    /// Two parameters that cannot be combined.
    #[error("{0}")]
    Conflict(&'static str),
}

/// Why a model could not be trained.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum TrainError {
    /// Labels and feature rows differ in number.
    #[error("{labels} labels for {rows} feature rows; give one label per row")]
    LabelCount {
        /// Labels given.
        labels: usize,
        /// Rows in the matrix.
        rows: usize,
    },
    /// Sample weights and feature rows differ in number.
    #[error("{weights} sample weights for {rows} feature rows; give one weight per row")]
    WeightCount {
        /// Weights given.
        weights: usize,
        /// Rows in the matrix.
        rows: usize,
    },
    /// A sample weight that is negative or not finite.
    #[error("sample weight of row {row} is {value}; weights must be finite and ≥ 0")]
    BadWeight {
        /// 0-based row.
        row: usize,
        /// Value given.
        value: f64,
    },
    /// The training data has no rows, no features or only one class.
    #[error("cannot train on {0}")]
    Degenerate(String),
    /// The validation set does not fit the training data.
    #[error("validation set: {0}")]
    Validation(String),
    /// The trained trees did not form a valid component (a bug: please report it).
    #[error("the trained model is invalid (a trainer bug): {0}")]
    Model(#[from] ModelError),
}

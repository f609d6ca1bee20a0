//! View models of the evaluation, explanation, drift and activity charts, and the functions that build
//! them from the stages' results ([`crate::eval`], [`crate::drift`], [`crate::explain`]).
//!
//! Input: those results (confusion matrices, ranked scores, correlations, drift reports, SHAP values,
//! permutation importances, packet times). Output: small serde views, already sorted, truncated to the
//! top N (with a count of what was left out) and laid out (beeswarm offsets, time buckets), which cross
//! the wasm boundary and feed the `draw_*` functions. Rejects inputs of mismatched lengths
//! ([`ViewError`]); missing data (no labels, one class) gives a view with an `empty_reason`.

mod activity;
mod correlation;
mod curves;
mod drift;
mod errors;
mod metrics;
mod permutation;
mod shap;

pub use activity::{bucket_width, ActivityBin, ActivityView, MAX_BUCKETS};
pub use correlation::{CorrelationRow, CorrelationView};
pub use curves::{CurveMarker, PrCurveView, RocCurveView, ThresholdCurveView, CURVE_POINTS, THRESHOLD_STEPS};
pub use drift::{verdict_text, DriftBin, DriftRankingView, DriftRow, FeatureDriftView};
pub use errors::{ClassCounts, ConfusionView, ErrorsByProtocolView, LabelComparisonView, ProtocolErrors};
pub use metrics::{MetricColumn, MetricValues, MetricsSummaryView};
pub use permutation::{PermutationRow, PermutationView};
pub use shap::{
    colour_scale, method_name, swarm_offsets, BeePoint, BeeswarmFeature, BeeswarmView, ShapImportanceView,
    WaterfallStep, WaterfallView, BEESWARM_BINS, SWARM_HALF_HEIGHT,
};

/// Features shown by name in the per-feature charts; the rest are summarised as "… N more".
pub const TOP_FEATURES: usize = 20;

/// Inputs of a view builder that do not fit together.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ViewError {
    /// Two per-packet inputs differ in length.
    #[error("{what}: {left} values but {right}; give one value per packet")]
    LengthMismatch {
        /// Which inputs, e.g. "protocols and labels".
        what: &'static str,
        /// Length of the first.
        left: usize,
        /// Length of the second.
        right: usize,
    },
    /// Explained rows lie outside the feature matrix.
    #[error("SHAP values of rows {first}..{end} but the feature matrix has {rows} rows; explain rows of this matrix")]
    RowsOutOfRange {
        /// First explained row.
        first: usize,
        /// One past the last explained row.
        end: usize,
        /// Rows of the matrix.
        rows: usize,
    },
    /// SHAP values of a different width than the matrix has features (+ bias).
    #[error("SHAP rows have {width} values but the matrix has {features} features (+1 bias expected)")]
    WidthMismatch {
        /// Values per SHAP row.
        width: usize,
        /// Features of the matrix.
        features: usize,
    },
}

/// Checks that two per-packet inputs have the same length.
pub(crate) fn same_length(what: &'static str, left: usize, right: usize) -> Result<(), ViewError> {
    if left == right {
        Ok(())
    } else {
        Err(ViewError::LengthMismatch { what, left, right })
    }
}

/// The text "… N more features" for what a top-N chart leaves out (empty when nothing was).
pub fn more_features(hidden: usize) -> String {
    match hidden {
        0 => String::new(),
        1 => "… 1 more feature".to_string(),
        n => format!("… {n} more features"),
    }
}

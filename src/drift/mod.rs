//! Distribution shift: how a new file's features differ from the training data's.
//!
//! Input: training columns (once, at training time → a [`TrainingProfile`] stored in the model card) and
//! a new file's [`crate::features::FeatureMatrix`]. Output: per feature PSI (+ [`Verdict`]),
//! Jensen–Shannon distance, KS, overlay histograms, all features ranked ([`drift_report`]); and the exact
//! two-sample KS test on raw values ([`ks_2samp`]). Rejects what [`DriftError`] lists.

mod ks;
mod profile;
mod report;
mod stats;

pub use ks::{kolmogorov_sf, ks_2samp, KsTest};
pub use profile::{quantile_sorted, Binning, FeatureProfile};
pub use report::{
    bin_labels, drift_report, drift_report_by_column, feature_drift, BinLabel, FeatureDrift, ProfileOptions,
    TrainingProfile,
};
pub use stats::{jensen_shannon, ks_binned, psi, Verdict, PSI_EMPTY_BIN, PSI_MODERATE, PSI_STRONG};

/// Why drift could not be computed.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum DriftError {
    /// A training value is ±∞.
    #[error(
        "feature {feature:?}, row {row}: training value is infinite; profile finite values (NaN = missing)"
    )]
    Infinite {
        /// Feature name.
        feature: String,
        /// 0-based row.
        row: usize,
    },
    /// Fewer than 2 quantile bins (or 0 categories) asked for.
    #[error("{bins} bins asked for; use at least 2 quantile bins or 1 category")]
    TooFewBins {
        /// The number given.
        bins: usize,
    },
    /// Two histograms with different bins.
    #[error("reference has {reference} bins but current has {current}; bin both on the same profile")]
    BinMismatch {
        /// Reference bins.
        reference: usize,
        /// Current bins.
        current: usize,
    },
    /// A side has no rows (or, for KS, no non-missing values).
    #[error("the {side} sample has no values; drift needs rows on both sides")]
    EmptySample {
        /// Which side: `reference`, `current`, `training`, `file`, `first`, `second`.
        side: &'static str,
    },
    /// The training profile has a feature the file lacks.
    #[error("feature {feature:?} is in the training profile but not in the file's features")]
    MissingFeature {
        /// Feature name.
        feature: String,
    },
}

//! Evaluation: metrics of scores against labels (so far the ROC AUC that permutation importance needs).
//!
//! Input: binary labels and real-valued scores of equal length. Output: the metric. Rejects: length
//! mismatches, NaN scores, and label sets with one class only ([`EvalError`]).
//! Beyond it: [`RankedScores`] sorts once, and the confusion matrix at any threshold, [`Metrics`], ROC and
//! PR curves, threshold curves and [`ThresholdPolicy`] choices all derive from it; plus
//! [`label_correlations`]. Convention everywhere: predicted positive ⇔ `score >= threshold`.

mod roc;

pub use roc::roc_auc;

mod confusion;
mod correlation;
mod curves;
mod metrics;
mod ranked;
mod threshold;

pub use confusion::Confusion;
pub use correlation::{label_correlations, label_correlations_by_column, pearson, FeatureCorrelation};
pub use curves::{decimate, pr_curve, pr_curve_for_chart, roc_curve, roc_curve_for_chart, PrPoint, RocPoint};
pub use metrics::{average_precision, ranked_roc_auc, Metrics, Undefined};
pub use ranked::RankedScores;
pub use threshold::{
    choose_threshold, threshold_curve, uniform_grid, ThresholdChoice, ThresholdPoint, ThresholdPolicy,
};

/// Why a metric could not be computed.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum EvalError {
    /// Labels and scores differ in length.
    #[error("{labels} labels but {scores} scores; give one score per labelled row")]
    LengthMismatch {
        /// Labels given.
        labels: usize,
        /// Scores given.
        scores: usize,
    },
    /// A score is NaN.
    #[error("score of row {row} is NaN; every row needs a score")]
    NanScore {
        /// 0-based row index.
        row: usize,
    },
    /// ROC AUC needs both classes.
    #[error("ROC AUC is undefined with only {class} rows ({count}); the data needs both classes")]
    OneClass {
        /// The only class present (`"positive"` or `"negative"`).
        class: &'static str,
        /// Number of rows.
        count: usize,
    },
    /// No rows to evaluate.
    #[error("no rows to evaluate; the capture needs at least one labelled, scored row")]
    Empty,
    /// A threshold policy's parameter is out of range.
    #[error("invalid threshold policy: {reason}")]
    InvalidPolicy {
        /// What is wrong and what to use instead.
        reason: String,
    },
}

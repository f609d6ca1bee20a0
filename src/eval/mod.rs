//! Evaluation: metrics of scores against labels (so far the ROC AUC that permutation importance needs).
//!
//! Input: binary labels and real-valued scores of equal length. Output: the metric. Rejects: length
//! mismatches, NaN scores, and label sets with one class only ([`EvalError`]).

mod roc;

pub use roc::roc_auc;

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
}

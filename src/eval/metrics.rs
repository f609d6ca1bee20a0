//! Threshold metrics (accuracy, precision, recall, F1, specificity) and ranking metrics (ROC AUC, PR AUC).
//!
//! Input: a [`Confusion`] and/or a [`RankedScores`]. Output: [`Metrics`], each value with an
//! "undefined" flag instead of NaN: an undefined value (a zero denominator) is reported as 0, as
//! scikit-learn's `zero_division=0`, and its flag in [`Undefined`] is set so the page can say so.

use serde::{Deserialize, Serialize};

use super::{Confusion, RankedScores};

/// Which of the [`Metrics`] had a zero denominator (their value is then 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undefined {
    /// No rows.
    pub accuracy: bool,
    /// Nothing predicted positive (`tp + fp = 0`).
    pub precision: bool,
    /// No positive rows (`tp + fn = 0`).
    pub recall: bool,
    /// No positive rows and nothing predicted positive (`2tp + fp + fn = 0`).
    pub f1: bool,
    /// No negative rows (`tn + fp = 0`).
    pub specificity: bool,
    /// Only one class present.
    pub roc_auc: bool,
    /// No positive rows.
    pub pr_auc: bool,
}

/// The evaluation of scores against labels at one threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// `(tp + tn) / rows`.
    pub accuracy: f64,
    /// `tp / (tp + fp)`.
    pub precision: f64,
    /// `tp / (tp + fn)` (true-positive rate, sensitivity).
    pub recall: f64,
    /// `2tp / (2tp + fp + fn)`, the harmonic mean of precision and recall.
    pub f1: f64,
    /// `tn / (tn + fp)` (true-negative rate).
    pub specificity: f64,
    /// Area under the ROC curve, ties counting ½ (scikit-learn's `roc_auc_score`).
    pub roc_auc: f64,
    /// Average precision `Σₖ (Rₖ − Rₖ₋₁)·Pₖ` over descending distinct thresholds (scikit-learn's
    /// `average_precision_score`, no interpolation).
    pub pr_auc: f64,
    /// The threshold: predicted positive iff `score >= threshold`.
    pub threshold: f64,
    /// The confusion matrix at `threshold`.
    pub confusion: Confusion,
    /// Which values are undefined (reported as 0).
    pub undefined: Undefined,
}

/// `numerator / denominator`, or `(0, undefined)` for a zero denominator.
fn ratio(numerator: u64, denominator: u64) -> (f64, bool) {
    if denominator == 0 {
        (0.0, true)
    } else {
        (numerator as f64 / denominator as f64, false)
    }
}

impl Metrics {
    /// Threshold metrics from a confusion matrix; `roc_auc`/`pr_auc` are left 0 and flagged undefined
    /// (they need the scores: use [`Metrics::evaluate`]).
    pub fn from_confusion(confusion: Confusion, threshold: f64) -> Self {
        let c = confusion;
        let (accuracy, accuracy_undefined) = ratio(c.tp + c.tn, c.rows());
        let (precision, precision_undefined) = ratio(c.tp, c.tp + c.fp);
        let (recall, recall_undefined) = ratio(c.tp, c.tp + c.fn_);
        let (f1, f1_undefined) = ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn_);
        let (specificity, specificity_undefined) = ratio(c.tn, c.tn + c.fp);
        Metrics {
            accuracy,
            precision,
            recall,
            f1,
            specificity,
            roc_auc: 0.0,
            pr_auc: 0.0,
            threshold,
            confusion,
            undefined: Undefined {
                accuracy: accuracy_undefined,
                precision: precision_undefined,
                recall: recall_undefined,
                f1: f1_undefined,
                specificity: specificity_undefined,
                roc_auc: true,
                pr_auc: true,
            },
        }
    }

    /// Every metric at `threshold` (O(log n) plus the O(distinct scores) areas).
    pub fn evaluate(ranked: &RankedScores, threshold: f64) -> Self {
        let mut metrics = Metrics::from_confusion(ranked.confusion_at(threshold), threshold);
        if let Some(auc) = ranked_roc_auc(ranked) {
            metrics.roc_auc = auc;
            metrics.undefined.roc_auc = false;
        }
        if let Some(ap) = average_precision(ranked) {
            metrics.pr_auc = ap;
            metrics.undefined.pr_auc = false;
        }
        metrics
    }
}

/// ROC AUC by the trapezoidal rule over distinct thresholds (exact integer sums, one division); `None`
/// with one class only. Equals [`super::roc_auc`] on the same data.
pub fn ranked_roc_auc(ranked: &RankedScores) -> Option<f64> {
    if ranked.positives() == 0 || ranked.negatives() == 0 {
        return None;
    }
    let (mut tp_before, mut fp_before) = (0u64, 0u64);
    let mut twice_area = 0u128;
    for (&tp, &fp) in ranked.cumulative_tp().iter().zip(ranked.cumulative_fp()) {
        twice_area += u128::from(fp - fp_before) * u128::from(tp + tp_before);
        (tp_before, fp_before) = (tp, fp);
    }
    Some(twice_area as f64 / (2.0 * ranked.positives() as f64 * ranked.negatives() as f64))
}

/// Average precision (PR AUC) as scikit-learn's `average_precision_score`: over distinct thresholds,
/// highest first, `Σₖ (tpₖ − tpₖ₋₁)/P · tpₖ/(tpₖ + fpₖ)`; `None` without positive rows (scikit-learn
/// then warns and returns 0).
pub fn average_precision(ranked: &RankedScores) -> Option<f64> {
    let positives = ranked.positives();
    if positives == 0 {
        return None;
    }
    let mut tp_before = 0u64;
    let mut sum = 0.0;
    for (&tp, &fp) in ranked.cumulative_tp().iter().zip(ranked.cumulative_fp()) {
        if tp > tp_before {
            sum += (tp - tp_before) as f64 / positives as f64 * (tp as f64 / (tp + fp) as f64);
        }
        tp_before = tp;
    }
    Some(sum)
}

//! The confusion matrix at a threshold.
//!
//! Input: labels and probabilities, or a [`super::RankedScores`]. Output: counts TN FP FN TP with the
//! convention `predicted positive ⇔ probability >= threshold` — scikit-learn's `confusion_matrix(y,
//! proba >= t)`. Rejects: length mismatch, NaN probabilities ([`super::EvalError`]).

use serde::{Deserialize, Serialize};

use super::EvalError;

/// Counts of a binary confusion matrix. Serialized with the keys `tn`, `fp`, `fn`, `tp`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Confusion {
    /// True negatives: label negative, predicted negative.
    pub tn: u64,
    /// False positives: label negative, predicted positive.
    pub fp: u64,
    /// False negatives: label positive, predicted negative.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// True positives: label positive, predicted positive.
    pub tp: u64,
}

impl Confusion {
    /// Counts rows in one pass (O(n)): predicted positive iff `probability >= threshold`, so a NaN
    /// threshold predicts nothing positive. For many thresholds use [`super::RankedScores::confusion_at`].
    pub fn at_threshold(labels: &[bool], probabilities: &[f64], threshold: f64) -> Result<Self, EvalError> {
        if labels.len() != probabilities.len() {
            return Err(EvalError::LengthMismatch { labels: labels.len(), scores: probabilities.len() });
        }
        if let Some(row) = probabilities.iter().position(|p| p.is_nan()) {
            return Err(EvalError::NanScore { row });
        }
        let mut counts = Confusion::default();
        for (&label, &probability) in labels.iter().zip(probabilities) {
            match (label, probability >= threshold) {
                (false, false) => counts.tn += 1,
                (false, true) => counts.fp += 1,
                (true, false) => counts.fn_ += 1,
                (true, true) => counts.tp += 1,
            }
        }
        Ok(counts)
    }

    /// All rows.
    pub fn rows(&self) -> u64 {
        self.tn + self.fp + self.fn_ + self.tp
    }

    /// Rows labelled positive (`tp + fn`).
    pub fn positives(&self) -> u64 {
        self.tp + self.fn_
    }

    /// Rows labelled negative (`tn + fp`).
    pub fn negatives(&self) -> u64 {
        self.tn + self.fp
    }

    /// Rows predicted positive (`tp + fp`).
    pub fn predicted_positives(&self) -> u64 {
        self.tp + self.fp
    }

    /// `2tp / (2tp + fp + fn)`, 0 when the denominator is 0.
    pub fn f1_ratio(&self) -> f64 {
        let denominator = 2 * self.tp + self.fp + self.fn_;
        if denominator == 0 {
            0.0
        } else {
            (2 * self.tp) as f64 / denominator as f64
        }
    }

    /// `cost_fn · FN + cost_fp · FP`: the expected-cost objective of a threshold.
    pub fn cost(&self, cost_fn: f64, cost_fp: f64) -> f64 {
        cost_fn * self.fn_ as f64 + cost_fp * self.fp as f64
    }
}

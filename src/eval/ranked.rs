//! One sort of the scores, shared by every threshold-dependent metric, curve and threshold policy.
//!
//! Input: labels (`true` = positive) and scores. Output: [`RankedScores`] — the distinct scores in
//! descending order with cumulative true/false positive counts, so the confusion matrix at any threshold
//! costs O(log n) and every curve O(distinct scores). Rejects: length mismatch, NaN scores, no rows.

use super::{Confusion, EvalError};

/// Scores sorted once (O(n log n)) and grouped by distinct value.
///
/// Group `i` holds every row whose score equals `thresholds()[i]`; `tp[i]`/`fp[i]` count the positive and
/// negative rows with score `>= thresholds()[i]` — scikit-learn's `_binary_clf_curve`.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedScores {
    thresholds: Vec<f64>,
    tp: Vec<u64>,
    fp: Vec<u64>,
    positives: u64,
    negatives: u64,
}

impl RankedScores {
    /// Sorts `scores` (descending) with their `labels`. `±∞` are allowed; `-0.0` and `0.0` are one score.
    pub fn new(labels: &[bool], scores: &[f64]) -> Result<Self, EvalError> {
        if labels.len() != scores.len() {
            return Err(EvalError::LengthMismatch { labels: labels.len(), scores: scores.len() });
        }
        if labels.is_empty() {
            return Err(EvalError::Empty);
        }
        if let Some(row) = scores.iter().position(|s| s.is_nan()) {
            return Err(EvalError::NanScore { row });
        }
        let mut pairs: Vec<(f64, bool)> = scores.iter().copied().zip(labels.iter().copied()).collect();
        pairs.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
        let mut ranked = RankedScores {
            thresholds: Vec::new(),
            tp: Vec::new(),
            fp: Vec::new(),
            positives: 0,
            negatives: 0,
        };
        let (mut tp, mut fp) = (0u64, 0u64);
        for (index, &(score, label)) in pairs.iter().enumerate() {
            if label {
                tp += 1;
            } else {
                fp += 1;
            }
            let last_of_group = pairs.get(index + 1).is_none_or(|next| next.0 != score);
            if last_of_group {
                ranked.thresholds.push(score);
                ranked.tp.push(tp);
                ranked.fp.push(fp);
            }
        }
        ranked.positives = tp;
        ranked.negatives = fp;
        Ok(ranked)
    }

    /// The distinct scores, highest first.
    pub fn thresholds(&self) -> &[f64] {
        &self.thresholds
    }

    /// Positive rows with score `>=` each of [`Self::thresholds`].
    pub fn cumulative_tp(&self) -> &[u64] {
        &self.tp
    }

    /// Negative rows with score `>=` each of [`Self::thresholds`].
    pub fn cumulative_fp(&self) -> &[u64] {
        &self.fp
    }

    /// Number of positive rows.
    pub fn positives(&self) -> u64 {
        self.positives
    }

    /// Number of negative rows.
    pub fn negatives(&self) -> u64 {
        self.negatives
    }

    /// Number of rows.
    pub fn rows(&self) -> u64 {
        self.positives + self.negatives
    }

    /// The confusion matrix when a row is predicted positive iff `score >= threshold` (O(log n)).
    /// A NaN threshold predicts nothing positive, as NumPy's `proba >= nan` is all false.
    pub fn confusion_at(&self, threshold: f64) -> Confusion {
        let above = self.thresholds.partition_point(|&score| score >= threshold);
        self.confusion_at_group(above)
    }

    /// The confusion matrix when the first `groups` distinct scores are predicted positive
    /// (`0` = nothing positive, `thresholds().len()` = everything).
    pub fn confusion_at_group(&self, groups: usize) -> Confusion {
        let (tp, fp) = match groups.checked_sub(1) {
            Some(last) => (self.tp[last.min(self.tp.len() - 1)], self.fp[last.min(self.fp.len() - 1)]),
            None => (0, 0),
        };
        Confusion { tn: self.negatives - fp, fp, fn_: self.positives - tp, tp }
    }
}

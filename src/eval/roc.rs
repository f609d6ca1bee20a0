//! Area under the ROC curve, with ties as scikit-learn's `roc_auc_score` treats them.
//!
//! Input: labels (`true` = positive) and scores. Output: the area in `[0, 1]`. Rejects what
//! [`EvalError`] lists.

use super::EvalError;

/// Area under the ROC curve: the trapezoidal area under (false-positive rate, true-positive rate) with one
/// point per distinct score, so a tie between a positive and a negative counts ½ — equal to the
/// Mann–Whitney `U / (P·N)` and to scikit-learn's `roc_auc_score`.
pub fn roc_auc(labels: &[bool], scores: &[f64]) -> Result<f64, EvalError> {
    if labels.len() != scores.len() {
        return Err(EvalError::LengthMismatch { labels: labels.len(), scores: scores.len() });
    }
    if let Some(row) = scores.iter().position(|s| s.is_nan()) {
        return Err(EvalError::NanScore { row });
    }
    let positives = labels.iter().filter(|&&l| l).count();
    let negatives = labels.len() - positives;
    if positives == 0 || negatives == 0 {
        let class = if positives == 0 { "negative" } else { "positive" };
        return Err(EvalError::OneClass { class, count: labels.len() });
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_unstable_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    // Counts are integers, so the sums below are exact; only the final division rounds.
    let (mut tp, mut fp) = (0u64, 0u64);
    let mut twice_area = 0u128;
    let mut start = 0;
    while start < order.len() {
        let score = scores[order[start]];
        let mut end = start;
        let (tp_before, fp_before) = (tp, fp);
        while end < order.len() && scores[order[end]] == score {
            if labels[order[end]] {
                tp += 1;
            } else {
                fp += 1;
            }
            end += 1;
        }
        twice_area += u128::from(fp - fp_before) * u128::from(tp + tp_before);
        start = end;
    }
    Ok(twice_area as f64 / (2.0 * positives as f64 * negatives as f64))
}

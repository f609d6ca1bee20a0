//! Threshold curves (Yellowbrick's discrimination-threshold view) and threshold choice policies.
//!
//! Input: a [`RankedScores`] and a grid or a [`ThresholdPolicy`]. Output: precision, recall, F1,
//! specificity and queue rate per grid threshold; the chosen threshold with its metrics. Rejects: a
//! policy needing positives on data without them, a recall target outside (0, 1], a bad cost ratio.

use serde::{Deserialize, Serialize};

use super::{EvalError, Metrics, RankedScores, Undefined};

/// The threshold metrics at one threshold of a grid (undefined values are 0, flagged in `undefined`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ThresholdPoint {
    /// Predicted positive iff `score >= threshold`.
    pub threshold: f64,
    /// `tp / (tp + fp)`.
    pub precision: f64,
    /// `tp / (tp + fn)`.
    pub recall: f64,
    /// `2tp / (2tp + fp + fn)`.
    pub f1: f64,
    /// `tn / (tn + fp)`.
    pub specificity: f64,
    /// Share of rows predicted positive, `(tp + fp) / rows` (Yellowbrick's "queue rate").
    pub queue_rate: f64,
    /// Which values had a zero denominator.
    pub undefined: Undefined,
}

/// `steps + 1` evenly spaced thresholds `i / steps` for `i = 0..=steps` (exact at 0 and 1).
pub fn uniform_grid(steps: usize) -> Vec<f64> {
    let steps = steps.max(1);
    (0..=steps).map(|i| i as f64 / steps as f64).collect()
}

/// Threshold metrics at every threshold of `grid` (O(grid · log n)).
pub fn threshold_curve(ranked: &RankedScores, grid: &[f64]) -> Vec<ThresholdPoint> {
    grid.iter()
        .map(|&threshold| {
            let confusion = ranked.confusion_at(threshold);
            let m = Metrics::from_confusion(confusion, threshold);
            ThresholdPoint {
                threshold,
                precision: m.precision,
                recall: m.recall,
                f1: m.f1,
                specificity: m.specificity,
                queue_rate: confusion.predicted_positives() as f64 / ranked.rows() as f64,
                undefined: m.undefined,
            }
        })
        .collect()
}

/// How the default threshold is chosen (issue 4 §3). Candidates are the distinct scores (predicted
/// positive iff `score >= candidate`) and `+∞` (nothing positive); ties go to the highest threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum ThresholdPolicy {
    /// The highest threshold whose recall is at least `target` (the seed's priority: few false negatives).
    RecallAtLeast {
        /// Minimum recall, in (0, 1].
        target: f64,
    },
    /// The threshold with the highest F1.
    BestF1,
    /// The threshold minimising `fn_cost · FN + FP` (a false positive costs 1).
    MinCost {
        /// Cost of one false negative relative to one false positive; finite and > 0.
        fn_cost: f64,
    },
}

/// The outcome of a [`ThresholdPolicy`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ThresholdChoice {
    /// The policy that chose it.
    pub policy: ThresholdPolicy,
    /// The chosen threshold (`+∞` = nothing positive, only possible for `MinCost`).
    pub threshold: f64,
    /// The threshold metrics there (`roc_auc`/`pr_auc` included).
    pub metrics: Metrics,
}

fn invalid(reason: String) -> EvalError {
    EvalError::InvalidPolicy { reason }
}

/// Applies `policy` to the scores (O(distinct scores)).
pub fn choose_threshold(
    ranked: &RankedScores,
    policy: ThresholdPolicy,
) -> Result<ThresholdChoice, EvalError> {
    if ranked.positives() == 0 {
        return Err(EvalError::OneClass { class: "negative", count: ranked.rows() as usize });
    }
    // `groups` = number of distinct scores predicted positive; 0 means threshold +∞.
    let threshold_of =
        |groups: usize| groups.checked_sub(1).map_or(f64::INFINITY, |g| ranked.thresholds()[g]);
    let candidates = 0..=ranked.thresholds().len();
    let groups = match policy {
        ThresholdPolicy::RecallAtLeast { target } => {
            if !(target > 0.0 && target <= 1.0) {
                return Err(invalid(format!("recall target {target} is not in (0, 1]; use e.g. 0.99")));
            }
            let needed = ranked.positives() as f64 * target;
            // Cumulative tp only grows, so the first group reaching the target is the highest threshold.
            let first = ranked.cumulative_tp().iter().position(|&tp| tp as f64 >= needed);
            first.map_or(ranked.thresholds().len(), |g| g + 1)
        }
        ThresholdPolicy::BestF1 => best_by(candidates, |g| -ranked.confusion_at_group(g).f1_ratio()),
        ThresholdPolicy::MinCost { fn_cost } => {
            if !(fn_cost.is_finite() && fn_cost > 0.0) {
                return Err(invalid(format!(
                    "false-negative cost {fn_cost} must be finite and > 0; use e.g. 10"
                )));
            }
            best_by(candidates, |g| ranked.confusion_at_group(g).cost(fn_cost, 1.0))
        }
    };
    let threshold = threshold_of(groups);
    Ok(ThresholdChoice { policy, threshold, metrics: Metrics::evaluate(ranked, threshold) })
}

/// The candidate with the smallest `loss`, the first (highest threshold) on ties.
fn best_by(candidates: impl Iterator<Item = usize>, loss: impl Fn(usize) -> f64) -> usize {
    let mut best = (0, f64::INFINITY);
    for g in candidates {
        let value = loss(g);
        if value < best.1 {
            best = (g, value);
        }
    }
    best.0
}

//! ROC and precision–recall curve points, and their decimation for drawing.
//!
//! Input: a [`RankedScores`]. Output: every point, as scikit-learn's `roc_curve(drop_intermediate=False)`
//! and `precision_recall_curve` give them, and [`decimate`] to at most ~`max_points` for a chart.
//! Rejects: a ROC curve with one class only, a PR curve without positives ([`EvalError::OneClass`]).

use serde::{Deserialize, Serialize};

use super::{EvalError, RankedScores};

/// One point of a ROC curve: predicted positive iff `score >= threshold`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RocPoint {
    /// The threshold; `+∞` for the first point (nothing positive), which serde_json writes as `null`.
    pub threshold: f64,
    /// False-positive rate `fp / N`.
    pub fpr: f64,
    /// True-positive rate `tp / P`.
    pub tpr: f64,
}

/// One point of a precision–recall curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PrPoint {
    /// The threshold; `+∞` for the last point (recall 0, precision 1), which has no threshold in
    /// scikit-learn and which serde_json writes as `null`.
    pub threshold: f64,
    /// `tp / P`.
    pub recall: f64,
    /// `tp / (tp + fp)`.
    pub precision: f64,
}

fn one_class(ranked: &RankedScores) -> EvalError {
    let class = if ranked.positives() == 0 { "negative" } else { "positive" };
    EvalError::OneClass { class, count: ranked.rows() as usize }
}

/// The ROC curve: `(0, 0)` at threshold `+∞`, then one point per distinct score, highest first
/// (scikit-learn's `roc_curve(…, drop_intermediate=False)`, same order).
pub fn roc_curve(ranked: &RankedScores) -> Result<Vec<RocPoint>, EvalError> {
    if ranked.positives() == 0 || ranked.negatives() == 0 {
        return Err(one_class(ranked));
    }
    let (positives, negatives) = (ranked.positives() as f64, ranked.negatives() as f64);
    let mut points = Vec::with_capacity(ranked.thresholds().len() + 1);
    points.push(RocPoint { threshold: f64::INFINITY, fpr: 0.0, tpr: 0.0 });
    let groups = ranked.thresholds().iter().zip(ranked.cumulative_tp()).zip(ranked.cumulative_fp());
    points.extend(groups.map(|((&threshold, &tp), &fp)| RocPoint {
        threshold,
        fpr: fp as f64 / negatives,
        tpr: tp as f64 / positives,
    }));
    Ok(points)
}

/// The precision–recall curve in scikit-learn's `precision_recall_curve` order: one point per distinct
/// score, lowest threshold first (recall 1), then the point `(recall 0, precision 1)`.
pub fn pr_curve(ranked: &RankedScores) -> Result<Vec<PrPoint>, EvalError> {
    if ranked.positives() == 0 {
        return Err(one_class(ranked));
    }
    let positives = ranked.positives() as f64;
    let mut points = Vec::with_capacity(ranked.thresholds().len() + 1);
    let groups = ranked.thresholds().iter().zip(ranked.cumulative_tp()).zip(ranked.cumulative_fp());
    points.extend(groups.rev().map(|((&threshold, &tp), &fp)| PrPoint {
        threshold,
        recall: tp as f64 / positives,
        precision: tp as f64 / (tp + fp) as f64,
    }));
    points.push(PrPoint { threshold: f64::INFINITY, recall: 0.0, precision: 1.0 });
    Ok(points)
}

/// Keeps at most about `max_points` of a polyline for drawing, in order, first and last always kept.
///
/// Method: with `L` the polyline's total L1 length in the plot's coordinates and `step = 2L / max_points`,
/// a point is kept when it is at least `step` (L1) from the last kept point, or when the segment to the
/// next point is itself at least `step` long (so long straight steps keep both corners). Each rule keeps
/// at most `max_points / 2` points, so the result has at most `max_points + 2`; every dropped point lies
/// within `step` of a kept one. O(n). `max_points < 4` is treated as 4.
pub fn decimate<P: Copy>(points: &[P], xy: impl Fn(&P) -> (f64, f64), max_points: usize) -> Vec<P> {
    if points.len() <= max_points.max(4) {
        return points.to_vec();
    }
    let distance = |a: &P, b: &P| {
        let ((ax, ay), (bx, by)) = (xy(a), xy(b));
        (ax - bx).abs() + (ay - by).abs()
    };
    let length: f64 = points.windows(2).map(|pair| distance(&pair[0], &pair[1])).sum();
    let step = 2.0 * length / max_points.max(4) as f64;
    let mut kept = vec![points[0]];
    let mut last = points[0];
    for (index, point) in points.iter().enumerate().take(points.len() - 1).skip(1) {
        let before_jump = distance(point, &points[index + 1]) >= step;
        if distance(&last, point) >= step || before_jump {
            kept.push(*point);
            last = *point;
        }
    }
    kept.push(points[points.len() - 1]);
    kept
}

/// [`roc_curve`] decimated for drawing (see [`decimate`]).
pub fn roc_curve_for_chart(ranked: &RankedScores, max_points: usize) -> Result<Vec<RocPoint>, EvalError> {
    Ok(decimate(&roc_curve(ranked)?, |p| (p.fpr, p.tpr), max_points))
}

/// [`pr_curve`] decimated for drawing (see [`decimate`]).
pub fn pr_curve_for_chart(ranked: &RankedScores, max_points: usize) -> Result<Vec<PrPoint>, EvalError> {
    Ok(decimate(&pr_curve(ranked)?, |p| (p.recall, p.precision), max_points))
}

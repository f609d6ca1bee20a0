//! Views of the threshold-free curves (ROC, precision–recall) with the current threshold marked, and of
//! precision, recall and F1 against the threshold (Yellowbrick's discrimination-threshold view).

use serde::{Deserialize, Serialize};

use crate::eval::{
    average_precision, pr_curve_for_chart, ranked_roc_auc, roc_curve_for_chart, threshold_curve,
    uniform_grid, RankedScores, ThresholdPoint,
};

/// Points drawn per curve (see [`crate::eval::decimate`]).
pub const CURVE_POINTS: usize = 400;

/// Steps of the threshold grid of [`ThresholdCurveView`] (101 thresholds 0, 0.01, …, 1).
pub const THRESHOLD_STEPS: usize = 100;

/// Where the current threshold lies on a curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurveMarker {
    /// The threshold.
    pub threshold: f64,
    /// The curve's x there (false-positive rate for ROC, recall for PR).
    pub x: f64,
    /// The curve's y there (true-positive rate for ROC, precision for PR).
    pub y: f64,
}

fn empty_reason(ranked: Option<&RankedScores>, needs_negatives: bool) -> Option<String> {
    match ranked {
        None => Some(
            "This file has no labels, so the curve cannot be drawn. Add a label column (normal/malicious)."
                .into(),
        ),
        Some(r) if r.positives() == 0 => Some(format!(
            "Only normal packets ({}) are labelled: the curve needs malicious packets too.",
            r.rows()
        )),
        Some(r) if needs_negatives && r.negatives() == 0 => Some(format!(
            "Only malicious packets ({}) are labelled: the curve needs normal packets too.",
            r.rows()
        )),
        Some(_) => None,
    }
}

/// The ROC curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RocCurveView {
    /// Chart title.
    pub title: String,
    /// `[false-positive rate, true-positive rate]`, from (0, 0) to (1, 1), decimated.
    pub points: Vec<[f64; 2]>,
    /// Area under the curve.
    pub auc: f64,
    /// The current threshold on the curve.
    pub marker: Option<CurveMarker>,
    /// Why nothing can be shown (no labels, one class only).
    pub empty_reason: Option<String>,
}

impl RocCurveView {
    /// The ROC curve of `ranked` (`None` = unlabelled file), marked at `threshold`.
    pub fn new(ranked: Option<&RankedScores>, threshold: f64) -> Self {
        let mut view = RocCurveView {
            title: "ROC curve".into(),
            points: vec![],
            auc: 0.0,
            marker: None,
            empty_reason: empty_reason(ranked, true),
        };
        if let (Some(r), None) = (ranked, &view.empty_reason) {
            view.points = roc_curve_for_chart(r, CURVE_POINTS)
                .unwrap_or_default()
                .iter()
                .map(|p| [p.fpr, p.tpr])
                .collect();
            view.auc = ranked_roc_auc(r).unwrap_or(0.0);
            let c = r.confusion_at(threshold);
            view.marker = Some(CurveMarker {
                threshold,
                x: c.fp as f64 / r.negatives() as f64,
                y: c.tp as f64 / r.positives() as f64,
            });
            view.title = format!("ROC curve (AUC {})", crate::charts::format_metric(Some(view.auc)));
        }
        view
    }
}

/// The precision–recall curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrCurveView {
    /// Chart title.
    pub title: String,
    /// `[recall, precision]`, from recall 1 to recall 0, decimated.
    pub points: Vec<[f64; 2]>,
    /// Average precision (PR AUC).
    pub average_precision: f64,
    /// Share of malicious packets: the precision of flagging at random (the baseline).
    pub prevalence: f64,
    /// The current threshold on the curve (precision 1 when nothing is flagged, as the curve's end).
    pub marker: Option<CurveMarker>,
    /// Why nothing can be shown (no labels, no malicious packets).
    pub empty_reason: Option<String>,
}

impl PrCurveView {
    /// The precision–recall curve of `ranked` (`None` = unlabelled file), marked at `threshold`.
    pub fn new(ranked: Option<&RankedScores>, threshold: f64) -> Self {
        let mut view = PrCurveView {
            title: "Precision–recall curve".into(),
            points: vec![],
            average_precision: 0.0,
            prevalence: 0.0,
            marker: None,
            empty_reason: empty_reason(ranked, false),
        };
        if let (Some(r), None) = (ranked, &view.empty_reason) {
            view.points = pr_curve_for_chart(r, CURVE_POINTS)
                .unwrap_or_default()
                .iter()
                .map(|p| [p.recall, p.precision])
                .collect();
            view.average_precision = average_precision(r).unwrap_or(0.0);
            view.prevalence = r.positives() as f64 / r.rows() as f64;
            let c = r.confusion_at(threshold);
            let flagged = c.predicted_positives();
            let precision = if flagged == 0 { 1.0 } else { c.tp as f64 / flagged as f64 };
            view.marker =
                Some(CurveMarker { threshold, x: c.tp as f64 / r.positives() as f64, y: precision });
            view.title = format!(
                "Precision–recall curve (AP {})",
                crate::charts::format_metric(Some(view.average_precision))
            );
        }
        view
    }
}

/// Precision, recall, F1 and the share flagged against the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdCurveView {
    /// Chart title.
    pub title: String,
    /// One point per threshold of the grid 0, 0.01, …, 1.
    pub points: Vec<ThresholdPoint>,
    /// The current threshold (drawn as a vertical line).
    pub threshold: f64,
    /// The metrics at the current threshold, for the line's caption.
    pub at_threshold: Option<ThresholdPoint>,
    /// Why nothing can be shown (no labels, no malicious packets).
    pub empty_reason: Option<String>,
}

impl ThresholdCurveView {
    /// The curves of `ranked` (`None` = unlabelled file) with the current `threshold` marked.
    pub fn new(ranked: Option<&RankedScores>, threshold: f64) -> Self {
        let empty = empty_reason(ranked, false);
        let (points, at_threshold) = match (ranked, &empty) {
            (Some(r), None) => {
                let points = threshold_curve(r, &uniform_grid(THRESHOLD_STEPS));
                let at = threshold_curve(r, &[threshold]).pop();
                (points, at)
            }
            _ => (vec![], None),
        };
        ThresholdCurveView {
            title: "Precision, recall and F1 by threshold".into(),
            points,
            threshold,
            at_threshold,
            empty_reason: empty,
        }
    }
}

//! Charts: finished view models drawn on any plotters `DrawingBackend` (canvas in the page, SVG in tests).
//!
//! Input: a view model and a [`Theme`] ([`Theme::for_width`] of the canvas). Output: drawing on the given
//! area. Charts draw; they do not compute. Rejects nothing: a view with an `empty_reason` (no labels, one
//! class only, nothing explained yet) draws its title and that reason; backend failures come back as
//! [`ChartError`].
//!
//! # API (`anomalyze::charts::*`)
//! Every chart is `draw_x(&area, &view, &theme) -> Result<(), ChartError>`; every view is serde (the
//! worker builds it, the main thread draws it). Builders live in [`views`] (one file per family) and in
//! [`view`] (capture summary charts).
//!
//! | # | chart | function | view model | built by (in [`views`]) |
//! |---|---|---|---|---|
//! | – | packets per protocol | [`draw_protocol_breakdown`] | [`ProtocolBreakdownView`] | `from_summary(&CaptureSummary, top)` |
//! | – | class distribution | [`draw_class_distribution`] | [`ClassDistributionView`] | `from_summary(&CaptureSummary)` |
//! | 1 | metrics summary | [`draw_metrics_summary`] | [`MetricsSummaryView`] | `new(card: Vec<MetricColumn>, Option<&Metrics>, threshold)`; card columns from `MetricValues::from_counts(Confusion, roc_auc, pr_auc)` |
//! | 2 | confusion matrix | [`draw_confusion_matrix`] | [`ConfusionView`] | `new(Option<Confusion>, threshold)` |
//! | 3 | true vs predicted | [`draw_label_comparison`] | [`LabelComparisonView`] | `new(Option<&[bool]>, &[f64], threshold)?` |
//! | 4 | FP / FN by protocol | [`draw_errors_by_protocol`] | [`ErrorsByProtocolView`] | `new(&[&str], Option<&[bool]>, &[f64], threshold, top)?` |
//! | 5 | ROC curve | [`draw_roc_curve`] | [`RocCurveView`] | `new(Option<&RankedScores>, threshold)` |
//! | 5 | precision–recall | [`draw_pr_curve`] | [`PrCurveView`] | `new(Option<&RankedScores>, threshold)` |
//! | 5 | metrics by threshold | [`draw_threshold_curve`] | [`ThresholdCurveView`] | `new(Option<&RankedScores>, threshold)` |
//! | 6 | label correlation | [`draw_correlation`] | [`CorrelationView`] | `new(Option<&[FeatureCorrelation]>, Option<&[FeatureCorrelation]>, top)` |
//! | 7 | one feature's drift | [`draw_feature_drift`] | [`FeatureDriftView`] | `new(&FeatureDrift)` |
//! | 7 | drift ranking | [`draw_drift_ranking`] | [`DriftRankingView`] | `new(&[FeatureDrift], top)` |
//! | 8 | SHAP beeswarm | [`draw_shap_beeswarm`] | [`BeeswarmView`] | `new(&EnsembleShap, &FeatureMatrix, top)?` |
//! | 8 | mean \|SHAP\| | [`draw_shap_importance`] | [`ShapImportanceView`] | `new(&EnsembleShap, names, top)?` |
//! | 9 | SHAP waterfall | [`draw_shap_waterfall`] | [`WaterfallView`] | `new(&EnsembleShap, k, &FeatureMatrix, "packet 17", top)?` |
//! | 10 | permutation importance | [`draw_permutation_importance`] | [`PermutationView`] | `new(Result<&PermutationImportance, String>, top)` |
//! | 11 | activity over time | [`draw_activity`] | [`ActivityView`] | `new(times_s, flagged, Option<labels>, threshold, MAX_BUCKETS)?`, `.with_brush(from, to)` |
//!
//! `top` is usually [`TOP_FEATURES`] (20): longer lists end with a "… N more features" row. `RankedScores`
//! is [`crate::eval::RankedScores::new`] of the labels and probabilities, sorted once and reused for every
//! threshold. Builders marked `?` return [`ViewError`] when per-packet inputs differ in length. Without
//! labels, pass `None`: the view then carries an `empty_reason` and its chart says it plainly.
//! Size: the charts are laid out for ~1280 × 400–700 px and stay legible at 390 px wide
//! ([`Theme::for_width`] switches to smaller type below 420 px).
//!
//! Layout shared by all: title, legend (wrapping when narrow), body, and one grey line at the bottom
//! saying how to read the chart (`frame.rs`). Text is measured through the backend (canvas
//! `measureText` in the page, plotters' estimate in SVG); no font is loaded from the system or the web.
//! Malicious is red and normal blue everywhere; mistakes and the current threshold are amber.

mod activity;
mod axis;
mod class_distribution;
mod confusion_matrix;
mod correlation;
mod curves;
mod drift_ranking;
mod errors_by_protocol;
mod feature_drift;
pub(crate) mod frame;
mod label_comparison;
mod metrics_summary;
mod permutation;
mod protocol_breakdown;
mod rows;
mod shap_beeswarm;
mod shap_importance;
mod shap_waterfall;
mod text;
mod theme;
pub mod view;
pub mod views;

pub use activity::{draw_activity, format_elapsed, TimeAxis};
pub use class_distribution::draw_class_distribution;
pub use confusion_matrix::draw_confusion_matrix;
pub use correlation::draw_correlation;
pub use curves::{draw_pr_curve, draw_roc_curve, draw_threshold_curve};
pub use drift_ranking::draw_drift_ranking;
pub use errors_by_protocol::draw_errors_by_protocol;
pub use feature_drift::draw_feature_drift;
pub use label_comparison::draw_label_comparison;
pub use metrics_summary::draw_metrics_summary;
pub use permutation::draw_permutation_importance;
pub use protocol_breakdown::draw_protocol_breakdown;
pub use shap_beeswarm::draw_shap_beeswarm;
pub use shap_importance::draw_shap_importance;
pub use shap_waterfall::draw_shap_waterfall;
pub use text::{
    format_count, format_metric, format_percent, format_signed, format_thousands, format_threshold,
    format_tick, format_value,
};
pub use theme::Theme;
pub use view::{ClassBar, ClassDistributionView, ClassKind, ProtocolBar, ProtocolBreakdownView};
pub use views::*;

use plotters::drawing::DrawingAreaErrorKind;

/// A chart could not be drawn: the backend (canvas, SVG writer) reported an error.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ChartError {
    /// The drawing backend failed; the text is the backend's own message.
    #[error("could not draw the chart: {0}")]
    Backend(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Backend(e.to_string())
    }
}

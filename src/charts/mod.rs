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
//! | chart | function | view model | built by |
//! |---|---|---|---|
//! | packets per protocol | [`draw_protocol_breakdown`] | [`ProtocolBreakdownView`] | `from_summary` |
//! | class distribution | [`draw_class_distribution`] | [`ClassDistributionView`] | `from_summary` |
//! | metrics summary | [`draw_metrics_summary`] | [`MetricsSummaryView`] | `new(card columns, Option<&Metrics>, threshold)` |
//! | confusion matrix | [`draw_confusion_matrix`] | [`ConfusionView`] | `new(Option<Confusion>, threshold)` |
//! | true vs predicted | [`draw_label_comparison`] | [`LabelComparisonView`] | `new(labels, probabilities, threshold)` |
//!
//! Layout shared by all: title, legend (wrapping when narrow), body, and one grey line at the bottom
//! saying how to read the chart ([`frame`]). Text is measured through the backend (canvas
//! `measureText` in the page, plotters' estimate in SVG); no font is loaded from the system or the web.
//! Malicious is red and normal blue everywhere; mistakes and the current threshold are amber.

mod axis;
mod class_distribution;
mod confusion_matrix;
pub(crate) mod frame;
mod label_comparison;
mod metrics_summary;
mod protocol_breakdown;
mod text;
mod theme;
pub mod view;
pub mod views;

pub use class_distribution::draw_class_distribution;
pub use confusion_matrix::draw_confusion_matrix;
pub use label_comparison::draw_label_comparison;
pub use metrics_summary::draw_metrics_summary;
pub use protocol_breakdown::draw_protocol_breakdown;
pub use text::{format_count, format_metric, format_percent, format_signed, format_thousands, format_value};
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

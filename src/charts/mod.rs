//! Charts: finished view models drawn on any plotters `DrawingBackend` (canvas in the page, SVG in tests).
//!
//! Input: a view model (built from an [`crate::analysis::CaptureSummary`] in [`view`]) and a [`Theme`].
//! Output: drawing on the given area. Charts draw; they do not compute. Rejects nothing: an empty view
//! draws an empty, labelled chart; backend failures come back as [`ChartError`].

mod axis;
mod class_distribution;
mod legend;
mod protocol_breakdown;
mod theme;
pub mod view;

pub use class_distribution::draw_class_distribution;
pub use protocol_breakdown::draw_protocol_breakdown;
pub use theme::Theme;
pub use view::{ClassBar, ClassDistributionView, ClassKind, ProtocolBar, ProtocolBreakdownView};

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

/// Formats a packet count for an axis or a bar label: `950`, `12.5k`, `1.2M`.
pub fn format_count(count: f64) -> String {
    let abs = count.abs();
    if abs >= 1e6 {
        trim_decimal(format!("{:.1}", count / 1e6)) + "M"
    } else if abs >= 1e4 {
        trim_decimal(format!("{:.0}", count / 1e3)) + "k"
    } else if abs >= 1e3 {
        trim_decimal(format!("{:.1}", count / 1e3)) + "k"
    } else {
        format!("{:.0}", count)
    }
}

fn trim_decimal(s: String) -> String {
    match s.strip_suffix(".0") {
        Some(t) => t.to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::format_count;

    #[test]
    fn counts_are_short_and_rounded() {
        assert_eq!(format_count(0.0), "0");
        assert_eq!(format_count(950.0), "950");
        assert_eq!(format_count(1000.0), "1k");
        assert_eq!(format_count(1250.0), "1.2k");
        assert_eq!(format_count(48_661.0), "49k");
        assert_eq!(format_count(247_430.0), "247k");
        assert_eq!(format_count(1_500_000.0), "1.5M");
    }
}

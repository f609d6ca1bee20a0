//! ROC and precision–recall curves, each with the current threshold marked in amber, and precision,
//! recall, F1 and the share flagged against the threshold (Yellowbrick's discrimination threshold).
//!
//! Input: a [`RocCurveView`], [`PrCurveView`] or [`ThresholdCurveView`] and a [`Theme`]. Output: the
//! chart on the given drawing area.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{builder, draw_empty, status_line, themed, Frame};
use super::rows::dashes;
use super::{format_metric, ChartError, CurveMarker, PrCurveView, RocCurveView, Theme, ThresholdCurveView};

type UnitChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A 0–1 × 0–1 chart with both axes described.
fn unit_chart<'a, DB: DrawingBackend>(
    body: &'a DrawingArea<DB, Shift>,
    x_desc: &str,
    y_desc: &str,
    theme: &Theme,
) -> Result<UnitChart<'a, DB>, ChartError> {
    let mut chart = builder(body)
        .x_label_area_size(theme.label_px * 3)
        .y_label_area_size(theme.tick_px * 3 + theme.label_px + 8)
        .build_cartesian_2d(0f64..1f64, 0f64..1.02f64)?;
    themed(&mut chart.configure_mesh(), theme)
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| format!("{v:.1}"))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .draw()?;
    Ok(chart)
}

/// The amber marker of the current threshold.
fn draw_marker<DB: DrawingBackend>(
    chart: &mut UnitChart<'_, DB>,
    marker: &CurveMarker,
    theme: &Theme,
) -> Result<(), ChartError> {
    let point = (marker.x, marker.y.min(1.02));
    chart.draw_series([
        Circle::new(point, 7, theme.highlight.filled()),
        Circle::new(point, 7, theme.text.stroke_width(1)),
    ])?;
    Ok(())
}

/// Draws the ROC curve on `area`.
pub fn draw_roc_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &RocCurveView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let curve = theme.series[2];
    let entries =
        [("ROC curve", curve), ("random guess", theme.unlabelled), ("current threshold", theme.highlight)];
    let how_to_read = "Each point is a threshold: the share of malicious packets caught (up) against the \
                       share of normal packets flagged (right). The closer to the top-left corner, the better.";
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let plot = match &view.marker {
        Some(m) => {
            let line = format!(
                "At ≥ {}: TPR {}, FPR {}",
                super::format_threshold(m.threshold),
                format_metric(Some(m.y)),
                format_metric(Some(m.x))
            );
            status_line(&body, &line, theme.text, theme)?
        }
        None => body,
    };
    let mut chart =
        unit_chart(&plot, "False-positive rate (normal flagged)", "True-positive rate (recall)", theme)?;
    chart.draw_series(dashes((0.0, 0.0), (1.0, 1.0), 30, theme.unlabelled.stroke_width(1)))?;
    chart.draw_series(LineSeries::new(view.points.iter().map(|p| (p[0], p[1])), curve.stroke_width(3)))?;
    if let Some(m) = &view.marker {
        draw_marker(&mut chart, m, theme)?;
    }
    area.present()?;
    Ok(())
}

/// Draws the precision–recall curve on `area`.
pub fn draw_pr_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &PrCurveView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let curve = theme.series[2];
    let baseline = format!("random guess ({:.1}% malicious)", 100.0 * view.prevalence);
    let entries =
        [("PR curve", curve), (baseline.as_str(), theme.unlabelled), ("current threshold", theme.highlight)];
    let how_to_read = "Each point is a threshold: of the packets flagged, the share truly malicious (up) \
                       against the share of malicious packets caught (right). The closer to the top-right, the better.";
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let plot = match &view.marker {
        Some(m) => {
            let line = format!(
                "At ≥ {}: precision {}, recall {}",
                super::format_threshold(m.threshold),
                format_metric(Some(m.y)),
                format_metric(Some(m.x))
            );
            status_line(&body, &line, theme.text, theme)?
        }
        None => body,
    };
    let mut chart =
        unit_chart(&plot, "Recall (malicious caught)", "Precision (flagged that are malicious)", theme)?;
    let p = view.prevalence;
    chart.draw_series(dashes((0.0, p), (1.0, p), 30, theme.unlabelled.stroke_width(1)))?;
    chart.draw_series(LineSeries::new(view.points.iter().map(|p| (p[0], p[1])), curve.stroke_width(3)))?;
    if let Some(m) = &view.marker {
        draw_marker(&mut chart, m, theme)?;
    }
    area.present()?;
    Ok(())
}

/// Draws precision, recall, F1 and the share flagged against the threshold on `area`.
pub fn draw_threshold_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ThresholdCurveView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let lines = [
        ("precision", theme.series[2]),
        ("recall", theme.series[1]),
        ("F1", theme.series[3]),
        ("share flagged", theme.unlabelled),
    ];
    let entries: Vec<(&str, RGBColor)> =
        lines.iter().copied().chain(std::iter::once(("current threshold", theme.highlight))).collect();
    let how_to_read = "Move the threshold right and fewer packets are flagged: precision rises, recall \
                       falls. The amber line is the current threshold; F1 peaks where both balance.";
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let plot = match &view.at_threshold {
        Some(at) => {
            let line = format!(
                "At ≥ {}: precision {}, recall {}, F1 {}",
                super::format_threshold(view.threshold),
                format_metric((!at.undefined.precision).then_some(at.precision)),
                format_metric(Some(at.recall)),
                format_metric(Some(at.f1))
            );
            status_line(&body, &line, theme.text, theme)?
        }
        None => body,
    };
    let mut chart = unit_chart(&plot, "Threshold (flag if probability ≥ threshold)", "Metric", theme)?;
    // Precision is undefined where nothing is flagged: those points are left out, not drawn as 0.
    let picks: [fn(&crate::eval::ThresholdPoint) -> Option<f64>; 4] = [
        |p| (!p.undefined.precision).then_some(p.precision),
        |p| Some(p.recall),
        |p| Some(p.f1),
        |p| Some(p.queue_rate),
    ];
    for ((_, colour), pick) in lines.iter().zip(picks) {
        let points = view
            .points
            .iter()
            .filter(|p| p.threshold.is_finite())
            .filter_map(|p| Some((p.threshold, pick(p)?)));
        let width = if *colour == theme.unlabelled { 2 } else { 3 };
        chart.draw_series(LineSeries::new(points, colour.stroke_width(width)))?;
    }
    let t = view.threshold.clamp(0.0, 1.0);
    chart.draw_series(std::iter::once(PathElement::new(
        [(t, 0.0), (t, 1.02)],
        theme.highlight.stroke_width(2),
    )))?;
    area.present()?;
    Ok(())
}

//! One feature's distribution shift: per bin (quantile ranges of the training data, or categories) the
//! share of training rows (grey) beside the share of this file's rows (teal), with PSI, KS,
//! Jensen–Shannon and the verdict written above the bars.
//!
//! Input: a [`FeatureDriftView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::CategoryAxis;
use super::drift_ranking::verdict_colour;
use super::frame::{builder, draw_empty, status_line, themed, Frame};
use super::text::ellipsize;
use super::{format_thousands, verdict_text, ChartError, FeatureDriftView, Theme};

/// Draws the overlay of one feature's training and file distributions on `area`.
pub fn draw_feature_drift<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &FeatureDriftView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if view.bins.is_empty() {
        return draw_empty(area, &view.title, "The feature has no bins to compare.", theme);
    }
    let (training_colour, file_colour) = (theme.series[0], theme.series[3]);
    let training = format!("training ({} rows)", format_thousands(view.training_rows));
    let file = format!("this file ({} rows)", format_thousands(view.file_rows));
    let entries = [(training.as_str(), training_colour), (file.as_str(), file_colour)];
    let how_to_read = if view.categorical {
        "Share of rows per value in training (grey) and in this file (teal). Bars of different height \
         mean the file's traffic differs from what the model learnt on."
    } else {
        "Bins hold equal shares of the training rows (grey bars are about level); teal shows where this \
         file's values fall. Uneven teal bars mean the file's traffic differs from the training data."
    };
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let (width, _) = body.dim_in_pixel();
    let ks = view.ks.map_or("—".to_string(), |k| format!("{k:.3}"));
    let line = format!(
        "PSI {:.3}: {} · KS {ks} · JS {:.3}",
        view.psi,
        verdict_text(view.verdict),
        view.jensen_shannon
    );
    let plot = status_line(&body, &line, verdict_colour(view.verdict, theme), theme)?;
    let bins = view.bins.len();
    let max_share = view.bins.iter().map(|b| b.training.max(b.file)).fold(0.0, f64::max).max(0.01);
    let axis = CategoryAxis::new(bins);
    let text = theme.tick_text();
    let mut label_px = 0;
    for bin in &view.bins {
        label_px = label_px.max(plot.estimate_text_size(&bin.label, &text)?.0);
    }
    let plot_w = width.saturating_sub(theme.tick_px * 3 + theme.label_px + 36).max(40);
    let max_label = (plot_w / 3).max(30);
    let every = ((label_px.min(max_label) + 10) as usize * bins).div_ceil(plot_w as usize).max(1);
    let mut labels = Vec::with_capacity(bins);
    for bin in &view.bins {
        labels.push(ellipsize(&plot, &bin.label, &text, max_label)?);
    }
    let mut chart = builder(&plot)
        .x_label_area_size(theme.label_px * 3)
        .y_label_area_size(theme.tick_px * 3 + theme.label_px + 8)
        .build_cartesian_2d(axis, 0f64..max_share * 1.12)?;
    let name_of = |x: &f64| match axis.index_of(*x) {
        Some(i) if i % every == 0 => labels[i].clone(),
        _ => String::new(),
    };
    let x_desc = if view.categorical {
        format!("{} (value)", view.feature)
    } else {
        format!("{} (range)", view.feature)
    };
    themed(&mut chart.configure_mesh(), theme)
        .disable_x_mesh()
        .y_labels(5)
        .x_label_formatter(&name_of)
        .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
        .x_desc(x_desc)
        .y_desc("Share of rows")
        .draw()?;
    for (i, bin) in view.bins.iter().enumerate() {
        let x = i as f64;
        chart.draw_series([
            Rectangle::new([(x + 0.1, 0.0), (x + 0.5, bin.training)], training_colour.filled()),
            Rectangle::new([(x + 0.5, 0.0), (x + 0.9, bin.file)], file_colour.filled()),
        ])?;
    }
    area.present()?;
    Ok(())
}

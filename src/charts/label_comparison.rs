//! True vs predicted label distribution: two horizontal bars, the true labels and the predictions, each
//! split into normal (blue) and malicious (red) shares, with the counts written under each bar.
//!
//! Input: a [`LabelComparisonView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::CategoryAxis;
use super::frame::{builder, draw_empty, themed, Frame};
use super::text::ellipsize;
use super::{format_percent, format_thousands, ChartError, ClassCounts, LabelComparisonView, Theme};

/// Draws the true vs predicted label distribution on `area`.
pub fn draw_label_comparison<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &LabelComparisonView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let entries = [("normal", theme.normal), ("malicious", theme.malicious)];
    let how_to_read = match view.truth {
        Some(_) => {
            "Each bar splits all packets by label: the true labels above, the model's predictions \
                    below. Bars of equal split mean as many packets flagged as are malicious."
        }
        None => {
            "The bar splits all packets by the model's prediction. This file has no labels, so there \
                 is no true split to compare with."
        }
    };
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let predicted = format!("predicted (≥ {:.2})", view.threshold);
    let mut rows: Vec<(String, ClassCounts)> = Vec::new();
    if let Some(truth) = view.truth {
        rows.push(("true label".to_string(), truth));
    }
    rows.push((predicted, view.predicted));
    let text = theme.tick_text();
    let mut name_px = 0;
    for (name, _) in &rows {
        name_px = name_px.max(body.estimate_text_size(name, &text)?.0);
    }
    let (width, _) = body.dim_in_pixel();
    let axis = CategoryAxis::new(rows.len());
    let mut chart = builder(&body)
        .x_label_area_size(theme.label_px * 3)
        .y_label_area_size((name_px + 16).min(width / 3))
        .build_cartesian_2d(0f64..1f64, axis)?;
    let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let n = rows.len();
    let name_of = |y: &f64| axis.index_of(*y).and_then(|i| names.get(n - 1 - i)).cloned().unwrap_or_default();
    themed(&mut chart.configure_mesh(), theme)
        .disable_y_mesh()
        .x_labels(6)
        .x_label_formatter(&|x| format!("{:.0}%", x * 100.0))
        .y_label_formatter(&name_of)
        .x_desc("Share of packets")
        .draw()?;
    let plot_w = chart.plotting_area().dim_in_pixel().0;
    for (i, (_, counts)) in rows.iter().enumerate() {
        let y = (n - 1 - i) as f64 + 0.5;
        let total = counts.total().max(1) as f64;
        let normal = counts.normal as f64 / total;
        chart.draw_series([
            Rectangle::new([(0.0, y + 0.05), (normal, y + 0.35)], theme.normal.filled()),
            Rectangle::new([(normal, y + 0.05), (1.0, y + 0.35)], theme.malicious.filled()),
        ])?;
        let caption = format!(
            "normal {} ({}) · malicious {} ({})",
            format_thousands(counts.normal),
            format_percent(counts.normal as f64 / total),
            format_thousands(counts.malicious),
            format_percent(counts.malicious as f64 / total)
        );
        let caption = ellipsize(&body, &caption, &text, plot_w.saturating_sub(4))?;
        let style = text.clone().pos(Pos::new(HPos::Left, VPos::Top));
        chart.draw_series(std::iter::once(Text::new(caption, (0.004, y - 0.06), style)))?;
    }
    area.present()?;
    Ok(())
}

//! Mean |SHAP| per feature: one bar per feature (largest at the top) with its value — how much, on
//! average, the feature moves a packet's probability.
//!
//! Input: a [`ShapImportanceView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{draw_empty, Frame};
use super::rows::{row_y, value_range, Rows};
use super::{format_tick, format_value, ChartError, ShapImportanceView, Theme};

/// Draws the mean |SHAP| bars on `area`.
pub fn draw_shap_importance<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ShapImportanceView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let colour = theme.series[2];
    let entries = [("mean |SHAP value|", colour)];
    let how_to_read = format!(
        "How much each feature moves a packet's probability on average (over {} packets), whichever \
         way. Method: {}.",
        view.rows_explained, view.method
    );
    let body = Frame { title: &view.title, legend: &entries, how_to_read: &how_to_read }.draw(area, theme)?;
    let x = value_range(view.bars.iter().map(|b| b.1), 0.22);
    let rows = Rows {
        names: view.bars.iter().map(|b| b.0.as_str()).collect(),
        more: &view.more,
        x: x.clone(),
        x_desc: "Mean |SHAP| (change of probability)",
        x_format: &|v| format_tick(*v),
    };
    let n = rows.count();
    let mut chart = rows.build(&body, theme)?;
    let font = theme.font(theme.note_px).color(&theme.text).pos(Pos::new(HPos::Left, VPos::Center));
    let pad = (x.end - x.start) * 0.01;
    for (i, (_, value)) in view.bars.iter().enumerate() {
        let y = row_y(i, n);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y - 0.32), (*value, y + 0.32)],
            colour.filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            format_value(*value),
            (value + pad, y),
            font.clone(),
        )))?;
    }
    area.present()?;
    Ok(())
}

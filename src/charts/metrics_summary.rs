//! Metrics summary: a table-like chart, one row per metric and one column per data set (the model
//! card's train / test / new data, then this file), each cell a bar on a 0–1 scale with its value.
//!
//! Input: a [`MetricsSummaryView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{draw_empty, Frame};
use super::text::ellipsize;
use super::{format_metric, ChartError, MetricValues, MetricsSummaryView, Theme};

/// Draws the metrics summary on `area`.
pub fn draw_metrics_summary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &MetricsSummaryView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let colours: Vec<RGBColor> =
        (0..view.columns.len()).map(|i| theme.series[i % theme.series.len()]).collect();
    let entries: Vec<(&str, RGBColor)> =
        view.columns.iter().zip(&colours).map(|(c, &colour)| (c.source.as_str(), colour)).collect();
    let how_to_read = "Each row is one metric (1 = perfect); each column one data set. Compare this file \
                       with the model card's test and new-data columns: a big drop means the model fits this \
                       traffic worse.";
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let (width, height) = body.dim_in_pixel();
    let text = theme.tick_text();
    let header = theme.font(theme.tick_px).style(FontStyle::Bold).color(&theme.text);
    let mut name_px = 0;
    for name in MetricValues::NAMES {
        name_px = name_px.max(body.estimate_text_size(name, &text)?.0);
    }
    let left = 8 + name_px as i32 + 12;
    let right = width as i32 - 12;
    let columns = view.columns.len().max(1) as i32;
    let cell_w = ((right - left) / columns).max(20);
    let note_px = theme.note_px as i32 + 8;
    let row_h =
        ((height as i32 - note_px - theme.tick_px as i32 - 12) / 8).clamp(theme.tick_px as i32 + 6, 44);
    let header_y = 4;
    for (c, column) in view.columns.iter().enumerate() {
        let x = left + c as i32 * cell_w + cell_w / 2;
        let name = ellipsize(&body, &column.source, &header, (cell_w - 6).max(10) as u32)?;
        body.draw(&Text::new(name, (x, header_y), header.clone().pos(Pos::new(HPos::Center, VPos::Top))))?;
    }
    let top = header_y + theme.tick_px as i32 + 8;
    for (r, name) in MetricValues::NAMES.iter().enumerate() {
        let y = top + r as i32 * row_h;
        if r % 2 == 0 {
            body.draw(&Rectangle::new([(4, y), (right, y + row_h)], Theme::tint(theme.grid, 0.5).filled()))?;
        }
        let centre = y + row_h / 2;
        body.draw(&Text::new(
            name.to_string(),
            (8, centre),
            text.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        for (c, column) in view.columns.iter().enumerate() {
            let value = column.values.values()[r];
            let x0 = left + c as i32 * cell_w + 4;
            let bar_w = cell_w - 8;
            let bar = [(x0, y + row_h / 5), (x0 + bar_w, y + row_h - row_h / 5)];
            body.draw(&Rectangle::new(bar, theme.grid.filled()))?;
            if let Some(v) = value {
                let filled = (f64::from(bar_w) * v.clamp(0.0, 1.0)).round() as i32;
                let fill = [bar[0], (x0 + filled, bar[1].1)];
                body.draw(&Rectangle::new(fill, Theme::tint(colours[c], 0.55).filled()))?;
            }
            let style = text.clone().pos(Pos::new(HPos::Center, VPos::Center));
            body.draw(&Text::new(format_metric(value), (x0 + bar_w / 2, centre), style))?;
        }
    }
    let note_y = top + 7 * row_h + 6;
    let note_font = theme.font(theme.note_px).color(&theme.muted);
    let note = ellipsize(&body, &view.note, &note_font, width.saturating_sub(16))?;
    body.draw(&Text::new(note, (8, note_y), note_font.pos(Pos::new(HPos::Left, VPos::Top))))?;
    area.present()?;
    Ok(())
}

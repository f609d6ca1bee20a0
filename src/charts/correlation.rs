//! Correlation of each feature with the label: per feature (strongest at the top) a grey bar for the
//! training data and a teal bar for this file, signed (right = more malicious as the value grows).
//!
//! Input: a [`CorrelationView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{draw_empty, status_line, Frame};
use super::rows::{row_y, value_range, Rows};
use super::{ChartError, CorrelationView, Theme};

/// Draws the feature–label correlations on `area`.
pub fn draw_correlation<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &CorrelationView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let (training_colour, file_colour) = (theme.series[0], theme.series[3]);
    let mut entries = Vec::new();
    if view.has_training {
        entries.push(("training data", training_colour));
    }
    if view.has_file {
        entries.push(("this file", file_colour));
    }
    let how_to_read = "Pearson correlation of each feature with the label (−1 to 1): right of 0, higher \
                       values go with malicious packets. Bars that differ between training and this file \
                       mean the feature relates to attacks differently here.";
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let body = if view.note.is_empty() { body } else { status_line(&body, &view.note, theme.muted, theme)? };
    let values = view.rows.iter().flat_map(|r| [r.training, r.file]).flatten();
    let x = value_range(values.chain([0.1, -0.1]), 0.2);
    let rows = Rows {
        names: view.rows.iter().map(|r| r.feature.as_str()).collect(),
        more: &view.more,
        x: x.clone(),
        x_desc: "Correlation with the label (Pearson r)",
        x_format: &|v| format!("{v:.1}"),
    };
    let n = rows.count();
    let mut chart = rows.build(&body, theme)?;
    let font = theme.font(theme.note_px).color(&theme.text);
    let pad = (x.end - x.start) * 0.01;
    // (shown, colour, offset from the row centre, training?)
    let series: Vec<(bool, RGBColor, f64, bool)> =
        [(view.has_training, training_colour, 0.2, true), (view.has_file, file_colour, -0.2, false)]
            .into_iter()
            .filter(|s| s.0)
            .collect();
    let half = if series.len() == 2 { 0.18 } else { 0.34 };
    for (i, row) in view.rows.iter().enumerate() {
        let y = row_y(i, n);
        for &(_, colour, shift, training) in &series {
            let centre = if series.len() == 2 { y + shift } else { y };
            let value = if training { row.training } else { row.file };
            let (label, anchor, at) = match value {
                Some(v) => {
                    let rect = Rectangle::new([(0.0, centre - half), (v, centre + half)], colour.filled());
                    chart.draw_series(std::iter::once(rect))?;
                    let (h, at) = if v >= 0.0 { (HPos::Left, v + pad) } else { (HPos::Right, v - pad) };
                    (format!("{v:+.2}"), h, at)
                }
                None => ("undefined".to_string(), HPos::Left, pad),
            };
            let style = font.clone().pos(Pos::new(anchor, VPos::Center));
            chart.draw_series(std::iter::once(Text::new(label, (at, centre), style)))?;
        }
    }
    chart.draw_series(LineSeries::new([(0.0, 0.0), (0.0, n as f64)], theme.axis))?;
    area.present()?;
    Ok(())
}

//! Confusion matrix: a 2 × 2 grid, true label by row and prediction by column, each cell with its count
//! and its share of the true class; the mistakes (false positives, false negatives) outlined in amber.
//!
//! Input: a [`ConfusionView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{draw_empty, Frame};
use super::text::ellipsize;
use super::{format_percent, format_thousands, ChartError, ConfusionView, Theme};

/// Draws the confusion matrix on `area`.
pub fn draw_confusion_matrix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ConfusionView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let entries = [("normal", theme.normal), ("malicious", theme.malicious), ("mistakes", theme.highlight)];
    let how_to_read = "Rows are the true labels, columns the predictions; the percentage is the share of \
                       the row's packets. Amber cells are mistakes: normal packets flagged (false positives) \
                       and malicious packets missed (false negatives).";
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let (width, height) = body.dim_in_pixel();
    let text = theme.tick_text();
    let label = theme.font(theme.label_px).color(&theme.text);
    let bold = theme.font(theme.label_px + 4).style(FontStyle::Bold).color(&theme.text);
    let left_px = (theme.label_px as i32 + 12) + body.estimate_text_size("malicious", &text)?.0 as i32 + 12;
    let top_px = theme.label_px as i32 * 2 + 16;
    let grid_w = (width as i32 - left_px - 12).max(40);
    let grid_h = (height as i32 - top_px - 8).max(40);
    let (cell_w, cell_h) = (grid_w / 2, grid_h / 2);
    let c = view.confusion;
    // (row = truth, column = prediction): count, row total, name, colour, mistake?
    let cells = [
        [
            (c.tn, c.negatives(), "true negatives", theme.normal, false),
            (c.fp, c.negatives(), "false positives", theme.normal, true),
        ],
        [
            (c.fn_, c.positives(), "false negatives", theme.malicious, true),
            (c.tp, c.positives(), "true positives", theme.malicious, false),
        ],
    ];
    let mid = Pos::new(HPos::Center, VPos::Center);
    body.draw(&Text::new(
        "Predicted",
        (left_px + grid_w / 2, 4),
        label.clone().pos(Pos::new(HPos::Center, VPos::Top)),
    ))?;
    for (i, name) in ["normal", "malicious"].iter().enumerate() {
        let x = left_px + i as i32 * cell_w + cell_w / 2;
        body.draw(&Text::new(
            name.to_string(),
            (x, theme.label_px as i32 + 10),
            text.clone().pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        let y = top_px + i as i32 * cell_h + cell_h / 2;
        let style = text.clone().pos(Pos::new(HPos::Right, VPos::Center));
        body.draw(&Text::new(name.to_string(), (left_px - 8, y), style))?;
    }
    let actual = label.clone().transform(FontTransform::Rotate270).pos(mid);
    body.draw(&Text::new("True label", (theme.label_px as i32 / 2 + 4, top_px + grid_h / 2), actual))?;
    for (r, row) in cells.iter().enumerate() {
        for (col, &(count, total, name, colour, mistake)) in row.iter().enumerate() {
            let (x0, y0) = (left_px + col as i32 * cell_w, top_px + r as i32 * cell_h);
            let rect = [(x0 + 2, y0 + 2), (x0 + cell_w - 2, y0 + cell_h - 2)];
            let fill = if mistake { Theme::tint(theme.highlight, 0.75) } else { Theme::tint(colour, 0.8) };
            body.draw(&Rectangle::new(rect, fill.filled()))?;
            if mistake {
                let inner = [(x0 + 3, y0 + 3), (x0 + cell_w - 3, y0 + cell_h - 3)];
                body.draw(&Rectangle::new(inner, theme.highlight.stroke_width(3)))?;
            }
            let share =
                if total == 0 { "—".to_string() } else { format_percent(count as f64 / total as f64) };
            let class = if r == 0 { "normal" } else { "malicious" };
            let (cx, cy) = (x0 + cell_w / 2, y0 + cell_h / 2);
            let gap = theme.label_px as i32 + 6;
            let max_w = (cell_w - 12).max(10) as u32;
            let lines = [
                (ellipsize(&body, &format_thousands(count), &bold, max_w)?, bold.clone(), cy - gap),
                (ellipsize(&body, &format!("{share} of {class}"), &text, max_w)?, text.clone(), cy + 2),
                (ellipsize(&body, name, &text, max_w)?, text.clone(), cy + gap),
            ];
            for (line, style, y) in lines {
                body.draw(&Text::new(line, (cx, y), style.pos(mid)))?;
            }
        }
    }
    area.present()?;
    Ok(())
}

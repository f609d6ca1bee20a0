//! False positives and false negatives by protocol: per protocol (most mistakes at the top) a blue bar
//! of normal packets flagged and a red bar of malicious packets missed, with their counts.
//!
//! Input: an [`ErrorsByProtocolView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{draw_empty, Frame};
use super::rows::{row_y, value_range, Rows};
use super::{format_count, format_thousands, ChartError, ErrorsByProtocolView, Theme};

/// Draws the mistakes by protocol on `area`.
pub fn draw_errors_by_protocol<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ErrorsByProtocolView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let entries = [
        ("false positives (normal flagged)", theme.normal),
        ("false negatives (malicious missed)", theme.malicious),
    ];
    let how_to_read = "Per protocol, how many normal packets were flagged (blue) and how many malicious \
                       packets were missed (red) at this threshold; the protocols with most mistakes are on top.";
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let counts = view.rows.iter().flat_map(|r| [r.false_positives as f64, r.false_negatives as f64]);
    let x = value_range(counts, 0.18);
    let rows = Rows {
        names: view.rows.iter().map(|r| r.protocol.as_str()).collect(),
        more: "",
        x: x.clone(),
        x_desc: "Packets",
        x_format: &|v| format_count(*v),
    };
    let n = rows.count();
    let mut chart = rows.build(&body, theme)?;
    let text = theme.tick_text().pos(Pos::new(HPos::Left, VPos::Center));
    let pad = (x.end - x.start) * 0.01;
    for (i, row) in view.rows.iter().enumerate() {
        let y = row_y(i, n);
        for (count, colour, top, bottom) in [
            (row.false_positives, theme.normal, y + 0.38, y + 0.02),
            (row.false_negatives, theme.malicious, y - 0.02, y - 0.38),
        ] {
            let end = count as f64;
            chart
                .draw_series(std::iter::once(Rectangle::new([(0.0, bottom), (end, top)], colour.filled())))?;
            let label = Text::new(format_thousands(count), (end + pad, (top + bottom) / 2.0), text.clone());
            chart.draw_series(std::iter::once(label))?;
        }
    }
    area.present()?;
    Ok(())
}

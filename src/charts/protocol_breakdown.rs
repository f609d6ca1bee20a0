//! Protocol breakdown: horizontal bars, one per protocol (most frequent at the top), stacked by label.
//!
//! Input: a [`ProtocolBreakdownView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::CategoryAxis;
use super::frame::{builder, themed, Frame};
use super::{format_count, ChartError, ProtocolBar, ProtocolBreakdownView, Theme};

/// Half the height of a bar, in category units (a category is 1.0 high).
const BAR_HALF: f64 = 0.36;

/// Draws the protocol breakdown on `area`.
pub fn draw_protocol_breakdown<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ProtocolBreakdownView,
    theme: &Theme,
) -> Result<(), ChartError> {
    let segments = segments(view, theme);
    let entries: Vec<(&str, RGBColor)> = segments.iter().map(|&(name, colour, _)| (name, colour)).collect();
    let how_to_read = "Each bar counts one protocol's packets, split by label; longer bars are more common.";
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let rows = view.bars.len().max(1);
    let max_total = view.bars.iter().map(ProtocolBar::total).max().unwrap_or(0).max(1) as f64;
    let (width_px, _) = area.dim_in_pixel();
    let text = theme.tick_text();
    let mut longest_px = 0;
    for bar in &view.bars {
        longest_px = longest_px.max(area.estimate_text_size(&bar.protocol, &text)?.0);
    }
    let name_px = (longest_px + theme.label_px + 24).clamp(70, width_px * 2 / 5);
    let axis = CategoryAxis::new(rows);
    let mut chart = builder(&body)
        .x_label_area_size(theme.label_px * 3)
        .y_label_area_size(name_px)
        .build_cartesian_2d(0f64..max_total * 1.16, axis)?;
    let names: Vec<&str> = view.bars.iter().map(|b| b.protocol.as_str()).collect();
    let name_of =
        |y: &f64| axis.index_of(*y).and_then(|i| names.get(rows - 1 - i)).copied().unwrap_or("").to_string();
    themed(&mut chart.configure_mesh(), theme)
        .disable_y_mesh()
        .x_labels(5)
        .x_label_formatter(&|x| format_count(*x))
        .y_label_formatter(&name_of)
        .x_desc("Packets")
        .y_desc("Protocol")
        .draw()?;
    for &(_, colour, pick) in &segments {
        let rects = view.bars.iter().enumerate().map(|(i, bar)| {
            let start = stack_start(bar, pick) as f64;
            let y = (rows - 1 - i) as f64 + 0.5;
            let end = start + pick_count(bar, pick) as f64;
            Rectangle::new([(start, y - BAR_HALF), (end, y + BAR_HALF)], colour.filled())
        });
        chart.draw_series(rects)?;
    }
    let totals = view.bars.iter().enumerate().map(|(i, bar)| {
        let y = (rows - 1 - i) as f64 + 0.5;
        let style = text.pos(Pos::new(HPos::Left, VPos::Center));
        Text::new(format_count(bar.total() as f64), (bar.total() as f64 + max_total * 0.01, y), style)
    });
    chart.draw_series(totals)?;
    area.present()?;
    Ok(())
}

/// Which count of a bar a stacked segment shows.
#[derive(Clone, Copy, PartialEq)]
enum Pick {
    Normal,
    Malicious,
    Unlabelled,
}

fn pick_count(bar: &ProtocolBar, pick: Pick) -> u64 {
    match pick {
        Pick::Normal => bar.normal,
        Pick::Malicious => bar.malicious,
        Pick::Unlabelled => bar.unlabelled,
    }
}

/// Where a segment starts: segments are stacked normal, malicious, unlabelled from the axis.
fn stack_start(bar: &ProtocolBar, pick: Pick) -> u64 {
    match pick {
        Pick::Normal => 0,
        Pick::Malicious => bar.normal,
        Pick::Unlabelled => bar.normal + bar.malicious,
    }
}

/// The segments to draw, with legend names: only those with packets (at least one, for the legend).
fn segments(view: &ProtocolBreakdownView, theme: &Theme) -> Vec<(&'static str, RGBColor, Pick)> {
    let all = [
        ("normal", theme.normal, Pick::Normal),
        ("malicious", theme.malicious, Pick::Malicious),
        (
            if view.labelled { "unlabelled" } else { "packets (no label column)" },
            theme.unlabelled,
            Pick::Unlabelled,
        ),
    ];
    let used: Vec<_> =
        all.into_iter().filter(|&(_, _, pick)| view.bars.iter().any(|b| pick_count(b, pick) > 0)).collect();
    if used.is_empty() {
        vec![all[2]]
    } else {
        used
    }
}

//! Class distribution: one vertical bar per label (normal blue, malicious red, unlabelled grey),
//! each with its count and share written above it.
//!
//! Input: a [`ClassDistributionView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::CategoryAxis;
use super::frame::{builder, themed, Frame};
use super::{format_count, ChartError, ClassDistributionView, ClassKind, Theme};

/// Half the width of a bar, in category units (a category is 1.0 wide).
const BAR_HALF: f64 = 0.3;

/// Draws the class distribution on `area`.
pub fn draw_class_distribution<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ClassDistributionView,
    theme: &Theme,
) -> Result<(), ChartError> {
    let entries: Vec<(&str, RGBColor)> =
        view.bars.iter().map(|b| (b.class.name(), class_colour(b.class, theme))).collect();
    let how_to_read = "Each bar counts the packets of one label; the percentage is its share of all packets.";
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let columns = view.bars.len().max(1);
    let max_packets = view.bars.iter().map(|b| b.packets).max().unwrap_or(0).max(1) as f64;
    let total = view.total().max(1) as f64;
    let axis = CategoryAxis::new(columns);
    let text = theme.tick_text();
    let mut chart = builder(&body)
        .x_label_area_size(theme.label_px * 3)
        .y_label_area_size(theme.tick_px * 3 + theme.label_px + 8)
        .build_cartesian_2d(axis, 0f64..max_packets * 1.2)?;
    let names: Vec<&str> = view.bars.iter().map(|b| b.class.name()).collect();
    let name_of = |x: &f64| axis.index_of(*x).and_then(|i| names.get(i)).copied().unwrap_or("").to_string();
    themed(&mut chart.configure_mesh(), theme)
        .disable_x_mesh()
        .y_labels(5)
        .x_label_formatter(&name_of)
        .y_label_formatter(&|y| format_count(*y))
        .x_desc("Label")
        .y_desc("Packets")
        .draw()?;
    for (i, bar) in view.bars.iter().enumerate() {
        let colour = class_colour(bar.class, theme);
        let x = i as f64 + 0.5;
        let rect = Rectangle::new([(x - BAR_HALF, 0.0), (x + BAR_HALF, bar.packets as f64)], colour.filled());
        chart.draw_series(std::iter::once(rect))?;
        let share = 100.0 * bar.packets as f64 / total;
        let caption = format!("{} ({share:.1}%)", format_count(bar.packets as f64));
        let style = text.clone().pos(Pos::new(HPos::Center, VPos::Bottom));
        chart.draw_series(std::iter::once(Text::new(
            caption,
            (x, bar.packets as f64 + max_packets * 0.02),
            style,
        )))?;
    }
    area.present()?;
    Ok(())
}

fn class_colour(class: ClassKind, theme: &Theme) -> RGBColor {
    match class {
        ClassKind::Normal => theme.normal,
        ClassKind::Malicious => theme.malicious,
        ClassKind::Unlabelled => theme.unlabelled,
    }
}

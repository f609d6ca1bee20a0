//! SHAP summary beeswarm: one row per feature (largest mean |SHAP| at the top), one dot per explained
//! packet at its SHAP value, coloured by the packet's feature value on shap's scale (blue low → red
//! high, grey missing) with a colour bar at the right.
//!
//! Input: a [`BeeswarmView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{draw_empty, Frame};
use super::rows::{row_y, value_range, Rows};
use super::{format_tick, BeeswarmView, ChartError, Theme};

/// Width of the colour bar strip at the right, pixels.
const COLOUR_BAR_PX: u32 = 58;

/// Draws the beeswarm on `area`.
pub fn draw_shap_beeswarm<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &BeeswarmView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let entries = [
        ("low feature value", theme.value_colour(Some(0.0))),
        ("high", theme.value_colour(Some(1.0))),
        ("missing", theme.unlabelled),
    ];
    let how_to_read = format!(
        "Each dot is a packet: right of 0 the feature pushed its probability towards malicious, left \
         towards normal; colour is the feature's value. Method: {}.",
        view.method
    );
    let body = Frame { title: &view.title, legend: &entries, how_to_read: &how_to_read }.draw(area, theme)?;
    let (width, height) = body.dim_in_pixel();
    let (main, bar) = body.split_horizontally(width.saturating_sub(COLOUR_BAR_PX));
    let values = view.features.iter().flat_map(|f| f.points.iter().map(|p| p.shap));
    let x = value_range(values.chain([0.01, -0.01]), 0.06);
    let rows = Rows {
        names: view.features.iter().map(|f| f.feature.as_str()).collect(),
        more: &view.more,
        x,
        x_desc: "SHAP value (change of probability)",
        x_format: &|v| format_tick(*v),
    };
    let n = rows.count();
    let mut chart = rows.build(&main, theme)?;
    let radius = if width < 500 { 2 } else { 3 };
    for (i, feature) in view.features.iter().enumerate() {
        let y = row_y(i, n);
        let dots = feature.points.iter().map(|p| {
            Circle::new((p.shap, y + p.offset), radius, theme.value_colour(p.colour).mix(0.85).filled())
        });
        chart.draw_series(dots)?;
    }
    chart.draw_series(LineSeries::new([(0.0, 0.0), (0.0, n as f64)], theme.axis))?;
    // Colour bar: a vertical gradient from low (bottom) to high (top).
    let (top, bottom) = (8i32, (height as i32 - theme.label_px as i32 * 3).max(40));
    let (left, right) = (14i32, 26i32);
    let steps = 24;
    for k in 0..steps {
        let t = (k as f64 + 0.5) / steps as f64;
        let y1 = bottom - (f64::from(bottom - top) * k as f64 / steps as f64) as i32;
        let y0 = bottom - (f64::from(bottom - top) * (k + 1) as f64 / steps as f64) as i32;
        bar.draw(&Rectangle::new([(left, y0), (right, y1)], theme.value_colour(Some(t)).filled()))?;
    }
    let font = theme.font(theme.note_px).color(&theme.text);
    bar.draw(&Text::new("high", (left - 6, top - 2), font.clone().pos(Pos::new(HPos::Left, VPos::Bottom))))?;
    bar.draw(&Text::new("low", (left - 2, bottom + 4), font.clone().pos(Pos::new(HPos::Left, VPos::Top))))?;
    let rotated = font.transform(FontTransform::Rotate270).pos(Pos::new(HPos::Center, VPos::Center));
    bar.draw(&Text::new("Feature value", (right + 14, (top + bottom) / 2), rotated))?;
    area.present()?;
    Ok(())
}

//! Legends drawn by hand: plotters' own series legend measures its text through the font layer (in the
//! browser, a `<span style=…>` the page's CSP blocks); this one measures through the backend, so the
//! canvas measures text with `measureText` and SVG with plotters' estimate.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{ChartError, Theme};

/// Which corner of the plotting area holds the legend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Corner {
    TopRight,
    BottomRight,
}

const SWATCH_PX: i32 = 14;
const PAD_PX: i32 = 8;
const INSET_PX: i32 = 10;

/// Draws a boxed legend of `entries` (name, colour) in `corner` of the plotting area `plot`
/// (backend pixel ranges, as `ChartContext::plotting_area().get_pixel_range()` gives them).
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: (Range<i32>, Range<i32>),
    entries: &[(&str, RGBColor)],
    corner: Corner,
    theme: &Theme,
) -> Result<(), ChartError> {
    if entries.is_empty() {
        return Ok(());
    }
    let font = (theme.font_family, theme.tick_px).into_font().color(&theme.text);
    let mut text_w = 0;
    for (name, _) in entries {
        text_w = text_w.max(area.estimate_text_size(name, &font)?.0 as i32);
    }
    let line_h = theme.tick_px as i32 + 8;
    let box_w = PAD_PX * 3 + SWATCH_PX + text_w;
    let box_h = PAD_PX * 2 + line_h * entries.len() as i32 - 8;
    let (base_x, base_y) = area.get_base_pixel();
    let right = plot.0.end - base_x - INSET_PX;
    let top = match corner {
        Corner::TopRight => plot.1.start - base_y + INSET_PX,
        Corner::BottomRight => plot.1.end - base_y - INSET_PX - box_h,
    };
    let left = right - box_w;
    area.draw(&Rectangle::new([(left, top), (right, top + box_h)], theme.background.mix(0.92).filled()))?;
    area.draw(&Rectangle::new([(left, top), (right, top + box_h)], theme.axis.stroke_width(1)))?;
    for (i, (name, colour)) in entries.iter().enumerate() {
        let centre_y = top + PAD_PX + line_h * i as i32 + (theme.tick_px as i32) / 2;
        let x = left + PAD_PX;
        let swatch = [(x, centre_y - SWATCH_PX / 2), (x + SWATCH_PX, centre_y + SWATCH_PX / 2)];
        area.draw(&Rectangle::new(swatch, colour.filled()))?;
        let style = font.clone().pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(name.to_string(), (x + SWATCH_PX + PAD_PX, centre_y), style))?;
    }
    Ok(())
}

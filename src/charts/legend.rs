//! The header of every chart: its title and, below it, a one-row legend — outside the plotting area, so
//! the legend never covers a bar. Text is measured through the backend (plotters' own series legend
//! measures through its font layer, which in the browser inserts a `<span style=…>` that the page's CSP
//! blocks); the canvas measures with `measureText`, SVG with plotters' estimate.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{ChartError, Theme};

const SWATCH_PX: i32 = 14;
const GAP_PX: i32 = 6;
const ENTRY_GAP_PX: i32 = 18;

/// Draws `title` and a legend of `entries` (name, colour) at the top of `area`; returns the area below.
pub(crate) fn draw_header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    entries: &[(&str, RGBColor)],
    theme: &Theme,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let title_font = (theme.font_family, theme.title_px).into_font().color(&theme.text);
    let font = (theme.font_family, theme.tick_px).into_font().color(&theme.text);
    let (width, _) = area.dim_in_pixel();
    let centre_x = width as i32 / 2;
    let title_top = 8;
    let legend_y = title_top + theme.title_px as i32 + 8 + theme.tick_px as i32 / 2;
    let header_px = (legend_y + theme.tick_px as i32 / 2 + 8) as u32;
    let title_style = title_font.pos(Pos::new(HPos::Center, VPos::Top));
    area.draw(&Text::new(title.to_string(), (centre_x, title_top), title_style))?;
    let mut widths = Vec::with_capacity(entries.len());
    for (name, _) in entries {
        widths.push(SWATCH_PX + GAP_PX + area.estimate_text_size(name, &font)?.0 as i32);
    }
    let total: i32 = widths.iter().sum::<i32>() + ENTRY_GAP_PX * (entries.len() as i32 - 1).max(0);
    let mut x = (centre_x - total / 2).max(4);
    for ((name, colour), entry_w) in entries.iter().zip(widths) {
        let swatch = [(x, legend_y - SWATCH_PX / 2), (x + SWATCH_PX, legend_y + SWATCH_PX / 2)];
        area.draw(&Rectangle::new(swatch, colour.filled()))?;
        let style = font.clone().pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(name.to_string(), (x + SWATCH_PX + GAP_PX, legend_y), style))?;
        x += entry_w + ENTRY_GAP_PX;
    }
    Ok(area.split_vertically(header_px).1)
}

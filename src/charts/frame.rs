//! The frame every chart shares: background, title, a legend (wrapped onto more rows when narrow) and,
//! at the bottom, one line saying how to read the chart; plus the chart that says why it is empty and
//! the mesh (axes, grid, tick labels) in the theme's style.
//!
//! Text is measured through the backend (plotters' own series legend measures through its font layer,
//! which in the browser inserts a `<span style=…>` that the page's CSP blocks); the canvas measures with
//! `measureText`, SVG with plotters' estimate.

use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::text::{ellipsize, wrap};
use super::{ChartError, Theme};

const SWATCH_PX: i32 = 14;
const GAP_PX: i32 = 6;
const ENTRY_GAP_PX: i32 = 18;
/// At most this many lines of the "how to read" text; the rest is cut with an ellipsis.
const MAX_NOTE_LINES: usize = 3;

/// What a chart's frame shows around its body.
pub(crate) struct Frame<'a> {
    /// Title, centred at the top.
    pub title: &'a str,
    /// Legend entries (name, colour), below the title.
    pub legend: &'a [(&'a str, RGBColor)],
    /// How to read the chart, in small grey type at the bottom.
    pub how_to_read: &'a str,
}

impl Frame<'_> {
    /// Fills `area`, draws title, legend and the "how to read" line; returns the area left for the body.
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<DrawingArea<DB, Shift>, ChartError> {
        area.fill(&theme.background)?;
        let (width, height) = area.dim_in_pixel();
        let usable = width.saturating_sub(16).max(40);
        let title_font = theme.font(theme.title_px).color(&theme.text);
        let title = ellipsize(area, self.title, &title_font, usable)?;
        let top = 8;
        let title_style = title_font.pos(Pos::new(HPos::Center, VPos::Top));
        area.draw(&Text::new(title, (width as i32 / 2, top), title_style))?;
        let mut y = top + theme.title_px as i32 + 6;
        if !self.legend.is_empty() {
            y = draw_legend(area, self.legend, y, theme)?;
        }
        let note_font = theme.font(theme.note_px).color(&theme.muted);
        let mut lines = wrap(area, self.how_to_read, &note_font, usable)?;
        if lines.len() > MAX_NOTE_LINES {
            lines.truncate(MAX_NOTE_LINES);
            if let Some(last) = lines.last_mut() {
                *last = ellipsize(area, &format!("{last}…"), &note_font, usable)?;
            }
        }
        let line_px = theme.note_px as i32 + 4;
        let note_top = height as i32 - 6 - line_px * lines.len() as i32;
        for (i, line) in lines.into_iter().enumerate() {
            let style = note_font.clone().pos(Pos::new(HPos::Center, VPos::Top));
            area.draw(&Text::new(line, (width as i32 / 2, note_top + i as i32 * line_px), style))?;
        }
        let body_top = (y + 4).max(0) as u32;
        let body_bottom = (note_top - 4).max(body_top as i32 + 1) as u32;
        let (_, rest) = area.split_vertically(body_top);
        Ok(rest.split_vertically(body_bottom - body_top).0)
    }
}

/// Draws the legend rows starting at `top` (centred, wrapped); returns the y below the last row.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(&str, RGBColor)],
    top: i32,
    theme: &Theme,
) -> Result<i32, ChartError> {
    let font = theme.tick_text();
    let width = area.dim_in_pixel().0 as i32;
    let max_row = width - 16;
    let mut rows: Vec<Vec<(String, RGBColor, i32)>> = vec![Vec::new()];
    let mut row_width = 0;
    for &(name, colour) in entries {
        let name = ellipsize(area, name, &font, (max_row - SWATCH_PX - GAP_PX).max(20) as u32)?;
        let entry = SWATCH_PX + GAP_PX + area.estimate_text_size(&name, &font)?.0 as i32;
        let row = rows.last().map_or(0, Vec::len);
        if row > 0 && row_width + ENTRY_GAP_PX + entry > max_row {
            rows.push(Vec::new());
            row_width = 0;
        }
        row_width += if row_width > 0 { ENTRY_GAP_PX } else { 0 } + entry;
        if let Some(last) = rows.last_mut() {
            last.push((name, colour, entry));
        }
    }
    let row_px = theme.tick_px as i32 + 8;
    for (r, row) in rows.iter().enumerate() {
        let total: i32 = row.iter().map(|e| e.2).sum::<i32>() + ENTRY_GAP_PX * (row.len() as i32 - 1).max(0);
        let centre_y = top + r as i32 * row_px + row_px / 2;
        let mut x = (width / 2 - total / 2).max(4);
        for (name, colour, entry) in row {
            let swatch = [(x, centre_y - SWATCH_PX / 2), (x + SWATCH_PX, centre_y + SWATCH_PX / 2)];
            area.draw(&Rectangle::new(swatch, colour.filled()))?;
            let style = font.clone().pos(Pos::new(HPos::Left, VPos::Center));
            area.draw(&Text::new(name.clone(), (x + SWATCH_PX + GAP_PX, centre_y), style))?;
            x += entry + ENTRY_GAP_PX;
        }
    }
    Ok(top + rows.len() as i32 * row_px)
}

/// Writes `line` (e.g. the values at the current threshold) in bold at the top of `body`, in `colour`;
/// returns the area below.
pub(crate) fn status_line<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    line: &str,
    colour: RGBColor,
    theme: &Theme,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let (width, _) = body.dim_in_pixel();
    let font = theme.font(theme.label_px).style(FontStyle::Bold).color(&colour);
    let usable = width.saturating_sub(16).max(40);
    let mut lines = wrap(body, line, &font, usable)?;
    if lines.len() > 2 {
        lines.truncate(2);
        lines[1] = ellipsize(body, &format!("{}…", lines[1]), &font, usable)?;
    }
    let line_px = theme.label_px + 4;
    let (top, rest) = body.split_vertically(line_px * lines.len() as u32 + 6);
    for (i, text) in lines.into_iter().enumerate() {
        let at = (width as i32 / 2, 2 + (i as u32 * line_px) as i32);
        top.draw(&Text::new(text, at, font.clone().pos(Pos::new(HPos::Center, VPos::Top))))?;
    }
    Ok(rest)
}

/// A chart with nothing to show: its title and, in the middle, why it is empty.
pub(crate) fn draw_empty<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    reason: &str,
    theme: &Theme,
) -> Result<(), ChartError> {
    let body = Frame { title, legend: &[], how_to_read: "" }.draw(area, theme)?;
    let (width, height) = body.dim_in_pixel();
    let font = theme.font(theme.label_px).color(&theme.muted);
    let lines = wrap(&body, reason, &font, width.saturating_sub(32).max(40))?;
    let line_px = theme.label_px as i32 + 6;
    let top = height as i32 / 2 - line_px * lines.len() as i32 / 2;
    for (i, line) in lines.into_iter().enumerate() {
        let style = font.clone().pos(Pos::new(HPos::Center, VPos::Top));
        body.draw(&Text::new(line, (width as i32 / 2, top + i as i32 * line_px), style))?;
    }
    area.present()?;
    Ok(())
}

/// The theme's look of a mesh: tick labels, axis descriptions, axis and grid lines.
pub(crate) fn themed<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    theme: &Theme,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB> {
    mesh.label_style(theme.tick_text())
        .axis_desc_style(theme.font(theme.label_px).color(&theme.text))
        .axis_style(theme.axis)
        .bold_line_style(theme.grid)
        .light_line_style(theme.background)
}

/// A chart builder on a frame's body with the margins every chart uses.
pub(crate) fn builder<'a, 'b, DB: DrawingBackend>(
    body: &'a DrawingArea<DB, Shift>,
) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(body);
    builder.margin(10).margin_top(4).margin_right(18);
    builder
}

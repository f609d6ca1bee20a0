//! Row charts: one horizontal row per named item (features, protocols), top to bottom, with names
//! ellipsized to at most 40 % of the width and an optional last row "… N more features".

use std::ops::Range;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::CategoryAxis;
use super::frame::{builder, themed};
use super::text::ellipsize;
use super::{ChartError, Theme};
use plotters::style::TextStyle;

/// Row names are cut to at most this width (or 40 % of the chart, if less).
const MAX_NAME_PX: u32 = 340;

/// The chart context of a row chart.
pub(crate) type RowContext<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, CategoryAxis>>;

/// The y (in axis units) of the centre of row `index` (0 = top) of `rows` rows.
pub(crate) fn row_y(index: usize, rows: usize) -> f64 {
    (rows - 1 - index) as f64 + 0.5
}

/// What a row chart's axes show.
pub(crate) struct Rows<'a> {
    /// Row names, top first.
    pub names: Vec<&'a str>,
    /// The text of an extra last row (e.g. `… 43 more features`), empty for none.
    pub more: &'a str,
    /// The value axis.
    pub x: Range<f64>,
    /// The value axis's description.
    pub x_desc: &'a str,
    /// Formats a value axis tick.
    pub x_format: &'a dyn Fn(&f64) -> String,
}

impl Rows<'_> {
    /// Number of rows on the axis (names + the "more" row).
    pub(crate) fn count(&self) -> usize {
        self.names.len() + usize::from(!self.more.is_empty())
    }

    /// Builds the chart on `body` and draws its mesh (no grid across rows).
    pub(crate) fn build<'a, DB: DrawingBackend>(
        &self,
        body: &'a DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<RowContext<'a, DB>, ChartError> {
        let text = theme.tick_text();
        let (width, _) = body.dim_in_pixel();
        let max_name = (width * 2 / 5).min(MAX_NAME_PX);
        let mut names = Vec::with_capacity(self.count());
        let mut longest = 0;
        for name in self.names.iter().copied().chain((!self.more.is_empty()).then_some(self.more)) {
            let fitted = fit_name(body, name, &text, max_name)?;
            longest = longest.max(body.estimate_text_size(&fitted, &text)?.0);
            names.push(fitted);
        }
        let rows = self.count().max(1);
        let axis = CategoryAxis::new(rows);
        let mut chart = builder(body)
            .x_label_area_size(theme.label_px * 3)
            .y_label_area_size((longest + 14).clamp(40, max_name + 14))
            .build_cartesian_2d(self.x.clone(), axis)?;
        let name_of =
            |y: &f64| axis.index_of(*y).and_then(|i| names.get(rows - 1 - i)).cloned().unwrap_or_default();
        themed(&mut chart.configure_mesh(), theme)
            .disable_y_mesh()
            .x_labels(6)
            .x_label_formatter(self.x_format)
            .y_label_formatter(&name_of)
            .x_desc(self.x_desc)
            .draw()?;
        Ok(chart)
    }
}

/// `name` fitted to `max_px`; a `feature = value` name keeps its value and cuts the feature name.
fn fit_name<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    name: &str,
    text: &TextStyle<'_>,
    max_px: u32,
) -> Result<String, ChartError> {
    let fitted = ellipsize(body, name, text, max_px)?;
    match name.rsplit_once(" = ") {
        Some((feature, value)) if fitted != name => {
            let suffix = format!(" = {value}");
            let suffix_px = body.estimate_text_size(&suffix, text)?.0;
            if suffix_px * 2 > max_px {
                return Ok(fitted);
            }
            Ok(ellipsize(body, feature, text, max_px - suffix_px)? + &suffix)
        }
        _ => Ok(fitted),
    }
}

/// A value range that holds `values` and 0, padded by `pad` of its span on the sides that hold data.
pub(crate) fn value_range(values: impl Iterator<Item = f64>, pad: f64) -> Range<f64> {
    let (mut low, mut high) = (0.0f64, 0.0f64);
    for v in values.filter(|v| v.is_finite()) {
        low = low.min(v);
        high = high.max(v);
    }
    if high - low <= 0.0 {
        return 0.0..1.0;
    }
    let span = high - low;
    let low = if low < 0.0 { low - span * pad } else { low };
    let high = if high > 0.0 { high + span * pad } else { high + span * 0.02 };
    low..high
}

/// A dashed line from `from` to `to` in data coordinates, as `count` dashes.
pub(crate) fn dashes(
    from: (f64, f64),
    to: (f64, f64),
    count: usize,
    style: ShapeStyle,
) -> Vec<PathElement<(f64, f64)>> {
    let count = count.max(1);
    let at = |t: f64| (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t);
    (0..count)
        .map(|k| {
            let t = k as f64 / count as f64;
            PathElement::new([at(t), at(t + 0.55 / count as f64)], style)
        })
        .collect()
}

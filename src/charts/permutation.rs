//! Permutation importance: per feature (most important at the top) the mean drop in ROC AUC when its
//! column is shuffled, an error bar of ± one standard deviation and a dot per repeat.
//!
//! Input: a [`PermutationView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{draw_empty, Frame};
use super::rows::{row_y, value_range, Rows};
use super::{format_tick, ChartError, PermutationView, Theme};

/// `0.0479 ± 0.0013`: both with the decimals that show the larger one to 3 significant digits.
pub(crate) fn mean_and_spread(mean: f64, std: f64) -> String {
    let largest = mean.abs().max(std.abs());
    let decimals = if largest > 0.0 && largest.is_finite() {
        (2 - largest.log10().floor() as i32).clamp(2, 8) as usize
    } else {
        3
    };
    format!("{mean:.decimals$} ± {std:.decimals$}")
}

/// Draws the permutation importances on `area`.
pub fn draw_permutation_importance<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &PermutationView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let colour = theme.series[2];
    let entries = [("mean drop", colour), ("± 1 std", theme.text), ("each repeat", theme.highlight)];
    let how_to_read = format!(
        "How much ROC AUC falls when one feature's values are shuffled ({} repeats): the longer the bar, \
         the more the model relies on it. Near 0 or below: the feature is not needed.",
        view.repeats
    );
    let body = Frame { title: &view.title, legend: &entries, how_to_read: &how_to_read }.draw(area, theme)?;
    let extremes =
        view.rows.iter().flat_map(|r| r.drops.iter().copied().chain([r.mean + r.std, r.mean - r.std]));
    let x = value_range(extremes, 0.3);
    let rows = Rows {
        names: view.rows.iter().map(|r| r.feature.as_str()).collect(),
        more: &view.more,
        x: x.clone(),
        x_desc: "Drop in ROC AUC",
        x_format: &|v| format_tick(*v),
    };
    let n = rows.count();
    let mut chart = rows.build(&body, theme)?;
    let font = theme.font(theme.note_px).color(&theme.text).pos(Pos::new(HPos::Left, VPos::Center));
    let pad = (x.end - x.start) * 0.015;
    for (i, row) in view.rows.iter().enumerate() {
        let y = row_y(i, n);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y - 0.3), (row.mean, y + 0.3)],
            Theme::tint(colour, 0.35).filled(),
        )))?;
        let (low, high) = (row.mean - row.std, row.mean + row.std);
        let whisker = theme.text.stroke_width(2);
        chart.draw_series([
            PathElement::new([(low, y), (high, y)], whisker),
            PathElement::new([(low, y - 0.18), (low, y + 0.18)], whisker),
            PathElement::new([(high, y - 0.18), (high, y + 0.18)], whisker),
        ])?;
        chart.draw_series(row.drops.iter().map(|&d| Circle::new((d, y), 3, theme.highlight.filled())))?;
        let end = row.drops.iter().copied().fold(high, f64::max);
        let label = mean_and_spread(row.mean, row.std);
        chart.draw_series(std::iter::once(Text::new(label, (end + pad, y), font.clone())))?;
    }
    chart.draw_series(LineSeries::new([(0.0, 0.0), (0.0, n as f64)], theme.axis))?;
    area.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::mean_and_spread;

    #[test]
    fn mean_and_spread_share_the_decimals_of_the_larger() {
        assert_eq!(mean_and_spread(0.04787, 0.0012993), "0.0479 ± 0.0013");
        assert_eq!(mean_and_spread(0.25, 0.01), "0.250 ± 0.010");
        assert_eq!(mean_and_spread(0.0, 0.0), "0.000 ± 0.000");
        assert_eq!(mean_and_spread(-0.0004, 0.0002), "-0.000400 ± 0.000200");
    }
}

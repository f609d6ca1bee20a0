//! Features ranked by drift: one PSI bar per feature (most drifted at the top), coloured by verdict, with
//! dashed lines at PSI 0.1 and 0.25 (Evidently's moderate / strong) and Jensen–Shannon and KS beside it.
//!
//! Input: a [`DriftRankingView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{draw_empty, Frame};
use super::rows::{row_y, value_range, Rows};
use super::{format_metric, ChartError, DriftRankingView, Theme};
use crate::drift::{Verdict, PSI_MODERATE, PSI_STRONG};

/// The colour of a verdict: grey none, amber moderate, red strong.
pub(crate) fn verdict_colour(verdict: Verdict, theme: &Theme) -> RGBColor {
    match verdict {
        Verdict::None => theme.unlabelled,
        Verdict::Moderate => theme.highlight,
        Verdict::Strong => theme.malicious,
    }
}

/// Draws the drift ranking on `area`.
pub fn draw_drift_ranking<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &DriftRankingView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme);
    }
    let [none, moderate, strong] = view.verdict_counts;
    let names = [
        format!("no drift ({none})"),
        format!("moderate, PSI ≥ 0.1 ({moderate})"),
        format!("strong, PSI ≥ 0.25 ({strong})"),
    ];
    let entries = [
        (names[0].as_str(), theme.unlabelled),
        (names[1].as_str(), theme.highlight),
        (names[2].as_str(), theme.malicious),
    ];
    let how_to_read = "PSI compares each feature's distribution in this file with training (0 = same). \
                       Features past the dashed lines drifted (0.1 moderate, 0.25 strong): the model's \
                       scores on them are less trustworthy. JS = Jensen–Shannon distance, KS = Kolmogorov–Smirnov.";
    let body = Frame { title: &view.title, legend: &entries, how_to_read }.draw(area, theme)?;
    let x = value_range(view.rows.iter().map(|r| r.psi).chain([PSI_STRONG * 1.2]), 0.4);
    let rows = Rows {
        names: view.rows.iter().map(|r| r.feature.as_str()).collect(),
        more: &view.more,
        x: x.clone(),
        x_desc: "Population stability index (PSI)",
        x_format: &|v| format!("{v:.2}"),
    };
    let n = rows.count();
    let mut chart = rows.build(&body, theme)?;
    let font = theme.font(theme.note_px).color(&theme.text).pos(Pos::new(HPos::Left, VPos::Center));
    let pad = (x.end - x.start) * 0.01;
    for (line, colour) in [(PSI_MODERATE, theme.highlight), (PSI_STRONG, theme.malicious)] {
        let dashes = (0..n * 4).map(|k| {
            let y0 = k as f64 * 0.25;
            PathElement::new([(line, y0), (line, y0 + 0.14)], colour.stroke_width(2))
        });
        chart.draw_series(dashes)?;
    }
    for (i, row) in view.rows.iter().enumerate() {
        let y = row_y(i, n);
        let colour = verdict_colour(row.verdict, theme);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y - 0.32), (row.psi, y + 0.32)],
            colour.filled(),
        )))?;
        let ks = row.ks.map_or("—".to_string(), |k| format!("{k:.2}"));
        let label = format!("{:.3} · JS {} · KS {ks}", row.psi, format_metric(Some(row.jensen_shannon)));
        chart.draw_series(std::iter::once(Text::new(label, (row.psi + pad, y), font.clone())))?;
    }
    area.present()?;
    Ok(())
}

//! Per-packet SHAP waterfall: from the base value (the average probability) at the bottom, each
//! feature's contribution (red raises, blue lowers the probability; largest at the top, with the
//! packet's value of the feature) up to the packet's probability at the top; the SHAP method named.
//!
//! Input: a [`WaterfallView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{draw_empty, status_line, Frame};
use super::rows::{dashes, row_y, Rows};
use super::{format_signed, ChartError, Theme, WaterfallView};

/// Feature names longer than this many characters are cut, so that the packet's value stays visible.
const NAME_CHARS: usize = 30;

fn shorten(name: &str) -> String {
    if name.chars().count() <= NAME_CHARS {
        name.to_string()
    } else {
        name.chars().take(NAME_CHARS - 1).collect::<String>() + "…"
    }
}

/// Draws the waterfall on `area`.
pub fn draw_shap_waterfall<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &WaterfallView,
    theme: &Theme,
) -> Result<(), ChartError> {
    if view.steps.is_empty() {
        return draw_empty(area, &view.title, "The model has no features to explain.", theme);
    }
    let entries = [("raises the probability", theme.malicious), ("lowers it", theme.normal)];
    let how_to_read = format!(
        "Starts at the base value {:.3} (the average probability) at the bottom; each bar adds one \
         feature's contribution, up to this packet's probability {:.3} at the top.",
        view.base_value, view.probability
    );
    let body = Frame { title: &view.title, legend: &entries, how_to_read: &how_to_read }.draw(area, theme)?;
    let body = status_line(&body, &format!("SHAP method: {}", view.method), theme.muted, theme)?;
    // Start of each step: the base plus the contributions of the steps below it.
    let mut starts = vec![0.0; view.steps.len()];
    let mut level = view.base_value;
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    for (i, step) in view.steps.iter().enumerate().rev() {
        starts[i] = level;
        level += finite(step.contribution);
    }
    let ends: Vec<f64> =
        view.steps.iter().zip(&starts).map(|(s, start)| start + finite(s.contribution)).collect();
    let all = starts
        .iter()
        .chain(&ends)
        .copied()
        .chain([view.base_value, view.probability])
        .filter(|v| v.is_finite());
    let (low, high) = match all.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(v), h.max(v))) {
        (low, high) if low <= high => (low, high),
        _ => (0.0, 1.0),
    };
    let span = (high - low).max(0.02);
    let x = (low - span * 0.08).max(-0.05)..(high + span * 0.3).min(1.3);
    let names: Vec<String> = view
        .steps
        .iter()
        .map(|s| {
            if s.value.is_empty() {
                s.feature.clone()
            } else {
                format!("{} = {}", shorten(&s.feature), s.value)
            }
        })
        .collect();
    // A blank row above and below leaves room for the probability and base captions.
    let padded: Vec<&str> = std::iter::once("").chain(names.iter().map(String::as_str)).chain([""]).collect();
    let rows = Rows {
        names: padded,
        more: "",
        x: x.clone(),
        x_desc: "Probability of malicious",
        x_format: &|v| format!("{v:.2}"),
    };
    let n = rows.count();
    let mut chart = rows.build(&body, theme)?;
    let font = theme.font(theme.note_px).color(&theme.text);
    let pad = (x.end - x.start) * 0.01;
    for (i, step) in view.steps.iter().enumerate() {
        let y = row_y(i + 1, n);
        let colour = if step.contribution >= 0.0 { theme.malicious } else { theme.normal };
        let (a, b) = (starts[i].min(ends[i]), starts[i].max(ends[i]));
        chart
            .draw_series(std::iter::once(Rectangle::new([(a, y - 0.32), (b, y + 0.32)], colour.filled())))?;
        let style = font.clone().pos(Pos::new(HPos::Left, VPos::Center));
        chart.draw_series(std::iter::once(Text::new(
            format_signed(step.contribution),
            (b + pad, y),
            style,
        )))?;
    }
    let grey = theme.axis.stroke_width(1);
    let top = n as f64 - 0.5;
    chart.draw_series(dashes((view.base_value, 0.5), (view.base_value, top), n * 3, grey))?;
    chart.draw_series(dashes((view.probability, 0.5), (view.probability, top), n * 3, grey))?;
    let bold = theme.font(theme.note_px).style(FontStyle::Bold).color(&theme.text);
    // Captions centred on their line, or leaning inwards near the plot's edges so they are not cut.
    let anchored = |at: f64| {
        let share = (at - x.start) / (x.end - x.start);
        let h = if share < 0.3 {
            HPos::Left
        } else if share > 0.7 {
            HPos::Right
        } else {
            HPos::Center
        };
        bold.clone().pos(Pos::new(h, VPos::Center))
    };
    let caption = format!("probability {:.3}", view.probability);
    let style = anchored(view.probability);
    chart.draw_series(std::iter::once(Text::new(caption, (view.probability, top + 0.1), style)))?;
    let caption = format!("base value {:.3}", view.base_value);
    let style = anchored(view.base_value);
    chart.draw_series(std::iter::once(Text::new(caption, (view.base_value, 0.4), style)))?;
    area.present()?;
    Ok(())
}

//! Activity over time: above, packets per second in each time bucket; below, the share of each bucket's
//! packets flagged malicious (red) and, when labelled, the share truly malicious (dark dashed); an
//! optional brushed time range highlighted in amber across both.
//!
//! Input: an [`ActivityView`] and a [`Theme`]. Output: the chart on the given drawing area.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{builder, draw_empty, themed, Frame};
use super::rows::dashes;
use super::{format_count, ActivityView, ChartError, Theme};

/// A time offset in seconds as an axis label: `45 s`, `12:30` (min:s), `2:05:00` (h:min:s).
pub fn format_elapsed(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    if s < 120 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{}:{:02}", s / 60, s % 60)
    } else {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    }
}

fn trim_zeros(text: String) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Draws the activity over time on `area`.
pub fn draw_activity<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ActivityView,
    theme: &Theme,
) -> Result<Option<TimeAxis>, ChartError> {
    if let Some(reason) = &view.empty_reason {
        return draw_empty(area, &view.title, reason, theme).map(|()| None);
    }
    let mut entries = vec![("packets per second", theme.series[0]), ("share flagged", theme.malicious)];
    if view.labelled {
        entries.push(("share labelled malicious", theme.text));
    }
    if view.brush.is_some() {
        entries.push(("selected time range", theme.highlight));
    }
    let how_to_read = format!(
        "Time runs left to right in buckets of {}. Above: traffic volume; below: the share of each bucket \
         flagged at threshold {}. A rise in red marks when an attack starts, its fall when it stops.",
        format_elapsed(view.bucket_s),
        super::format_threshold(view.threshold)
    );
    let body = Frame { title: &view.title, legend: &entries, how_to_read: &how_to_read }.draw(area, theme)?;
    let (_, height) = body.dim_in_pixel();
    let (upper, lower) = body.split_vertically(height * 45 / 100);
    let seconds = view.bins.len() as f64 * view.bucket_s;
    // The time axis in round units, so ticks fall on 10 min rather than 500 s.
    let (unit_s, unit) = match seconds {
        s if s <= 300.0 => (1.0, "s"),
        s if s <= 3.0 * 3600.0 => (60.0, "min"),
        s if s <= 3.0 * 86_400.0 => (3600.0, "h"),
        _ => (86_400.0, "days"),
    };
    let span = seconds / unit_s;
    let w = view.bucket_s / unit_s;
    let x_desc = format!("Time since the first packet ({unit})");
    let tick = |x: &f64| trim_zeros(format!("{x:.2}"));
    let rate = |packets: u64| packets as f64 / view.bucket_s;
    let max_rate = view.bins.iter().map(|b| rate(b.packets)).fold(0.0, f64::max).max(1.0);
    let y_area = theme.tick_px * 3 + theme.label_px + 8;
    let mut top = builder(&upper)
        .x_label_area_size(theme.tick_px + 10)
        .y_label_area_size(y_area)
        .build_cartesian_2d(0f64..span, 0f64..max_rate * 1.1)?;
    themed(&mut top.configure_mesh(), theme)
        .disable_x_mesh()
        .x_labels(8)
        .y_labels(4)
        .x_label_formatter(&tick)
        .y_label_formatter(&|y| format_count(*y))
        .y_desc("Packets / s")
        .draw()?;
    let mut bottom = builder(&lower)
        .x_label_area_size(theme.label_px * 3)
        .y_label_area_size(y_area)
        .build_cartesian_2d(0f64..span, 0f64..1.05f64)?;
    themed(&mut bottom.configure_mesh(), theme)
        .disable_x_mesh()
        .x_labels(8)
        .y_labels(5)
        .x_label_formatter(&tick)
        .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
        .x_desc(x_desc)
        .y_desc("Share")
        .draw()?;
    if let Some([from, to]) = view.brush {
        let at = |t: f64| ((t - view.start_s) / unit_s).clamp(0.0, span);
        let (a, b) = (at(from), at(to));
        let fill = theme.highlight.mix(0.25).filled();
        top.draw_series(std::iter::once(Rectangle::new([(a, 0.0), (b, max_rate * 1.1)], fill)))?;
        bottom.draw_series(std::iter::once(Rectangle::new([(a, 0.0), (b, 1.05)], fill)))?;
    }
    let bars = view.bins.iter().enumerate().filter(|(_, b)| b.packets > 0).map(|(i, b)| {
        let x = i as f64 * w;
        Rectangle::new([(x, 0.0), (x + w, rate(b.packets))], theme.series[0].filled())
    });
    top.draw_series(bars)?;
    // A step chart over the buckets that have packets: empty buckets (gaps in the capture) stay blank
    // instead of reading as "0 % flagged".
    let share = |count: u64, packets: u64| count as f64 / packets as f64;
    let tint = Theme::tint(theme.malicious, 0.75).filled();
    let line = theme.malicious.stroke_width(2);
    for (i, bin) in view.bins.iter().enumerate().filter(|(_, b)| b.packets > 0) {
        let (x0, x1) = (i as f64 * w, (i + 1) as f64 * w);
        let flagged = share(bin.flagged, bin.packets);
        bottom.draw_series([Rectangle::new([(x0, 0.0), (x1, flagged)], tint)])?;
        bottom.draw_series([PathElement::new([(x0, flagged), (x1, flagged)], line)])?;
    }
    if view.labelled {
        let truth = theme.text.stroke_width(2);
        let mut previous: Option<(usize, f64)> = None;
        for (i, bin) in view.bins.iter().enumerate().filter(|(_, b)| b.packets > 0) {
            let value = share(bin.malicious, bin.packets);
            let centre = (i as f64 + 0.5) * w;
            if let Some((j, last)) = previous.filter(|(j, _)| *j + 1 == i) {
                bottom.draw_series(dashes(((j as f64 + 0.5) * w, last), (centre, value), 1, truth))?;
            }
            previous = Some((i, value));
        }
    }
    area.present()?;
    let (x_px, _) = bottom.plotting_area().get_pixel_range();
    Ok(Some(TimeAxis {
        x0_px: x_px.start,
        x1_px: x_px.end,
        start_s: view.start_s,
        end_s: view.start_s + seconds,
    }))
}

/// Where the activity chart drew its time axis, so a front end can turn a pointer's x into a time
/// (brushing): pixel `x0_px` is `start_s`, `x1_px` is `end_s` (seconds of the capture's packet times).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TimeAxis {
    /// Left and right edges of the plotting area, in pixels of the drawing area.
    pub x0_px: i32,
    pub x1_px: i32,
    /// The times at those edges.
    pub start_s: f64,
    pub end_s: f64,
}

impl TimeAxis {
    /// The time at pixel `x` (clamped to the axis).
    pub fn time_at(&self, x: f64) -> f64 {
        let width = f64::from((self.x1_px - self.x0_px).max(1));
        let share = ((x - f64::from(self.x0_px)) / width).clamp(0.0, 1.0);
        self.start_s + share * (self.end_s - self.start_s)
    }
}

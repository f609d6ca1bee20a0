//! Colours and type sizes shared by every chart, so the page and the SVG snapshots look alike.

use plotters::style::RGBColor;

/// Colours and font sizes of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Fill of the whole chart area.
    pub background: RGBColor,
    /// Titles, tick labels and axis descriptions.
    pub text: RGBColor,
    /// Axis lines.
    pub axis: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// Packets labelled normal (blue).
    pub normal: RGBColor,
    /// Packets labelled malicious (red).
    pub malicious: RGBColor,
    /// Packets without a label (grey).
    pub unlabelled: RGBColor,
    /// CSS font family; only system fonts, nothing is downloaded.
    pub font_family: &'static str,
    /// Title size in pixels.
    pub title_px: u32,
    /// Axis description size in pixels.
    pub label_px: u32,
    /// Tick label and legend size in pixels.
    pub tick_px: u32,
}

impl Theme {
    /// The light theme for a chart of the given width: smaller type below 420 px (phone screens).
    pub fn for_width(width_px: u32) -> Self {
        let narrow = width_px < 420;
        Theme {
            background: RGBColor(255, 255, 255),
            text: RGBColor(33, 37, 41),
            axis: RGBColor(108, 117, 125),
            grid: RGBColor(226, 230, 234),
            normal: RGBColor(31, 119, 180),
            malicious: RGBColor(214, 39, 40),
            unlabelled: RGBColor(140, 140, 140),
            font_family: "sans-serif",
            title_px: if narrow { 16 } else { 20 },
            label_px: if narrow { 13 } else { 15 },
            tick_px: if narrow { 12 } else { 14 },
        }
    }
}

//! Colours and type sizes shared by every chart, so the page and the SVG snapshots look alike.

use plotters::style::{FontDesc, IntoFont, RGBColor, TextStyle};

/// Colours and font sizes of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Fill of the whole chart area.
    pub background: RGBColor,
    /// Titles, tick labels and axis descriptions.
    pub text: RGBColor,
    /// Secondary text: the "how to read" line, notes.
    pub muted: RGBColor,
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
    /// Emphasis of mistakes (false positives / negatives) and of the current threshold (amber).
    pub highlight: RGBColor,
    /// Colours of series that are not classes (data sources, metrics), in order.
    pub series: [RGBColor; 4],
    /// CSS font family; only system fonts, nothing is downloaded.
    pub font_family: &'static str,
    /// Title size in pixels.
    pub title_px: u32,
    /// Axis description size in pixels.
    pub label_px: u32,
    /// Tick label and legend size in pixels.
    pub tick_px: u32,
    /// Size of the "how to read" line and of notes, in pixels.
    pub note_px: u32,
}

impl Theme {
    /// The light theme for a chart of the given width: smaller type below 420 px (phone screens).
    pub fn for_width(width_px: u32) -> Self {
        let narrow = width_px < 420;
        Theme {
            background: RGBColor(255, 255, 255),
            text: RGBColor(33, 37, 41),
            muted: RGBColor(90, 98, 106),
            axis: RGBColor(108, 117, 125),
            grid: RGBColor(226, 230, 234),
            normal: RGBColor(31, 119, 180),
            malicious: RGBColor(214, 39, 40),
            unlabelled: RGBColor(140, 140, 140),
            highlight: RGBColor(245, 158, 11),
            series: [
                RGBColor(120, 120, 120),
                RGBColor(44, 160, 44),
                RGBColor(148, 103, 189),
                RGBColor(0, 150, 160),
            ],
            font_family: "sans-serif",
            title_px: if narrow { 16 } else { 20 },
            label_px: if narrow { 13 } else { 15 },
            tick_px: if narrow { 12 } else { 14 },
            note_px: if narrow { 12 } else { 13 },
        }
    }

    /// The chart font at `px` pixels.
    pub fn font(&self, px: u32) -> FontDesc<'static> {
        (self.font_family, px).into_font()
    }

    /// Tick-size text in the text colour.
    pub fn tick_text(&self) -> TextStyle<'static> {
        self.font(self.tick_px).color(&self.text)
    }

    /// The colour of a feature value on shap's scale: blue (low, 0) through purple to red (high, 1);
    /// `None` (missing) is grey.
    pub fn value_colour(&self, value: Option<f64>) -> RGBColor {
        let Some(t) = value.filter(|v| v.is_finite()).map(|v| v.clamp(0.0, 1.0)) else {
            return self.unlabelled;
        };
        let (low, mid, high) = ((0u8, 139u8, 251u8), (125u8, 60u8, 200u8), (255u8, 0u8, 81u8));
        let mix = |a: u8, b: u8, s: f64| (f64::from(a) + (f64::from(b) - f64::from(a)) * s).round() as u8;
        let ((a, b), s) = if t < 0.5 { ((low, mid), t * 2.0) } else { ((mid, high), t * 2.0 - 1.0) };
        RGBColor(mix(a.0, b.0, s), mix(a.1, b.1, s), mix(a.2, b.2, s))
    }

    /// A lighter version of `colour`: `share` of the way to white.
    pub fn tint(colour: RGBColor, share: f64) -> RGBColor {
        let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * share.clamp(0.0, 1.0)).round() as u8;
        RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
    }
}

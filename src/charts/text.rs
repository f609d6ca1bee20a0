//! Text helpers of the charts: numbers with sensible precision, and text fitted to a width (wrapped or
//! cut with an ellipsis), measured by the backend.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::ChartError;

/// Formats a packet count for an axis or a bar label: `950`, `12.5k`, `1.2M`.
pub fn format_count(count: f64) -> String {
    let abs = count.abs();
    if abs >= 1e6 {
        trim_decimal(format!("{:.1}", count / 1e6)) + "M"
    } else if abs >= 1e4 {
        trim_decimal(format!("{:.0}", count / 1e3)) + "k"
    } else if abs >= 1e3 {
        trim_decimal(format!("{:.1}", count / 1e3)) + "k"
    } else {
        format!("{:.0}", count)
    }
}

fn trim_decimal(s: String) -> String {
    match s.strip_suffix(".0") {
        Some(t) => t.to_string(),
        None => s,
    }
}

/// Formats an exact count with thousands separators: `1,234,567`.
pub fn format_thousands(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats a metric in [0, 1] (accuracy, AUC, a rate): three decimals, four when it is above 0.99 so that
/// 0.9987 and 0.9991 stay apart; `—` for an undefined value.
pub fn format_metric(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() && v > 0.99 && v < 1.0 => format!("{v:.4}"),
        Some(v) if v.is_finite() => format!("{v:.3}"),
        _ => "—".to_string(),
    }
}

/// Formats a threshold: two decimals from 0.1 up (`0.50`), else three significant digits (`0.0125`),
/// so that a small threshold is not shown as `0.01` or `0.00`.
pub fn format_threshold(t: f64) -> String {
    if !t.is_finite() || t == 0.0 || t.abs() >= 0.1 {
        return format!("{t:.2}");
    }
    let decimals = (2 - t.abs().log10().floor() as i32).clamp(2, 15) as usize;
    format!("{t:.decimals$}")
}

/// Formats a share as a percentage: `12.3%`, `0.04%` below 0.1 %, `0%` for exactly 0.
pub fn format_percent(share: f64) -> String {
    let percent = 100.0 * share;
    if !percent.is_finite() {
        "—".to_string()
    } else if percent == 0.0 {
        "0%".to_string()
    } else if percent.abs() < 0.1 {
        format!("{percent:.2}%")
    } else {
        format!("{percent:.1}%")
    }
}

/// Formats a signed contribution with three significant decimals and an explicit sign: `+0.123`, `−0.004`.
pub fn format_signed(value: f64) -> String {
    let magnitude = value.abs();
    let digits = if magnitude >= 0.01 || magnitude == 0.0 { 3 } else { 4 };
    let sign = if value < 0.0 { "−" } else { "+" };
    format!("{sign}{magnitude:.digits$}")
}

/// Formats a feature value compactly: integers as they are, others with 4 significant digits.
pub fn format_value(value: f64) -> String {
    if value.is_nan() {
        "missing".to_string()
    } else if value.is_infinite() {
        if value > 0.0 { "∞" } else { "−∞" }.to_string()
    } else if value.fract() == 0.0 && value.abs() < 1e9 {
        format!("{value:.0}")
    } else if value.abs() >= 1e4 || value.abs() < 1e-3 {
        format!("{value:.3e}")
    } else {
        let digits = (3 - value.abs().log10().floor() as i32).clamp(0, 6) as usize;
        let text = format!("{value:.digits$}");
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            text
        }
    }
}

/// Formats an axis tick: [`format_value`], with the rounding residue of ticks near 0 (`-1.4e-17`) shown as 0.
pub fn format_tick(value: f64) -> String {
    format_value(if value.abs() < 1e-9 { 0.0 } else { value })
}

/// Share of a width that text may take: plotters' SVG estimate is a little short for bold and wide
/// glyphs, so fitted text keeps this margin.
const FIT: f64 = 0.92;

/// Whether `text` fits `max_px` (with the [`FIT`] margin).
fn fits<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    max_px: u32,
) -> Result<bool, ChartError> {
    Ok(f64::from(area.estimate_text_size(text, style)?.0) <= f64::from(max_px) * FIT)
}

/// `text` cut (with `…`) so that it is at most `max_px` wide in `style`.
pub(crate) fn ellipsize<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    max_px: u32,
) -> Result<String, ChartError> {
    if fits(area, text, style, max_px)? {
        return Ok(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut low, mut high) = (0usize, chars.len());
    while low < high {
        let mid = (low + high).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if fits(area, &candidate, style, max_px)? {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    Ok(chars[..low].iter().collect::<String>().trim_end().to_string() + "…")
}

/// `text` broken at spaces into lines at most `max_px` wide (a word longer than a line is cut).
pub(crate) fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    max_px: u32,
) -> Result<Vec<String>, ChartError> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if line.is_empty() || fits(area, &candidate, style, max_px)? {
            line = candidate;
        } else {
            lines.push(ellipsize(area, &line, style, max_px)?);
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(ellipsize(area, &line, style, max_px)?);
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_keep_three_significant_digits_below_a_tenth() {
        assert_eq!(format_threshold(0.5), "0.50");
        assert_eq!(format_threshold(0.0125), "0.0125");
        assert_eq!(format_threshold(0.09), "0.0900");
        assert_eq!(format_threshold(3.78e-8), "0.0000000378");
        assert_eq!(format_threshold(0.0), "0.00");
    }

    #[test]
    fn counts_are_short_and_rounded() {
        assert_eq!(format_count(0.0), "0");
        assert_eq!(format_count(950.0), "950");
        assert_eq!(format_count(1000.0), "1k");
        assert_eq!(format_count(1250.0), "1.2k");
        assert_eq!(format_count(48_661.0), "49k");
        assert_eq!(format_count(247_430.0), "247k");
        assert_eq!(format_count(1_500_000.0), "1.5M");
    }

    #[test]
    fn metrics_keep_the_digits_that_differ() {
        assert_eq!(format_metric(Some(0.942)), "0.942");
        assert_eq!(format_metric(Some(0.99871)), "0.9987");
        assert_eq!(format_metric(Some(1.0)), "1.000");
        assert_eq!(format_metric(None), "—");
        assert_eq!(format_metric(Some(f64::NAN)), "—");
    }

    #[test]
    fn percents_signed_values_and_feature_values() {
        assert_eq!(format_thousands(0), "0");
        assert_eq!(format_thousands(1234567), "1,234,567");
        assert_eq!(format_thousands(999), "999");
        assert_eq!(format_percent(0.123), "12.3%");
        assert_eq!(format_percent(0.0004), "0.04%");
        assert_eq!(format_percent(0.0), "0%");
        assert_eq!(format_signed(0.1234), "+0.123");
        assert_eq!(format_signed(-0.00412), "−0.0041");
        assert_eq!(format_value(443.0), "443");
        assert_eq!(format_value(0.012345), "0.01235");
        assert_eq!(format_value(12.5), "12.5");
        assert_eq!(format_value(f64::NAN), "missing");
        assert_eq!(format_value(123456.7), "1.235e5");
        assert_eq!(format_tick(-1.388e-17), "0");
        assert_eq!(format_tick(0.05), "0.05");
    }
}

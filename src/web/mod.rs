//! The browser front end: the wasm-bindgen API the page and its worker call (the only place with web-sys).
//!
//! The worker calls [`inspect_capture`] (bytes → summary and chart view models, progress through a JS
//! callback); the main thread calls the `draw_*` functions with those view models and a canvas.
//! Errors cross as JS strings holding the same text the CLI prints (the error's `Display`).

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use self::canvas::MeasuredCanvas;
use crate::analysis::{self, CaptureSummary};
use crate::capture::ReadProgress;
use crate::charts::{self, ClassDistributionView, ProtocolBreakdownView, Theme};

mod canvas;
mod sample;
mod session;
#[cfg(test)]
mod tests;

/// What the worker sends back for one file: the summary and the view models of both charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageAnalysis {
    /// The capture summary the page lists.
    pub summary: CaptureSummary,
    /// View model of the protocol breakdown chart.
    pub protocols: ProtocolBreakdownView,
    /// View model of the class distribution chart.
    pub classes: ClassDistributionView,
    /// How the file wrote its `Time` column, in words (the CLI's "Time column" line).
    pub time_format: String,
}

impl PageAnalysis {
    /// The summary and the chart views computed from it.
    pub fn from_summary(summary: CaptureSummary) -> Self {
        let protocols = ProtocolBreakdownView::from_summary(&summary, ProtocolBreakdownView::TOP_PROTOCOLS);
        let classes = ClassDistributionView::from_summary(&summary);
        let time_format = summary.time_format.describe().to_string();
        PageAnalysis { summary, protocols, classes, time_format }
    }
}

/// Progress as the page's callback receives it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
struct ProgressMessage {
    bytes_read: u64,
    bytes_total: Option<u64>,
    rows_read: u64,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&format!("internal error: cannot pass a result to the page: {e}")))
}

fn from_js<T: for<'de> Deserialize<'de>>(value: JsValue) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| JsValue::from_str(&format!("internal error: malformed chart data: {e}")))
}

/// A progress callback for the stages: each report is passed to `callback` as a JS object. A failing
/// callback must not abort the work; the result still arrives.
fn progress_reporter<T: Serialize>(callback: &js_sys::Function) -> impl FnMut(T) + '_ {
    move |p: T| {
        if let Ok(value) = to_js(&p) {
            let _ = callback.call1(&JsValue::NULL, &value);
        }
    }
}

/// Installs a panic hook that logs Rust panics to the console; call once after loading the module.
#[wasm_bindgen]
pub fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

/// Reads a capture and returns `{ summary, protocols, classes }` (a [`PageAnalysis`]).
///
/// `on_progress` is called with `{ bytes_read, bytes_total, rows_read }` while reading. A capture that
/// cannot be read throws a string: the error's text, exactly as the CLI prints it.
#[wasm_bindgen]
pub fn inspect_capture(
    bytes: &[u8],
    file_name: &str,
    on_progress: &js_sys::Function,
) -> Result<JsValue, JsValue> {
    let mut report = |p: ReadProgress| {
        let message =
            ProgressMessage { bytes_read: p.bytes_read, bytes_total: p.bytes_total, rows_read: p.rows_read };
        if let Ok(value) = to_js(&message) {
            // A failing progress callback must not abort the read; the result still arrives.
            let _ = on_progress.call1(&JsValue::NULL, &value);
        }
    };
    let (_capture, summary) =
        analysis::inspect(bytes, file_name, &mut report).map_err(|e| JsValue::from_str(&e.to_string()))?;
    to_js(&PageAnalysis::from_summary(summary))
}

fn drawing_area(
    canvas: HtmlCanvasElement,
) -> Result<(plotters::drawing::DrawingArea<MeasuredCanvas, plotters::coord::Shift>, Theme), JsValue> {
    let theme = Theme::for_width(canvas.width());
    let backend = MeasuredCanvas::new(canvas)
        .ok_or_else(|| JsValue::from_str("this browser gives no 2D context for the chart canvas"))?;
    Ok((plotters::drawing::IntoDrawingArea::into_drawing_area(backend), theme))
}

/// Draws the protocol breakdown of `view` (the `protocols` of [`inspect_capture`]'s result) on `canvas`.
#[wasm_bindgen]
pub fn draw_protocol_breakdown(canvas: HtmlCanvasElement, view: JsValue) -> Result<(), JsValue> {
    let view: ProtocolBreakdownView = from_js(view)?;
    let (area, theme) = drawing_area(canvas)?;
    charts::draw_protocol_breakdown(&area, &view, &theme).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Draws the class distribution of `view` (the `classes` of [`inspect_capture`]'s result) on `canvas`.
#[wasm_bindgen]
pub fn draw_class_distribution(canvas: HtmlCanvasElement, view: JsValue) -> Result<(), JsValue> {
    let view: ClassDistributionView = from_js(view)?;
    let (area, theme) = drawing_area(canvas)?;
    charts::draw_class_distribution(&area, &view, &theme).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Draws the chart `name` (a key of the worker's chart views, e.g. `confusion`, `roc`, `activity`) of
/// `view` on `canvas`. Returns `undefined`, except for `activity`: its time axis in canvas pixels
/// ([`charts::TimeAxis`]), for brushing a time range with the pointer.
#[wasm_bindgen]
pub fn draw_chart(name: &str, canvas: HtmlCanvasElement, view: JsValue) -> Result<JsValue, JsValue> {
    let (area, theme) = drawing_area(canvas)?;
    let drawn = match name {
        "metrics_summary" => charts::draw_metrics_summary(&area, &from_js(view)?, &theme),
        "confusion" => charts::draw_confusion_matrix(&area, &from_js(view)?, &theme),
        "label_comparison" => charts::draw_label_comparison(&area, &from_js(view)?, &theme),
        "errors_by_protocol" => charts::draw_errors_by_protocol(&area, &from_js(view)?, &theme),
        "roc" => charts::draw_roc_curve(&area, &from_js(view)?, &theme),
        "pr" => charts::draw_pr_curve(&area, &from_js(view)?, &theme),
        "threshold_curve" => charts::draw_threshold_curve(&area, &from_js(view)?, &theme),
        "correlation" => charts::draw_correlation(&area, &from_js(view)?, &theme),
        "feature_drift" => charts::draw_feature_drift(&area, &from_js(view)?, &theme),
        "drift_ranking" => charts::draw_drift_ranking(&area, &from_js(view)?, &theme),
        "shap_beeswarm" => charts::draw_shap_beeswarm(&area, &from_js(view)?, &theme),
        "shap_importance" => charts::draw_shap_importance(&area, &from_js(view)?, &theme),
        "shap_waterfall" => charts::draw_shap_waterfall(&area, &from_js(view)?, &theme),
        "permutation" => charts::draw_permutation_importance(&area, &from_js(view)?, &theme),
        "activity" => {
            let axis = charts::draw_activity(&area, &from_js(view)?, &theme);
            let axis = axis.map_err(|e| JsValue::from_str(&e.to_string()))?;
            return axis.map_or(Ok(JsValue::UNDEFINED), |a| to_js(&a));
        }
        other => return Err(JsValue::from_str(&format!("internal error: no chart named {other:?}"))),
    };
    drawn.map(|()| JsValue::UNDEFINED).map_err(|e| JsValue::from_str(&e.to_string()))
}

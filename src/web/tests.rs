//! wasm-bindgen tests of the web API, run under Node by `cargo xtask test`.

use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use super::{from_js, inspect_capture, to_js, PageAnalysis};
use crate::analysis::{CaptureSummary, LabelCounts, ProtocolCount};
use crate::capture::{read_capture, SkippedRow};

fn no_progress() -> js_sys::Function {
    js_sys::Function::new_no_args("")
}

#[wasm_bindgen_test]
fn page_analysis_crosses_the_boundary_unchanged() {
    let summary = CaptureSummary {
        file_name: "a.csv".to_string(),
        rows_read: 9_007_199_254_740_000,
        packets: 3,
        skipped_count: 1,
        skipped: vec![SkippedRow { line: 4, reason: "Length `x` is not a number".to_string() }],
        captures: 1,
        time_span_s: 1.5,
        labels: Some(LabelCounts { normal: 2, malicious: 1, unlabelled: 0 }),
        protocols: vec![ProtocolCount { protocol: "TCP".to_string(), total: 3, normal: 2, malicious: 1 }],
    };
    let page = PageAnalysis::from_summary(summary);
    let value = to_js(&page).expect("serialises");
    let back: PageAnalysis = from_js(value).expect("deserialises");
    assert_eq!(back, page);
}

#[wasm_bindgen_test]
fn an_unreadable_capture_throws_the_cli_error_text() {
    let garbage = [0u8, 159, 146, 150, 255, 0, 1, 2];
    let expected =
        read_capture(&garbage, "garbage.bin", &mut |_| {}).expect_err("garbage is rejected").to_string();
    let thrown = inspect_capture(&garbage, "garbage.bin", &no_progress()).expect_err("garbage is rejected");
    assert_eq!(thrown.as_string(), Some(expected));
}

#[wasm_bindgen_test]
fn malformed_chart_data_is_an_error_not_a_panic() {
    let err = from_js::<crate::charts::ClassDistributionView>(JsValue::from_f64(3.0)).expect_err("rejected");
    assert!(err.as_string().is_some_and(|s| s.starts_with("internal error: malformed chart data")));
}

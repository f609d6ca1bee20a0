//! wasm-bindgen tests of the web API, run under Node by `cargo xtask test`.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{from_js, inspect_capture, to_js, PageAnalysis};
use crate::analysis::{CaptureSummary, LabelCounts, ProtocolCount};
use crate::capture::{read_capture, SkippedRow, TimeFormat};

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
        repaired_count: 1,
        repaired: vec![SkippedRow { line: 2, reason: "Info was split".to_string() }],
        captures: 1,
        time_span_s: 1.5,
        time_format: TimeFormat::MinutesClock,
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
fn a_small_csv_is_read_through_the_web_api() {
    let csv = b"No.,Time,Source,Destination,Protocol,Length,Info,label\n\
        1,0.000000,192.0.2.1,198.51.100.7,TCP,60,\"1000  >  80 [SYN] Seq=0\",malicious\n\
        2,0.500000,198.51.100.7,192.0.2.1,TCP,60,\"80  >  1000 [SYN, ACK] Seq=0 Ack=1\",normal\n\
        3,0.750000,192.0.2.1,198.51.100.7,DNS,x,Standard query,normal\n\
        4,1.250000,192.0.2.1,198.51.100.53,DNS,80,Standard query 0x0001 A example.com,normal\n";
    let calls = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let counter = calls.clone();
    let on_progress = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |p: JsValue| {
        assert!(js_sys::Reflect::get(&p, &"rows_read".into()).is_ok_and(|v| v.as_f64().is_some()));
        counter.set(counter.get() + 1);
    });
    let value = inspect_capture(csv, "tiny.csv", on_progress.as_ref().unchecked_ref()).expect("reads");
    let page: PageAnalysis = from_js(value).expect("a page analysis");
    assert_eq!((page.summary.rows_read, page.summary.packets, page.summary.skipped_count), (4, 3, 1));
    assert_eq!(page.summary.skipped[0].line, 4);
    assert_eq!(page.summary.labels, Some(LabelCounts { normal: 2, malicious: 1, unlabelled: 0 }));
    assert_eq!(page.summary.time_span_s, 1.25);
    let bars: Vec<(&str, u64)> =
        page.protocols.bars.iter().map(|b| (b.protocol.as_str(), b.total())).collect();
    assert_eq!(bars, vec![("TCP", 2), ("DNS", 1)]);
    assert_eq!(page.classes.total(), 3);
    assert!(calls.get() >= 1, "the progress callback was never called");
}

#[wasm_bindgen_test]
fn malformed_chart_data_is_an_error_not_a_panic() {
    let err = from_js::<crate::charts::ClassDistributionView>(JsValue::from_f64(3.0)).expect_err("rejected");
    assert!(err.as_string().is_some_and(|s| s.starts_with("internal error: malformed chart data")));
}

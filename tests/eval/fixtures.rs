//! Loading `tests/fixtures/eval/*.json` (written by `tools/make_eval_fixtures.py`; null = NaN or +∞).
use serde_json::Value;

/// The metrics fixture.
pub fn metrics() -> Value {
    serde_json::from_str(include_str!("../fixtures/eval/metrics.json")).expect("metrics.json parses")
}

/// The drift fixture.
pub fn drift() -> Value {
    serde_json::from_str(include_str!("../fixtures/eval/drift.json")).expect("drift.json parses")
}

/// A number, `null` read as `missing`.
pub fn number(value: &Value, missing: f64) -> f64 {
    value.as_f64().unwrap_or(missing)
}

/// An array of numbers, `null` read as `missing`.
pub fn numbers(value: &Value, missing: f64) -> Vec<f64> {
    value.as_array().expect("an array").iter().map(|v| number(v, missing)).collect()
}

/// An array of booleans.
pub fn booleans(value: &Value) -> Vec<bool> {
    value.as_array().expect("an array").iter().map(|v| v.as_bool().expect("a bool")).collect()
}

/// An array of counts.
pub fn counts(value: &Value) -> Vec<u64> {
    value.as_array().expect("an array").iter().map(|v| v.as_u64().expect("a count")).collect()
}

/// Asserts `|actual − expected| ≤ 1e-12` (or both NaN / equal infinities), naming `what`.
pub fn close(actual: f64, expected: f64, what: &str) {
    let same =
        actual == expected || (actual.is_nan() && expected.is_nan()) || (actual - expected).abs() <= 1e-12;
    assert!(same, "{what}: got {actual}, reference {expected} (diff {:e})", actual - expected);
}

/// [`close`] element-wise, lengths equal.
pub fn all_close(actual: &[f64], expected: &[f64], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    for (index, (&a, &e)) in actual.iter().zip(expected).enumerate() {
        close(a, e, &format!("{what}[{index}]"));
    }
}

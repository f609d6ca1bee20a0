//! ROC AUC: ties, errors, and against scikit-learn's `roc_auc_score` on a fixture.

use anomalyze::eval::{roc_auc, EvalError};

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn ties_between_classes_count_half() {
    // Mann–Whitney by hand: pairs (pos, neg) = (0.8 > 0.5) 1, (0.8 > 0.2) 1, (0.5 = 0.5) ½, (0.5 > 0.2) 1.
    let labels = [true, false, true, false];
    let scores = [0.8, 0.5, 0.5, 0.2];
    assert!((roc_auc(&labels, &scores).unwrap() - 3.5 / 4.0).abs() < 1e-15);
    assert_eq!(roc_auc(&[true, false], &[0.3, 0.3]).unwrap(), 0.5);
    assert_eq!(roc_auc(&[false, true], &[0.1, 0.9]).unwrap(), 1.0);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn one_class_nan_and_length_mismatch_are_errors() {
    assert_eq!(roc_auc(&[true, true], &[0.1, 0.2]), Err(EvalError::OneClass { class: "positive", count: 2 }));
    assert_eq!(roc_auc(&[true, false], &[0.1, f64::NAN]), Err(EvalError::NanScore { row: 1 }));
    assert_eq!(roc_auc(&[true], &[0.1, 0.2]), Err(EvalError::LengthMismatch { labels: 1, scores: 2 }));
}

#[derive(serde::Deserialize)]
struct RocFixture {
    labels: Vec<bool>,
    scores: Vec<f64>,
    roc_auc: f64,
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn equals_scikit_learn_roc_auc_score_with_many_ties() {
    let fixture: RocFixture = serde_json::from_str(include_str!("../fixtures/explain/roc_auc.json")).unwrap();
    let ours = roc_auc(&fixture.labels, &fixture.scores).unwrap();
    assert!((ours - fixture.roc_auc).abs() <= 1e-12, "{ours} vs {}", fixture.roc_auc);
}

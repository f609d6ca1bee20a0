//! Inference against the reference fixtures: LightGBM `predict(raw_score=True)` / `predict()` and
//! scikit-learn `predict_proba`, ≤ 1e-12 relative; batch, single row and the tree walk agree.

use anomalyze::model::{load_model, Aggregation};
use anomalyze::score::{score_row, score_rows};

use super::fixtures::{assert_relative, flat, table, CASES};

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn raw_and_probability_match_the_reference_on_every_fixture() {
    for case in CASES {
        let model = load_model(case.model.as_bytes()).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let input = table(case.input);
        let expected = table(case.expected);
        assert_eq!(input.header, model.feature_names(), "{}", case.name);
        assert_eq!(input.rows.len(), expected.rows.len(), "{}", case.name);
        let scores = score_rows(&model, &flat(&input)).unwrap();
        for (row, want) in expected.rows.iter().enumerate() {
            assert_relative(case.name, "raw", row, scores.raw[0][row], want[0], 1e-12);
            assert_relative(case.name, "probability", row, scores.probability[row], want[1], 1e-12);
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn single_row_scoring_equals_the_batch() {
    for case in CASES {
        let model = load_model(case.model.as_bytes()).unwrap();
        let input = table(case.input);
        let batch = score_rows(&model, &flat(&input)).unwrap();
        for (r, row) in input.rows.iter().enumerate() {
            let one = score_row(&model, row).unwrap();
            assert_eq!(one.raw[0].to_bits(), batch.raw[0][r].to_bits(), "{} row {r}", case.name);
            assert_eq!(one.probability.to_bits(), batch.probability[r].to_bits(), "{} row {r}", case.name);
        }
    }
}

/// The fast flat predictor and `Tree::next_node` (the semantics SHAP walks) reach the same leaves.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn flat_predictor_equals_the_tree_walk() {
    for case in CASES {
        let model = load_model(case.model.as_bytes()).unwrap();
        let input = table(case.input);
        let batch = score_rows(&model, &flat(&input)).unwrap();
        let component = &model.components()[0];
        for (r, row) in input.rows.iter().enumerate() {
            let prepared: Vec<f64> = row.iter().map(|&x| component.prepare_value(x)).collect();
            let sum: f64 = component.trees().iter().map(|t| t.predict(&prepared)).sum();
            let raw = match component.aggregation() {
                Aggregation::Sum => sum,
                Aggregation::Mean => sum / component.trees().len() as f64,
            };
            assert_eq!(raw.to_bits(), batch.raw[0][r].to_bits(), "{} row {r}", case.name);
        }
    }
}

/// The SHAP fixtures (for the explain module) are consistent with the raw fixtures: every row's
/// contributions plus bias sum to the reference raw score (LightGBM's and shap's local accuracy).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn shap_fixtures_sum_to_the_reference_raw_score() {
    for case in CASES {
        let shap = table(case.shap);
        let expected = table(case.expected);
        assert_eq!(shap.header.last().map(String::as_str), Some("bias"), "{}", case.name);
        for (row, (contrib, want)) in shap.rows.iter().zip(&expected.rows).enumerate() {
            let total: f64 = contrib.iter().sum();
            assert!((total - want[0]).abs() <= 1e-9 * want[0].abs().max(1.0), "{} row {row}", case.name);
        }
    }
}

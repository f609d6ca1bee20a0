//! TreeSHAP against LightGBM `pred_contrib` and shap's `TreeExplainer` on fixtures written by
//! `tools/make_explain_fixtures.py`.

use anomalyze::explain::{ComponentExplainer, EnsembleExplainer, ShapMethod, TreeShapAlgorithm, Workspace};
use anomalyze::features::FeatureMatrix;
use anomalyze::model::{load_model, Ensemble};
use ndarray::Array2;
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    /// LightGBM model text or the project's model file.
    model: String,
    rows: Vec<Vec<Option<f64>>>,
    #[serde(default)]
    raw: Vec<f64>,
    #[serde(default)]
    probability: Vec<f64>,
    #[serde(default)]
    background: Vec<Vec<Option<f64>>>,
    contrib: Vec<Vec<f64>>,
}

/// The fixtures, embedded so the same tests run under wasm32 (no file system there).
fn load(name: &str) -> Fixture {
    let text = match name {
        "lgbm_binary.json" => include_str!("../fixtures/explain/lgbm_binary.json"),
        "lgbm_zero_missing.json" => include_str!("../fixtures/explain/lgbm_zero_missing.json"),
        "lgbm_rf.json" => include_str!("../fixtures/explain/lgbm_rf.json"),
        "forest.json" => include_str!("../fixtures/explain/forest.json"),
        "lgbm_interventional.json" => include_str!("../fixtures/explain/lgbm_interventional.json"),
        _ => panic!("no fixture {name}"),
    };
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn ensemble(fixture: &Fixture) -> Ensemble {
    load_model(fixture.model.as_bytes()).unwrap()
}

fn dense(rows: &[Vec<Option<f64>>]) -> Vec<Vec<f64>> {
    rows.iter().map(|r| r.iter().map(|v| v.unwrap_or(f64::NAN)).collect()).collect()
}

fn matrix(rows: &[Vec<f64>], names: &[String]) -> FeatureMatrix {
    let flat: Vec<f64> = rows.iter().flatten().copied().collect();
    FeatureMatrix::new(Array2::from_shape_vec((rows.len(), names.len()), flat).unwrap(), names.to_vec())
        .unwrap()
}

/// Raw-space TreeSHAP of the single component against the fixture, ≤ `tolerance` absolute.
fn check_component(name: &str, tolerance: f64) {
    let fixture = load(name);
    let ensemble = ensemble(&fixture);
    let n = ensemble.n_features();
    let component = &ensemble.components()[0];
    for algorithm in [TreeShapAlgorithm::PathDependent, TreeShapAlgorithm::Linear] {
        let explainer = ComponentExplainer::new(component, 0, n, algorithm).unwrap();
        let mut workspace = Workspace::default();
        for (i, row) in dense(&fixture.rows).iter().enumerate() {
            let mut out = vec![0.0; n + 1];
            explainer.explain_row(row, &mut workspace, &mut out).unwrap();
            let raw = explainer.raw_score(row, &mut workspace);
            assert!(
                (raw - fixture.raw[i]).abs() <= 1e-12 * fixture.raw[i].abs().max(1.0),
                "{name} row {i}: raw {raw} vs {}",
                fixture.raw[i]
            );
            for (k, (a, b)) in out.iter().zip(&fixture.contrib[i]).enumerate() {
                assert!((a - b).abs() <= tolerance, "{name} {algorithm:?} row {i} value {k}: {a} vs {b}");
            }
            let raw = explainer.raw_score(row, &mut workspace);
            assert!((raw - fixture.raw[i]).abs() <= 1e-12 * fixture.raw[i].abs().max(1.0), "{name} row {i}");
            assert!((out.iter().sum::<f64>() - raw).abs() <= 1e-9, "{name} row {i}: local accuracy");
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn lightgbm_pred_contrib_with_nan_and_categorical_splits() {
    check_component("lgbm_binary.json", 1e-9);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn lightgbm_pred_contrib_with_zero_as_missing() {
    check_component("lgbm_zero_missing.json", 1e-9);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn lightgbm_rf_pred_contrib_divided_by_the_tree_count() {
    check_component("lgbm_rf.json", 1e-9);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn shap_tree_explainer_on_a_scikit_learn_forest() {
    check_component("forest.json", 1e-9);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn shap_interventional_probability_output_on_lightgbm() {
    let fixture = load("lgbm_interventional.json");
    let ensemble = ensemble(&fixture);
    let names = ensemble.feature_names();
    let background = matrix(&dense(&fixture.background), names);
    let rows = matrix(&dense(&fixture.rows), names);
    let explainer = EnsembleExplainer::new(
        &ensemble,
        ShapMethod::Interventional,
        Some(&background),
        TreeShapAlgorithm::Linear,
    )
    .unwrap();
    let shap = explainer.explain_rows(&rows, 0..rows.n_rows()).unwrap();
    for i in 0..shap.n_rows() {
        assert!((shap.probability[i] - fixture.probability[i]).abs() <= 1e-12, "row {i}");
        for (k, (a, b)) in shap.row(i).iter().zip(&fixture.contrib[i]).enumerate() {
            // shap's own values miss LightGBM's probability by up to ~1e-8 (it rounds more internally).
            assert!((a - b).abs() <= 1e-7, "row {i} value {k}: {a} vs {b}");
        }
    }
}

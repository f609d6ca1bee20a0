//! TreeSHAP on every fixture of the engine's `tools/make_fixtures.py` (LightGBM `pred_contrib`, divided
//! by the tree count for `rf`; shap `TreeExplainer` class 1 for scikit-learn forests), ≤ 1e-9 absolute.

use anomalyze::explain::{ComponentExplainer, TreeShapAlgorithm, Workspace};
use anomalyze::model::load_model;

use crate::engine::fixtures::{table, CASES};

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn tree_shap_matches_the_reference_on_every_engine_fixture() {
    for case in CASES {
        let ensemble = load_model(case.model.as_bytes()).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let (input, shap) = (table(case.input), table(case.shap));
        let n = ensemble.n_features();
        assert_eq!(shap.header.len(), n + 1, "{}", case.name);
        assert_eq!(input.rows.len(), shap.rows.len(), "{}", case.name);
        for algorithm in [TreeShapAlgorithm::PathDependent, TreeShapAlgorithm::Linear] {
            let explainer = ComponentExplainer::new(&ensemble.components()[0], 0, n, algorithm).unwrap();
            let mut workspace = Workspace::default();
            let mut out = vec![0.0; n + 1];
            for (r, (row, want)) in input.rows.iter().zip(&shap.rows).enumerate() {
                explainer.explain_row(row, &mut workspace, &mut out).unwrap();
                for (k, (a, b)) in out.iter().zip(want).enumerate() {
                    let name = &shap.header[k];
                    assert!(
                        (a - b).abs() <= 1e-9,
                        "{} {algorithm:?} row {r} {name}: ours {a}, reference {b}",
                        case.name
                    );
                }
                let raw = explainer.raw_score(row, &mut workspace);
                assert!(
                    (out.iter().sum::<f64>() - raw).abs() <= 1e-9,
                    "{} row {r}: local accuracy",
                    case.name
                );
            }
        }
    }
}

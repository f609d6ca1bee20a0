//! Ensemble SHAP in probability space: sums, the rescaled and interventional methods, errors.

use anomalyze::explain::{
    EnsembleExplainer, ExplainError, ShapMethod, SplitMix64, TreeShapAlgorithm, Workspace,
};
use anomalyze::features::FeatureMatrix;
use anomalyze::model::{Aggregation, Ensemble, Output};
use ndarray::Array2;

use super::random_trees::{brute_force_shapley, component, random_row, random_trees};

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn matrix(rows: &[Vec<f64>]) -> FeatureMatrix {
    let n = rows[0].len();
    let flat: Vec<f64> = rows.iter().flatten().copied().collect();
    let names = (0..n).map(|i| format!("f{i}")).collect();
    FeatureMatrix::new(Array2::from_shape_vec((rows.len(), n), flat).unwrap(), names).unwrap()
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("f{i}")).collect()
}

/// A boosted (sigmoid) and a forest (identity, leaves in [0, 1]) component with weights 2 : 1.
fn mixed_ensemble(rng: &mut SplitMix64, n_features: usize) -> Ensemble {
    let sigmoid = Output::Sigmoid { scale: 1.0 };
    let boosted = component(random_trees(rng, 4, n_features, 5), Aggregation::Sum, sigmoid, false);
    let boosted = boosted.with_name("gbdt").with_weight(2.0).unwrap();
    let mut trees = random_trees(rng, 3, n_features, 6);
    trees.iter_mut().for_each(|t| t.leaf_value.iter_mut().for_each(|v| *v = (*v + 2.0) / 4.0));
    let forest = component(trees, Aggregation::Mean, Output::Identity, true).with_name("forest");
    Ensemble::new(names(n_features), vec![boosted, forest]).unwrap()
}

/// The ensemble probability by inference (the engine's scorer): what the values must add up to.
fn probability(ensemble: &Ensemble, row: &[f64]) -> f64 {
    anomalyze::score::score_row(ensemble, row).unwrap().probability
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn values_sum_to_the_ensemble_probability_with_both_methods() {
    let mut rng = SplitMix64::new(21);
    let ensemble = mixed_ensemble(&mut rng, 5);
    let rows: Vec<Vec<f64>> = (0..30).map(|_| random_row(&mut rng, 5)).collect();
    let data = matrix(&rows);
    for method in [ShapMethod::Rescaled, ShapMethod::Interventional] {
        let explainer =
            EnsembleExplainer::new(&ensemble, method, Some(&data), TreeShapAlgorithm::Linear).unwrap();
        let shap = explainer.explain_rows(&data, 5..25).unwrap();
        assert_eq!((shap.n_rows(), shap.first_row, shap.method), (20, 5, method));
        for k in 0..shap.n_rows() {
            let expected = probability(&ensemble, &rows[5 + k]);
            let values = shap.row(k);
            assert!((values.iter().sum::<f64>() - expected).abs() <= 1e-12, "{method:?} row {k}");
            assert!((shap.probability[k] - expected).abs() <= 1e-12);
            assert_eq!(values[5], explainer.base_value());
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn rescaled_values_keep_the_log_odds_signs_and_proportions() {
    let mut rng = SplitMix64::new(22);
    let full = mixed_ensemble(&mut rng, 4);
    let ensemble = Ensemble::new(names(4), vec![full.components()[0].clone()]).unwrap();
    let explainer =
        EnsembleExplainer::new(&ensemble, ShapMethod::Rescaled, None, TreeShapAlgorithm::Linear).unwrap();
    let raw = anomalyze::explain::ComponentExplainer::new(
        &ensemble.components()[0],
        0,
        4,
        TreeShapAlgorithm::Linear,
    )
    .unwrap();
    let mut workspace = Workspace::default();
    for _ in 0..20 {
        let row = random_row(&mut rng, 4);
        let (mut p, mut r) = (vec![0.0; 5], vec![0.0; 5]);
        let probability = explainer.explain_row(&row, &mut workspace, &mut p).unwrap();
        raw.explain_row(&row, &mut workspace, &mut r).unwrap();
        let margin: f64 = r.iter().sum();
        let factor = (sigmoid(margin) - sigmoid(r[4])) / (margin - r[4]);
        for i in 0..4 {
            assert!((p[i] - r[i] * factor).abs() <= 1e-15, "{p:?} vs {r:?}");
        }
        assert!((p[4] - sigmoid(r[4])).abs() <= 1e-15);
        assert!((probability - sigmoid(margin)).abs() <= 1e-15);
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn interventional_values_equal_brute_force_per_background_row() {
    let mut rng = SplitMix64::new(23);
    for case in 0..40 {
        let n_features = 1 + rng.below(7) as usize;
        let scale = 1.0 + case as f64 / 20.0;
        let trees = random_trees(&mut rng, 3, n_features, 6);
        let sigmoid_component = component(trees, Aggregation::Sum, Output::Sigmoid { scale }, false);
        let ensemble = Ensemble::new(names(n_features), vec![sigmoid_component]).unwrap();
        let background: Vec<Vec<f64>> = (0..3).map(|_| random_row(&mut rng, n_features)).collect();
        let data = matrix(&background);
        let explainer = EnsembleExplainer::new(
            &ensemble,
            ShapMethod::Interventional,
            Some(&data),
            TreeShapAlgorithm::Linear,
        )
        .unwrap();
        let f = |x: &[f64]| -> f64 {
            ensemble.components()[0].trees().iter().map(|t| t.leaf_value[t.leaf_index(x)]).sum()
        };
        let x = random_row(&mut rng, n_features);
        let mut expected = vec![0.0; n_features + 1];
        for b in &background {
            let game = |s: u32| {
                let hybrid: Vec<f64> =
                    (0..n_features).map(|i| if s & (1 << i) != 0 { x[i] } else { b[i] }).collect();
                f(&hybrid)
            };
            let phi = brute_force_shapley(n_features, game);
            let (m_x, m_b) = (f(&x), f(b));
            let factor = if m_x == m_b {
                scale * sigmoid(scale * m_x) * (1.0 - sigmoid(scale * m_x))
            } else {
                (sigmoid(scale * m_x) - sigmoid(scale * m_b)) / (m_x - m_b)
            };
            for i in 0..n_features {
                expected[i] += phi[i] * factor / 3.0;
            }
            expected[n_features] += sigmoid(scale * m_b) / 3.0;
        }
        let mut ours = vec![0.0; n_features + 1];
        explainer.explain_row(&x, &mut Workspace::default(), &mut ours).unwrap();
        for i in 0..=n_features {
            assert!(
                (ours[i] - expected[i]).abs() <= 1e-12,
                "case {case} value {i}: {ours:?} vs {expected:?}"
            );
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn interventional_without_background_is_an_error() {
    let mut rng = SplitMix64::new(24);
    let ensemble = mixed_ensemble(&mut rng, 3);
    let error =
        EnsembleExplainer::new(&ensemble, ShapMethod::Interventional, None, TreeShapAlgorithm::Linear)
            .unwrap_err();
    assert_eq!(error, ExplainError::EmptyBackground);
    assert!(ShapMethod::Interventional.description().contains("background"));
    assert!(ShapMethod::Rescaled.description().contains("rescaled"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn rows_outside_the_matrix_are_an_error() {
    let mut rng = SplitMix64::new(25);
    let ensemble = mixed_ensemble(&mut rng, 3);
    let data = matrix(&[random_row(&mut rng, 3), random_row(&mut rng, 3)]);
    let explainer =
        EnsembleExplainer::new(&ensemble, ShapMethod::Rescaled, None, TreeShapAlgorithm::Linear).unwrap();
    let error = explainer.explain_rows(&data, 1..3).unwrap_err();
    assert_eq!(error, ExplainError::RowRange { start: 1, end: 3, n_rows: 2 });
    assert!(error.to_string().contains("rows 1..3 requested but the matrix has 2 rows"));
}

//! Permutation importance against scikit-learn's `permutation_importance` (in distribution), and
//! its determinism and errors.

use anomalyze::explain::permutation::{permutation_importance, PermutationOptions};
use anomalyze::explain::{ComponentExplainer, ExplainError, TreeShapAlgorithm, Workspace};
use anomalyze::features::FeatureMatrix;
use anomalyze::model::Ensemble;
use ndarray::Array2;
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    ensemble: Ensemble,
    rows: Vec<Vec<f64>>,
    labels: Vec<bool>,
    n_repeats: usize,
    baseline: f64,
    mean: Vec<f64>,
    std: Vec<f64>,
}

fn load() -> (Fixture, FeatureMatrix) {
    let fixture: Fixture =
        serde_json::from_str(include_str!("../fixtures/explain/permutation.json")).unwrap();
    let (n, m) = (fixture.rows.len(), fixture.ensemble.feature_names.len());
    let flat = fixture.rows.iter().flatten().copied().collect();
    let matrix = FeatureMatrix::new(
        Array2::from_shape_vec((n, m), flat).unwrap(),
        fixture.ensemble.feature_names.clone(),
    )
    .unwrap();
    (fixture, matrix)
}

fn run(
    fixture: &Fixture,
    matrix: &FeatureMatrix,
    seed: u64,
) -> anomalyze::explain::permutation::PermutationImportance {
    let n = matrix.n_features();
    let explainer =
        ComponentExplainer::new(&fixture.ensemble.components[0], 0, n, TreeShapAlgorithm::Linear).unwrap();
    let mut workspace = Workspace::default();
    let options = PermutationOptions { n_repeats: fixture.n_repeats, seed, ..PermutationOptions::default() };
    let mut calls = Vec::new();
    let result = permutation_importance(
        matrix,
        &fixture.labels,
        |row| explainer.raw_score(row, &mut workspace),
        &options,
        |done, total| calls.push((done, total)),
    )
    .unwrap();
    assert_eq!(calls, (1..=n).map(|d| (d, n)).collect::<Vec<_>>());
    result
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn means_match_scikit_learn_within_their_spread() {
    let (fixture, matrix) = load();
    let ours = run(&fixture, &matrix, 1);
    assert!((ours.baseline - fixture.baseline).abs() <= 1e-12, "{} vs {}", ours.baseline, fixture.baseline);
    let k = fixture.n_repeats as f64;
    for (f, feature) in ours.features.iter().enumerate() {
        // Two means of k shuffles each differ by a normal variable of std σ·√(2/k); allow 4 of those.
        let spread = fixture.std[f].max(feature.std);
        let allowed = 4.0 * spread * (2.0 / k).sqrt() + 1e-12;
        let gap = (feature.mean - fixture.mean[f]).abs();
        assert!(
            gap <= allowed,
            "{}: mean {} vs scikit-learn {} (allowed {allowed})",
            feature.feature,
            feature.mean,
            fixture.mean[f]
        );
        assert!(
            feature.std <= 2.0 * fixture.std[f] + 1e-9 && fixture.std[f] <= 2.0 * feature.std + 1e-9,
            "{}: std {} vs scikit-learn {}",
            feature.feature,
            feature.std,
            fixture.std[f]
        );
        assert_eq!(feature.drops.len(), fixture.n_repeats);
    }
    // The informative features rank first, as in scikit-learn.
    assert!(ours.features[0].mean > ours.features[2].mean && ours.features[1].mean > ours.features[3].mean);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_same_seed_gives_the_same_result_and_another_seed_another() {
    let (fixture, matrix) = load();
    let a = run(&fixture, &matrix, 7);
    assert_eq!(a, run(&fixture, &matrix, 7));
    assert_ne!(a.features[0].drops, run(&fixture, &matrix, 8).features[0].drops);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn zero_repeats_and_wrong_label_count_are_errors() {
    let (fixture, matrix) = load();
    let options = PermutationOptions { n_repeats: 0, ..PermutationOptions::default() };
    let error = permutation_importance(&matrix, &fixture.labels, |_| 0.5, &options, |_, _| {}).unwrap_err();
    assert_eq!(error, ExplainError::NoRepeats);
    let error = permutation_importance(
        &matrix,
        &fixture.labels[1..],
        |_| 0.5,
        &PermutationOptions::default(),
        |_, _| {},
    )
    .unwrap_err();
    assert_eq!(error, ExplainError::LabelCount { labels: 299, rows: 300 });
}

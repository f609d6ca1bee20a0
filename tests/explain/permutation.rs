//! Permutation importance against scikit-learn's `permutation_importance` (in distribution), and
//! its determinism and errors.

use anomalyze::explain::permutation::{permutation_importance, PermutationImportance, PermutationOptions};
use anomalyze::explain::ExplainError;
use anomalyze::features::FeatureMatrix;
use anomalyze::model::{load_model, Ensemble};
use anomalyze::score::score_row;
use ndarray::Array2;
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    model: String,
    rows: Vec<Vec<f64>>,
    labels: Vec<bool>,
    n_repeats: usize,
    baseline: f64,
    mean: Vec<f64>,
    std: Vec<f64>,
}

fn load() -> (Fixture, Ensemble, FeatureMatrix) {
    let fixture: Fixture =
        serde_json::from_str(include_str!("../fixtures/explain/permutation.json")).unwrap();
    let ensemble = load_model(fixture.model.as_bytes()).unwrap();
    let (n, m) = (fixture.rows.len(), ensemble.n_features());
    let flat = fixture.rows.iter().flatten().copied().collect();
    let values = Array2::from_shape_vec((n, m), flat).unwrap();
    let matrix = FeatureMatrix::new(values, ensemble.feature_names().to_vec()).unwrap();
    (fixture, ensemble, matrix)
}

/// Permutation importance of the ensemble probability (the engine's scorer), checking the progress calls.
fn run(fixture: &Fixture, ensemble: &Ensemble, matrix: &FeatureMatrix, seed: u64) -> PermutationImportance {
    let options = PermutationOptions { n_repeats: fixture.n_repeats, seed, ..PermutationOptions::default() };
    let mut calls = Vec::new();
    let score = |row: &[f64]| score_row(ensemble, row).unwrap().probability;
    let result = permutation_importance(matrix, &fixture.labels, score, &options, |done, total| {
        calls.push((done, total))
    })
    .unwrap();
    let n = matrix.n_features();
    assert_eq!(calls, (1..=n).map(|d| (d, n)).collect::<Vec<_>>());
    result
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn means_match_scikit_learn_within_their_spread() {
    let (fixture, ensemble, matrix) = load();
    let ours = run(&fixture, &ensemble, &matrix, 1);
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
    let (fixture, ensemble, matrix) = load();
    let a = run(&fixture, &ensemble, &matrix, 7);
    assert_eq!(a, run(&fixture, &ensemble, &matrix, 7));
    assert_ne!(a.features[0].drops, run(&fixture, &ensemble, &matrix, 8).features[0].drops);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn zero_repeats_and_wrong_label_count_are_errors() {
    let (fixture, _, matrix) = load();
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

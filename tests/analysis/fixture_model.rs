//! The page's test model (`tests/browser/fixtures/sample.model.json`): a small GBDT + forest trained by
//! the crate's own trainer on the shipped sample capture (`www/sample.csv`), with its schema and
//! threshold. This test retrains it and checks the committed file is exactly what the trainer makes
//! (`ANOMALYZE_ACCEPT_FIXTURES=1` rewrites it), so the fixture's provenance is this code.

use std::path::PathBuf;

use anomalyze::analysis::model::PageModel;
use anomalyze::capture::{read_capture, Label};
use anomalyze::features::FeatureSchema;
use anomalyze::model::to_model_file;
use anomalyze::train::{
    ensemble_of, train_forest, train_gbdt, Dataset, ForestParams, GbdtParams, Parallelism,
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Trains the fixture model and returns the model file text.
pub fn train_sample_model() -> String {
    let bytes = std::fs::read(root().join("www/sample.csv")).expect("www/sample.csv");
    let capture = read_capture(&bytes, "sample.csv", &mut |_| {}).expect("the sample reads");
    let schema = FeatureSchema::fit(&capture.packets);
    let all = schema.transform(&capture.packets).expect("features");
    let behavioural = all.select_columns(&schema.behavioural_indices()).expect("columns");
    let labels: Vec<bool> = capture.packets.iter().map(|p| p.label == Some(Label::Malicious)).collect();
    let data = Dataset::new(&behavioural, &labels, None, 255, Parallelism::Sequential).expect("dataset");
    let gbdt_params = GbdtParams { num_iterations: 40, num_leaves: 15, seed: 7, ..Default::default() };
    let gbdt_params = gbdt_params.check().expect("params");
    let gbdt = train_gbdt(&data, &gbdt_params, None, Parallelism::Sequential, &mut |_| {}).expect("gbdt");
    let forest_params = ForestParams { n_estimators: 25, max_depth: Some(8), seed: 7, ..Default::default() };
    let forest_params = forest_params.check().expect("params");
    let forest = train_forest(&data, &forest_params, Parallelism::Sequential, &mut |_| {}).expect("forest");
    let components = vec![gbdt.with_name("gbdt"), forest.with_name("forest")];
    let ensemble = ensemble_of(behavioural.names().to_vec(), components, &[1.0, 1.0]).expect("ensemble");
    let mut file: serde_json::Value = serde_json::from_str(&to_model_file(&ensemble)).expect("json");
    let schema_value: serde_json::Value = serde_json::from_str(&schema.to_json()).expect("schema json");
    file["threshold"] = serde_json::json!(0.5);
    file["schema"] = schema_value;
    file["card"] = serde_json::json!({
        "name": "Test model (sample capture)",
        "trained_on": "www/sample.csv: 3,627 synthetic packets (a test fixture, not for real traffic)",
        "notes": "Trained by tests/analysis/fixture_model.rs: GBDT 40 rounds x 15 leaves + forest 25 trees of depth 8, behavioural features only.",
    });
    serde_json::to_string(&file).expect("serialises") + "\n"
}

#[test]
fn the_committed_sample_model_is_what_the_trainer_makes() {
    let path = root().join("tests/browser/fixtures/sample.model.json");
    let trained = train_sample_model();
    if std::env::var_os("ANOMALYZE_ACCEPT_FIXTURES").is_some() {
        std::fs::write(&path, &trained).expect("write the fixture");
    }
    let committed =
        std::fs::read_to_string(&path).expect("the fixture exists (ANOMALYZE_ACCEPT_FIXTURES=1 writes it)");
    assert!(committed == trained, "{} differs from a fresh training run", path.display());
    let model = PageModel::load(committed.as_bytes()).expect("the page loads it");
    assert_eq!(model.threshold, 0.5);
    assert!(model.threshold_from_file && model.schema.is_some() && model.card.is_some());
}

//! The page's test model (`tests/browser/fixtures/sample.model.json`): a small GBDT + forest trained by
//! the crate's training pipeline on the shipped sample capture (`www/sample.csv`), a version-2 model
//! file with schema, threshold and card. This test retrains it and checks the committed file is exactly
//! what the pipeline makes (`ANOMALYZE_ACCEPT_FIXTURES=1` rewrites it), so its provenance is this code.

use std::path::PathBuf;

use anomalyze::analysis::model::PageModel;
use anomalyze::capture::read_capture;
use anomalyze::model::write_model_file;
use anomalyze::train::{
    default_forest, default_gbdt, sha256_hex, train_model, Parallelism, TrainInput, TrainOptions,
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Trains the fixture model and returns the model file text.
pub fn train_sample_model() -> String {
    let bytes = std::fs::read(root().join("www/sample.csv")).expect("www/sample.csv");
    let capture = read_capture(&bytes, "sample.csv", &mut |_| {}).expect("the sample reads");
    let input = TrainInput { name: "sample.csv".to_string(), sha256: sha256_hex(&bytes), capture };
    let mut options = TrainOptions { seed: 7, ..Default::default() };
    options.gbdt = anomalyze::train::GbdtParams { num_iterations: 40, num_leaves: 15, ..default_gbdt() };
    options.forest =
        anomalyze::train::ForestParams { n_estimators: 25, max_depth: Some(8), ..default_forest() };
    options.command = Some("tests/analysis/fixture_model.rs (test fixture)".to_string());
    let model = train_model(&[input], &options, Parallelism::Sequential, &mut |_| {}).expect("trains");
    write_model_file(&model).expect("writes") + "\n"
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
    assert!(model.threshold_from_file && model.schema.is_some() && model.card.is_some());
}

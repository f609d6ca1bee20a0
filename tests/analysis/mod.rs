//! The analysis façade the page calls: model loading checks, scoring by chunks, views at a threshold,
//! the scored CSV and its formula-injection guard.

mod export;
mod fixture_model;
mod views;

use anomalyze::analysis::model::PageModel;
use anomalyze::analysis::scored::{score_capture, ScoredCapture};

/// The sample capture scored by the fixture model.
pub fn scored_sample() -> (PageModel, ScoredCapture) {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let model_text =
        std::fs::read(root.join("tests/browser/fixtures/sample.model.json")).expect("fixture model");
    let model = PageModel::load(&model_text).expect("loads");
    let bytes = std::fs::read(root.join("www/sample.csv")).expect("sample");
    let scored = score_capture(&bytes, "sample.csv", &model, &mut |_| {}).expect("scores");
    (model, scored)
}

//! The bundled default model (`models/anomalyze.model.json`) and its card: training is reproduced byte
//! for byte (a reduced configuration of the same code, so the debug test run stays short), the model
//! meets its size limits and takes no capture-identifying input, its card records the attack labels and
//! the quality views, and `models/MODEL_CARD.md` is the card's current rendering.

use crate::capture::seed::seed_bytes;
use anomalyze::capture::read_capture;
use anomalyze::eval::ThresholdPolicy;
use anomalyze::features::FEATURES;
use anomalyze::model::{model_card_markdown, read_model_file, write_model_file};
use anomalyze::train::{
    gzip_len, sha256_hex, train_model, ForestParams, GbdtParams, LabelSource, Parallelism, RelabellingRecord,
    TrainInput, TrainOptions,
};

const MODEL: &str = include_str!("../../models/anomalyze.model.json");
const MODEL_CARD: &str = include_str!("../../models/MODEL_CARD.md");
/// SHA-256 of the model file that [`reduced_options`] train from the seed data.
const REDUCED_SHA256: &str = include_str!("../fixtures/relabel/reduced_model.sha256");

/// The bundled model's options (see its card's command) at a reduced size: same labels, policy, leaf
/// limits, split and seed; 12 boosting rounds of 7 leaves, a forest of 4 trees of depth 6.
fn reduced_options() -> TrainOptions {
    TrainOptions {
        gbdt: GbdtParams {
            num_iterations: 12,
            num_leaves: 7,
            min_data_in_leaf: 2,
            ..anomalyze::train::default_gbdt()
        },
        forest: ForestParams {
            n_estimators: 4,
            max_depth: Some(6),
            min_samples_leaf: 1,
            ..anomalyze::train::default_forest()
        },
        policy: ThresholdPolicy::RecallAtLeast { target: 1.0 },
        labels: LabelSource::Attack,
        command: Some("reduced configuration of tests/train/bundled.rs".to_owned()),
        ..TrainOptions::default()
    }
}

#[test]
fn reduced_training_of_the_bundled_configuration_is_reproduced_byte_for_byte() {
    let Some(bytes) = seed_bytes() else { return };
    let capture = read_capture(&bytes, "combined.csv.zip", &mut |_| {}).unwrap();
    let input = TrainInput { name: "combined.csv.zip".to_owned(), sha256: sha256_hex(&bytes), capture };
    let model = train_model(&[input], &reduced_options(), Parallelism::Threads, &mut |_| {}).unwrap();
    let text = write_model_file(&model).unwrap();
    let card = model.card.as_ref().unwrap();
    let record: RelabellingRecord = serde_json::from_value(card.relabelling.clone().unwrap()).unwrap();
    assert_eq!(record.labels, "attack");
    assert_eq!(
        record.summary.total.attack, 189_472,
        "the relabelling's attack packets (docs/relabelling.md)"
    );
    assert!(card.quality.is_some() && card.activity.is_some());
    assert_eq!(
        sha256_hex(text.as_bytes()),
        REDUCED_SHA256.trim(),
        "training no longer reproduces the committed model: if the change is intended, update \
         tests/fixtures/relabel/reduced_model.sha256 and retrain models/anomalyze.model.json with the \
         command in its card"
    );
}

#[test]
fn bundled_model_meets_its_limits_and_records_its_labels() {
    let model = read_model_file(MODEL).expect("the bundled model loads");
    assert!(MODEL.len() <= 4_000_000, "{} bytes", MODEL.len());
    let gz = gzip_len(MODEL.as_bytes()).unwrap();
    assert!(gz <= 1_500_000, "{gz} bytes gzipped");
    let card = model.card.as_ref().expect("a card");
    let command = card.command.as_deref().unwrap_or_default();
    assert!(
        command.starts_with("anomalyze train ../shared/data/combined.csv.zip -o models/anomalyze.model.json"),
        "{command}"
    );
    assert!(command.contains("--labels attack"), "{command}");
    let identifying: Vec<&str> = FEATURES.iter().filter(|f| f.identifies_capture).map(|f| f.name).collect();
    assert!(!identifying.is_empty());
    for name in model.ensemble.feature_names() {
        assert!(!identifying.contains(&name.as_str()), "the bundled model uses {name}");
    }
    let record: RelabellingRecord = serde_json::from_value(card.relabelling.clone().unwrap()).unwrap();
    assert_eq!(record.labels, "attack");
    // The quality bar of the card, view (a): recall ≥ 0.99 at specificity ≥ 0.99 on the new data.
    let q = card.quality.as_ref().expect("quality views");
    assert!(q.attack.recall.unwrap() >= 0.99 && q.attack.specificity.unwrap() >= 0.99, "{:?}", q.attack);
    assert!(card.ablation.as_ref().is_some_and(|a| a.len() >= 8), "the ablation is in the card");
    assert!(card.tradeoff.as_ref().is_some_and(|t| t.len() >= 3), "the size trade-off is in the card");
    if let Some(bytes) = seed_bytes() {
        assert_eq!(card.data[0].sha256, sha256_hex(&bytes), "trained on the seed data");
    }
}

#[test]
fn model_card_md_is_the_rendering_of_the_bundled_card() {
    let model = read_model_file(MODEL).unwrap();
    let rendered = model_card_markdown(&model).unwrap();
    assert!(
        rendered == MODEL_CARD,
        "models/MODEL_CARD.md is out of date: run `cargo run --release -- model card \
         models/anomalyze.model.json > models/MODEL_CARD.md`"
    );
}

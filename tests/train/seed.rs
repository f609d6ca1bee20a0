//! Boosting vs LightGBM on the seed data (issue 4 §6): our test ROC AUC within 0.002 of LightGBM's with
//! the same parameters, on the behavioural features of the whole seed capture. LightGBM's figure, the
//! feature list and the row split come from tools/make_seed_train_reference.py →
//! tests/fixtures/train/seed_reference.json (training rows: packet index % 8 == 0, test rows: % 8 == 4).

use anomalyze::capture::{read_capture, Label};
use anomalyze::features::{FeatureMatrix, FeatureSchema};
use anomalyze::train::{train_gbdt, Dataset, GbdtParams, Parallelism};
use serde_json::Value;

use super::reference::test_auc;
use crate::capture::seed::seed_bytes;
use crate::train::data::Split;

const REFERENCE: &str = include_str!("../fixtures/train/seed_reference.json");

/// Rows `index % stride == offset` of the behavioural columns.
fn rows(matrix: &FeatureMatrix, labels: &[bool], columns: &[usize], stride: usize, offset: usize) -> Split {
    let picked: Vec<usize> = (offset..matrix.n_rows()).step_by(stride).collect();
    let values = matrix.values().select(ndarray::Axis(0), &picked).select(ndarray::Axis(1), columns);
    let names = columns.iter().map(|&c| matrix.names()[c].clone()).collect();
    Split {
        features: FeatureMatrix::new(values, names).unwrap(),
        labels: picked.iter().map(|&r| labels[r]).collect(),
    }
}

#[test]
fn boosting_matches_lightgbm_auc_on_the_seed_behavioural_features() {
    let Some(bytes) = seed_bytes() else { return };
    let reference: Value = serde_json::from_str(REFERENCE).unwrap();
    let capture = read_capture(&bytes, "combined.csv.zip", &mut |_| {}).unwrap();
    assert_eq!(Some(capture.packets.len() as u64), reference["rows"].as_u64(), "seed rows");
    let schema = FeatureSchema::fit(&capture.packets);
    let matrix = schema.transform(&capture.packets).unwrap();
    let columns = schema.behavioural_indices();
    let names: Vec<&str> = columns.iter().map(|&c| matrix.names()[c].as_str()).collect();
    let expected: Vec<&str> =
        reference["features"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(names, expected, "behavioural features changed: rerun tools/make_seed_train_reference.py");
    let labels: Vec<bool> = capture.packets.iter().map(|p| p.label == Some(Label::Malicious)).collect();
    let count = |key: &str| reference[key].as_u64().unwrap() as usize;
    let train = rows(&matrix, &labels, &columns, count("stride"), count("train_offset"));
    let test = rows(&matrix, &labels, &columns, count("stride"), count("test_offset"));
    assert_eq!((train.labels.len(), test.labels.len()), (count("train_rows"), count("test_rows")));

    let p = &reference["params"];
    let params = GbdtParams {
        num_iterations: p["num_iterations"].as_u64().unwrap() as usize,
        learning_rate: p["learning_rate"].as_f64().unwrap(),
        num_leaves: p["num_leaves"].as_u64().unwrap() as usize,
        min_data_in_leaf: p["min_data_in_leaf"].as_u64().unwrap() as usize,
        max_bin: p["max_bin"].as_u64().unwrap() as usize,
        ..GbdtParams::default()
    };
    let data =
        Dataset::new(&train.features, &train.labels, None, params.max_bin, Parallelism::Threads).unwrap();
    let model = train_gbdt(&data, &params.check().unwrap(), None, Parallelism::Threads, &mut |_| {}).unwrap();
    let ours = test_auc(&model, &test);
    let lightgbm = reference["lightgbm_test_auc"].as_f64().unwrap();
    println!("seed, {} behavioural features: ours {ours:.5}, LightGBM {lightgbm:.5}", names.len());
    assert!((ours - lightgbm).abs() <= 0.002, "seed: test ROC AUC {ours} vs LightGBM {lightgbm}");
    assert!(ours > 0.6, "seed: test ROC AUC {ours} should be well above chance");
}

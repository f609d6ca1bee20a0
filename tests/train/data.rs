//! The generated datasets of tools/make_train_reference.py and its reference figures.

use std::io::Read;

use anomalyze::features::FeatureMatrix;
use ndarray::Array2;

/// One fixture split: features and labels.
pub struct Split {
    pub features: FeatureMatrix,
    pub labels: Vec<bool>,
}

const INTERACTIONS_TRAIN: &[u8] = include_bytes!("../fixtures/train/interactions/train.csv.gz");
const INTERACTIONS_TEST: &[u8] = include_bytes!("../fixtures/train/interactions/test.csv.gz");
const IMBALANCED_TRAIN: &[u8] = include_bytes!("../fixtures/train/imbalanced/train.csv.gz");
const IMBALANCED_TEST: &[u8] = include_bytes!("../fixtures/train/imbalanced/test.csv.gz");
/// reference.json as written by the script.
pub const REFERENCE: &str = include_str!("../fixtures/train/reference.json");

/// `(train, test)` of dataset `name` (`interactions` or `imbalanced`).
pub fn dataset(name: &str) -> (Split, Split) {
    let (train, test) = match name {
        "interactions" => (INTERACTIONS_TRAIN, INTERACTIONS_TEST),
        "imbalanced" => (IMBALANCED_TRAIN, IMBALANCED_TEST),
        _ => panic!("no dataset {name}"),
    };
    (parse(train), parse(test))
}

fn parse(gz: &[u8]) -> Split {
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz).read_to_string(&mut text).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let n_features = header.len() - 1;
    let (mut values, mut labels) = (Vec::new(), Vec::new());
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        for cell in &cells[..n_features] {
            values.push(if cell.is_empty() { f64::NAN } else { cell.parse().unwrap() });
        }
        labels.push(cells[n_features] == "1");
    }
    let names = header[..n_features].iter().map(|s| s.to_string()).collect();
    let array = Array2::from_shape_vec((labels.len(), n_features), values).unwrap();
    Split { features: FeatureMatrix::new(array, names).unwrap(), labels }
}

/// A figure from reference.json: `datasets.<name>.<key>`.
pub fn reference(name: &str, key: &str) -> f64 {
    let json: serde_json::Value = serde_json::from_str(REFERENCE).unwrap();
    json["datasets"][name][key].as_f64().unwrap_or_else(|| panic!("reference.json lacks {name}.{key}"))
}

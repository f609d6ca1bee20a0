//! The model an analysis runs: a validated ensemble plus what a model file may carry beside the trees
//! (decision threshold, feature schema, model card).
//!
//! Input: the bytes of an anomalyze model file (JSON) or a LightGBM `model.txt`. Output: a [`PageModel`].
//! Rejects: whatever [`crate::model::load_model`] rejects, a threshold outside [0, 1], a malformed schema,
//! and models that use features this build does not compute ([`AnalysisError::UnknownFeatures`]).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::AnalysisError;
use crate::features::{FeatureSchema, FEATURES};
use crate::model::{self, Ensemble};

/// The decision threshold used when the model file names none (LightGBM text files never do).
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Where a model came from, as the page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// An anomalyze model file (JSON).
    ModelFile,
    /// A LightGBM text model.
    LightGbm,
}

/// A loaded model and the extras of its file.
#[derive(Debug, Clone)]
pub struct PageModel {
    /// The validated ensemble.
    pub ensemble: Ensemble,
    /// Decision threshold: predicted malicious ⇔ probability ≥ threshold.
    pub threshold: f64,
    /// Whether `threshold` came from the file (false: [`DEFAULT_THRESHOLD`]).
    pub threshold_from_file: bool,
    /// The feature schema stored in the file (vocabularies); None: fitted on each capture.
    pub schema: Option<Arc<FeatureSchema>>,
    /// The model card, as the file holds it (shown, not interpreted).
    pub card: Option<serde_json::Value>,
    /// File kind.
    pub kind: ModelKind,
}

#[derive(Deserialize)]
struct Extras {
    #[serde(default)]
    threshold: Option<serde_json::Value>,
    #[serde(default)]
    schema: Option<serde_json::Value>,
    #[serde(default)]
    card: Option<serde_json::Value>,
}

impl PageModel {
    /// Loads and checks a model file or LightGBM text.
    pub fn load(bytes: &[u8]) -> Result<PageModel, AnalysisError> {
        let ensemble = model::load_model(bytes)?;
        check_features(&ensemble)?;
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if !text.trim_start().starts_with('{') {
            return Ok(PageModel {
                ensemble,
                threshold: DEFAULT_THRESHOLD,
                threshold_from_file: false,
                schema: None,
                card: None,
                kind: ModelKind::LightGbm,
            });
        }
        let extras: Extras = serde_json::from_str(text)
            .map_err(|e| AnalysisError::Model(model::ModelError::File(e.to_string())))?;
        let threshold = match extras.threshold.as_ref().map(threshold_value) {
            Some(t) => Some(t?),
            None => None,
        };
        let schema = match extras.schema {
            Some(value) => Some(Arc::new(FeatureSchema::from_json(&value.to_string())?)),
            None => None,
        };
        Ok(PageModel {
            ensemble,
            threshold: threshold.unwrap_or(DEFAULT_THRESHOLD),
            threshold_from_file: threshold.is_some(),
            schema,
            card: extras.card,
            kind: ModelKind::ModelFile,
        })
    }
}

/// The threshold key holds a number, or an object with a numeric `value` (a chosen policy).
fn threshold_value(value: &serde_json::Value) -> Result<f64, AnalysisError> {
    let number = value.as_f64().or_else(|| value.get("value").and_then(serde_json::Value::as_f64));
    match number {
        Some(t) if (0.0..=1.0).contains(&t) => Ok(t),
        _ => Err(AnalysisError::Threshold(value.to_string())),
    }
}

/// Every feature the model uses must be one this build computes (docs/features.md).
pub fn check_features(ensemble: &Ensemble) -> Result<(), AnalysisError> {
    let unknown: Vec<String> = (ensemble.feature_names().iter())
        .filter(|name| !FEATURES.iter().any(|f| f.name == name.as_str()))
        .cloned()
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(AnalysisError::UnknownFeatures { unknown, model_features: ensemble.n_features() })
    }
}

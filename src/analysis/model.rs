//! The model an analysis runs: a loaded model file (ensemble, schema, threshold, card) checked to use
//! only features this build computes.
//!
//! Input: the bytes of an anomalyze model file (v1 or v2 JSON) or a LightGBM `model.txt`. Output: a
//! [`PageModel`]. Rejects: whatever [`crate::model::load_model_file`] rejects, and models that use
//! features this build does not compute ([`AnalysisError::UnknownFeatures`]).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{AnalysisError, FALLBACK_THRESHOLD};
use crate::features::{FeatureSchema, FEATURES};
use crate::model::{self, Ensemble, ModelCard};

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
    /// Whether `threshold` came from the file (false: [`FALLBACK_THRESHOLD`]).
    pub threshold_from_file: bool,
    /// The feature schema stored in the file (vocabularies); None: fitted on each capture.
    pub schema: Option<Arc<FeatureSchema>>,
    /// The model card (version-2 files).
    pub card: Option<ModelCard>,
    /// File kind.
    pub kind: ModelKind,
}

impl PageModel {
    /// Loads and checks a model file or LightGBM text.
    pub fn load(bytes: &[u8]) -> Result<PageModel, AnalysisError> {
        let file = model::load_model_file(bytes)?;
        check_features(&file.ensemble)?;
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let json = text.trim_start_matches('\u{feff}').trim_start().starts_with('{');
        Ok(PageModel {
            ensemble: file.ensemble,
            threshold: file.threshold.unwrap_or(FALLBACK_THRESHOLD),
            threshold_from_file: file.threshold.is_some(),
            schema: file.schema.map(Arc::new),
            card: file.card,
            kind: if json { ModelKind::ModelFile } else { ModelKind::LightGbm },
        })
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

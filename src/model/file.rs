//! The project's model file: versioned JSON (`"format": "anomalyze-model"`, version 1 or 2).
//!
//! Input: the JSON text. Output: a [`ModelFile`] — the validated [`Ensemble`] and, from version 2, the
//! [`FeatureSchema`] that computes its inputs from packets, the default threshold and the model card.
//! Rejects: other formats or versions, JSON errors (with line and column), every tree problem
//! [`Component::new`] finds, a schema this build cannot reproduce, model features that are not schema
//! columns, a threshold that is not a finite number. Writing is deterministic: struct key order, floats
//! in their shortest round-trip form. See `docs/model-file.md`.

use serde::{Deserialize, Serialize};

use super::card::ModelCard;
use super::{Aggregation, Component, Ensemble, ModelError, Output, Tree};
use crate::features::FeatureSchema;

/// The `format` value of a model file.
pub const FORMAT_NAME: &str = "anomalyze-model";
/// The newest `version` this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 2;

/// A loaded model file.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFile {
    /// The components and their vote.
    pub ensemble: Ensemble,
    /// How packets become the model's inputs (version 2; `None` for version 1 and LightGBM text).
    pub schema: Option<FeatureSchema>,
    /// The default threshold (version 2): predicted malicious iff probability ≥ it.
    pub threshold: Option<f64>,
    /// The model card (version 2).
    pub card: Option<ModelCard>,
}

#[derive(Serialize, Deserialize)]
struct FileV1 {
    format: String,
    version: u32,
    feature_names: Vec<String>,
    components: Vec<ComponentJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    card: Option<serde_json::Value>,
}

#[derive(Serialize, Deserialize)]
struct FileV2 {
    format: String,
    version: u32,
    feature_names: Vec<String>,
    threshold: f64,
    schema: FeatureSchema,
    components: Vec<ComponentJson>,
    card: ModelCard,
}

#[derive(Serialize, Deserialize)]
struct ComponentJson {
    name: String,
    aggregation: Aggregation,
    output: Output,
    #[serde(default)]
    f32_features: bool,
    #[serde(default = "one")]
    weight: f64,
    trees: Vec<Tree>,
}

fn one() -> f64 {
    1.0
}

#[derive(Deserialize)]
struct Probe {
    format: Option<String>,
    version: Option<serde_json::Value>,
}

fn json_error(e: serde_json::Error) -> ModelError {
    ModelError::File(e.to_string())
}

/// The version of a model file, after checking its `format`.
fn probe_version(text: &str) -> Result<u64, ModelError> {
    let probe: Probe = serde_json::from_str(text).map_err(json_error)?;
    match probe.format.as_deref() {
        Some(FORMAT_NAME) => {}
        Some(other) => {
            return Err(ModelError::File(format!("\"format\" is {other:?}, expected {FORMAT_NAME:?}")));
        }
        None => {
            return Err(ModelError::File(format!("no \"format\" key; expected \"format\": {FORMAT_NAME:?}")))
        }
    }
    match probe.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v @ (1 | 2)) => Ok(v),
        Some(v) => Err(ModelError::File(format!(
            "version {v} is not readable by this build (it reads versions 1 to {FORMAT_VERSION}); update \
             Anomalyze or retrain the model with this version"
        ))),
        None => Err(ModelError::File("\"version\" is missing or not a positive integer".into())),
    }
}

fn components_of(components: Vec<ComponentJson>) -> Result<Vec<Component>, ModelError> {
    components
        .into_iter()
        .map(|c| Component::new(c.name, c.trees, c.aggregation, c.output, c.f32_features, c.weight))
        .collect()
}

/// Reads a model file of any supported version.
pub fn read_model_file(text: &str) -> Result<ModelFile, ModelError> {
    if probe_version(text)? == 1 {
        let file: FileV1 = serde_json::from_str(text).map_err(json_error)?;
        let ensemble = Ensemble::new(file.feature_names, components_of(file.components)?)?;
        return Ok(ModelFile { ensemble, schema: None, threshold: None, card: None });
    }
    let file: FileV2 = serde_json::from_str(text).map_err(json_error)?;
    file.schema.check().map_err(|e| ModelError::File(format!("key \"schema\": {e}")))?;
    if let Some(name) = file.feature_names.iter().find(|n| file.schema.index_of(n).is_none()) {
        return Err(ModelError::File(format!(
            "key \"feature_names\": {name:?} is not a column of the model's schema; the file is damaged"
        )));
    }
    if !file.threshold.is_finite() {
        return Err(ModelError::File("key \"threshold\": must be a finite number".into()));
    }
    let ensemble = Ensemble::new(file.feature_names, components_of(file.components)?)?;
    Ok(ModelFile {
        ensemble,
        schema: Some(file.schema),
        threshold: Some(file.threshold),
        card: Some(file.card),
    })
}

/// Reads a model file and returns its ensemble only.
pub fn from_model_file(text: &str) -> Result<Ensemble, ModelError> {
    read_model_file(text).map(|file| file.ensemble)
}

fn components_json(ensemble: &Ensemble) -> Vec<ComponentJson> {
    ensemble
        .components()
        .iter()
        .map(|c| ComponentJson {
            name: c.name().to_string(),
            aggregation: c.aggregation(),
            output: c.output(),
            f32_features: c.f32_features(),
            weight: c.weight(),
            trees: c.trees().to_vec(),
        })
        .collect()
}

/// Writes `ensemble` alone as a version-1 model file (compact JSON; floats round-trip exactly).
pub fn to_model_file(ensemble: &Ensemble) -> String {
    let file = FileV1 {
        format: FORMAT_NAME.to_string(),
        version: 1,
        feature_names: ensemble.feature_names().to_vec(),
        components: components_json(ensemble),
        card: None,
    };
    serde_json::to_string(&file).unwrap_or_default()
}

/// Writes a version-2 model file (compact JSON, deterministic). Fails when the schema, threshold or
/// card is missing, or the threshold is not finite.
pub fn write_model_file(model: &ModelFile) -> Result<String, ModelError> {
    let missing = |what: &str| ModelError::Invalid(format!("a version-2 model file needs {what}"));
    let schema = model.schema.clone().ok_or_else(|| missing("the feature schema"))?;
    let threshold = model.threshold.filter(|t| t.is_finite()).ok_or_else(|| missing("a finite threshold"))?;
    let card = model.card.clone().ok_or_else(|| missing("a model card"))?;
    let file = FileV2 {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        feature_names: model.ensemble.feature_names().to_vec(),
        threshold,
        schema,
        components: components_json(&model.ensemble),
        card,
    };
    serde_json::to_string(&file).map_err(|e| ModelError::Invalid(format!("cannot write the model file: {e}")))
}

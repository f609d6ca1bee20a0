//! The project's model file: versioned JSON (`"format": "anomalyze-model", "version": 1`).
//!
//! Input: the JSON text. Output: a validated [`Ensemble`]. Rejects: other formats or versions,
//! JSON errors (with line and column), and every tree problem [`Component::new`] finds. Unknown
//! top-level keys are ignored so later versions can add the feature schema, threshold and model card
//! (`card` is reserved for the latter). See `docs/model-file.md`.

use serde::{Deserialize, Serialize};

use super::{Aggregation, Component, Ensemble, ModelError, Output, Tree};

/// The `format` value of a model file.
pub const FORMAT_NAME: &str = "anomalyze-model";
/// The newest `version` this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct FileV1 {
    format: String,
    version: u32,
    feature_names: Vec<String>,
    components: Vec<ComponentV1>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    card: Option<serde_json::Value>,
}

#[derive(Serialize, Deserialize)]
struct ComponentV1 {
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

/// Reads a model file.
pub fn from_model_file(text: &str) -> Result<Ensemble, ModelError> {
    let probe: Probe = serde_json::from_str(text).map_err(|e| ModelError::File(e.to_string()))?;
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
        Some(1) => {}
        Some(v) => {
            return Err(ModelError::File(format!(
                "version {v} is not readable by this build (it reads version {FORMAT_VERSION}); update Anomalyze"
            )));
        }
        None => return Err(ModelError::File("\"version\" is missing or not a positive integer".into())),
    }
    let file: FileV1 = serde_json::from_str(text).map_err(|e| ModelError::File(e.to_string()))?;
    let components = file
        .components
        .into_iter()
        .map(|c| Component::new(c.name, c.trees, c.aggregation, c.output, c.f32_features, c.weight))
        .collect::<Result<Vec<_>, _>>()?;
    Ensemble::new(file.feature_names, components)
}

/// Writes `ensemble` as a version-1 model file (compact JSON; floats round-trip exactly; cannot fail for a validated ensemble, whose values are finite).
pub fn to_model_file(ensemble: &Ensemble) -> String {
    let file = FileV1 {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        feature_names: ensemble.feature_names().to_vec(),
        components: ensemble
            .components()
            .iter()
            .map(|c| ComponentV1 {
                name: c.name().to_string(),
                aggregation: c.aggregation(),
                output: c.output(),
                f32_features: c.f32_features(),
                weight: c.weight(),
                trees: c.trees().to_vec(),
            })
            .collect(),
        card: None,
    };
    serde_json::to_string(&file).unwrap_or_default()
}

//! Scores the packets of a capture with a model file, computing the model's inputs by its own schema.
//!
//! Input: a [`ModelFile`] and a read [`Capture`]. Output: one probability per packet, in file order.
//! A version-2 file brings its schema, so scoring reproduces training's features exactly; for a version-1
//! file or LightGBM text a schema is fitted on the capture itself (only its encoded columns depend on
//! that). Rejects: a model whose feature names are not Anomalyze features ([`ModelError::Invalid`]).

use std::sync::Arc;

use super::{ModelError, ModelFile};
use crate::capture::Capture;
use crate::features::FeatureSchema;

/// The probability of every packet of `capture` (empty for an empty capture).
pub fn score_capture(model: &ModelFile, capture: &Capture) -> Result<Vec<f64>, ModelError> {
    if capture.packets.is_empty() {
        return Ok(Vec::new());
    }
    let schema = match &model.schema {
        Some(schema) => Arc::new(schema.clone()),
        None => Arc::new(FeatureSchema::fit(&capture.packets)),
    };
    let names = model.ensemble.feature_names();
    let indices = names
        .iter()
        .map(|name| {
            schema.index_of(name).ok_or_else(|| {
                ModelError::Invalid(format!(
                    "the model's feature {name:?} is not an Anomalyze packet feature, so the model cannot \
                     score a capture (score a feature CSV with `anomalyze predict` instead)"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let features = schema
        .transform_shared(&capture.packets)
        .and_then(|m| m.select_columns(&indices))
        .map_err(|e| ModelError::Invalid(format!("features: {e}")))?;
    let scores = crate::score::score(&model.ensemble, &features)
        .map_err(|e| ModelError::Invalid(format!("scoring: {e}")))?;
    Ok(scores.probability)
}

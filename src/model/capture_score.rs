//! Scores the packets of a capture with a model file, computing the model's inputs by its own schema.
//!
//! Input: a [`ModelFile`] and a read [`Capture`]. Output: one probability per packet, in file order.
//! A version-2 file brings its schema, so scoring reproduces training's features exactly; for a version-1
//! file or LightGBM text a schema is fitted on the capture itself (only its encoded columns depend on
//! that). [`CaptureScorer`] does the same chunk by chunk for streamed captures. Rejects: a model whose feature names are not Anomalyze features ([`ModelError::Invalid`]).

use std::sync::Arc;

use super::{ModelError, ModelFile};
use crate::capture::{Capture, Packet};
use crate::features::{ChunkedTransform, FeatureSchema};

/// The probability of every packet of `capture` (empty for an empty capture).
pub fn score_capture(model: &ModelFile, capture: &Capture) -> Result<Vec<f64>, ModelError> {
    if capture.packets.is_empty() {
        return Ok(Vec::new());
    }
    let schema = match &model.schema {
        Some(schema) => Arc::new(schema.clone()),
        None => Arc::new(FeatureSchema::fit(&capture.packets)),
    };
    CaptureScorer::with_schema(model, schema)?.score_chunk(&capture.packets)
}

/// Scores a capture chunk by chunk (a streamed capture): the window state travels from chunk to chunk,
/// so the probabilities equal [`score_capture`]'s on the whole capture.
pub struct CaptureScorer<'m> {
    model: &'m ModelFile,
    transform: ChunkedTransform,
    indices: Vec<usize>,
}

impl<'m> CaptureScorer<'m> {
    /// A scorer with the model's own schema; `None` when the model has none (a version-1 file or
    /// LightGBM text: its schema is fitted on the whole capture, so use [`score_capture`]).
    pub fn new(model: &'m ModelFile) -> Result<Option<Self>, ModelError> {
        match &model.schema {
            Some(schema) => Self::with_schema(model, Arc::new(schema.clone())).map(Some),
            None => Ok(None),
        }
    }

    fn with_schema(model: &'m ModelFile, schema: Arc<FeatureSchema>) -> Result<Self, ModelError> {
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
        Ok(CaptureScorer { model, transform: schema.chunked(), indices })
    }

    /// The probabilities of the next `packets` of the capture.
    pub fn score_chunk(&mut self, packets: &[Packet]) -> Result<Vec<f64>, ModelError> {
        if packets.is_empty() {
            return Ok(Vec::new());
        }
        let features = self
            .transform
            .transform_chunk(packets)
            .and_then(|m| m.select_columns(&self.indices))
            .map_err(|e| ModelError::Invalid(format!("features: {e}")))?;
        let scores = crate::score::score(&self.model.ensemble, &features)
            .map_err(|e| ModelError::Invalid(format!("scoring: {e}")))?;
        Ok(scores.probability)
    }
}

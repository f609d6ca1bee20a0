//! The size/quality trade-off of the model card: the same training at other component sizes (boosting
//! rounds × leaves, forest trees × depth), each measured by its model file's size (JSON and gzipped)
//! and quality view (a) on the new-data split.
//!
//! Input: the training inputs and options, and the sizes to try ([`SIZE_VARIANTS`] by default).
//! Output: one [`TradeoffPoint`] per size. Rejects: what training rejects ([`PipelineError`]).

use std::io::Write as _;

use serde::{Deserialize, Serialize};

use super::pipeline::{train_scored, PipelineError, TrainInput, TrainOptions};
use super::{quality_views, ForestParams, GbdtParams, Parallelism, Part, Progress, ViewMetrics};
use crate::model::{write_model_file, ModelError};

/// One size to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeVariant {
    /// Name in the card.
    pub name: &'static str,
    /// Boosting rounds.
    pub gbdt_rounds: usize,
    /// Leaves per boosted tree.
    pub gbdt_leaves: usize,
    /// Forest trees.
    pub forest_trees: usize,
    /// Forest depth limit.
    pub forest_depth: usize,
}

/// The sizes the bundled model's card compares (the chosen one is `default`).
pub const SIZE_VARIANTS: &[SizeVariant] = &[
    SizeVariant { name: "tiny", gbdt_rounds: 25, gbdt_leaves: 15, forest_trees: 5, forest_depth: 6 },
    SizeVariant { name: "small", gbdt_rounds: 100, gbdt_leaves: 15, forest_trees: 20, forest_depth: 10 },
    SizeVariant { name: "default", gbdt_rounds: 200, gbdt_leaves: 31, forest_trees: 40, forest_depth: 12 },
    SizeVariant { name: "large", gbdt_rounds: 400, gbdt_leaves: 63, forest_trees: 80, forest_depth: 15 },
];

/// One size's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradeoffPoint {
    /// Variant name.
    pub name: String,
    /// Boosting rounds.
    pub gbdt_rounds: usize,
    /// Leaves per boosted tree.
    pub gbdt_leaves: usize,
    /// Forest trees.
    pub forest_trees: usize,
    /// Forest depth limit.
    pub forest_depth: usize,
    /// Size of the whole model file, bytes.
    pub bytes: u64,
    /// Size gzipped at level 9, bytes.
    pub gzip_bytes: u64,
    /// View (a) on the new-data split at the variant's threshold.
    pub attack: ViewMetrics,
}

/// Retrains `options` at every size of `variants`.
pub fn run_tradeoff(
    inputs: &[TrainInput],
    options: &TrainOptions,
    variants: &[SizeVariant],
    parallelism: Parallelism,
    progress: &mut dyn FnMut(&str, Progress),
) -> Result<Vec<TradeoffPoint>, PipelineError> {
    let mut points = Vec::with_capacity(variants.len());
    for v in variants {
        let sized = TrainOptions {
            gbdt: GbdtParams {
                num_iterations: v.gbdt_rounds,
                num_leaves: v.gbdt_leaves,
                ..options.gbdt.clone()
            },
            forest: ForestParams {
                n_estimators: v.forest_trees,
                max_depth: Some(v.forest_depth),
                ..options.forest.clone()
            },
            ..options.clone()
        };
        let (model, s) = train_scored(inputs, &sized, parallelism, &mut |p| progress(v.name, p))?;
        let views =
            quality_views(&s.splits, Part::New, &s.attack, &s.malicious, &s.probability, s.threshold)?;
        let text = write_model_file(&model)?;
        points.push(TradeoffPoint {
            name: v.name.to_owned(),
            gbdt_rounds: v.gbdt_rounds,
            gbdt_leaves: v.gbdt_leaves,
            forest_trees: v.forest_trees,
            forest_depth: v.forest_depth,
            bytes: text.len() as u64,
            gzip_bytes: gzip_len(text.as_bytes())?,
            attack: views.attack,
        });
    }
    Ok(points)
}

/// Length of `bytes` gzipped at level 9.
pub fn gzip_len(bytes: &[u8]) -> Result<u64, ModelError> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).map_err(|e| ModelError::Invalid(format!("gzip: {e}")))?;
    let out = encoder.finish().map_err(|e| ModelError::Invalid(format!("gzip: {e}")))?;
    Ok(out.len() as u64)
}

//! Fills the [`ModelCard`] of a trained model: data and blocks, split, parameters, metrics per split
//! and per block at the threshold, the training profile and the label correlations.
//!
//! Input: what [`super::train_model`] computed. Output: the card. Rejects: nothing beyond the errors
//! of the profile and correlation stages (infinite values, which features never hold).

use sha2::{Digest, Sha256};

use super::pipeline::{PipelineError, TrainInput, TrainOptions};
use super::{
    label_counts, ForestParams, GbdtParams, Part, SplitMethod, SplitParams, Splits, RANDOM_SPLIT_WARNING,
};
use crate::drift::{ProfileOptions, TrainingProfile};
use crate::eval::{label_correlations, EvalError, Metrics, RankedScores};
use crate::features::FeatureMatrix;
use crate::model::{
    BlockMetrics, CardBlock, CardFile, CardMetrics, CardParams, CardSplit, CardThreshold, ModelCard,
    ModelError, SplitMetrics,
};

/// SHA-256 of `bytes`, lowercase hex (the card's file checksum).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// What the card is built from.
pub(crate) struct CardInputs<'a> {
    pub inputs: &'a [TrainInput],
    pub options: &'a TrainOptions,
    pub split: &'a SplitParams,
    pub splits: &'a Splits,
    pub labels: &'a [Option<bool>],
    pub probability: &'a [f64],
    pub threshold: f64,
    pub chosen_on: &'static str,
    /// Every schema feature on the training rows.
    pub all_features: &'a FeatureMatrix,
    pub train_labels: &'a [bool],
    pub gbdt: GbdtParams,
    pub forest: ForestParams,
    pub features: Vec<String>,
}

/// The metrics of the labelled rows among `rows` at `threshold` (`None` when there are none).
pub fn metrics_of(
    labels: &[Option<bool>],
    probability: &[f64],
    rows: impl Iterator<Item = usize>,
    threshold: f64,
) -> Result<Option<SplitMetrics>, EvalError> {
    let (mut y, mut p) = (Vec::new(), Vec::new());
    for r in rows {
        if let Some(label) = labels[r] {
            y.push(label);
            p.push(probability[r]);
        }
    }
    if y.is_empty() {
        return Ok(None);
    }
    Ok(Some(Metrics::evaluate(&RankedScores::new(&y, &p)?, threshold).into()))
}

pub(crate) fn build_card(c: CardInputs<'_>) -> Result<ModelCard, PipelineError> {
    let s = c.splits;
    let metrics_for = |part: Option<Part>, block: Option<usize>| {
        let rows = (0..s.parts.len())
            .filter(|&r| part.is_none_or(|p| s.parts[r] == p) && block.is_none_or(|b| s.block_of[r] == b));
        metrics_of(c.labels, c.probability, rows, c.threshold)
    };
    let mut blocks = Vec::with_capacity(s.blocks.len());
    for b in 0..s.blocks.len() {
        blocks.push(BlockMetrics {
            block: b,
            train: metrics_for(Some(Part::Train), Some(b))?,
            test: metrics_for(Some(Part::Test), Some(b))?,
            new: metrics_for(Some(Part::New), Some(b))?,
        });
    }
    let metrics = CardMetrics {
        train: metrics_for(Some(Part::Train), None)?,
        test: metrics_for(Some(Part::Test), None)?,
        new: metrics_for(Some(Part::New), None)?,
        blocks,
    };
    let profile = TrainingProfile::from_matrix(c.all_features, &ProfileOptions::default())
        .map_err(|e| ModelError::Invalid(format!("training profile: {e}")))?;
    let correlations = label_correlations(c.all_features, c.train_labels)?;
    let warning = (c.split.method == SplitMethod::Random).then(|| RANDOM_SPLIT_WARNING.to_string());
    Ok(ModelCard {
        trainer: format!("anomalyze {}", env!("CARGO_PKG_VERSION")),
        command: c.options.command.clone(),
        seed: c.options.seed,
        data: files(&c),
        split: CardSplit { params: *c.split, warning },
        params: CardParams { gbdt: c.gbdt, forest: c.forest, weights: c.options.weights.to_vec() },
        features: c.features,
        threshold: CardThreshold {
            policy: c.options.policy,
            chosen_on: c.chosen_on.to_string(),
            value: c.threshold,
        },
        metrics,
        profile,
        correlations,
        activity: None,
        relabelling: None,
        quality: None,
        ablation: None,
        tradeoff: None,
    })
}

fn files(c: &CardInputs<'_>) -> Vec<CardFile> {
    let s = c.splits;
    let mut begin = 0;
    let mut files: Vec<CardFile> = c
        .inputs
        .iter()
        .map(|input| CardFile {
            name: input.name.clone(),
            sha256: input.sha256.clone(),
            rows: input.capture.packets.len() as u64,
            skipped: input.capture.skipped_count,
            unlabelled: input.capture.packets.iter().filter(|p| p.label.is_none()).count() as u64,
            blocks: Vec::new(),
        })
        .collect();
    for (index, block) in s.blocks.iter().enumerate() {
        let rows = begin..begin + block.rows;
        let packets = &c.inputs[block.file].capture.packets[block.first_row..block.first_row + block.rows];
        let (normal, malicious) = label_counts(packets);
        let count = |part| rows.clone().filter(|&r| s.parts[r] == part).count();
        files[block.file].blocks.push(CardBlock {
            index,
            first_row: block.first_row,
            rows: block.rows,
            start: block.start,
            normal,
            malicious,
            train: count(Part::Train),
            test: count(Part::Test),
            new: count(Part::New),
        });
        begin += block.rows;
    }
    files
}

//! The training pipeline: labelled captures → a version-2 [`ModelFile`] with its card.
//!
//! Input: one or more read captures with labels ([`TrainInput`]) and [`TrainOptions`]. Output: the
//! model file (schema fitted on the training split, gradient boosting + random forest soft vote,
//! threshold chosen by the policy on the test split, card with data, split, parameters, metrics,
//! profile and correlations). Steps: split ([`super::split`]) → schema → features → bin → train →
//! score → threshold → card (with the relabelling, the quality views and the activity figures of
//! [`super::card_extras`]). With [`LabelSource::Attack`] the model learns the relabelling's attack
//! labels instead of the captures' own. Rejects: every bad parameter up front, unknown feature names, captures
//! without labels, a training split with one class ([`PipelineError`]).

use std::sync::Arc;

use ndarray::Axis;

use super::card_builder::{build_card, CardInputs};
use super::relabel::{relabel, RelabelError, Relabelling};
use super::{
    ensemble_of, split, train_forest, train_gbdt, BlockSource, Dataset, ForestParams, GbdtParams,
    Parallelism, ParamError, Part, Progress, SplitParams, Splits, TrainError,
};
use crate::capture::{Capture, Label, Packet};
use crate::eval::{choose_threshold, EvalError, RankedScores, ThresholdPolicy};
use crate::features::{FeatureError, FeatureMatrix, FeatureSchema};
use crate::model::{ModelError, ModelFile};

/// One labelled capture file.
#[derive(Debug, Clone)]
pub struct TrainInput {
    /// File name (for the card and messages).
    pub name: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// The capture read from it.
    pub capture: Capture,
}

/// Everything the pipeline is told.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Gradient-boosting parameters (their seed is replaced by [`TrainOptions::seed`]).
    pub gbdt: GbdtParams,
    /// Forest parameters (their seed is replaced by [`TrainOptions::seed`]).
    pub forest: ForestParams,
    /// Soft-vote weights `[gbdt, forest]`, each finite and > 0.
    pub weights: [f64; 2],
    /// The split (its seed is replaced by [`TrainOptions::seed`]).
    pub split: SplitParams,
    /// The input features: `None` = the schema's behavioural features; otherwise these names.
    pub features: Option<Vec<String>>,
    /// How the threshold is chosen.
    pub policy: ThresholdPolicy,
    /// The seed of the split and both trainers.
    pub seed: u64,
    /// The command line, recorded in the card.
    pub command: Option<String>,
    /// Which labels the model learns: the captures' own, or the attack relabelling.
    pub labels: LabelSource,
}

/// Which labels training uses (`--labels`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelSource {
    /// The capture's `label` column, per packet (the seed labels whole captures).
    #[default]
    Capture,
    /// The weak-supervision relabelling of the seed's lab captures ([`super::relabel`]): attack packets
    /// positive, background and normal packets negative, undecided packets left out.
    Attack,
}

impl LabelSource {
    /// `capture` or `attack`, as the CLI and the card spell it.
    pub fn name(self) -> &'static str {
        match self {
            LabelSource::Capture => "capture",
            LabelSource::Attack => "attack",
        }
    }
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            gbdt: default_gbdt(),
            forest: default_forest(),
            weights: [1.0, 1.0],
            split: SplitParams::default(),
            features: None,
            policy: ThresholdPolicy::RecallAtLeast { target: 0.99 },
            seed: 0,
            command: None,
            labels: LabelSource::Capture,
        }
    }
}

/// The CLI's default boosting: 200 rounds of 31 leaves (see README, "Training").
pub fn default_gbdt() -> GbdtParams {
    GbdtParams { num_iterations: 200, learning_rate: 0.1, num_leaves: 31, ..GbdtParams::default() }
}

/// The CLI's default forest: 40 trees of depth ≤ 12, leaves of ≥ 5 rows (size-bounded, see README).
pub fn default_forest() -> ForestParams {
    ForestParams { n_estimators: 40, max_depth: Some(12), min_samples_leaf: 5, ..ForestParams::default() }
}

/// Why the pipeline could not train.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum PipelineError {
    /// A bad parameter value.
    #[error("{prefix}{source}", prefix = if stage.is_empty() { String::new() } else { format!("{stage} parameter ") })]
    Param {
        /// `gbdt`, `forest`, `split` or empty.
        stage: &'static str,
        /// The named error.
        source: ParamError,
    },
    /// A bad vote weight.
    #[error("vote weight of {component} is {value}; weights must be finite and > 0")]
    Weight {
        /// `gbdt` or `forest`.
        component: &'static str,
        /// The value.
        value: f64,
    },
    /// A bad threshold policy.
    #[error("{0}")]
    Policy(EvalError),
    /// A feature name that the schema does not have.
    #[error("unknown feature {name:?}; the features are: {known}")]
    UnknownFeature {
        /// The name given.
        name: String,
        /// Every feature name, comma-separated.
        known: String,
    },
    /// No input file.
    #[error("no training capture given")]
    NoInput,
    /// A capture without a label column.
    #[error("{file}: the capture has no label column; training needs a `label` column (normal/malicious)")]
    NoLabels {
        /// File name.
        file: String,
    },
    /// Features could not be computed.
    #[error("features: {0}")]
    Features(#[from] FeatureError),
    /// The trainer rejected the data.
    #[error("{0}")]
    Train(#[from] TrainError),
    /// The model could not be assembled.
    #[error("{0}")]
    Model(#[from] ModelError),
    /// Metrics could not be computed.
    #[error("{0}")]
    Eval(#[from] EvalError),
    /// The attack relabelling could not label the packets.
    #[error("{file}: {source}")]
    Relabel {
        /// File name.
        file: String,
        /// What was wrong.
        source: RelabelError,
    },
}

/// Checks every option up front; the first bad one is named.
pub fn check_options(options: &TrainOptions) -> Result<(), PipelineError> {
    let param = |stage| move |source| PipelineError::Param { stage, source };
    options.gbdt.clone().check().map_err(param("gbdt"))?;
    options.forest.clone().check().map_err(param("forest"))?;
    options.split.check().map_err(param("split"))?;
    for (component, &value) in ["gbdt", "forest"].into_iter().zip(&options.weights) {
        if !(value.is_finite() && value > 0.0) {
            return Err(PipelineError::Weight { component, value });
        }
    }
    let probe = RankedScores::new(&[true, false], &[0.9, 0.1]).map_err(PipelineError::Policy)?;
    choose_threshold(&probe, options.policy).map_err(PipelineError::Policy)?;
    Ok(())
}

/// The schema indices of the model's features.
pub fn resolve_features(
    schema: &FeatureSchema,
    names: Option<&[String]>,
) -> Result<Vec<usize>, PipelineError> {
    let Some(names) = names else { return Ok(schema.behavioural_indices()) };
    names
        .iter()
        .map(|name| {
            schema.index_of(name).ok_or_else(|| PipelineError::UnknownFeature {
                name: name.clone(),
                known: schema.names().join(", "),
            })
        })
        .collect()
}

/// Rows `rows` of `matrix`.
pub(crate) fn select_rows(matrix: &FeatureMatrix, rows: &[usize]) -> Result<FeatureMatrix, FeatureError> {
    FeatureMatrix::new(matrix.values().select(Axis(0), rows), matrix.names().to_vec())
}

/// Packets of all files, each file's captures renumbered after the previous file's (so feature windows
/// restart at every file).
fn concatenate(inputs: &[TrainInput]) -> Vec<Packet> {
    let mut packets = Vec::with_capacity(inputs.iter().map(|i| i.capture.packets.len()).sum());
    let mut offset = 0u32;
    for input in inputs {
        let mut last = 0;
        for p in &input.capture.packets {
            last = last.max(p.capture_index);
            packets.push(Packet { capture_index: p.capture_index + offset, ..p.clone() });
        }
        offset += last + 1;
    }
    packets
}

/// Trains a model file from labelled captures. `progress` receives every trainer report.
pub fn train_model(
    inputs: &[TrainInput],
    options: &TrainOptions,
    parallelism: Parallelism,
    progress: &mut dyn FnMut(Progress),
) -> Result<ModelFile, PipelineError> {
    Ok(train_scored(inputs, options, parallelism, progress)?.0)
}

/// What training scored, beside the model: for the ablation and the size trade-off.
#[derive(Debug, Clone)]
pub struct Scored {
    /// The split and its blocks.
    pub splits: Splits,
    /// Attack targets of the relabelling per row (`None`: undecided, or not relabelled).
    pub attack: Vec<Option<bool>>,
    /// The captures' own labels per row (`Some(true)` malicious).
    pub malicious: Vec<Option<bool>>,
    /// The model's probability per row.
    pub probability: Vec<f64>,
    /// The model's threshold.
    pub threshold: f64,
}

/// Relabels every file (rows in file order, concatenated): `Err` names the file when one cannot be.
fn relabel_all(inputs: &[TrainInput]) -> Result<(Vec<Option<bool>>, Vec<Relabelling>), PipelineError> {
    let mut targets = Vec::new();
    let mut all = Vec::with_capacity(inputs.len());
    for input in inputs {
        let r = relabel(&input.capture.packets)
            .map_err(|source| PipelineError::Relabel { file: input.name.clone(), source })?;
        targets.extend(r.targets());
        all.push(r);
    }
    Ok((targets, all))
}

/// [`train_model`], also returning the scores of every row ([`Scored`]).
pub fn train_scored(
    inputs: &[TrainInput],
    options: &TrainOptions,
    parallelism: Parallelism,
    progress: &mut dyn FnMut(Progress),
) -> Result<(ModelFile, Scored), PipelineError> {
    check_options(options)?;
    if inputs.is_empty() {
        return Err(PipelineError::NoInput);
    }
    if let Some(input) = inputs.iter().find(|i| !i.capture.has_labels) {
        return Err(PipelineError::NoLabels { file: input.name.clone() });
    }
    let split_params = SplitParams { seed: options.seed, ..options.split };
    let sources: Vec<BlockSource<'_>> = inputs
        .iter()
        .map(|i| BlockSource { packets: &i.capture.packets, clock_wraps: &i.capture.clock_wraps })
        .collect();
    let splits = split(&sources, &split_params);
    let packets = concatenate(inputs);
    let malicious: Vec<Option<bool>> =
        packets.iter().map(|p| p.label.map(|l| l == Label::Malicious)).collect();
    // The relabelling is always tried, for quality view (a); it is required only to train on it.
    let relabelled = match relabel_all(inputs) {
        Ok(r) => Some(r),
        Err(e) if options.labels == LabelSource::Attack => return Err(e),
        Err(_) => None,
    };
    let attack = relabelled.as_ref().map_or_else(|| vec![None; packets.len()], |(t, _)| t.clone());
    let labels = match options.labels {
        LabelSource::Capture => malicious.clone(),
        LabelSource::Attack => attack.clone(),
    };
    let train_packets: Vec<Packet> =
        splits.rows_of(Part::Train).into_iter().map(|r| packets[r].clone()).collect();
    let schema = Arc::new(FeatureSchema::fit(&train_packets));
    drop(train_packets);
    let used = resolve_features(&schema, options.features.as_deref())?;
    let all_features = schema.transform_shared(&packets)?;
    let features = all_features.select_columns(&used)?;
    let labelled = |part: Part| -> Vec<usize> {
        splits.rows_of(part).into_iter().filter(|&r| labels[r].is_some()).collect()
    };
    let train_rows = labelled(Part::Train);
    let train_labels: Vec<bool> = train_rows.iter().map(|&r| labels[r] == Some(true)).collect();
    let train_matrix = select_rows(&features, &train_rows)?;
    let gbdt_params = GbdtParams { seed: options.seed, ..options.gbdt.clone() };
    let forest_params = ForestParams { seed: options.seed, ..options.forest.clone() };
    let gbdt_valid =
        gbdt_params.clone().check().map_err(|source| PipelineError::Param { stage: "gbdt", source })?;
    let forest_valid =
        forest_params.clone().check().map_err(|source| PipelineError::Param { stage: "forest", source })?;
    let data = Dataset::new(&train_matrix, &train_labels, None, gbdt_params.max_bin, parallelism)?;
    let gbdt = train_gbdt(&data, &gbdt_valid, None, parallelism, progress)?;
    let forest = if forest_params.max_bin == gbdt_params.max_bin {
        train_forest(&data, &forest_valid, parallelism, progress)?
    } else {
        drop(data);
        let data = Dataset::new(&train_matrix, &train_labels, None, forest_params.max_bin, parallelism)?;
        train_forest(&data, &forest_valid, parallelism, progress)?
    };
    let ensemble = ensemble_of(features.names().to_vec(), vec![gbdt, forest], &options.weights)?;
    let probability = crate::score::score(&ensemble, &features)
        .map_err(|e| ModelError::Invalid(format!("scoring the training data: {e}")))?
        .probability;
    let (threshold, chosen_on) =
        choose(&labels, &probability, &labelled(Part::Test), &train_rows, options.policy)?;
    let mut card = build_card(CardInputs {
        inputs,
        options,
        split: &split_params,
        splits: &splits,
        labels: &labels,
        probability: &probability,
        threshold,
        chosen_on,
        all_features: &select_rows(&all_features, &train_rows)?,
        train_labels: &train_labels,
        gbdt: gbdt_params,
        forest: forest_params,
        features: features.names().to_vec(),
    })?;
    let relabellings = relabelled.map(|(_, r)| r).unwrap_or_default();
    super::card_extras::fill(
        &mut card,
        super::card_extras::Extras {
            labels: options.labels,
            relabellings: &relabellings,
            splits: &splits,
            packets: &packets,
            attack: &attack,
            malicious: &malicious,
            probability: &probability,
            threshold,
        },
    )?;
    let schema = Arc::try_unwrap(schema).unwrap_or_else(|shared| (*shared).clone());
    let model = ModelFile { ensemble, schema: Some(schema), threshold: Some(threshold), card: Some(card) };
    Ok((model, Scored { splits, attack, malicious, probability, threshold }))
}

/// The threshold by `policy` on the test rows (on the training rows when the test rows have no
/// malicious row); a threshold of +∞ (flag nothing) is stored as the next number above 1.
fn choose(
    labels: &[Option<bool>],
    probability: &[f64],
    test_rows: &[usize],
    train_rows: &[usize],
    policy: ThresholdPolicy,
) -> Result<(f64, &'static str), PipelineError> {
    let has_positive = test_rows.iter().any(|&r| labels[r] == Some(true));
    let (rows, name) = if has_positive { (test_rows, "test") } else { (train_rows, "train") };
    let y: Vec<bool> = rows.iter().map(|&r| labels[r] == Some(true)).collect();
    let p: Vec<f64> = rows.iter().map(|&r| probability[r]).collect();
    let choice = choose_threshold(&RankedScores::new(&y, &p)?, policy)?;
    let threshold =
        if choice.threshold.is_finite() { choice.threshold } else { f64::from_bits(1f64.to_bits() + 1) };
    Ok((threshold, name))
}

//! The model card stored in a version-2 model file: what the model was trained on, how, and how well.
//!
//! Input: filled by the training pipeline ([`crate::train::train_model`]). Output: serde types with a
//! fixed key order (struct fields; no hash maps), so the same training writes the same bytes. Rejects
//! (when read): missing or mistyped keys, named by serde with line and column. The optional keys
//! `activity` and `relabelling` are free-form JSON for later additions (per-window activity figures,
//! a weak-supervision relabelling) and are kept as read.

use serde::{Deserialize, Serialize};

use crate::drift::TrainingProfile;
use crate::eval::{FeatureCorrelation, Metrics, ThresholdPolicy};
use crate::train::{
    AblationResult, BlockStart, ForestParams, GbdtParams, QualityViews, SplitParams, TradeoffPoint,
};

/// The card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCard {
    /// `anomalyze <version>`, the trainer that wrote the file.
    pub trainer: String,
    /// The command line that trained it, when known.
    #[serde(default)]
    pub command: Option<String>,
    /// The seed of the split and of both trainers.
    pub seed: u64,
    /// The training files, their capture blocks and label counts.
    pub data: Vec<CardFile>,
    /// How rows were split (and, for the random split, why its figures leak).
    pub split: CardSplit,
    /// Trainer parameters and vote weights.
    pub params: CardParams,
    /// The model's input features, in column order (names of the schema's columns).
    pub features: Vec<String>,
    /// The threshold policy, the split it was chosen on, and the threshold.
    pub threshold: CardThreshold,
    /// Metrics at the threshold on each split, and per capture block.
    pub metrics: CardMetrics,
    /// The training split's distribution of every schema feature (for the drift view).
    pub profile: TrainingProfile,
    /// Pearson correlation of every schema feature with the label, on the training split.
    pub correlations: Vec<FeatureCorrelation>,
    /// Per-window activity figures (free-form; added by a later pipeline step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<serde_json::Value>,
    /// A weak-supervision relabelling of the training labels (free-form; added by a later step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relabelling: Option<serde_json::Value>,
    /// The two quality views on the new-data split, per block (attack vs others; the seed's labels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<QualityViews>,
    /// Retraining without each feature group (and with the identifying columns), on the new data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ablation: Option<Vec<AblationResult>>,
    /// Retraining at other component sizes: file size against quality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tradeoff: Option<Vec<TradeoffPoint>>,
}

/// One training file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardFile {
    /// File name as given.
    pub name: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Packets read.
    pub rows: u64,
    /// Rows the reader skipped.
    pub skipped: u64,
    /// Packets without a label (not used).
    pub unlabelled: u64,
    /// Its capture blocks.
    pub blocks: Vec<CardBlock>,
}

/// One capture block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardBlock {
    /// 0-based index over all files' blocks.
    pub index: usize,
    /// First row within the file (0-based packet index).
    pub first_row: usize,
    /// Rows.
    pub rows: usize,
    /// Why the block starts there.
    pub start: BlockStart,
    /// Packets labelled normal.
    pub normal: u64,
    /// Packets labelled malicious.
    pub malicious: u64,
    /// Rows in the train / test / new-data splits.
    pub train: usize,
    /// Test rows.
    pub test: usize,
    /// New-data rows.
    pub new: usize,
}

/// The split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardSplit {
    /// Method, fractions, gap, seed.
    #[serde(flatten)]
    pub params: SplitParams,
    /// Set for the random split: its test and new-data metrics leak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// Trainer parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardParams {
    /// Gradient boosting (LightGBM names).
    pub gbdt: GbdtParams,
    /// Random forest (scikit-learn names).
    pub forest: ForestParams,
    /// Soft-vote weights `[gbdt, forest]`.
    pub weights: Vec<f64>,
}

/// How the threshold was chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardThreshold {
    /// The policy.
    pub policy: ThresholdPolicy,
    /// The split whose scores it was chosen on (`test`, or `train` when the test split has no
    /// malicious rows).
    pub chosen_on: String,
    /// The threshold (predicted malicious iff probability ≥ it; above 1 flags nothing).
    pub value: f64,
}

/// The metrics of one set of rows at the model's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SplitMetrics {
    /// Labelled rows scored.
    pub rows: u64,
    /// `(tp + tn) / rows`.
    pub accuracy: f64,
    /// `tp / (tp + fp)` (0 when nothing is flagged).
    pub precision: f64,
    /// `tp / (tp + fn)` (0 without malicious rows).
    pub recall: f64,
    /// `2tp / (2tp + fp + fn)`.
    pub f1: f64,
    /// `tn / (tn + fp)` (0 without normal rows).
    pub specificity: f64,
    /// ROC AUC; `null` with one class only.
    pub roc_auc: Option<f64>,
    /// Average precision; `null` without malicious rows.
    pub pr_auc: Option<f64>,
    /// True negatives.
    pub tn: u64,
    /// False positives.
    pub fp: u64,
    /// False negatives.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// True positives.
    pub tp: u64,
}

impl From<Metrics> for SplitMetrics {
    fn from(m: Metrics) -> Self {
        let c = m.confusion;
        SplitMetrics {
            rows: c.rows(),
            accuracy: m.accuracy,
            precision: m.precision,
            recall: m.recall,
            f1: m.f1,
            specificity: m.specificity,
            roc_auc: (!m.undefined.roc_auc).then_some(m.roc_auc),
            pr_auc: (!m.undefined.pr_auc).then_some(m.pr_auc),
            tn: c.tn,
            fp: c.fp,
            fn_: c.fn_,
            tp: c.tp,
        }
    }
}

/// Metrics per split and per block (`null` for an empty set of rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardMetrics {
    /// Training rows.
    pub train: Option<SplitMetrics>,
    /// Test rows.
    pub test: Option<SplitMetrics>,
    /// New-data rows.
    pub new: Option<SplitMetrics>,
    /// Per capture block.
    pub blocks: Vec<BlockMetrics>,
}

/// One block's metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockMetrics {
    /// Block index (as in [`CardBlock::index`]).
    pub block: usize,
    /// Its training rows.
    pub train: Option<SplitMetrics>,
    /// Its test rows.
    pub test: Option<SplitMetrics>,
    /// Its new-data rows.
    pub new: Option<SplitMetrics>,
}

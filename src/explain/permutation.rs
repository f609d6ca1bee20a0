//! Permutation importance: how much a metric (ROC AUC by default) drops when one feature's column is
//! shuffled, over `n_repeats` seeded shuffles — scikit-learn's `permutation_importance`.
//!
//! Input: rows, labels, a scoring function of one row, options. Output: baseline metric and the mean and
//! standard deviation (population, as numpy's `std`) of the drop per feature. Rejects zero repeats,
//! label/row count mismatches, and whatever the metric rejects (e.g. one class only).

use serde::{Deserialize, Serialize};

use crate::eval;
use crate::features::FeatureMatrix;

use super::{ExplainError, SplitMix64};

/// The metric whose drop is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Metric {
    /// Area under the ROC curve ([`eval::roc_auc`]).
    #[default]
    RocAuc,
}

impl Metric {
    /// The metric of `scores` against `labels`.
    pub fn compute(self, labels: &[bool], scores: &[f64]) -> Result<f64, eval::EvalError> {
        match self {
            Metric::RocAuc => eval::roc_auc(labels, scores),
        }
    }
}

/// Options of [`permutation_importance`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermutationOptions {
    /// Shuffles per feature (scikit-learn's `n_repeats`, 5 by default).
    pub n_repeats: usize,
    /// Seed of the [`SplitMix64`] generator: same seed, same result on every platform.
    pub seed: u64,
    /// The metric.
    pub metric: Metric,
}

impl Default for PermutationOptions {
    fn default() -> Self {
        PermutationOptions { n_repeats: 5, seed: 0, metric: Metric::RocAuc }
    }
}

/// The importance of one feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureImportance {
    /// Feature name.
    pub feature: String,
    /// Mean drop of the metric (baseline − shuffled).
    pub mean: f64,
    /// Population standard deviation of the drops.
    pub std: f64,
    /// The drop of each repeat.
    pub drops: Vec<f64>,
}

/// Permutation importances of all features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermutationImportance {
    /// The metric on the unshuffled rows.
    pub baseline: f64,
    /// One entry per feature, in the matrix's column order.
    pub features: Vec<FeatureImportance>,
}

/// Measures each feature's importance. `score_row` maps one row (in `rows`' column order) to a score
/// (e.g. the ensemble probability); `progress(done, total)` is called after each feature.
pub fn permutation_importance(
    rows: &FeatureMatrix,
    labels: &[bool],
    mut score_row: impl FnMut(&[f64]) -> f64,
    options: &PermutationOptions,
    mut progress: impl FnMut(usize, usize),
) -> Result<PermutationImportance, ExplainError> {
    if options.n_repeats == 0 {
        return Err(ExplainError::NoRepeats);
    }
    if labels.len() != rows.n_rows() {
        return Err(ExplainError::LabelCount { labels: labels.len(), rows: rows.n_rows() });
    }
    let (n_rows, n_features) = (rows.n_rows(), rows.n_features());
    let mut values: Vec<f64> = (0..n_rows).flat_map(|r| rows.row(r).iter().copied()).collect();
    let mut scores: Vec<f64> = (0..n_rows).map(|r| score_row(rows.row(r))).collect();
    let baseline = options.metric.compute(labels, &scores)?;
    let mut rng = SplitMix64::new(options.seed);
    let mut order: Vec<usize> = (0..n_rows).collect();
    let mut features = Vec::with_capacity(n_features);
    for f in 0..n_features {
        let column: Vec<f64> = (0..n_rows).map(|r| values[r * n_features + f]).collect();
        let mut drops = Vec::with_capacity(options.n_repeats);
        for _ in 0..options.n_repeats {
            rng.shuffle(&mut order);
            for (r, &source) in order.iter().enumerate() {
                values[r * n_features + f] = column[source];
            }
            for (r, score) in scores.iter_mut().enumerate() {
                *score = score_row(&values[r * n_features..(r + 1) * n_features]);
            }
            drops.push(baseline - options.metric.compute(labels, &scores)?);
        }
        for (r, &v) in column.iter().enumerate() {
            values[r * n_features + f] = v;
        }
        let mean = drops.iter().sum::<f64>() / drops.len() as f64;
        let std = (drops.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / drops.len() as f64).sqrt();
        features.push(FeatureImportance { feature: rows.names()[f].clone(), mean, std, drops });
        progress(f + 1, n_features);
    }
    Ok(PermutationImportance { baseline, features })
}

//! Training parameters, checked once up front: [`GbdtParams`] (LightGBM's names and defaults) and
//! [`ForestParams`] (scikit-learn's `RandomForestClassifier` names and defaults).
//!
//! Input: parameter structs (public fields, `Default`). Output: `Valid…Params` that the trainers take.
//! Rejects: each bad value with a [`ParamError`] naming the parameter.

use serde::{Deserialize, Serialize};

use super::binning::MAX_BINS;
use super::ParamError;

/// Gradient-boosting parameters for binary log-loss, named and defaulted as LightGBM's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GbdtParams {
    /// Boosting rounds (one tree each).
    pub num_iterations: usize,
    /// Shrinkage applied to every leaf value.
    pub learning_rate: f64,
    /// Maximum leaves per tree (leaf-wise growth).
    pub num_leaves: usize,
    /// Maximum depth (≤ 0: unlimited).
    pub max_depth: i64,
    /// Minimum rows in a leaf.
    pub min_data_in_leaf: usize,
    /// Minimum hessian sum in a leaf.
    pub min_sum_hessian_in_leaf: f64,
    /// L2 regularisation of leaf values.
    pub lambda_l2: f64,
    /// L1 regularisation: gradient sums are soft-thresholded by this before leaf values and gains.
    pub lambda_l1: f64,
    /// Largest absolute leaf value before the learning rate (≤ 0: no limit), LightGBM's `max_delta_step`.
    pub max_delta_step: f64,
    /// Minimum gain of a split.
    pub min_gain_to_split: f64,
    /// Fraction of features drawn for each tree.
    pub feature_fraction: f64,
    /// Fraction of rows drawn every `bagging_freq` rounds (1 = no bagging).
    pub bagging_fraction: f64,
    /// Redraw the bag every this many rounds (0 = no bagging).
    pub bagging_freq: usize,
    /// Weight of positive rows' gradients.
    pub scale_pos_weight: f64,
    /// Weight the minority class up to balance the classes (excludes `scale_pos_weight` ≠ 1).
    pub is_unbalance: bool,
    /// Start from the log-odds of the label mean (folded into the first tree).
    pub boost_from_average: bool,
    /// Stop when the validation log-loss has not improved for this many rounds (0 = never).
    pub early_stopping_round: usize,
    /// Maximum bins per feature (missing values included), at most 255.
    pub max_bin: usize,
    /// Seed of feature and row sampling.
    pub seed: u64,
}

impl Default for GbdtParams {
    fn default() -> Self {
        GbdtParams {
            num_iterations: 100,
            learning_rate: 0.1,
            num_leaves: 31,
            max_depth: -1,
            min_data_in_leaf: 20,
            min_sum_hessian_in_leaf: 1e-3,
            lambda_l2: 0.0,
            lambda_l1: 0.0,
            max_delta_step: 0.0,
            min_gain_to_split: 0.0,
            feature_fraction: 1.0,
            bagging_fraction: 1.0,
            bagging_freq: 0,
            scale_pos_weight: 1.0,
            is_unbalance: false,
            boost_from_average: true,
            early_stopping_round: 0,
            max_bin: MAX_BINS,
            seed: 0,
        }
    }
}

/// Parameters that passed [`GbdtParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidGbdtParams(GbdtParams);

impl ValidGbdtParams {
    /// The checked values.
    pub fn params(&self) -> &GbdtParams {
        &self.0
    }
}

impl GbdtParams {
    /// Checks every value; the first bad one is reported by name.
    pub fn check(self) -> Result<ValidGbdtParams, ParamError> {
        at_least("num_iterations", self.num_iterations, 1)?;
        positive("learning_rate", self.learning_rate)?;
        at_least("num_leaves", self.num_leaves, 2)?;
        at_least("min_data_in_leaf", self.min_data_in_leaf, 1)?;
        non_negative("min_sum_hessian_in_leaf", self.min_sum_hessian_in_leaf)?;
        non_negative("lambda_l2", self.lambda_l2)?;
        non_negative("lambda_l1", self.lambda_l1)?;
        if !self.max_delta_step.is_finite() {
            let value = self.max_delta_step;
            return Err(ParamError::OutOfRange {
                name: "max_delta_step",
                value,
                range: "a finite number (≤ 0: no limit)",
            });
        }
        non_negative("min_gain_to_split", self.min_gain_to_split)?;
        fraction("feature_fraction", self.feature_fraction)?;
        fraction("bagging_fraction", self.bagging_fraction)?;
        positive("scale_pos_weight", self.scale_pos_weight)?;
        max_bin(self.max_bin)?;
        if self.is_unbalance && self.scale_pos_weight != 1.0 {
            return Err(ParamError::Conflict(
                "`is_unbalance` and `scale_pos_weight` ≠ 1 cannot be used together; choose one",
            ));
        }
        Ok(ValidGbdtParams(self))
    }
}

/// How many features a forest node may consider (scikit-learn's `max_features`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MaxFeatures {
    /// `max(1, floor(sqrt(n_features)))` (scikit-learn's default for classifiers).
    Sqrt,
    /// `max(1, floor(log2(n_features)))`.
    Log2,
    /// All features.
    All,
    /// A fixed number (clamped to the feature count).
    Count(usize),
    /// `max(1, floor(fraction · n_features))`, fraction in (0, 1].
    Fraction(f64),
}

impl MaxFeatures {
    /// The number of features drawn per node out of `n_features`.
    pub fn resolve(self, n_features: usize) -> usize {
        let n = n_features as f64;
        let k = match self {
            MaxFeatures::Sqrt => n.sqrt().floor() as usize,
            MaxFeatures::Log2 => n.log2().floor() as usize,
            MaxFeatures::All => n_features,
            MaxFeatures::Count(k) => k,
            MaxFeatures::Fraction(f) => (f * n).floor() as usize,
        };
        k.clamp(1, n_features.max(1))
    }
}

/// Random-forest parameters, named and defaulted as scikit-learn's `RandomForestClassifier`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ForestParams {
    /// Number of trees.
    pub n_estimators: usize,
    /// Maximum depth (`None`: unlimited).
    pub max_depth: Option<usize>,
    /// Minimum rows (distinct drawn rows) in a leaf.
    pub min_samples_leaf: usize,
    /// Minimum rows in a node for it to be split.
    pub min_samples_split: usize,
    /// Features considered at each node.
    pub max_features: MaxFeatures,
    /// Draw each tree's rows with replacement (`n` draws out of `n` rows).
    pub bootstrap: bool,
    /// Weights of class 0 and class 1 (`[1, 1]` = unweighted).
    pub class_weight: [f64; 2],
    /// Maximum bins per feature (missing values included), at most 255.
    pub max_bin: usize,
    /// Seed of row and feature sampling.
    pub seed: u64,
}

impl Default for ForestParams {
    fn default() -> Self {
        ForestParams {
            n_estimators: 100,
            max_depth: None,
            min_samples_leaf: 1,
            min_samples_split: 2,
            max_features: MaxFeatures::Sqrt,
            bootstrap: true,
            class_weight: [1.0, 1.0],
            max_bin: MAX_BINS,
            seed: 0,
        }
    }
}

/// Parameters that passed [`ForestParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidForestParams(ForestParams);

impl ValidForestParams {
    /// The checked values.
    pub fn params(&self) -> &ForestParams {
        &self.0
    }
}

impl ForestParams {
    /// Checks every value; the first bad one is reported by name.
    pub fn check(self) -> Result<ValidForestParams, ParamError> {
        at_least("n_estimators", self.n_estimators, 1)?;
        if let Some(depth) = self.max_depth {
            at_least("max_depth", depth, 1)?;
        }
        at_least("min_samples_leaf", self.min_samples_leaf, 1)?;
        at_least("min_samples_split", self.min_samples_split, 2)?;
        match self.max_features {
            MaxFeatures::Count(k) => at_least("max_features", k, 1)?,
            MaxFeatures::Fraction(f) => fraction("max_features", f)?,
            _ => {}
        }
        positive("class_weight[0]", self.class_weight[0])?;
        positive("class_weight[1]", self.class_weight[1])?;
        max_bin(self.max_bin)?;
        Ok(ValidForestParams(self))
    }
}

fn at_least(name: &'static str, value: usize, min: i64) -> Result<(), ParamError> {
    let value = i64::try_from(value).unwrap_or(i64::MAX);
    if value < min {
        return Err(ParamError::TooSmall { name, value, min });
    }
    Ok(())
}

fn positive(name: &'static str, value: f64) -> Result<(), ParamError> {
    if !(value.is_finite() && value > 0.0) {
        return Err(ParamError::OutOfRange { name, value, range: "a finite number > 0" });
    }
    Ok(())
}

fn non_negative(name: &'static str, value: f64) -> Result<(), ParamError> {
    if !(value.is_finite() && value >= 0.0) {
        return Err(ParamError::OutOfRange { name, value, range: "a finite number ≥ 0" });
    }
    Ok(())
}

fn fraction(name: &'static str, value: f64) -> Result<(), ParamError> {
    if !(value > 0.0 && value <= 1.0) {
        return Err(ParamError::OutOfRange { name, value, range: "in (0, 1]" });
    }
    Ok(())
}

fn max_bin(value: usize) -> Result<(), ParamError> {
    if !(2..=MAX_BINS).contains(&value) {
        let value = value as f64;
        return Err(ParamError::OutOfRange { name: "max_bin", value, range: "in [2, 255]" });
    }
    Ok(())
}

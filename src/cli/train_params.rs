//! The `--gbdt-…` / `--forest-…` / `--threshold-policy` options of `anomalyze train`, folded into
//! [`TrainOptions`]. Values are range-checked by [`crate::train::check_options`] with named errors.

use anyhow::{bail, Result};

use crate::eval::ThresholdPolicy;
use crate::train::{ForestParams, GbdtParams, MaxFeatures};

/// Boosting parameters (LightGBM's names, `-` for `_`); unset = the CLI default.
#[derive(Debug, clap::Args)]
pub struct GbdtArgs {
    /// Boosting rounds.
    #[arg(id = "gbdt-num-iterations", long = "gbdt-num-iterations")]
    num_iterations: Option<usize>,
    /// Shrinkage.
    #[arg(id = "gbdt-learning-rate", long = "gbdt-learning-rate")]
    learning_rate: Option<f64>,
    /// Leaves per tree.
    #[arg(id = "gbdt-num-leaves", long = "gbdt-num-leaves")]
    num_leaves: Option<usize>,
    /// Maximum depth (≤ 0: unlimited).
    #[arg(id = "gbdt-max-depth", long = "gbdt-max-depth", allow_hyphen_values = true)]
    max_depth: Option<i64>,
    /// Minimum rows in a leaf.
    #[arg(id = "gbdt-min-data-in-leaf", long = "gbdt-min-data-in-leaf")]
    min_data_in_leaf: Option<usize>,
    /// Minimum hessian sum in a leaf.
    #[arg(
        id = "gbdt-min-sum-hessian-in-leaf",
        long = "gbdt-min-sum-hessian-in-leaf",
        allow_hyphen_values = true
    )]
    min_sum_hessian_in_leaf: Option<f64>,
    /// L2 regularisation.
    #[arg(id = "gbdt-lambda-l2", long = "gbdt-lambda-l2", allow_hyphen_values = true)]
    lambda_l2: Option<f64>,
    /// L1 regularisation.
    #[arg(id = "gbdt-lambda-l1", long = "gbdt-lambda-l1", allow_hyphen_values = true)]
    lambda_l1: Option<f64>,
    /// Largest leaf output before shrinkage (0 = no limit).
    #[arg(id = "gbdt-max-delta-step", long = "gbdt-max-delta-step", allow_hyphen_values = true)]
    max_delta_step: Option<f64>,
    /// Minimum split gain.
    #[arg(id = "gbdt-min-gain-to-split", long = "gbdt-min-gain-to-split", allow_hyphen_values = true)]
    min_gain_to_split: Option<f64>,
    /// Fraction of features per tree.
    #[arg(id = "gbdt-feature-fraction", long = "gbdt-feature-fraction", allow_hyphen_values = true)]
    feature_fraction: Option<f64>,
    /// Fraction of rows per bag.
    #[arg(id = "gbdt-bagging-fraction", long = "gbdt-bagging-fraction", allow_hyphen_values = true)]
    bagging_fraction: Option<f64>,
    /// Redraw the bag every this many rounds (0 = no bagging).
    #[arg(id = "gbdt-bagging-freq", long = "gbdt-bagging-freq")]
    bagging_freq: Option<usize>,
    /// Weight of malicious rows' gradients.
    #[arg(id = "gbdt-scale-pos-weight", long = "gbdt-scale-pos-weight", allow_hyphen_values = true)]
    scale_pos_weight: Option<f64>,
    /// Balance the classes.
    #[arg(id = "gbdt-is-unbalance", long = "gbdt-is-unbalance")]
    is_unbalance: bool,
    /// Bins per feature (2–255).
    #[arg(id = "gbdt-max-bin", long = "gbdt-max-bin")]
    max_bin: Option<usize>,
    /// Vote weight of the boosted component.
    #[arg(id = "gbdt-weight", long = "gbdt-weight", allow_hyphen_values = true)]
    pub weight: Option<f64>,
}

/// Forest parameters (scikit-learn's names); unset = the CLI default.
#[derive(Debug, clap::Args)]
pub struct ForestArgs {
    /// Number of trees.
    #[arg(id = "forest-n-estimators", long = "forest-n-estimators")]
    n_estimators: Option<usize>,
    /// Maximum depth (0 = unlimited).
    #[arg(id = "forest-max-depth", long = "forest-max-depth")]
    max_depth: Option<usize>,
    /// Minimum rows in a leaf.
    #[arg(id = "forest-min-samples-leaf", long = "forest-min-samples-leaf")]
    min_samples_leaf: Option<usize>,
    /// Minimum rows to split a node.
    #[arg(id = "forest-min-samples-split", long = "forest-min-samples-split")]
    min_samples_split: Option<usize>,
    /// Features per node: sqrt, log2, all, a count, or a fraction in (0, 1).
    #[arg(id = "forest-max-features", long = "forest-max-features")]
    max_features: Option<String>,
    /// Draw rows without replacement (all rows for every tree).
    #[arg(id = "forest-no-bootstrap", long = "forest-no-bootstrap")]
    no_bootstrap: bool,
    /// Weight of malicious rows (normal rows weigh 1).
    #[arg(id = "forest-malicious-weight", long = "forest-malicious-weight", allow_hyphen_values = true)]
    malicious_weight: Option<f64>,
    /// Bins per feature (2–255).
    #[arg(id = "forest-max-bin", long = "forest-max-bin")]
    max_bin: Option<usize>,
    /// Vote weight of the forest.
    #[arg(id = "forest-weight", long = "forest-weight", allow_hyphen_values = true)]
    pub weight: Option<f64>,
}

fn set<T: Copy>(into: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *into = v;
    }
}

impl GbdtArgs {
    /// `base` with the given values applied.
    pub fn apply(&self, mut p: GbdtParams) -> GbdtParams {
        set(&mut p.num_iterations, self.num_iterations);
        set(&mut p.learning_rate, self.learning_rate);
        set(&mut p.num_leaves, self.num_leaves);
        set(&mut p.max_depth, self.max_depth);
        set(&mut p.min_data_in_leaf, self.min_data_in_leaf);
        set(&mut p.min_sum_hessian_in_leaf, self.min_sum_hessian_in_leaf);
        set(&mut p.lambda_l2, self.lambda_l2);
        set(&mut p.lambda_l1, self.lambda_l1);
        set(&mut p.max_delta_step, self.max_delta_step);
        set(&mut p.min_gain_to_split, self.min_gain_to_split);
        set(&mut p.feature_fraction, self.feature_fraction);
        set(&mut p.bagging_fraction, self.bagging_fraction);
        set(&mut p.bagging_freq, self.bagging_freq);
        set(&mut p.scale_pos_weight, self.scale_pos_weight);
        set(&mut p.max_bin, self.max_bin);
        p.is_unbalance |= self.is_unbalance;
        p
    }
}

impl ForestArgs {
    /// `base` with the given values applied.
    pub fn apply(&self, mut p: ForestParams) -> Result<ForestParams> {
        set(&mut p.n_estimators, self.n_estimators);
        if let Some(depth) = self.max_depth {
            p.max_depth = (depth > 0).then_some(depth);
        }
        set(&mut p.min_samples_leaf, self.min_samples_leaf);
        set(&mut p.min_samples_split, self.min_samples_split);
        set(&mut p.max_bin, self.max_bin);
        if let Some(text) = &self.max_features {
            p.max_features = max_features(text)?;
        }
        p.bootstrap &= !self.no_bootstrap;
        if let Some(w) = self.malicious_weight {
            p.class_weight[1] = w;
        }
        Ok(p)
    }
}

fn max_features(text: &str) -> Result<MaxFeatures> {
    Ok(match text {
        "sqrt" => MaxFeatures::Sqrt,
        "log2" => MaxFeatures::Log2,
        "all" => MaxFeatures::All,
        _ if text.contains('.') => match text.parse::<f64>() {
            Ok(f) => MaxFeatures::Fraction(f),
            Err(_) => {
                bail!("--forest-max-features {text:?}: expected sqrt, log2, all, a count or a fraction")
            }
        },
        _ => match text.parse::<usize>() {
            Ok(k) => MaxFeatures::Count(k),
            Err(_) => {
                bail!("--forest-max-features {text:?}: expected sqrt, log2, all, a count or a fraction")
            }
        },
    })
}

/// `recall:0.99` (default), `f1`, or `cost:R` (a false negative costs R false positives).
pub fn threshold_policy(text: &str) -> Result<ThresholdPolicy> {
    let number = |v: &str| {
        v.parse::<f64>().map_err(|_| anyhow::anyhow!("--threshold-policy {text:?}: {v:?} is not a number"))
    };
    match text.split_once(':') {
        None if text == "f1" => Ok(ThresholdPolicy::BestF1),
        Some(("recall", v)) => Ok(ThresholdPolicy::RecallAtLeast { target: number(v)? }),
        Some(("cost", v)) => Ok(ThresholdPolicy::MinCost { fn_cost: number(v)? }),
        _ => bail!("--threshold-policy {text:?}: expected recall:TARGET (e.g. recall:0.99), f1 or cost:RATIO (e.g. cost:10)"),
    }
}

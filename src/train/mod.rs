//! Training: histogram-based gradient boosting (binary log-loss, leaf-wise) and random forests (Gini),
//! in pure Rust, the same natively and in wasm32.
//!
//! Input: a [`Dataset`] (a [`crate::features::FeatureMatrix`] binned once, with boolean labels) and
//! checked parameters ([`GbdtParams::check`], [`ForestParams::check`]). Output: a validated
//! [`crate::model::Component`] with LightGBM's tree encoding and sample-count covers. Rejects: bad
//! parameter values ([`ParamError`]), unusable data ([`TrainError`]).

mod ablation;
mod activity;
mod binning;
mod card_builder;
mod card_extras;
mod dataset;
mod error;
mod forest;
mod gbdt;
mod grow;
mod histogram;
mod parallel;
mod params;
mod pipeline;
mod quality;
pub mod relabel;
mod sampling;
mod split;
mod splits;
mod tradeoff;

pub use ablation::{
    ablation_variants, run_ablation, AblationResult, AblationVariant, FeatureGroup, FEATURE_GROUPS,
    IDENTIFYING,
};
pub use activity::{activity, Activity, BlockActivity, MAX_WINDOWS};
pub use binning::{BinMapper, MAX_BINS};
pub use card_builder::{metrics_of, sha256_hex};
pub use card_extras::{RelabellingRecord, ACTIVITY_WINDOW_S};
pub use dataset::Dataset;
pub use error::{ParamError, TrainError};
pub use forest::train_forest;
pub use gbdt::{train_gbdt, Validation};
pub use parallel::Parallelism;
pub use params::{ForestParams, GbdtParams, MaxFeatures, ValidForestParams, ValidGbdtParams};
pub use pipeline::{
    check_options, default_forest, default_gbdt, resolve_features, train_model, train_scored, LabelSource,
    PipelineError, Scored, TrainInput, TrainOptions,
};
pub use quality::{quality_views, BlockQuality, QualityViews, SeedFigures, ViewMetrics, SEED_FIGURES};
pub use splits::{
    find_blocks, label_counts, split, BlockSource, BlockStart, CaptureBlock, Part, SplitMethod, SplitParams,
    Splits, RANDOM_SPLIT_WARNING,
};
pub use tradeoff::{gzip_len, run_tradeoff, SizeVariant, TradeoffPoint, SIZE_VARIANTS};

use crate::model::{Component, Ensemble, ModelError};

/// One progress report, sent after every tree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Which trainer reports (`"gbdt"` or `"forest"`).
    pub stage: &'static str,
    /// 1-based iteration (boosting round or forest tree) just finished.
    pub iteration: usize,
    /// Iterations planned in total.
    pub total_iterations: usize,
    /// Trees kept so far.
    pub trees: usize,
    /// Validation binary log-loss after this iteration (boosting with a validation set only).
    pub validation_logloss: Option<f64>,
}

/// Builds the soft-voting ensemble of trained components over the dataset's feature names, each with
/// its vote weight (`weights[i]` for `components[i]`, finite and > 0).
pub fn ensemble_of(
    feature_names: Vec<String>,
    components: Vec<Component>,
    weights: &[f64],
) -> Result<Ensemble, ModelError> {
    if weights.len() != components.len() {
        return Err(ModelError::Invalid(format!(
            "{} vote weights for {} components; give one weight per component",
            weights.len(),
            components.len()
        )));
    }
    let weighted =
        components.into_iter().zip(weights).map(|(c, &w)| c.with_weight(w)).collect::<Result<Vec<_>, _>>()?;
    Ensemble::new(feature_names, weighted)
}

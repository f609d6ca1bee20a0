//! Gradient boosting for binary log-loss, as LightGBM's `gbdt` with `objective=binary`: the log-odds of
//! the label mean folded into the first tree, leaf-wise trees on gradient/hessian histograms, leaf
//! values `−T(G)/(H+λ₂)·learning_rate` (`T` the L1 soft threshold, clamped by `max_delta_step`, see
//! [`Criterion`]), optional bagging and feature sampling, early stopping.
//!
//! `exp` and `ln` come from the `libm` crate (pure Rust), not the platform's C library, so gradients and
//! the model bytes are the same natively and in wasm32 (glibc's and wasm's `exp` differ in the last bit).
//!
//! Input: a [`Dataset`], checked parameters, an optional [`Validation`] set. Output: a `Sum`/`Sigmoid`
//! [`Component`] named `gbdt`. Rejects: a validation set whose columns differ from the training data's.

use super::grow::{grow, GrowConfig, Order};
use super::histogram::BinStat;
use super::parallel::{for_chunks_mut, Parallelism, PARALLEL_CHUNK};
use super::sampling::{bernoulli_rows, choose_features};
use super::split::{Constraints, Criterion};
use super::{Dataset, Progress, TrainError, ValidGbdtParams};
use crate::explain::SplitMix64;
use crate::features::FeatureMatrix;
use crate::model::{Aggregation, Component, Output, Tree};

/// LightGBM's `kEpsilon`, bounding the label mean away from 0 and 1.
const EPSILON: f64 = 1e-15;

/// Rows for early stopping, in the training data's column order.
#[derive(Debug, Clone, Copy)]
pub struct Validation<'a> {
    /// Feature rows (same names as the training data).
    pub features: &'a FeatureMatrix,
    /// One label per row.
    pub labels: &'a [bool],
}

/// Trains a boosted component. `progress` is called after every round.
pub fn train_gbdt(
    data: &Dataset,
    params: &ValidGbdtParams,
    validation: Option<Validation<'_>>,
    parallelism: Parallelism,
    progress: &mut dyn FnMut(Progress),
) -> Result<Component, TrainError> {
    let p = params.params();
    check_validation(data, validation)?;
    let n = data.n_rows();
    let labels = data.labels();
    let [neg_weight, pos_weight] = label_weights(labels, p.is_unbalance, p.scale_pos_weight);
    let init = if p.boost_from_average { init_score(data) } else { 0.0 };
    let mut scores = vec![init; n];
    let mut valid_scores = validation.map(|v| vec![0.0; v.labels.len()]);
    let mut stats = vec![BinStat::default(); n];
    let mut rng = SplitMix64::new(p.seed);
    let mut bag: Vec<u32> = (0..n as u32).collect();
    let config = grow_config(params, parallelism);
    let mut trees: Vec<Tree> = Vec::with_capacity(p.num_iterations);
    let (mut best_loss, mut best_trees) = (f64::INFINITY, 0usize);
    for iteration in 0..p.num_iterations {
        for_chunks_mut(parallelism, &mut stats, PARALLEL_CHUNK, |offset, chunk| {
            for (i, stat) in chunk.iter_mut().enumerate() {
                let row = offset + i;
                let lw = if labels[row] { pos_weight } else { neg_weight } * data.weight(row);
                let (g, h) = gradient(labels[row], scores[row], lw);
                *stat = BinStat { g, h, n: 1 };
            }
        });
        let bagging = p.bagging_freq > 0 && p.bagging_fraction < 1.0;
        if bagging && iteration % p.bagging_freq == 0 {
            bag = bernoulli_rows(n, p.bagging_fraction, &mut rng);
        }
        let in_use = choose_features(data.n_features(), p.feature_fraction, &mut rng);
        let mut rows = bag.clone();
        let grown = grow(data, &mut rows, &stats, &in_use, &config, &mut rng);
        let mut tree = grown.tree;
        if tree.n_internal() == 0 && iteration > 0 {
            break; // like LightGBM: no leaf meets the split requirements any more
        }
        update_scores(data, &tree, &rows, &grown.leaf_ranges, bagging, &mut scores);
        if iteration == 0 {
            add_bias(&mut tree, init);
        }
        let mut loss = None;
        if let (Some(v), Some(vs)) = (validation, valid_scores.as_mut()) {
            let l = add_validation(&tree, v, vs);
            if l < best_loss {
                (best_loss, best_trees) = (l, iteration + 1);
            }
            loss = Some(l);
        }
        trees.push(tree);
        let (total_iterations, count) = (p.num_iterations, trees.len());
        progress(Progress {
            stage: "gbdt",
            iteration: iteration + 1,
            total_iterations,
            trees: count,
            validation_logloss: loss,
        });
        if p.early_stopping_round > 0
            && loss.is_some()
            && iteration + 1 - best_trees >= p.early_stopping_round
        {
            trees.truncate(best_trees);
            break;
        }
    }
    Ok(Component::new("gbdt", trees, Aggregation::Sum, Output::Sigmoid { scale: 1.0 }, false, 1.0)?)
}

fn grow_config(params: &ValidGbdtParams, parallelism: Parallelism) -> GrowConfig {
    let p = params.params();
    GrowConfig {
        order: Order::BestFirst,
        max_leaves: p.num_leaves,
        max_depth: usize::try_from(p.max_depth).ok().filter(|&d| d > 0),
        min_rows_to_split: 2,
        criterion: Criterion::Gradient {
            lambda_l1: p.lambda_l1,
            lambda_l2: p.lambda_l2,
            max_delta_step: p.max_delta_step,
        },
        limits: Constraints {
            min_rows: p.min_data_in_leaf as u32,
            min_hessian: p.min_sum_hessian_in_leaf,
            min_gain: p.min_gain_to_split,
        },
        features_per_node: None,
        shrinkage: p.learning_rate,
        parallelism,
        class_weight: [1.0, 1.0],
    }
}

/// LightGBM's binary gradient and hessian (label ±1, sigmoid 1) times the label weight.
#[inline]
fn gradient(label: bool, score: f64, label_weight: f64) -> (f64, f64) {
    let y = if label { 1.0 } else { -1.0 };
    let response = -y / (1.0 + libm::exp(y * score));
    let abs = response.abs();
    (response * label_weight, abs * (1.0 - abs) * label_weight)
}

/// `[negative, positive]` label weights: `is_unbalance` up-weights the minority class by the class
/// ratio, and the positive weight is multiplied by `scale_pos_weight`.
fn label_weights(labels: &[bool], is_unbalance: bool, scale_pos_weight: f64) -> [f64; 2] {
    let positives = labels.iter().filter(|&&l| l).count() as f64;
    let negatives = labels.len() as f64 - positives;
    let mut weights = [1.0, 1.0];
    if is_unbalance {
        if positives > negatives {
            weights[0] = positives / negatives;
        } else {
            weights[1] = negatives / positives;
        }
    }
    weights[1] *= scale_pos_weight;
    weights
}

/// `ln(p / (1 − p))` of the (sample-weighted) label mean, as LightGBM's `BoostFromScore`.
fn init_score(data: &Dataset) -> f64 {
    let (mut positive, mut total) = (0.0, 0.0);
    for (row, &label) in data.labels().iter().enumerate() {
        let w = data.weight(row);
        total += w;
        if label {
            positive += w;
        }
    }
    let mean = (positive / total).clamp(EPSILON, 1.0 - EPSILON);
    libm::log(mean / (1.0 - mean))
}

fn add_bias(tree: &mut Tree, bias: f64) {
    tree.leaf_value.iter_mut().for_each(|v| *v += bias);
    tree.internal_value.iter_mut().for_each(|v| *v += bias);
}

/// Adds the new tree to the training scores: by leaf range for bagged rows, by walking the tree on
/// bins for the others.
fn update_scores(
    data: &Dataset,
    tree: &Tree,
    rows: &[u32],
    ranges: &[(usize, usize)],
    bagging: bool,
    scores: &mut [f64],
) {
    if bagging {
        for (row, score) in scores.iter_mut().enumerate() {
            *score += tree.leaf_value[binned_leaf(data, tree, row)];
        }
        return;
    }
    for (leaf, &(begin, end)) in ranges.iter().enumerate() {
        for &row in &rows[begin..end] {
            scores[row as usize] += tree.leaf_value[leaf];
        }
    }
}

/// The leaf of training row `row`, deciding each split on the row's bin (a bin goes left when its
/// upper bound is ≤ the threshold, which is exactly the split that was chosen on bins).
fn binned_leaf(data: &Dataset, tree: &Tree, row: usize) -> usize {
    let mut node = 0i32;
    if tree.n_internal() == 0 {
        return 0;
    }
    while node >= 0 {
        let n = node as usize;
        let f = tree.split_feature[n] as usize;
        let mapper = data.mapper(f);
        let bin = data.column_bins(f)[row] as usize;
        let left = if Some(bin) == mapper.nan_bin() {
            tree.default_left(n)
        } else {
            mapper.threshold(bin) <= tree.threshold[n]
        };
        node = if left { tree.left_child[n] } else { tree.right_child[n] };
    }
    (!node) as usize
}

/// Adds the tree to the validation scores and returns the mean binary log-loss.
fn add_validation(tree: &Tree, v: Validation<'_>, scores: &mut [f64]) -> f64 {
    let mut loss = 0.0;
    for (row, score) in scores.iter_mut().enumerate() {
        let x: Vec<f64> = v
            .features
            .row(row)
            .iter()
            .map(|&x| if x.abs() <= crate::model::ZERO_THRESHOLD { 0.0 } else { x })
            .collect();
        *score += tree.predict(&x);
        let p = (1.0 / (1.0 + libm::exp(-*score))).clamp(EPSILON, 1.0 - EPSILON);
        loss -= if v.labels[row] { libm::log(p) } else { libm::log(1.0 - p) };
    }
    loss / scores.len() as f64
}

fn check_validation(data: &Dataset, validation: Option<Validation<'_>>) -> Result<(), TrainError> {
    let Some(v) = validation else { return Ok(()) };
    if v.features.names() != data.feature_names() {
        return Err(TrainError::Validation(
            "its columns are not the training data's features in order".into(),
        ));
    }
    if v.labels.len() != v.features.n_rows() || v.labels.is_empty() {
        return Err(TrainError::Validation(format!(
            "{} labels for {} rows; give one label per row (at least one row)",
            v.labels.len(),
            v.features.n_rows()
        )));
    }
    Ok(())
}

//! Random forest, as scikit-learn's `RandomForestClassifier`: each tree on a bootstrap sample (drawn rows
//! weighted by their draw count and class weight), `max_features` features drawn per node among those
//! that vary there, Gini impurity decrease on class-weight histograms, leaves holding the weighted
//! class-1 fraction.
//!
//! Input: a [`Dataset`] and checked parameters. Output: a `Mean`/`Identity` [`Component`] named
//! `forest`. Trees are independent: each has its own seed drawn from `seed` in tree order.

use super::grow::{grow, GrowConfig, Order};
use super::histogram::{BinStat, ClassCounts, Stat};
use super::parallel::{map_range, Parallelism};
use super::sampling::bootstrap_counts;
use super::split::{Constraints, Criterion};
use super::{Dataset, Progress, TrainError, ValidForestParams};
use crate::explain::SplitMix64;
use crate::model::{Aggregation, Component, Output, Tree};

/// Trees built between two progress reports (and in parallel, natively).
const CHUNK_TREES: usize = 8;

/// Trains a forest component. `progress` is called after every tree.
pub fn train_forest(
    data: &Dataset,
    params: &ValidForestParams,
    parallelism: Parallelism,
    progress: &mut dyn FnMut(Progress),
) -> Result<Component, TrainError> {
    let p = params.params();
    let mut seeder = SplitMix64::new(p.seed);
    let seeds: Vec<u64> = (0..p.n_estimators).map(|_| seeder.next_u64()).collect();
    let config = GrowConfig {
        order: Order::DepthFirst,
        max_leaves: usize::MAX,
        max_depth: p.max_depth,
        min_rows_to_split: p.min_samples_split as u32,
        criterion: Criterion::Gini,
        limits: Constraints { min_rows: p.min_samples_leaf as u32, min_hessian: 1e-12, min_gain: 1e-12 },
        features_per_node: Some(p.max_features.resolve(data.n_features())),
        shrinkage: 1.0,
        parallelism: Parallelism::Sequential,
        class_weight: p.class_weight,
    };
    let mut trees: Vec<Tree> = Vec::with_capacity(p.n_estimators);
    for chunk in seeds.chunks(CHUNK_TREES) {
        let built = map_range(parallelism, chunk.len(), |i| one_tree(data, params, &config, chunk[i]));
        for tree in built {
            trees.push(tree);
            let (iteration, total_iterations) = (trees.len(), p.n_estimators);
            progress(Progress {
                stage: "forest",
                iteration,
                total_iterations,
                trees: iteration,
                validation_logloss: None,
            });
        }
    }
    Ok(Component::new("forest", trees, Aggregation::Mean, Output::Identity, false, 1.0)?)
}

fn one_tree(data: &Dataset, params: &ValidForestParams, config: &GrowConfig, seed: u64) -> Tree {
    let p = params.params();
    let n = data.n_rows();
    let mut rng = SplitMix64::new(seed);
    let counts = if p.bootstrap { bootstrap_counts(n, &mut rng) } else { vec![1; n] };
    let in_use = vec![true; data.n_features()];
    let labels = data.labels();
    // A tree draws n rows in all, so packed counts cannot overflow while n fits one field. Without
    // sample weights a row's weight is its draw count times its class weight, which the counts carry
    // exactly (the class weights are applied when a bin is scored); with sample weights, rows need
    // floating-point sums.
    if !data.has_weights() && n as u64 <= ClassCounts::MAX {
        let (mut rows, stats) = drawn(&counts, |row, count| Some(ClassCounts::row(count, labels[row])));
        return grow(data, &mut rows, &stats, &in_use, config, &mut rng).tree;
    }
    let (mut rows, stats) = drawn(&counts, |row, count| {
        let w = f64::from(count) * p.class_weight[usize::from(labels[row])] * data.weight(row);
        (w > 0.0).then(|| BinStat { g: if labels[row] { w } else { 0.0 }, h: w, n: 1 })
    });
    grow(data, &mut rows, &stats, &in_use, config, &mut rng).tree
}

/// The rows drawn at least once whose `stat` is `Some`, in row order, and each row's stat (default for
/// the others).
fn drawn<S: Stat>(counts: &[u32], stat: impl Fn(usize, u32) -> Option<S>) -> (Vec<u32>, Vec<S>) {
    let mut rows: Vec<u32> = Vec::with_capacity(counts.len());
    let mut stats = vec![S::default(); counts.len()];
    for (row, &count) in counts.iter().enumerate() {
        if let Some(s) = (count > 0).then(|| stat(row, count)).flatten() {
            rows.push(row as u32);
            stats[row] = s;
        }
    }
    (rows, stats)
}

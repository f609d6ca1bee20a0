//! Growing one tree on histograms: leaf-wise (best-first, for boosting) or depth-first (for the
//! forest, which keeps only the pending path's histograms), numbering nodes and leaves as LightGBM does
//! (the left child keeps the leaf's index, the right child gets the next one).
//!
//! Input: the dataset, the rows in use (partitioned in place), one [`Stat`] per row, a [`GrowConfig`].
//! Output: a [`Grown`] tree: a [`Tree`] with sample-count covers and the leaves' row ranges.

use super::histogram::{self, Histogram, Stat};
use super::parallel::{map_chunks_mut, Parallelism, PARALLEL_CHUNK};
use super::split::{best_split, Constraints, Criterion, Split};
use super::Dataset;
use crate::explain::SplitMix64;
use crate::model::{Tree, DEFAULT_LEFT_MASK};

/// `decision_type` bits for "missing type NaN".
const MISSING_NAN: u8 = 2 << 2;

/// In which order leaves are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// The leaf with the largest gain first, until `max_leaves` (boosting).
    BestFirst,
    /// The most recent leaf first (the forest: no leaf limit).
    DepthFirst,
}

/// How to grow one tree.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GrowConfig {
    /// Split order.
    pub order: Order,
    /// Maximum leaves.
    pub max_leaves: usize,
    /// Maximum depth (root = depth 0), `None` = unlimited.
    pub max_depth: Option<usize>,
    /// Smallest node that may be split (rows).
    pub min_rows_to_split: u32,
    /// Split scoring.
    pub criterion: Criterion,
    /// Child constraints.
    pub limits: Constraints,
    /// Features drawn per node among those that vary in it (`None`: all features in use).
    pub features_per_node: Option<usize>,
    /// Multiplier of leaf values (the learning rate).
    pub shrinkage: f64,
    /// Thread use for histograms.
    pub parallelism: Parallelism,
    /// Class weights (negative, positive) for forest [`ClassCounts`](histogram::ClassCounts); `[1, 1]`
    /// and unused for boosting.
    pub class_weight: [f64; 2],
}

/// A grown tree and where its rows ended up.
#[derive(Debug, Clone)]
pub(crate) struct Grown {
    /// The tree, leaf values shrunk, covers = row counts.
    pub tree: Tree,
    /// Per leaf, the range of `rows` that fell into it.
    pub leaf_ranges: Vec<(usize, usize)>,
}

struct Leaf<S> {
    begin: usize,
    end: usize,
    depth: usize,
    total: S,
    hist: Option<Histogram<S>>,
    best: Option<Split<S>>,
    parent: Option<(usize, bool)>,
}

/// Grows a tree over `rows` (partitioned in place by leaf) using features with `in_use[f]`.
pub(crate) fn grow<S: Stat>(
    data: &Dataset,
    rows: &mut [u32],
    stats: &[S],
    in_use: &[bool],
    config: &GrowConfig,
    rng: &mut SplitMix64,
) -> Grown {
    let mut tree = Tree::default();
    let total = rows.iter().fold(S::default(), |s, &r| s.plus(stats[r as usize]));
    let mut leaves =
        vec![Leaf { begin: 0, end: rows.len(), depth: 0, total, hist: None, best: None, parent: None }];
    if splittable(&leaves[0], config) {
        let hist = histogram::build(data, in_use, rows, stats, config.parallelism);
        prepare(data, &mut leaves[0], hist, in_use, config, rng);
    }
    let mut stack = vec![0usize];
    let mut scratch: Vec<u32> = Vec::new();
    while leaves.len() < config.max_leaves {
        let Some(l) = next_leaf(&leaves, &mut stack, config.order) else { break };
        let Some(split) = leaves[l].best.take() else { continue };
        let parent_hist = leaves[l].hist.take();
        let (node, right) = (tree.split_feature.len(), leaves.len());
        let mid = partition(data, rows, &leaves[l], &split, &mut scratch, config.parallelism);
        add_node(&mut tree, data, &leaves[l], &split, l, right, config);
        if let Some((p, is_left)) = leaves[l].parent {
            let link = if is_left { &mut tree.left_child[p] } else { &mut tree.right_child[p] };
            *link = node as i32;
        }
        let parent = &leaves[l];
        let depth = parent.depth + 1;
        let left = Leaf {
            begin: parent.begin,
            end: mid,
            depth,
            total: split.left,
            hist: None,
            best: None,
            parent: Some((node, true)),
        };
        let right_total = parent.total.minus(split.left);
        let right_leaf = Leaf {
            begin: mid,
            end: parent.end,
            depth,
            total: right_total,
            hist: None,
            best: None,
            parent: Some((node, false)),
        };
        leaves[l] = left;
        leaves.push(right_leaf);
        children_histograms(data, rows, stats, in_use, config, rng, &mut leaves, l, right, parent_hist);
        if config.order == Order::DepthFirst {
            stack.extend([right, l]);
        }
    }
    finish(tree, &leaves, config)
}

fn splittable<S: Stat>(leaf: &Leaf<S>, config: &GrowConfig) -> bool {
    let rows = leaf.end - leaf.begin;
    rows as u64 >= u64::from(config.min_rows_to_split.max(2 * config.limits.min_rows))
        && config.max_depth.is_none_or(|d| leaf.depth < d)
}

/// Stores the leaf's histogram and best split (the histogram only if there is a split to make).
fn prepare<S: Stat>(
    data: &Dataset,
    leaf: &mut Leaf<S>,
    hist: Histogram<S>,
    in_use: &[bool],
    config: &GrowConfig,
    rng: &mut SplitMix64,
) {
    let candidates = candidates(data, &hist, in_use, config.features_per_node, rng);
    let (criterion, limits) = (config.criterion, config.limits);
    leaf.best = best_split(data, &hist, leaf.total, &candidates, criterion, limits, config.class_weight);
    leaf.hist = leaf.best.map(|_| hist);
}

/// Features searched at a node: all in use, or `k` drawn among those that vary in the node.
fn candidates<S: Stat>(
    data: &Dataset,
    hist: &Histogram<S>,
    in_use: &[bool],
    k: Option<usize>,
    rng: &mut SplitMix64,
) -> Vec<usize> {
    let in_use = (0..data.n_features()).filter(|&f| in_use[f]);
    let Some(k) = k else { return in_use.collect() };
    let mut varying: Vec<usize> =
        in_use.filter(|&f| hist[f].iter().filter(|b| b.rows() > 0).nth(1).is_some()).collect();
    if varying.len() > k {
        for i in 0..k {
            let j = i + rng.below((varying.len() - i) as u64) as usize;
            varying.swap(i, j);
        }
        varying.truncate(k);
        varying.sort_unstable();
    }
    varying
}

fn next_leaf<S: Stat>(leaves: &[Leaf<S>], stack: &mut Vec<usize>, order: Order) -> Option<usize> {
    match order {
        Order::DepthFirst => stack.pop(),
        Order::BestFirst => {
            let mut best: Option<(usize, f64)> = None;
            for (i, leaf) in leaves.iter().enumerate() {
                if let Some(s) = leaf.best {
                    if best.is_none_or(|(_, g)| s.gain > g) {
                        best = Some((i, s.gain));
                    }
                }
            }
            best.map(|(i, _)| i)
        }
    }
}

/// Stable partition of the leaf's rows: left rows first; returns the boundary. Large leaves are cut
/// into chunks partitioned in parallel, then each chunk's left rows and right rows are concatenated in
/// chunk order, which is the same order as one pass gives.
fn partition<S: Stat>(
    data: &Dataset,
    rows: &mut [u32],
    leaf: &Leaf<S>,
    split: &Split<S>,
    scratch: &mut Vec<u32>,
    parallelism: Parallelism,
) -> usize {
    let column = data.column_bins(split.feature);
    let nan_bin = data.mapper(split.feature).nan_bin();
    let (nan_bin, nan_left, last_left) = (nan_bin.unwrap_or(usize::MAX), split.nan_left, split.bin);
    let goes_left = |row: u32| {
        let bin = usize::from(column[row as usize]);
        if bin == nan_bin {
            nan_left
        } else {
            bin <= last_left
        }
    };
    leaf.begin + partition_rows(&mut rows[leaf.begin..leaf.end], goes_left, scratch, parallelism)
}

/// Stable partition of `slice` by `goes_left`, in chunks on threads when it is large; returns how
/// many rows go left.
fn partition_rows(
    slice: &mut [u32],
    goes_left: impl Fn(u32) -> bool + Sync + Send,
    scratch: &mut Vec<u32>,
    parallelism: Parallelism,
) -> usize {
    if parallelism == Parallelism::Sequential || slice.len() < 4 * PARALLEL_CHUNK {
        return partition_slice(slice, goes_left, scratch);
    }
    let lefts = map_chunks_mut(parallelism, slice, PARALLEL_CHUNK, |chunk| {
        partition_slice(chunk, &goes_left, &mut Vec::new())
    });
    scratch.clear();
    for (chunk, &left) in slice.chunks(PARALLEL_CHUNK).zip(&lefts) {
        scratch.extend_from_slice(&chunk[..left]);
    }
    let mid = scratch.len();
    for (chunk, &left) in slice.chunks(PARALLEL_CHUNK).zip(&lefts) {
        scratch.extend_from_slice(&chunk[left..]);
    }
    slice.copy_from_slice(scratch);
    mid
}

/// Stable partition of `slice` by `goes_left`: left rows first; returns how many.
fn partition_slice(slice: &mut [u32], goes_left: impl Fn(u32) -> bool, scratch: &mut Vec<u32>) -> usize {
    scratch.clear();
    scratch.resize(slice.len(), 0);
    // Branch-free: every row is written to both sides and only the side it belongs to advances (a
    // split's direction is unpredictable row by row). `write ≤ i`, so row `i` is read before any write
    // reaches it.
    let (mut write, mut right) = (0, 0);
    for i in 0..slice.len() {
        let row = slice[i];
        let left = goes_left(row);
        slice[write] = row;
        scratch[right] = row;
        write += usize::from(left);
        right += usize::from(!left);
    }
    slice[write..].copy_from_slice(&scratch[..right]);
    write
}

fn add_node<S: Stat>(
    tree: &mut Tree,
    data: &Dataset,
    leaf: &Leaf<S>,
    split: &Split<S>,
    left: usize,
    right: usize,
    config: &GrowConfig,
) {
    let mapper = data.mapper(split.feature);
    let decision = match mapper.nan_bin() {
        Some(_) => MISSING_NAN | if split.nan_left { DEFAULT_LEFT_MASK } else { 0 },
        None => 0,
    };
    tree.split_feature.push(split.feature as u32);
    tree.threshold.push(mapper.threshold(split.bin));
    tree.decision_type.push(decision);
    tree.left_child.push(!(left as i32));
    tree.right_child.push(!(right as i32));
    tree.internal_cover.push(f64::from(leaf.total.rows()));
    tree.internal_value
        .push(config.criterion.output(leaf.total.sums(config.class_weight)) * config.shrinkage);
}

/// Histograms and best splits of the two new children: the smaller child is built from its rows and
/// the larger one is the parent minus the smaller (only children that may be split need one).
#[allow(clippy::too_many_arguments)]
fn children_histograms<S: Stat>(
    data: &Dataset,
    rows: &[u32],
    stats: &[S],
    in_use: &[bool],
    config: &GrowConfig,
    rng: &mut SplitMix64,
    leaves: &mut [Leaf<S>],
    left: usize,
    right: usize,
    parent_hist: Option<Histogram<S>>,
) {
    let need = [splittable(&leaves[left], config), splittable(&leaves[right], config)];
    let size = |l: &Leaf<S>| l.end - l.begin;
    let (small, large) =
        if size(&leaves[left]) <= size(&leaves[right]) { (left, right) } else { (right, left) };
    let (need_small, need_large) = if small == left { (need[0], need[1]) } else { (need[1], need[0]) };
    let build =
        |l: &Leaf<S>| histogram::build(data, in_use, &rows[l.begin..l.end], stats, config.parallelism);
    let mut small_hist = None;
    if need_small || need_large {
        small_hist = Some(build(&leaves[small]));
    }
    if need_large {
        let large_hist = match (parent_hist, &small_hist) {
            (Some(p), Some(s)) => histogram::subtract(p, s),
            _ => build(&leaves[large]),
        };
        prepare(data, &mut leaves[large], large_hist, in_use, config, rng);
    }
    if let (true, Some(hist)) = (need_small, small_hist) {
        prepare(data, &mut leaves[small], hist, in_use, config, rng);
    }
}

fn finish<S: Stat>(mut tree: Tree, leaves: &[Leaf<S>], config: &GrowConfig) -> Grown {
    let output = |l: &Leaf<S>| config.criterion.output(l.total.sums(config.class_weight)) * config.shrinkage;
    tree.leaf_value = leaves.iter().map(output).collect();
    tree.leaf_cover = leaves.iter().map(|l| f64::from(l.total.rows())).collect();
    if tree.split_feature.is_empty() {
        tree.internal_value.clear();
    }
    Grown { tree, leaf_ranges: leaves.iter().map(|l| (l.begin, l.end)).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_partition_on_threads_matches_one_pass() {
        let mut rng = SplitMix64::new(5);
        for n in [0, 1, 4 * PARALLEL_CHUNK - 1, 4 * PARALLEL_CHUNK, 5 * PARALLEL_CHUNK + 123] {
            let rows: Vec<u32> = (0..n as u32).map(|i| i * 3).collect();
            let left: Vec<bool> = (0..n).map(|_| rng.below(3) == 0).collect();
            let goes_left = |row: u32| left[(row / 3) as usize];
            let (mut one, mut chunked) = (rows.clone(), rows.clone());
            let a = partition_rows(&mut one, goes_left, &mut Vec::new(), Parallelism::Sequential);
            let b = partition_rows(&mut chunked, goes_left, &mut Vec::new(), Parallelism::Threads);
            assert_eq!((a, &one), (b, &chunked), "{n} rows");
            let want: Vec<u32> = rows.iter().copied().filter(|&r| goes_left(r)).collect();
            assert_eq!(&one[..a], &want[..], "{n} rows: left side in order");
            let right: Vec<u32> = rows.iter().copied().filter(|&r| !goes_left(r)).collect();
            assert_eq!(&one[a..], &right[..], "{n} rows: right side in order");
        }
    }
}

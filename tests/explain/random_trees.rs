//! Random trees and rows for property tests, and brute-force Shapley values to check TreeSHAP against.

use anomalyze::explain::SplitMix64;
use anomalyze::model::{Aggregation, Component, Output, Tree};

/// A uniform float in [0, 1).
pub fn unit(rng: &mut SplitMix64) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A random tree over `n_features` features with at most `max_depth` levels; splits of every
/// decision type (default left or right, missing None/Zero/NaN, categorical) and consistent covers.
pub fn random_tree(rng: &mut SplitMix64, n_features: usize, max_depth: usize) -> Tree {
    let mut tree = Tree { cat_boundaries: vec![0], ..Tree::default() };
    grow(rng, &mut tree, n_features, max_depth, 0);
    tree
}

fn grow(rng: &mut SplitMix64, tree: &mut Tree, n_features: usize, max_depth: usize, depth: usize) -> i32 {
    // Bushy near the root, subcritical below (the expected size stays small for any `max_depth`);
    // below depth 6 half the nodes start a spine that splits down to `max_depth`.
    let chance = if depth < 6 { 7 } else { 4 };
    let split = depth == 0 || (depth < max_depth && rng.below(10) < chance);
    if !split || depth >= max_depth {
        let leaf = tree.leaf_value.len();
        tree.leaf_value.push(unit(rng) * 4.0 - 2.0);
        tree.leaf_cover.push(1.0 + rng.below(50) as f64);
        return !(leaf as i32);
    }
    if depth >= 6 && rng.below(2) == 0 {
        return grow_spine(rng, tree, n_features, max_depth, depth);
    }
    let node = grow_internal(rng, tree, n_features);
    let left = grow(rng, tree, n_features, max_depth, depth + 1);
    let right = grow(rng, tree, n_features, max_depth, depth + 1);
    link(tree, node, left, right)
}

/// A node whose left child always splits until `max_depth` (the spine of a deep tree).
fn grow_spine(
    rng: &mut SplitMix64,
    tree: &mut Tree,
    n_features: usize,
    max_depth: usize,
    depth: usize,
) -> i32 {
    let node = grow_internal(rng, tree, n_features);
    let left = if depth + 1 < max_depth {
        grow_spine(rng, tree, n_features, max_depth, depth + 1)
    } else {
        grow(rng, tree, n_features, max_depth, depth + 1)
    };
    let right = grow(rng, tree, n_features, max_depth, max_depth.min(depth + 8));
    link(tree, node, left, right)
}

/// Appends an internal node with a random split of any decision type; children are linked later.
fn grow_internal(rng: &mut SplitMix64, tree: &mut Tree, n_features: usize) -> usize {
    let node = tree.split_feature.len();
    tree.split_feature.push(rng.below(n_features as u64) as u32);
    let categorical = rng.below(6) == 0;
    if categorical {
        let index = tree.cat_boundaries.len() - 1;
        let words = 1 + rng.below(2) as u32;
        for _ in 0..words {
            tree.cat_threshold.push(rng.next_u64() as u32);
        }
        let last = *tree.cat_boundaries.last().unwrap_or(&0);
        tree.cat_boundaries.push(last + words);
        tree.threshold.push(index as f64);
    } else {
        tree.threshold.push([-0.5, 0.0, 0.5, 1.5, 2.5][rng.below(5) as usize]);
    }
    let missing = rng.below(3) as u8;
    let default_left = rng.below(2) as u8;
    tree.decision_type.push(u8::from(categorical) | (default_left << 1) | (missing << 2));
    tree.left_child.push(0);
    tree.right_child.push(0);
    tree.internal_cover.push(0.0);
    node
}

fn link(tree: &mut Tree, node: usize, left: i32, right: i32) -> i32 {
    tree.left_child[node] = left;
    tree.right_child[node] = right;
    tree.internal_cover[node] = cover(tree, left) + cover(tree, right);
    node as i32
}

fn cover(tree: &Tree, child: i32) -> f64 {
    if child < 0 {
        tree.leaf_cover[!child as usize]
    } else {
        tree.internal_cover[child as usize]
    }
}

/// A random row: NaN, zeros, values around the thresholds and category codes.
pub fn random_row(rng: &mut SplitMix64, n_features: usize) -> Vec<f64> {
    (0..n_features)
        .map(|_| match rng.below(8) {
            0 => f64::NAN,
            1 => 0.0,
            2 => -1.0,
            3 => rng.below(40) as f64,
            _ => unit(rng) * 4.0 - 1.0,
        })
        .collect()
}

/// `n_trees` random trees.
pub fn random_trees(rng: &mut SplitMix64, n_trees: usize, n_features: usize, max_depth: usize) -> Vec<Tree> {
    (0..n_trees).map(|_| random_tree(rng, n_features, max_depth)).collect()
}

/// A validated component of `n_trees` random trees (sum, identity, no cast, weight 1).
pub fn random_component(
    rng: &mut SplitMix64,
    n_trees: usize,
    n_features: usize,
    max_depth: usize,
) -> Component {
    component(random_trees(rng, n_trees, n_features, max_depth), Aggregation::Sum, Output::Identity, false)
}

/// A validated component of `trees`.
pub fn component(
    trees: Vec<Tree>,
    aggregation: Aggregation,
    output: Output,
    f32_features: bool,
) -> Component {
    Component::new("random", trees, aggregation, output, f32_features, 1.0).expect("valid random trees")
}

/// Lundberg's EXPVALUE: the path-dependent expectation of `tree` when only features in `subset`
/// (a bitmask) are known, the others averaged over both children by cover (evenly under a node whose
/// cover is 0, the convention of `explain::prepared`).
pub fn expected_value(tree: &Tree, row: &[f64], subset: u32) -> f64 {
    fn visit(tree: &Tree, row: &[f64], subset: u32, node: i32) -> f64 {
        if node < 0 {
            return tree.leaf_value[!node as usize];
        }
        let n = node as usize;
        let f = tree.split_feature[n] as usize;
        if subset & (1 << f) != 0 {
            return visit(tree, row, subset, tree.next_node(n, row[f]));
        }
        let (l, r) = (tree.left_child[n], tree.right_child[n]);
        let cover_of =
            |c: i32| if c < 0 { tree.leaf_cover[!c as usize] } else { tree.internal_cover[c as usize] };
        if tree.internal_cover[n] == 0.0 {
            return 0.5 * visit(tree, row, subset, l) + 0.5 * visit(tree, row, subset, r);
        }
        (cover_of(l) * visit(tree, row, subset, l) + cover_of(r) * visit(tree, row, subset, r))
            / tree.internal_cover[n]
    }
    if tree.split_feature.is_empty() {
        return tree.leaf_value[0];
    }
    visit(tree, row, subset, 0)
}

/// Exact Shapley values of the game `v(S)` over `n` players by enumerating all subsets; bias last
/// (`v(∅)`).
pub fn brute_force_shapley(n: usize, v: impl Fn(u32) -> f64) -> Vec<f64> {
    let values: Vec<f64> = (0..1u32 << n).map(&v).collect();
    let factorial = |k: usize| (1..=k).map(|i| i as f64).product::<f64>();
    let mut phi = vec![0.0; n + 1];
    for (i, p) in phi.iter_mut().enumerate().take(n) {
        for s in 0..1u32 << n {
            if s & (1 << i) != 0 {
                continue;
            }
            let size = s.count_ones() as usize;
            let weight = factorial(size) * factorial(n - size - 1) / factorial(n);
            *p += weight * (values[(s | (1 << i)) as usize] - values[s as usize]);
        }
    }
    phi[n] = values[0];
    phi
}

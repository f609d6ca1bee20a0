//! The inference layout of a component: every tree's nodes in one array of 24-byte nodes whose
//! missing-value rules are folded into flag bits, with leaves as self-looping nodes, so rows walk
//! trees in lock-step groups without a data-dependent branch (the CPU overlaps the groups' loads).
//!
//! Input: validated trees. Output: a [`FlatForest`] giving exactly what [`Tree::next_node`] gives on
//! the value prepared by [`prepare_value`]. Built once in [`super::Component::new`]; rejects nothing.

use super::tree::{category_of, MissingType, Tree, ZERO_THRESHOLD};

const CATEGORICAL: u8 = 1;
const NAN_LEFT: u8 = 2;
const ZERO_MISSING: u8 = 4;
const DEFAULT_LEFT: u8 = 8;

/// Rows walked together through one tree.
const GROUP_ROWS: usize = 8;
/// Rows per cache block (all trees are applied to one block before the next).
const BLOCK_ROWS: usize = 128;
/// Trees per cache block.
const BLOCK_TREES: usize = 64;
/// Trees walked together by one row when there are too few rows to fill a group.
const TREE_LANES: usize = 8;

/// One node. Internal: children are global node indices. Leaf: both children are the node itself and
/// `threshold` holds the leaf value.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FlatNode {
    /// Numerical threshold; categorical nodes: the bits of (`cat_words` start, word count); leaves: value.
    threshold: f64,
    feature: u32,
    flags: u8,
    children: [u32; 2],
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct FlatTree {
    root: u32,
    /// Whether any split is categorical or treats zero as missing (those trees take the full decision).
    slow: bool,
    /// Global index of the tree's first leaf node (all internal nodes come before it).
    first_leaf: u32,
}

/// All trees of one component, flattened.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlatForest {
    nodes: Vec<FlatNode>,
    trees: Vec<FlatTree>,
    cat_words: Vec<u32>,
    f32_features: bool,
    /// One more than the largest split feature: rows must be at least this wide.
    width: usize,
}

/// The value a split compares, exactly as the reference predictor sees it: LightGBM's dense-row C API
/// turns |x| ≤ `kZeroThreshold` into 0.0; scikit-learn casts to `f32`.
#[inline]
pub fn prepare_value(x: f64, f32_features: bool) -> f64 {
    if f32_features {
        x as f32 as f64
    } else if x.abs() <= ZERO_THRESHOLD {
        0.0
    } else {
        x
    }
}

impl FlatForest {
    /// Flattens validated trees.
    pub fn new(trees: &[Tree], f32_features: bool) -> FlatForest {
        let mut flat = FlatForest { f32_features, ..FlatForest::default() };
        for tree in trees {
            let base = flat.nodes.len() as u32;
            let first_leaf = base + tree.n_internal() as u32;
            let global = |c: i32| if c >= 0 { base + c as u32 } else { first_leaf + !c as u32 };
            let mut slow = false;
            for node in 0..tree.n_internal() {
                let (threshold, flags) = flat.split_of(tree, node);
                slow |= flags & (CATEGORICAL | ZERO_MISSING) != 0;
                let children = [global(tree.left_child[node]), global(tree.right_child[node])];
                flat.nodes.push(FlatNode { threshold, feature: tree.split_feature[node], flags, children });
            }
            for (leaf, &value) in tree.leaf_value.iter().enumerate() {
                let me = first_leaf + leaf as u32;
                flat.nodes.push(FlatNode { threshold: value, feature: 0, flags: 0, children: [me, me] });
            }
            flat.trees.push(FlatTree { root: base, first_leaf, slow });
            let width = tree.split_feature.iter().map(|&f| f as usize + 1).max().unwrap_or(0);
            flat.width = flat.width.max(width);
        }
        flat
    }

    /// Threshold and flags of a split. NaN's direction after LightGBM's rules: missing type None turns
    /// NaN into 0.0 (so `0 <= t`), Zero and NaN send it the default way.
    fn split_of(&mut self, tree: &Tree, node: usize) -> (f64, u8) {
        let threshold = tree.threshold[node];
        if tree.is_categorical(node) {
            let split = threshold as usize;
            let (start, end) = (tree.cat_boundaries[split] as usize, tree.cat_boundaries[split + 1] as usize);
            let offset = self.cat_words.len() as u64;
            self.cat_words.extend_from_slice(&tree.cat_threshold[start..end]);
            return (f64::from_bits(offset | (((end - start) as u64) << 32)), CATEGORICAL);
        }
        let default_left = tree.default_left(node);
        let (nan_left, zero_missing) = match tree.missing_type(node) {
            MissingType::None => (0.0 <= threshold, false),
            MissingType::Zero => (default_left, true),
            MissingType::NaN => (default_left, false),
        };
        let bit = |on: bool, mask: u8| if on { mask } else { 0 };
        (
            threshold,
            bit(nan_left, NAN_LEFT) | bit(zero_missing, ZERO_MISSING) | bit(default_left, DEFAULT_LEFT),
        )
    }

    /// Adds, for every row of `rows` (row-major, `n_features` wide), the outputs of all trees in tree
    /// order to `sums` (one per row).
    ///
    /// Panics if `n_features` is below the largest split feature + 1 or `sums` is not one per row —
    /// the guarantee the unchecked indexing in the walk relies on.
    pub fn add_tree_outputs(&self, rows: &[f64], n_features: usize, sums: &mut [f64]) {
        assert!(n_features >= self.width, "rows of {n_features} features, the trees split on {}", self.width);
        assert!(n_features == 0 || rows.len() == sums.len() * n_features, "one sum per row");
        if n_features == 0 {
            // No feature, so every tree is a single leaf.
            for tree in &self.trees {
                let value = self.nodes[tree.root as usize].threshold;
                sums.iter_mut().for_each(|s| *s += value);
            }
            return;
        }
        let mut prepared = vec![0.0; BLOCK_ROWS.min(sums.len()) * n_features];
        if sums.len() < GROUP_ROWS {
            for (row, sum) in rows.chunks_exact(n_features).zip(sums.iter_mut()) {
                let row_prepared = &mut prepared[..n_features];
                for (p, &x) in row_prepared.iter_mut().zip(row) {
                    *p = prepare_value(x, self.f32_features);
                }
                self.add_row(row_prepared, sum);
            }
            return;
        }
        for (row_block, sum_block) in rows.chunks(BLOCK_ROWS * n_features).zip(sums.chunks_mut(BLOCK_ROWS)) {
            let block = &mut prepared[..row_block.len()];
            for (p, &x) in block.iter_mut().zip(row_block) {
                *p = prepare_value(x, self.f32_features);
            }
            for tree_block in self.trees.chunks(BLOCK_TREES) {
                let groups = block.chunks(GROUP_ROWS * n_features).zip(sum_block.chunks_mut(GROUP_ROWS));
                for (group, group_sums) in groups {
                    self.add_group(tree_block, group, n_features, group_sums);
                }
            }
        }
    }

    /// Walks up to [`GROUP_ROWS`] prepared rows through `trees` in lock-step, adding each leaf value.
    #[inline(always)]
    fn add_group(&self, trees: &[FlatTree], rows: &[f64], width: usize, sums: &mut [f64]) {
        let n = sums.len();
        let mut at = [0u32; GROUP_ROWS];
        for tree in trees {
            at[..n].fill(tree.root);
            if tree.slow {
                self.walk::<true>(tree, rows, width, &mut at[..n]);
            } else {
                self.walk::<false>(tree, rows, width, &mut at[..n]);
            }
            for r in 0..n {
                sums[r] += self.nodes[at[r] as usize].threshold;
            }
        }
    }

    #[inline(always)]
    fn walk<const SLOW: bool>(&self, tree: &FlatTree, rows: &[f64], width: usize, at: &mut [u32]) {
        while at.iter().any(|&i| i < tree.first_leaf) {
            for (r, node_index) in at.iter_mut().enumerate() {
                // SAFETY: node indices come from `new`, which maps every validated child to a node of
                // the same tree; `feature < self.width <= width` (asserted in `add_tree_outputs`) and
                // `r < rows.len() / width`, so the value index is in bounds.
                let node = unsafe { self.nodes.get_unchecked(*node_index as usize) };
                let x = unsafe { *rows.get_unchecked(r * width + node.feature as usize) };
                let go_left = if SLOW { self.full_decision(node, x) } else { fast_decision(node, x) };
                *node_index = node.children[usize::from(!go_left)];
            }
        }
    }

    /// One prepared row through [`TREE_LANES`] trees at a time in lock-step (leaf values still added
    /// in tree order).
    fn add_row(&self, row: &[f64], sum: &mut f64) {
        let mut at = [0u32; TREE_LANES];
        for lanes in self.trees.chunks(TREE_LANES) {
            let n = lanes.len();
            for (a, tree) in at.iter_mut().zip(lanes) {
                *a = tree.root;
            }
            let slow = lanes.iter().any(|t| t.slow);
            while at[..n].iter().zip(lanes).any(|(&i, t)| i < t.first_leaf) {
                for node_index in &mut at[..n] {
                    // SAFETY: as in `walk`; the row has `width >= self.width` values.
                    let node = unsafe { self.nodes.get_unchecked(*node_index as usize) };
                    let x = unsafe { *row.get_unchecked(node.feature as usize) };
                    let go_left = if slow { self.full_decision(node, x) } else { fast_decision(node, x) };
                    *node_index = node.children[usize::from(!go_left)];
                }
            }
            for &a in &at[..n] {
                *sum += self.nodes[a as usize].threshold;
            }
        }
    }

    /// Every rule, on a prepared value: categorical bitsets, zero as missing, NaN, `x <= t`.
    #[inline(never)]
    fn full_decision(&self, n: &FlatNode, x: f64) -> bool {
        if n.flags & CATEGORICAL != 0 {
            let Some(category) = category_of(x) else { return false };
            let packed = n.threshold.to_bits();
            let (start, words) = ((packed & 0xffff_ffff) as usize, (packed >> 32) as usize);
            let word = (category / 32) as usize;
            return word < words && (self.cat_words[start + word] >> (category % 32)) & 1 == 1;
        }
        if x.is_nan() {
            n.flags & NAN_LEFT != 0
        } else if n.flags & ZERO_MISSING != 0 && x.abs() <= ZERO_THRESHOLD {
            n.flags & DEFAULT_LEFT != 0
        } else {
            x <= n.threshold
        }
    }
}

/// A numerical split with missing type None or NaN, on a prepared value, without a branch: NaN fails
/// `x <= t` and goes left exactly when the node's NaN direction is left.
#[inline(always)]
fn fast_decision(n: &FlatNode, x: f64) -> bool {
    (x <= n.threshold) | ((n.flags & NAN_LEFT != 0) & x.is_nan())
}

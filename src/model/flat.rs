//! The inference layout of a component: every tree's nodes in one array of 24-byte nodes whose
//! missing-value rules are folded into flag bits, so the predictor is a tight loop.
//!
//! Input: validated trees. Output: a [`FlatForest`] giving exactly what [`Tree::next_node`] gives on
//! the value prepared by [`prepare_value`]. Built once in [`super::Component::new`]; rejects nothing.

use super::tree::{MissingType, Tree, ZERO_THRESHOLD};

const CATEGORICAL: u8 = 1;
const NAN_LEFT: u8 = 2;
const ZERO_LEFT: u8 = 4;
const ZERO_MISSING: u8 = 8;
const DEFAULT_LEFT: u8 = 16;

/// One internal node: children are global node indices, or `!leaf` with a global leaf index.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FlatNode {
    /// Numerical threshold; for categorical nodes the bits of (`cat_words` start, word count).
    threshold: f64,
    feature: u32,
    flags: u8,
    children: [i32; 2],
}

/// All trees of one component, flattened.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlatForest {
    nodes: Vec<FlatNode>,
    leaf_values: Vec<f64>,
    /// Per tree: its root (a global node index, or `!leaf` for a single-leaf tree).
    roots: Vec<i32>,
    cat_words: Vec<u32>,
    f32_features: bool,
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
            let node_base = flat.nodes.len() as i32;
            let leaf_base = flat.leaf_values.len() as i32;
            let global = |c: i32| if c >= 0 { node_base + c } else { !(leaf_base + !c) };
            flat.roots.push(if tree.n_internal() == 0 { !leaf_base } else { node_base });
            for node in 0..tree.n_internal() {
                let mut flags = 0u8;
                let mut threshold = tree.threshold[node];
                if tree.is_categorical(node) {
                    let split = threshold as usize;
                    let (start, end) =
                        (tree.cat_boundaries[split] as usize, tree.cat_boundaries[split + 1] as usize);
                    let offset = flat.cat_words.len() as u64;
                    flat.cat_words.extend_from_slice(&tree.cat_threshold[start..end]);
                    threshold = f64::from_bits(offset | (((end - start) as u64) << 32));
                    flags |= CATEGORICAL;
                } else {
                    let default_left = tree.default_left(node);
                    let zero_goes_left = 0.0 <= threshold;
                    let (nan_left, zero_left, zero_missing) = match tree.missing_type(node) {
                        MissingType::None => (zero_goes_left, zero_goes_left, false),
                        MissingType::Zero => (default_left, default_left, true),
                        MissingType::NaN => (default_left, zero_goes_left, false),
                    };
                    flags |= if nan_left { NAN_LEFT } else { 0 };
                    flags |= if zero_left { ZERO_LEFT } else { 0 };
                    flags |= if zero_missing { ZERO_MISSING } else { 0 };
                    flags |= if default_left { DEFAULT_LEFT } else { 0 };
                }
                let feature = tree.split_feature[node];
                let children = [global(tree.left_child[node]), global(tree.right_child[node])];
                flat.nodes.push(FlatNode { threshold, feature, flags, children });
            }
            flat.leaf_values.extend_from_slice(&tree.leaf_value);
        }
        flat
    }

    /// Adds, for every row of `rows` (row-major, `n_features` wide), the outputs of trees `trees` in
    /// tree order to `sums`. Rows are processed in blocks so each tree stays in cache.
    pub fn add_tree_outputs(&self, rows: &[f64], n_features: usize, sums: &mut [f64]) {
        const BLOCK_ROWS: usize = 64;
        const BLOCK_TREES: usize = 32;
        if n_features == 0 {
            for (t, _) in self.roots.iter().enumerate() {
                let leaf = self.leaf_of(t, &[]);
                sums.iter_mut().for_each(|s| *s += self.leaf_values[leaf]);
            }
            return;
        }
        for (row_block, sum_block) in rows.chunks(BLOCK_ROWS * n_features).zip(sums.chunks_mut(BLOCK_ROWS)) {
            for tree_start in (0..self.roots.len()).step_by(BLOCK_TREES) {
                let tree_end = (tree_start + BLOCK_TREES).min(self.roots.len());
                for (row, sum) in row_block.chunks_exact(n_features).zip(sum_block.iter_mut()) {
                    let mut s = *sum;
                    for t in tree_start..tree_end {
                        s += self.leaf_values[self.leaf_of(t, row)];
                    }
                    *sum = s;
                }
            }
        }
    }

    /// Global leaf index that `row` reaches in tree `tree`.
    #[inline]
    fn leaf_of(&self, tree: usize, row: &[f64]) -> usize {
        let mut node = self.roots[tree];
        while node >= 0 {
            let n = &self.nodes[node as usize];
            let go_left = self.goes_left(n, row[n.feature as usize]);
            node = n.children[usize::from(!go_left)];
        }
        !node as usize
    }

    #[inline(always)]
    fn goes_left(&self, n: &FlatNode, x: f64) -> bool {
        if n.flags & CATEGORICAL != 0 {
            return self.category_goes_left(n, x);
        }
        if self.f32_features {
            let x = x as f32 as f64;
            if x.is_nan() {
                n.flags & NAN_LEFT != 0
            } else if n.flags & ZERO_MISSING != 0 && x.abs() <= ZERO_THRESHOLD {
                n.flags & DEFAULT_LEFT != 0
            } else {
                x <= n.threshold
            }
        } else if x.abs() > ZERO_THRESHOLD {
            x <= n.threshold
        } else if x.is_nan() {
            n.flags & NAN_LEFT != 0
        } else {
            n.flags & ZERO_LEFT != 0
        }
    }

    #[cold]
    fn category_goes_left(&self, n: &FlatNode, x: f64) -> bool {
        let x = if self.f32_features { x as f32 as f64 } else { x };
        let Some(category) = super::tree::category_of(x) else { return false };
        let packed = n.threshold.to_bits();
        let (start, words) = ((packed & 0xffff_ffff) as usize, (packed >> 32) as usize);
        let word = (category / 32) as usize;
        word < words && (self.cat_words[start + word] >> (category % 32)) & 1 == 1
    }
}

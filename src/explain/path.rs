//! Lundberg et al. (2018) Algorithm 2: exact path-dependent TreeSHAP in `O(L·D²)` per tree.
//!
//! Input: a prepared tree, one row, a scale (1/trees for a mean), a scratch path buffer. Output: the
//! contributions added to `phi` (the bias is added by the caller). Rejects nothing (the tree is checked).

use super::prepared::PreparedTree;

/// One element of the unique path: a feature with the fraction of paths through it when the feature is
/// absent (`zero`, cover ratio) or present (`one`, 0/1), and the permutation weight.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PathElement {
    feature: i64,
    zero: f64,
    one: f64,
    weight: f64,
}

/// Path buffer length for a tree of the given depth (a triangle of paths, one per level).
pub(crate) fn buffer_len(depth: usize) -> usize {
    (depth + 2) * (depth + 3) / 2 + 2
}

/// Adds the TreeSHAP values of `prepared` for `row`, times `scale`, to `phi[..n_features]`.
pub(crate) fn add_contributions(
    prepared: &PreparedTree<'_>,
    row: &[f64],
    scale: f64,
    buffer: &mut Vec<PathElement>,
    phi: &mut [f64],
) {
    if prepared.tree.n_internal() == 0 {
        return;
    }
    let len = buffer_len(prepared.depth);
    if buffer.len() < len {
        buffer.resize(len, PathElement::default());
    }
    let mut walk = Walk { prepared, row, scale, phi, buffer };
    walk.recurse(0, 0, 0, 1.0, 1.0, -1);
}

struct Walk<'t, 'r> {
    prepared: &'t PreparedTree<'t>,
    row: &'r [f64],
    scale: f64,
    phi: &'r mut [f64],
    buffer: &'r mut [PathElement],
}

impl Walk<'_, '_> {
    /// Visits `node`. The parent's path is `buffer[parent..parent + depth]`; this node's path is written
    /// after it, extended by the edge into `node` (fractions `zero`, `one` for `feature`).
    fn recurse(&mut self, node: i32, parent: usize, depth: usize, zero: f64, one: f64, feature: i64) {
        let base = parent + depth;
        self.buffer.copy_within(parent..base, base);
        let path = &mut self.buffer[base..base + depth + 1];
        extend(path, depth, zero, one, feature);
        let tree = self.prepared.tree;
        if node < 0 {
            let value = tree.leaf_value[!node as usize] * self.scale;
            for i in 1..=depth {
                let w = unwound_sum(path, depth, i);
                let el = path[i];
                self.phi[el.feature as usize] += w * (el.one - el.zero) * value;
            }
            return;
        }
        let n = node as usize;
        let split = tree.split_feature[n] as usize;
        let hot = tree.next_node(n, self.row[split]);
        let (cold, hot_zero, cold_zero) = if hot == tree.left_child[n] {
            (tree.right_child[n], self.prepared.zero_left[n], self.prepared.zero_right[n])
        } else {
            (tree.left_child[n], self.prepared.zero_right[n], self.prepared.zero_left[n])
        };
        let (mut in_zero, mut in_one, mut depth) = (1.0, 1.0, depth);
        if let Some(k) = (1..=depth).find(|&k| path[k].feature == split as i64) {
            in_zero = path[k].zero;
            in_one = path[k].one;
            unwind(path, depth, k);
            depth -= 1;
        }
        // An edge whose fractions are both 0 (a zero-cover subtree the row does not follow, or follows
        // after leaving it on this feature) weighs every leaf below by 0 in every coalition: the leaves
        // add nothing, and walking them would divide 0 by 0 in the unwinding.
        let (hot_zero, cold_zero) = (hot_zero * in_zero, cold_zero * in_zero);
        if hot_zero != 0.0 || in_one != 0.0 {
            self.recurse(hot, base, depth + 1, hot_zero, in_one, split as i64);
        }
        if cold_zero != 0.0 {
            self.recurse(cold, base, depth + 1, cold_zero, 0.0, split as i64);
        }
    }
}

/// Adds an element to `path[..depth]` (now `path[..=depth]`), updating the permutation weights.
#[inline]
fn extend(path: &mut [PathElement], depth: usize, zero: f64, one: f64, feature: i64) {
    let weight = if depth == 0 { 1.0 } else { 0.0 };
    path[depth] = PathElement { feature, zero, one, weight };
    let denom = (depth + 1) as f64;
    for i in (0..depth).rev() {
        path[i + 1].weight += one * path[i].weight * (i + 1) as f64 / denom;
        path[i].weight = zero * path[i].weight * (depth - i) as f64 / denom;
    }
}

/// Removes element `k` from `path[..=depth]`, undoing its effect on the weights.
fn unwind(path: &mut [PathElement], depth: usize, k: usize) {
    let (one, zero) = (path[k].one, path[k].zero);
    let mut next_one = path[depth].weight;
    let d1 = (depth + 1) as f64;
    for i in (0..depth).rev() {
        if one != 0.0 {
            let tmp = path[i].weight;
            path[i].weight = next_one * d1 / ((i + 1) as f64 * one);
            next_one = tmp - path[i].weight * zero * (depth - i) as f64 / d1;
        } else {
            path[i].weight = path[i].weight * d1 / (zero * (depth - i) as f64);
        }
    }
    for i in k..depth {
        path[i].feature = path[i + 1].feature;
        path[i].zero = path[i + 1].zero;
        path[i].one = path[i + 1].one;
    }
}

/// Sum of the weights of `path[..=depth]` with element `k` unwound, without modifying the path.
#[inline]
fn unwound_sum(path: &[PathElement], depth: usize, k: usize) -> f64 {
    let (one, zero) = (path[k].one, path[k].zero);
    let mut next_one = path[depth].weight;
    let d1 = (depth + 1) as f64;
    let mut total = 0.0;
    if one != 0.0 {
        for i in (0..depth).rev() {
            let tmp = next_one * d1 / ((i + 1) as f64 * one);
            total += tmp;
            next_one = path[i].weight - tmp * zero * (depth - i) as f64 / d1;
        }
    } else {
        for i in (0..depth).rev() {
            total += path[i].weight * d1 / (zero * (depth - i) as f64);
        }
    }
    total
}

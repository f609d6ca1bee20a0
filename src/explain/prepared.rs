//! Per-tree data TreeSHAP precomputes once: cover ratios of the children, depth and the largest number
//! of distinct features on a root-to-leaf path. Covers may be zero (a node no training row reached,
//! which LightGBM and other tools can write): a zero-cover child of a covered node gets ratio 0, and
//! the children of a zero-cover node get ½ each — with no data there, both sides are equally likely, so
//! every node's ratios still sum to 1 and the expectation stays an average. (shap and LightGBM divide
//! 0 by 0 there and return NaN.) Rejects negative or non-finite covers; the structure was validated when
//! the component was built.

use crate::model::Tree;

use super::ExplainError;

/// A tree with its cover ratios, checked once.
#[derive(Debug, Clone)]
pub(crate) struct PreparedTree<'a> {
    pub tree: &'a Tree,
    /// `cover(left) / cover(node)` per internal node.
    pub zero_left: Vec<f64>,
    /// `cover(right) / cover(node)` per internal node.
    pub zero_right: Vec<f64>,
    /// Longest root-to-leaf path, in edges.
    pub depth: usize,
    /// Most distinct features on one root-to-leaf path.
    pub max_unique: usize,
    /// Cover-weighted mean leaf value (the path-dependent expectation of the tree), unscaled.
    pub expected_value: f64,
    /// Whether some edge into an internal node has ratio 0 (a zero-cover subtree under a covered node):
    /// Linear TreeSHAP divides by the merged ratio there, so such a tree takes the path algorithm.
    pub zero_ratio_inside: bool,
}

impl<'a> PreparedTree<'a> {
    /// Checks the covers of `tree` (component `c`, tree `t`; the structure was validated by
    /// [`crate::model::Component::new`]) and precomputes its ratios.
    pub fn new(tree: &'a Tree, n_features: usize, c: usize, t: usize) -> Result<Self, ExplainError> {
        let bad_cover = |node: i64, cover: f64| ExplainError::Cover { component: c, tree: t, node, cover };
        let usable = |cover: f64| cover.is_finite() && cover >= 0.0;
        if let Some(leaf) = tree.leaf_cover.iter().position(|&cv| !usable(cv)) {
            return Err(bad_cover(!(leaf as i64), tree.leaf_cover[leaf]));
        }
        if let Some(node) = tree.internal_cover.iter().position(|&cv| !usable(cv)) {
            return Err(bad_cover(node as i64, tree.internal_cover[node]));
        }
        let cover = |child: i32| -> f64 {
            if child < 0 {
                tree.leaf_cover[!child as usize]
            } else {
                tree.internal_cover[child as usize]
            }
        };
        let n = tree.n_internal();
        let ratio = |children: &[i32]| -> Vec<f64> {
            (0..n)
                .map(|node| {
                    let parent = tree.internal_cover[node];
                    if parent > 0.0 {
                        cover(children[node]) / parent
                    } else {
                        0.5
                    }
                })
                .collect()
        };
        let (zero_left, zero_right) = (ratio(&tree.left_child), ratio(&tree.right_child));
        let zero_ratio_inside = (0..n).any(|node| {
            let zero_into_internal = |child: i32, r: f64| child >= 0 && r == 0.0;
            zero_into_internal(tree.left_child[node], zero_left[node])
                || zero_into_internal(tree.right_child[node], zero_right[node])
        });
        let mut prepared = PreparedTree {
            tree,
            zero_left,
            zero_right,
            depth: 0,
            max_unique: 0,
            expected_value: 0.0,
            zero_ratio_inside,
        };
        prepared.walk(n_features);
        Ok(prepared)
    }

    /// Depth-first walk: depth, distinct features per path and the expected value.
    fn walk(&mut self, n_features: usize) {
        let tree = self.tree;
        if tree.n_internal() == 0 {
            self.expected_value = tree.leaf_value[0];
            return;
        }
        let mut counts = vec![0u32; n_features];
        // Stack of (node, depth, weight, entering): on leaving a node we undo its feature count.
        let mut stack: Vec<(i32, usize, f64, bool)> = vec![(0, 0, 1.0, true)];
        let (mut unique, mut expected) = (0usize, 0.0);
        while let Some((node, depth, weight, entering)) = stack.pop() {
            if node < 0 {
                expected += weight * tree.leaf_value[!node as usize];
                self.depth = self.depth.max(depth);
                self.max_unique = self.max_unique.max(unique);
                continue;
            }
            let i = node as usize;
            let f = tree.split_feature[i] as usize;
            if !entering {
                counts[f] -= 1;
                unique -= usize::from(counts[f] == 0);
                continue;
            }
            counts[f] += 1;
            unique += usize::from(counts[f] == 1);
            stack.push((node, depth, weight, false));
            stack.push((tree.right_child[i], depth + 1, weight * self.zero_right[i], true));
            stack.push((tree.left_child[i], depth + 1, weight * self.zero_left[i], true));
        }
        self.expected_value = expected;
    }
}

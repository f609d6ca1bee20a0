//! Per-tree data TreeSHAP precomputes once: cover ratios of the children, depth and the largest number
//! of distinct features on a root-to-leaf path. Rejects trees whose covers are not positive and finite
//! or whose arrays are inconsistent, so the per-row walks never index out of bounds.

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
}

impl<'a> PreparedTree<'a> {
    /// Checks `tree` (component `c`, tree `t`) and precomputes its ratios.
    pub fn new(tree: &'a Tree, n_features: usize, c: usize, t: usize) -> Result<Self, ExplainError> {
        let structure = |message: String| ExplainError::Structure { component: c, tree: t, message };
        let n = tree.n_internal();
        let lens = [tree.threshold.len(), tree.decision_type.len(), tree.left_child.len()];
        if lens.iter().chain([&tree.right_child.len(), &tree.internal_cover.len()]).any(|&l| l != n)
            || tree.leaf_cover.len() != tree.n_leaves()
            || tree.n_leaves() != n + 1
        {
            return Err(structure(format!(
                "inconsistent array lengths ({n} internal nodes, {} leaves, {} leaf covers)",
                tree.n_leaves(),
                tree.leaf_cover.len()
            )));
        }
        let cover = |child: i32| -> f64 {
            if child < 0 {
                tree.leaf_cover[!child as usize]
            } else {
                tree.internal_cover[child as usize]
            }
        };
        let bad_cover = |node: i64, cover: f64| ExplainError::Cover { component: c, tree: t, node, cover };
        let mut zero_left = vec![0.0; n];
        let mut zero_right = vec![0.0; n];
        for node in 0..n {
            let (l, r) = (tree.left_child[node], tree.right_child[node]);
            for child in [l, r] {
                let fits = if child < 0 { (!child as usize) <= n } else { (child as usize) < n };
                if !fits || child == node as i32 {
                    return Err(structure(format!("node {node}: child {child} out of range")));
                }
                let cv = cover(child);
                if !(cv.is_finite() && cv > 0.0) {
                    return Err(bad_cover(i64::from(child), cv));
                }
            }
            let own = tree.internal_cover[node];
            if !(own.is_finite() && own > 0.0) {
                return Err(bad_cover(node as i64, own));
            }
            if tree.split_feature[node] as usize >= n_features {
                return Err(structure(format!(
                    "node {node}: split feature {} but the model has {n_features} features",
                    tree.split_feature[node]
                )));
            }
            zero_left[node] = cover(l) / own;
            zero_right[node] = cover(r) / own;
        }
        if n == 0 && !(tree.leaf_cover[0].is_finite() && tree.leaf_cover[0] > 0.0) {
            return Err(bad_cover(-1, tree.leaf_cover[0]));
        }
        let mut prepared =
            PreparedTree { tree, zero_left, zero_right, depth: 0, max_unique: 0, expected_value: 0.0 };
        prepared.walk(n_features).map_err(structure)?;
        Ok(prepared)
    }

    /// Depth-first walk: depth, distinct features per path and the expected value; detects cycles
    /// and unreachable nodes (a valid tree visits every node exactly once).
    fn walk(&mut self, n_features: usize) -> Result<(), String> {
        let tree = self.tree;
        let n = tree.n_internal();
        if n == 0 {
            self.expected_value = tree.leaf_value[0];
            return Ok(());
        }
        let mut counts = vec![0u32; n_features];
        let mut visited = 0usize;
        // Stack of (node, depth, weight, entering): on leaving we undo the feature count.
        let mut stack: Vec<(i32, usize, f64, bool)> = vec![(0, 0, 1.0, true)];
        let mut unique = 0usize;
        let mut expected = 0.0;
        while let Some((node, depth, weight, entering)) = stack.pop() {
            visited += 1;
            if visited > 2 * (2 * n + 1) {
                return Err("the child links form a cycle".into());
            }
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
        // Each internal node is popped twice, each leaf once.
        if visited != 2 * n + n + 1 {
            return Err(format!("{visited} node visits for {n} internal nodes: unreachable or shared nodes"));
        }
        self.expected_value = expected;
        Ok(())
    }
}

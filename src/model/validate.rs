//! Structural checks of one [`Tree`], run once when a component is built.
//!
//! Input: a tree and the feature count. Output: `Ok(())` or the first problem as a [`ModelError`]
//! naming the tree and node: array lengths, child indices, cycles / unreachable or shared nodes,
//! feature indices, finite thresholds, leaf values and covers, decision types, categorical bitsets.

use super::tree::{Tree, CATEGORICAL_MASK};
use super::ModelError;

/// Checks `tree` (index `index` in its component) against `n_features`.
pub fn validate_tree(tree: &Tree, index: usize, n_features: usize) -> Result<(), ModelError> {
    check_lengths(tree, index)?;
    check_children(tree, index)?;
    for node in 0..tree.n_internal() {
        check_split(tree, index, node, n_features)?;
    }
    for (leaf, (&value, &cover)) in tree.leaf_value.iter().zip(&tree.leaf_cover).enumerate() {
        if !value.is_finite() {
            return Err(node_error(index, !(leaf as i64), format!("leaf value is {value}, not finite")));
        }
        if !(cover.is_finite() && cover >= 0.0) {
            return Err(node_error(index, !(leaf as i64), format!("leaf cover is {cover}, expected ≥ 0")));
        }
    }
    Ok(())
}

fn node_error(tree: usize, node: i64, message: String) -> ModelError {
    ModelError::Node { tree, node, message }
}

fn tree_error(tree: usize, message: String) -> ModelError {
    ModelError::Tree { tree, message }
}

fn check_lengths(tree: &Tree, index: usize) -> Result<(), ModelError> {
    let n = tree.n_internal();
    let internal = [
        ("threshold", tree.threshold.len()),
        ("decision_type", tree.decision_type.len()),
        ("left_child", tree.left_child.len()),
        ("right_child", tree.right_child.len()),
        ("internal_cover", tree.internal_cover.len()),
    ];
    for (name, len) in internal {
        if len != n {
            return Err(tree_error(index, format!("{name} has {len} entries, split_feature has {n}")));
        }
    }
    if !tree.internal_value.is_empty() && tree.internal_value.len() != n {
        let len = tree.internal_value.len();
        return Err(tree_error(index, format!("internal_value has {len} entries, expected 0 or {n}")));
    }
    if tree.leaf_value.len() != n + 1 {
        let len = tree.leaf_value.len();
        return Err(tree_error(
            index,
            format!("leaf_value has {len} entries, a tree with {n} splits has {} leaves", n + 1),
        ));
    }
    if tree.leaf_cover.len() != n + 1 {
        let len = tree.leaf_cover.len();
        return Err(tree_error(index, format!("leaf_cover has {len} entries, expected {}", n + 1)));
    }
    Ok(())
}

/// Every child index in range, every non-root node and every leaf the child of exactly one node,
/// and every internal node reachable from the root (which rules out cycles).
fn check_children(tree: &Tree, index: usize) -> Result<(), ModelError> {
    let n = tree.n_internal();
    let mut internal_parent = vec![false; n];
    let mut leaf_parent = vec![false; n + 1];
    for node in 0..n {
        for child in [tree.left_child[node], tree.right_child[node]] {
            let seen = if child >= 0 {
                let c = child as usize;
                if c >= n || c == 0 {
                    let why = if c == 0 { "the root" } else { "out of range" };
                    return Err(node_error(
                        index,
                        node as i64,
                        format!("child {child} is {why} (internal nodes are 1..{n})"),
                    ));
                }
                &mut internal_parent[c]
            } else {
                let leaf = !child as usize;
                if leaf > n {
                    return Err(node_error(
                        index,
                        node as i64,
                        format!("child {child} is leaf {leaf}, out of range (the tree has {} leaves)", n + 1),
                    ));
                }
                &mut leaf_parent[leaf]
            };
            if *seen {
                return Err(node_error(index, node as i64, format!("child {child} has a second parent")));
            }
            *seen = true;
        }
    }
    if n == 0 {
        return Ok(());
    }
    let mut reached = vec![false; n];
    let mut stack = vec![0usize];
    while let Some(node) = stack.pop() {
        reached[node] = true;
        for child in [tree.left_child[node], tree.right_child[node]] {
            if child >= 0 {
                stack.push(child as usize);
            }
        }
    }
    if let Some(node) = reached.iter().position(|r| !r) {
        return Err(node_error(
            index,
            node as i64,
            "unreachable from the root (the child links form a cycle or a detached subtree)".into(),
        ));
    }
    Ok(())
}

fn check_split(tree: &Tree, index: usize, node: usize, n_features: usize) -> Result<(), ModelError> {
    let err = |message: String| Err(node_error(index, node as i64, message));
    let feature = tree.split_feature[node] as usize;
    if feature >= n_features {
        return err(format!("split feature {feature} is out of range (the model has {n_features} features)"));
    }
    let decision = tree.decision_type[node];
    if decision > 15 || (decision >> 2) & 3 == 3 {
        return err(format!("decision_type {decision} is not a valid LightGBM decision type"));
    }
    let threshold = tree.threshold[node];
    if !threshold.is_finite() {
        return err(format!("threshold is {threshold}, not finite"));
    }
    let cover = tree.internal_cover[node];
    if !(cover.is_finite() && cover >= 0.0) {
        return err(format!("internal cover is {cover}, expected ≥ 0"));
    }
    if decision & CATEGORICAL_MASK != 0 {
        let n_cat = tree.n_categorical();
        if threshold < 0.0 || threshold.fract() != 0.0 || threshold as usize >= n_cat {
            return err(format!(
                "categorical split index {threshold} is out of range (the tree has {n_cat} categorical splits)"
            ));
        }
        let split = threshold as usize;
        let (start, end) = (tree.cat_boundaries[split], tree.cat_boundaries[split + 1]);
        if start > end || end as usize > tree.cat_threshold.len() {
            return err(format!(
                "cat_boundaries {start}..{end} are out of range (cat_threshold has {} words)",
                tree.cat_threshold.len()
            ));
        }
    }
    Ok(())
}

//! Path-dependent TreeSHAP (both algorithms) against brute-force Shapley values on random trees.

use anomalyze::explain::{ComponentExplainer, ExplainError, SplitMix64, TreeShapAlgorithm, Workspace};
use anomalyze::model::{Aggregation, Component, Output, Tree};

use super::random_trees::{
    brute_force_shapley, component as build, expected_value, random_component, random_row, random_trees,
};

const ALGORITHMS: [TreeShapAlgorithm; 2] = [TreeShapAlgorithm::PathDependent, TreeShapAlgorithm::Linear];

fn explain(component: &Component, n_features: usize, algorithm: TreeShapAlgorithm, row: &[f64]) -> Vec<f64> {
    let explainer = ComponentExplainer::new(component, 0, n_features, algorithm).unwrap();
    let mut out = vec![0.0; n_features + 1];
    explainer.explain_row(row, &mut Workspace::default(), &mut out).unwrap();
    out
}

fn brute_force(component: &Component, n_features: usize, row: &[f64]) -> Vec<f64> {
    let scale = match component.aggregation() {
        Aggregation::Sum => 1.0,
        Aggregation::Mean => 1.0 / component.trees().len() as f64,
    };
    brute_force_shapley(n_features, |s| {
        component.trees().iter().map(|t| expected_value(t, row, s)).sum::<f64>() * scale
    })
}

fn assert_close(ours: &[f64], reference: &[f64], tolerance: f64, context: &str) {
    assert_eq!(ours.len(), reference.len(), "{context}");
    for (i, (a, b)) in ours.iter().zip(reference).enumerate() {
        assert!(
            (a - b).abs() <= tolerance,
            "{context}: value {i}: ours {a} vs reference {b}\n{ours:?}\n{reference:?}"
        );
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn both_algorithms_equal_brute_force_shapley_on_random_trees() {
    let mut rng = SplitMix64::new(7);
    for case in 0..300 {
        let n_features = 1 + rng.below(8) as usize;
        let depth = 1 + rng.below(9) as usize;
        let n_trees = 1 + rng.below(3) as usize;
        let aggregation = if case % 2 == 1 { Aggregation::Mean } else { Aggregation::Sum };
        let component =
            build(random_trees(&mut rng, n_trees, n_features, depth), aggregation, Output::Identity, false);
        for _ in 0..4 {
            let row = random_row(&mut rng, n_features);
            let reference = brute_force(&component, n_features, &row);
            for algorithm in ALGORITHMS {
                let ours = explain(&component, n_features, algorithm, &row);
                assert_close(&ours, &reference, 1e-12, &format!("case {case} {algorithm:?} row {row:?}"));
            }
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn values_sum_to_the_raw_score_on_deep_trees() {
    let mut rng = SplitMix64::new(11);
    for case in 0..40 {
        let n_features = 2 + rng.below(30) as usize;
        let component = random_component(&mut rng, 5, n_features, 18);
        for algorithm in ALGORITHMS {
            let explainer = ComponentExplainer::new(&component, 0, n_features, algorithm).unwrap();
            let mut workspace = Workspace::default();
            for _ in 0..5 {
                let row = random_row(&mut rng, n_features);
                let mut out = vec![0.0; n_features + 1];
                explainer.explain_row(&row, &mut workspace, &mut out).unwrap();
                let raw: f64 = component.trees().iter().map(|t| t.leaf_value[t.leaf_index(&row)]).sum();
                let sum: f64 = out.iter().sum();
                assert!((sum - raw).abs() <= 1e-9, "case {case} {algorithm:?}: sum {sum} vs raw {raw}");
                assert!((explainer.raw_score(&row, &mut workspace) - raw).abs() <= 1e-12);
            }
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn deep_trees_with_many_features_agree_between_algorithms() {
    // Paths with up to 40 distinct features: Linear falls back to Algorithm 2 beyond 32.
    let mut rng = SplitMix64::new(5);
    for case in 0..20 {
        let n_features = 10 + rng.below(40) as usize;
        let component = random_component(&mut rng, 3, n_features, 40);
        for _ in 0..3 {
            let row = random_row(&mut rng, n_features);
            let a = explain(&component, n_features, TreeShapAlgorithm::PathDependent, &row);
            let b = explain(&component, n_features, TreeShapAlgorithm::Linear, &row);
            assert_close(&a, &b, 1e-10, &format!("case {case}"));
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn f32_components_compare_the_cast_value() {
    // x is just above the threshold in f64 but rounds to it in f32 (scikit-learn compares the cast).
    let threshold = f64::from(0.1f32);
    let tree = Tree {
        split_feature: vec![0],
        threshold: vec![threshold],
        decision_type: vec![0],
        left_child: vec![-1],
        right_child: vec![-2],
        internal_cover: vec![2.0],
        leaf_value: vec![1.0, 3.0],
        leaf_cover: vec![1.0, 1.0],
        ..Tree::default()
    };
    let component = build(vec![tree.clone()], Aggregation::Mean, Output::Identity, false);
    let row = [threshold + 1e-12];
    assert_eq!(explain(&component, 1, TreeShapAlgorithm::Linear, &row), vec![1.0, 2.0]);
    let component = build(vec![tree], Aggregation::Mean, Output::Identity, true);
    for algorithm in ALGORITHMS {
        assert_eq!(explain(&component, 1, algorithm, &row), vec![-1.0, 2.0]);
    }
}

/// Sets the covers of `node`'s subtree to 0 (no training row reached it) and returns the subtree's
/// old cover, so the caller can take it off the ancestors.
fn empty_subtree(tree: &mut Tree, node: i32) -> f64 {
    if node < 0 {
        return std::mem::replace(&mut tree.leaf_cover[!node as usize], 0.0);
    }
    let n = node as usize;
    let (l, r) = (tree.left_child[n], tree.right_child[n]);
    empty_subtree(tree, l);
    empty_subtree(tree, r);
    std::mem::replace(&mut tree.internal_cover[n], 0.0)
}

/// The ancestors of `target` (internal nodes from the root), if it is in the subtree of `node`.
fn ancestors(tree: &Tree, node: i32, target: i32, path: &mut Vec<usize>) -> bool {
    if node == target {
        return true;
    }
    if node < 0 {
        return false;
    }
    path.push(node as usize);
    let n = node as usize;
    if ancestors(tree, tree.left_child[n], target, path) || ancestors(tree, tree.right_child[n], target, path)
    {
        return true;
    }
    path.pop();
    false
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn zero_cover_subtrees_are_explained_exactly() {
    // Nodes no training row reached (cover 0, which model validation accepts): a zero-cover child of a
    // covered node weighs 0 in every expectation; under a zero-cover node both children weigh ½. Both
    // algorithms (Linear falls back to the path algorithm where it would divide by a zero ratio) must
    // equal brute-force Shapley values of that game, and add up to the raw score.
    let mut rng = SplitMix64::new(13);
    let mut emptied_internal = 0;
    for case in 0..200 {
        let n_features = 1 + rng.below(6) as usize;
        let depth = 2 + rng.below(6) as usize;
        let n_trees = 1 + rng.below(3) as usize;
        let mut trees = random_trees(&mut rng, n_trees, n_features, depth);
        for tree in &mut trees {
            if tree.n_internal() < 2 {
                continue;
            }
            // A random non-root node (internal or leaf) loses its rows; its ancestors lose them too,
            // and with `case % 3 == 0` the root keeps a stale cover (inconsistent, still explainable).
            let n_nodes = tree.n_internal() + tree.leaf_value.len() - 1;
            let pick = 1 + rng.below(n_nodes as u64) as usize;
            let node =
                if pick < tree.n_internal() { pick as i32 } else { !((pick - tree.n_internal()) as i32) };
            emptied_internal += usize::from(node >= 0);
            let mut path = Vec::new();
            assert!(ancestors(tree, 0, node, &mut path), "case {case}: node {node} is not in the tree");
            let lost = empty_subtree(tree, node);
            for &a in path.iter().skip(usize::from(case % 3 == 0)) {
                tree.internal_cover[a] -= lost;
            }
        }
        let aggregation = if case % 2 == 1 { Aggregation::Mean } else { Aggregation::Sum };
        let component = build(trees, aggregation, Output::Identity, false);
        for _ in 0..3 {
            let row = random_row(&mut rng, n_features);
            let reference = brute_force(&component, n_features, &row);
            assert!(reference.iter().all(|v| v.is_finite()), "case {case}: reference {reference:?}");
            for algorithm in ALGORITHMS {
                let ours = explain(&component, n_features, algorithm, &row);
                assert_close(&ours, &reference, 1e-12, &format!("case {case} {algorithm:?} row {row:?}"));
            }
        }
    }
    assert!(emptied_internal > 50, "only {emptied_internal} internal subtrees were emptied");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_tree_with_every_cover_zero_averages_its_leaves_evenly() {
    // No cover at all (a model written without counts as zeros): the expectation is the plain average
    // of the leaves along each split, and the values still add up to the raw score.
    let tree = Tree {
        split_feature: vec![0, 1],
        threshold: vec![0.5, 0.5],
        decision_type: vec![0, 0],
        left_child: vec![1, -1],
        right_child: vec![-3, -2],
        internal_cover: vec![0.0, 0.0],
        leaf_value: vec![1.0, 3.0, 8.0],
        leaf_cover: vec![0.0, 0.0, 0.0],
        ..Tree::default()
    };
    let component = build(vec![tree], Aggregation::Sum, Output::Identity, false);
    for algorithm in ALGORITHMS {
        let explainer = ComponentExplainer::new(&component, 0, 2, algorithm).unwrap();
        // E = ½·(½·1 + ½·3) + ½·8 = 5.
        assert_eq!(explainer.expected_value(), 5.0);
        let out = explain(&component, 2, algorithm, &[0.0, 1.0]);
        // f(x) = 3: φ0 + φ1 = 3 − 5, and brute force gives the split between them.
        let reference = brute_force(&component, 2, &[0.0, 1.0]);
        assert_close(&out, &reference, 1e-12, &format!("{algorithm:?}"));
        assert!((out.iter().sum::<f64>() - 3.0).abs() < 1e-12);
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn wrong_row_width_is_an_error() {
    let mut rng = SplitMix64::new(9);
    let component = random_component(&mut rng, 1, 3, 3);
    let explainer = ComponentExplainer::new(&component, 0, 3, TreeShapAlgorithm::Linear).unwrap();
    let mut out = vec![0.0; 4];
    let error = explainer.explain_row(&[1.0, 2.0], &mut Workspace::default(), &mut out).unwrap_err();
    assert_eq!(error, ExplainError::FeatureCount { expected: 3, got: 2 });
}

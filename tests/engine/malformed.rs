//! Malformed models: each defect gives its own specific, positioned error — never a panic.

use anomalyze::model::{load_model, Aggregation, Component, Ensemble, ModelError, Output, Tree};

const BASE: &str = include_str!("../fixtures/engine/shallow_sigmoid/model.txt");

/// `BASE` with the first occurrence of `from` (which must exist) replaced by `to`.
fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "fixture lacks {from:?}");
    BASE.replacen(from, to, 1)
}

fn load_err(text: &str) -> ModelError {
    match load_model(text.as_bytes()) {
        Ok(_) => panic!("a malformed model loaded"),
        Err(e) => e,
    }
}

/// The innermost error of an `InComponent` chain.
fn inner(e: ModelError) -> ModelError {
    match e {
        ModelError::InComponent { source, .. } => inner(*source),
        other => other,
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_fixture_itself_loads() {
    assert!(load_model(BASE.as_bytes()).is_ok());
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn truncated_between_trees_is_reported_as_truncated() {
    let cut = BASE.find("Tree=5").unwrap();
    match load_err(&BASE[..cut]) {
        ModelError::Text { message, .. } => assert!(message.contains("truncated"), "{message}"),
        other => panic!("unexpected {other:?}"),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn truncated_inside_a_tree_names_the_short_key() {
    let start = BASE.find("Tree=3").unwrap();
    let cut = start + BASE[start..].find("leaf_value=").unwrap() + "leaf_value=-0.1".len();
    match load_err(&BASE[..cut]) {
        ModelError::Key { key, message, .. } => {
            assert_eq!(key, "leaf_value");
            assert!(message.contains("has 1 values, expected 4"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_wrong_leaf_count_names_the_key_and_line() {
    match load_err(&edit("num_leaves=4", "num_leaves=5")) {
        ModelError::Key { key, line, message } => {
            assert_eq!((key.as_str(), line), ("leaf_value", 21));
            assert!(message.contains("expected 5"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_child_out_of_range_names_tree_and_node() {
    let e = load_err(&edit("left_child=2 -2 -1", "left_child=2 -9 -1"));
    assert!(
        e.to_string().starts_with("component \"gbdt\", tree 0, node 1: child -9 is leaf 8, out of range"),
        "{e}"
    );
    let e = inner(load_err(&edit("left_child=2 -2 -1", "left_child=7 -2 -1")));
    assert!(
        matches!(e, ModelError::Node { tree: 0, node: 0, ref message } if message.contains("out of range")),
        "{e}"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_cycle_is_found() {
    // root → leaf 1 instead of node 2; node 2's left (leaf 1) → node 2 itself: 2 is its own parent.
    let text = edit("left_child=2 -2 -1\nright_child=1 -3 -4", "left_child=-2 -1 2\nright_child=1 -3 -4");
    let e = inner(load_err(&text));
    match e {
        ModelError::Node { tree: 0, node, message } => {
            assert!(message.contains("cycle"), "{message}");
            assert_eq!(node, 2);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_shared_child_is_found() {
    let e = inner(load_err(&edit("left_child=2 -2 -1", "left_child=2 -2 -2")));
    assert!(
        matches!(e, ModelError::Node { tree: 0, node: 2, ref message } if message.contains("second parent")),
        "{e}"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_nan_threshold_is_rejected() {
    let e = inner(load_err(&edit("threshold=-0.064861691083113293", "threshold=nan")));
    assert!(
        matches!(e, ModelError::Node { tree: 0, node: 0, ref message } if message.contains("not finite")),
        "{e}"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_non_numeric_threshold_names_the_value() {
    match load_err(&edit("threshold=-0.064861691083113293", "threshold=abc")) {
        ModelError::Key { key, message, .. } => {
            assert_eq!(key, "threshold");
            assert!(message.contains("value 1 (\"abc\")"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_feature_out_of_range_is_rejected() {
    let e = load_err(&edit("split_feature=0 0 1", "split_feature=0 0 6"));
    assert!(
        e.to_string().contains("tree 0, node 2: split feature 6 is out of range (the model has 6 features)"),
        "{e}"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn multiclass_is_rejected_clearly() {
    let e = load_err(&edit("num_class=1", "num_class=3"));
    assert!(
        matches!(&e, ModelError::Unsupported(m) if m.contains("multiclass") && m.contains("line 3")),
        "{e}"
    );
    let e = load_err(&edit("objective=binary sigmoid:0.5", "objective=multiclass num_class:3"));
    assert!(matches!(&e, ModelError::Unsupported(m) if m.contains("multiclass")), "{e}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn linear_trees_are_not_supported() {
    let e = load_err(&edit("is_linear=0", "is_linear=1"));
    assert!(
        matches!(&e, ModelError::Unsupported(m) if m.contains("linear tree") && m.contains("tree 0")),
        "{e}"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn other_bad_headers_are_named() {
    let e = load_err(&edit("objective=binary sigmoid:0.5", "objective=poisson"));
    assert!(matches!(&e, ModelError::Unsupported(m) if m.contains("poisson")), "{e}");
    let e = load_err(&edit("max_feature_idx=5", "max_feature_idx=6"));
    assert!(matches!(&e, ModelError::Key { key, .. } if key == "feature_names"), "{e}");
    let e = load_err(&edit("decision_type=2 2 2", "decision_type=2 2 14"));
    assert!(e.to_string().contains("decision_type 14 is not a valid"), "{e}");
    let e = load_err("hello\nworld");
    assert!(matches!(&e, ModelError::Text { line: 1, message } if message.contains("not a LightGBM")), "{e}");
    let e = load_err(&edit("Tree=1\n", "Tree=7\n"));
    assert!(matches!(&e, ModelError::Text { message, .. } if message.contains("expected `Tree=1`")), "{e}");
    let e = load_model(&[0x74, 0x72, 0xff, 0x65]).unwrap_err();
    assert!(e.to_string().contains("not UTF-8"), "{e}");
}

fn stump(feature: u32, threshold: f64) -> Tree {
    Tree {
        split_feature: vec![feature],
        threshold: vec![threshold],
        decision_type: vec![0],
        left_child: vec![-1],
        right_child: vec![-2],
        internal_cover: vec![2.0],
        leaf_value: vec![0.1, 0.2],
        leaf_cover: vec![1.0, 1.0],
        ..Tree::default()
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn constructors_validate() {
    let new = |trees: Vec<Tree>| Component::new("c", trees, Aggregation::Sum, Output::Identity, false, 1.0);
    assert!(new(vec![stump(0, 0.5)]).is_ok());
    assert!(matches!(new(vec![]), Err(ModelError::Component { .. })));
    let mut t = stump(0, 0.5);
    t.leaf_value.push(0.3);
    assert!(matches!(inner(new(vec![t]).unwrap_err()), ModelError::Tree { tree: 0, .. }));
    let mut t = stump(0, 0.5);
    t.leaf_value[1] = f64::INFINITY;
    assert!(matches!(
        inner(new(vec![stump(0, 0.5), t]).unwrap_err()),
        ModelError::Node { tree: 1, node: -2, .. }
    ));
    let mut t = stump(0, 0.5);
    t.decision_type[0] = 1; // categorical without cat_boundaries
    assert!(inner(new(vec![t]).unwrap_err()).to_string().contains("categorical split index"));
    let weight = Component::new("c", vec![stump(0, 0.5)], Aggregation::Sum, Output::Identity, false, 0.0);
    assert!(weight.unwrap_err().to_string().contains("weight is 0"));
    let c = new(vec![stump(2, 0.5)]).unwrap();
    let names = vec!["a".to_string(), "b".to_string()];
    assert!(Ensemble::new(names.clone(), vec![c.clone()])
        .unwrap_err()
        .to_string()
        .contains("split feature 2"));
    let dup = vec!["a".to_string(), "a".to_string(), "c".to_string()];
    assert!(Ensemble::new(dup, vec![c.clone()]).unwrap_err().to_string().contains("more than once"));
    assert!(Ensemble::new(names, vec![]).is_err());
    assert!(Tree::leaf(0.5, 3.0).max_depth() == 0 && new(vec![Tree::leaf(0.5, 3.0)]).is_ok());
}

//! LightGBM v4 text export of one component, so LightGBM itself can load and check our models.
//!
//! Input: a validated ensemble and a component index. Output: `model.txt` text that LightGBM 4 loads
//! and whose `predict(raw_score=True)` equals our raw score (for `mean` components: divided by the
//! tree count). `f32_features` components get thresholds rewritten to the exactly equivalent `f64`
//! cut. Rejects: feature names LightGBM cannot store, categorical splits in `f32` components.

use std::fmt::Write;

use super::{Aggregation, Component, Ensemble, ModelError, Output, Tree};

/// Writes component `index` of `ensemble` as LightGBM v4 model text.
pub fn to_lightgbm_text(ensemble: &Ensemble, index: usize) -> Result<String, ModelError> {
    let component = ensemble.components().get(index).ok_or_else(|| {
        ModelError::Invalid(format!(
            "component {index} does not exist (the model has {})",
            ensemble.components().len()
        ))
    })?;
    if let Some(bad) =
        ensemble.feature_names().iter().find(|n| n.chars().any(|c| c.is_whitespace() || c == '='))
    {
        return Err(ModelError::Unsupported(format!(
            "feature name {bad:?} contains whitespace or '=', which LightGBM model text cannot store"
        )));
    }
    let tree_blocks: Vec<String> = component
        .trees()
        .iter()
        .enumerate()
        .map(|(i, t)| tree_block(component, t, i))
        .collect::<Result<_, _>>()?;
    let mut out = String::new();
    let n = ensemble.n_features();
    let objective = match component.output() {
        Output::Sigmoid { scale } => format!("binary sigmoid:{}", number(scale)),
        Output::Identity => "regression".to_string(),
    };
    let _ = writeln!(out, "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0");
    let _ = writeln!(out, "max_feature_idx={}\nobjective={objective}", n.saturating_sub(1));
    if component.aggregation() == Aggregation::Mean {
        out.push_str("average_output\n");
    }
    let _ = writeln!(out, "feature_names={}", ensemble.feature_names().join(" "));
    let _ = writeln!(out, "feature_infos={}", vec!["none"; n].join(" "));
    let sizes: Vec<String> = tree_blocks.iter().map(|b| b.len().to_string()).collect();
    let _ = writeln!(out, "tree_sizes={}\n", sizes.join(" "));
    for block in &tree_blocks {
        out.push_str(block);
    }
    out.push_str("end of trees\n\npandas_categorical:null\n");
    Ok(out)
}

fn tree_block(component: &Component, tree: &Tree, index: usize) -> Result<String, ModelError> {
    let n = tree.n_internal();
    let threshold: Vec<f64> = if component.f32_features() {
        if tree.n_categorical() > 0 {
            return Err(ModelError::Unsupported(format!(
                "component {:?}, tree {index}: categorical splits on f32-cast features cannot be exported",
                component.name()
            )));
        }
        tree.threshold.iter().map(|&t| f64_cut_for_f32(t)).collect()
    } else {
        tree.threshold.clone()
    };
    let internal_value =
        if tree.internal_value.len() == n { tree.internal_value.clone() } else { vec![0.0; n] };
    let counts = |covers: &[f64]| join(covers.iter().map(|c| format!("{}", c.round() as i64)));
    let mut b = String::new();
    let _ = writeln!(b, "Tree={index}\nnum_leaves={}\nnum_cat={}", tree.n_leaves(), tree.n_categorical());
    let _ = writeln!(b, "split_feature={}", join(tree.split_feature.iter().map(|f| f.to_string())));
    let _ = writeln!(b, "split_gain={}", join((0..n).map(|_| "0".to_string())));
    let _ = writeln!(b, "threshold={}", join(threshold.iter().map(|&t| number(t))));
    let _ = writeln!(b, "decision_type={}", join(tree.decision_type.iter().map(|d| d.to_string())));
    let _ = writeln!(b, "left_child={}", join(tree.left_child.iter().map(|c| c.to_string())));
    let _ = writeln!(b, "right_child={}", join(tree.right_child.iter().map(|c| c.to_string())));
    let _ = writeln!(b, "leaf_value={}", join(tree.leaf_value.iter().map(|&v| number(v))));
    let _ = writeln!(b, "leaf_weight={}", join(tree.leaf_cover.iter().map(|&v| number(v))));
    let _ = writeln!(b, "leaf_count={}", counts(&tree.leaf_cover));
    let _ = writeln!(b, "internal_value={}", join(internal_value.iter().map(|&v| number(v))));
    let _ = writeln!(b, "internal_weight={}", join(tree.internal_cover.iter().map(|&v| number(v))));
    let _ = writeln!(b, "internal_count={}", counts(&tree.internal_cover));
    if tree.n_categorical() > 0 {
        let _ = writeln!(b, "cat_boundaries={}", join(tree.cat_boundaries.iter().map(|c| c.to_string())));
        let _ = writeln!(b, "cat_threshold={}", join(tree.cat_threshold.iter().map(|c| c.to_string())));
    }
    b.push_str("is_linear=0\nshrinkage=1\n\n\n");
    Ok(b)
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(" ")
}

/// Shortest text that parses back to exactly `x` (exponent form for very small or large magnitudes).
fn number(x: f64) -> String {
    let magnitude = x.abs();
    if magnitude != 0.0 && !(1e-5..1e15).contains(&magnitude) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// The `f64` cut `c` with `x <= c ⟺ (x as f32) as f64 <= t` for every non-NaN `x`: the midpoint above
/// the largest `f32` not above `t`, or the `f64` just below it when round-to-even sends the midpoint up.
pub fn f64_cut_for_f32(t: f64) -> f64 {
    let mut m = t as f32;
    if m as f64 > t {
        m = m.next_down();
    }
    let hi = m.next_up();
    let midpoint = match (m.is_finite(), hi.is_finite()) {
        (true, true) => (m as f64 + hi as f64) / 2.0,
        (true, false) => f32::MAX as f64 + 2f64.powi(103),
        _ => -(f32::MAX as f64 + 2f64.powi(103)),
    };
    let ties_go_to_m = m == f32::NEG_INFINITY || (hi != f32::INFINITY && m.to_bits() & 1 == 0);
    if ties_go_to_m {
        midpoint
    } else {
        midpoint.next_down()
    }
}

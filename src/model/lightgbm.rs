//! LightGBM v4 text import (`Booster.save_model` output) → an [`Ensemble`] of one component.
//!
//! Input: the model text. Output: a validated ensemble (`gbdt`: sum, or `rf`: mean with
//! `average_output`). Rejects with a positioned [`ModelError`]: a wrong first line, missing or bad keys,
//! array lengths that disagree with `num_leaves` / `num_cat`, truncated text (no `end of trees`),
//! multiclass models, linear trees and objectives other than binary, cross-entropy and regression.

use std::collections::HashMap;
use std::str::FromStr;

use super::{Aggregation, Component, Ensemble, ModelError, Output, Tree};

/// `key → (line, value)` of one block of `key=value` lines.
type Block<'a> = HashMap<&'a str, (usize, &'a str)>;

/// Parses LightGBM v4 model text into a one-component ensemble.
pub fn from_lightgbm_text(text: &str) -> Result<Ensemble, ModelError> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end_matches('\r'))).peekable();
    match lines.next() {
        Some((_, "tree")) => {}
        other => {
            let first: String = other.map(|(_, l)| l).unwrap_or("").chars().take(40).collect();
            return Err(ModelError::Text {
                line: 1,
                message: format!(
                    "not a LightGBM text model: the first line is {first:?}, expected \"tree\" (as written by \
                     Booster.save_model)"
                ),
            });
        }
    }
    let mut header = Block::new();
    let mut average_output = false;
    while let Some(&(line, content)) = lines.peek() {
        if content.starts_with("Tree=") || content == "end of trees" {
            break;
        }
        lines.next();
        match content.split_once('=') {
            Some((key, value)) => {
                header.insert(key, (line, value));
            }
            None if content == "average_output" => average_output = true,
            None => {}
        }
    }
    let (feature_names, output) = parse_header(&header)?;
    let mut trees = Vec::new();
    loop {
        let Some((line, content)) = lines.next() else {
            return Err(ModelError::Text {
                line: text.lines().count(),
                message: format!(
                    "truncated: the text ends after {} trees without an `end of trees` line",
                    trees.len()
                ),
            });
        };
        if content == "end of trees" {
            break;
        }
        if content.is_empty() {
            continue;
        }
        let expected = format!("Tree={}", trees.len());
        if content != expected {
            let shown: String = content.chars().take(40).collect();
            return Err(ModelError::Text {
                line,
                message: format!("expected `{expected}`, found {shown:?}"),
            });
        }
        let mut block = Block::new();
        while let Some(&(l, c)) = lines.peek() {
            if c.is_empty() || c.starts_with("Tree=") || c == "end of trees" {
                break;
            }
            lines.next();
            let Some((key, value)) = c.split_once('=') else {
                let shown: String = c.chars().take(40).collect();
                return Err(ModelError::Text {
                    line: l,
                    message: format!("expected `key=value`, found {shown:?}"),
                });
            };
            if block.insert(key, (l, value)).is_some() {
                return Err(key_error(l, key, "appears twice in this tree".into()));
            }
        }
        trees.push(parse_tree(&block, line, trees.len())?);
    }
    if let Some(&(line, sizes)) = header.get("tree_sizes") {
        let n = sizes.split_whitespace().count();
        if n != trees.len() {
            let message =
                format!("lists {n} trees but the model has {} (truncated or edited file?)", trees.len());
            return Err(key_error(line, "tree_sizes", message));
        }
    }
    let (name, aggregation) =
        if average_output { ("rf", Aggregation::Mean) } else { ("gbdt", Aggregation::Sum) };
    let component = Component::new(name, trees, aggregation, output, false, 1.0)?;
    Ensemble::new(feature_names, vec![component])
}

fn key_error(line: usize, key: &str, message: String) -> ModelError {
    ModelError::Key { line, key: key.to_string(), message }
}

fn required<'a>(block: &Block<'a>, key: &str, block_line: usize) -> Result<(usize, &'a str), ModelError> {
    block.get(key).copied().ok_or_else(|| key_error(block_line, key, "is missing".into()))
}

fn parse_header(header: &Block<'_>) -> Result<(Vec<String>, Output), ModelError> {
    if let Some(&(line, version)) = header.get("version") {
        if !matches!(version, "v2" | "v3" | "v4") {
            return Err(key_error(
                line,
                "version",
                format!("{version:?} is not a LightGBM text version this reads (v2–v4)"),
            ));
        }
    }
    for key in ["num_class", "num_tree_per_iteration"] {
        let (line, value) = required(header, key, 1)?;
        if value != "1" {
            return Err(ModelError::Unsupported(format!(
                "line {line}: {key}={value} — multiclass models are not supported; Anomalyze scores one \
                 probability per packet (retrain with objective=binary)"
            )));
        }
    }
    let (line, objective) = required(header, "objective", 1)?;
    let output = parse_objective(objective).map_err(|message| match message {
        ObjectiveError::Unsupported(m) => ModelError::Unsupported(format!("line {line}: {m}")),
        ObjectiveError::Bad(m) => key_error(line, "objective", m),
    })?;
    let (line, max_idx) = required(header, "max_feature_idx", 1)?;
    let max_idx: usize = max_idx.parse().map_err(|_| {
        key_error(line, "max_feature_idx", format!("{max_idx:?} is not a non-negative integer"))
    })?;
    let (line, names) = required(header, "feature_names", 1)?;
    let names: Vec<String> = names.split(' ').map(str::to_string).collect();
    if names.len() != max_idx.saturating_add(1) {
        let message = format!(
            "lists {} names but max_feature_idx={max_idx} means {}",
            names.len(),
            max_idx.saturating_add(1)
        );
        return Err(key_error(line, "feature_names", message));
    }
    Ok((names, output))
}

/// Why an objective line was refused.
#[derive(Debug)]
pub(crate) enum ObjectiveError {
    /// A LightGBM objective Anomalyze does not score.
    Unsupported(String),
    /// Text that is not an objective.
    Bad(String),
}

/// Maps LightGBM's `objective=` value to an output link: `binary sigmoid:k` → sigmoid with scale k,
/// `cross_entropy` → sigmoid, the regression family → identity.
pub(crate) fn parse_objective(value: &str) -> Result<Output, ObjectiveError> {
    let mut tokens = value.split_whitespace();
    let name = tokens.next().unwrap_or("");
    let options: Vec<&str> = tokens.collect();
    match name {
        "binary" => {
            let mut scale = 1.0;
            for option in options {
                if let Some(k) = option.strip_prefix("sigmoid:") {
                    scale = k.parse().ok().filter(|s: &f64| s.is_finite() && *s > 0.0).ok_or_else(|| {
                        ObjectiveError::Bad(format!("sigmoid parameter {k:?} is not a positive number"))
                    })?;
                }
            }
            Ok(Output::Sigmoid { scale })
        }
        "cross_entropy" | "xentropy" => Ok(Output::Sigmoid { scale: 1.0 }),
        "regression" | "regression_l2" | "regression_l1" | "huber" | "fair" | "quantile" | "mape" => {
            if options.contains(&"sqrt") {
                return Err(ObjectiveError::Unsupported(
                    "objective with reg_sqrt=true (the output is squared); retrain without reg_sqrt".into(),
                ));
            }
            Ok(Output::Identity)
        }
        "multiclass" | "multiclassova" => Err(ObjectiveError::Unsupported(format!(
            "objective {name}: multiclass models are not supported; Anomalyze scores one probability per \
             packet (retrain with objective=binary)"
        ))),
        "" => Err(ObjectiveError::Bad("is empty".into())),
        other => Err(ObjectiveError::Unsupported(format!(
            "objective {other:?}; supported are binary, cross_entropy and the regression objectives"
        ))),
    }
}

fn parse_array<T: FromStr>(
    block: &Block<'_>,
    key: &str,
    tree_line: usize,
    len: usize,
) -> Result<Vec<T>, ModelError> {
    let (line, value) = match block.get(key) {
        Some(&found) => found,
        None if len == 0 => return Ok(Vec::new()),
        None => return Err(key_error(tree_line, key, format!("is missing (the tree needs {len} values)"))),
    };
    let values: Vec<T> = if value.is_empty() {
        Vec::new()
    } else {
        let mut out = Vec::new();
        for (i, token) in value.split(' ').enumerate() {
            let parsed = token.parse().map_err(|_| {
                let shown: String = token.chars().take(30).collect();
                key_error(
                    line,
                    key,
                    format!("value {} ({shown:?}) is not a valid {}", i + 1, type_name::<T>()),
                )
            })?;
            out.push(parsed);
        }
        out
    };
    if values.len() != len {
        return Err(key_error(line, key, format!("has {} values, expected {len}", values.len())));
    }
    Ok(values)
}

fn type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    match full {
        "f64" => "number",
        "u32" | "u8" => "non-negative integer",
        _ => "integer",
    }
}

fn parse_count(block: &Block<'_>, key: &str, tree_line: usize) -> Result<usize, ModelError> {
    let (line, value) = required(block, key, tree_line)?;
    value.parse().map_err(|_| key_error(line, key, format!("{value:?} is not a non-negative integer")))
}

fn parse_tree(block: &Block<'_>, tree_line: usize, index: usize) -> Result<Tree, ModelError> {
    if let Some(&(_, linear)) = block.get("is_linear") {
        if linear != "0" {
            return Err(ModelError::Unsupported(format!(
                "tree {index} (line {tree_line}) is a linear tree (linear_tree=true); only constant leaves are \
                 supported — retrain with linear_tree=false"
            )));
        }
    }
    let num_leaves = parse_count(block, "num_leaves", tree_line)?;
    if num_leaves == 0 {
        let line = block.get("num_leaves").map_or(tree_line, |v| v.0);
        return Err(key_error(line, "num_leaves", "is 0, a tree has at least one leaf".into()));
    }
    let num_cat = match block.get("num_cat") {
        Some(_) => parse_count(block, "num_cat", tree_line)?,
        None => 0,
    };
    let n = num_leaves - 1;
    let leaf_value = parse_array(block, "leaf_value", tree_line, num_leaves)?;
    let leaf_cover = if n == 0 && block.get("leaf_count").is_none_or(|v| v.1.is_empty()) {
        vec![0.0]
    } else {
        parse_array(block, "leaf_count", tree_line, num_leaves)?
    };
    let internal_value = if block.contains_key("internal_value") {
        parse_array(block, "internal_value", tree_line, n)?
    } else {
        vec![]
    };
    let (cat_boundaries, cat_threshold) = if num_cat > 0 {
        let boundaries: Vec<u32> =
            parse_array(block, "cat_boundaries", tree_line, num_cat.saturating_add(1))?;
        let words = *boundaries.last().unwrap_or(&0) as usize;
        (boundaries, parse_array(block, "cat_threshold", tree_line, words)?)
    } else {
        (Vec::new(), Vec::new())
    };
    if cat_boundaries.first().is_some_and(|&b| b != 0) || cat_boundaries.windows(2).any(|w| w[0] > w[1]) {
        let line = block.get("cat_boundaries").map_or(tree_line, |v| v.0);
        return Err(key_error(line, "cat_boundaries", "must start at 0 and never decrease".into()));
    }
    Ok(Tree {
        split_feature: parse_array(block, "split_feature", tree_line, n)?,
        threshold: parse_array(block, "threshold", tree_line, n)?,
        decision_type: parse_array(block, "decision_type", tree_line, n)?,
        left_child: parse_array(block, "left_child", tree_line, n)?,
        right_child: parse_array(block, "right_child", tree_line, n)?,
        internal_cover: parse_array(block, "internal_count", tree_line, n)?,
        leaf_value,
        leaf_cover,
        cat_boundaries,
        cat_threshold,
        internal_value,
    })
}

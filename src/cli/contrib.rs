//! `anomalyze predict --contrib`: the score plus one SHAP column per model feature and `bias`.
//!
//! Input: a model and row-major rows in its feature order. Output: CSV text, `probability` (ensemble
//! SHAP in probability space, the chosen [`ShapMethod`] for boosted components) or, with `--raw` / for
//! regression, `raw` (path-dependent TreeSHAP in the raw space, single-component models only).
//! Rejects: `--raw --contrib` on a model with several components (their raw spaces differ).

use anyhow::{bail, Result};
use rayon::prelude::*;

use crate::explain::{ComponentExplainer, EnsembleExplainer, ShapMethod, TreeShapAlgorithm, Workspace};
use crate::features::FeatureMatrix;
use crate::model::Ensemble;

/// Rows per parallel chunk (the explain stage itself is single-threaded).
const CHUNK_ROWS: usize = 256;

/// The CSV of `scores` (one per row, from inference) and the contributions of `rows` (row-major,
/// `model.n_features()` wide).
pub fn render(
    model: &Ensemble,
    rows: &[f64],
    scores: &[f64],
    raw: bool,
    method: ShapMethod,
    background: Option<&FeatureMatrix>,
) -> Result<String> {
    let n = model.n_features();
    let width = n.max(1);
    let mut header = vec![if raw { "raw" } else { "probability" }.to_string()];
    header.extend(model.feature_names().iter().cloned());
    header.push("bias".into());
    let chunks: Vec<Result<String>> = if raw {
        let [component] = model.components() else {
            bail!(
                "--raw --contrib needs a model with one component (this one has {}: their raw scores are in \
                 different spaces); drop --raw for contributions in probability space",
                model.components().len()
            );
        };
        let explainer = ComponentExplainer::new(component, 0, n, TreeShapAlgorithm::default())?;
        rows.par_chunks(CHUNK_ROWS * width)
            .zip(scores.par_chunks(CHUNK_ROWS))
            .map(|(chunk, scores)| {
                let mut workspace = Workspace::default();
                explain_chunk(chunk, scores, width, n, |row, out| {
                    Ok(explainer.explain_row(row, &mut workspace, out)?)
                })
            })
            .collect()
    } else {
        let explainer = EnsembleExplainer::new(model, method, background, TreeShapAlgorithm::default())?;
        rows.par_chunks(CHUNK_ROWS * width)
            .zip(scores.par_chunks(CHUNK_ROWS))
            .map(|(chunk, scores)| {
                let mut workspace = Workspace::default();
                explain_chunk(chunk, scores, width, n, |row, out| {
                    explainer.explain_row(row, &mut workspace, out)?;
                    Ok(())
                })
            })
            .collect()
    };
    let mut text = header.join(",") + "\n";
    for chunk in chunks {
        text += &chunk?;
    }
    Ok(text)
}

/// CSV lines for the rows of `chunk`: the row's score, then the values `explain` wrote.
fn explain_chunk(
    chunk: &[f64],
    scores: &[f64],
    width: usize,
    n: usize,
    mut explain: impl FnMut(&[f64], &mut [f64]) -> Result<()>,
) -> Result<String> {
    let mut out = vec![0.0; n + 1];
    let mut text = String::new();
    for (row, &score) in chunk.chunks(width).zip(scores) {
        explain(&row[..n], &mut out)?;
        let cells: Vec<String> =
            std::iter::once(score).chain(out.iter().copied()).map(|v| v.to_string()).collect();
        text += &(cells.join(",") + "\n");
    }
    Ok(text)
}

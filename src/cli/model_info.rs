//! `anomalyze model info <FILE>`: what a model file holds.
//!
//! Input: a LightGBM `.txt` or anomalyze-model JSON file. Output (stdout): components, trees, leaves,
//! depth, features and objective. Rejects: whatever the model loader rejects, with its position.

use std::fmt::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::model::{load_model, Aggregation, Component, Ensemble, Output};

/// `anomalyze model …` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ModelCommand {
    /// Show components, trees, leaves, depth, features and objective of a model file.
    Info {
        /// A LightGBM model.txt or an anomalyze-model JSON file.
        file: PathBuf,
    },
    /// Print the model card of a version-2 model file as Markdown (models/MODEL_CARD.md is this output).
    Card {
        /// An anomalyze-model JSON file (version 2).
        file: PathBuf,
    },
}

/// Runs `anomalyze model …`.
pub fn run(command: &ModelCommand) -> Result<()> {
    let file = match command {
        ModelCommand::Info { file } => file,
        ModelCommand::Card { file } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read model {}", file.display()))?;
            let model =
                crate::model::read_model_file(&text).with_context(|| format!("model {}", file.display()))?;
            print!("{}", crate::model::model_card_markdown(&model)?);
            return Ok(());
        }
    };
    let bytes = std::fs::read(file).with_context(|| format!("cannot read model {}", file.display()))?;
    let model = load_model(&bytes).with_context(|| format!("model {}", file.display()))?;
    print!("{}", describe(&model));
    Ok(())
}

/// The text `model info` prints.
pub fn describe(model: &Ensemble) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "features ({}): {}", model.n_features(), model.feature_names().join(", "));
    let _ = writeln!(out, "components: {}", model.components().len());
    for c in model.components() {
        describe_component(&mut out, c);
    }
    out
}

fn describe_component(out: &mut String, c: &Component) {
    let trees = c.trees();
    let leaves: usize = trees.iter().map(|t| t.n_leaves()).sum();
    let max_leaves = trees.iter().map(|t| t.n_leaves()).max().unwrap_or(0);
    let depth = trees.iter().map(|t| t.max_depth()).max().unwrap_or(0);
    let aggregation = match c.aggregation() {
        Aggregation::Sum => "sum of trees (boosting)",
        Aggregation::Mean => "mean of trees (forest)",
    };
    let objective = match c.output() {
        Output::Sigmoid { scale } => format!("binary log-loss, probability = sigmoid({scale} · raw)"),
        Output::Identity => "identity (regression, or leaves holding probabilities)".to_string(),
    };
    let _ = writeln!(out, "- {}: weight {}", c.name(), c.weight());
    let _ = writeln!(out, "    trees: {} ({aggregation})", trees.len());
    let _ = writeln!(out, "    leaves: {leaves} (at most {max_leaves} per tree)");
    let _ = writeln!(out, "    max depth: {depth}");
    let _ = writeln!(out, "    objective: {objective}");
    let _ = writeln!(out, "    features used: {}", c.n_features_used());
    let _ = writeln!(
        out,
        "    f32 comparisons: {}",
        if c.f32_features() { "yes (scikit-learn)" } else { "no (LightGBM)" }
    );
}

//! `anomalyze predict --model <FILE> <features.csv|-> [--raw] [--contrib [--shap rescaled|interventional]
//! [--background FILE|N]] [-o out.csv]`.
//!
//! Input: a model (LightGBM `.txt` or the JSON model file) and a numeric CSV whose header names the
//! model's features in any order (extra columns ignored; empty cell or `NaN` = missing).
//! Output: one CSV row per input row: `probability`, or `raw` (per component) with `--raw`.
//! Rejects: a missing feature (named), a non-numeric cell (row and column), unreadable files.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use crate::explain::ShapMethod;
use crate::features::FeatureMatrix;
use crate::model::{load_model, Aggregation, Ensemble, Output};
use crate::score::{score_rows, Scores};

/// Arguments of `anomalyze predict`.
#[derive(Debug, clap::Args)]
pub struct PredictArgs {
    /// Model file: a LightGBM model.txt or an anomalyze-model JSON file (told apart by content).
    #[arg(long, short = 'm')]
    model: PathBuf,
    /// Feature CSV (header = feature names); `-` reads standard input.
    input: PathBuf,
    /// Write each component's raw margin instead of the probability. For a forest (LightGBM
    /// `boosting=rf` or scikit-learn) the raw margin is the mean over its trees, so that the probability
    /// is its sigmoid; LightGBM's own `predict(raw_score=True)` for `boosting=rf` is the sum (ours ×
    /// the tree count).
    #[arg(long)]
    raw: bool,
    /// Also write per-feature SHAP contributions and the bias, in the same space as the score (see
    /// `anomalyze::explain`).
    #[arg(long)]
    contrib: bool,
    /// With --contrib in probability space: how the boosted (log-odds) component's SHAP values are moved
    /// to probability space. `rescaled` (default): exact TreeSHAP in log-odds scaled per row to add up
    /// to its probability; `interventional`: exact interventional TreeSHAP against background rows
    /// (shap's `model_output="probability"`), see --background.
    #[arg(long, value_enum, default_value_t = ShapArg::Rescaled, requires = "contrib")]
    shap: ShapArg,
    /// Background rows for `--shap interventional`: a feature CSV (same format as the input), or a
    /// number N to take N rows of the input evenly spread over it (default 100).
    #[arg(long, requires = "contrib")]
    background: Option<String>,
    /// Output CSV (standard output when absent).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
}

/// `--shap`: the [`ShapMethod`] for sigmoid components.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShapArg {
    /// Path-dependent TreeSHAP in log-odds, rescaled per row.
    Rescaled,
    /// Interventional TreeSHAP against background rows, in probability space.
    Interventional,
}

/// Background rows taken from the input when `--background` is not given.
const DEFAULT_BACKGROUND_ROWS: usize = 100;

/// Runs `anomalyze predict`.
pub fn run(args: &PredictArgs) -> Result<()> {
    let bytes =
        std::fs::read(&args.model).with_context(|| format!("cannot read model {}", args.model.display()))?;
    let model = load_model(&bytes).with_context(|| format!("model {}", args.model.display()))?;
    let input = read_input(&args.input)?;
    let rows = read_rows(&input, &model).with_context(|| format!("features {}", args.input.display()))?;
    let scores = score_parallel(&model, &rows);
    let raw = args.raw || is_regression(&model);
    let text = if args.contrib {
        let score =
            if raw { scores.raw.first().cloned().unwrap_or_default() } else { scores.probability.clone() };
        let method = match args.shap {
            ShapArg::Rescaled => ShapMethod::Rescaled,
            ShapArg::Interventional => ShapMethod::Interventional,
        };
        if raw && (method == ShapMethod::Interventional || args.background.is_some()) {
            bail!("--shap interventional and --background apply to probability space; drop --raw");
        }
        let background = match method {
            ShapMethod::Interventional => Some(background(&model, &rows, args.background.as_deref())?),
            ShapMethod::Rescaled if args.background.is_some() => {
                bail!("--background is only used with --shap interventional")
            }
            ShapMethod::Rescaled => None,
        };
        super::contrib::render(&model, &rows, &score, raw, method, background.as_ref())?
    } else {
        render(&model, &scores, raw)
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => {
            std::io::stdout().lock().write_all(text.as_bytes()).context("cannot write to standard output")?
        }
    }
    Ok(())
}

/// The background matrix: `N` rows of the input evenly spread (first, …, last), or a feature CSV file.
fn background(model: &Ensemble, rows: &[f64], spec: Option<&str>) -> Result<FeatureMatrix> {
    let width = model.n_features();
    let values = match spec.map(|s| (s, s.parse::<usize>())) {
        None | Some((_, Ok(_))) => {
            let want = spec.and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_BACKGROUND_ROWS);
            let n_rows = rows.len().checked_div(width).unwrap_or(0);
            if want == 0 || n_rows == 0 {
                bail!("--background {want}: needs at least one row (the input has {n_rows})");
            }
            let take = want.min(n_rows);
            let picked = (0..take).map(|k| if take == 1 { 0 } else { k * (n_rows - 1) / (take - 1) });
            picked.flat_map(|r| rows[r * width..(r + 1) * width].iter().copied()).collect::<Vec<_>>()
        }
        Some((file, Err(_))) => {
            let path = PathBuf::from(file);
            let bytes = read_input(&path)?;
            read_rows(&bytes, model).with_context(|| format!("background {}", path.display()))?
        }
    };
    let n_rows = values.len().checked_div(width).unwrap_or(0);
    if n_rows == 0 {
        bail!("the background has no rows; give a CSV with at least one row or a number N ≥ 1");
    }
    let array = ndarray::Array2::from_shape_vec((n_rows, width), values)?;
    Ok(FeatureMatrix::new(array, model.feature_names().to_vec())?)
}

fn read_input(path: &PathBuf) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes).context("cannot read standard input")?;
        Ok(bytes)
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    }
}

/// Row-major values in the model's feature order.
pub fn read_rows(csv_bytes: &[u8], model: &Ensemble) -> Result<Vec<f64>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(csv_bytes);
    let header: Vec<String> = reader
        .headers()
        .context("cannot read the CSV header")?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut columns = Vec::with_capacity(model.n_features());
    for name in model.feature_names() {
        match header.iter().position(|h| h == name) {
            Some(i) => columns.push(i),
            None => bail!(
                "the header has no column {name:?}, a feature of the model (the model needs: {})",
                model.feature_names().join(", ")
            ),
        }
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("row {}", index + 1))?;
        let line = record.position().map_or(0, |p| p.line());
        for (&column, name) in columns.iter().zip(model.feature_names()) {
            let cell = record.get(column).unwrap_or("").trim();
            rows.push(parse_cell(cell).with_context(|| {
                format!("row {} (line {line}), column {name:?}: {cell:?} is not a number (empty or NaN = missing)", index + 1)
            })?);
        }
    }
    Ok(rows)
}

fn parse_cell(cell: &str) -> Result<f64> {
    if cell.is_empty() || cell.eq_ignore_ascii_case("nan") {
        return Ok(f64::NAN);
    }
    Ok(cell.parse::<f64>()?)
}

/// Scores in parallel over row chunks (the library stays single-threaded).
fn score_parallel(model: &Ensemble, rows: &[f64]) -> Scores {
    const CHUNK_ROWS: usize = 4096;
    let width = model.n_features().max(1);
    let parts: Vec<Scores> = rows
        .par_chunks(CHUNK_ROWS * width)
        .map(|chunk| score_rows(model, chunk).expect("read_rows yields whole rows of the model's width"))
        .collect();
    let mut all = Scores { probability: Vec::new(), raw: vec![Vec::new(); model.components().len()] };
    for part in parts {
        all.probability.extend(part.probability);
        for (into, from) in all.raw.iter_mut().zip(part.raw) {
            into.extend(from);
        }
    }
    all
}

fn is_regression(model: &Ensemble) -> bool {
    matches!(model.components(), [c] if c.output() == Output::Identity && c.aggregation() == Aggregation::Sum)
}

fn render(model: &Ensemble, scores: &Scores, raw: bool) -> String {
    let mut out = String::new();
    let components = model.components();
    if raw {
        let names: Vec<String> = if components.len() == 1 {
            vec!["raw".into()]
        } else {
            components.iter().map(|c| format!("raw_{}", c.name())).collect()
        };
        out += &(names.join(",") + "\n");
        for row in 0..scores.probability.len() {
            let cells: Vec<String> = scores.raw.iter().map(|r| r[row].to_string()).collect();
            out += &(cells.join(",") + "\n");
        }
    } else {
        out += "probability\n";
        for p in &scores.probability {
            out += &format!("{p}\n");
        }
    }
    out
}

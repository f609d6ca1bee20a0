//! `anomalyze predict --model <FILE> <features.csv|-> [--raw] [--contrib] [-o out.csv]`.
//!
//! Input: a model (LightGBM `.txt` or the JSON model file) and a numeric CSV whose header names the
//! model's features in any order (extra columns ignored; empty cell or `NaN` = missing).
//! Output: one CSV row per input row: `probability`, or `raw` (per component) with `--raw`.
//! Rejects: a missing feature (named), a non-numeric cell (row and column), unreadable files.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

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
    /// Write each component's raw margin instead of the probability.
    #[arg(long)]
    raw: bool,
    /// Also write per-feature SHAP contributions and the bias, in the same space as the score (see
    /// `anomalyze::explain`; probability space uses the rescaled method for boosted components).
    #[arg(long)]
    contrib: bool,
    /// Output CSV (standard output when absent).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
}

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
        super::contrib::render(&model, &rows, &score, raw)?
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
        .map(|chunk| score_rows(model, chunk).unwrap_or_default())
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

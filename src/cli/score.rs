//! `anomalyze score <capture> [--model FILE] [--threshold T] [-o out.csv]` and the model loading shared
//! with `evaluate`.
//!
//! Input: a capture (CSV, pcap, pcapng; also gzipped/zipped), a model file (default: the bundled model).
//! Output: CSV `No.,probability,predicted[,label]`, predicted = `malicious` iff probability ≥ threshold.
//! Rejects: unreadable captures or models, a threshold that is not a finite number. Skipped rows are
//! reported on stderr.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use crate::analysis::{score_read_capture, ScoredCapture};
use crate::capture::{self, Capture};
use crate::model::{load_model_file, ModelFile};

/// The bundled default model (`models/anomalyze.model.json`), used without `--model`.
pub const DEFAULT_MODEL: &[u8] = include_bytes!("../../models/anomalyze.model.json");

/// Arguments of `anomalyze score`.
#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// Capture to score; `-` reads standard input.
    input: PathBuf,
    /// Model file (default: the bundled model).
    #[arg(long, short = 'm')]
    model: Option<PathBuf>,
    /// Threshold instead of the model's (predicted malicious iff probability ≥ T).
    #[arg(long, allow_hyphen_values = true)]
    threshold: Option<f64>,
    /// Output CSV (standard output when absent).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
}

/// Loads `--model`, or the bundled model.
pub fn load(path: Option<&PathBuf>) -> Result<ModelFile> {
    match path {
        None => load_model_file(DEFAULT_MODEL).context("the bundled default model"),
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read model {}", path.display()))?;
            load_model_file(&bytes).with_context(|| format!("model {}", path.display()))
        }
    }
}

/// Checks `--threshold`.
pub fn check_threshold(threshold: Option<f64>) -> Result<()> {
    if let Some(t) = threshold.filter(|t| !t.is_finite()) {
        bail!("--threshold {t} is not a finite number; give a probability such as 0.5");
    }
    Ok(())
}

/// Skipped rows are not fatal: say how many, and the first few, on stderr.
pub fn report_skipped(capture: &Capture, name: &str) {
    if capture.skipped_count == 0 {
        return;
    }
    eprintln!("warning: {name}: {} rows skipped (not scored)", capture.skipped_count);
    for row in capture.skipped.iter().take(5) {
        eprintln!("  line {}: {}", row.line, row.reason);
    }
}

/// Reads and scores a capture.
pub fn score_input(
    input: &PathBuf,
    model: Option<&PathBuf>,
    threshold: Option<f64>,
) -> Result<ScoredCapture> {
    check_threshold(threshold)?;
    let model = load(model)?;
    let (bytes, name) = super::inspect::read_input(input)?;
    let capture = capture::read_capture(&bytes, &name, &mut |_| {}).with_context(|| name.clone())?;
    report_skipped(&capture, &name);
    score_read_capture(&model, &capture, threshold).with_context(|| format!("scoring {name}"))
}

/// Runs `anomalyze score`.
pub fn run(args: &ScoreArgs) -> Result<()> {
    let scored = score_input(&args.input, args.model.as_ref(), args.threshold)?;
    let text = render(&scored);
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

/// The CSV text.
pub fn render(s: &ScoredCapture) -> String {
    let mut out = String::with_capacity(s.probability.len() * 32);
    out +=
        if s.labels.is_some() { "No.,probability,predicted,label\n" } else { "No.,probability,predicted\n" };
    for (i, (&number, &p)) in s.numbers.iter().zip(&s.probability).enumerate() {
        let predicted = if p >= s.threshold { "malicious" } else { "normal" };
        let _ = write!(out, "{number},{p},{predicted}");
        if let Some(labels) = &s.labels {
            out += match labels[i] {
                Some(true) => ",malicious",
                Some(false) => ",normal",
                None => ",",
            };
        }
        out.push('\n');
    }
    out
}

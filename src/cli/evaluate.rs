//! `anomalyze evaluate <capture> [--model FILE] [--threshold T] [--json]`: the model's metrics on a
//! labelled capture.
//!
//! Input: a labelled capture and a model file (default: the bundled model). Output: accuracy,
//! precision, recall, F1, specificity, ROC AUC, PR AUC, the confusion matrix, rows scored and skipped;
//! `--json`: one object with exactly the keys accuracy, precision, recall, f1, specificity, roc_auc,
//! pr_auc, tn, fp, fn, tp, rows, skipped, threshold (an undefined AUC is `null`). Rejects: a capture
//! without labels, or with no labelled packet.

use std::path::PathBuf;

use anyhow::{bail, Result};
use serde::Serialize;

use crate::model::SplitMetrics;
use crate::train::metrics_of;

/// Arguments of `anomalyze evaluate`.
#[derive(Debug, clap::Args)]
pub struct EvaluateArgs {
    /// Labelled capture; `-` reads standard input.
    input: PathBuf,
    /// Model file (default: the bundled model).
    #[arg(long, short = 'm')]
    model: Option<PathBuf>,
    /// Threshold instead of the model's.
    #[arg(long, allow_hyphen_values = true)]
    threshold: Option<f64>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Report {
    accuracy: f64,
    precision: f64,
    recall: f64,
    f1: f64,
    specificity: f64,
    roc_auc: Option<f64>,
    pr_auc: Option<f64>,
    tn: u64,
    fp: u64,
    #[serde(rename = "fn")]
    fn_: u64,
    tp: u64,
    rows: u64,
    skipped: u64,
    threshold: f64,
}

/// Runs `anomalyze evaluate`.
pub fn run(args: &EvaluateArgs) -> Result<()> {
    let scored = super::score::score_input(&args.input, args.model.as_ref(), args.threshold)?;
    let Some(labels) = &scored.labels else {
        bail!(
            "{}: the capture has no label column, so there is nothing to evaluate against; add a `label` \
             column (normal/malicious) or use `anomalyze score`",
            args.input.display()
        );
    };
    let metrics = metrics_of(labels, &scored.probability, 0..labels.len(), scored.threshold)?;
    let Some(m): Option<SplitMetrics> = metrics else {
        bail!("{}: no packet has a label (every label cell is empty)", args.input.display());
    };
    let report = Report {
        accuracy: m.accuracy,
        precision: m.precision,
        recall: m.recall,
        f1: m.f1,
        specificity: m.specificity,
        roc_auc: m.roc_auc,
        pr_auc: m.pr_auc,
        tn: m.tn,
        fp: m.fp,
        fn_: m.fn_,
        tp: m.tp,
        rows: m.rows,
        skipped: scored.skipped_count,
        threshold: scored.threshold,
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", render(&report));
    }
    Ok(())
}

fn render(r: &Report) -> String {
    let auc =
        |v: Option<f64>| v.map_or_else(|| "undefined (one class only)".to_string(), |v| format!("{v:.6}"));
    format!(
        "Rows scored: {} ({} skipped)\nThreshold:   {}\nAccuracy:    {:.6}\nPrecision:   {:.6}\nRecall:      \
         {:.6}\nF1:          {:.6}\nSpecificity: {:.6}\nROC AUC:     {}\nPR AUC:      {}\nConfusion:   TN {}  FP {}  \
         FN {}  TP {}\n",
        r.rows,
        r.skipped,
        r.threshold,
        r.accuracy,
        r.precision,
        r.recall,
        r.f1,
        r.specificity,
        auc(r.roc_auc),
        auc(r.pr_auc),
        r.tn,
        r.fp,
        r.fn_,
        r.tp
    )
}

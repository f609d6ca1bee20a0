//! The `anomalyze train` options of the attack relabelling and the card's extra measurements:
//! `--labels capture|attack`, `--ablation` (retrain without each feature group) and `--tradeoff`
//! (retrain at other sizes), and the quality views printed after training.
//!
//! Input: the parsed options and the trained model. Output: the card's `ablation` / `tradeoff` keys,
//! text on stdout. Rejects: what training rejects.

use std::fmt::Write as _;

use anyhow::Result;
use indicatif::ProgressBar;

use crate::model::{ModelCard, ModelFile};
use crate::train::{
    run_ablation, run_tradeoff, LabelSource, Parallelism, TrainInput, TrainOptions, ViewMetrics,
    SIZE_VARIANTS,
};

/// The extra `train` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct ExtrasArgs {
    /// Labels to learn: capture (the files' own label column) or attack (the relabelling of the seed's
    /// lab captures, docs/relabelling.md: attack packets positive, background and normal negative,
    /// undecided left out).
    #[arg(long, value_enum, default_value_t = LabelsArg::Capture)]
    labels: LabelsArg,
    /// Also retrain without each feature group (and with the capture-identifying columns added) and
    /// store the results in the card (`ablation`).
    #[arg(long)]
    ablation: bool,
    /// Also retrain at the card's comparison sizes and store size against quality (`tradeoff`).
    #[arg(long)]
    tradeoff: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LabelsArg {
    Capture,
    Attack,
}

impl ExtrasArgs {
    /// The label source chosen.
    pub fn labels(&self) -> LabelSource {
        match self.labels {
            LabelsArg::Capture => LabelSource::Capture,
            LabelsArg::Attack => LabelSource::Attack,
        }
    }
}

/// Runs the ablation and the trade-off when asked, storing them in the model's card.
pub fn extend(
    inputs: &[TrainInput],
    options: &TrainOptions,
    args: &ExtrasArgs,
    model: &mut ModelFile,
) -> Result<()> {
    let Some(card) = model.card.as_mut() else { return Ok(()) };
    let bar = super::train::spinner();
    let report = |bar: &ProgressBar, stage: &str, variant: &str, p: crate::train::Progress| {
        bar.set_message(format!("{stage} {variant}: {} {}/{}", p.stage, p.iteration, p.total_iterations));
        bar.tick();
    };
    if args.ablation {
        let mut progress = |variant: &str, p| report(&bar, "ablation", variant, p);
        card.ablation = Some(run_ablation(inputs, options, Parallelism::Threads, &mut progress)?);
    }
    if args.tradeoff {
        let mut progress = |variant: &str, p| report(&bar, "size", variant, p);
        card.tradeoff =
            Some(run_tradeoff(inputs, options, SIZE_VARIANTS, Parallelism::Threads, &mut progress)?);
    }
    bar.finish_and_clear();
    Ok(())
}

fn fig(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.4}"))
}

fn view_line(out: &mut String, name: &str, v: &ViewMetrics) {
    let _ = writeln!(
        out,
        "{name:<10} {:>8} {:>8} {:>8} {:>8}   {} {} {} {}",
        v.rows,
        fig(v.recall),
        fig(v.specificity),
        fig(v.roc_auc),
        v.tn,
        v.fp,
        v.fn_,
        v.tp
    );
}

/// The quality views (and ablation / trade-off, when present) as printed after training.
pub fn quality_text(card: &ModelCard) -> String {
    let mut out = String::new();
    let Some(q) = &card.quality else { return out };
    let header = format!(
        "{:<10} {:>8} {:>8} {:>8} {:>8}   TN FP FN TP\n",
        "block", "rows", "recall", "specif.", "roc_auc"
    );
    let _ = writeln!(out, "\n(a) attack packets vs all others, new data (undecided left out):");
    out += &header;
    for b in &q.blocks {
        view_line(&mut out, &b.block.to_string(), &b.attack);
    }
    view_line(&mut out, "all", &q.attack);
    let _ = writeln!(out, "\n(b) the seed's per-capture labels, new data:");
    out += &header;
    for b in &q.blocks {
        view_line(&mut out, &b.block.to_string(), &b.capture);
    }
    view_line(&mut out, "all", &q.capture);
    let s = q.seed_pipeline;
    let _ = writeln!(
        out,
        "seed pipeline (b): recall {} at specificity {}, ROC AUC {} (mostly from capture identity)",
        s.recall, s.specificity, s.roc_auc
    );
    if let Some(ablation) = &card.ablation {
        let _ = writeln!(
            out,
            "\nAblation (new data):  features  (a) recall specif. roc_auc   (b) recall specif. roc_auc"
        );
        for r in ablation {
            let (a, b) = (&r.attack, &r.capture);
            let _ = writeln!(
                out,
                "{:<34} {:>3}   {} {} {}   {} {} {}",
                r.name,
                r.features,
                fig(a.recall),
                fig(a.specificity),
                fig(a.roc_auc),
                fig(b.recall),
                fig(b.specificity),
                fig(b.roc_auc)
            );
        }
    }
    if let Some(points) = &card.tradeoff {
        let _ = writeln!(out, "\nSize trade-off:  gbdt rounds x leaves, forest trees x depth, bytes, gzipped, (a) recall specif. roc_auc");
        for t in points {
            let _ = writeln!(
                out,
                "{:<8} {}x{} {}x{} {} {} {} {} {}",
                t.name,
                t.gbdt_rounds,
                t.gbdt_leaves,
                t.forest_trees,
                t.forest_depth,
                t.bytes,
                t.gzip_bytes,
                fig(t.attack.recall),
                fig(t.attack.specificity),
                fig(t.attack.roc_auc)
            );
        }
    }
    out
}

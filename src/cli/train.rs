//! `anomalyze train <labelled capture>... -o model.json [options]`: the training pipeline with a
//! progress bar, then a summary table (metrics per split and per capture block, threshold, size, time).
//!
//! Input: CSV or pcap/pcapng captures (also gzipped/zipped) with a label column. Output: a version-2
//! model file. Rejects: bad parameter values (named, before any work), unknown feature names, captures
//! without labels.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use super::train_params::{threshold_policy, ForestArgs, GbdtArgs};
use crate::capture;
use crate::model::{write_model_file, ModelCard, SplitMetrics};
use crate::train::{
    check_options, default_forest, default_gbdt, sha256_hex, train_model, Parallelism, SplitMethod,
    SplitParams, TrainInput, TrainOptions,
};

/// Arguments of `anomalyze train`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// Labelled captures (CSV, pcap or pcapng; also .gz / .zip); each file is at least one capture block.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write the model file.
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// Seed of the split and both trainers.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// temporal (last 20 % of each capture block = new data) or random (leaks; warned in the card).
    #[arg(long, value_enum, default_value_t = SplitArg::Temporal)]
    split: SplitArg,
    /// Extra features by name, comma-separated, added to the default behavioural features.
    #[arg(long, value_delimiter = ',')]
    features: Vec<String>,
    /// Exactly these features (comma-separated), instead of the defaults.
    #[arg(long, value_delimiter = ',', conflicts_with = "features")]
    only_features: Vec<String>,
    /// recall:TARGET (default recall:0.99), f1, or cost:RATIO (a false negative costs RATIO false positives).
    #[arg(long, default_value = "recall:0.99")]
    threshold_policy: String,
    #[command(flatten)]
    gbdt: GbdtArgs,
    #[command(flatten)]
    forest: ForestArgs,
    #[command(flatten)]
    extras: super::train_extras::ExtrasArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SplitArg {
    Temporal,
    Random,
}

fn options(args: &TrainArgs) -> Result<TrainOptions> {
    let schema = crate::features::FeatureSchema::fit(&[]);
    let features = if !args.only_features.is_empty() {
        Some(args.only_features.clone())
    } else if args.features.is_empty() {
        None
    } else {
        let mut names: Vec<String> =
            schema.behavioural_indices().iter().map(|&i| schema.features()[i].name.clone()).collect();
        names.extend(args.features.iter().filter(|n| !names.contains(n)).cloned().collect::<Vec<_>>());
        Some(names)
    };
    crate::train::resolve_features(&schema, features.as_deref())?;
    let method = match args.split {
        SplitArg::Temporal => SplitMethod::Temporal,
        SplitArg::Random => SplitMethod::Random,
    };
    let options = TrainOptions {
        gbdt: args.gbdt.apply(default_gbdt()),
        forest: args.forest.apply(default_forest())?,
        weights: [args.gbdt.weight.unwrap_or(1.0), args.forest.weight.unwrap_or(1.0)],
        split: SplitParams { method, ..SplitParams::default() },
        features,
        policy: threshold_policy(&args.threshold_policy)?,
        seed: args.seed,
        command: Some(command_line()),
        labels: args.extras.labels(),
    };
    check_options(&options)?;
    Ok(options)
}

/// The command as typed, program name as `anomalyze`, for the card.
fn command_line() -> String {
    let mut words = vec!["anomalyze".to_string()];
    words.extend(std::env::args().skip(1).map(|a| if a.contains(' ') { format!("{a:?}") } else { a }));
    words.join(" ")
}

/// Runs `anomalyze train`.
pub fn run(args: &TrainArgs) -> Result<()> {
    let started = Instant::now();
    let options = options(args)?;
    let mut inputs = Vec::with_capacity(args.inputs.len());
    for path in &args.inputs {
        let (bytes, name) = super::inspect::read_input(path)?;
        let capture = capture::read_capture(&bytes, &name, &mut |_| {}).with_context(|| name.clone())?;
        super::score::report_skipped(&capture, &name);
        let file_name = path.file_name().map_or(name.clone(), |n| n.to_string_lossy().into_owned());
        inputs.push(TrainInput { name: file_name, sha256: sha256_hex(&bytes), capture });
    }
    let total = (options.gbdt.num_iterations + options.forest.n_estimators) as u64;
    let bar = progress_bar(total);
    let mut done = 0u64;
    let mut model = train_model(&inputs, &options, Parallelism::Threads, &mut |p| {
        done += 1;
        bar.set_position(done);
        bar.set_message(format!("{} {}/{}", p.stage, p.iteration, p.total_iterations));
    })?;
    bar.finish_and_clear();
    super::train_extras::extend(&inputs, &options, &args.extras, &mut model)?;
    let text = write_model_file(&model)?;
    std::fs::write(&args.output, &text).with_context(|| format!("cannot write {}", args.output.display()))?;
    if let (Some(card), Some(threshold)) = (&model.card, model.threshold) {
        print!("{}", summary(card, threshold, text.len(), started.elapsed().as_secs_f64()));
        print!("{}", super::train_extras::quality_text(card));
    }
    println!("Model written to {}", args.output.display());
    Ok(())
}

/// A spinner with a message on stderr (hidden when stderr is not a terminal).
pub fn spinner() -> ProgressBar {
    if std::io::stderr().is_terminal() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    }
}

fn progress_bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} trees {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

fn row(out: &mut String, name: &str, m: Option<&SplitMetrics>) {
    let Some(m) = m else {
        let _ = writeln!(out, "{name:<14} {:>8}", 0);
        return;
    };
    let auc = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"));
    let _ = writeln!(
        out,
        "{name:<14} {:>8} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>8} {:>8}   {} {} {} {}",
        m.rows,
        m.accuracy,
        m.precision,
        m.recall,
        m.f1,
        m.specificity,
        auc(m.roc_auc),
        auc(m.pr_auc),
        m.tn,
        m.fp,
        m.fn_,
        m.tp
    );
}

/// The summary table printed after training.
pub fn summary(card: &ModelCard, threshold: f64, size_bytes: usize, seconds: f64) -> String {
    let mut out = String::new();
    let header = format!(
        "{:<14} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}   TN FP FN TP\n",
        "rows", "count", "accuracy", "precis.", "recall", "f1", "specif.", "roc_auc", "pr_auc"
    );
    out += &header;
    row(&mut out, "train", card.metrics.train.as_ref());
    row(&mut out, "test", card.metrics.test.as_ref());
    row(&mut out, "new data", card.metrics.new.as_ref());
    out += "\nNew data per capture block:\n";
    out += &header;
    for b in &card.metrics.blocks {
        let block = card.data.iter().flat_map(|f| &f.blocks).find(|x| x.index == b.block);
        let label =
            block.map_or(
                String::new(),
                |x| if x.malicious >= x.normal { " mal".into() } else { " norm".into() },
            );
        row(&mut out, &format!("block {}{label}", b.block), b.new.as_ref());
    }
    if let Some(warning) = &card.split.warning {
        let _ = writeln!(out, "\nwarning: {warning}");
    }
    let _ = writeln!(
        out,
        "\nThreshold {threshold:.6} ({:?}, chosen on the {} split); {} features; model {:.2} MB; {seconds:.1} s",
        card.threshold.policy,
        card.threshold.chosen_on,
        card.features.len(),
        size_bytes as f64 / 1e6
    );
    out
}

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

use super::inspect::CHUNK_ROWS;
use crate::analysis::{score_read_capture, ScoredCapture, FALLBACK_THRESHOLD};
use crate::capture::{self, Capture, Label, Packet, PacketStream};
use crate::model::{load_model_file, CaptureScorer, ModelFile};

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

/// Reads and scores a capture. With a model that carries its schema (version 2), the capture is streamed
/// (chunks of packets → features → probabilities, the window state carried across chunks), so only the
/// per-packet results are held; otherwise it is read whole and a schema fitted on it.
pub fn score_input(
    input: &PathBuf,
    model: Option<&PathBuf>,
    threshold: Option<f64>,
) -> Result<ScoredCapture> {
    check_threshold(threshold)?;
    let model = load(model)?;
    let Some(mut scorer) = CaptureScorer::new(&model)? else {
        let (bytes, name) = super::inspect::read_input(input)?;
        let capture = capture::read_capture(&bytes, &name, &mut |_| {}).with_context(|| name.clone())?;
        report_skipped(&capture, &name);
        return score_read_capture(&model, &capture, threshold).with_context(|| format!("scoring {name}"));
    };
    let (mut stream, name) = super::inspect::open_stream(input)?;
    let mut scored = ScoredCapture {
        numbers: Vec::new(),
        probability: Vec::new(),
        threshold: threshold.or(model.threshold).unwrap_or(FALLBACK_THRESHOLD),
        labels: stream.has_labels().then(Vec::new),
        skipped_count: 0,
        skipped: Vec::new(),
    };
    for_each_scored_chunk(&mut stream, &name, &mut scorer, |chunk, probability| {
        scored.probability.extend_from_slice(probability);
        scored.numbers.extend(chunk.iter().map(|p| p.number));
        if let Some(labels) = &mut scored.labels {
            labels.extend(chunk.iter().map(|p| p.label.map(|l| l == Label::Malicious)));
        }
        Ok(())
    })?;
    let report = stream.report();
    report_skipped(&report, &name);
    scored.skipped_count = report.skipped_count;
    scored.skipped = report.skipped;
    Ok(scored)
}

/// Reads `stream` in chunks of [`CHUNK_ROWS`] packets and hands each chunk with its probabilities to
/// `each` (the window state of the features is carried across chunks by `scorer`).
fn for_each_scored_chunk(
    stream: &mut PacketStream,
    name: &str,
    scorer: &mut CaptureScorer,
    mut each: impl FnMut(&[Packet], &[f64]) -> Result<()>,
) -> Result<()> {
    let mut chunk = Vec::with_capacity(CHUNK_ROWS);
    loop {
        chunk.clear();
        if stream.next_chunk(CHUNK_ROWS, &mut chunk).with_context(|| name.to_string())? == 0 {
            return Ok(());
        }
        let probability = scorer.score_chunk(&chunk).with_context(|| format!("scoring {name}"))?;
        each(&chunk, &probability)?;
    }
}

/// Runs `anomalyze score`. With a model that carries its schema, rows are written as their chunk is
/// scored, so memory stays bounded on captures of any size (only a chunk of packets is held); a row
/// already written stays written if the capture turns out damaged further on (the error says where).
pub fn run(args: &ScoreArgs) -> Result<()> {
    check_threshold(args.threshold)?;
    let model = load(args.model.as_ref())?;
    let Some(mut scorer) = CaptureScorer::new(&model)? else {
        let scored = score_input(&args.input, args.model.as_ref(), args.threshold)?;
        let mut out = output(args.output.as_ref())?;
        out.write_all(render(&scored).as_bytes()).context("cannot write the scores")?;
        return out.flush().context("cannot write the scores");
    };
    let threshold = args.threshold.or(model.threshold).unwrap_or(FALLBACK_THRESHOLD);
    // Open the capture before creating the output, so a capture that cannot be read leaves no file.
    let (mut stream, name) = super::inspect::open_stream(&args.input)?;
    let labelled = stream.has_labels();
    let mut out = output(args.output.as_ref())?;
    let mut text = String::from(header(labelled));
    for_each_scored_chunk(&mut stream, &name, &mut scorer, |chunk, probability| {
        for (packet, &p) in chunk.iter().zip(probability) {
            let label = labelled.then(|| packet.label.map(|l| l == Label::Malicious));
            push_row(&mut text, packet.number, p, threshold, label);
        }
        out.write_all(text.as_bytes()).context("cannot write the scores")?;
        text.clear();
        Ok(())
    })?;
    out.write_all(text.as_bytes()).context("cannot write the scores")?;
    out.flush().context("cannot write the scores")?;
    report_skipped(&stream.report(), &name);
    Ok(())
}

/// The output: `-o FILE` (created, or truncated) or standard output, buffered.
fn output(path: Option<&PathBuf>) -> Result<std::io::BufWriter<Box<dyn Write>>> {
    let sink: Box<dyn Write> = match path {
        Some(path) => {
            Box::new(std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    Ok(std::io::BufWriter::with_capacity(1 << 16, sink))
}

/// The CSV header line.
fn header(labelled: bool) -> &'static str {
    if labelled {
        "No.,probability,predicted,label\n"
    } else {
        "No.,probability,predicted\n"
    }
}

/// One CSV row; `label` is `Some` when the capture has a label column (`Some(None)`: this row's is empty).
fn push_row(out: &mut String, number: u64, p: f64, threshold: f64, label: Option<Option<bool>>) {
    let predicted = if p >= threshold { "malicious" } else { "normal" };
    let _ = write!(out, "{number},{p},{predicted}");
    if let Some(label) = label {
        *out += match label {
            Some(true) => ",malicious",
            Some(false) => ",normal",
            None => ",",
        };
    }
    out.push('\n');
}

/// The CSV text.
pub fn render(s: &ScoredCapture) -> String {
    let mut out = String::with_capacity(s.probability.len() * 32);
    out += header(s.labels.is_some());
    for (i, (&number, &p)) in s.numbers.iter().zip(&s.probability).enumerate() {
        push_row(&mut out, number, p, s.threshold, s.labels.as_ref().map(|labels| labels[i]));
    }
    out
}

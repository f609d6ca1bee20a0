//! `anomalyze features <capture|-> [-o out.csv|-] [--schema FILE] [--save-schema FILE]`: the feature
//! matrix of a capture as CSV.
//!
//! Input: a capture file or stdin; optionally a schema JSON (otherwise the schema is fitted on the input).
//! Output: CSV with the feature names as header (plus `label` when the capture is labelled), one row per
//! packet. Exit status 0 ok, 1 unreadable/bad capture or schema (message on stderr).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use super::inspect::read_input;
use crate::capture::{self, Capture, Label};
use crate::features::{FeatureMatrix, FeatureSchema};

/// Arguments of `anomalyze features`.
#[derive(Debug, clap::Args)]
pub struct FeaturesArgs {
    /// The capture: a Wireshark CSV export (.csv, .csv.gz or a .zip holding one CSV), or `-` for stdin.
    pub capture: PathBuf,
    /// Where to write the CSV; `-` for standard output.
    #[arg(short = 'o', long = "output", default_value = "-")]
    pub output: PathBuf,
    /// A feature schema (JSON) to compute the features with; without it the schema is fitted on the input.
    #[arg(long)]
    pub schema: Option<PathBuf>,
    /// Also write the schema that was used (fitted or loaded) to this JSON file.
    #[arg(long)]
    pub save_schema: Option<PathBuf>,
}

/// Runs the command; errors go to stderr with exit status 1.
pub fn run(args: &FeaturesArgs) -> ExitCode {
    match features(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn features(args: &FeaturesArgs) -> anyhow::Result<()> {
    let (bytes, name) = read_input(&args.capture)?;
    let capture = capture::read_capture(&bytes, &name, &mut |_| {})?;
    drop(bytes);
    report_skipped(&capture, &name);
    let schema = match &args.schema {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            FeatureSchema::from_json(&text).with_context(|| format!("schema {}", path.display()))?
        }
        None => FeatureSchema::fit(&capture.packets),
    };
    if let Some(path) = &args.save_schema {
        std::fs::write(path, schema.to_json() + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let matrix = schema.transform(&capture.packets)?;
    let labels = capture.has_labels.then(|| capture.packets.iter().map(|p| p.label).collect::<Vec<_>>());
    write_output(&args.output, &matrix, labels.as_deref())
}

/// Skipped rows are not fatal: say how many, and the first few, on stderr.
fn report_skipped(capture: &Capture, name: &str) {
    if capture.skipped_count == 0 {
        return;
    }
    eprintln!("warning: {name}: {} rows skipped (not in the output)", capture.skipped_count);
    for row in capture.skipped.iter().take(5) {
        eprintln!("  line {}: {}", row.line, row.reason);
    }
}

fn write_output(path: &Path, matrix: &FeatureMatrix, labels: Option<&[Option<Label>]>) -> anyhow::Result<()> {
    let what =
        || if path.as_os_str() == "-" { "standard output".to_owned() } else { path.display().to_string() };
    let sink: Box<dyn Write> = if path.as_os_str() == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(path).with_context(|| format!("cannot create {}", what()))?)
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    write_csv(&mut out, matrix, labels)
        .and_then(|()| out.flush())
        .with_context(|| format!("cannot write {}", what()))
}

/// Writes the header and one line per row; numbers in Rust's shortest round-trip form (`1`, `0.25`).
fn write_csv(
    out: &mut impl Write,
    matrix: &FeatureMatrix,
    labels: Option<&[Option<Label>]>,
) -> std::io::Result<()> {
    let mut line = matrix.names().join(",");
    if labels.is_some() {
        line.push_str(",label");
    }
    writeln!(out, "{line}")?;
    for row in 0..matrix.n_rows() {
        line.clear();
        for (i, value) in matrix.row(row).iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            push_number(&mut line, *value);
        }
        if let Some(labels) = labels {
            line.push_str(match labels.get(row).copied().flatten() {
                Some(Label::Normal) => ",normal",
                Some(Label::Malicious) => ",malicious",
                None => ",",
            });
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn push_number(line: &mut String, value: f64) {
    use std::fmt::Write as _;
    if value.is_nan() {
        return; // an empty cell
    }
    let _ = write!(line, "{value}");
}

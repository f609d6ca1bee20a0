//! `anomalyze features <capture|-> [-o out.csv|-] [--schema FILE] [--save-schema FILE]`: the feature
//! matrix of a capture as CSV.
//!
//! Input: a capture file or stdin; optionally a schema JSON (otherwise the schema is fitted on the input:
//! a pcap/pcapng is then read twice, standard input through a temporary copy). Streamed: rows are
//! written as they are computed, chunk by chunk, in bounded memory for pcap/pcapng (a CSV is read whole);
//! an error part-way leaves the rows before it written and exits with status 1.
//! Output: CSV with the feature names as header (plus `label` when the capture is labelled), one row per
//! packet. Exit status 0 ok, 1 unreadable/bad capture or schema (message on stderr).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use std::sync::Arc;

use super::inspect::{open_stream_named, CHUNK_ROWS};
use crate::capture::{Capture, Label, Packet, PacketStream};
use crate::features::{FeatureMatrix, FeatureSchema, SchemaFitter, SchemaParams};

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
    let loaded = match &args.schema {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            Some(FeatureSchema::from_json(&text).with_context(|| format!("schema {}", path.display()))?)
        }
        None => None,
    };
    // Without a schema a pcap is read twice: standard input is first copied to a temporary file.
    let spool = match (&loaded, args.capture.as_os_str() == "-") {
        (None, true) => Some(spool_stdin()?),
        _ => None,
    };
    let result = features_of(args, loaded, spool.as_deref());
    if let Some(path) = spool {
        let _ = std::fs::remove_file(path);
    }
    result
}

fn spool_stdin() -> anyhow::Result<PathBuf> {
    let path = std::env::temp_dir().join(format!("anomalyze-stdin-{}.spool", std::process::id()));
    let mut file =
        std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    let copied = std::io::copy(&mut std::io::stdin().lock(), &mut file);
    if let Err(e) = copied.and_then(|_| file.flush()) {
        let _ = std::fs::remove_file(&path);
        return Err(e).with_context(|| format!("cannot copy standard input to {}", path.display()));
    }
    Ok(path)
}

fn features_of(
    args: &FeaturesArgs,
    loaded: Option<FeatureSchema>,
    spool: Option<&Path>,
) -> anyhow::Result<()> {
    let input = spool.unwrap_or(&args.capture);
    let shown = spool.map(|_| "standard input");
    let (mut stream, name) = open_stream_named(input, shown)?;
    let schema = match loaded {
        Some(schema) => schema,
        None if !stream.is_streamed() => {
            // A CSV is in memory already: fit on its packets, then hand them out again.
            let mut packets = Vec::new();
            while stream.next_chunk(usize::MAX, &mut packets)? > 0 {}
            let schema = FeatureSchema::fit(&packets);
            let report = stream.report();
            save_schema(args, &schema)?;
            let has_labels = report.has_labels;
            return write_output(&args.output, &schema, has_labels, &mut |sink| {
                let mut transform = Arc::new(schema.clone()).chunked();
                for chunk in packets.chunks(CHUNK_ROWS) {
                    write_rows(sink, &transform.transform_chunk(chunk)?, has_labels.then_some(chunk))?;
                }
                report_skipped(&report, &name);
                Ok(())
            });
        }
        None => {
            // A pcap: one pass to fit the vocabularies, a second to compute the rows (stdin is spooled).
            let mut fitter = SchemaFitter::new();
            fit_all(&mut stream, &mut fitter)?;
            stream = open_stream_named(input, shown)?.0;
            fitter.fit(&SchemaParams::default())
        }
    };
    save_schema(args, &schema)?;
    let has_labels = stream.has_labels();
    write_output(&args.output, &schema, has_labels, &mut |sink| {
        let mut transform = Arc::new(schema.clone()).chunked();
        let mut chunk = Vec::with_capacity(CHUNK_ROWS);
        loop {
            chunk.clear();
            if stream.next_chunk(CHUNK_ROWS, &mut chunk)? == 0 {
                break;
            }
            write_rows(sink, &transform.transform_chunk(&chunk)?, has_labels.then_some(&chunk[..]))?;
        }
        report_skipped(&stream.report(), &name);
        Ok(())
    })
}

fn save_schema(args: &FeaturesArgs, schema: &FeatureSchema) -> anyhow::Result<()> {
    if let Some(path) = &args.save_schema {
        std::fs::write(path, schema.to_json() + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn fit_all(stream: &mut PacketStream, fitter: &mut SchemaFitter) -> anyhow::Result<()> {
    let mut chunk = Vec::with_capacity(CHUNK_ROWS);
    loop {
        chunk.clear();
        if stream.next_chunk(CHUNK_ROWS, &mut chunk)? == 0 {
            return Ok(());
        }
        fitter.add(&chunk);
    }
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

/// Opens the output, writes the header, lets `rows` write the rows, flushes.
fn write_output(
    path: &Path,
    schema: &FeatureSchema,
    has_labels: bool,
    rows: &mut dyn FnMut(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let what =
        || if path.as_os_str() == "-" { "standard output".to_owned() } else { path.display().to_string() };
    let sink: Box<dyn Write> = if path.as_os_str() == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(path).with_context(|| format!("cannot create {}", what()))?)
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    let mut header = schema.names().join(",");
    if has_labels {
        header.push_str(",label");
    }
    writeln!(out, "{header}").with_context(|| format!("cannot write {}", what()))?;
    rows(&mut out)?;
    out.flush().with_context(|| format!("cannot write {}", what()))
}

/// Writes one line per row; numbers in Rust's shortest round-trip form (`1`, `0.25`).
fn write_rows(out: &mut dyn Write, matrix: &FeatureMatrix, packets: Option<&[Packet]>) -> anyhow::Result<()> {
    let mut line = String::new();
    for row in 0..matrix.n_rows() {
        line.clear();
        for (i, value) in matrix.row(row).iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            push_number(&mut line, *value);
        }
        if let Some(packets) = packets {
            line.push_str(match packets.get(row).and_then(|p| p.label) {
                Some(Label::Normal) => ",normal",
                Some(Label::Malicious) => ",malicious",
                None => ",",
            });
        }
        line.push('\n');
        out.write_all(line.as_bytes()).context("cannot write the features")?;
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

//! `anomalyze inspect <capture|->`: reads a capture and prints what it holds (or the CaptureSummary as JSON).
//!
//! Input: a file path or `-` for stdin, read as a stream (a pcap/pcapng of any size in bounded memory; a
//! CSV is read whole). Output: rows read and skipped (with reasons), captures, time span,
//! label counts and protocols on stdout. Exit status 0 ok, 1 unreadable file or bad capture (message on stderr).

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::analysis::{CaptureSummary, SummaryBuilder};
use crate::capture::{PacketStream, ReadProgress, TimeFormat};

/// Arguments of `anomalyze inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The capture: a Wireshark CSV export (.csv, .csv.gz or a .zip holding one CSV), or `-` for stdin.
    pub capture: PathBuf,
    /// Print the summary as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Reads a file, or stdin for `-`, whole; returns the bytes and the name to use in messages (for the
/// commands that need the whole capture, such as `train`; [`open_stream`] reads one chunk at a time).
pub(crate) fn read_input(path: &PathBuf) -> anyhow::Result<(Vec<u8>, String)> {
    use std::io::Read as _;
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes).context("cannot read standard input")?;
        return Ok((bytes, "standard input".to_string()));
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok((bytes, path.display().to_string()))
}

/// Rows per chunk when a capture is streamed.
pub(crate) const CHUNK_ROWS: usize = 8192;

/// Opens a file, or stdin for `-`, as a [`PacketStream`] (pcap/pcapng are read as they are dissected, in
/// bounded memory); returns it and the name to use in messages. For the commands that read captures.
pub(crate) fn open_stream(path: &Path) -> anyhow::Result<(PacketStream, String)> {
    open_stream_named(path, None)
}

/// As [`open_stream`], with `name` instead of the path in messages.
pub(crate) fn open_stream_named(path: &Path, name: Option<&str>) -> anyhow::Result<(PacketStream, String)> {
    if path.as_os_str() == "-" {
        let name = "standard input".to_string();
        let stream = PacketStream::open(std::io::stdin(), &name, None)?;
        return Ok((stream, name));
    }
    let name = name.map_or_else(|| path.display().to_string(), str::to_string);
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {name}"))?;
    let size = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
    let reader = std::io::BufReader::with_capacity(1 << 16, file);
    Ok((PacketStream::open(reader, &name, size)?, name))
}

/// A progress bar on stderr over the decompressed bytes; hidden when stderr is not a terminal.
pub(crate) fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Runs the command; errors go to stderr with exit status 1.
pub fn run(args: &InspectArgs) -> ExitCode {
    match inspect(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn inspect(args: &InspectArgs) -> anyhow::Result<()> {
    let (mut stream, name) = open_stream(&args.capture)?;
    let bar = progress_bar();
    let mut builder = SummaryBuilder::default();
    let mut chunk = Vec::with_capacity(CHUNK_ROWS);
    let result = loop {
        chunk.clear();
        match stream.next_chunk(CHUNK_ROWS, &mut chunk) {
            Ok(0) => break Ok(()),
            Ok(_) => builder.add(&chunk),
            Err(e) => break Err(e),
        }
        show_progress(&bar, stream.progress());
    };
    bar.finish_and_clear();
    result?;
    let summary = builder.finish(&stream.report(), &name);
    let text = if args.json { serde_json::to_string_pretty(&summary)? + "\n" } else { render(&summary) };
    print!("{text}");
    Ok(())
}

/// Shows how far reading is (bytes of the total when known, and rows).
pub(crate) fn show_progress(bar: &ProgressBar, p: ReadProgress) {
    bar.set_length(p.bytes_total.unwrap_or(p.bytes_read));
    bar.set_position(p.bytes_read);
    bar.set_message(format!("{} rows", p.rows_read));
}

/// `1234567` as `1,234,567` (the charts' formatter, so the CLI and the page write counts alike).
pub(crate) use crate::charts::format_thousands as thousands;

/// Seconds as `1h 02m 03.4s` (or `12.345s` under a minute).
fn duration(seconds: f64) -> String {
    if seconds < 60.0 {
        return format!("{seconds:.3}s");
    }
    let whole = seconds.floor() as u64;
    let (h, m) = (whole / 3600, whole / 60 % 60);
    let s = seconds - (h * 3600 + m * 60) as f64;
    if h > 0 {
        format!("{h}h {m:02}m {s:04.1}s")
    } else {
        format!("{m}m {s:04.1}s")
    }
}

/// What the time format means for the span, for the formats that lost information.
fn time_note(format: TimeFormat) -> Option<&'static str> {
    match format {
        TimeFormat::MinutesClock => {
            Some("(hours lost, e.g. by a spreadsheet: a step back is read as a wrap of the hour)")
        }
        TimeFormat::HoursClock => Some("(no date: a step back is read as a wrap past midnight)"),
        TimeFormat::Seconds | TimeFormat::DateTime => None,
    }
}

/// The text report of `inspect`.
pub fn render(s: &CaptureSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "File:        {}", s.file_name);
    let _ = writeln!(
        out,
        "Rows read:   {} ({} packets, {} skipped)",
        thousands(s.rows_read),
        thousands(s.packets),
        thousands(s.skipped_count)
    );
    let _ = writeln!(out, "Time column: {}", s.time_format.describe());
    if let Some(note) = time_note(s.time_format) {
        let _ = writeln!(out, "             {note}");
    }
    let _ = writeln!(out, "Captures:    {}", s.captures);
    if s.time_span_s < 60.0 {
        let _ = writeln!(out, "Time span:   {:.3} s", s.time_span_s);
    } else {
        let _ = writeln!(out, "Time span:   {} ({:.3} s)", duration(s.time_span_s), s.time_span_s);
    }
    match &s.labels {
        Some(l) => {
            let _ = writeln!(
                out,
                "Labels:      {} malicious, {} normal, {} unlabelled",
                thousands(l.malicious),
                thousands(l.normal),
                thousands(l.unlabelled)
            );
        }
        None => out.push_str("Labels:      none (no `label` column)\n"),
    }
    render_protocols(&mut out, s);
    if s.skipped_count > 0 {
        let _ = writeln!(out, "Skipped rows ({} of {} shown):", s.skipped.len(), thousands(s.skipped_count));
        for row in &s.skipped {
            let _ = writeln!(out, "  line {}: {}", row.line, row.reason);
        }
    }
    if s.repaired_count > 0 {
        let _ = writeln!(
            out,
            "Rows kept by a lenient reading ({} of {} shown):",
            s.repaired.len(),
            thousands(s.repaired_count)
        );
        for row in &s.repaired {
            let _ = writeln!(out, "  line {}: {}", row.line, row.reason);
        }
    }
    out
}

fn render_protocols(out: &mut String, s: &CaptureSummary) {
    let width = s.protocols.iter().map(|p| p.protocol.chars().count()).max().unwrap_or(8).max(8);
    let _ = writeln!(out, "Protocols ({}):", s.protocols.len());
    if s.labels.is_some() {
        let _ =
            writeln!(out, "  {:<width$} {:>10} {:>10} {:>10}", "protocol", "packets", "normal", "malicious");
    } else {
        let _ = writeln!(out, "  {:<width$} {:>10}", "protocol", "packets");
    }
    for p in &s.protocols {
        let _ = write!(out, "  {:<width$} {:>10}", p.protocol, thousands(p.total));
        if s.labels.is_some() {
            let _ = write!(out, " {:>10} {:>10}", thousands(p.normal), thousands(p.malicious));
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_counts_and_durations() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(296_091), "296,091");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(duration(12.3456), "12.346s");
        assert_eq!(duration(75.3), "1m 15.3s");
        assert_eq!(duration(3723.5), "1h 02m 03.5s");
    }
}

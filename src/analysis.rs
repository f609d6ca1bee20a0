//! The one façade both front ends call: capture bytes (+ model, options) → an analysis and its view models.
//!
//! Input: bytes and a file name. Output: serialisable summaries the CLI prints and the page draws.
//! Rejects: whatever [`crate::capture::read_capture`] rejects, with the same error text everywhere.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::capture::{self, Capture, CaptureError, Label, ReadProgress, SkippedRow, TimeFormat};

pub mod export;
pub mod model;
pub mod scored;
pub mod views;

/// Why an analysis (model + capture → scores) failed; the text is what the page and the CLI show.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// The capture could not be read.
    #[error(transparent)]
    Capture(#[from] CaptureError),
    /// The model could not be loaded.
    #[error("the model could not be loaded: {0}")]
    Model(#[from] crate::model::ModelError),
    /// Features could not be computed (or the model's schema is malformed).
    #[error(transparent)]
    Features(#[from] crate::features::FeatureError),
    /// The rows do not fit the model.
    #[error(transparent)]
    Score(#[from] crate::score::ScoreError),
    /// The model uses features this build does not compute.
    #[error(
        "the model uses {} feature(s) this page does not compute: {}; the model has {model_features} \
         features in all, and every one must be named as in docs/features.md (e.g. Protocol_Encoded, Length)",
        unknown.len(),
        unknown.iter().take(8).map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
    )]
    UnknownFeatures {
        /// The names not computed (all of them).
        unknown: Vec<String>,
        /// Features the model has.
        model_features: usize,
    },
}

/// Packets of one protocol, split by label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolCount {
    /// Protocol as Wireshark names it.
    pub protocol: String,
    /// All packets of this protocol.
    pub total: u64,
    /// Packets labelled normal.
    pub normal: u64,
    /// Packets labelled malicious.
    pub malicious: u64,
}

/// Packets per label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LabelCounts {
    /// Packets labelled normal.
    pub normal: u64,
    /// Packets labelled malicious.
    pub malicious: u64,
    /// Packets whose label cell was empty or unrecognised.
    pub unlabelled: u64,
}

/// What `anomalyze inspect` prints and the page's summary shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaptureSummary {
    /// File name as given (may be empty).
    pub file_name: String,
    /// Data rows in the file (kept + skipped).
    pub rows_read: u64,
    /// Packets kept.
    pub packets: u64,
    /// Rows skipped.
    pub skipped_count: u64,
    /// The first skipped rows with line numbers and reasons.
    pub skipped: Vec<SkippedRow>,
    /// Rows kept by a lenient reading (CSV only; see [`Capture::repaired_count`]).
    #[serde(default)]
    pub repaired_count: u64,
    /// The first of them, with line numbers and how each was read.
    #[serde(default)]
    pub repaired: Vec<SkippedRow>,
    /// Number of captures found in the file (restarts of time start a new one).
    pub captures: u32,
    /// Sum over captures of (last time − first time), in seconds.
    pub time_span_s: f64,
    /// How the file wrote its `Time` column.
    pub time_format: TimeFormat,
    /// Label counts, when the file has a label column.
    pub labels: Option<LabelCounts>,
    /// Packets per protocol, most frequent first (ties by name).
    pub protocols: Vec<ProtocolCount>,
}

/// Summarises a capture that was read already.
pub fn summarize(capture: &Capture, file_name: &str) -> CaptureSummary {
    let mut builder = SummaryBuilder::default();
    builder.add(&capture.packets);
    builder.finish(capture, file_name)
}

/// Builds a [`CaptureSummary`] from packets seen in chunks (a streamed capture): the same summary as
/// [`summarize`] on all of them. Memory: one entry per protocol and per capture.
#[derive(Debug, Clone, Default)]
pub struct SummaryBuilder {
    by_protocol: HashMap<String, ProtocolCount>,
    labels: LabelCounts,
    spans: HashMap<u32, (f64, f64)>,
    packets: u64,
}

impl SummaryBuilder {
    /// Counts `packets`.
    pub fn add(&mut self, packets: &[capture::Packet]) {
        for p in packets {
            let entry = match self.by_protocol.get_mut(p.protocol.as_str()) {
                Some(entry) => entry,
                None => self.by_protocol.entry(p.protocol.clone()).or_insert_with(|| ProtocolCount {
                    protocol: p.protocol.clone(),
                    total: 0,
                    normal: 0,
                    malicious: 0,
                }),
            };
            entry.total += 1;
            match p.label {
                Some(Label::Normal) => {
                    entry.normal += 1;
                    self.labels.normal += 1;
                }
                Some(Label::Malicious) => {
                    entry.malicious += 1;
                    self.labels.malicious += 1;
                }
                None => self.labels.unlabelled += 1,
            }
            let span = self.spans.entry(p.capture_index).or_insert((p.time_s, p.time_s));
            span.0 = span.0.min(p.time_s);
            span.1 = span.1.max(p.time_s);
        }
        self.packets += packets.len() as u64;
    }

    /// The summary; `report` is the capture's report (its packets are not read: they were [`Self::add`]ed).
    pub fn finish(&self, report: &Capture, file_name: &str) -> CaptureSummary {
        let mut protocols: Vec<ProtocolCount> = self.by_protocol.values().cloned().collect();
        crate::sorting::sort_by(&mut protocols, &|a, b| {
            b.total.cmp(&a.total).then_with(|| a.protocol.cmp(&b.protocol))
        });
        CaptureSummary {
            file_name: file_name.to_string(),
            rows_read: self.packets + report.skipped_count,
            packets: self.packets,
            skipped_count: report.skipped_count,
            skipped: report.skipped.clone(),
            repaired_count: report.repaired_count,
            repaired: report.repaired.clone(),
            captures: self.spans.len() as u32,
            time_span_s: self.spans.values().map(|(lo, hi)| hi - lo).sum(),
            time_format: report.time_format,
            labels: report.has_labels.then_some(self.labels),
            protocols,
        }
    }
}

/// Reads a capture and summarises it.
pub fn inspect(
    bytes: &[u8],
    file_name: &str,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<(Capture, CaptureSummary), CaptureError> {
    let capture = capture::read_capture(bytes, file_name, progress)?;
    let summary = summarize(&capture, file_name);
    Ok((capture, summary))
}

/// Why a capture could not be scored.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ScoreCaptureError {
    /// The capture could not be read.
    #[error("{0}")]
    Capture(#[from] CaptureError),
    /// The model could not be loaded or cannot score this capture.
    #[error("model: {0}")]
    Model(#[from] crate::model::ModelError),
}

/// A capture scored by a model: what the page's worker returns and `anomalyze score` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredCapture {
    /// Wireshark's `No.` of each packet.
    pub numbers: Vec<u64>,
    /// Probability of each packet being malicious.
    pub probability: Vec<f64>,
    /// The threshold used: predicted malicious iff probability ≥ it.
    pub threshold: f64,
    /// Each packet's label (`true` = malicious), when the capture has a label column.
    pub labels: Option<Vec<Option<bool>>>,
    /// Rows the reader skipped.
    pub skipped_count: u64,
    /// The first skipped rows with reasons.
    pub skipped: Vec<SkippedRow>,
}

/// Threshold used when neither the caller nor the model gives one (version-1 files, LightGBM text).
pub const FALLBACK_THRESHOLD: f64 = 0.5;

/// Loads a model (version-2 or -1 model file, or LightGBM text) and scores a capture with it, using
/// the model's feature schema. `threshold` overrides the model's default threshold.
pub fn score_capture_bytes(
    model_bytes: &[u8],
    capture_bytes: &[u8],
    file_name: &str,
    threshold: Option<f64>,
    progress: &mut dyn FnMut(ReadProgress),
) -> Result<ScoredCapture, ScoreCaptureError> {
    let model = crate::model::load_model_file(model_bytes)?;
    let capture = capture::read_capture(capture_bytes, file_name, progress)?;
    Ok(score_read_capture(&model, &capture, threshold)?)
}

/// Scores a capture that was read already with a loaded model file.
pub fn score_read_capture(
    model: &crate::model::ModelFile,
    capture: &Capture,
    threshold: Option<f64>,
) -> Result<ScoredCapture, crate::model::ModelError> {
    let probability = crate::model::score_capture(model, capture)?;
    let labels = capture
        .has_labels
        .then(|| capture.packets.iter().map(|p| p.label.map(|l| l == Label::Malicious)).collect());
    Ok(ScoredCapture {
        numbers: capture.packets.iter().map(|p| p.number).collect(),
        probability,
        threshold: threshold.or(model.threshold).unwrap_or(FALLBACK_THRESHOLD),
        labels,
        skipped_count: capture.skipped_count,
        skipped: capture.skipped.clone(),
    })
}

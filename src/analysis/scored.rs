//! A scored capture: capture bytes + a [`PageModel`] → packets, the model's feature rows and one
//! probability per packet, stage by stage with progress (read → features → score).
//!
//! Input: capture bytes, a file name, a loaded model. Output: [`ScoredCapture`]. Rejects: whatever the
//! capture reader, the feature transform and [`crate::score::align`] reject ([`AnalysisError`]).
//! Scoring is split into row chunks ([`score_chunk`]) so front ends can report progress or spread the
//! rows over workers; per-row scores do not depend on the chunking.
//! The features are computed in chunks of [`FEATURE_CHUNK_ROWS`] packets into a [`CompactMatrix`]
//! (lossless, about a third of an `f64` matrix on real captures): the page holds a whole capture's
//! features in wasm memory, and the full `f64` matrix is never allocated.

use std::sync::Arc;

use serde::Serialize;

use super::model::PageModel;
use super::AnalysisError;
use crate::capture::{self, Capture, Label, ReadProgress};
use crate::drift::{drift_report_by_column, FeatureDrift};
use crate::eval::{label_correlations_by_column, FeatureCorrelation};
use crate::features::{CompactMatrix, FeatureSchema};
use crate::model::Ensemble;
use crate::score::{self, ScoreError};

/// Rows scored between two progress reports.
pub const SCORE_CHUNK_ROWS: usize = 16_384;

/// Packets featurised at a time (the `f64` rows of one chunk: 8 MB at most).
pub const FEATURE_CHUNK_ROWS: usize = 16_384;

/// The stage an analysis is in, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Parsing the capture.
    Reading,
    /// Computing the feature matrix.
    Features,
    /// Scoring rows with the model.
    Scoring,
}

/// One progress report: the stage, rows done in it, and its total when known.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StageProgress {
    /// Current stage.
    pub stage: Stage,
    /// Rows done in this stage.
    pub rows_done: u64,
    /// Rows in this stage, when known.
    pub rows_total: Option<u64>,
    /// Reading only: bytes read and the total.
    pub bytes_read: u64,
    /// Reading only: total bytes of the (decompressed) text, when known.
    pub bytes_total: Option<u64>,
}

impl StageProgress {
    fn rows(stage: Stage, rows_done: u64, rows_total: u64) -> Self {
        StageProgress { stage, rows_done, rows_total: Some(rows_total), bytes_read: 0, bytes_total: None }
    }
}

/// A capture with its feature rows (in the model's feature order) and scores.
#[derive(Debug, Clone)]
pub struct ScoredCapture {
    /// The packets and the reader's report.
    pub capture: Capture,
    /// Feature rows, columns = the model's features in order (exactly the `f64` values computed).
    pub features: CompactMatrix,
    /// Whether the schema was fitted on this capture (the model carried none).
    pub schema_fitted: bool,
    /// Soft-vote probability per packet.
    pub probability: Vec<f64>,
    /// Drift of every schema feature against the model card's training profile (None: no card).
    pub drift: Option<Vec<FeatureDrift>>,
    /// Correlation of every schema feature with the label on this file (None: not every packet labelled).
    pub correlations: Option<Vec<FeatureCorrelation>>,
}

/// What is computed on the full feature matrix before it is cut down to the model's columns.
#[derive(Debug, Clone, Default)]
pub struct FileProfile {
    /// See [`ScoredCapture::drift`].
    pub drift: Option<Vec<FeatureDrift>>,
    /// See [`ScoredCapture::correlations`].
    pub correlations: Option<Vec<FeatureCorrelation>>,
}

impl ScoredCapture {
    /// Labels as booleans (malicious = true) of the packets that have one, with their row indices.
    pub fn labelled_rows(&self) -> (Vec<usize>, Vec<bool>) {
        let mut rows = Vec::new();
        let mut labels = Vec::new();
        for (i, p) in self.capture.packets.iter().enumerate() {
            if let Some(label) = p.label {
                rows.push(i);
                labels.push(label == Label::Malicious);
            }
        }
        (rows, labels)
    }
}

/// Reads and featurises a capture: the first two stages, before scoring.
pub fn featurize(
    bytes: &[u8],
    file_name: &str,
    model: &PageModel,
    progress: &mut dyn FnMut(StageProgress),
) -> Result<(Capture, CompactMatrix, bool, FileProfile), AnalysisError> {
    featurize_in_chunks(bytes, file_name, model, FEATURE_CHUNK_ROWS, progress)
}

/// [`featurize`], `chunk_rows` packets at a time (the result does not depend on it; tests vary it).
pub fn featurize_in_chunks(
    bytes: &[u8],
    file_name: &str,
    model: &PageModel,
    chunk_rows: usize,
    progress: &mut dyn FnMut(StageProgress),
) -> Result<(Capture, CompactMatrix, bool, FileProfile), AnalysisError> {
    let mut on_read = |p: ReadProgress| {
        progress(StageProgress {
            stage: Stage::Reading,
            rows_done: p.rows_read,
            rows_total: None,
            bytes_read: p.bytes_read,
            bytes_total: p.bytes_total,
        })
    };
    let capture = capture::read_capture(bytes, file_name, &mut on_read)?;
    let n = capture.packets.len();
    progress(StageProgress::rows(Stage::Features, 0, n as u64));
    let (schema, fitted) = match &model.schema {
        Some(schema) => (Arc::clone(schema), false),
        None => (Arc::new(FeatureSchema::fit(&capture.packets)), true),
    };
    // Every schema column is kept until drift and correlation are computed, then only the model's.
    let mut all = CompactMatrix::with_capacity(schema.names(), n);
    let mut transform = schema.chunked();
    for chunk in capture.packets.chunks(chunk_rows.max(1)) {
        let rows = transform.transform_chunk(chunk)?;
        all.push_rows(rows.values().as_slice().unwrap_or(&[]))?;
        progress(StageProgress::rows(Stage::Features, all.n_rows() as u64, n as u64));
    }
    let labels: Option<Vec<bool>> =
        capture.packets.iter().map(|p| p.label.map(|l| l == Label::Malicious)).collect();
    let by_name = |name: &str| all.names().iter().position(|n| n == name).map(|j| all.column(j));
    let profile = FileProfile {
        drift: (model.card.as_ref())
            .and_then(|card| drift_report_by_column(&card.profile, all.n_rows(), &by_name).ok()),
        correlations: labels.filter(|_| capture.has_labels).and_then(|l| {
            label_correlations_by_column(all.names(), all.n_rows(), &l, &|j| all.column(j)).ok()
        }),
    };
    let features = all.into_columns(model.ensemble.feature_names()).map_err(ScoreError::MissingFeature)?;
    Ok((capture, features, fitted, profile))
}

/// Probabilities of row-major `rows` (the model's feature order).
pub fn score_chunk(ensemble: &Ensemble, rows: &[f64]) -> Result<Vec<f64>, AnalysisError> {
    Ok(score::score_rows(ensemble, rows)?.probability)
}

/// All three stages in one call, scoring in chunks of [`SCORE_CHUNK_ROWS`].
pub fn score_capture(
    bytes: &[u8],
    file_name: &str,
    model: &PageModel,
    progress: &mut dyn FnMut(StageProgress),
) -> Result<ScoredCapture, AnalysisError> {
    let (capture, features, schema_fitted, profile) = featurize(bytes, file_name, model, progress)?;
    let n_rows = features.n_rows();
    let mut probability = Vec::with_capacity(n_rows);
    for start in (0..n_rows).step_by(SCORE_CHUNK_ROWS) {
        probability.extend(score_chunk(&model.ensemble, &features.rows(start, start + SCORE_CHUNK_ROWS))?);
        progress(StageProgress::rows(Stage::Scoring, probability.len() as u64, n_rows as u64));
    }
    Ok(ScoredCapture {
        capture,
        features,
        schema_fitted,
        probability,
        drift: profile.drift,
        correlations: profile.correlations,
    })
}

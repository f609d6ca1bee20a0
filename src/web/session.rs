//! The worker's state: one loaded model and one scored capture, behind a wasm-bindgen [`Analyzer`].
//!
//! Input: model bytes, capture bytes, thresholds and table queries from worker.js. Output: summaries,
//! evaluations, table pages, explanations and CSV as JS values. Rejects: bad models and captures with
//! the error text the CLI prints; calls that need a capture before one was analysed.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{from_js, progress_reporter, to_js, PageAnalysis};
use crate::analysis::export::scored_csv;
use crate::analysis::model::{ModelKind, PageModel};
use crate::analysis::scored::{self, ScoredCapture, StageProgress};
use crate::analysis::summarize;
use crate::analysis::views::{self, Ranked, RowQuery};
use crate::charts::{
    ActivityView, BeeswarmView, ConfusionView, CorrelationView, DriftRankingView, ErrorsByProtocolView,
    FeatureDriftView, LabelComparisonView, MetricColumn, MetricValues, MetricsSummaryView, PermutationView,
    PrCurveView, RocCurveView, ShapImportanceView, ThresholdCurveView, WaterfallView, MAX_BUCKETS,
    TOP_FEATURES,
};
use crate::explain::EnsembleShap;
use crate::explain::{EnsembleExplainer, ShapMethod, TreeShapAlgorithm, Workspace};
use crate::features::CompactMatrix;
use crate::model::{ModelCard, SplitMetrics};

/// What the page shows about a loaded model.
#[derive(Debug, Clone, Serialize)]
struct ModelSummary {
    kind: ModelKind,
    features: Vec<String>,
    components: Vec<ComponentSummary>,
    threshold: f64,
    threshold_from_file: bool,
    has_schema: bool,
    card: Option<CardSummary>,
}

/// What the page lists of a model card (the full card, with its training profile, stays in the worker).
#[derive(Debug, Clone, Serialize)]
struct CardSummary {
    trainer: String,
    files: Vec<(String, u64)>,
    split: serde_json::Value,
    threshold: serde_json::Value,
    metrics: Vec<MetricColumn>,
}

fn card_columns(card: &ModelCard) -> Vec<MetricColumn> {
    let column = |source: &str, m: &Option<SplitMetrics>| {
        m.as_ref().map(|m| MetricColumn {
            source: source.to_string(),
            values: MetricValues {
                accuracy: Some(m.accuracy),
                precision: Some(m.precision),
                recall: Some(m.recall),
                f1: Some(m.f1),
                specificity: Some(m.specificity),
                roc_auc: m.roc_auc,
                pr_auc: m.pr_auc,
            },
        })
    };
    let metrics = &card.metrics;
    [column("train", &metrics.train), column("test", &metrics.test), column("new data", &metrics.new)]
        .into_iter()
        .flatten()
        .collect()
}

#[derive(Debug, Clone, Serialize)]
struct ComponentSummary {
    name: String,
    trees: usize,
    weight: f64,
}

/// What the page shows once a capture is scored.
#[derive(Debug, Clone, Serialize)]
struct ScoredSummary {
    #[serde(flatten)]
    page: PageAnalysis,
    schema_fitted: bool,
    timeline_end_s: f64,
}

/// One table row: the packet's columns, its probability and label.
#[derive(Debug, Clone, Serialize)]
struct TableRow {
    row: u32,
    number: u64,
    time_s: f64,
    source: String,
    destination: String,
    protocol: String,
    length: u32,
    info: String,
    label: &'static str,
    probability: f64,
    features: Vec<f64>,
}

#[derive(Debug, Clone, Serialize)]
struct TablePage {
    total: u64,
    offset: u64,
    rows: Vec<TableRow>,
}

/// View models of the charts that follow the threshold.
#[derive(Debug, Clone, Serialize)]
struct ThresholdCharts {
    metrics_summary: MetricsSummaryView,
    confusion: ConfusionView,
    label_comparison: LabelComparisonView,
    errors_by_protocol: ErrorsByProtocolView,
    roc: RocCurveView,
    pr: PrCurveView,
    threshold_curve: ThresholdCurveView,
    activity: ActivityView,
    correlation: CorrelationView,
    drift_ranking: DriftRankingView,
    drift: Vec<FeatureDriftView>,
}

/// Default features of the drift overlay (the seed's).
const DRIFT_FEATURES: [&str; 2] = ["Protocol_Encoded", "Source_Encoded"];

/// One packet's SHAP values in probability space.
#[derive(Debug, Clone, Serialize)]
struct Explanation {
    row: u32,
    number: u64,
    base_value: f64,
    probability: f64,
    method: String,
    features: Vec<String>,
    values: Vec<f64>,
    contributions: Vec<f64>,
    waterfall: WaterfallView,
}

struct Loaded {
    /// Leaked so the explainer can borrow it for the worker's lifetime (a model load leaks a few MB).
    model: &'static PageModel,
    explainer: Option<EnsembleExplainer<'static>>,
}

/// SHAP values of a sample of rows, computed a chunk at a time.
#[derive(Debug, Clone, Default)]
struct ShapSample {
    rows: Vec<u32>,
    done: usize,
    /// `width + 1` values per row, bias last.
    values: Vec<f64>,
    probability: Vec<f64>,
}

/// The SHAP summary: per feature the mean |SHAP| and, per sampled row, SHAP value and feature value.
#[derive(Debug, Clone, Serialize)]
struct ShapSummary {
    base_value: f64,
    method: String,
    features: Vec<String>,
    rows: Vec<u32>,
    /// `values[k * n_features + f]`: SHAP of feature `f` for sampled row `k`.
    values: Vec<f64>,
    /// Feature values in the same layout.
    feature_values: Vec<f64>,
    mean_abs: Vec<f64>,
    beeswarm: BeeswarmView,
    importance: ShapImportanceView,
}

/// Permutation importance and its chart.
#[derive(Debug, Clone, Serialize)]
struct PermutationResult {
    result: crate::explain::permutation::PermutationImportance,
    view: PermutationView,
}

/// The worker's analysis state.
#[wasm_bindgen]
pub struct Analyzer {
    loaded: Option<Loaded>,
    pending: Option<(ScoredCapture, String)>,
    scored: Option<(ScoredCapture, Ranked)>,
    selection: Option<(RowQuery, Vec<u32>)>,
    shap: ShapSample,
    workspace: Workspace,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

fn js_err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

impl Analyzer {
    fn model(&self) -> Result<&'static PageModel, JsValue> {
        self.loaded.as_ref().map(|l| l.model).ok_or_else(|| js_err("no model is loaded; load a model first"))
    }

    fn scored(&self) -> Result<&(ScoredCapture, Ranked), JsValue> {
        self.scored.as_ref().ok_or_else(|| js_err("no capture has been analysed yet; open a capture first"))
    }

    fn explainer(&self) -> Result<&EnsembleExplainer<'static>, JsValue> {
        (self.loaded.as_ref().and_then(|l| l.explainer.as_ref())).ok_or_else(|| {
            js_err("this model cannot be explained with TreeSHAP (a tree has a negative or non-finite cover)")
        })
    }

    fn finish(&mut self, scored: ScoredCapture, file_name: &str) -> Result<JsValue, JsValue> {
        let ranked = Ranked::new(&scored);
        let summary = summarize(&scored.capture, file_name);
        let out = ScoredSummary {
            page: PageAnalysis::from_summary(summary),
            schema_fitted: scored.schema_fitted,
            timeline_end_s: ranked.timeline_s.iter().copied().fold(0.0, f64::max),
        };
        self.scored = Some((scored, ranked));
        self.shap = ShapSample::default();
        to_js(&out)
    }

    fn clear(&mut self) {
        self.pending = None;
        self.scored = None;
        self.selection = None;
        self.shap = ShapSample::default();
    }
}

#[wasm_bindgen]
impl Analyzer {
    /// An analyzer with no model and no capture.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Analyzer {
        Analyzer {
            loaded: None,
            pending: None,
            scored: None,
            selection: None,
            shap: ShapSample::default(),
            workspace: Workspace::default(),
        }
    }

    /// Loads a model file or LightGBM text; returns its summary (features, components, threshold, card).
    pub fn load_model(&mut self, bytes: &[u8]) -> Result<JsValue, JsValue> {
        let model: &'static PageModel = Box::leak(Box::new(PageModel::load(bytes).map_err(js_err)?));
        let explainer =
            EnsembleExplainer::new(&model.ensemble, ShapMethod::Rescaled, None, TreeShapAlgorithm::default())
                .ok();
        let summary = ModelSummary {
            kind: model.kind,
            features: model.ensemble.feature_names().to_vec(),
            components: (model.ensemble.components().iter())
                .map(|c| ComponentSummary {
                    name: c.name().to_string(),
                    trees: c.trees().len(),
                    weight: c.weight(),
                })
                .collect(),
            threshold: model.threshold,
            threshold_from_file: model.threshold_from_file,
            has_schema: model.schema.is_some(),
            card: model.card.as_ref().map(|card| CardSummary {
                trainer: card.trainer.clone(),
                files: card.data.iter().map(|f| (f.name.clone(), f.rows)).collect(),
                split: serde_json::to_value(&card.split).unwrap_or_default(),
                threshold: serde_json::to_value(&card.threshold).unwrap_or_default(),
                metrics: card_columns(card),
            }),
        };
        self.loaded = Some(Loaded { model, explainer });
        self.clear();
        to_js(&summary)
    }

    /// Reads, featurises and scores a capture in this worker; `on_progress` gets a [`StageProgress`].
    pub fn analyse(
        &mut self,
        bytes: &[u8],
        file_name: &str,
        on_progress: &js_sys::Function,
    ) -> Result<JsValue, JsValue> {
        let model = self.model()?;
        self.clear();
        let mut report = progress_reporter::<StageProgress>(on_progress);
        let scored = scored::score_capture(bytes, file_name, model, &mut report).map_err(js_err)?;
        self.finish(scored, file_name)
    }

    /// Reads and featurises only, returning the row count; the rows are then scored in chunks
    /// ([`Analyzer::score_range`] here, or [`Analyzer::feature_rows`] + [`Analyzer::score_values`] in other
    /// workers) and the probabilities handed back with [`Analyzer::set_scores`].
    pub fn featurize(
        &mut self,
        bytes: &[u8],
        file_name: &str,
        on_progress: &js_sys::Function,
    ) -> Result<u32, JsValue> {
        let model = self.model()?;
        self.clear();
        let mut report = progress_reporter::<StageProgress>(on_progress);
        let (capture, features, schema_fitted, profile) =
            scored::featurize(bytes, file_name, model, &mut report).map_err(js_err)?;
        let n = features.n_rows() as u32;
        let pending = ScoredCapture {
            capture,
            features,
            schema_fitted,
            probability: Vec::new(),
            drift: profile.drift,
            correlations: profile.correlations,
        };
        self.pending = Some((pending, file_name.to_string()));
        Ok(n)
    }

    /// The featurised capture's features and rows `start..end` (the end clamped to its rows).
    fn pending_range(&self, start: u32, end: u32) -> Result<(&CompactMatrix, usize, usize), JsValue> {
        let (pending, _) = self.pending.as_ref().ok_or_else(|| js_err("no featurised capture is waiting"))?;
        let features = &pending.features;
        let (start, end) = (start as usize, (end as usize).min(features.n_rows()));
        if start > end {
            return Err(js_err("row range past the end of the capture"));
        }
        Ok((features, start, end))
    }

    fn pending_rows(&self, start: u32, end: u32) -> Result<Vec<f64>, JsValue> {
        let (features, start, end) = self.pending_range(start, end)?;
        Ok(features.rows(start, end))
    }

    /// Feature rows `start..end` of the featurised capture, row-major (to score in another worker).
    pub fn feature_rows(&self, start: u32, end: u32) -> Result<Vec<f64>, JsValue> {
        self.pending_rows(start, end)
    }

    /// [`Analyzer::feature_rows`] written into `out`, which must hold exactly those rows: the page hands
    /// the same buffer back and forth with the helper instead of allocating one per chunk.
    pub fn feature_rows_into(&self, start: u32, end: u32, out: &mut [f64]) -> Result<(), JsValue> {
        let (features, start, end) = self.pending_range(start, end)?;
        let values = (end - start) * features.n_features();
        if values != out.len() {
            return Err(js_err(format!("a buffer of {} values for {values} feature values", out.len())));
        }
        features.rows_into(start, end, out);
        Ok(())
    }

    /// Probabilities of rows `start..end` of the featurised capture.
    pub fn score_range(&self, start: u32, end: u32) -> Result<Vec<f64>, JsValue> {
        scored::score_chunk(&self.model()?.ensemble, &self.pending_rows(start, end)?).map_err(js_err)
    }

    /// Probabilities of row-major feature `values` (the model's feature order).
    pub fn score_values(&self, values: &[f64]) -> Result<Vec<f64>, JsValue> {
        scored::score_chunk(&self.model()?.ensemble, values).map_err(js_err)
    }

    /// Completes a featurised capture with its probabilities; returns the capture summary.
    pub fn set_scores(&mut self, probability: Vec<f64>) -> Result<JsValue, JsValue> {
        let (mut pending, name) =
            self.pending.take().ok_or_else(|| js_err("no featurised capture is waiting"))?;
        if probability.len() != pending.features.n_rows() {
            return Err(js_err(format!(
                "{} probabilities for {} rows",
                probability.len(),
                pending.features.n_rows()
            )));
        }
        pending.probability = probability;
        self.finish(pending, &name)
    }

    /// Flagged count, metrics (labelled files) and errors by protocol at `threshold`.
    pub fn evaluate(&self, threshold: f64) -> Result<JsValue, JsValue> {
        let (scored, ranked) = self.scored()?;
        to_js(&views::evaluate(scored, ranked, threshold))
    }

    /// The view models of every chart but SHAP and permutation, at `threshold`, with the time range
    /// `[from_s, to_s]` brushed on the activity chart (NaN: none).
    pub fn charts(&self, threshold: f64, from_s: f64, to_s: f64) -> Result<JsValue, JsValue> {
        let (scored, ranked) = self.scored()?;
        let model = self.model()?;
        let evaluation = views::evaluate(scored, ranked, threshold);
        let metrics = evaluation.metrics.as_ref();
        let (rows, labels) = scored.labelled_rows();
        let p_labelled: Vec<f64> = rows.iter().map(|&r| scored.probability[r]).collect();
        let all_labelled = !rows.is_empty() && rows.len() == scored.probability.len();
        let label_comparison = if rows.is_empty() {
            LabelComparisonView::new(None, &scored.probability, threshold)
        } else {
            LabelComparisonView::new(Some(&labels), &p_labelled, threshold)
        }
        .map_err(js_err)?;
        let protocols: Vec<&str> =
            rows.iter().map(|&r| scored.capture.packets[r].protocol.as_str()).collect();
        let errors_by_protocol = if rows.is_empty() {
            let all: Vec<&str> = scored.capture.packets.iter().map(|p| p.protocol.as_str()).collect();
            ErrorsByProtocolView::new(&all, None, &scored.probability, threshold, 12)
        } else {
            ErrorsByProtocolView::new(&protocols, Some(&labels), &p_labelled, threshold, 12)
        }
        .map_err(js_err)?;
        let flagged: Vec<bool> = scored.probability.iter().map(|&p| p >= threshold).collect();
        let activity_labels = all_labelled.then_some(labels.as_slice());
        let activity =
            ActivityView::new(&ranked.timeline_s, &flagged, activity_labels, threshold, MAX_BUCKETS)
                .map_err(js_err)?
                .with_brush(from_s, to_s);
        let card = model.card.as_ref();
        let training = card.map(|c| c.correlations.as_slice());
        let drifts = scored.drift.as_deref();
        let drift = (drifts.unwrap_or(&[]).iter())
            .filter(|d| DRIFT_FEATURES.contains(&d.feature.as_str()))
            .map(FeatureDriftView::new)
            .collect();
        let labelled = ranked.labelled.as_ref();
        to_js(&ThresholdCharts {
            metrics_summary: MetricsSummaryView::new(
                card.map(card_columns).unwrap_or_default(),
                metrics,
                threshold,
            ),
            confusion: ConfusionView::new(metrics.map(|m| m.confusion), threshold),
            label_comparison,
            errors_by_protocol,
            roc: RocCurveView::new(labelled, threshold),
            pr: PrCurveView::new(labelled, threshold),
            threshold_curve: ThresholdCurveView::new(labelled, threshold),
            activity,
            correlation: CorrelationView::new(training, scored.correlations.as_deref(), TOP_FEATURES),
            drift_ranking: DriftRankingView::new(drifts.unwrap_or(&[]), TOP_FEATURES),
            drift,
        })
    }

    /// Packets, flagged and labelled-malicious packets per time bin.
    pub fn activity(&self, threshold: f64, max_bins: u32) -> Result<JsValue, JsValue> {
        let (scored, ranked) = self.scored()?;
        to_js(&views::activity(scored, ranked, threshold, max_bins as usize))
    }

    /// One page of a table: `query` is a [`RowQuery`]; rows `offset..offset + limit` of its selection.
    pub fn rows(&mut self, query: JsValue, offset: u32, limit: u32) -> Result<JsValue, JsValue> {
        let query: RowQuery = from_js(query)?;
        let (scored, ranked) =
            self.scored.as_ref().ok_or_else(|| js_err("no capture has been analysed yet"))?;
        if self.selection.as_ref().is_none_or(|(q, _)| *q != query) {
            self.selection = Some((query, views::select_rows(scored, ranked, &query)));
        }
        let selected = self.selection.as_ref().map(|(_, rows)| rows.as_slice()).unwrap_or(&[]);
        let start = (offset as usize).min(selected.len());
        let end = (start + limit as usize).min(selected.len());
        let rows = selected[start..end].iter().map(|&r| table_row(scored, r)).collect();
        to_js(&TablePage { total: selected.len() as u64, offset: start as u64, rows })
    }

    /// SHAP waterfall data of packet `row` (0-based row of the capture).
    pub fn explain(&mut self, row: u32) -> Result<JsValue, JsValue> {
        let explainer = (self.loaded.as_ref().and_then(|l| l.explainer.as_ref())).ok_or_else(|| {
            js_err("this model cannot be explained with TreeSHAP (a tree has a negative or non-finite cover)")
        })?;
        let (scored, _) = self.scored.as_ref().ok_or_else(|| js_err("no capture has been analysed yet"))?;
        let i = row as usize;
        if i >= scored.features.n_rows() {
            return Err(js_err(format!("packet row {row} is past the end of the capture")));
        }
        let values = scored.features.row(i);
        let mut out = vec![0.0; values.len() + 1];
        let probability = explainer.explain_row(&values, &mut self.workspace, &mut out).map_err(js_err)?;
        let one = EnsembleShap {
            first_row: 0,
            width: out.len(),
            values: out.clone(),
            probability: vec![probability],
            method: explainer.method(),
        };
        let matrix = scored.features.take_rows(&[i]).map_err(js_err)?;
        let number = scored.capture.packets[i].number;
        let waterfall =
            WaterfallView::new(&one, 0, &matrix, &format!("packet {number}"), 15).map_err(js_err)?;
        out.pop();
        to_js(&Explanation {
            waterfall,
            row,
            number: scored.capture.packets[i].number,
            base_value: explainer.base_value(),
            probability,
            method: explainer.method().description().to_string(),
            features: scored.features.names().to_vec(),
            values,
            contributions: out,
        })
    }

    /// Starts a SHAP summary on `sample` rows drawn without replacement (seeded); returns the sample size.
    pub fn shap_begin(&mut self, sample: u32, seed: u64) -> Result<u32, JsValue> {
        self.explainer()?;
        let (scored, _) = self.scored()?;
        let rows = super::sample::sample_rows(scored.features.n_rows(), sample as usize, seed);
        let n = rows.len() as u32;
        self.shap = ShapSample { rows, ..Default::default() };
        Ok(n)
    }

    /// Explains the next `count` sampled rows, not past sampled row `limit`; returns how many are done.
    pub fn shap_step(&mut self, count: u32, limit: u32) -> Result<u32, JsValue> {
        let explainer = (self.loaded.as_ref().and_then(|l| l.explainer.as_ref()))
            .ok_or_else(|| js_err("this model cannot be explained"))?;
        let (scored, _) = self.scored.as_ref().ok_or_else(|| js_err("no capture has been analysed yet"))?;
        let width = scored.features.n_features();
        let mut out = vec![0.0; width + 1];
        let stop = (limit as usize).min(self.shap.rows.len());
        let end = (self.shap.done + count as usize).min(stop);
        for k in self.shap.done..end {
            let row = scored.features.row(self.shap.rows[k] as usize);
            let p = explainer.explain_row(&row, &mut self.workspace, &mut out).map_err(js_err)?;
            self.shap.values.extend_from_slice(&out);
            self.shap.probability.push(p);
        }
        self.shap.done = self.shap.done.max(end);
        Ok(self.shap.done as u32)
    }

    /// Feature rows of sampled rows `start..end` (row-major), to explain in another worker.
    pub fn shap_rows(&self, start: u32, end: u32) -> Result<Vec<f64>, JsValue> {
        let (scored, _) = self.scored()?;
        let rows =
            self.shap.rows.get(start as usize..end as usize).ok_or_else(|| js_err("past the sample"))?;
        Ok(rows.iter().flat_map(|&r| scored.features.row(r as usize)).collect())
    }

    /// Appends SHAP values another worker computed ([`Analyzer::explain_values`]) for the next sampled rows.
    pub fn shap_push(&mut self, explained: &[f64]) -> Result<u32, JsValue> {
        let (scored, _) = self.scored()?;
        let width = scored.features.n_features();
        for chunk in explained.chunks(width + 2) {
            if chunk.len() != width + 2 || self.shap.done >= self.shap.rows.len() {
                return Err(js_err("SHAP values from the helper do not fit the sample"));
            }
            self.shap.values.extend_from_slice(&chunk[..=width]);
            self.shap.probability.push(chunk[width + 1]);
            self.shap.done += 1;
        }
        Ok(self.shap.done as u32)
    }

    /// SHAP values of row-major feature `values` (the model's order): per row `n_features` values, the
    /// bias, then the probability they sum to.
    pub fn explain_values(&mut self, values: &[f64]) -> Result<Vec<f64>, JsValue> {
        let explainer = (self.loaded.as_ref().and_then(|l| l.explainer.as_ref()))
            .ok_or_else(|| js_err("this model cannot be explained"))?;
        let width = explainer.n_features();
        let mut out = vec![0.0; width + 1];
        let mut result = Vec::with_capacity(values.len() / width.max(1) * (width + 2));
        for row in values.chunks(width.max(1)) {
            let p = explainer.explain_row(row, &mut self.workspace, &mut out).map_err(js_err)?;
            result.extend_from_slice(&out);
            result.push(p);
        }
        Ok(result)
    }

    /// The SHAP summary of the sampled rows explained so far.
    pub fn shap_summary(&self) -> Result<JsValue, JsValue> {
        let explainer = self.explainer()?;
        let (scored, _) = self.scored()?;
        let width = scored.features.n_features();
        let rows: Vec<u32> = self.shap.rows[..self.shap.done].to_vec();
        let mut mean_abs = vec![0.0; width];
        let mut values = Vec::with_capacity(rows.len() * width);
        for chunk in self.shap.values.chunks(width + 1) {
            for (m, v) in mean_abs.iter_mut().zip(chunk) {
                *m += v.abs();
            }
            values.extend_from_slice(&chunk[..width]);
        }
        let n = rows.len().max(1) as f64;
        mean_abs.iter_mut().for_each(|m| *m /= n);
        let indices: Vec<usize> = rows.iter().map(|&r| r as usize).collect();
        let matrix = scored.features.take_rows(&indices).map_err(js_err)?;
        let shap = EnsembleShap {
            first_row: 0,
            width: width + 1,
            values: self.shap.values.clone(),
            probability: self.shap.probability.clone(),
            method: explainer.method(),
        };
        let beeswarm = BeeswarmView::new(&shap, &matrix, TOP_FEATURES).map_err(js_err)?;
        let importance = ShapImportanceView::new(&shap, matrix.names(), TOP_FEATURES).map_err(js_err)?;
        to_js(&ShapSummary {
            base_value: explainer.base_value(),
            method: explainer.method().description().to_string(),
            features: scored.features.names().to_vec(),
            rows,
            values,
            feature_values: matrix.values().iter().copied().collect(),
            mean_abs,
            beeswarm,
            importance,
        })
    }

    /// Permutation importance (drop in ROC AUC) on up to `sample` labelled rows, `repeats` shuffles each;
    /// `on_progress(done, total)` after each feature.
    pub fn permutation(
        &self,
        sample: u32,
        repeats: u32,
        seed: u64,
        on_progress: &js_sys::Function,
    ) -> Result<JsValue, JsValue> {
        let model = self.model()?;
        let (scored, _) = self.scored()?;
        let (labelled, labels) = scored.labelled_rows();
        if labelled.is_empty() {
            return Err(js_err("permutation importance needs labels, and this capture has none"));
        }
        let picks = super::sample::sample_rows(labelled.len(), sample as usize, seed);
        let rows: Vec<usize> = picks.iter().map(|&k| labelled[k as usize]).collect();
        let labels: Vec<bool> = picks.iter().map(|&k| labels[k as usize]).collect();
        let matrix = scored.features.take_rows(&rows).map_err(js_err)?;
        let options = crate::explain::permutation::PermutationOptions {
            n_repeats: repeats.max(1) as usize,
            seed,
            ..Default::default()
        };
        let ensemble = &model.ensemble;
        let score_row =
            |row: &[f64]| crate::score::score_row(ensemble, row).map(|s| s.probability).unwrap_or(f64::NAN);
        let progress = |done: usize, total: usize| {
            let _ = on_progress.call2(&JsValue::NULL, &(done as f64).into(), &(total as f64).into());
        };
        let result = crate::explain::permutation::permutation_importance(
            &matrix, &labels, score_row, &options, progress,
        )
        .map_err(js_err)?;
        to_js(&PermutationResult { view: PermutationView::new(Ok(&result), TOP_FEATURES), result })
    }

    /// The scored capture as CSV bytes (formula-safe), predicted labels at `threshold`.
    pub fn csv(&self, threshold: f64) -> Result<Vec<u8>, JsValue> {
        let (scored, _) = self.scored()?;
        Ok(scored_csv(scored, threshold))
    }
}

fn table_row(scored: &ScoredCapture, r: u32) -> TableRow {
    let i = r as usize;
    let p = &scored.capture.packets[i];
    TableRow {
        row: r,
        number: p.number,
        time_s: p.time_s,
        source: p.source.clone(),
        destination: p.destination.clone(),
        protocol: p.protocol.clone(),
        length: p.length_bytes,
        info: p.info.clone(),
        label: crate::analysis::export::label_word(p.label),
        probability: scored.probability[i],
        features: scored.features.row(i),
    }
}

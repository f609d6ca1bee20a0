//! Ensemble SHAP in probability space: per-component values moved to probabilities, soft-vote weighted.
//!
//! Input: an [`Ensemble`], rows (and background rows for [`ShapMethod::Interventional`]). Output: per
//! row `n_features + 1` values, bias last, summing exactly (to rounding) to the ensemble probability.
//! Identity components (forests of probabilities) use exact path-dependent TreeSHAP as is; sigmoid
//! components (log-odds) are moved to probability space by the chosen [`ShapMethod`].

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::features::FeatureMatrix;
use crate::model::{Ensemble, Output};

use super::interventional::{self, PairScratch, Weights};
use super::{ComponentExplainer, ExplainError, TreeShapAlgorithm, Workspace};

/// How a sigmoid (log-odds) component's SHAP values are moved to probability space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ShapMethod {
    /// Path-dependent TreeSHAP in log-odds, every value multiplied by one factor per row,
    /// `(σ(m) − σ(m₀)) / (m − m₀)` (`m` the row's margin, `m₀` the expected margin; `σ'(m)` if equal),
    /// so they sum to `σ(m) − σ(m₀)`. Cheap (no background); keeps each feature's sign and relative size.
    #[default]
    Rescaled,
    /// Interventional TreeSHAP against background rows: for each background row `b`, exact Shapley
    /// values of the margin when features take the row's or `b`'s value, scaled by
    /// `(σ(m) − σ(m_b)) / (m − m_b)`, averaged over `b`; the bias is the mean background probability.
    /// What shap's `TreeExplainer(model, data, model_output="probability")` computes. Cost grows with
    /// the background size (about 100 rows).
    Interventional,
}

impl ShapMethod {
    /// One sentence for users: how the boosted model's log-odds values were turned into probabilities.
    pub fn description(self) -> &'static str {
        match self {
            ShapMethod::Rescaled => {
                "Boosted model: exact TreeSHAP in log-odds, rescaled per packet so the values add up to \
                 its probability minus the probability at the expected log-odds (keeps signs and \
                 proportions; an approximation of probability-space Shapley values)."
            }
            ShapMethod::Interventional => {
                "Boosted model: interventional TreeSHAP against a background sample of packets, each \
                 reference's log-odds values scaled to its probability difference and averaged (as \
                 shap's TreeExplainer with model_output=\"probability\")."
            }
        }
    }
}

/// SHAP values of a range of rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnsembleShap {
    /// First row explained (index in the matrix).
    pub first_row: usize,
    /// Values per row: the number of features + 1 (the bias, last).
    pub width: usize,
    /// `rows × width` values, row-major; each row sums to its probability.
    pub values: Vec<f64>,
    /// Ensemble probability of each row.
    pub probability: Vec<f64>,
    /// The method used for sigmoid components.
    pub method: ShapMethod,
}

impl EnsembleShap {
    /// Number of rows explained.
    pub fn n_rows(&self) -> usize {
        self.probability.len()
    }

    /// The values of the `k`-th explained row (`first_row + k` in the matrix), bias last.
    pub fn row(&self, k: usize) -> &[f64] {
        &self.values[k * self.width..(k + 1) * self.width]
    }
}

/// Background data of one sigmoid component for the interventional method.
#[derive(Debug, Clone)]
struct Background {
    /// Rows as the component compares them (cast if needed), row-major.
    rows: Vec<f64>,
    /// Raw margin of each background row.
    margins: Vec<f64>,
    /// Mean background probability (the bias).
    base_probability: f64,
}

/// An ensemble prepared for probability-space SHAP.
#[derive(Debug, Clone)]
pub struct EnsembleExplainer<'a> {
    components: Vec<ComponentExplainer<'a>>,
    /// Vote weight / total weight per component.
    weights: Vec<f64>,
    backgrounds: Vec<Option<Background>>,
    pair_weights: Weights,
    method: ShapMethod,
    n_features: usize,
    base_value: f64,
}

fn sigmoid(scale: f64, raw: f64) -> f64 {
    1.0 / (1.0 + (-scale * raw).exp())
}

/// `(σ(a) − σ(b)) / (a − b)`, or `σ'(a)` when `a == b`.
fn secant(scale: f64, a: f64, b: f64) -> f64 {
    if a == b {
        let p = sigmoid(scale, a);
        scale * p * (1.0 - p)
    } else {
        (sigmoid(scale, a) - sigmoid(scale, b)) / (a - b)
    }
}

impl<'a> EnsembleExplainer<'a> {
    /// Prepares `ensemble`. `background` (rows in the ensemble's feature order) is required for
    /// [`ShapMethod::Interventional`] when the ensemble has a sigmoid component, ignored otherwise.
    pub fn new(
        ensemble: &'a Ensemble,
        method: ShapMethod,
        background: Option<&FeatureMatrix>,
        algorithm: TreeShapAlgorithm,
    ) -> Result<Self, ExplainError> {
        let n_features = ensemble.n_features();
        let total: f64 = ensemble.components().iter().map(|c| c.weight()).sum();
        if !(total.is_finite() && total > 0.0) {
            return Err(ExplainError::NoWeight);
        }
        let components = (ensemble.components().iter().enumerate())
            .map(|(i, c)| ComponentExplainer::new(c, i, n_features, algorithm))
            .collect::<Result<Vec<_>, _>>()?;
        let weights = ensemble.components().iter().map(|c| c.weight() / total).collect();
        let mut workspace = Workspace::default();
        let mut backgrounds = Vec::new();
        let mut max_depth = 0;
        for explainer in &components {
            max_depth = max_depth.max(explainer.max_depth());
            let sigmoid = matches!(explainer.component().output(), Output::Sigmoid { .. });
            if method != ShapMethod::Interventional || !sigmoid {
                backgrounds.push(None);
                continue;
            }
            let data = background.filter(|b| b.n_rows() > 0).ok_or(ExplainError::EmptyBackground)?;
            if data.n_features() != n_features {
                return Err(ExplainError::FeatureCount { expected: n_features, got: data.n_features() });
            }
            backgrounds.push(Some(Background::new(explainer, data, &mut workspace)));
        }
        let mut explainer = EnsembleExplainer {
            components,
            weights,
            backgrounds,
            pair_weights: Weights::new(max_depth + 1),
            method,
            n_features,
            base_value: 0.0,
        };
        explainer.base_value =
            (0..explainer.components.len()).map(|i| explainer.weights[i] * explainer.base_of(i)).sum();
        Ok(explainer)
    }

    /// The method used for sigmoid components.
    pub fn method(&self) -> ShapMethod {
        self.method
    }

    /// The ensemble's base value in probability space (the bias of every row).
    pub fn base_value(&self) -> f64 {
        self.base_value
    }

    /// Number of features (values per row are one more: the bias).
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Probability-space base value of component `i`.
    fn base_of(&self, i: usize) -> f64 {
        let explainer = &self.components[i];
        match (explainer.component().output(), &self.backgrounds[i]) {
            (Output::Identity, _) => explainer.expected_value(),
            (Output::Sigmoid { .. }, Some(background)) => background.base_probability,
            (Output::Sigmoid { scale }, None) => sigmoid(scale, explainer.expected_value()),
        }
    }

    /// Writes the probability-space values of `row` into `out` (`n_features + 1`, bias last) and returns
    /// the ensemble probability they sum to.
    pub fn explain_row(
        &self,
        row: &[f64],
        workspace: &mut Workspace,
        out: &mut [f64],
    ) -> Result<f64, ExplainError> {
        if row.len() != self.n_features || out.len() != self.n_features + 1 {
            return Err(ExplainError::FeatureCount { expected: self.n_features, got: row.len() });
        }
        out.fill(0.0);
        let mut part = vec![0.0; self.n_features + 1];
        let mut probability = 0.0;
        for (i, explainer) in self.components.iter().enumerate() {
            let p = self.component_values(i, explainer, row, workspace, &mut part)?;
            probability += self.weights[i] * p;
            for (o, v) in out.iter_mut().zip(&part) {
                *o += self.weights[i] * v;
            }
        }
        Ok(probability)
    }

    /// Probability-space values of component `i` into `part`; returns its probability.
    fn component_values(
        &self,
        i: usize,
        explainer: &ComponentExplainer<'_>,
        row: &[f64],
        workspace: &mut Workspace,
        part: &mut [f64],
    ) -> Result<f64, ExplainError> {
        let scale = match explainer.component().output() {
            Output::Identity => {
                explainer.explain_row(row, workspace, part)?;
                return Ok(part.iter().sum());
            }
            Output::Sigmoid { scale } => scale,
        };
        if let Some(background) = &self.backgrounds[i] {
            return Ok(background.explain(explainer, scale, row, &self.pair_weights, workspace, part));
        }
        explainer.explain_row(row, workspace, part)?;
        let margin = explainer.raw_score(row, workspace);
        let base = explainer.expected_value();
        let factor = secant(scale, margin, base);
        let n = self.n_features;
        part[..n].iter_mut().for_each(|v| *v *= factor);
        part[n] = sigmoid(scale, base);
        Ok(sigmoid(scale, margin))
    }

    /// Explains `rows` of `matrix` (a chunk: the front ends call this repeatedly to report progress).
    pub fn explain_rows(
        &self,
        matrix: &FeatureMatrix,
        rows: Range<usize>,
    ) -> Result<EnsembleShap, ExplainError> {
        if matrix.n_features() != self.n_features {
            return Err(ExplainError::FeatureCount { expected: self.n_features, got: matrix.n_features() });
        }
        if rows.start > rows.end || rows.end > matrix.n_rows() {
            return Err(ExplainError::RowRange { start: rows.start, end: rows.end, n_rows: matrix.n_rows() });
        }
        let width = self.n_features + 1;
        let mut values = vec![0.0; rows.len() * width];
        let mut probability = Vec::with_capacity(rows.len());
        let mut workspace = Workspace::default();
        for (out, r) in values.chunks_exact_mut(width).zip(rows.clone()) {
            probability.push(self.explain_row(matrix.row(r), &mut workspace, out)?);
        }
        Ok(EnsembleShap { first_row: rows.start, width, values, probability, method: self.method })
    }
}

impl Background {
    fn new(explainer: &ComponentExplainer<'_>, data: &FeatureMatrix, workspace: &mut Workspace) -> Self {
        let scale = match explainer.component().output() {
            Output::Sigmoid { scale } => scale,
            Output::Identity => 1.0,
        };
        let mut rows = Vec::with_capacity(data.n_rows() * data.n_features());
        let mut margins = Vec::with_capacity(data.n_rows());
        for r in 0..data.n_rows() {
            rows.extend_from_slice(explainer.cast(data.row(r), workspace));
            margins.push(explainer.raw_score(data.row(r), workspace));
        }
        let base_probability = margins.iter().map(|&m| sigmoid(scale, m)).sum::<f64>() / margins.len() as f64;
        Background { rows, margins, base_probability }
    }

    /// Interventional probability-space values of `row` into `part`; returns the probability.
    fn explain(
        &self,
        explainer: &ComponentExplainer<'_>,
        scale: f64,
        row: &[f64],
        weights: &Weights,
        workspace: &mut Workspace,
        part: &mut [f64],
    ) -> f64 {
        let n = row.len();
        let margin = explainer.raw_score(row, workspace);
        let x = explainer.cast(row, workspace).to_vec();
        part.fill(0.0);
        let mut pair = vec![0.0; n];
        let mut scratch = PairScratch::default();
        for (b, &m_b) in self.margins.iter().enumerate() {
            let r = &self.rows[b * n..(b + 1) * n];
            pair.fill(0.0);
            for p in explainer.prepared() {
                interventional::add_pair(p, &x, r, explainer.scale(), weights, &mut scratch, &mut pair);
            }
            let factor = secant(scale, margin, m_b);
            for (o, v) in part.iter_mut().zip(&pair) {
                *o += v * factor;
            }
        }
        let count = self.margins.len() as f64;
        part[..n].iter_mut().for_each(|v| *v /= count);
        part[n] = self.base_probability;
        sigmoid(scale, margin)
    }
}

/// Options of [`explain_rows`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ShapOptions<'b> {
    /// How sigmoid components are moved to probability space.
    pub method: ShapMethod,
    /// Background rows for [`ShapMethod::Interventional`].
    pub background: Option<&'b FeatureMatrix>,
    /// Algorithm for path-dependent TreeSHAP (the values do not depend on it).
    pub algorithm: TreeShapAlgorithm,
}

/// Prepares `ensemble` and explains `rows` of `matrix` in one call. To explain many chunks, build one
/// [`EnsembleExplainer`] and call [`EnsembleExplainer::explain_rows`] per chunk instead.
pub fn explain_rows(
    ensemble: &Ensemble,
    matrix: &FeatureMatrix,
    rows: Range<usize>,
    options: &ShapOptions<'_>,
) -> Result<EnsembleShap, ExplainError> {
    EnsembleExplainer::new(ensemble, options.method, options.background, options.algorithm)?
        .explain_rows(matrix, rows)
}

//! Views of SHAP explanations: the summary beeswarm (with shap's binned jitter and value colours), mean
//! |SHAP| bars, and one packet's waterfall.

use serde::{Deserialize, Serialize};

use super::{more_features, ViewError};
use crate::charts::format_value;
use crate::drift::quantile_sorted;
use crate::explain::{EnsembleShap, ShapMethod};
use crate::features::FeatureMatrix;

/// Bins of the beeswarm's SHAP axis within which points are stacked (shap's `nbins`).
pub const BEESWARM_BINS: usize = 100;
/// Half the height a feature's swarm may take, in rows (shap's `row_height` 0.4 × 0.9).
pub const SWARM_HALF_HEIGHT: f64 = 0.36;

/// The SHAP method in a few words, for a chart's caption.
pub fn method_name(method: ShapMethod) -> &'static str {
    match method {
        ShapMethod::Rescaled => "path-dependent TreeSHAP, boosted part rescaled to probability",
        ShapMethod::Interventional => "interventional TreeSHAP against a background sample",
    }
}

/// Checks that `shap` explains rows of `matrix` with one value per feature plus the bias.
fn check(shap: &EnsembleShap, matrix: &FeatureMatrix) -> Result<(), ViewError> {
    if shap.width != matrix.n_features() + 1 {
        return Err(ViewError::WidthMismatch { width: shap.width, features: matrix.n_features() });
    }
    let end = shap.first_row + shap.n_rows();
    if end > matrix.n_rows() {
        return Err(ViewError::RowsOutOfRange { first: shap.first_row, end, rows: matrix.n_rows() });
    }
    Ok(())
}

/// Mean |SHAP| per feature; feature indices sorted by it (largest first, ties by index).
fn ranked_features(shap: &EnsembleShap, n_features: usize) -> (Vec<f64>, Vec<usize>) {
    let rows = shap.n_rows().max(1) as f64;
    let mut mean_abs = vec![0.0; n_features];
    for k in 0..shap.n_rows() {
        for (m, v) in mean_abs.iter_mut().zip(shap.row(k)) {
            if v.is_finite() {
                *m += v.abs() / rows;
            }
        }
    }
    let mut order: Vec<usize> = (0..n_features).collect();
    crate::sorting::sort_by(&mut order, &|&a, &b| mean_abs[b].total_cmp(&mean_abs[a]).then(a.cmp(&b)));
    (mean_abs, order)
}

/// One point of the beeswarm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BeePoint {
    /// The SHAP value (x).
    pub shap: f64,
    /// Vertical offset from the feature's row centre, in rows (within ±[`SWARM_HALF_HEIGHT`]).
    pub offset: f64,
    /// The feature value scaled to [0, 1] between its 5th and 95th percentile (colour); `None` = missing.
    pub colour: Option<f64>,
}

/// One feature's swarm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeeswarmFeature {
    /// Feature name.
    pub feature: String,
    /// Mean |SHAP| (the sort key).
    pub mean_abs: f64,
    /// One point per explained packet.
    pub points: Vec<BeePoint>,
}

/// The SHAP summary beeswarm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeeswarmView {
    /// Chart title.
    pub title: String,
    /// The SHAP method, in words.
    pub method: String,
    /// Packets explained.
    pub rows_explained: usize,
    /// Features, largest mean |SHAP| first.
    pub features: Vec<BeeswarmFeature>,
    /// Features left out.
    pub hidden: usize,
    /// `… N more features`, or empty.
    pub more: String,
    /// Why nothing can be shown.
    pub empty_reason: Option<String>,
}

/// shap's beeswarm offsets: SHAP values binned into [`BEESWARM_BINS`] bins; within a bin, points (in
/// row order) alternate above and below the centre, one layer further out every two points; scaled so
/// the widest stack fits ±[`SWARM_HALF_HEIGHT`].
pub fn swarm_offsets(shap: &[f64]) -> Vec<f64> {
    let finite = shap.iter().copied().filter(|v| v.is_finite());
    let (low, high) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(v), h.max(v)));
    let span = (high - low).max(1e-12);
    let bin =
        |v: f64| if v.is_finite() { ((v - low) / span * BEESWARM_BINS as f64).round() as usize } else { 0 };
    let mut order: Vec<usize> = (0..shap.len()).collect();
    crate::sorting::sort_by(&mut order, &|&a, &b| (bin(shap[a]), a).cmp(&(bin(shap[b]), b)));
    let mut layers = vec![0.0; shap.len()];
    let (mut current, mut layer) = (usize::MAX, 0usize);
    for &i in &order {
        if bin(shap[i]) != current {
            (current, layer) = (bin(shap[i]), 0);
        }
        let out = layer.div_ceil(2) as f64;
        layers[i] = if layer.is_multiple_of(2) { -out } else { out };
        layer += 1;
    }
    let widest = layers.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let scale = SWARM_HALF_HEIGHT / (widest + 1.0);
    layers.iter().map(|l| l * scale).collect()
}

/// Feature values scaled to [0, 1] between their 5th and 95th percentile (shap's colour range; the
/// minimum and maximum when those are equal); NaN stays `None`.
pub fn colour_scale(values: &[f64]) -> Vec<Option<f64>> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return vec![None; values.len()];
    }
    sorted.sort_unstable_by(f64::total_cmp);
    let (mut low, mut high) = (quantile_sorted(&sorted, 0.05), quantile_sorted(&sorted, 0.95));
    if high <= low {
        (low, high) = (sorted[0], sorted[sorted.len() - 1]);
    }
    let span = high - low;
    values
        .iter()
        .map(|&v| match v {
            v if v.is_nan() => None,
            _ if span <= 0.0 => Some(0.5),
            v => Some(((v - low) / span).clamp(0.0, 1.0)),
        })
        .collect()
}

impl BeeswarmView {
    /// The beeswarm of the rows `shap` explains (rows `first_row..` of `matrix`), `top` features.
    pub fn new(shap: &EnsembleShap, matrix: &FeatureMatrix, top: usize) -> Result<Self, ViewError> {
        check(shap, matrix)?;
        let (mean_abs, order) = ranked_features(shap, matrix.n_features());
        let features: Vec<BeeswarmFeature> = order
            .iter()
            .take(top)
            .map(|&f| {
                let values: Vec<f64> = (0..shap.n_rows()).map(|k| shap.row(k)[f]).collect();
                let raw: Vec<f64> = (0..shap.n_rows()).map(|k| matrix.row(shap.first_row + k)[f]).collect();
                let points = values
                    .iter()
                    .zip(swarm_offsets(&values))
                    .zip(colour_scale(&raw))
                    .map(|((&shap, offset), colour)| BeePoint { shap, offset, colour })
                    .collect();
                BeeswarmFeature { feature: matrix.names()[f].clone(), mean_abs: mean_abs[f], points }
            })
            .collect();
        let hidden = matrix.n_features().saturating_sub(features.len());
        let empty_reason =
            (shap.n_rows() == 0 || features.is_empty()).then(|| "No packets explained yet.".to_string());
        Ok(BeeswarmView {
            title: format!("SHAP values of {} packets", shap.n_rows()),
            method: method_name(shap.method).to_string(),
            rows_explained: shap.n_rows(),
            features,
            hidden,
            more: more_features(hidden),
            empty_reason,
        })
    }
}

/// Mean |SHAP| per feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShapImportanceView {
    /// Chart title.
    pub title: String,
    /// The SHAP method, in words.
    pub method: String,
    /// Packets explained.
    pub rows_explained: usize,
    /// `(feature, mean |SHAP|)`, largest first.
    pub bars: Vec<(String, f64)>,
    /// Features left out.
    pub hidden: usize,
    /// `… N more features`, or empty.
    pub more: String,
    /// Why nothing can be shown.
    pub empty_reason: Option<String>,
}

impl ShapImportanceView {
    /// Mean |SHAP| of each feature over the rows `shap` explains; the `top` largest.
    pub fn new(shap: &EnsembleShap, names: &[String], top: usize) -> Result<Self, ViewError> {
        if shap.width != names.len() + 1 {
            return Err(ViewError::WidthMismatch { width: shap.width, features: names.len() });
        }
        let (mean_abs, order) = ranked_features(shap, names.len());
        let bars: Vec<(String, f64)> =
            order.iter().take(top).map(|&f| (names[f].clone(), mean_abs[f])).collect();
        let hidden = names.len().saturating_sub(bars.len());
        let empty_reason =
            (shap.n_rows() == 0 || bars.is_empty()).then(|| "No packets explained yet.".to_string());
        Ok(ShapImportanceView {
            title: format!("Mean |SHAP| over {} packets", shap.n_rows()),
            method: method_name(shap.method).to_string(),
            rows_explained: shap.n_rows(),
            bars,
            hidden,
            more: more_features(hidden),
            empty_reason,
        })
    }
}

/// One feature's step of a waterfall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaterfallStep {
    /// Feature name, or `N other features`.
    pub feature: String,
    /// The packet's value of it, formatted (empty for the folded rest).
    pub value: String,
    /// Its SHAP value: the change of probability it brings.
    pub contribution: f64,
}

/// One packet's SHAP waterfall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaterfallView {
    /// Chart title.
    pub title: String,
    /// The SHAP method, in words.
    pub method: String,
    /// Expected probability (the bias): where the waterfall starts.
    pub base_value: f64,
    /// The packet's probability: where it ends (base + all contributions).
    pub probability: f64,
    /// Largest |contribution| first; the last is the folded rest when features were left out.
    pub steps: Vec<WaterfallStep>,
}

impl WaterfallView {
    /// The waterfall of the `k`-th row `shap` explains (`packet` names it in the title), showing the
    /// `top` largest contributions and one step for the rest.
    pub fn new(
        shap: &EnsembleShap,
        k: usize,
        matrix: &FeatureMatrix,
        packet: &str,
        top: usize,
    ) -> Result<Self, ViewError> {
        check(shap, matrix)?;
        if k >= shap.n_rows() {
            let first = shap.first_row + k;
            return Err(ViewError::RowsOutOfRange {
                first,
                end: first + 1,
                rows: shap.first_row + shap.n_rows(),
            });
        }
        let values = shap.row(k);
        let n = matrix.n_features();
        let row = matrix.row(shap.first_row + k);
        let mut order: Vec<usize> = (0..n).collect();
        crate::sorting::sort_by(&mut order, &|&a, &b| {
            values[b].abs().total_cmp(&values[a].abs()).then(a.cmp(&b))
        });
        let mut steps: Vec<WaterfallStep> = order
            .iter()
            .take(top)
            .map(|&f| WaterfallStep {
                feature: matrix.names()[f].clone(),
                value: format_value(row[f]),
                contribution: values[f],
            })
            .collect();
        let rest = &order[steps.len()..];
        if !rest.is_empty() {
            let feature = if rest.len() == 1 {
                "1 other feature".to_string()
            } else {
                format!("{} other features", rest.len())
            };
            steps.push(WaterfallStep {
                feature,
                value: String::new(),
                contribution: rest.iter().map(|&f| values[f]).sum(),
            });
        }
        Ok(WaterfallView {
            title: format!("Why {packet} scored {:.3}", shap.probability[k]),
            method: method_name(shap.method).to_string(),
            base_value: values[n],
            probability: shap.probability[k],
            steps,
        })
    }
}

//! The correlation chart's view: each feature's Pearson correlation with the label, in the training data
//! and in this file, sorted by the larger magnitude.

use serde::{Deserialize, Serialize};

use super::more_features;
use crate::eval::FeatureCorrelation;

/// One feature's correlations (`None` = undefined: constant feature or label, too few rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrelationRow {
    /// Feature name.
    pub feature: String,
    /// Pearson's r in the training data.
    pub training: Option<f64>,
    /// Pearson's r in this file.
    pub file: Option<f64>,
}

impl CorrelationRow {
    /// The larger magnitude of the two (−1 when both are undefined, so those sort last).
    fn strength(&self) -> f64 {
        let magnitude = |v: Option<f64>| v.filter(|x| x.is_finite()).map_or(-1.0, f64::abs);
        magnitude(self.training).max(magnitude(self.file))
    }
}

/// Feature–label correlations, training vs this file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrelationView {
    /// Chart title.
    pub title: String,
    /// The strongest features first.
    pub rows: Vec<CorrelationRow>,
    /// Features left out (beyond the top N).
    pub hidden: usize,
    /// Whether the training column is present (a model card with correlations).
    pub has_training: bool,
    /// Whether this file's column is present (a labelled file).
    pub has_file: bool,
    /// Why nothing can be shown.
    pub empty_reason: Option<String>,
    /// `… N more features`, or empty.
    pub more: String,
    /// A remark shown above the bars (e.g. why the training column is left out), or empty.
    pub note: String,
}

impl CorrelationView {
    /// Joins the training and file correlations by feature name (training order first), sorts by the
    /// larger |r| (ties by name) and keeps the `top` strongest.
    pub fn new(
        training: Option<&[FeatureCorrelation]>,
        file: Option<&[FeatureCorrelation]>,
        top: usize,
    ) -> Self {
        let value = |c: &FeatureCorrelation| (c.defined && c.value.is_finite()).then_some(c.value);
        let mut rows: Vec<CorrelationRow> = Vec::new();
        for c in training.unwrap_or(&[]) {
            rows.push(CorrelationRow { feature: c.feature.clone(), training: value(c), file: None });
        }
        for c in file.unwrap_or(&[]) {
            match rows.iter_mut().find(|r| r.feature == c.feature) {
                Some(row) => row.file = value(c),
                None => {
                    rows.push(CorrelationRow { feature: c.feature.clone(), training: None, file: value(c) })
                }
            }
        }
        // A side whose every correlation is undefined (e.g. one class only) is left out, with a note.
        let mut note = String::new();
        let mut has_training = training.is_some();
        let mut has_file = file.is_some();
        if has_training && rows.iter().all(|r| r.training.is_none()) {
            has_training = false;
            note = "Training correlations are undefined (one class or constant columns), so only this file is shown.".into();
        }
        if has_file && rows.iter().all(|r| r.file.is_none()) {
            has_file = false;
            note = "This file's correlations are undefined (one class only, or constant columns).".into();
        }
        crate::sorting::sort_by(&mut rows, &|a, b| {
            b.strength().total_cmp(&a.strength()).then_with(|| a.feature.cmp(&b.feature))
        });
        let hidden = rows.len().saturating_sub(top);
        rows.truncate(top);
        let empty_reason = match (training, file) {
            (None, None) => {
                Some("No correlations: the model card has none and this file has no labels.".to_string())
            }
            _ if rows.is_empty() => Some("No features to correlate.".to_string()),
            _ if !has_training && !has_file => {
                Some("Every correlation is undefined: one class only, or constant columns.".to_string())
            }
            _ => None,
        };
        let title = if hidden > 0 {
            format!("Correlation with the label (top {top})")
        } else {
            "Correlation with the label".into()
        };
        CorrelationView {
            title,
            rows,
            hidden,
            has_training,
            has_file,
            empty_reason,
            more: more_features(hidden),
            note,
        }
    }
}

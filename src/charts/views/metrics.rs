//! The metrics summary's view: the model card's train / test / new-data metrics beside this file's.

use serde::{Deserialize, Serialize};

use crate::eval::{Confusion, Metrics};

/// The seven metrics of one data set; `None` = undefined (a zero denominator, one class only) or NaN.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricValues {
    /// `(tp + tn) / rows`.
    pub accuracy: Option<f64>,
    /// `tp / (tp + fp)`.
    pub precision: Option<f64>,
    /// `tp / (tp + fn)`.
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall.
    pub f1: Option<f64>,
    /// `tn / (tn + fp)`.
    pub specificity: Option<f64>,
    /// Area under the ROC curve.
    pub roc_auc: Option<f64>,
    /// Average precision.
    pub pr_auc: Option<f64>,
}

impl MetricValues {
    /// The names of the metrics, in the order of [`MetricValues::values`].
    pub const NAMES: [&'static str; 7] =
        ["Accuracy", "Precision", "Recall", "F1", "Specificity", "ROC AUC", "PR AUC"];

    /// The values of [`Metrics`], each undefined one (flagged in `undefined`, or NaN) as `None`.
    pub fn from_metrics(m: &Metrics) -> Self {
        let keep = |value: f64, undefined: bool| (!undefined && value.is_finite()).then_some(value);
        let u = m.undefined;
        MetricValues {
            accuracy: keep(m.accuracy, u.accuracy),
            precision: keep(m.precision, u.precision),
            recall: keep(m.recall, u.recall),
            f1: keep(m.f1, u.f1),
            specificity: keep(m.specificity, u.specificity),
            roc_auc: keep(m.roc_auc, u.roc_auc),
            pr_auc: keep(m.pr_auc, u.pr_auc),
        }
    }

    /// The values from a confusion matrix and the two ranking metrics (as a model card stores them,
    /// e.g. its per-split `tn fp fn tp roc_auc pr_auc`): the threshold metrics whose denominator is 0
    /// are `None`, whatever the card wrote for them.
    pub fn from_counts(confusion: Confusion, roc_auc: Option<f64>, pr_auc: Option<f64>) -> Self {
        let mut values = MetricValues::from_metrics(&Metrics::from_confusion(confusion, f64::NAN));
        values.roc_auc = roc_auc.filter(|v| v.is_finite());
        values.pr_auc = pr_auc.filter(|v| v.is_finite());
        values
    }

    /// The values in the order of [`MetricValues::NAMES`], NaN read as undefined.
    pub fn values(&self) -> [Option<f64>; 7] {
        [self.accuracy, self.precision, self.recall, self.f1, self.specificity, self.roc_auc, self.pr_auc]
            .map(|v| v.filter(|x| x.is_finite()))
    }
}

/// One column of the summary: a data set and its metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricColumn {
    /// The data set, e.g. "train", "test", "new data", "this file".
    pub source: String,
    /// Its metrics.
    pub values: MetricValues,
}

/// The metrics summary chart: one row per metric, one column per data set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricsSummaryView {
    /// Chart title.
    pub title: String,
    /// The data sets, model card's first, this file's last.
    pub columns: Vec<MetricColumn>,
    /// The threshold of this file's metrics.
    pub threshold: f64,
    /// A remark shown under the table, e.g. why this file has no column.
    pub note: String,
    /// Why nothing can be shown, when no column has any value.
    pub empty_reason: Option<String>,
}

impl MetricsSummaryView {
    /// The model card's columns (`card`, possibly empty) and this file's metrics at `threshold`, when the
    /// file is labelled (`None` otherwise: the note says so).
    pub fn new(card: Vec<MetricColumn>, file: Option<&Metrics>, threshold: f64) -> Self {
        let mut columns = card;
        let note = match file {
            Some(m) => {
                columns
                    .push(MetricColumn { source: "this file".into(), values: MetricValues::from_metrics(m) });
                "— = undefined (no positive rows, nothing flagged, or one class only)".to_string()
            }
            None => "This file has no labels, so only the model card's metrics are shown.".to_string(),
        };
        let any_value = columns.iter().any(|c| c.values.values().iter().any(Option::is_some));
        let empty_reason = (!any_value).then(|| {
            "No metrics to show: the model card has none and this file has no labels (a label column with \
             normal/malicious is needed to measure the model on it)."
                .to_string()
        });
        let title = match file {
            Some(_) => format!(
                "Model metrics (this file at threshold {})",
                crate::charts::format_threshold(threshold)
            ),
            None => "Model metrics (model card)".to_string(),
        };
        MetricsSummaryView { title, columns, threshold, note, empty_reason }
    }
}

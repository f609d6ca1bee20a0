//! The permutation importance view: each feature's drop in ROC AUC over the repeats, with its spread.

use serde::{Deserialize, Serialize};

use super::more_features;
use crate::explain::permutation::PermutationImportance;

/// One feature's importance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermutationRow {
    /// Feature name.
    pub feature: String,
    /// Mean drop of the metric.
    pub mean: f64,
    /// Standard deviation of the drops.
    pub std: f64,
    /// Each repeat's drop.
    pub drops: Vec<f64>,
}

/// Permutation importances, most important first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermutationView {
    /// Chart title.
    pub title: String,
    /// The metric on the unshuffled packets.
    pub baseline: f64,
    /// Shuffles per feature.
    pub repeats: usize,
    /// The `top` features by mean drop.
    pub rows: Vec<PermutationRow>,
    /// Features left out.
    pub hidden: usize,
    /// `… N more features`, or empty.
    pub more: String,
    /// Why nothing can be shown.
    pub empty_reason: Option<String>,
}

impl PermutationView {
    /// The `top` features of `importance` by mean drop (ties by name); `None` = not computed, with why.
    pub fn new(importance: Result<&PermutationImportance, String>, top: usize) -> Self {
        let importance = match importance {
            Ok(i) => i,
            Err(reason) => {
                return PermutationView {
                    title: "Permutation importance".into(),
                    baseline: 0.0,
                    repeats: 0,
                    rows: vec![],
                    hidden: 0,
                    more: String::new(),
                    empty_reason: Some(reason),
                }
            }
        };
        let mut rows: Vec<PermutationRow> = importance
            .features
            .iter()
            .map(|f| PermutationRow {
                feature: f.feature.clone(),
                mean: f.mean,
                std: f.std,
                drops: f.drops.clone(),
            })
            .collect();
        // A NaN mean (a metric that failed) sorts last rather than first.
        let key = |r: &PermutationRow| if r.mean.is_nan() { f64::NEG_INFINITY } else { r.mean };
        crate::sorting::sort_by(&mut rows, &|a, b| {
            key(b).total_cmp(&key(a)).then_with(|| a.feature.cmp(&b.feature))
        });
        let hidden = rows.len().saturating_sub(top);
        rows.truncate(top);
        let repeats = rows.first().map_or(0, |r| r.drops.len());
        let empty_reason = rows.is_empty().then(|| "No features were permuted.".to_string());
        PermutationView {
            title: format!("Permutation importance (ROC AUC {:.4} unshuffled)", importance.baseline),
            baseline: importance.baseline,
            repeats,
            rows,
            hidden,
            more: more_features(hidden),
            empty_reason,
        }
    }
}

//! Views of distribution shift: one feature's training and file distributions overlaid with PSI, KS,
//! Jensen–Shannon and the verdict, and all features ranked by PSI.

use serde::{Deserialize, Serialize};

use super::more_features;
use crate::charts::format_value;
use crate::drift::{BinLabel, FeatureDrift, Verdict};

/// One bin of the overlay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftBin {
    /// What the bin holds: `< 3`, `3 – 7.5`, `≥ 40`, `443`, `other`, `missing`.
    pub label: String,
    /// Share of training rows.
    pub training: f64,
    /// Share of this file's rows.
    pub file: f64,
}

/// One feature's distribution shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureDriftView {
    /// Chart title.
    pub title: String,
    /// Feature name.
    pub feature: String,
    /// Whether the bins are categories (bars) rather than quantile ranges (a histogram).
    pub categorical: bool,
    /// The bins in value order (the "other" and "missing" bins only when a side has rows there).
    pub bins: Vec<DriftBin>,
    /// Population stability index.
    pub psi: f64,
    /// Jensen–Shannon distance (base 2).
    pub jensen_shannon: f64,
    /// Binned Kolmogorov–Smirnov statistic; `None` when a side has only missing values.
    pub ks: Option<f64>,
    /// The PSI's verdict.
    pub verdict: Verdict,
    /// Training rows.
    pub training_rows: u64,
    /// This file's rows.
    pub file_rows: u64,
}

/// The words of a verdict, with Evidently's thresholds.
pub fn verdict_text(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::None => "no drift (PSI < 0.1)",
        Verdict::Moderate => "moderate drift (0.1 ≤ PSI < 0.25)",
        Verdict::Strong => "strong drift (PSI ≥ 0.25)",
    }
}

fn bin_text(label: &BinLabel) -> String {
    match *label {
        BinLabel::Range { low: None, high: Some(h) } => format!("< {}", format_value(h)),
        BinLabel::Range { low: Some(l), high: None } => format!("≥ {}", format_value(l)),
        BinLabel::Range { low: Some(l), high: Some(h) } => {
            format!("{} – {}", format_value(l), format_value(h))
        }
        BinLabel::Range { low: None, high: None } => "all values".to_string(),
        BinLabel::Category { value } => format_value(value),
        BinLabel::Other => "other".to_string(),
        BinLabel::Missing => "missing".to_string(),
    }
}

impl FeatureDriftView {
    /// The overlay of `drift` (from [`crate::drift::feature_drift`] or [`crate::drift::drift_report`]).
    pub fn new(drift: &FeatureDrift) -> Self {
        let categorical = drift.bins.iter().any(|b| matches!(b, BinLabel::Category { .. }));
        let bins = drift
            .bins
            .iter()
            .zip(drift.training_share.iter().zip(&drift.file_share))
            .filter(|(label, (&t, &f))| {
                !matches!(label, BinLabel::Other | BinLabel::Missing) || t > 0.0 || f > 0.0
            })
            .map(|(label, (&training, &file))| DriftBin { label: bin_text(label), training, file })
            .collect();
        FeatureDriftView {
            title: format!("Distribution of {}: training vs this file", drift.feature),
            feature: drift.feature.clone(),
            categorical,
            bins,
            psi: drift.psi,
            jensen_shannon: drift.jensen_shannon,
            ks: drift.ks_statistic,
            verdict: drift.verdict,
            training_rows: drift.training_rows,
            file_rows: drift.file_rows,
        }
    }
}

/// One feature of the drift ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftRow {
    /// Feature name.
    pub feature: String,
    /// Population stability index.
    pub psi: f64,
    /// Jensen–Shannon distance.
    pub jensen_shannon: f64,
    /// Binned KS statistic.
    pub ks: Option<f64>,
    /// The PSI's verdict.
    pub verdict: Verdict,
}

/// All features ranked by drift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftRankingView {
    /// Chart title.
    pub title: String,
    /// Most drifted first.
    pub rows: Vec<DriftRow>,
    /// Features left out (beyond the top N).
    pub hidden: usize,
    /// `… N more features`, or empty.
    pub more: String,
    /// Features per verdict over all features: none, moderate, strong.
    pub verdict_counts: [usize; 3],
    /// Why nothing can be shown.
    pub empty_reason: Option<String>,
}

impl DriftRankingView {
    /// Ranks `drifts` by PSI, then Jensen–Shannon, then name, and keeps the `top` most drifted.
    pub fn new(drifts: &[FeatureDrift], top: usize) -> Self {
        let mut rows: Vec<DriftRow> = drifts
            .iter()
            .map(|d| DriftRow {
                feature: d.feature.clone(),
                psi: d.psi,
                jensen_shannon: d.jensen_shannon,
                ks: d.ks_statistic,
                verdict: d.verdict,
            })
            .collect();
        crate::sorting::sort_by(&mut rows, &|a, b| {
            b.psi
                .total_cmp(&a.psi)
                .then(b.jensen_shannon.total_cmp(&a.jensen_shannon))
                .then_with(|| a.feature.cmp(&b.feature))
        });
        let mut verdict_counts = [0; 3];
        for row in &rows {
            verdict_counts[row.verdict as usize] += 1;
        }
        let hidden = rows.len().saturating_sub(top);
        rows.truncate(top);
        let empty_reason = rows.is_empty().then(|| {
            "No drift to show: the model has no training profile, or the file has no rows.".to_string()
        });
        let title = if hidden > 0 {
            format!("Features ranked by drift (top {top})")
        } else {
            "Features ranked by drift".into()
        };
        DriftRankingView { title, rows, hidden, more: more_features(hidden), verdict_counts, empty_reason }
    }
}

//! The drift of a file against the training profile, per feature and ranked.
//!
//! Input: a [`TrainingProfile`] (from the training matrix, stored in the model card) and a new file's
//! [`FeatureMatrix`]. Output: per feature the overlay histogram (training and file shares on the same
//! bins), PSI with its [`Verdict`], Jensen–Shannon distance, binned KS; features ranked by PSI.
//! Rejects: a profiled feature absent from the file, an empty file or training set ([`DriftError`]).

use serde::{Deserialize, Serialize};

use super::{jensen_shannon, ks_binned, psi, Binning, DriftError, FeatureProfile, Verdict};
use crate::features::FeatureMatrix;

/// How a training profile bins the features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileOptions {
    /// Quantile bins for numeric features (default 20).
    pub bins: usize,
    /// A feature with at most this many distinct training values is categorical; categorical features
    /// keep this many most frequent values (default 20).
    pub max_categories: usize,
    /// Features always binned as categories (encoded columns such as `Protocol_Encoded`).
    pub categorical: Vec<String>,
}

impl Default for ProfileOptions {
    fn default() -> Self {
        ProfileOptions { bins: 20, max_categories: 20, categorical: Vec::new() }
    }
}

/// Every feature's training distribution, in the matrix's column order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingProfile {
    /// One profile per feature.
    pub features: Vec<FeatureProfile>,
}

impl TrainingProfile {
    /// Profiles every column of the training matrix (O(rows · features · log rows)).
    pub fn from_matrix(matrix: &FeatureMatrix, options: &ProfileOptions) -> Result<Self, DriftError> {
        if matrix.n_rows() == 0 {
            return Err(DriftError::EmptySample { side: "training" });
        }
        let profile_column = |(index, name): (usize, &String)| {
            let column = matrix.column(index).to_vec();
            if options.categorical.iter().any(|c| c == name) {
                FeatureProfile::categorical(name, &column, options.max_categories)
            } else {
                FeatureProfile::auto(name, &column, options.bins, options.max_categories)
            }
        };
        let features = matrix.names().iter().enumerate().map(profile_column).collect::<Result<_, _>>()?;
        Ok(TrainingProfile { features })
    }

    /// The profile of one feature.
    pub fn feature(&self, name: &str) -> Option<&FeatureProfile> {
        self.features.iter().find(|profile| profile.feature == name)
    }
}

/// What one bin of a histogram holds, for axis labels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BinLabel {
    /// `low ≤ x < high`; `None` = unbounded.
    Range {
        /// Inclusive lower edge.
        low: Option<f64>,
        /// Exclusive upper edge.
        high: Option<f64>,
    },
    /// Exactly this value.
    Category {
        /// The value.
        value: f64,
    },
    /// Any value not among the categories.
    Other,
    /// NaN (missing).
    Missing,
}

/// The labels of a profile's bins, in bin order.
pub fn bin_labels(profile: &FeatureProfile) -> Vec<BinLabel> {
    let mut labels: Vec<BinLabel> = match &profile.binning {
        Binning::Quantile { cuts } => {
            let edges: Vec<Option<f64>> = std::iter::once(None)
                .chain(cuts.iter().map(|&c| Some(c)))
                .chain(std::iter::once(None))
                .collect();
            edges.windows(2).map(|pair| BinLabel::Range { low: pair[0], high: pair[1] }).collect()
        }
        Binning::Categories { values } => {
            let categories = values.iter().map(|&value| BinLabel::Category { value });
            categories.chain(std::iter::once(BinLabel::Other)).collect()
        }
    };
    labels.push(BinLabel::Missing);
    labels
}

/// One feature's drift, with its overlay histogram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureDrift {
    /// Feature name.
    pub feature: String,
    /// The bins, in order (the missing bin last).
    pub bins: Vec<BinLabel>,
    /// Share of training rows per bin (sums to 1).
    pub training_share: Vec<f64>,
    /// Share of the file's rows per bin (sums to 1).
    pub file_share: Vec<f64>,
    /// Population stability index ([`psi`]).
    pub psi: f64,
    /// The PSI's verdict.
    pub verdict: Verdict,
    /// Jensen–Shannon distance, base 2 ([`jensen_shannon`]).
    pub jensen_shannon: f64,
    /// KS statistic of the binned ECDFs of non-missing values ([`ks_binned`]); `None` when one side has
    /// no non-missing values.
    pub ks_statistic: Option<f64>,
    /// True when `ks_statistic` equals the exact two-sample statistic (categories, no "other" values);
    /// otherwise it is a lower bound.
    pub ks_exact: bool,
    /// Training rows.
    pub training_rows: u64,
    /// The file's rows.
    pub file_rows: u64,
}

fn shares(counts: &[u64]) -> Vec<f64> {
    let rows = counts.iter().sum::<u64>() as f64;
    counts.iter().map(|&count| count as f64 / rows).collect()
}

/// The drift of `values` (a file's column) against the feature's training profile.
pub fn feature_drift(profile: &FeatureProfile, values: &[f64]) -> Result<FeatureDrift, DriftError> {
    let current = profile.bin_counts(values);
    let reference = &profile.counts;
    let psi_value = psi(reference, &current)?;
    let ordered_bins =
        profile.bins() - 1 - usize::from(matches!(profile.binning, Binning::Categories { .. }));
    let ks_statistic = ks_binned(reference, &current, ordered_bins).ok();
    let ks_exact = match profile.binning {
        Binning::Categories { .. } => reference[ordered_bins] == 0 && current[ordered_bins] == 0,
        Binning::Quantile { .. } => false,
    };
    Ok(FeatureDrift {
        feature: profile.feature.clone(),
        bins: bin_labels(profile),
        training_share: shares(reference),
        file_share: shares(&current),
        psi: psi_value,
        verdict: Verdict::from_psi(psi_value),
        jensen_shannon: jensen_shannon(reference, &current)?,
        ks_statistic,
        ks_exact: ks_exact && ks_statistic.is_some(),
        training_rows: profile.rows(),
        file_rows: current.iter().sum(),
    })
}

/// Every profiled feature's drift, most drifted first: by PSI, then Jensen–Shannon, then name.
pub fn drift_report(
    profile: &TrainingProfile,
    file: &FeatureMatrix,
) -> Result<Vec<FeatureDrift>, DriftError> {
    drift_report_by_column(profile, file.n_rows(), &|name| file.column_by_name(name).map(|c| c.to_vec()))
}

/// [`drift_report`] over a file's features given column by column: `column(name)` is that feature's
/// values over the file's `n_rows` rows (None: the file has no such feature). Only one column is held
/// at a time, so the file's features can live in any store.
pub fn drift_report_by_column(
    profile: &TrainingProfile,
    n_rows: usize,
    column: &dyn Fn(&str) -> Option<Vec<f64>>,
) -> Result<Vec<FeatureDrift>, DriftError> {
    if n_rows == 0 {
        return Err(DriftError::EmptySample { side: "file" });
    }
    let mut drifts = Vec::with_capacity(profile.features.len());
    for feature in &profile.features {
        let values = column(&feature.feature)
            .ok_or_else(|| DriftError::MissingFeature { feature: feature.feature.clone() })?;
        drifts.push(feature_drift(feature, &values)?);
    }
    crate::sorting::sort_by(&mut drifts, &|a, b| {
        b.psi
            .total_cmp(&a.psi)
            .then(b.jensen_shannon.total_cmp(&a.jensen_shannon))
            .then(a.feature.cmp(&b.feature))
    });
    Ok(drifts)
}

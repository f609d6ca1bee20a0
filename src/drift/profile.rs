//! The training profile: per feature, bins learned from the training data and the training counts in them.
//!
//! Input: a training column (NaN = missing). Output: a [`FeatureProfile`] — quantile cut points (numeric)
//! or the most frequent values (categorical/encoded), the training counts per bin — small and serde, to
//! be stored in the model card; and [`FeatureProfile::bin_counts`] for a new file's column on the same
//! bins. Rejects: infinite training values, fewer than 2 bins, zero categories ([`DriftError`]).

use serde::{Deserialize, Serialize};

use super::DriftError;

/// How a feature's values are binned. Every binning ends with one bin for missing (NaN) values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Binning {
    /// Bins `x < c₀`, `c₀ ≤ x < c₁`, …, `x ≥ c_last` over strictly increasing cut points `c` (NumPy's
    /// `searchsorted(cuts, x, side="right")`), then missing. The outer bins catch values outside the
    /// training range.
    Quantile {
        /// Distinct training quantiles at `i / bins`, `i = 1..bins` (NumPy's default "linear" method).
        cuts: Vec<f64>,
    },
    /// One bin per listed value (ascending), then one for every other value, then missing.
    Categories {
        /// The training's most frequent values, ascending.
        values: Vec<f64>,
    },
}

/// One feature's training distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureProfile {
    /// Feature name.
    pub feature: String,
    /// The bins.
    pub binning: Binning,
    /// Training rows per bin ([`FeatureProfile::bins`] of them, the missing bin last).
    pub counts: Vec<u64>,
}

/// Linear interpolation as NumPy's `_lerp` (the form chosen by `t`, so quantiles match bit for bit).
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// NumPy's `quantile(sorted, q)` with the default "linear" method; `sorted` is non-empty and ascending.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let position = (sorted.len() - 1) as f64 * q;
    let below = (position.floor() as usize).min(sorted.len() - 1);
    let above = (below + 1).min(sorted.len() - 1);
    lerp(sorted[below], sorted[above], position - below as f64)
}

/// The finite values of a training column, ascending; rejects infinities.
fn sorted_finite(feature: &str, values: &[f64]) -> Result<Vec<f64>, DriftError> {
    if let Some(row) = values.iter().position(|v| v.is_infinite()) {
        return Err(DriftError::Infinite { feature: feature.to_owned(), row });
    }
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    Ok(sorted)
}

impl FeatureProfile {
    /// Quantile bins: the distinct quantiles at `i / bins` (`i = 1..bins`) as cut points (O(n log n)).
    pub fn quantile(feature: &str, values: &[f64], bins: usize) -> Result<Self, DriftError> {
        if bins < 2 {
            return Err(DriftError::TooFewBins { bins });
        }
        let sorted = sorted_finite(feature, values)?;
        let mut cuts: Vec<f64> = Vec::with_capacity(bins - 1);
        if !sorted.is_empty() {
            for i in 1..bins {
                let cut = quantile_sorted(&sorted, i as f64 / bins as f64);
                if cuts.last().is_none_or(|&last| cut > last) {
                    cuts.push(cut);
                }
            }
        }
        Self::with_counts(feature, Binning::Quantile { cuts }, values)
    }

    /// Category bins: the `max_categories` most frequent values (ties: the smaller value), ascending.
    pub fn categorical(feature: &str, values: &[f64], max_categories: usize) -> Result<Self, DriftError> {
        if max_categories == 0 {
            return Err(DriftError::TooFewBins { bins: 0 });
        }
        let frequencies = value_frequencies(&sorted_finite(feature, values)?);
        let mut by_count = frequencies;
        crate::sorting::sort_by(&mut by_count, &|a, b| b.1.cmp(&a.1).then(a.0.total_cmp(&b.0)));
        let mut kept: Vec<f64> = by_count.iter().take(max_categories).map(|&(value, _)| value).collect();
        kept.sort_unstable_by(f64::total_cmp);
        Self::with_counts(feature, Binning::Categories { values: kept }, values)
    }

    /// Categorical when the training column has at most `max_categories` distinct values (Evidently
    /// treats ≤ 20 distinct values as categorical), else quantile bins.
    pub fn auto(
        feature: &str,
        values: &[f64],
        bins: usize,
        max_categories: usize,
    ) -> Result<Self, DriftError> {
        let distinct = value_frequencies(&sorted_finite(feature, values)?).len();
        if distinct <= max_categories {
            Self::categorical(feature, values, max_categories)
        } else {
            Self::quantile(feature, values, bins)
        }
    }

    fn with_counts(feature: &str, binning: Binning, values: &[f64]) -> Result<Self, DriftError> {
        let mut profile = FeatureProfile { feature: feature.to_owned(), binning, counts: Vec::new() };
        profile.counts = profile.bin_counts(values);
        Ok(profile)
    }

    /// Number of bins, the missing bin included.
    pub fn bins(&self) -> usize {
        match &self.binning {
            Binning::Quantile { cuts } => cuts.len() + 2,
            Binning::Categories { values } => values.len() + 2,
        }
    }

    /// The bin of one value (NaN → the missing bin, the last).
    pub fn bin_of(&self, value: f64) -> usize {
        if value.is_nan() {
            return self.bins() - 1;
        }
        match &self.binning {
            Binning::Quantile { cuts } => cuts.partition_point(|&cut| cut <= value),
            Binning::Categories { values } => {
                let value = if value == 0.0 { 0.0 } else { value };
                values.binary_search_by(|v| v.total_cmp(&value)).unwrap_or(values.len())
            }
        }
    }

    /// Rows per bin of any column on these bins (O(n log bins)); infinities go to the outer/other bin.
    pub fn bin_counts(&self, values: &[f64]) -> Vec<u64> {
        let mut counts = vec![0u64; self.bins()];
        for &value in values {
            counts[self.bin_of(value)] += 1;
        }
        counts
    }

    /// Training rows, missing included.
    pub fn rows(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// `(value, count)` of each distinct value of an ascending slice (`-0.0` and `0.0` are one value).
fn value_frequencies(sorted: &[f64]) -> Vec<(f64, u64)> {
    let mut frequencies: Vec<(f64, u64)> = Vec::new();
    for &value in sorted {
        match frequencies.last_mut() {
            Some((last, count)) if *last == value => *count += 1,
            _ => frequencies.push((if value == 0.0 { 0.0 } else { value }, 1)),
        }
    }
    frequencies
}

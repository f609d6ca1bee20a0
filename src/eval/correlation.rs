//! Pearson correlation of each feature with the label (the seed's correlation chart).
//!
//! Input: feature columns (NaN = missing) and binary labels. Output: one [`FeatureCorrelation`] per
//! feature, with pandas' `DataFrame.corr()` semantics: rows where the feature is NaN are left out
//! (pairwise complete), and a constant column, an infinite value or fewer than 2 rows gives an
//! undefined flag (pandas: NaN). Rejects: a label count different from the row count.

use ndarray::ArrayView1;
use serde::{Deserialize, Serialize};

use super::EvalError;
use crate::features::FeatureMatrix;

/// The correlation of one feature with the label (`true` = 1, `false` = 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureCorrelation {
    /// Feature name.
    pub feature: String,
    /// Pearson's r in [-1, 1]; 0 when `defined` is false.
    pub value: f64,
    /// False when pandas would give NaN (constant feature or label, infinite value, < 2 complete rows).
    pub defined: bool,
    /// Rows where the feature is not NaN.
    pub rows_used: usize,
}

/// Pearson's r between `values` (NaN rows skipped) and `labels`: two passes (means, then centred sums
/// `Σ dx·dy / sqrt(Σ dx² · Σ dy²)`), more accurate than pandas' one-pass Welford update on columns with
/// a large offset (pandas then differs by up to ~1e-9). Returns `(r, rows used)`; `r = None` when pandas
/// gives NaN: fewer than 2 rows, a constant feature or label among those rows, or an infinite value.
pub fn pearson(values: ArrayView1<'_, f64>, labels: &[bool]) -> (Option<f64>, usize) {
    let pairs = || {
        values.iter().zip(labels).filter(|(x, _)| !x.is_nan()).map(|(&x, &l)| (x, if l { 1.0 } else { 0.0 }))
    };
    let Some((first_x, first_y)) = pairs().next() else { return (None, 0) };
    let (mut rows, mut sum_x, mut sum_y) = (0usize, 0.0f64, 0.0f64);
    let (mut varies_x, mut varies_y) = (false, false);
    for (x, y) in pairs() {
        rows += 1;
        sum_x += x;
        sum_y += y;
        varies_x |= x != first_x;
        varies_y |= y != first_y;
    }
    if rows < 2 || !varies_x || !varies_y || !sum_x.is_finite() {
        return (None, rows);
    }
    let (mean_x, mean_y) = (sum_x / rows as f64, sum_y / rows as f64);
    let (mut ss_x, mut ss_y, mut cov) = (0.0f64, 0.0f64, 0.0f64);
    for (x, y) in pairs() {
        let (dx, dy) = (x - mean_x, y - mean_y);
        ss_x += dx * dx;
        ss_y += dy * dy;
        cov += dx * dy;
    }
    let divisor = (ss_x * ss_y).sqrt();
    if divisor == 0.0 || !divisor.is_finite() {
        return (None, rows);
    }
    (Some((cov / divisor).clamp(-1.0, 1.0)), rows)
}

/// [`pearson`] for every column of `matrix`, in column order.
pub fn label_correlations(
    matrix: &FeatureMatrix,
    labels: &[bool],
) -> Result<Vec<FeatureCorrelation>, EvalError> {
    label_correlations_by_column(matrix.names(), matrix.n_rows(), labels, &|index| {
        matrix.column(index).to_vec()
    })
}

/// [`label_correlations`] over features given column by column: `column(index)` is the values of
/// `names[index]` over the `n_rows` rows (one column is held at a time).
pub fn label_correlations_by_column(
    names: &[String],
    n_rows: usize,
    labels: &[bool],
    column: &dyn Fn(usize) -> Vec<f64>,
) -> Result<Vec<FeatureCorrelation>, EvalError> {
    if n_rows != labels.len() {
        return Err(EvalError::LengthMismatch { labels: labels.len(), scores: n_rows });
    }
    let correlations = names.iter().enumerate().map(|(index, name)| {
        let values = column(index);
        let (value, rows_used) = pearson(ArrayView1::from(&values[..]), labels);
        FeatureCorrelation {
            feature: name.clone(),
            value: value.unwrap_or(0.0),
            defined: value.is_some(),
            rows_used,
        }
    });
    Ok(correlations.collect())
}

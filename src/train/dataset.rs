//! The training dataset: features binned once into a column-major `u8` matrix, with labels and
//! optional sample weights; shared by boosting and the forest.
//!
//! Input: a [`FeatureMatrix`], one `bool` label per row (`true` = malicious), optional weights.
//! Output: a [`Dataset`]. Rejects: count mismatches, bad weights, no rows, no features, one class.

use std::sync::Arc;

use super::parallel::{map_range, Parallelism};
use super::{BinMapper, TrainError};
use crate::features::FeatureMatrix;

/// Binned training data.
#[derive(Debug, Clone)]
pub struct Dataset {
    names: Arc<[String]>,
    n_rows: usize,
    mappers: Vec<BinMapper>,
    /// `bins[f * n_rows + row]`.
    bins: Vec<u8>,
    labels: Vec<bool>,
    weights: Option<Vec<f64>>,
}

impl Dataset {
    /// Bins every feature of `features` into at most `max_bins` bins (see [`BinMapper::new`]).
    pub fn new(
        features: &FeatureMatrix,
        labels: &[bool],
        weights: Option<&[f64]>,
        max_bins: usize,
        parallelism: Parallelism,
    ) -> Result<Dataset, TrainError> {
        let (n_rows, n_features) = (features.n_rows(), features.n_features());
        if labels.len() != n_rows {
            return Err(TrainError::LabelCount { labels: labels.len(), rows: n_rows });
        }
        if let Some(w) = weights {
            if w.len() != n_rows {
                return Err(TrainError::WeightCount { weights: w.len(), rows: n_rows });
            }
            if let Some(row) = w.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
                return Err(TrainError::BadWeight { row, value: w[row] });
            }
        }
        if n_rows == 0 || n_features == 0 {
            return Err(TrainError::Degenerate(format!("{n_rows} rows × {n_features} features")));
        }
        let positives = labels.iter().filter(|&&l| l).count();
        if positives == 0 || positives == n_rows {
            let class = if positives == 0 { "normal" } else { "malicious" };
            return Err(TrainError::Degenerate(format!(
                "labels that are all {class} ({n_rows} rows); training needs both classes"
            )));
        }
        let max_bins = max_bins.clamp(2, super::MAX_BINS);
        let columns = map_range(parallelism, n_features, |f| {
            let column = features.column(f);
            let mapper = BinMapper::new(column.iter().copied(), max_bins);
            let bins: Vec<u8> = column.iter().map(|&x| mapper.bin(x) as u8).collect();
            (mapper, bins)
        });
        let mut mappers = Vec::with_capacity(n_features);
        let mut bins = Vec::with_capacity(n_features * n_rows);
        for (mapper, column) in columns {
            mappers.push(mapper);
            bins.extend_from_slice(&column);
        }
        let names: Arc<[String]> = features.names().to_vec().into();
        let weights = weights.map(<[f64]>::to_vec);
        Ok(Dataset { names, n_rows, mappers, bins, labels: labels.to_vec(), weights })
    }

    /// Feature names, in column order.
    pub fn feature_names(&self) -> &[String] {
        &self.names
    }
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }
    /// Number of features.
    pub fn n_features(&self) -> usize {
        self.mappers.len()
    }
    /// The bin mapper of feature `f`.
    pub fn mapper(&self, f: usize) -> &BinMapper {
        &self.mappers[f]
    }
    /// The bins of feature `f`, one per row.
    pub fn column_bins(&self, f: usize) -> &[u8] {
        &self.bins[f * self.n_rows..(f + 1) * self.n_rows]
    }
    /// Labels (`true` = positive).
    pub fn labels(&self) -> &[bool] {
        &self.labels
    }
    /// Sample weight of `row` (1 without weights).
    #[inline]
    pub fn weight(&self, row: usize) -> f64 {
        self.weights.as_ref().map_or(1.0, |w| w[row])
    }
    /// Whether sample weights were given.
    pub fn has_weights(&self) -> bool {
        self.weights.is_some()
    }
}

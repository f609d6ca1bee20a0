//! The feature matrix: row-major `f64` values with one name per column, checked at construction.

use std::sync::Arc;

use ndarray::{Array2, ArrayView1};

use super::FeatureError;

/// Row-major feature values (`NaN` = missing) with their column names.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureMatrix {
    values: Array2<f64>,
    names: Arc<[String]>,
}

impl FeatureMatrix {
    /// Builds a matrix; the values are made row-major (standard layout) if they are not.
    pub fn new(values: Array2<f64>, names: Vec<String>) -> Result<Self, FeatureError> {
        if values.ncols() != names.len() {
            return Err(FeatureError::ShapeMismatch { columns: values.ncols(), names: names.len() });
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = names.iter().find(|n| !seen.insert(n.as_str())) {
            return Err(FeatureError::DuplicateName(dup.clone()));
        }
        let values =
            if values.is_standard_layout() { values } else { values.as_standard_layout().into_owned() };
        Ok(FeatureMatrix { values, names: names.into() })
    }

    /// The values, `n_rows × n_features`, row-major.
    pub fn values(&self) -> &Array2<f64> {
        &self.values
    }

    /// Column names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of rows (packets).
    pub fn n_rows(&self) -> usize {
        self.values.nrows()
    }

    /// Number of features (columns).
    pub fn n_features(&self) -> usize {
        self.values.ncols()
    }

    /// One row as a contiguous slice.
    pub fn row(&self, index: usize) -> &[f64] {
        let n = self.n_features();
        let all = self.values.as_slice().unwrap_or(&[]);
        &all[index * n..(index + 1) * n]
    }

    /// One column as a view.
    pub fn column(&self, index: usize) -> ArrayView1<'_, f64> {
        self.values.column(index)
    }
}

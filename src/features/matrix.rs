//! The feature matrix: row-major `f64` values with one name per column, checked at construction, and
//! the [`FeatureSchema`] that computed it (when it came from one).
//!
//! Rejects: a column count that differs from the names, repeated names, and infinite values.

use std::sync::Arc;

use ndarray::{Array2, ArrayView1};

use super::{FeatureError, FeatureSchema};

/// Row-major feature values (`NaN` or the feature's documented code = missing) with their column names.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureMatrix {
    values: Array2<f64>,
    names: Arc<[String]>,
    schema: Option<Arc<FeatureSchema>>,
}

impl FeatureMatrix {
    /// The values, giving up the matrix (to reuse their memory).
    pub fn into_values(self) -> Array2<f64> {
        self.values
    }

    /// Builds a matrix without a schema; the values are made row-major (standard layout) if they are not.
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
        // A branch-free scan first (it vectorises); the position only when there is something to report.
        let flat = values.as_slice().unwrap_or(&[]);
        if flat.iter().fold(false, |acc, v| acc | v.is_infinite()) {
            if let Some((i, &value)) = values.iter().enumerate().find(|(_, v)| v.is_infinite()) {
                let (row, column) = (i / names.len(), i % names.len());
                return Err(FeatureError::InfiniteValue { row, feature: names[column].clone(), value });
            }
        }
        Ok(FeatureMatrix { values, names: names.into(), schema: None })
    }

    /// Builds a matrix whose columns are the schema's features, in order.
    pub fn with_schema(values: Array2<f64>, schema: Arc<FeatureSchema>) -> Result<Self, FeatureError> {
        let matrix = Self::new(values, schema.names())?;
        Ok(FeatureMatrix { schema: Some(schema), ..matrix })
    }

    /// A matrix from `FeatureSchema::transform`, whose rows were checked finite as they were computed.
    pub(crate) fn from_checked(
        values: Array2<f64>,
        schema: Arc<FeatureSchema>,
    ) -> Result<Self, FeatureError> {
        let names = schema.names();
        if values.ncols() != names.len() || !values.is_standard_layout() {
            return Err(FeatureError::ShapeMismatch { columns: values.ncols(), names: names.len() });
        }
        Ok(FeatureMatrix { values, names: names.into(), schema: Some(schema) })
    }

    /// The schema that computed these features, if any.
    pub fn schema(&self) -> Option<&Arc<FeatureSchema>> {
        self.schema.as_ref()
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

    /// A matrix of the given columns, in the given order (e.g. the schema's
    /// [`FeatureSchema::behavioural_indices`]); it keeps the schema, and its names say which columns it holds.
    pub fn select_columns(&self, indices: &[usize]) -> Result<FeatureMatrix, FeatureError> {
        if let Some(&bad) = indices.iter().find(|&&i| i >= self.n_features()) {
            return Err(FeatureError::ColumnOutOfRange { index: bad, columns: self.n_features() });
        }
        let values = self.values.select(ndarray::Axis(1), indices);
        let names = indices.iter().map(|&i| self.names[i].clone()).collect();
        let matrix = Self::new(values, names)?;
        Ok(FeatureMatrix { schema: self.schema.clone(), ..matrix })
    }

    /// The column called `name`, if there is one.
    pub fn column_by_name(&self, name: &str) -> Option<ArrayView1<'_, f64>> {
        self.names.iter().position(|n| n == name).map(|i| self.column(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn validates_shape_names_and_values() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(matches!(
            FeatureMatrix::new(array![[1.0, 2.0]], names(&["a"])),
            Err(FeatureError::ShapeMismatch { columns: 2, names: 1 })
        ));
        assert!(matches!(
            FeatureMatrix::new(array![[1.0, 2.0]], names(&["a", "a"])),
            Err(FeatureError::DuplicateName(_))
        ));
        let err = FeatureMatrix::new(array![[1.0, 2.0], [3.0, f64::INFINITY]], names(&["a", "b"]));
        assert!(
            matches!(err, Err(FeatureError::InfiniteValue { row: 1, ref feature, .. }) if feature == "b")
        );
        let m = FeatureMatrix::new(array![[1.0, f64::NAN], [3.0, 4.0]].reversed_axes(), names(&["a", "b"]));
        let m = m.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.row(0)[0], 1.0);
        assert_eq!(m.row(1)[1], 4.0);
        assert!(m.schema().is_none());
        assert_eq!(m.column_by_name("b").map(|c| c[1]), Some(4.0));
        let b = m.select_columns(&[1]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((b.names(), b.row(1)), (&["b".to_string()][..], &[4.0][..]));
        assert!(matches!(
            m.select_columns(&[2]),
            Err(FeatureError::ColumnOutOfRange { index: 2, columns: 2 })
        ));
        assert!(matches!(m.select_columns(&[0, 0]), Err(FeatureError::DuplicateName(_))));
    }
}

//! A compact, lossless column store of feature values, for holding a whole capture's features in the
//! page's limited memory.
//!
//! Input: feature rows (`f64`), appended in row order. Output: the same `f64` values, bit for bit, by row,
//! by range of rows or by column. Rejects nothing: a value never loses precision, the store widens instead.
//! Why: most features are small integers (flags, codes, counts) or exact in `f32`; on the seed capture
//! 51 of the model's 58 columns are exact in `f32` and most of those fit a byte, so storing each column in
//! the narrowest exact type takes about a third of the `f64` matrix. Columns are separate allocations,
//! which also lets them fill the holes a capture's freed text leaves in wasm memory (which never shrinks).
//! Each column starts as bytes and widens (bytes → `f32` → `f64`, copying what it holds) at the first
//! value that the current type cannot hold exactly (compared bit for bit: −0.0 is not a byte but is exact in
//! `f32`).

use ndarray::Array2;

use super::{FeatureError, FeatureMatrix};

/// One column, in the narrowest type that holds each of its values exactly.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    /// Integers 0..=255.
    U8(Vec<u8>),
    /// Values exact in `f32`.
    F32(Vec<f32>),
    /// Anything else.
    F64(Vec<f64>),
}

fn fits_u8(v: f64) -> bool {
    (v as u8 as f64).to_bits() == v.to_bits()
}

fn fits_f32(v: f64) -> bool {
    (v as f32 as f64).to_bits() == v.to_bits()
}

impl Column {
    fn get(&self, row: usize) -> f64 {
        match self {
            Column::U8(v) => v[row] as f64,
            Column::F32(v) => v[row] as f64,
            Column::F64(v) => v[row],
        }
    }

    fn push(&mut self, value: f64) {
        match self {
            Column::U8(v) if fits_u8(value) => v.push(value as u8),
            Column::F32(v) if fits_f32(value) => v.push(value as f32),
            Column::F64(v) => v.push(value),
            _ => {
                self.widen(value);
                self.push(value);
            }
        }
    }

    fn len(&self) -> usize {
        match self {
            Column::U8(v) => v.len(),
            Column::F32(v) => v.len(),
            Column::F64(v) => v.len(),
        }
    }

    /// Moves the column to the next type able to hold `value` (bytes → `f32` when that holds it, else
    /// `f64`), keeping the reserved capacity.
    fn widen(&mut self, value: f64) {
        let (len, capacity) = (self.len(), self.bytes() / self.value_bytes());
        *self = if matches!(self, Column::U8(_)) && fits_f32(value) {
            let mut w = Vec::with_capacity(capacity);
            w.extend((0..len).map(|r| self.get(r) as f32));
            Column::F32(w)
        } else {
            let mut w = Vec::with_capacity(capacity);
            w.extend((0..len).map(|r| self.get(r)));
            Column::F64(w)
        };
    }

    fn value_bytes(&self) -> usize {
        match self {
            Column::U8(_) => 1,
            Column::F32(_) => 4,
            Column::F64(_) => 8,
        }
    }

    fn bytes(&self) -> usize {
        let capacity = match self {
            Column::U8(v) => v.capacity(),
            Column::F32(v) => v.capacity(),
            Column::F64(v) => v.capacity(),
        };
        capacity * self.value_bytes()
    }

    fn width_name(&self) -> &'static str {
        match self {
            Column::U8(_) => "u8",
            Column::F32(_) => "f32",
            Column::F64(_) => "f64",
        }
    }
}

/// Feature values by column, each in its narrowest exact type (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct CompactMatrix {
    names: Vec<String>,
    columns: Vec<Column>,
    n_rows: usize,
}

impl CompactMatrix {
    /// An empty store with these column names, with room for `rows` rows.
    pub fn with_capacity(names: Vec<String>, rows: usize) -> Self {
        let columns = names.iter().map(|_| Column::U8(Vec::with_capacity(rows))).collect();
        CompactMatrix { names, columns, n_rows: 0 }
    }

    /// Appends every row of row-major `values` (`names().len()` values per row).
    pub fn push_rows(&mut self, values: &[f64]) -> Result<(), FeatureError> {
        let width = self.columns.len();
        if width == 0 || !values.len().is_multiple_of(width) {
            return Err(FeatureError::ShapeMismatch { columns: values.len(), names: width });
        }
        for row in values.chunks_exact(width) {
            for (column, &v) in self.columns.iter_mut().zip(row) {
                column.push(v);
            }
        }
        self.n_rows += values.len() / width;
        Ok(())
    }

    /// Column names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// Number of columns.
    pub fn n_features(&self) -> usize {
        self.columns.len()
    }

    /// The value at `row`, `column`. Panics when either is out of range, as slice indexing does.
    pub fn value(&self, row: usize, column: usize) -> f64 {
        assert!(row < self.n_rows, "row {row} of {}", self.n_rows);
        self.columns[column].get(row)
    }

    /// Row `row`, in column order.
    pub fn row(&self, row: usize) -> Vec<f64> {
        self.rows(row, row + 1)
    }

    /// Rows `start..end` (clamped to the rows there are), row-major.
    pub fn rows(&self, start: usize, end: usize) -> Vec<f64> {
        let end = end.min(self.n_rows);
        let start = start.min(end);
        let mut out = vec![0.0; (end - start) * self.columns.len()];
        self.rows_into(start, end, &mut out);
        out
    }

    /// Rows `start..end` (`start <= end <= n_rows()`) written row-major into `out`, which must hold
    /// exactly `(end - start) · n_features()` values. Panics otherwise, as slice indexing does.
    pub fn rows_into(&self, start: usize, end: usize, out: &mut [f64]) {
        let width = self.columns.len();
        assert_eq!(out.len(), (end - start) * width, "rows {start}..{end} of width {width}");
        for (j, column) in self.columns.iter().enumerate() {
            let cells = out.iter_mut().skip(j).step_by(width.max(1));
            match column {
                Column::U8(v) => cells.zip(&v[start..end]).for_each(|(o, &x)| *o = x as f64),
                Column::F32(v) => cells.zip(&v[start..end]).for_each(|(o, &x)| *o = x as f64),
                Column::F64(v) => cells.zip(&v[start..end]).for_each(|(o, &x)| *o = x),
            }
        }
    }

    /// Column `column`, as `f64`.
    pub fn column(&self, column: usize) -> Vec<f64> {
        match &self.columns[column] {
            Column::U8(v) => v.iter().map(|&x| x as f64).collect(),
            Column::F32(v) => v.iter().map(|&x| x as f64).collect(),
            Column::F64(v) => v.clone(),
        }
    }

    /// The rows at `rows` (each `< n_rows()`), as a feature matrix with the same names.
    pub fn take_rows(&self, rows: &[usize]) -> Result<FeatureMatrix, FeatureError> {
        let width = self.columns.len();
        let mut values = Vec::with_capacity(rows.len() * width);
        for &r in rows {
            values.extend((0..width).map(|j| self.value(r, j)));
        }
        let array = Array2::from_shape_vec((rows.len(), width), values)
            .map_err(|_| FeatureError::ShapeMismatch { columns: width, names: width })?;
        FeatureMatrix::new(array, self.names.clone())
    }

    /// Every row, as a feature matrix with the same names.
    pub fn to_matrix(&self) -> Result<FeatureMatrix, FeatureError> {
        self.take_rows(&(0..self.n_rows).collect::<Vec<_>>())
    }

    /// The store cut down to the columns `names`, in that order, without copying a value (the columns
    /// not named are freed). A name the store does not have is `Err(name)`.
    pub fn into_columns(self, names: &[String]) -> Result<CompactMatrix, String> {
        let mut slots: Vec<Option<Column>> = self.columns.into_iter().map(Some).collect();
        let mut columns = Vec::with_capacity(names.len());
        for name in names {
            let at = self.names.iter().position(|n| n == name);
            let column = at.and_then(|at| slots[at].take()).ok_or_else(|| name.clone())?;
            columns.push(column);
        }
        Ok(CompactMatrix { names: names.to_vec(), columns, n_rows: self.n_rows })
    }

    /// Memory held by the values, in bytes (reserved capacity included).
    pub fn bytes(&self) -> usize {
        self.columns.iter().map(Column::bytes).sum()
    }

    /// The storage type of each column (`u8`, `f32` or `f64`), in column order: for reports and tests.
    pub fn column_types(&self) -> Vec<&'static str> {
        self.columns.iter().map(Column::width_name).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("f{i}")).collect()
    }

    #[test]
    fn every_value_comes_back_bit_for_bit_and_columns_widen_only_as_needed() {
        let values = [
            [0.0, 1.5, 1.0, 255.0],
            [3.0, 0.1, 256.0, 7.0],
            [200.0, -2.0, 1099511627776.0, -0.0],
            [f64::NAN, f64::MIN_POSITIVE, 3.0, 1.0],
        ];
        let flat: Vec<f64> = values.iter().flatten().copied().collect();
        let mut m = CompactMatrix::with_capacity(names(4), 4);
        m.push_rows(&flat[..8]).unwrap();
        m.push_rows(&flat[8..]).unwrap();
        assert_eq!(m.n_rows(), 4);
        // Column 0: a NaN (exact in f32); column 1: 0.1 (f64 only); column 2: 256 and 2^40 (f32); column 3:
        // −0.0 (not a byte, exact in f32).
        assert_eq!(m.column_types(), ["f32", "f64", "f32", "f32"]);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&m.rows(0, 4)), bits(&flat));
        for (r, row) in values.iter().enumerate() {
            assert_eq!(bits(&m.row(r)), bits(row));
            for (c, v) in row.iter().enumerate() {
                assert_eq!(m.value(r, c).to_bits(), v.to_bits());
            }
        }
        let column1: Vec<f64> = values.iter().map(|r| r[1]).collect();
        assert_eq!(m.column(1), column1);
        assert_eq!(bits(&m.column(0)), bits(&values.map(|r| r[0])));
        assert_eq!(bits(&m.rows(1, 3)), bits(&flat[4..12]));
        assert_eq!(m.rows(3, 99).len(), 4, "the end is clamped");
    }

    #[test]
    fn a_value_only_f64_holds_widens_a_byte_column_directly() {
        let mut m = CompactMatrix::with_capacity(names(1), 3);
        m.push_rows(&[4.0, 0.1, 9.0]).unwrap();
        assert_eq!(m.column_types(), ["f64"]);
        assert_eq!(m.column(0), [4.0, 0.1, 9.0]);
    }

    #[test]
    fn small_integers_stay_bytes() {
        let mut m = CompactMatrix::with_capacity(names(2), 3);
        m.push_rows(&[0.0, 1.0, 255.0, 2.0, 17.0, 65535.0]).unwrap();
        assert_eq!(m.column_types(), ["u8", "f32"]);
        assert_eq!(m.bytes(), 3 + 3 * 4);
        let taken = m.take_rows(&[2, 0]).unwrap();
        assert_eq!(taken.row(0), [17.0, 65535.0]);
        assert_eq!(taken.row(1), [0.0, 1.0]);
        assert_eq!(taken.names(), m.names());
    }

    #[test]
    fn into_columns_reorders_and_drops_and_names_what_is_missing() {
        let mut m = CompactMatrix::with_capacity(names(3), 2);
        m.push_rows(&[1.0, 2.5, 3.0, 4.0, 5.5, 6.0]).unwrap();
        let whole = m.to_matrix().unwrap();
        assert_eq!(whole.row(1), [4.0, 5.5, 6.0]);
        let cut = m.clone().into_columns(&["f2".into(), "f0".into()]).unwrap();
        assert_eq!(cut.names(), ["f2", "f0"]);
        assert_eq!(cut.rows(0, 2), [3.0, 1.0, 6.0, 4.0]);
        assert_eq!(m.clone().into_columns(&["f1".into(), "nope".into()]), Err("nope".to_string()));
        assert_eq!(
            m.into_columns(&["f1".into(), "f1".into()]),
            Err("f1".to_string()),
            "a column is taken once"
        );
    }

    #[test]
    fn a_row_of_the_wrong_width_is_rejected() {
        let mut m = CompactMatrix::with_capacity(names(3), 1);
        assert!(matches!(m.push_rows(&[1.0, 2.0]), Err(FeatureError::ShapeMismatch { .. })));
        assert_eq!(m.n_rows(), 0);
    }
}

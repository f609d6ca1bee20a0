//! Scoring: [`crate::model::Ensemble`] × [`crate::features::FeatureMatrix`] → raw scores and probabilities.
//!
//! Input: a validated ensemble and rows in its feature order (a matrix whose names equal the model's,
//! see [`align`], or a raw row-major slice). Output: per component the raw margin, per row the soft-vote
//! probability. Rejects: matrices whose columns are not the model's features ([`ScoreError`]).

use crate::features::FeatureMatrix;
use crate::model::{Component, Ensemble};

/// Why rows could not be scored.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ScoreError {
    /// A feature the model needs is not among the columns.
    #[error("feature {0:?} that the model needs is missing from the input")]
    MissingFeature(String),
    /// The columns are not the model's features in the model's order.
    #[error("the input columns are not the model's features in order (column {column}: {found:?}, expected {expected:?}); align them first")]
    ColumnOrder {
        /// 0-based column.
        column: usize,
        /// Name found.
        found: String,
        /// Name the model expects there.
        expected: String,
    },
    /// A row slice whose length is not a multiple of the feature count.
    #[error("{values} values do not form rows of {n_features} features")]
    RaggedRows {
        /// Values given.
        values: usize,
        /// Features per row.
        n_features: usize,
    },
}

/// Scores of a batch of rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scores {
    /// Soft-vote probability per row: `Σ wᵢ·outputᵢ / Σ wᵢ` (for an identity component, e.g. a regression
    /// model, its output is its raw score).
    pub probability: Vec<f64>,
    /// `raw[c][row]`: component `c`'s raw margin (sum of trees, or their mean for forests) — for
    /// LightGBM models what `predict(raw_score=True)` returns (divided by the tree count for `rf`).
    pub raw: Vec<Vec<f64>>,
}

/// Scores of one row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowScore {
    /// Soft-vote probability.
    pub probability: f64,
    /// Raw margin per component.
    pub raw: Vec<f64>,
}

/// Reorders (and drops) the columns of `features` into `names` order; errors name a missing feature.
pub fn align(features: &FeatureMatrix, names: &[String]) -> Result<FeatureMatrix, ScoreError> {
    if features.names() == names {
        return Ok(features.clone());
    }
    let mut columns = Vec::with_capacity(names.len());
    for name in names {
        let index = features.names().iter().position(|n| n == name);
        columns.push(index.ok_or_else(|| ScoreError::MissingFeature(name.clone()))?);
    }
    let values = features.values().select(ndarray::Axis(1), &columns);
    FeatureMatrix::new(values, names.to_vec()).map_err(|_| ScoreError::MissingFeature(String::new()))
}

/// Scores every row of `features`, whose columns must be the model's features in order.
pub fn score(ensemble: &Ensemble, features: &FeatureMatrix) -> Result<Scores, ScoreError> {
    check_names(ensemble, features.names())?;
    let rows = features.values().as_slice().unwrap_or(&[]);
    Ok(score_slice(ensemble, rows, features.n_rows()))
}

/// Scores row-major `rows` (`n_features` values each, the model's feature order, NaN = missing).
pub fn score_rows(ensemble: &Ensemble, rows: &[f64]) -> Result<Scores, ScoreError> {
    let n_rows = row_count(rows.len(), ensemble.n_features())?;
    Ok(score_slice(ensemble, rows, n_rows))
}

fn score_slice(ensemble: &Ensemble, rows: &[f64], n_rows: usize) -> Scores {
    let n_features = ensemble.n_features();
    let raw: Vec<Vec<f64>> =
        ensemble.components().iter().map(|c| component_raw(c, rows, n_features, n_rows)).collect();
    let total_weight = ensemble.total_weight();
    let probability = (0..n_rows)
        .map(|r| {
            let weighted: f64 = ensemble
                .components()
                .iter()
                .zip(&raw)
                .map(|(c, raw)| c.weight() * c.output().apply(raw[r]))
                .sum();
            weighted / total_weight
        })
        .collect();
    Scores { probability, raw }
}

/// Scores one row (the model's feature order, NaN = missing).
pub fn score_row(ensemble: &Ensemble, row: &[f64]) -> Result<RowScore, ScoreError> {
    if row.len() != ensemble.n_features() {
        return Err(ScoreError::RaggedRows { values: row.len(), n_features: ensemble.n_features() });
    }
    let scores = score_slice(ensemble, row, 1);
    let raw = scores.raw.iter().map(|r| r[0]).collect();
    Ok(RowScore { probability: scores.probability[0], raw })
}

/// Raw margin of one component for each row of row-major `rows`.
pub fn raw_margins(component: &Component, rows: &[f64], n_features: usize) -> Result<Vec<f64>, ScoreError> {
    let n_rows = row_count(rows.len(), n_features)?;
    if component.n_features_used() > n_features {
        return Err(ScoreError::RaggedRows { values: rows.len(), n_features });
    }
    Ok(component_raw(component, rows, n_features, n_rows))
}

fn component_raw(component: &Component, rows: &[f64], n_features: usize, n_rows: usize) -> Vec<f64> {
    let mut sums = vec![0.0; n_rows];
    component.add_tree_sums(rows, n_features, &mut sums);
    sums.iter_mut().for_each(|s| *s = component.aggregate(*s));
    sums
}

fn row_count(values: usize, n_features: usize) -> Result<usize, ScoreError> {
    match values.checked_div(n_features) {
        Some(n) if n * n_features == values => Ok(n),
        None if values == 0 => Ok(0),
        _ => Err(ScoreError::RaggedRows { values, n_features }),
    }
}

fn check_names(ensemble: &Ensemble, names: &[String]) -> Result<(), ScoreError> {
    let expected = ensemble.feature_names();
    for (column, name) in expected.iter().enumerate() {
        match names.get(column) {
            Some(found) if found == name => {}
            Some(found) => {
                return Err(ScoreError::ColumnOrder { column, found: found.clone(), expected: name.clone() });
            }
            None => return Err(ScoreError::MissingFeature(name.clone())),
        }
    }
    if names.len() > expected.len() {
        let column = expected.len();
        return Err(ScoreError::ColumnOrder {
            column,
            found: names[column].clone(),
            expected: String::new(),
        });
    }
    Ok(())
}

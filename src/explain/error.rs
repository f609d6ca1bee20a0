//! Why an explanation could not be computed: every variant names what is wrong and where.

/// Errors of the explanation stage.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ExplainError {
    /// A tree's node has a cover TreeSHAP cannot use (it divides by covers).
    #[error(
        "component {component}, tree {tree}, node {node}: cover {cover} is not a finite number ≥ 0; \
         TreeSHAP needs sample counts or hessian sums (re-export the model with node counts)"
    )]
    Cover {
        /// Component index in the ensemble.
        component: usize,
        /// Tree index within the component.
        tree: usize,
        /// Node index (internal nodes ≥ 0, leaf `l` written `!l` = -(l+1)).
        node: i64,
        /// The offending cover.
        cover: f64,
    },
    /// The rows have a different width than the model's feature list.
    #[error(
        "the rows have {got} features but the model expects {expected}; align the matrix to the model first"
    )]
    FeatureCount {
        /// Features the model was trained on.
        expected: usize,
        /// Features in the rows given.
        got: usize,
    },
    /// The requested rows are not all in the matrix.
    #[error("rows {start}..{end} requested but the matrix has {n_rows} rows")]
    RowRange {
        /// First row requested.
        start: usize,
        /// One past the last row requested.
        end: usize,
        /// Rows in the matrix.
        n_rows: usize,
    },
    /// Interventional SHAP was asked for without background rows.
    #[error("the interventional method needs at least one background row (about 100 is typical)")]
    EmptyBackground,
    /// The ensemble has no component or all vote weights are zero.
    #[error("the ensemble has no component with a positive vote weight")]
    NoWeight,
    /// Permutation importance was asked with zero repeats.
    #[error("permutation importance needs at least one repeat (n_repeats = 0 given)")]
    NoRepeats,
    /// The metric could not be computed (e.g. ROC AUC with one class only).
    #[error("metric: {0}")]
    Metric(#[from] crate::eval::EvalError),
    /// The labels do not match the rows.
    #[error("{labels} labels given for {rows} rows")]
    LabelCount {
        /// Labels given.
        labels: usize,
        /// Rows in the matrix.
        rows: usize,
    },
}

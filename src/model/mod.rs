//! Models: flat trees, the soft-voting [`Ensemble`], LightGBM text import/export and the model file.
//!
//! Input: LightGBM v4 text (`model.txt`) or the project's model file. Output: a validated [`Ensemble`]
//! that inference and TreeSHAP index without re-checking. Rejects: malformed models with a
//! [`ModelError`] naming the tree, node or key.

mod ensemble;
mod tree;

pub use ensemble::{Aggregation, Component, Ensemble, Output};
pub use tree::Tree;

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ModelError {
    /// A structural problem in one tree.
    #[error("tree {tree}, node {node}: {message}")]
    Node {
        /// 0-based tree index within its component.
        tree: usize,
        /// Node index (internal nodes ≥ 0, leaves written `~leaf`).
        node: i64,
        /// What is wrong.
        message: String,
    },
}

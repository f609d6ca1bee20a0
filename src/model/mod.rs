//! Models: flat trees, the soft-voting [`Ensemble`], LightGBM text import/export and the model file.
//!
//! Input: LightGBM v4 text (`model.txt`) or the project's JSON model file ([`load_model`] tells them
//! apart by content). Output: a validated [`Ensemble`] that inference and TreeSHAP index without
//! re-checking. Rejects: malformed models with a [`ModelError`] naming the tree, node, line or key.

mod capture_score;
mod card;
mod card_markdown;
mod ensemble;
mod file;
mod flat;
mod lightgbm;
mod lightgbm_export;
mod tree;
mod validate;

pub use capture_score::{score_capture, CaptureScorer};
pub use card::{
    BlockMetrics, CardBlock, CardFile, CardMetrics, CardParams, CardSplit, CardThreshold, ModelCard,
    SplitMetrics,
};
pub use card_markdown::model_card_markdown;
pub use ensemble::{Aggregation, Component, Ensemble, Output};
pub use file::{
    from_model_file, read_model_file, to_model_file, write_model_file, ModelFile, FORMAT_NAME, FORMAT_VERSION,
};
pub use lightgbm::from_lightgbm_text;
pub use lightgbm_export::to_lightgbm_text;
pub use tree::{category_of, MissingType, Tree, CATEGORICAL_MASK, DEFAULT_LEFT_MASK, ZERO_THRESHOLD};
pub use validate::validate_tree;

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ModelError {
    /// A structural problem at one node of one tree.
    #[error("tree {tree}, node {node}: {message}")]
    Node {
        /// 0-based tree index within its component.
        tree: usize,
        /// Node index (internal nodes ≥ 0, leaves written `~leaf`, i.e. `-1 - leaf`).
        node: i64,
        /// What is wrong.
        message: String,
    },
    /// A problem with one tree as a whole (array lengths).
    #[error("tree {tree}: {message}")]
    Tree {
        /// 0-based tree index within its component.
        tree: usize,
        /// What is wrong.
        message: String,
    },
    /// A problem with a component as a whole.
    #[error("component {name:?}: {message}")]
    Component {
        /// The component's name.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// A tree problem inside a named component.
    #[error("component {name:?}, {source}")]
    InComponent {
        /// The component's name.
        name: String,
        /// The tree or node error.
        source: Box<ModelError>,
    },
    /// A bad or missing key in LightGBM text.
    #[error("line {line}, key `{key}`: {message}")]
    Key {
        /// 1-based line number (the header's or tree's first line when the key is missing).
        line: usize,
        /// The key (`num_leaves`, `threshold`, …).
        key: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// LightGBM text that is not laid out as a model (wrong first line, truncated, stray line).
    #[error("line {line}: {message}")]
    Text {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A valid model that Anomalyze cannot score (multiclass, linear trees, other objectives).
    #[error("not supported: {0}")]
    Unsupported(String),
    /// A model-level inconsistency (no components, duplicate feature names, …).
    #[error("{0}")]
    Invalid(String),
    /// The JSON model file could not be read.
    #[error("model file: {0}")]
    File(String),
}

/// Loads a model from the bytes of a LightGBM text model or the project's JSON model file, told apart
/// by content (a JSON file starts with `{` after whitespace).
pub fn load_model(bytes: &[u8]) -> Result<Ensemble, ModelError> {
    load_model_file(bytes).map(|file| file.ensemble)
}

/// As [`load_model`], keeping a version-2 file's schema, threshold and card (LightGBM text and
/// version 1 have none).
pub fn load_model_file(bytes: &[u8]) -> Result<ModelFile, ModelError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ModelError::Invalid(format!(
            "the model is not UTF-8 text (invalid byte at offset {}); expected a LightGBM model.txt or an \
             anomalyze-model JSON file",
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        read_model_file(text)
    } else {
        let ensemble = from_lightgbm_text(text)?;
        Ok(ModelFile { ensemble, schema: None, threshold: None, card: None })
    }
}

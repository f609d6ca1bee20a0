//! The soft-voting ensemble: components (sets of trees with an aggregation and an output link),
//! combined by a weighted average of probabilities — scikit-learn's `VotingClassifier(voting="soft")`.

use serde::{Deserialize, Serialize};

use super::Tree;

/// How a component combines its trees' outputs into a raw score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aggregation {
    /// Gradient boosting: the raw score is the sum of the trees.
    Sum,
    /// Random forest: the raw score is the mean of the trees.
    Mean,
}

/// How a component's raw score becomes its output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Output {
    /// The raw score is the output (regression, or a forest whose leaves hold probabilities).
    Identity,
    /// Binary log-loss: `1 / (1 + exp(-scale · raw))` (LightGBM's `sigmoid:k`).
    Sigmoid {
        /// LightGBM's sigmoid parameter (1.0 by default).
        scale: f64,
    },
}

/// One member of the ensemble.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// A short name shown to users (`gbdt`, `forest`, …).
    pub name: String,
    /// The trees, over the ensemble's feature order.
    pub trees: Vec<Tree>,
    /// Sum (boosting) or mean (forest).
    pub aggregation: Aggregation,
    /// Identity or sigmoid.
    pub output: Output,
    /// Whether features are cast to `f32` before comparison (scikit-learn does; LightGBM does not).
    pub f32_features: bool,
    /// Weight in the soft vote.
    pub weight: f64,
}

/// A validated list of components over one feature order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ensemble {
    /// Feature names, in the order trees index them.
    pub feature_names: Vec<String>,
    /// The components of the soft vote.
    pub components: Vec<Component>,
}

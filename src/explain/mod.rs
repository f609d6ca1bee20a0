//! Explanations: exact path-dependent TreeSHAP, ensemble SHAP in probability space, permutation importance.
//!
//! Input: a validated [`crate::model::Ensemble`] and feature rows in its order. Output: `n_features + 1`
//! contributions per row (bias last) that sum to the explained output. Rejects: rows of the wrong width,
//! row ranges past the matrix, trees with negative or non-finite covers (zero covers are explained, see
//! `prepared`), an empty background sample.
//!
//! # Methods
//! - Per component, [`ComponentExplainer`] computes exact *path-dependent* TreeSHAP (Lundberg et al. 2018):
//!   the conditional expectation of a tree given a feature subset follows the row's branch at splits on
//!   features in the subset and averages both branches weighted by cover otherwise. Missing values take
//!   the branch [`crate::model::Tree::next_node`] sends them to. Two exact algorithms give the same values:
//!   Lundberg's Algorithm 2 (`O(L·D²)` per tree) and Linear TreeSHAP (Yu et al. 2022, `O(L·D)`: the
//!   Shapley weights are integrals of per-leaf polynomials, evaluated exactly by Gauss–Legendre quadrature).
//!   For a mean-aggregated component (a forest) the values are divided by the number of trees.
//! - For the ensemble in probability space, [`EnsembleExplainer`] combines components with their vote
//!   weights (`wᵢ / Σw`); identity components (forests of probabilities) are exact TreeSHAP as they are,
//!   and how a sigmoid (log-odds) component is moved to probability space is a [`ShapMethod`]:
//!   [`ShapMethod::Rescaled`] multiplies its log-odds values by `(σ(m) − σ(m₀)) / (m − m₀)` (cheap, keeps
//!   signs and proportions; base `σ(m₀)` at the expected margin `m₀`); [`ShapMethod::Interventional`]
//!   computes exact interventional margin Shapley values against each background row `b` and scales them
//!   by `(σ(m) − σ(m_b)) / (m − m_b)` (shap's `model_output="probability"`; base = mean background
//!   probability). Either way each row's values sum to its ensemble probability (to rounding).
//! - [`permutation`]: the drop of a metric (ROC AUC) when one column is shuffled, seeded ([`SplitMix64`]).
//!
//! # Front ends
//! Nothing here spawns threads or reads clocks. Build one [`EnsembleExplainer`] and call
//! [`EnsembleExplainer::explain_rows`] per chunk of rows (e.g. 50 at a time) to report progress or to
//! parallelise (the CLI uses rayon over chunks; each chunk has its own [`Workspace`]).

mod ensemble;
mod error;
mod interventional;
mod linear;
mod path;
pub mod permutation;
mod prepared;
mod rng;
mod tree_shap;

pub use ensemble::{explain_rows, EnsembleExplainer, EnsembleShap, ShapMethod, ShapOptions};
pub use error::ExplainError;
pub use rng::SplitMix64;
pub use tree_shap::{ComponentExplainer, TreeShapAlgorithm, Workspace};

//! Scoring: [`crate::model::Ensemble`] × [`crate::features::FeatureMatrix`] → raw scores and probabilities.
//!
//! Input: a validated ensemble and rows in its feature order. Output: one probability (and per-component
//! raw margin) per row. Rejects nothing: shape agreement is checked where the matrix is aligned to the model.

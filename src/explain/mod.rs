//! Explanations: exact path-dependent TreeSHAP, ensemble SHAP in probability space, permutation importance.
//!
//! Input: a validated ensemble and feature rows. Output: `n_features + 1` contributions per row (bias last).

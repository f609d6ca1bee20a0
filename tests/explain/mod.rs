//! Explanations: TreeSHAP against brute-force Shapley values and reference tools, ensemble SHAP,
//! permutation importance and ROC AUC.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
mod engine_fixtures;
mod ensemble;
mod fixtures;
mod permutation;
mod random_trees;
mod roc;
mod tree_shap;

//! Evaluation stage: metrics, curves, threshold policies and correlations against scikit-learn and
//! pandas (fixtures of `tools/make_eval_fixtures.py`), plus properties against brute force.
mod correlation;
pub mod fixtures;
mod metrics;
#[cfg(not(target_arch = "wasm32"))]
mod properties;
mod threshold;

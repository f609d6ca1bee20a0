//! Tree engine: model import/export/validation and inference against LightGBM / scikit-learn fixtures.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
mod export;
pub(crate) mod fixtures;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz;
mod inference;
mod malformed;

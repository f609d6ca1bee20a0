//! Trainer: gradient boosting and random forest against LightGBM / scikit-learn figures, LightGBM
//! loading our exported models, determinism (also across native and wasm32), parameter checks.
//! Under wasm32 only the cross-platform determinism test runs (the rest need threads or files).

#[cfg(not(target_arch = "wasm32"))]
mod bundled;
#[cfg(not(target_arch = "wasm32"))]
mod cli_labels;
mod data;
#[cfg(not(target_arch = "wasm32"))]
mod determinism;
#[cfg(not(target_arch = "wasm32"))]
mod params;
mod platform;
#[cfg(not(target_arch = "wasm32"))]
mod quality;
mod reference;
#[cfg(not(target_arch = "wasm32"))]
mod relabel;
#[cfg(not(target_arch = "wasm32"))]
mod relabel_seed;
#[cfg(not(target_arch = "wasm32"))]
mod seed;
#[cfg(not(target_arch = "wasm32"))]
mod splits;
#[cfg(not(target_arch = "wasm32"))]
mod structure;

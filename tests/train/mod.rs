//! Trainer: gradient boosting and random forest against LightGBM / scikit-learn figures, LightGBM
//! loading our exported models, determinism, parameter checks.

mod bundled;
mod cli_labels;
mod data;
mod determinism;
mod params;
mod quality;
mod reference;
mod relabel;
mod relabel_seed;
mod splits;
mod structure;

//! Tree engine: model import/export/validation and inference against LightGBM / scikit-learn fixtures.

mod fixtures;
mod inference;

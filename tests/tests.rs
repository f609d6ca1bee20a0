//! Integration tests: one binary, a module per stage.
mod capture;
mod charts;
mod drift;
mod engine;
mod eval;
mod explain;
mod features;

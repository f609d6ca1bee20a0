//! Integration tests: one binary, a module per stage.
mod capture;
mod engine;
mod explain;
mod features;
mod train;

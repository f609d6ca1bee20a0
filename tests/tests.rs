//! Integration tests: one binary, a module per stage.
mod charts;

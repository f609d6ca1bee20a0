//! Feature tests: hand-checked seed rows, trailing windows, size independence, the schema.

mod schema;
mod seed_rows;
mod size_independence;
mod support;
mod windows;

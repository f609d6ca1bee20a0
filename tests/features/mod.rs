//! Feature tests: hand-checked seed rows, trailing windows, size independence, the schema, the CLI.

mod chunked;
mod cli;
mod no_panic;
mod schema;
mod seed_reference;
mod seed_rows;
mod size_independence;
mod support;
mod windows;

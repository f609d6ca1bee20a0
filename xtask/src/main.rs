//! Build tool: `cargo xtask dist | serve | test`.
fn main() {}

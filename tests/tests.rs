//! Integration tests: one binary, a module per stage.
//!
//! Under wasm32 (`cargo test --target wasm32-unknown-unknown --test tests`, wasm-bindgen-test in Node) the
//! engine and explanation tests run on the same fixtures (and the trainer's cross-platform determinism test); the others need native-only tools (proptest, the
//! CLI binary, files on disk) and are compiled natively only.

#[cfg(not(target_arch = "wasm32"))]
mod capture;
#[cfg(not(target_arch = "wasm32"))]
mod charts;
mod drift;
mod engine;
mod eval;
mod explain;
#[cfg(not(target_arch = "wasm32"))]
mod features;
#[cfg(not(target_arch = "wasm32"))]
mod modelfile;
#[cfg(not(target_arch = "wasm32"))]
mod pcap;
mod train;

//! Anomalyze: a network-traffic anomaly analyzer that runs in the browser (WebAssembly) and as a CLI.
//!
//! Data flow — every stage is a pure function over in-memory data; only `web` and `cli` do IO:
//! ```text
//! bytes of a capture (Wireshark CSV export)                              [capture]
//!   → packets: time, source, destination, protocol, length, info, label
//!   → feature matrix, by the schema stored in the model                  [features]
//!   → ensemble: gradient-boosted trees + random forest, soft vote        [model]
//!   → scores: probability per packet                                     [score]
//!   → explanations (TreeSHAP, permutation importance)                    [explain]
//!   → view models → charts drawn on any plotters backend                 [charts]
//!   → front ends: the page (wasm, canvas, web worker) · the CLI (native) [web] [cli]
//! ```

pub mod analysis;
pub mod capture;
pub mod charts;
pub mod drift;
pub mod eval;
pub mod explain;
pub mod features;
pub mod model;
pub mod score;
pub mod sorting;
pub mod train;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(target_arch = "wasm32")]
mod web;

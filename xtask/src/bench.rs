//! `cargo xtask bench-page [FILE]`: dist, then time a file drop → summary shown in headless Chromium
//! (tests/browser/bench.mjs prints the figures). Default file: the seed capture.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::{dist, setup, test};

/// Where CI keeps the seed dataset, relative to the repository; `ANOMALYZE_SEED_DATA` overrides it
/// (the same variable the seed-data integration test reads).
const SEED: &str = "../shared/data/combined.csv.zip";

/// Runs the page benchmark on `file` (or the seed capture).
pub fn run(root: &Path, file: Option<PathBuf>) -> Result<()> {
    let seed = std::env::var_os("ANOMALYZE_SEED_DATA").map(PathBuf::from).unwrap_or_else(|| root.join(SEED));
    let file = file.unwrap_or(seed);
    if !file.is_file() {
        bail!("no capture to benchmark: {} is missing; pass a file (cargo xtask bench-page path/to/combined.csv.zip) or set ANOMALYZE_SEED_DATA", file.display());
    }
    dist::dist(root)?;
    setup::ensure_npm_packages(root)?;
    test::run_browser_script(root, "bench.mjs", &[("CAPTURE", file.display().to_string())])
}

//! `cargo xtask bench-page [FILE]`: dist, then time a file drop → summary shown in headless Chromium
//! (tests/browser/bench.mjs prints the figures). Default file: the seed capture.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::{dist, setup, test};

/// Where CI and this machine keep the seed dataset.
const SEED: &str = "../shared/data/combined.csv.zip";

/// Runs the page benchmark on `file` (or the seed capture).
pub fn run(root: &Path, file: Option<PathBuf>) -> Result<()> {
    let file = file.unwrap_or_else(|| root.join(SEED));
    let file = if file.is_file() { file } else { PathBuf::from("/work/shared/data/combined.csv.zip") };
    if !file.is_file() {
        bail!("no capture to benchmark: pass a file, e.g. cargo xtask bench-page path/to/combined.csv.zip");
    }
    dist::dist(root)?;
    setup::ensure_npm_packages(root)?;
    test::run_browser_script(root, "bench.mjs", &[("CAPTURE", file.display().to_string())])
}

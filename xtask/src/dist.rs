//! `cargo xtask dist`: release wasm → wasm-bindgen (web target) → pkg/ → a self-contained dist/.
//!
//! dist/ holds index.html at its root, the JS, CSS and sample capture of www/, pkg/ (glue + wasm) and
//! models/ when present, and bundle.json naming the bundled model (or null). Every URL in the page is
//! relative, so dist/ works under any sub-path.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::process::{cargo, run};
use crate::setup;

/// The bundled default model, relative to dist/ (copied from models/ when present).
pub const BUNDLED_MODEL: &str = "models/anomalyze.model.json";

/// Builds everything and returns the dist/ folder.
pub fn dist(root: &Path) -> Result<PathBuf> {
    setup::ensure_wasm_target()?;
    run(cargo().current_dir(root).args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--lib",
    ]))?;
    let wasm = target_dir(root).join("wasm32-unknown-unknown/release/anomalyze.wasm");
    let pkg = root.join("pkg");
    println!("wasm-bindgen {} → {}", wasm.display(), pkg.display());
    if pkg.exists() {
        fs::remove_dir_all(&pkg).with_context(|| format!("cannot empty {}", pkg.display()))?;
    }
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .typescript(false)
        .omit_default_module_path(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&pkg)
        .context("wasm-bindgen failed on the release wasm")?;
    let site = root.join("dist");
    assemble(root, &pkg, &site)?;
    Ok(site)
}

/// The cargo target folder (honours CARGO_TARGET_DIR).
pub fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => root.join("target"),
    }
}

fn assemble(root: &Path, pkg: &Path, site: &Path) -> Result<()> {
    if site.exists() {
        fs::remove_dir_all(site).with_context(|| format!("cannot empty {}", site.display()))?;
    }
    copy_tree(&root.join("www"), site)?;
    copy_tree(pkg, &site.join("pkg"))?;
    let models = root.join("models");
    if models.is_dir() {
        copy_tree(&models, &site.join("models"))?;
    }
    // The page reads this manifest first, so a build without a bundled model logs no 404.
    let bundled = site.join(BUNDLED_MODEL).is_file();
    let manifest = if bundled {
        format!("{{\"model\": \"{BUNDLED_MODEL}\"}}\n")
    } else {
        "{\"model\": null}\n".to_string()
    };
    fs::write(site.join("bundle.json"), manifest).context("cannot write dist/bundle.json")?;
    let wasm = site.join("pkg/anomalyze_bg.wasm");
    let size = fs::metadata(&wasm).with_context(|| format!("{} was not generated", wasm.display()))?.len();
    println!("dist ready: {} (wasm {:.0} KiB)", site.display(), size as f64 / 1024.0);
    Ok(())
}

/// Copies the files of `from` into `to`, recursively (creating `to`).
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), &dest)
                .with_context(|| format!("cannot copy {} to {}", entry.path().display(), dest.display()))?;
        }
    }
    Ok(())
}

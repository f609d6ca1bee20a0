//! Setting up what the build and tests need, locally: the wasm target, the wasm-bindgen test runner of
//! the crate's exact version, npm packages for the browser tests, and Chromium (apt-get when root).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::process::{cargo, output, run};

/// The wasm-bindgen version the crate pins (`wasm-bindgen = "=0.2.130"`); the test runner must match.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// Where the browser tests expect Chromium (Debian's package); `CHROMIUM` overrides it.
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
const CHROMIUM_INSTALL: &str = "apt-get update && apt-get install -y chromium chromium-driver";

/// Adds the `wasm32-unknown-unknown` target through rustup when it is missing.
pub fn ensure_wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|l| l.trim() == "wasm32-unknown-unknown") => Ok(()),
        Some(_) => run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"])),
        None => {
            println!("note: rustup not found; assuming the wasm32-unknown-unknown target is installed");
            Ok(())
        }
    }
}

/// A folder holding `wasm-bindgen-test-runner` of [`WASM_BINDGEN_VERSION`], installing it into
/// `.cache/cargo-bin` (about 5 minutes, once) when neither that folder nor PATH has the right version.
pub fn ensure_test_runner(root: &Path) -> Result<PathBuf> {
    let local_root = root.join(".cache/cargo-bin");
    let local_bin = local_root.join("bin");
    if runner_version(&local_bin.join("wasm-bindgen-test-runner")).as_deref() == Some(WASM_BINDGEN_VERSION) {
        return Ok(local_bin);
    }
    if let Some(dir) = path_dir_with_runner() {
        return Ok(dir);
    }
    println!(
        "installing wasm-bindgen-test-runner {WASM_BINDGEN_VERSION} into {} (once, ~5 min)",
        local_root.display()
    );
    // Not --locked: a locked dependency of wasm-bindgen-cli 0.2.130 is no longer served (TOOLCHAIN.md).
    run(cargo()
        .args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION, "--root"])
        .arg(&local_root))?;
    match runner_version(&local_bin.join("wasm-bindgen-test-runner")) {
        Some(v) if v == WASM_BINDGEN_VERSION => Ok(local_bin),
        other => bail!(
            "installed wasm-bindgen-test-runner reports version {other:?}, expected {WASM_BINDGEN_VERSION}"
        ),
    }
}

fn path_dir_with_runner() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|dir| {
        runner_version(&dir.join("wasm-bindgen-test-runner")).as_deref() == Some(WASM_BINDGEN_VERSION)
    })
}

/// `wasm-bindgen-test-runner --version` prints e.g. `wasm-bindgen-test-runner 0.2.130`.
fn runner_version(exe: &Path) -> Option<String> {
    if !exe.is_file() {
        return None;
    }
    let text = output(Command::new(exe).arg("--version"))?;
    text.split_whitespace().last().map(str::to_string)
}

/// Installs the browser tests' npm packages (pinned in tests/browser/package.json) into
/// tests/browser/node_modules, unless the pinned versions are there already.
pub fn ensure_npm_packages(root: &Path) -> Result<()> {
    let dir = root.join("tests/browser");
    let manifest =
        std::fs::read_to_string(dir.join("package.json")).context("reading tests/browser/package.json")?;
    let wanted = pinned_version(&manifest, "playwright-core")
        .context("playwright-core is not pinned in tests/browser/package.json")?;
    let installed = std::fs::read_to_string(dir.join("node_modules/playwright-core/package.json")).ok();
    if installed.as_deref().and_then(|m| pinned_version(m, "version")).as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    run(Command::new("npm").args(["install", "--prefix"]).arg(&dir).args([
        "--no-audit",
        "--no-fund",
        "--no-package-lock",
    ]))
    .context("npm is needed for the browser tests (Node.js 18 or newer)")
}

/// The string value of `"key": "value"` in a package.json, without a JSON parser.
fn pinned_version(manifest: &str, key: &str) -> Option<String> {
    let after = manifest.split(&format!("\"{key}\"")).nth(1)?;
    let value = after.split_once(':')?.1.trim_start().strip_prefix('"')?;
    Some(value.split('"').next()?.to_string())
}

/// The Chromium to drive: `CHROMIUM`, else /usr/bin/chromium, installed with apt-get when we are root.
pub fn ensure_chromium() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Ok(PathBuf::from(path));
    }
    let path = PathBuf::from(DEFAULT_CHROMIUM);
    if path.is_file() {
        return Ok(path);
    }
    let uid = output(Command::new("id").arg("-u")).unwrap_or_default();
    if uid.trim() != "0" {
        bail!("Chromium is missing ({DEFAULT_CHROMIUM}); install it with:\n    sudo sh -c '{CHROMIUM_INSTALL}'\nor set CHROMIUM=/path/to/chromium");
    }
    run(Command::new("sh").args(["-c", CHROMIUM_INSTALL]))?;
    if !path.is_file() {
        bail!("apt-get finished but {DEFAULT_CHROMIUM} is still missing");
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::pinned_version;

    #[test]
    fn reads_pinned_versions_from_package_json() {
        let manifest = r#"{ "name": "x", "dependencies": { "playwright-core": "1.65.1" } }"#;
        assert_eq!(pinned_version(manifest, "playwright-core").as_deref(), Some("1.65.1"));
        assert_eq!(pinned_version(r#"{"version":"2.0.0"}"#, "version").as_deref(), Some("2.0.0"));
        assert_eq!(pinned_version(manifest, "missing"), None);
    }
}

//! `cargo xtask test`: everything CI runs, in order, failing fast: formatting, clippy (native and wasm32),
//! native tests, wasm-bindgen tests under Node, then dist + browser tests in headless Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::process::{cargo, describe, run};
use crate::{dist, serve, setup};

/// Runs every step and prints how long each took (also when one fails).
pub fn run_all(root: &Path) -> Result<()> {
    let started = Instant::now();
    let mut timings: Vec<(&str, Duration)> = Vec::new();
    let result = run_steps(root, &mut timings);
    let verdict = if result.is_ok() { "all steps passed" } else { "FAILED" };
    println!("\nxtask test: {verdict} after {:.0} s", started.elapsed().as_secs_f64());
    for (name, took) in &timings {
        println!("  {:>6.1} s  {name}", took.as_secs_f64());
    }
    result
}

fn run_steps(root: &Path, timings: &mut Vec<(&'static str, Duration)>) -> Result<()> {
    let mut step = |name: &'static str, f: &mut dyn FnMut() -> Result<()>| -> Result<()> {
        println!("\n==> {name}");
        let t = Instant::now();
        let outcome = f().with_context(|| format!("step `{name}` failed"));
        timings.push((name, t.elapsed()));
        outcome
    };
    step("setup: wasm32 target", &mut setup::ensure_wasm_target)?;
    step("fmt", &mut || cargo_in(root, &["fmt", "--all", "--check"]))?;
    step("clippy (native, workspace)", &mut || {
        cargo_in(root, &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])
    })?;
    step("clippy (wasm32)", &mut || {
        // With the wasm32 clippy.toml: bans what compiles for wasm32 but breaks in a browser.
        run(cargo().current_dir(root).env("CLIPPY_CONF_DIR", root.join("xtask/clippy-wasm32")).args([
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("tests (native, workspace)", &mut || cargo_in(root, &["test", "--workspace"]))?;
    step("tests (wasm-bindgen, Node)", &mut || wasm_tests(root))?;
    step("dist", &mut || dist::dist(root).map(|_| ()))?;
    step("setup: npm packages, Chromium", &mut || {
        setup::ensure_npm_packages(root).and(setup::ensure_chromium().map(|_| ()))
    })?;
    step("tests (browser, headless Chromium)", &mut || run_browser_script(root, "page.mjs", &[]))
}

fn cargo_in(root: &Path, args: &[&str]) -> Result<()> {
    run(cargo().current_dir(root).args(args))
}

/// The lib's wasm-bindgen tests (src/web/tests.rs), run by the pinned `wasm-bindgen-test-runner` in Node.
/// Only the lib: native-only dev-dependencies (proptest, criterion) do not build for wasm32.
fn wasm_tests(root: &Path) -> Result<()> {
    let runner_dir = setup::ensure_test_runner(root)?;
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::iter::once(runner_dir).chain(std::env::split_paths(&path));
    let path = std::env::join_paths(dirs).context("PATH holds an unusable folder name")?;
    run(cargo().current_dir(root).env("PATH", path).args([
        "test",
        "--target",
        "wasm32-unknown-unknown",
        "--lib",
    ]))
}

/// Serves dist/ on a free port of 127.0.0.1 and runs `node tests/browser/<script>` against it, with
/// BASE_URL, CHROMIUM, ANOMALYZE_CLI (the native binary), SCREENSHOT_DIR and a TMPDIR of this run (Chromium leaves temp folders behind).
pub fn run_browser_script(root: &Path, script: &str, extra_env: &[(&str, String)]) -> Result<()> {
    let chromium = setup::ensure_chromium()?;
    // The native CLI, so the tests can check that the page shows the CLI's error text.
    cargo_in(root, &["build", "--quiet", "--bin", "anomalyze"])?;
    let cli = dist::target_dir(root).join("debug").join(format!("anomalyze{}", std::env::consts::EXE_SUFFIX));
    let server = serve::start(&root.join("dist"), 0)?;
    let tmp = run_tmp_dir(root)?;
    let mut cmd = Command::new("node");
    cmd.current_dir(root)
        .arg(root.join("tests/browser").join(script))
        .env("BASE_URL", server.url())
        .env("CHROMIUM", &chromium)
        .env("ANOMALYZE_CLI", &cli)
        .env("SCREENSHOT_DIR", root.join("tests/browser/screenshots"))
        .env("TMPDIR", &tmp);
    for (key, value) in extra_env {
        cmd.env(key, value);
    }
    println!("serving dist/ at {} for {}", server.url(), describe(&cmd));
    let result = run(&mut cmd);
    server.stop();
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

fn run_tmp_dir(root: &Path) -> Result<PathBuf> {
    let dir = dist::target_dir(root).join("browser-tmp").join(format!("run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

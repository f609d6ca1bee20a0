//! Build tool of Anomalyze: `cargo xtask dist | serve [--port N] | test | sample | bench-page [FILE]`.
//!
//! Everything CI runs goes through `cargo xtask test`; whatever can be installed for it (the wasm target,
//! the wasm-bindgen test runner, npm packages, Chromium when root) is installed here, into local folders.

mod bench;
mod dist;
mod process;
mod sample;
mod serve;
mod setup;
mod test;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  dist               build the page into dist/ (release wasm + wasm-bindgen + www/ + models/)
  serve [--port N]   dist, then serve dist/ on http://127.0.0.1:N/ (default 8080)
  test               everything CI runs: fmt, clippy (native + wasm32), tests (native, wasm, browser)
  test-browser       dist, then only the browser tests (tests/browser/page.mjs)
  sample             regenerate www/sample.csv (the page's \"Try a sample\" capture)
  bench-page [FILE]  time file drop → summary in headless Chromium (default: the seed capture)";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<()> {
    let root = project_root();
    let rest = args.get(1..).unwrap_or(&[]);
    match args.first().map(String::as_str) {
        Some("dist") => dist::dist(&root).map(|_| ()),
        Some("serve") => {
            let port = parse_port(rest)?;
            let site = dist::dist(&root)?;
            serve::serve_forever(&site, port)
        }
        Some("test") => test::run_all(&root),
        Some("test-browser") => {
            dist::dist(&root)?;
            setup::ensure_npm_packages(&root)?;
            test::run_browser_script(&root, "page.mjs", &[])
        }
        Some("sample") => sample::write(&root),
        Some("bench-page") => bench::run(&root, rest.first().map(PathBuf::from)),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command `{other}`\n\n{USAGE}"),
        None => bail!("no command given\n\n{USAGE}"),
    }
}

/// `--port N` (or `--port=N`), default 8080.
fn parse_port(args: &[String]) -> Result<u16> {
    let mut port = 8080;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = match arg.strip_prefix("--port=") {
            Some(v) => v.to_string(),
            None if arg == "--port" => {
                it.next().context("`--port` needs a number, e.g. --port 8080")?.clone()
            }
            None => bail!("unknown argument `{arg}` for serve; usage: cargo xtask serve [--port 8080]"),
        };
        port = value.parse().with_context(|| format!("`{value}` is not a port number (1–65535)"))?;
    }
    Ok(port)
}

/// The repository root (the parent of xtask/).
fn project_root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::parse_port;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn port_defaults_to_8080_and_accepts_both_spellings() {
        assert_eq!(parse_port(&[]).unwrap(), 8080);
        assert_eq!(parse_port(&args(&["--port", "9000"])).unwrap(), 9000);
        assert_eq!(parse_port(&args(&["--port=1234"])).unwrap(), 1234);
        assert!(parse_port(&args(&["--port"])).is_err());
        assert!(parse_port(&args(&["--port", "99999"])).is_err());
        assert!(parse_port(&args(&["--verbose"])).is_err());
    }
}

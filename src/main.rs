//! The `anomalyze` command-line tool; all logic lives in the library (`anomalyze::cli`).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    anomalyze::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

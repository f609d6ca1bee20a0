//! The native command line: clap commands, file IO and progress bars (the only place with `std::fs`).
//!
//! Exit status: 0 ok, 1 bad input or runtime error, 2 usage error; errors go to stderr.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod inspect;

/// Anomalyze: score Wireshark captures with a tree ensemble and explain the scores.
#[derive(Debug, Parser)]
#[command(name = "anomalyze", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read a capture and print its rows, skipped rows, protocols, time span and labels.
    Inspect(inspect::InspectArgs),
}

/// Runs the CLI and maps errors to exit codes.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Inspect(args) => inspect::run(&args),
    }
}

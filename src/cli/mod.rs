//! The native command line: clap commands, file IO and progress bars (the only place with `std::fs`).
//!
//! Exit status: 0 ok, 1 bad input or runtime error, 2 usage error; errors go to stderr.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod contrib;
mod evaluate;
mod features;
mod inspect;
mod model_info;
mod predict;
mod score;
mod train;
mod train_extras;
mod train_params;

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
    /// Compute the feature matrix of a capture and write it as CSV.
    Features(features::FeaturesArgs),
    /// Score a feature CSV with a model (LightGBM model.txt or anomalyze-model JSON).
    Predict(predict::PredictArgs),
    /// Train a model file from labelled captures.
    Train(Box<train::TrainArgs>),
    /// Score every packet of a capture: probability and predicted label.
    Score(score::ScoreArgs),
    /// Metrics of a model on a labelled capture.
    Evaluate(evaluate::EvaluateArgs),
    /// Inspect a model file.
    #[command(subcommand)]
    Model(model_info::ModelCommand),
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
        Command::Features(args) => features::run(&args),
        Command::Predict(args) => report(predict::run(&args)),
        Command::Model(command) => report(model_info::run(&command)),
        Command::Train(args) => report(train::run(&args)),
        Command::Score(args) => report(score::run(&args)),
        Command::Evaluate(args) => report(evaluate::run(&args)),
    }
}

/// Prints an error of a command that returns `anyhow::Result` and maps it to exit status 1.
fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

//! Project automation: `cargo xtask <command>`.
//!
//! - `codegen [--check]`: regenerate `generated-client` from `spec/` (or, with `--spec`/`--out`, a standalone
//!   client crate for any spec); `--check` writes nothing and fails on drift.
//! - `api-diff OLD NEW` / `api-diff --base REV`: what changed between two specs, classed by semver effect.
//! - `permissions [--group G]`: the API surface and the permissions each operation needs.
//! - `spec import --from FILE --group TAG [--check]`: update groups of `spec/` from an upstream Genesys spec
//!   (Swagger 2.0 or OpenAPI 3.0) and print the API diff.
//! - `corpus [--check-sample]`: the generator on every large OpenAPI 3.0 spec of the APIs-guru directory.
//! - `fuzz [--minutes N] [--seed S] [--compile]`: hostile, structure-aware specs against the generator.

mod api_diff;
mod codegen;
mod corpus;
mod drift;
mod fuzz;
mod house_yaml;
mod permissions;
mod spec_import;
mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project automation for the Genesys Cloud client"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client from the spec.
    Codegen(codegen::Args),
    /// Compare two specs and class each change as breaking, additive or documentation-only.
    ApiDiff(api_diff::Args),
    /// Print every operation with its HTTP request, permissions, preview and deprecated flags.
    Permissions(permissions::Args),
    /// Write a synthetic spec N times the size of a real one (renamed copies), to measure how generation scales.
    SynthSpec(synth::Args),
    /// Update `spec/` from an upstream Genesys spec: `spec import --from FILE --group TAG`.
    #[command(subcommand)]
    Spec(spec_import::Command),
    /// Run the generator on every OpenAPI 3.0 spec of 100+ operations in the APIs-guru directory; print the table.
    Corpus(corpus::Args),
    /// One spec of the corpus run (a child process, so a panic or hang is counted, not fatal).
    #[command(hide = true)]
    CorpusWorker(corpus::WorkerArgs),
    /// Run the generator on random hostile specs for a while: no panic, no hang, output that parses.
    Fuzz(fuzz::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen::run(&args),
        Command::ApiDiff(args) => api_diff::run(&args),
        Command::Permissions(args) => permissions::run(&args),
        Command::SynthSpec(args) => synth::run(&args),
        Command::Spec(command) => spec_import::run(&command),
        Command::Corpus(args) => corpus::run(&args),
        Command::CorpusWorker(args) => corpus::worker(&args),
        Command::Fuzz(args) => fuzz::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (this crate's parent directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

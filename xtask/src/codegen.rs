//! (being written)

use std::process::ExitCode;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: &Args) -> Result<ExitCode, String> {
    Err("not implemented yet".to_owned())
}

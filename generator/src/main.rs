//! `genesys-codegen --spec <path> --out <dir>`: generates a standalone client crate for any Genesys spec.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use genesys_codegen::{Config, generate, report, write};

/// Generate a typed Rust client crate from a Genesys Cloud OpenAPI spec.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// A spec file (YAML or JSON) or a directory of them.
    #[arg(long)]
    spec: PathBuf,
    /// The directory to write the crate to.
    #[arg(long)]
    out: PathBuf,
    /// The generated crate's package name.
    #[arg(long, default_value = "genesys-cloud-api")]
    name: String,
    /// The runtime crate (`genesys-cloud`) as a path, for the generated `Cargo.toml`. Default: the version from
    /// crates.io.
    #[arg(long)]
    runtime_path: Option<PathBuf>,
    /// Fail on warnings (skipped operations, degraded types) too.
    #[arg(long)]
    deny_warnings: bool,
    /// Write nothing; exit 1 if the output directory differs from what would be generated.
    #[arg(long)]
    check: bool,
    /// List every warning; by default, warnings of one cause are grouped and the first few shown.
    #[arg(long)]
    verbose: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = standalone_config(
        &args.spec,
        &args.name,
        args.runtime_path.as_deref(),
        args.deny_warnings,
    );
    match run(&config, &args.out, args.check, args.verbose) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The configuration for a standalone crate generated from `spec`.
fn standalone_config(
    spec: &Path,
    name: &str,
    runtime_path: Option<&Path>,
    deny_warnings: bool,
) -> Config {
    let runtime_dependency = match runtime_path {
        Some(path) => format!("path = {:?}", path.to_string_lossy()),
        None => "version = \"0.1\"".to_owned(),
    };
    let mut config = Config::standalone(spec, name, runtime_dependency);
    config.deny_warnings = deny_warnings;
    config
}

fn run(config: &Config, out: &Path, check: bool, verbose: bool) -> Result<ExitCode, String> {
    let generated = generate(config).map_err(|d| d.to_string())?;
    eprint!("{}", report::grouped(&generated.warnings, verbose));
    let plan =
        write::plan(out, &generated.files, write::MANAGED_DIRS).map_err(|e| e.to_string())?;
    if check {
        if plan.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        print!("{}", plan.diff());
        eprintln!("{} is out of date; rerun without --check", out.display());
        return Ok(ExitCode::FAILURE);
    }
    plan.apply()
        .map_err(|e| format!("writing {}: {e}", out.display()))?;
    eprint!("{}", plan.summary());
    eprintln!(
        "{} into {}",
        report::Summary::new(&generated.api, &generated.warnings),
        out.display()
    );
    // The process ends here: the OS reclaims the model and the files at once, faster than freeing their many small
    // allocations one by one (as compilers do).
    std::mem::forget(generated);
    std::mem::forget(plan);
    Ok(ExitCode::SUCCESS)
}

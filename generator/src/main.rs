//! `genesys-codegen --spec <path> --out <dir>`: generates a standalone client crate for any Genesys spec.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use genesys_codegen::emit::toml_string;
use genesys_codegen::{Config, generate, report, write};

// Generation allocates heavily (token streams, syntax trees, strings); see `mimalloc` in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// The generated crate's package name: ASCII letters, digits, `-` and `_`, starting with a letter.
    #[arg(long, default_value = "genesys-cloud-api", value_parser = package_name)]
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
    /// The largest spec read, in MiB (all its files together).
    #[arg(long, default_value_t = genesys_codegen::spec::DEFAULT_MAX_INPUT_BYTES >> 20)]
    max_input_mib: u64,
    /// Overwrite existing files that do not carry the generated marker (a hand-written `Cargo.toml` or `src/lib.rs`).
    #[arg(long)]
    force: bool,
    /// List every warning; by default, warnings of one cause are grouped and the first few shown.
    #[arg(long)]
    verbose: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut config = standalone_config(
        &args.spec,
        &args.name,
        args.runtime_path.as_deref(),
        args.deny_warnings,
    );
    config.max_input_bytes = args.max_input_mib.saturating_mul(1 << 20);
    let overwrite = if args.force {
        write::Overwrite::Anything
    } else {
        write::Overwrite::GeneratedOnly
    };
    let mode = if args.check {
        write::Mode::Check
    } else {
        write::Mode::Apply
    };
    match run(&config, &args.out, mode, overwrite, args.verbose) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// A Cargo package name that is also a Rust identifier once `-` becomes `_` (examples `use` it).
fn package_name(name: &str) -> Result<String, String> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name.to_owned())
    } else {
        Err(
            "a package name has only ASCII letters, digits, `-` and `_`, and starts with a letter"
                .to_owned(),
        )
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
        Some(path) => format!("path = {}", toml_string(&path.to_string_lossy())),
        None => "version = \"0.1\"".to_owned(),
    };
    let mut config = Config::standalone(spec, name, runtime_dependency);
    config.deny_warnings = deny_warnings;
    config
}

fn run(
    config: &Config,
    out: &Path,
    mode: write::Mode,
    overwrite: write::Overwrite,
    verbose: bool,
) -> Result<ExitCode, String> {
    let generated = generate(config).map_err(|d| d.to_string())?;
    eprint!("{}", report::grouped(&generated.warnings, verbose));
    let plan = generated.plan(out, overwrite).map_err(|e| e.to_string())?;
    if !plan.run(mode).map_err(|e| e.to_string())? {
        eprintln!("rerun without --check to write it");
        return Ok(ExitCode::FAILURE);
    }
    if mode == write::Mode::Check {
        return Ok(ExitCode::SUCCESS);
    }
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

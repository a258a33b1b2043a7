//! `cargo xtask codegen [--check]`: regenerates `generated-client/src/generated/` and `generated-client/docs/`
//! from `spec/`; with `--check`, writes nothing and fails with a diff when the committed files are stale.
//! With `--spec`/`--out` it generates a standalone client crate for any spec instead (like `genesys-codegen`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use genesys_codegen::{Config, RuntimePath, generate, write};

use crate::workspace_root;

/// Directories of `generated-client` that only the generator writes.
const MANAGED_DIRS: &[&str] = &["src/generated", "docs"];

/// Arguments of `cargo xtask codegen`.
#[derive(clap::Args)]
pub struct Args {
    /// Write nothing; exit 1 with a diff if the generated files are out of date.
    #[arg(long)]
    check: bool,
    /// Generate a standalone crate from this spec (file or directory) instead of the project's own client.
    #[arg(long, requires = "out")]
    spec: Option<PathBuf>,
    /// Where to write the standalone crate.
    #[arg(long, requires = "spec")]
    out: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<ExitCode, String> {
    let root = workspace_root();
    let (config, out_dir) = match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => (standalone_config(&root, spec, out), out.clone()),
        _ => (project_config(&root), root.join("generated-client")),
    };
    let plan = plan(&config, &out_dir)?;
    if args.check {
        if plan.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        print!("{}", explain_drift(&plan));
        return Ok(ExitCode::FAILURE);
    }
    plan.apply()
        .map_err(|e| format!("writing {}: {e}", out_dir.display()))?;
    if plan.is_empty() {
        eprintln!("generated files are up to date");
    } else {
        eprint!("{}", plan.summary());
    }
    Ok(ExitCode::SUCCESS)
}

/// The project's own client: `spec/` into the `genesys-cloud` crate, with warnings treated as errors.
pub fn project_config(root: &Path) -> Config {
    let mut config = Config::new(root.join("spec"));
    config.spec_label = "spec/".to_owned();
    config.deny_warnings = true;
    config
}

fn standalone_config(root: &Path, spec: &Path, out: &Path) -> Config {
    let mut config = Config::new(spec);
    config.runtime = RuntimePath::External("genesys_cloud".to_owned());
    config.crate_name = "genesys-cloud-api".to_owned();
    config.regenerate_command = format!(
        "cargo xtask codegen --spec {} --out <dir>",
        config.spec_label
    );
    let runtime = root.join("generated-client");
    let runtime = std::path::absolute(&runtime).unwrap_or(runtime);
    config.runtime_dependency = format!("path = {:?}", runtime.to_string_lossy());
    let _ = out;
    config
}

/// Generates and compares with `out_dir`, printing warnings.
pub fn plan(config: &Config, out_dir: &Path) -> Result<write::Plan, String> {
    let generated = generate(config).map_err(|d| format!("the spec has problems:\n\n{d}"))?;
    for warning in generated.warnings.warnings() {
        eprintln!("{warning}\n");
    }
    write::plan(out_dir, &generated.files, MANAGED_DIRS)
        .map_err(|e| format!("reading {}: {e}", out_dir.display()))
}

/// The drift report: which items changed, the diff, and the command that fixes it.
fn explain_drift(plan: &write::Plan) -> String {
    format!(
        "The generated client is out of date with the spec.\n\n{}\nRun `cargo xtask codegen` to update it.\n",
        plan.diff()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` fails when someone edits the spec (or the generator) without regenerating.
    #[test]
    fn generated_client_is_up_to_date() {
        let root = workspace_root();
        let plan = match plan(&project_config(&root), &root.join("generated-client")) {
            Ok(plan) => plan,
            Err(e) => panic!("{e}"),
        };
        assert!(plan.is_empty(), "{}", explain_drift(&plan));
    }
}

//! `cargo xtask codegen [--check]`: regenerates every generated artefact of the repository:
//!
//! - the client: `spec/` → `generated-client/src/generated/` and `generated-client/docs/`;
//! - the snapshot: `generator/tests/fixtures/features/features.yaml` → `generator/tests/snapshot/` (a crate of
//!   the workspace, so the generator's output for every feature is reviewed as a diff and compiled).
//!
//! With `--check` it writes nothing and fails with a diff when a committed file is stale. With `--spec`/`--out` it
//! generates a standalone client crate for any spec instead (like the `genesys-codegen` binary).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use genesys_codegen::write::{self, Mode, Overwrite};
use genesys_codegen::{Config, RuntimePath, generate};

use crate::{drift, workspace_root};

/// Arguments of `cargo xtask codegen`.
#[derive(clap::Args)]
pub struct Args {
    /// Write nothing; exit 1 with a diff if the generated files are out of date.
    #[arg(long)]
    check: bool,
    /// Generate a standalone crate from this spec (file or directory) instead of the repository's artefacts.
    #[arg(long, requires = "out")]
    spec: Option<PathBuf>,
    /// Where to write the standalone crate.
    #[arg(long, requires = "spec")]
    out: Option<PathBuf>,
}

/// One generated artefact: a spec, how to generate it, and where it goes.
pub struct Artefact {
    name: &'static str,
    config: Config,
    out_dir: PathBuf,
    /// Whether to print the spec's warnings (the fixture has deliberate ones, asserted by its tests).
    report_warnings: bool,
}

/// The artefacts of the repository, in a fixed order.
pub fn artefacts(root: &Path) -> Vec<Artefact> {
    let mut client = Config::new(root.join("spec"));
    client.spec_label = "spec/".to_owned();
    client.deny_warnings = true;

    let mut snapshot = Config::new(root.join("generator/tests/fixtures/features/features.yaml"));
    snapshot.spec_label = "generator/tests/fixtures/features/features.yaml".to_owned();
    // A crate of the workspace with a hand-written manifest and lib.rs: no scaffold.
    snapshot.runtime = RuntimePath::External("genesys_cloud".to_owned());
    snapshot.crate_name = "genesys-codegen-snapshot".to_owned();

    vec![
        Artefact {
            name: "client",
            config: client,
            out_dir: root.join("generated-client"),
            report_warnings: true,
        },
        Artefact {
            name: "snapshot",
            config: snapshot,
            out_dir: root.join("generator/tests/snapshot"),
            report_warnings: false,
        },
    ]
}

impl Artefact {
    /// Generates and compares with the committed files.
    pub fn plan(&self) -> Result<write::Plan, String> {
        let generated = generate(&self.config)
            .map_err(|d| format!("{}: the spec has problems:\n\n{d}", self.name))?;
        if self.report_warnings {
            for warning in generated.warnings.warnings() {
                eprintln!("{warning}\n");
            }
        }
        generated
            .plan(&self.out_dir, Overwrite::GeneratedOnly)
            .map_err(|e| format!("{}: reading {}: {e}", self.name, self.out_dir.display()))
    }
}

pub fn run(args: &Args) -> Result<ExitCode, String> {
    let root = workspace_root();
    let mode = if args.check { Mode::Check } else { Mode::Apply };
    if let (Some(spec), Some(out)) = (&args.spec, &args.out) {
        return standalone(&root, spec, out, mode);
    }
    let mut stale = false;
    let mut changed = false;
    for artefact in artefacts(&root) {
        let plan = artefact.plan()?;
        changed |= !plan.is_empty();
        if mode == Mode::Check && !plan.is_empty() {
            print!("{}", drift_summary(artefact.name, &plan));
        }
        stale |= !plan.run(mode).map_err(|e| e.to_string())?;
    }
    if stale {
        eprintln!(
            "Generated files are out of date: run `cargo xtask codegen` and commit the result."
        );
        return Ok(ExitCode::FAILURE);
    }
    if !changed {
        eprintln!("generated files are up to date");
    }
    Ok(ExitCode::SUCCESS)
}

/// A complete client crate for any spec, depending on this repository's runtime by path.
fn standalone(root: &Path, spec: &Path, out: &Path, mode: Mode) -> Result<ExitCode, String> {
    let runtime = root.join("generated-client");
    let runtime = std::path::absolute(&runtime).unwrap_or(runtime);
    let mut config = Config::standalone(
        spec,
        "genesys-cloud-api",
        format!("path = {:?}", runtime.to_string_lossy()),
    );
    config.regenerate_command = format!(
        "cargo xtask codegen --spec {} --out <dir>",
        config.spec_label
    );
    let generated = generate(&config).map_err(|d| d.to_string())?;
    for warning in generated.warnings.warnings() {
        eprintln!("{warning}\n");
    }
    let plan = generated
        .plan(out, Overwrite::GeneratedOnly)
        .map_err(|e| e.to_string())?;
    if !plan.run(mode).map_err(|e| e.to_string())? {
        eprintln!("rerun without --check to write it");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Which items of one artefact are out of date (its diff follows).
fn drift_summary(name: &str, plan: &write::Plan) -> String {
    let files: Vec<(String, String, String)> = plan
        .changes
        .iter()
        .map(|change| {
            let (old, new) = match change {
                write::Change::Create { new, .. } => (String::new(), new.clone()),
                write::Change::Update { old, new, .. } => (old.clone(), new.clone()),
                write::Change::Remove { old, .. } => (old.clone(), String::new()),
            };
            (change.path().to_owned(), old, new)
        })
        .collect();
    format!(
        "The generated {name} is out of date.\n{}\n\n",
        drift::summary(&files)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` fails when someone edits a spec (or the generator) without regenerating.
    #[test]
    fn generated_files_are_up_to_date() {
        for artefact in artefacts(&workspace_root()) {
            match artefact.plan() {
                Ok(plan) => assert!(
                    plan.is_empty(),
                    "{}{}\nRun `cargo xtask codegen`.",
                    drift_summary(artefact.name, &plan),
                    plan.diff()
                ),
                Err(e) => panic!("{e}"),
            }
        }
    }
}

//! `cargo xtask api-diff`: what changed between two specs, each change classed by its effect on a Rust caller of
//! `generated-client` (breaking, additive or documentation-only), and the semver bump that needs.
//!
//! - `cargo xtask api-diff OLD NEW`: two spec directories (like `spec/`) or single files;
//! - `cargo xtask api-diff --base REV`: `spec/` at git revision `REV` against the working tree's `spec/`.
//!
//! `--format markdown` prints release notes grouped by API group; `--fail-on breaking` exits with 1 when a breaking
//! change exists (for CI). The policy is documented in `genesys_codegen::diff`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use genesys_codegen::Config;
use genesys_codegen::diff::{self, ApiDiff, Impact};
use genesys_codegen::model::Api;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// The old spec: a directory of spec files or a single file.
    #[arg(
        value_name = "OLD",
        required_unless_present = "base",
        conflicts_with = "base"
    )]
    old: Option<PathBuf>,
    /// The new spec: a directory of spec files or a single file.
    #[arg(
        value_name = "NEW",
        required_unless_present = "base",
        conflicts_with = "base"
    )]
    new: Option<PathBuf>,
    /// Compare `spec/` at this git revision (e.g. `HEAD`, `origin/main`) with the working tree's `spec/`.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with status 1 when a change of this class (or worse) exists.
    #[arg(long, value_enum, value_name = "CLASS")]
    fail_on: Option<FailOn>,
}

/// How the report is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// One line per change, grouped by API group.
    Text,
    /// Release notes: `## Group` sections with breaking, additive and documentation lists.
    Markdown,
}

/// Which changes fail the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    /// Breaking changes (a major bump).
    Breaking,
    /// Breaking or additive changes (anything beyond a patch).
    Additive,
    /// Any change at all.
    Any,
}

pub fn run(args: &Args) -> Result<ExitCode, String> {
    let root = crate::workspace_root();
    // Kept alive until both specs are loaded.
    let _checkout: Option<tempfile::TempDir>;
    let (old_path, old_label, new_path, new_label) = match (&args.base, &args.old, &args.new) {
        (Some(rev), None, None) => {
            let dir = checkout_spec(&root, rev)?;
            let old_path = dir.path().join("spec");
            _checkout = Some(dir);
            (
                old_path,
                format!("spec/ at {rev}"),
                root.join("spec"),
                "spec/ (working tree)".to_owned(),
            )
        }
        (None, Some(old), Some(new)) => {
            _checkout = None;
            (
                old.clone(),
                old.display().to_string(),
                new.clone(),
                new.display().to_string(),
            )
        }
        _ => {
            return Err(
                "give either two specs (`api-diff OLD NEW`) or `--base REV`, not both".to_owned(),
            );
        }
    };
    let old = load(&old_path, "old", &old_label)?;
    let new = load(&new_path, "new", &new_label)?;
    let result = diff::diff(&old, &new);
    let report = match args.format {
        Format::Text => diff::render_text(&result, &old_label, &new_label),
        Format::Markdown => diff::render_markdown(&result, &old_label, &new_label),
    };
    print!("{report}");
    Ok(if fails(&result, args.fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether `--fail-on` is triggered.
fn fails(result: &ApiDiff, fail_on: Option<FailOn>) -> bool {
    match fail_on {
        None => false,
        Some(FailOn::Breaking) => result.has_breaking(),
        Some(FailOn::Additive) => result
            .changes
            .iter()
            .any(|c| c.class != Impact::Documentation),
        Some(FailOn::Any) => !result.is_empty(),
    }
}

/// Loads and lowers one spec; warnings (skipped operations, which would show up as removals) go to stderr.
pub fn load(path: &Path, which: &str, label: &str) -> Result<Api, String> {
    if !path.exists() {
        return Err(format!("the {which} spec {label} does not exist"));
    }
    match genesys_codegen::load_api(&Config::new(path)) {
        Ok((api, warnings)) => {
            let count = warnings.warnings().count();
            if count > 0 {
                eprintln!(
                    "note: the {which} spec ({label}) loaded with {count} warning(s); skipped operations show up as removed or added:"
                );
                for w in warnings.warnings().take(10) {
                    eprintln!("{w}\n");
                }
                if count > 10 {
                    eprintln!("... and {} more\n", count - 10);
                }
            }
            Ok(api)
        }
        Err(diagnostics) => Err(format!(
            "the {which} spec ({label}) failed to load:\n\n{diagnostics}"
        )),
    }
}

/// `spec/` as it is at git revision `rev`, written into a temporary directory (as `<tmp>/spec/...`).
fn checkout_spec(root: &Path, rev: &str) -> Result<tempfile::TempDir, String> {
    let listing = git(
        root,
        &["ls-tree", "-r", "-z", "--name-only", rev, "--", "spec/"],
    )
    .map_err(|e| format!("cannot list spec/ at {rev}: {e}"))?;
    let files: Vec<String> = String::from_utf8_lossy(&listing)
        .split('\0')
        .filter(|f| !f.is_empty())
        .filter(|f| {
            let lower = f.to_ascii_lowercase();
            lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json")
        })
        .map(str::to_owned)
        .collect();
    if files.is_empty() {
        return Err(format!(
            "there are no spec files (*.yaml, *.yml, *.json) under spec/ at {rev}"
        ));
    }
    let dir = tempfile::Builder::new()
        .prefix("api-diff-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    for file in files {
        let contents = git(root, &["show", &format!("{rev}:{file}")])
            .map_err(|e| format!("cannot read {file} at {rev}: {e}"))?;
        let target = dir.path().join(&file);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&target, contents)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(dir)
}

/// Runs git in `root` and returns its standard output.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_levels() {
        let empty = ApiDiff::default();
        assert!(!fails(&empty, Some(FailOn::Any)));
        assert!(!fails(&empty, Some(FailOn::Breaking)));
        assert!(!fails(&empty, None));
    }
}

//! Generates a typed Rust client for the Genesys Cloud Platform API from its OpenAPI spec.
//!
//! # The pipeline
//!
//! One module per stage, each handing the next a typed value:
//! 1. [`spec`]: read the spec files (YAML or JSON; Swagger 2.0 is converted to OpenAPI 3.0) and merge them into one
//!    OpenAPI document;
//! 2. [`model`]: check it and lower it into a typed model of the API ([`model::Api`]). Facts are stored typed and
//!    worded only at emission: a type's origin ([`model::TypeOrigin`]), a deprecation and its replacement
//!    ([`model::Deprecation`]), the vendor extensions, which [`extensions`] parses with one validation policy;
//! 3. [`emit`]: turn the model into files. Each [`Format`] (the Rust modules, built as `syn` trees from small
//!    `quote!` fragments and printed by `prettyplease`; the Markdown pages) names its files in the directory it
//!    owns; [`Config::scaffold`] adds a standalone crate's `Cargo.toml` and `src/lib.rs`. Both formats are
//!    documented from one documentation model (`emit/docs`: operation, group and type docs as values, rendered by a
//!    rustdoc and a Markdown backend, with types printed from the code emitter's own tokens);
//! 4. [`write`](mod@write): compare with the disk ([`Generated::plan`]), then check or apply ([`write::Plan::run`]):
//!    atomic writes, and removal of stale generated files only in the formats' directories ([`emit::managed_dirs`]).
//!    The binary, `cargo xtask codegen` and the corpus worker all take this one path.
//!
//! Beside the pipeline, [`diff`] compares the models of two specs and classes each change by its effect on callers
//! (`cargo xtask api-diff`), naming things as the lowered model does; [`contract`] holds what generated code and the
//! hand-written runtime must agree on (its crate and feature names, its macros, the methods every request type
//! has), checked against the runtime's source by `tests/contract.rs`; [`diagnostics`] and [`report`] are the
//! located problems every stage collects (all at once, never a panic) and their grouped summary.
//!
//! # Where a change goes
//!
//! - **A new output format** (say, a JSON index under `index/`): a variant of [`Format`] in
//!   `generator/src/emit/mod.rs`, with its directory in `Format::dir`, its jobs in `Format::jobs` and the arm that
//!   runs each job in `emit` (the compiler points at each `match`), and an emitter module
//!   `generator/src/emit/<format>.rs` whose jobs return their files through `Format::file`. The writer then manages
//!   the new directory (its stale generated files are removed) without any other list to update. A new kind of
//!   documentation (HTML pages, say) is a backend beside `emit/docs/markdown.rs` that renders the same doc values.
//! - **A new vendor extension**: a variant of [`extensions::Extension`] (its key, and how to write it for the error
//!   help) and a field of `OperationExtensions` read in `OperationExtensions::parse`, all in
//!   `generator/src/extensions.rs`; malformed values are then located errors like the others, and
//!   `cargo xtask spec import` keeps the key. What the value means is used where it matters: a field of the model
//!   ([`model::Operation`]) set in `model/lower/operations.rs`, and the emitter that renders it.
//!
//! # As a library
//!
//! It is a library first, so a downstream crate can generate a client for its own spec from its `build.rs` (the
//! snapshot crate in `generator/tests/snapshot` does exactly this):
//!
//! ```no_run
//! // build.rs, with `genesys-codegen` as a build-dependency and `genesys-cloud` (the runtime) as a dependency
//! use genesys_codegen::{generate, Config, Layout, RuntimePath};
//!
//! fn main() {
//!     println!("cargo::rerun-if-changed=spec");
//!     let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
//!     let mut config = Config::new("spec");
//!     config.runtime = RuntimePath::External("genesys_cloud".to_owned());
//!     config.layout = Layout::SingleFile("genesys_api.rs".to_owned());
//!     let generated = generate(&config).unwrap_or_else(|problems| panic!("{problems}"));
//!     for file in generated.files {
//!         std::fs::write(format!("{out_dir}/{}", file.path), file.contents).expect("OUT_DIR is writable");
//!     }
//! }
//! // and in src/lib.rs: `include!(concat!(env!("OUT_DIR"), "/genesys_api.rs"));`
//! ```
//!
//! A crate of its own (what `genesys-codegen --spec SPEC --out DIR` writes) is [`Config::standalone`], then
//! `generate(&config)?.plan(dir, Overwrite::GeneratedOnly)?.run(Mode::Apply)`.

pub mod contract;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod extensions;
pub mod model;
pub mod report;
pub mod spec;
pub mod write;

use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use emit::{Format, GeneratedFile, Layout, RuntimePath};

/// What to generate from which spec.
#[derive(Clone, Debug)]
pub struct Config {
    /// A spec directory or file.
    pub spec: PathBuf,
    /// How generated code reaches the runtime.
    pub runtime: RuntimePath,
    /// How the output is laid out.
    pub layout: Layout,
    /// Fail on warnings too (an operation skipped for an unsupported feature, say).
    pub deny_warnings: bool,
    /// The spec path as it should appear in file headers (relative, so output is the same on every machine).
    pub spec_label: String,
    /// The command that regenerates the files, for their headers.
    pub regenerate_command: String,
    /// With [`RuntimePath::External`]: the package name of the crate the code is generated into (doc examples
    /// `use` it; [`Config::scaffold`] names the crate so).
    pub crate_name: String,
    /// Also write the files that make the output a crate of its own; `None` when the crate exists already (this
    /// repository's client and snapshot, a build script's crate).
    pub scaffold: Option<Scaffold>,
    /// The largest spec (all its files together) that is read; a larger one is an error instead of a run out of
    /// memory. Default [`spec::DEFAULT_MAX_INPUT_BYTES`].
    pub max_input_bytes: u64,
}

impl Config {
    /// Generates the modules of the `genesys-cloud` crate itself from `spec`.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        let spec = spec.into();
        Self {
            spec_label: spec
                .file_name()
                .map_or_else(|| "spec".to_owned(), |n| n.to_string_lossy().into_owned()),
            spec,
            runtime: RuntimePath::Crate,
            layout: Layout::Crate,
            deny_warnings: false,
            regenerate_command: "cargo xtask codegen".to_owned(),
            crate_name: contract::RUNTIME_PACKAGE.to_owned(),
            scaffold: None,
            max_input_bytes: spec::DEFAULT_MAX_INPUT_BYTES,
        }
    }
}

impl Config {
    /// A standalone client crate for `spec`, named `crate_name`, depending on the runtime crate through
    /// `runtime_dependency` (its source in `Cargo.toml`, e.g. `path = "../generated-client"`).
    pub fn standalone(
        spec: impl Into<PathBuf>,
        crate_name: &str,
        runtime_dependency: String,
    ) -> Self {
        let mut config = Self::new(spec);
        config.runtime = RuntimePath::External(contract::RUNTIME_CRATE.to_owned());
        config.crate_name = crate_name.to_owned();
        config.scaffold = Some(Scaffold { runtime_dependency });
        config.regenerate_command =
            format!("genesys-codegen --spec {} --out <dir>", config.spec_label);
        config
    }
}

/// The files that make a [`Layout::Crate`] output a crate of its own: its `Cargo.toml` (one feature per API group)
/// and its `src/lib.rs`.
#[derive(Clone, Debug)]
pub struct Scaffold {
    /// The runtime dependency's source in `Cargo.toml`, e.g. `path = "../genesys-cloud"` or `version = "0.1"`.
    pub runtime_dependency: String,
}

/// The result of a successful run.
#[derive(Debug)]
pub struct Generated {
    /// The files, with paths relative to the output crate's root, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// The model they were emitted from.
    pub api: model::Api,
    /// Problems that did not stop generation (skipped operations, degraded types).
    pub warnings: Diagnostics,
    /// The directories of the output that only the generator writes ([`emit::managed_dirs`]).
    pub managed_dirs: Vec<&'static str>,
}

impl Generated {
    /// What writing the files into `out_dir` changes, including the removal of generated files in
    /// [`Generated::managed_dirs`] that nothing generates any more; carry it out with [`write::Plan::run`].
    pub fn plan(
        &self,
        out_dir: &Path,
        overwrite: write::Overwrite,
    ) -> std::io::Result<write::Plan> {
        write::plan_with(out_dir, &self.files, &self.managed_dirs, overwrite)
    }
}

/// Runs the whole pipeline: read, check, lower, emit.
pub fn generate(config: &Config) -> Result<Generated, Diagnostics> {
    let api_and_warnings = load_api(config)?;
    let (api, warnings) = api_and_warnings;
    let files = emit::emit(&api, config)?;
    Ok(Generated {
        files,
        api,
        warnings,
        managed_dirs: emit::managed_dirs(&config.layout),
    })
}

/// Reads, checks and lowers the spec, without emitting anything (for tools such as the API diff).
pub fn load_api(config: &Config) -> Result<(model::Api, Diagnostics), Diagnostics> {
    let spec = spec::load_with_limit(&config.spec, config.max_input_bytes)?;
    let (api, diagnostics) = model::lower(&spec);
    match api {
        Some(api) if !config.deny_warnings || diagnostics.warnings().next().is_none() => {
            Ok((api, diagnostics))
        }
        _ => Err(diagnostics),
    }
}

/// The model of this repository's own `spec/`, for unit tests that check emission against the real API.
#[cfg(test)]
pub(crate) fn project_api() -> model::Api {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator sits in the workspace");
    load_api(&Config::new(root.join("spec")))
        .expect("the project's spec loads")
        .0
}

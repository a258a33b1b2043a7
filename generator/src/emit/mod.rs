//! Stage 3: the model → Rust source files.

use crate::model::Api;
use crate::Config;

/// How generated code names the runtime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimePath {
    /// Generated into the `genesys-cloud` crate itself: `crate::runtime`.
    Crate,
    /// Generated into another crate that depends on the runtime crate under this name (e.g. `genesys_cloud`).
    External(String),
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output crate's root, with `/` separators.
    pub path: String,
    /// Its contents.
    pub contents: String,
}

/// Emits every file for `api`.
pub fn emit(_api: &Api, _config: &Config) -> Vec<GeneratedFile> {
    Vec::new()
}

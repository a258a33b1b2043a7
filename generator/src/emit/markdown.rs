//! Placeholder until the Markdown module lands (helper-owned file).
use crate::{Config, emit::GeneratedFile, model::Api};
pub(crate) fn pages(_api: &Api, _config: &Config) -> Vec<GeneratedFile> {
    Vec::new()
}

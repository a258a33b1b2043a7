//! Stage 1: read the spec files and merge them into one OpenAPI document.
//!
//! A spec is a directory of `*.yaml`/`*.yml`/`*.json` files (read in name order) or a single file. Each file is a
//! complete OpenAPI 3.0 document; their paths and components are merged, and a clash (one operation or one
//! component defined differently in two files) is an error that names both files. Before a file is parsed, `refs`
//! resolves `$ref`s to any JSON pointer and drops callbacks, with a note.

mod merge;
mod refs;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// A parsed and merged spec, with where each part came from.
#[derive(Debug)]
pub struct Spec {
    /// The merged document.
    pub document: OpenAPI,
    /// The files read, in order.
    pub files: Vec<PathBuf>,
    /// Which file each `/paths/...` entry and each `/components/schemas/...` entry came from, by JSON pointer.
    pub origins: BTreeMap<String, PathBuf>,
    /// Notes on valid constructs the generator ignores (callbacks, say).
    pub notes: Diagnostics,
}

impl Spec {
    /// The file the item at `pointer` was defined in (by its longest known prefix).
    pub fn file_of(&self, pointer: &str) -> Option<&Path> {
        self.origins
            .range(..=pointer.to_owned())
            .rev()
            .find(|(prefix, _)| pointer.starts_with(prefix.as_str()))
            .map(|(_, file)| file.as_path())
            .or_else(|| self.files.first().map(PathBuf::as_path))
    }
}

/// Reads a spec from a directory or a single file.
pub fn load(path: &Path) -> Result<Spec, Diagnostics> {
    let files = spec_files(path)?;
    let mut diagnostics = Diagnostics::default();
    let mut documents = Vec::with_capacity(files.len());
    let mut notes = Diagnostics::default();
    for file in &files {
        match parse_file(file) {
            Ok((document, file_notes)) => {
                documents.push((file.clone(), document));
                notes
                    .0
                    .extend(file_notes.into_iter().map(|n| n.in_file(file)));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let spec = merge::merge(documents, &mut diagnostics);
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(diagnostics);
    }
    let mut spec = spec.ok_or(diagnostics)?;
    spec.notes = notes;
    Ok(spec)
}

/// Parses one document from its text; the format is chosen by the file name (`.json` is JSON, anything else YAML).
pub fn parse_str(file: &Path, text: &str) -> Result<OpenAPI, Diagnostic> {
    parse_document(file, text).map(|(document, _)| document)
}

/// Parses one document from its text, with notes on the valid constructs it ignores ([`refs`] prepares the value
/// the parser reads).
fn parse_document(file: &Path, text: &str) -> Result<(OpenAPI, Vec<Diagnostic>), Diagnostic> {
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    // The fast path parses without tracking where it is; only a failed parse is repeated to locate the error.
    let value = if is_json {
        serde_json::from_str::<serde_json::Value>(text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str::<serde_json::Value>(text).map_err(|e| e.to_string())
    };
    let error = match value {
        Ok(mut value) => {
            let notes = refs::prepare(&mut value);
            match serde_path_to_error::deserialize::<_, OpenAPI>(value) {
                Ok(document) => return Ok((document, notes)),
                Err(e) => {
                    // Repeated on the text below for a line and column; this pointer is the fallback.
                    let pointer = json_path_to_pointer(&e.path().to_string());
                    (pointer, e.into_inner().to_string())
                }
            }
        }
        Err(error) => (String::new(), error),
    };
    let (pointer, message) = if is_json {
        let mut de = serde_json::Deserializer::from_str(text);
        match serde_path_to_error::deserialize::<_, OpenAPI>(&mut de) {
            Err(e) => (
                json_path_to_pointer(&e.path().to_string()),
                e.inner().to_string(),
            ),
            Ok(_) => error,
        }
    } else {
        match serde_path_to_error::deserialize::<_, OpenAPI>(serde_yaml::Deserializer::from_str(
            text,
        )) {
            Err(e) => (
                json_path_to_pointer(&e.path().to_string()),
                e.inner().to_string(),
            ),
            Ok(_) => error,
        }
    };
    Err(Diagnostic::error(pointer, format!("not a valid OpenAPI 3.0 document: {message}"))
        .with_help("fix the value at this location; the generator reads OpenAPI 3.0.x (convert Swagger 2.0 first)")
        .in_file(file))
}

fn parse_file(file: &Path) -> Result<(OpenAPI, Vec<Diagnostic>), Diagnostic> {
    let text = fs::read_to_string(file).map_err(|e| {
        Diagnostic::error("", format!("cannot read the spec file: {e}")).in_file(file)
    })?;
    parse_document(file, &text)
}

/// `paths./api/v2/x.get.responses` (serde_path_to_error's form) as a JSON pointer.
fn json_path_to_pointer(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    // Keys containing dots are not distinguishable in this form; good enough to point a human at the spot.
    let mut pointer = String::new();
    for segment in path.split('.') {
        pointer.push('/');
        pointer.push_str(&crate::diagnostics::pointer_segment(segment));
    }
    pointer
}

fn spec_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let fail = |message: String| {
        Diagnostics(vec![
            Diagnostic::error("", message)
                .with_help("pass a spec directory of *.yaml/*.json files, or one spec file")
                .in_file(path),
        ])
    };
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = fs::read_dir(path).map_err(|e| fail(format!("cannot read the spec: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json")
                })
        })
        .collect();
    // Sorted explicitly: directory order differs between machines.
    files.sort();
    if files.is_empty() {
        return Err(fail(
            "no *.yaml, *.yml or *.json files in the spec directory".to_owned(),
        ));
    }
    Ok(files)
}

//! Stage 1: read the spec files and merge them into one OpenAPI document.
//!
//! A spec is a directory of `*.yaml`/`*.yml`/`*.json` files (read in name order) or a single file. Each file is a
//! complete OpenAPI 3.0 document, or a Swagger 2.0 one converted on reading (the private `swagger2` module); their
//! paths and components are merged, and a clash (one operation or one component defined differently in two files)
//! is an error that names both files.
//! Before a document is parsed, `refs` resolves `$ref`s to any JSON pointer and drops callbacks, with a note.

mod json;
mod merge;
mod refs;
mod swagger2;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::thread;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Paths, ReferenceOr, Schema};
use serde::Deserialize as _;

use crate::diagnostics::{Diagnostic, Diagnostics, pointer_segment};
use crate::report::Cause;

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

/// The default for [`load_with_limit`]: far above any real spec (Genesys's whole API is about 10 MiB of JSON), far
/// below what would exhaust a machine's memory once parsed.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 << 20;

/// How deeply YAML flow collections (`[…]`, `{…}`) may nest. The parser's own limit is 128, but it reads the
/// whole document first, in time quadratic in that depth, so deeper input is refused before parsing.
const MAX_FLOW_NESTING: usize = 128;

/// Reads a spec from a directory or a single file, of at most [`DEFAULT_MAX_INPUT_BYTES`].
pub fn load(path: &Path) -> Result<Spec, Diagnostics> {
    load_with_limit(path, DEFAULT_MAX_INPUT_BYTES)
}

/// Reads a spec from a directory or a single file whose files together hold at most `max_bytes`.
pub fn load_with_limit(path: &Path, max_bytes: u64) -> Result<Spec, Diagnostics> {
    let files = spec_files(path)?;
    let total: u64 = files
        .iter()
        .filter_map(|f| fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    if total > max_bytes {
        return Err(Diagnostics(vec![
            Diagnostic::error(
                "",
                format!("the spec is {total} bytes, more than the limit of {max_bytes} bytes"),
            )
            .with_help("raise the limit (`Config::max_input_bytes`, `--max-input-mib`) if the spec is really this large")
            .in_file(path),
        ]));
    }
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
            Err(d) => diagnostics.0.extend(d.0),
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
/// A Swagger 2.0 document is converted into OpenAPI 3.0.
pub fn parse_str(file: &Path, text: &str) -> Result<OpenAPI, Diagnostics> {
    parse_document(file, text).map(|(document, _)| document)
}

/// Parses one document from its text, with notes on the valid constructs it ignores ([`refs`] prepares the value
/// the parser reads).
fn parse_document(file: &Path, text: &str) -> Result<(OpenAPI, Vec<Diagnostic>), Diagnostics> {
    let (text, is_json) = source(file, text);
    let (value, converted) = openapi_value(file, text, is_json)?;
    typed(file, text, is_json, value, converted)
}

/// The text without a byte-order mark (legal at the start of YAML and common in files saved on Windows), and
/// whether it is JSON (by the file name; anything else is YAML).
fn source<'t>(file: &Path, text: &'t str) -> (&'t str, bool) {
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    (text.strip_prefix('\u{feff}').unwrap_or(text), is_json)
}

/// The document as an OpenAPI 3.0 JSON value (a Swagger 2.0 one converted, which the `bool` says), before any
/// `$ref` is prepared; errors for text that is not JSON/YAML or declares another version.
fn openapi_value(
    file: &Path,
    text: &str,
    is_json: bool,
) -> Result<(serde_json::Value, bool), Diagnostics> {
    let fail = |d: Diagnostic| Diagnostics(vec![d.in_file(file)]);
    if !is_json && flow_nesting(text) > MAX_FLOW_NESTING {
        return Err(fail(
            Diagnostic::error(
                "",
                format!("YAML brackets nest more than {MAX_FLOW_NESTING} levels deep"),
            )
            .with_help(
                "no OpenAPI document nests this deeply; check the file is the spec you meant",
            ),
        ));
    }
    let mut value = match untyped(text, is_json) {
        Ok(value) => value,
        Err(message) => {
            let pointer = locate(text, is_json).map(|(pointer, _)| pointer);
            return Err(fail(not_openapi(pointer.unwrap_or_default(), &message)));
        }
    };
    let converted = match swagger2::version(&value) {
        Some(version) => {
            value = swagger2::read(file, &value, version)?;
            true
        }
        None => false,
    };
    if let Some(version) = value
        .get("openapi")
        .and_then(serde_json::Value::as_str)
        .filter(|v| !v.starts_with("3.0."))
    {
        return Err(fail(unsupported_version(version)));
    }
    Ok((value, converted))
}

/// The typed document from its OpenAPI 3.0 value, with the notes of preparing its `$ref`s; a failure is located in
/// `text` (or, for a converted document, in the value).
fn typed(
    file: &Path,
    text: &str,
    is_json: bool,
    mut value: serde_json::Value,
    converted: bool,
) -> Result<(OpenAPI, Vec<Diagnostic>), Diagnostics> {
    let fail = |d: Diagnostic| Diagnostics(vec![d.in_file(file)]);
    let mut notes = refs::prepare(&mut value);
    notes.extend(stray_paths(&value));
    // Tracking the path costs a string per key (a tenth of the deserializing), so a valid document is read without
    // it, in parts; an invalid one is prepared again and read whole with it, to locate the error.
    if let Some(document) = deserialize_in_parts(value) {
        return Ok((document, notes));
    }
    let (mut value, _) = openapi_value(file, text, is_json)?;
    refs::prepare(&mut value);
    let error = match serde_path_to_error::deserialize::<_, OpenAPI>(value) {
        Ok(document) => return Ok((document, notes)),
        Err(e) => e,
    };
    let fallback = json_path_to_pointer(&error.path().to_string());
    let message = error.into_inner().to_string();
    Err(fail(if converted {
        Diagnostic::error(
            fallback,
            format!("the OpenAPI 3.0 form of this Swagger 2.0 document is not valid: {}", excerpt(&message)),
        )
        .with_help("fix the value at the matching place of the Swagger 2.0 document (`definitions` became `components/schemas`)")
    } else {
        // Parsing the text again, tracking the path, locates the error with the parser's own line and column.
        let (pointer, message) = locate(text, is_json).unwrap_or((fallback, message));
        not_openapi(pointer, &message)
    }))
}

/// The typed document, read in pieces on two threads: the first half of `paths` on one, the rest on the other. This
/// is the largest step before emission (which runs on every core), and `openapiv3` copies the whole input of a
/// `Paths` or `Components` before reading it (for their flattened extensions), so small pieces keep that copy
/// small. `None` if any part is invalid.
fn deserialize_in_parts(mut value: serde_json::Value) -> Option<OpenAPI> {
    let Some(paths) = take_object(&mut value, &["paths"]) else {
        return OpenAPI::deserialize(value).ok();
    };
    let schemas = take_object(&mut value, &["components", "schemas"]);
    let mut entries: Vec<(String, serde_json::Value)> = paths.into_iter().collect();
    let second = entries.split_off(entries.len() / 2);
    thread::scope(|scope| {
        // Deserializing recurses as deeply as the document nests: the stack of a main thread, not a spawned one's.
        let first = thread::Builder::new()
            .stack_size(DESERIALIZE_STACK)
            .spawn_scoped(scope, move || read_paths(entries))
            .ok()?;
        let second = read_paths(second);
        // A plain map, read schema by schema.
        let schemas = schemas
            .map(|s| {
                IndexMap::<String, ReferenceOr<Schema>>::deserialize(serde_json::Value::Object(s))
            })
            .transpose();
        let mut document = OpenAPI::deserialize(value).ok()?;
        let mut paths = first.join().ok()??;
        let second = second?;
        paths.paths.extend(second.paths);
        paths.extensions.extend(second.extensions);
        document.paths = paths;
        if let (Some(components), Some(schemas)) = (&mut document.components, schemas.ok()?) {
            components.schemas = schemas;
        }
        Some(document)
    })
}

/// The stack of the thread that deserializes `paths`: Linux's default for a main thread.
const DESERIALIZE_STACK: usize = 8 << 20;

/// How many `paths` entries one `Paths` deserialization reads.
const PATHS_PER_PIECE: usize = 32;

/// `paths` entries as `Paths`, read a few at a time.
fn read_paths(entries: Vec<(String, serde_json::Value)>) -> Option<Paths> {
    let mut paths = Paths::default();
    let mut entries = entries.into_iter().peekable();
    while entries.peek().is_some() {
        let piece: serde_json::Map<String, serde_json::Value> =
            entries.by_ref().take(PATHS_PER_PIECE).collect();
        let piece = Paths::deserialize(serde_json::Value::Object(piece)).ok()?;
        paths.paths.extend(piece.paths);
        paths.extensions.extend(piece.extensions);
    }
    Some(paths)
}

/// The object at `keys` in `value`, taken out and left empty (so the keys around it keep their order); `None` if
/// there is no object there.
fn take_object(
    value: &mut serde_json::Value,
    keys: &[&str],
) -> Option<serde_json::Map<String, serde_json::Value>> {
    match keys
        .iter()
        .try_fold(value, |value, key| value.get_mut(*key))?
    {
        serde_json::Value::Object(map) => Some(std::mem::take(map)),
        _ => None,
    }
}

/// A warning for each `paths` key the parser would drop without a word: anything but a path (`/…`) or an
/// extension (`x-…`), such as `api/v2/x` or an absolute URL.
fn stray_paths(document: &serde_json::Value) -> Vec<Diagnostic> {
    let Some(paths) = document.get("paths").and_then(serde_json::Value::as_object) else {
        return Vec::new();
    };
    paths
        .keys()
        .filter(|key| !key.starts_with('/') && !key.starts_with("x-"))
        .map(|key| {
            let help = if key.contains("://") {
                "write the path alone (`/api/v2/...`) and the server part in `servers`"
            } else {
                "start the path with `/`"
            };
            Diagnostic::warning(
                format!("/paths/{}", pointer_segment(key)),
                "this key is not a path (it does not start with `/`), so its operations are skipped",
            )
            .with_help(help)
            .with_cause(Cause::PathKey)
        })
        .collect()
}

fn not_openapi(pointer: String, message: &str) -> Diagnostic {
    Diagnostic::error(
        pointer,
        format!("not a valid OpenAPI 3.0 document: {}", excerpt(message)),
    )
    .with_help("fix the value at this location; the generator reads OpenAPI 3.0.x and Swagger 2.0")
}

/// Where parsing the text as OpenAPI fails, as a JSON pointer, with the parser's message (which names the line and
/// column).
fn locate(text: &str, is_json: bool) -> Option<(String, String)> {
    let error = if is_json {
        let mut de = serde_json::Deserializer::from_str(text);
        let e = serde_path_to_error::deserialize::<_, OpenAPI>(&mut de).err()?;
        (e.path().to_string(), e.into_inner().to_string())
    } else {
        let e = serde_path_to_error::deserialize::<_, OpenAPI>(serde_yaml::Deserializer::from_str(
            text,
        ))
        .err()?;
        (e.path().to_string(), e.into_inner().to_string())
    };
    Some((json_path_to_pointer(&error.0), error.1))
}

/// An error for an `openapi` version other than 3.0.x.
fn unsupported_version(version: &str) -> Diagnostic {
    let why = if version.starts_with("3.1") {
        "OpenAPI 3.1 changed schemas (JSON Schema 2020-12: `type` lists instead of `nullable`, `examples`, \
         `$ref` siblings), which the generator would read wrongly, so it is refused rather than half-supported"
    } else {
        "the generator reads OpenAPI 3.0.x"
    };
    Diagnostic::error("/openapi", format!("`openapi: {version}` is not supported: {why}"))
        .with_help("use the spec's OpenAPI 3.0 edition (Genesys publishes its API as OpenAPI 3.0 and Swagger 2.0)")
}

/// The deepest nesting of YAML flow brackets in `text` (a linear scan; brackets in quoted text count too, which
/// only matters for text with over a hundred unclosed brackets).
fn flow_nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// At most the first 200 characters of a parser's message: serde quotes the offending value, which may be a whole
/// file that is not a spec (and not ours to print).
fn excerpt(message: &str) -> String {
    const MAX: usize = 200;
    match message.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}… (cut)", &message[..end]),
        None => message.to_owned(),
    }
}

/// The text as a JSON value (YAML included), or the parser's message.
fn untyped(text: &str, is_json: bool) -> Result<serde_json::Value, String> {
    if is_json {
        json::parse(text).map_err(|e| e.to_string())
    } else {
        // Through YAML's own value: YAML allows non-string keys (`200:`), which JSON objects spell as strings.
        let yaml = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| e.to_string())?;
        serde_json::to_value(yaml).map_err(|e| e.to_string())
    }
}

/// One spec file as an OpenAPI 3.0 JSON value, in the order it was written (a Swagger 2.0 file converted), for
/// tools that rewrite specs (`cargo xtask spec import`). It is checked as [`parse_str`] checks it.
pub fn load_value(file: &Path) -> Result<serde_json::Value, Diagnostics> {
    let text = read_text(file)?;
    let (text, is_json) = source(file, &text);
    let (value, converted) = openapi_value(file, text, is_json)?;
    typed(file, text, is_json, value.clone(), converted)?;
    Ok(value)
}

fn read_text(file: &Path) -> Result<String, Diagnostics> {
    fs::read_to_string(file).map_err(|e| {
        Diagnostics(vec![
            Diagnostic::error("", format!("cannot read the spec file: {e}")).in_file(file),
        ])
    })
}

fn parse_file(file: &Path) -> Result<(OpenAPI, Vec<Diagnostic>), Diagnostics> {
    parse_document(file, &read_text(file)?)
}

/// `paths./api/v2/x.get.parameters[1].schema` (serde_path_to_error's form) as a JSON pointer
/// (`/paths/~1api~1v2~1x/get/parameters/1/schema`).
fn json_path_to_pointer(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    // Keys containing dots are not distinguishable in this form; good enough to point a human at the spot.
    let mut pointer = String::new();
    for segment in path.split('.') {
        // Sequence indices follow their key: `parameters[1][0]`.
        let (key, mut indices) = match segment.find('[') {
            Some(i) if segment.ends_with(']') => (&segment[..i], &segment[i..]),
            _ => (segment, ""),
        };
        pointer.push('/');
        pointer.push_str(&pointer_segment(key));
        while let Some(rest) = indices.strip_prefix('[') {
            let end = rest.find(']').unwrap_or(rest.len());
            pointer.push('/');
            pointer.push_str(&rest[..end]);
            indices = rest.get(end + 1..).unwrap_or("");
        }
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
    let root = fs::canonicalize(path).map_err(|e| fail(format!("cannot read the spec: {e}")))?;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut outside = Diagnostics::default();
    for entry in entries.filter_map(Result::ok) {
        let p = entry.path();
        let is_spec = p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json"));
        if !is_spec || !p.is_file() {
            continue;
        }
        // A link is read only when it stays inside the spec directory.
        if entry.file_type().is_ok_and(|t| t.is_symlink())
            && !fs::canonicalize(&p).is_ok_and(|target| target.starts_with(&root))
        {
            outside.push(
                Diagnostic::error(
                    "",
                    "a symbolic link to a file outside the spec directory; not read",
                )
                .with_help("copy the file into the spec directory, or pass it as the spec itself")
                .in_file(&p),
            );
            continue;
        }
        files.push(p);
    }
    if outside.has_errors() {
        outside.sort();
        return Err(outside);
    }
    // Sorted explicitly: directory order differs between machines.
    files.sort();
    if files.is_empty() {
        return Err(fail(
            "no *.yaml, *.yml or *.json files in the spec directory".to_owned(),
        ));
    }
    Ok(files)
}

//! `cargo xtask spec import --from FILE --group TAG [--group TAG ...] [--check]`: rewrites `spec/<group>.yaml` from
//! an upstream Genesys spec (Swagger 2.0 or OpenAPI 3.0), then prints the API diff of the change.
//!
//! For each group it takes the operations whose first tag is the group's, and every model they reach that no other
//! file of `spec/` defines (those stay shared, by `$ref`). It writes them in the house style of `spec/README.md`:
//! paths sorted, methods sorted within a path, models sorted by name; the error responses that `api.yaml` shares
//! become `$ref`s to it; request bodies and parameters are inlined; a property that refers to a model and has a
//! description of its own is wrapped in `allOf`; the operation's security is `api.yaml`'s; only the vendor
//! extensions the generator reads are kept.
//!
//! What the project adds and upstream lacks is kept, and each kept item is listed: operations upstream no longer
//! has (routes Genesys removed, which the project documents with `x-genesys-removed`), the `x-genesys-removed`
//! extension itself and the deprecation, models upstream lacks, and the file's header comment and `info`. Every
//! model the file defined stays (from upstream when it has it), even one no operation reaches.
//!
//! Importing the same upstream file twice changes nothing, and importing a group from a file merged from `spec/`
//! reproduces `spec/` byte for byte (a test checks both).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use genesys_codegen::diff;
use genesys_codegen::extensions::Extension;
use serde_json::{Map, Value, json};

use crate::house_yaml;

/// The project's own extension, carried over from the existing operation when upstream lacks it.
const PROJECT_EXTENSION: &str = Extension::Removed.key();
const METHODS: &[&str] = &["delete", "get", "head", "options", "patch", "post", "put"];
/// A schema's keys in house order; other keys follow in the order written.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "description",
    "default",
    "enum",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "example",
    "required",
    "properties",
    "items",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
];

#[derive(clap::Args)]
pub struct Args {
    /// The upstream spec: Swagger 2.0 (Genesys's `/api/v2/docs/swagger`) or OpenAPI 3.0, JSON or YAML.
    #[arg(long, value_name = "FILE")]
    from: PathBuf,
    /// The API group (first tag) to import, e.g. `Chat`; repeat for several.
    #[arg(long = "group", value_name = "TAG", required = true)]
    groups: Vec<String>,
    /// Write nothing; exit 1 if the import would change `spec/`.
    #[arg(long)]
    check: bool,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// Update groups of `spec/` from an upstream Genesys spec.
    Import(Args),
}

pub fn run(command: &Command) -> Result<ExitCode, String> {
    let Command::Import(args) = command;
    let started = Instant::now();
    let spec_dir = crate::workspace_root().join("spec");
    let upstream = genesys_codegen::spec::load_value(&args.from).map_err(|d| d.to_string())?;
    let files = SpecFiles::read(&spec_dir)?;
    let mut changed = Vec::new();
    for tag in &args.groups {
        let import = import(&upstream, &files, tag)?;
        for kept in &import.kept {
            eprintln!("kept from spec/{}: {kept}", import.file);
        }
        if !files.has_tag(tag) {
            eprintln!(
                "note: spec/api.yaml has no tag `{tag}`: add it to `tags`, with its description"
            );
        }
        if files.text(&import.file) != Some(import.text.as_str()) {
            changed.push((import.file, import.text));
        }
    }
    eprintln!(
        "imported {} group(s) from {} in {:.2?}",
        args.groups.len(),
        args.from.display(),
        started.elapsed()
    );
    if changed.is_empty() {
        println!("spec/ is up to date with {}", args.from.display());
        return Ok(ExitCode::SUCCESS);
    }
    if args.check {
        for (file, _) in &changed {
            println!("spec/{file} would change");
        }
        return Ok(ExitCode::FAILURE);
    }
    // The diff needs both versions: the new one is assembled beside the old before spec/ is touched.
    let new_dir = tempfile::tempdir().map_err(|e| format!("a temporary directory: {e}"))?;
    for (file, text) in &files.texts {
        fs::write(new_dir.path().join(file), text).map_err(|e| format!("{file}: {e}"))?;
    }
    for (file, text) in &changed {
        fs::write(new_dir.path().join(file), text).map_err(|e| format!("{file}: {e}"))?;
    }
    let old = crate::api_diff::load(&spec_dir, "old", "spec/")?;
    let new = crate::api_diff::load(new_dir.path(), "new", "the import")?;
    for (file, text) in &changed {
        fs::write(spec_dir.join(file), text).map_err(|e| format!("spec/{file}: {e}"))?;
        println!("wrote spec/{file}");
    }
    print!(
        "\n{}",
        diff::render_text(&diff::diff(&old, &new), "spec/", "the import")
    );
    Ok(ExitCode::SUCCESS)
}

/// The files of `spec/`: name, text and value.
struct SpecFiles {
    texts: BTreeMap<String, String>,
    values: BTreeMap<String, Value>,
}

impl SpecFiles {
    fn read(dir: &Path) -> Result<Self, String> {
        let mut texts = BTreeMap::new();
        let mut values = BTreeMap::new();
        let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            if !name.ends_with(".yaml") {
                continue;
            }
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let value: Value =
                serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            texts.insert(name.clone(), text);
            values.insert(name, value);
        }
        Ok(Self { texts, values })
    }

    fn has_tag(&self, tag: &str) -> bool {
        self.values
            .get("api.yaml")
            .and_then(|api| api.get("tags"))
            .and_then(Value::as_array)
            .is_some_and(|tags| {
                tags.iter()
                    .any(|t| t.get("name").and_then(Value::as_str) == Some(tag))
            })
    }

    fn text(&self, file: &str) -> Option<&str> {
        self.texts.get(file).map(String::as_str)
    }

    /// The file holding the group's operations, else `<tag in lower case>.yaml`.
    fn file_of(&self, tag: &str) -> String {
        self.values
            .iter()
            .find(|(_, value)| operations(value).any(|(_, _, op)| first_tag(op) == Some(tag)))
            .map_or_else(
                || {
                    let module: String = tag.chars().filter(char::is_ascii_alphanumeric).collect();
                    format!("{}.yaml", module.to_ascii_lowercase())
                },
                |(file, _)| file.clone(),
            )
    }
}

/// One group's new file.
struct Import {
    file: String,
    text: String,
    /// What was kept from the existing file because upstream lacks it.
    kept: Vec<String>,
}

fn import(upstream: &Value, files: &SpecFiles, tag: &str) -> Result<Import, String> {
    let file = files.file_of(tag);
    let existing = files.values.get(&file);
    let shared = files.values.get("api.yaml");
    let shared_responses: BTreeSet<String> = shared
        .and_then(|s| s.pointer("/components/responses"))
        .and_then(Value::as_object)
        .map(|r| r.keys().cloned().collect())
        .unwrap_or_default();
    let security = shared
        .and_then(|s| s.get("security"))
        .cloned()
        .unwrap_or_else(|| json!([]));
    // Models another file defines stay there.
    let elsewhere: BTreeSet<String> = files
        .values
        .iter()
        .filter(|(name, _)| **name != file)
        .flat_map(|(_, value)| schema_names(value))
        .collect();
    let mut kept = Vec::new();

    let mut paths: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    let context = Context {
        upstream,
        shared_responses: &shared_responses,
        security: &security,
    };
    for (path, method, op) in operations(upstream) {
        if first_tag(op) != Some(tag) {
            continue;
        }
        let mut op = context.operation(op);
        let old = existing.and_then(|e| e.pointer(&format!("/paths/{}/{method}", escape(path))));
        if let Some(old) = old {
            let what = format!("{} {path}", method.to_uppercase());
            keep_project_additions(&mut op, old, &what, &mut kept);
        }
        paths
            .entry(path.to_owned())
            .or_default()
            .insert(method.to_owned(), op);
    }
    if paths.is_empty() {
        return Err(format!("the upstream spec has no operation tagged `{tag}`"));
    }
    for (path, method, op) in existing.into_iter().flat_map(operations) {
        let methods = paths.entry(path.to_owned()).or_default();
        if !methods.contains_key(method) {
            kept.push(format!("{} {path} (not upstream)", method.to_uppercase()));
            methods.insert(method.to_owned(), op.clone());
        }
    }

    // Every model the operations reach and every model the file already defines (no operation returns the event
    // bodies of notifications.yaml, say), from upstream, else (for what only the project has) from the file.
    let mut schemas = BTreeMap::new();
    let mut pending: Vec<String> = paths
        .values()
        .flat_map(|m| m.values())
        .flat_map(schema_refs)
        .chain(existing.map(schema_names).unwrap_or_default())
        .collect();
    while let Some(name) = pending.pop() {
        if elsewhere.contains(&name) || schemas.contains_key(&name) {
            continue;
        }
        let from_upstream = upstream.pointer(&format!("/components/schemas/{}", escape(&name)));
        let schema = match from_upstream {
            Some(schema) => normalize_schema(schema),
            None => {
                let Some(schema) = existing
                    .and_then(|e| e.pointer(&format!("/components/schemas/{}", escape(&name))))
                else {
                    return Err(format!("model `{name}` is referenced but defined nowhere"));
                };
                kept.push(format!("model {name} (not upstream)"));
                schema.clone()
            }
        };
        pending.extend(schema_refs(&schema));
        schemas.insert(name, schema);
    }

    let mut document = Map::new();
    document.insert("openapi".to_owned(), json!("3.0.3"));
    let info = existing.and_then(|e| e.get("info")).cloned().unwrap_or_else(|| {
        json!({"title": format!("Genesys Cloud Platform API: {tag}"), "version": upstream.pointer("/info/version").cloned().unwrap_or(json!("v2"))})
    });
    document.insert("info".to_owned(), info);
    let paths: Map<String, Value> = paths
        .into_iter()
        .map(|(path, methods)| {
            let item: Map<String, Value> = METHODS
                .iter()
                .filter_map(|m| Some(((*m).to_owned(), methods.get(*m)?.clone())))
                .collect();
            (path, Value::Object(item))
        })
        .collect();
    document.insert("paths".to_owned(), Value::Object(paths));
    if !schemas.is_empty() {
        let schemas: Map<String, Value> = schemas.into_iter().collect();
        document.insert("components".to_owned(), json!({ "schemas": schemas }));
    }
    let header = files
        .text(&file)
        .map(|text| {
            text.lines()
                .take_while(|l| l.starts_with('#'))
                .map(|l| format!("{l}\n"))
                .collect::<String>()
        })
        .unwrap_or_else(|| format!("# {tag} API group, imported by `cargo xtask spec import`.\n"));
    let text = format!(
        "{header}{}",
        house_yaml::to_string(&Value::Object(document))
    );
    Ok(Import { file, text, kept })
}

struct Context<'a> {
    upstream: &'a Value,
    shared_responses: &'a BTreeSet<String>,
    security: &'a Value,
}

impl Context<'_> {
    /// An upstream operation in house form.
    fn operation(&self, op: &Value) -> Value {
        let mut out = Map::new();
        for key in ["tags", "summary", "description", "operationId"] {
            if let Some(value) = op.get(key).filter(|v| !is_empty_string(v)) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        // The house rule: `operationId` is the SDK method name (upstream's may be longer).
        if let Some(name) = op.get("x-purecloud-method-name") {
            out.insert("operationId".to_owned(), name.clone());
        }
        let parameters: Vec<Value> = op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| self.parameter(self.resolve(p)))
            .collect();
        if !parameters.is_empty() {
            out.insert("parameters".to_owned(), Value::Array(parameters));
        }
        if let Some(body) = op.get("requestBody") {
            out.insert(
                "requestBody".to_owned(),
                with_content(self.resolve(body), &["description", "required"]),
            );
        }
        let mut responses = Map::new();
        for (code, response) in op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let converted = if self.shared_responses.contains(code) && !code.starts_with('2') {
                json!({ "$ref": format!("#/components/responses/{code}") })
            } else {
                with_content(self.resolve(response), &["description", "headers"])
            };
            responses.insert(code.clone(), converted);
        }
        out.insert("responses".to_owned(), Value::Object(responses));
        if op.get("deprecated") == Some(&Value::Bool(true)) {
            out.insert("deprecated".to_owned(), Value::Bool(true));
        }
        if op.get("security").is_some() {
            out.insert("security".to_owned(), self.security.clone());
        }
        // The extensions the generator reads; upstream's others (`x-inin-method-name`, ...) are dropped.
        for key in Extension::ALL.map(Extension::key) {
            if let Some(value) = op.get(key) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        Value::Object(out)
    }

    fn parameter(&self, parameter: &Value) -> Value {
        let mut out = Map::new();
        for key in [
            "name",
            "in",
            "description",
            "required",
            "deprecated",
            "style",
            "explode",
        ] {
            if let Some(value) = parameter.get(key).filter(|v| !is_empty_string(v)) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        if let Some(schema) = parameter.get("schema") {
            out.insert("schema".to_owned(), normalize_schema(schema));
        }
        Value::Object(out)
    }

    /// A `$ref` to `#/components/...` of the upstream file, followed; anything else as it is.
    fn resolve<'v>(&'v self, value: &'v Value) -> &'v Value {
        value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| self.upstream.pointer(pointer))
            .unwrap_or(value)
    }
}

/// A request body or response: the `keys` that are set, then `content` with each media type's schema in house form.
fn with_content(value: &Value, keys: &[&str]) -> Value {
    let mut out = Map::new();
    for key in keys {
        if let Some(v) = value.get(*key) {
            out.insert((*key).to_owned(), v.clone());
        }
    }
    if let Some(content) = value.get("content").and_then(Value::as_object) {
        let content: Map<String, Value> = content
            .iter()
            .map(|(media, entry)| {
                let mut entry = entry.clone();
                if let Some(schema) = entry.get_mut("schema") {
                    *schema = normalize_schema(schema);
                }
                (media.clone(), entry)
            })
            .collect();
        out.insert("content".to_owned(), Value::Object(content));
    }
    Value::Object(out)
}

/// A schema in house form: keys in [`SCHEMA_KEYS`] order, a described reference wrapped in `allOf`.
fn normalize_schema(schema: &Value) -> Value {
    let Some(map) = schema.as_object() else {
        return schema.clone();
    };
    if let Some(reference) = map.get("$ref")
        && map.len() > 1
    {
        let mut wrapped = map.clone();
        wrapped.remove("$ref");
        wrapped.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
        return normalize_schema(&Value::Object(wrapped));
    }
    let mut out = Map::new();
    let ordered = SCHEMA_KEYS
        .iter()
        .filter_map(|k| map.get_key_value(*k))
        .chain(
            map.iter()
                .filter(|(k, _)| !SCHEMA_KEYS.contains(&k.as_str())),
        );
    for (key, value) in ordered {
        let value = match key.as_str() {
            "properties" => Value::Object(
                value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, property)| (name.clone(), normalize_schema(property)))
                    .collect(),
            ),
            "items" | "additionalProperties" | "not" => normalize_schema(value),
            "allOf" | "oneOf" | "anyOf" => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(normalize_schema)
                    .collect(),
            ),
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// Every `(path, method, operation)` of a document.
fn operations(document: &Value) -> impl Iterator<Item = (&str, &str, &Value)> {
    document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter_map(move |m| Some((path.as_str(), *m, item.get(*m)?)))
        })
}

fn first_tag(op: &Value) -> Option<&str> {
    op.get("tags")?.get(0)?.as_str()
}

fn schema_names(document: &Value) -> Vec<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default()
}

/// The model names a value refers to (`#/components/schemas/Name`).
fn schema_refs(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    out.push(name.replace("~1", "/").replace("~0", "~"));
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
}

/// What the project says about an operation and upstream does not: that it is deprecated (with the description
/// that says so) and `x-genesys-removed`.
fn keep_project_additions(op: &mut Value, old: &Value, what: &str, kept: &mut Vec<String>) {
    let Some(map) = op.as_object_mut() else {
        return;
    };
    let deprecated = |v: &Value| v.get("deprecated") == Some(&Value::Bool(true));
    if deprecated(old) && !map.get("deprecated").is_some_and(deprecated_flag) {
        kept.push(format!("deprecated on {what}"));
        if let Some(description) = old.get("description") {
            map.insert("description".to_owned(), description.clone());
        }
        map.insert("deprecated".to_owned(), Value::Bool(true));
    }
    if let (None, Some(removed)) = (map.get(PROJECT_EXTENSION), old.get(PROJECT_EXTENSION)) {
        kept.push(format!("{PROJECT_EXTENSION} on {what}"));
        map.insert(PROJECT_EXTENSION.to_owned(), removed.clone());
    }
    // House key order: the operation's fields, then `deprecated`, `security` and the sorted extensions.
    let order = |k: &str| match k {
        "tags" => 0,
        "summary" => 1,
        "description" => 2,
        "operationId" => 3,
        "parameters" => 4,
        "requestBody" => 5,
        "responses" => 6,
        "deprecated" => 7,
        "security" => 8,
        _ => 9,
    };
    let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
    entries.sort_by(|(a, _), (b, _)| order(a).cmp(&order(b)).then(a.cmp(b)));
    map.extend(entries);
}

fn deprecated_flag(value: &Value) -> bool {
    value == &Value::Bool(true)
}

fn is_empty_string(value: &Value) -> bool {
    value.as_str() == Some("")
}

fn escape(segment: &str) -> String {
    genesys_codegen::diagnostics::pointer_segment(segment)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `spec/` merged into one OpenAPI document, as an upstream file built from it would be.
    fn merged_spec(files: &SpecFiles) -> Value {
        let mut merged = files.values["api.yaml"].clone();
        for (name, value) in &files.values {
            if name == "api.yaml" {
                continue;
            }
            for (path, item) in value["paths"].as_object().unwrap() {
                merged["paths"][path] = item.clone();
            }
            for (schema_name, schema) in value
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                merged["components"]["schemas"][schema_name] = schema.clone();
            }
        }
        merged
    }

    #[test]
    fn importing_from_a_file_built_from_spec_reproduces_spec_byte_for_byte() {
        let files = SpecFiles::read(&crate::workspace_root().join("spec")).unwrap();
        let upstream = merged_spec(&files);
        for tag in ["Chat", "Notifications", "WebChat"] {
            let import = import(&upstream, &files, tag).unwrap();
            let old = files.text(&import.file).unwrap();
            if old != import.text {
                let diff = similar::TextDiff::from_lines(old, import.text.as_str());
                panic!(
                    "{tag}: the import differs from spec/{}:\n{}",
                    import.file,
                    diff.unified_diff().context_radius(2)
                );
            }
            assert!(import.kept.is_empty(), "{tag}: {:?}", import.kept);
        }
    }

    #[test]
    fn a_second_import_of_the_same_upstream_file_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let name = "genesys-platform-api-2018-03.swagger2.json";
        let fixture =
            crate::workspace_root().join(format!("generator/tests/fixtures/full-spec/{name}.gz"));
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(fs::File::open(&fixture).unwrap()),
            &mut text,
        )
        .unwrap();
        fs::write(dir.path().join(name), text).unwrap();
        let upstream = genesys_codegen::spec::load_value(&dir.path().join(name)).unwrap();

        let mut files = SpecFiles::read(&crate::workspace_root().join("spec")).unwrap();
        let first = import(&upstream, &files, "WebChat").unwrap();
        assert_eq!(first.file, "webchat.yaml");
        // The 2018 file has the eight operations, neither deprecated nor removed: the project's word is kept.
        let kept_removals = first
            .kept
            .iter()
            .filter(|k| k.starts_with("x-genesys-removed on "))
            .count();
        let kept_deprecations = first
            .kept
            .iter()
            .filter(|k| k.starts_with("deprecated on "))
            .count();
        assert_eq!(
            (kept_removals, kept_deprecations),
            (8, 8),
            "{:?}",
            first.kept
        );

        files.values.insert(
            first.file.clone(),
            serde_yaml::from_str(&first.text).unwrap(),
        );
        files.texts.insert(first.file.clone(), first.text.clone());
        let second = import(&upstream, &files, "WebChat").unwrap();
        assert_eq!(second.text, first.text);
        assert_eq!(
            second.kept, first.kept,
            "upstream still lacks what the project adds"
        );
    }
}

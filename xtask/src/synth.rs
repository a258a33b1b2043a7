//! `cargo xtask synth-spec --input SPEC --times N --out FILE`: a synthetic spec N times the size of a real one, to
//! measure how generation time and memory grow (at 1×, at 4× — the size of today's full Genesys API — and at 10×).
//!
//! Copy 1 is the input as it is. Copy `k` (2..=N) renames everything that must stay unique:
//!
//! - groups: tag `X` → `Xk` (on every operation, and in the document's `tags` list);
//! - operations: `operationId`, `x-purecloud-method-name` and `x-inin-method-name` get the suffix `k`;
//! - paths: `/api/v2/...` → `/api/v2/copyk/...` (any other path `/p` → `/copyk/p`);
//! - components (schemas, request bodies, responses, parameters, ...): `Name` → `Namek` (or `NameCopyk` when that
//!   is taken), with every `$ref` (and discriminator mapping) inside the copy rewritten to the copy's components.
//!
//! Security schemes are shared by all copies (operations name them, they are not `$ref`s).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Map, Value};

/// Arguments of `cargo xtask synth-spec`.
#[derive(clap::Args)]
pub struct Args {
    /// The real spec: one OpenAPI 3.0 document (`.json`, or YAML).
    #[arg(long)]
    input: PathBuf,
    /// How many copies of it the output holds (1 = the input, re-serialised).
    #[arg(long, default_value_t = 4)]
    times: usize,
    /// Where to write the synthetic spec (`.json`, or YAML for `.yaml`/`.yml`).
    #[arg(long)]
    out: PathBuf,
}

/// Component kinds whose entries are copied (and referenced by `$ref`). `securitySchemes` is left shared.
const COPIED_COMPONENTS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
];

/// The keys of a path item that are operations.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Operation fields that name the operation (suffixed in each copy).
const NAME_FIELDS: &[&str] = &[
    "operationId",
    "x-purecloud-method-name",
    "x-inin-method-name",
];

pub fn run(args: &Args) -> Result<ExitCode, String> {
    let spec = read(&args.input)?;
    let synthetic = multiply(&spec, args.times)?;
    let dangling = dangling_refs(&synthetic);
    if !dangling.is_empty() {
        eprintln!(
            "warning: {} `$ref`s do not resolve (in the input too?), e.g. {}",
            dangling.len(),
            dangling[0]
        );
    }
    let text = if is_json(&args.out) {
        serde_json::to_string_pretty(&synthetic).map_err(|e| e.to_string())?
    } else {
        serde_yaml::to_string(&synthetic).map_err(|e| e.to_string())?
    };
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    fs::write(&args.out, text).map_err(|e| format!("writing {}: {e}", args.out.display()))?;
    let stats = Stats::of(&synthetic);
    eprintln!(
        "wrote {}: {}× {} = {} operations, {} paths, {} schemas, {} tags",
        args.out.display(),
        args.times,
        args.input.display(),
        stats.operations,
        stats.paths,
        stats.schemas,
        stats.tags,
    );
    Ok(ExitCode::SUCCESS)
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Reads a JSON or YAML document.
pub fn read(path: &Path) -> Result<Value, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    if is_json(path) {
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    } else {
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The spec `times` times over (see the module documentation).
pub fn multiply(spec: &Value, times: usize) -> Result<Value, String> {
    if times == 0 {
        return Err("--times must be at least 1".to_owned());
    }
    let mut out = spec.clone();
    let root = out.as_object_mut().ok_or("the spec is not a JSON object")?;
    let paths = spec
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the spec has no `paths` object")?;
    let components = spec.get("components").and_then(Value::as_object);
    let tags = spec.get("tags").and_then(Value::as_array);

    // Every name in use per component kind, so that a copy never takes an existing name.
    let mut taken: BTreeMap<&str, BTreeSet<String>> = COPIED_COMPONENTS
        .iter()
        .map(|kind| {
            let names = components
                .and_then(|c| c.get(*kind))
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            (*kind, names)
        })
        .collect();

    let mut new_paths = paths.clone();
    let mut new_components = components.cloned().unwrap_or_default();
    let mut new_tags = tags.cloned().unwrap_or_default();

    for k in 2..=times {
        // This copy's component names.
        let mut renames: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
        for kind in COPIED_COMPONENTS {
            let Some(entries) = components
                .and_then(|c| c.get(*kind))
                .and_then(Value::as_object)
            else {
                continue;
            };
            let names = taken
                .get_mut(kind)
                .expect("every copied kind is in `taken`");
            let map = renames.entry(kind).or_default();
            for name in entries.keys() {
                let renamed = fresh_name(names, name, k);
                names.insert(renamed.clone());
                map.insert(name.clone(), renamed);
            }
        }
        let copy = Copy { k, renames };

        for (path, item) in paths {
            let new_path = copy.path(path);
            let mut item = item.clone();
            copy.rename_operations(&mut item);
            copy.rewrite_refs(&mut item);
            if new_paths.insert(new_path.clone(), item).is_some() {
                return Err(format!("copy {k}: the path {new_path} exists already"));
            }
        }
        for (kind, map) in &copy.renames {
            let (Some(entries), Some(target)) = (
                components
                    .and_then(|c| c.get(*kind))
                    .and_then(Value::as_object),
                new_components.get_mut(*kind).and_then(Value::as_object_mut),
            ) else {
                continue;
            };
            for (name, value) in entries {
                let mut value = value.clone();
                copy.rewrite_refs(&mut value);
                target.insert(map[name].clone(), value);
            }
        }
        if let Some(tags) = tags {
            for tag in tags {
                let mut tag = tag.clone();
                if let Some(Value::String(name)) = tag.get_mut("name") {
                    *name = copy.tag(name);
                }
                new_tags.push(tag);
            }
        }
    }

    root.insert("paths".to_owned(), Value::Object(new_paths));
    if components.is_some() {
        root.insert("components".to_owned(), Value::Object(new_components));
    }
    if tags.is_some() {
        root.insert("tags".to_owned(), Value::Array(new_tags));
    }
    Ok(out)
}

/// `{name}{k}`, or `{name}Copy{k}` (then with more `_`) when that is taken.
fn fresh_name(taken: &BTreeSet<String>, name: &str, k: usize) -> String {
    let mut candidate = format!("{name}{k}");
    if !taken.contains(&candidate) {
        return candidate;
    }
    candidate = format!("{name}Copy{k}");
    while taken.contains(&candidate) {
        candidate.push('_');
    }
    candidate
}

/// The renaming of copy `k`.
struct Copy<'a> {
    k: usize,
    /// Component kind → original name → this copy's name.
    renames: BTreeMap<&'a str, BTreeMap<String, String>>,
}

impl Copy<'_> {
    fn path(&self, path: &str) -> String {
        match path.strip_prefix("/api/v2/") {
            Some(rest) => format!("/api/v2/copy{}/{rest}", self.k),
            None => format!("/copy{}{path}", self.k),
        }
    }

    fn tag(&self, tag: &str) -> String {
        format!("{tag}{}", self.k)
    }

    /// Renames the tags and names of every operation of a path item.
    fn rename_operations(&self, item: &mut Value) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        for method in METHODS {
            let Some(op) = item.get_mut(*method).and_then(Value::as_object_mut) else {
                continue;
            };
            for field in NAME_FIELDS {
                if let Some(Value::String(name)) = op.get_mut(*field) {
                    name.push_str(&self.k.to_string());
                }
            }
            if let Some(Value::Array(tags)) = op.get_mut("tags") {
                for tag in tags {
                    if let Value::String(name) = tag {
                        *name = self.tag(name);
                    }
                }
            }
        }
    }

    /// Points every local `$ref` (and discriminator mapping) at this copy's components.
    fn rewrite_refs(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    match (key.as_str(), &mut *child) {
                        ("$ref", Value::String(target)) => self.rewrite_ref(target),
                        // A discriminator's mapping (or a property called `mapping`, whose schema is walked).
                        ("mapping", Value::Object(mapping)) => {
                            for target in mapping.values_mut() {
                                match target {
                                    Value::String(target) => self.rewrite_ref(target),
                                    other => self.rewrite_refs(other),
                                }
                            }
                        }
                        _ => self.rewrite_refs(child),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.rewrite_refs(v)),
            _ => {}
        }
    }

    fn rewrite_ref(&self, target: &mut String) {
        let Some(rest) = target.strip_prefix("#/components/") else {
            return;
        };
        let Some((kind, name)) = rest.split_once('/') else {
            return;
        };
        // Only a whole component (`#/components/schemas/Foo`), not a pointer into one.
        if name.contains('/') {
            return;
        }
        let name = unescape(name);
        if let Some(renamed) = self.renames.get(kind).and_then(|m| m.get(&name)) {
            *target = format!("#/components/{kind}/{}", escape(renamed));
        }
    }
}

/// A JSON pointer segment's value.
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// A value as a JSON pointer segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// What a spec holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Stats {
    pub paths: usize,
    pub operations: usize,
    pub schemas: usize,
    pub tags: usize,
}

impl Stats {
    pub fn of(spec: &Value) -> Self {
        let paths = spec.get("paths").and_then(Value::as_object);
        let operations = paths
            .into_iter()
            .flat_map(|p| p.values())
            .filter_map(Value::as_object)
            .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
            .sum();
        Self {
            paths: paths.map_or(0, Map::len),
            operations,
            schemas: spec
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .map_or(0, Map::len),
            tags: spec
                .get("tags")
                .and_then(Value::as_array)
                .map_or(0, Vec::len),
        }
    }
}

/// Every local `$ref` (and discriminator mapping) of `spec` that does not resolve.
pub fn dangling_refs(spec: &Value) -> Vec<String> {
    fn walk(spec: &Value, value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let targets: Vec<&str> = match (key.as_str(), child) {
                        ("$ref", Value::String(t)) => vec![t],
                        ("mapping", Value::Object(m)) => {
                            m.values()
                                .filter(|v| !v.is_string())
                                .for_each(|v| walk(spec, v, out));
                            m.values().filter_map(Value::as_str).collect()
                        }
                        _ => {
                            walk(spec, child, out);
                            continue;
                        }
                    };
                    for target in targets {
                        if let Some(pointer) = target.strip_prefix('#') {
                            if spec.pointer(pointer).is_none() {
                                out.push(target.to_owned());
                            }
                        }
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(spec, v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(spec, spec, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A small spec with what a copy must rename: tags, names, paths, components of several kinds, refs between
    /// schemas, a request body component, a discriminator mapping, and a name (`Note2`) that copy 2 would take.
    fn fixture() -> Value {
        json!({
            "openapi": "3.0.0",
            "info": {"title": "t", "version": "v2"},
            "tags": [{"name": "Chat", "description": "Chats"}, {"name": "Users"}],
            "paths": {
                "/api/v2/chats/{chatId}": {
                    "parameters": [{"$ref": "#/components/parameters/ChatId"}],
                    "get": {
                        "tags": ["Chat"],
                        "operationId": "getChat",
                        "x-purecloud-method-name": "getChat",
                        "x-inin-method-name": "getChat",
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Chat"}}}}}
                    },
                    "put": {
                        "tags": ["Chat"],
                        "operationId": "putChat",
                        "requestBody": {"$ref": "#/components/requestBodies/Note"},
                        "responses": {"400": {"$ref": "#/components/responses/400"}}
                    }
                },
                "/api/v2/users": {
                    "get": {
                        "tags": ["Users"],
                        "operationId": "getUsers",
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}}}
                    }
                }
            },
            "components": {
                "parameters": {"ChatId": {"name": "chatId", "in": "path", "required": true,
                    "schema": {"type": "string"}}},
                "requestBodies": {
                    "Note": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Note"}}}},
                    "Note2": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Note"}}}}
                },
                "responses": {"400": {"description": "bad", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/ErrorBody"}}}}},
                "securitySchemes": {"auth": {"type": "oauth2", "flows": {}}},
                "schemas": {
                    "Chat": {"type": "object", "properties": {
                        "owner": {"$ref": "#/components/schemas/User"},
                        "notes": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}},
                        "kind": {"oneOf": [{"$ref": "#/components/schemas/User"}],
                            "discriminator": {"propertyName": "t", "mapping": {"u": "#/components/schemas/User"}}}
                    }},
                    "User": {"type": "object", "properties": {"chat": {"$ref": "#/components/schemas/Chat"}}},
                    "Note": {"type": "object", "properties": {"text": {"type": "string"}}},
                    "ErrorBody": {"type": "object"}
                }
            }
        })
    }

    #[test]
    fn one_copy_is_the_input() {
        assert_eq!(multiply(&fixture(), 1).unwrap(), fixture());
    }

    #[test]
    fn n_copies_have_n_times_everything_and_every_ref_resolves() {
        let spec = fixture();
        let one = Stats::of(&spec);
        assert!(dangling_refs(&spec).is_empty());
        for n in [2, 3, 10] {
            let synthetic = multiply(&spec, n).unwrap();
            let stats = Stats::of(&synthetic);
            assert_eq!(stats.operations, n * one.operations);
            assert_eq!(stats.paths, n * one.paths);
            assert_eq!(stats.schemas, n * one.schemas);
            assert_eq!(stats.tags, n * one.tags);
            for kind in ["requestBodies", "responses", "parameters"] {
                let count = |s: &Value| s["components"][kind].as_object().unwrap().len();
                assert_eq!(count(&synthetic), n * count(&spec), "{kind}");
            }
            assert_eq!(dangling_refs(&synthetic), Vec::<String>::new());
        }
    }

    #[test]
    fn a_copy_is_renamed_throughout() {
        let synthetic = multiply(&fixture(), 3).unwrap();
        let op = &synthetic["paths"]["/api/v2/copy3/chats/{chatId}"]["get"];
        assert_eq!(op["tags"], json!(["Chat3"]));
        assert_eq!(op["operationId"], "getChat3");
        assert_eq!(op["x-purecloud-method-name"], "getChat3");
        assert_eq!(op["x-inin-method-name"], "getChat3");
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Chat3"
        );
        let put = &synthetic["paths"]["/api/v2/copy2/chats/{chatId}"]["put"];
        // `Note2` is an existing request body, so copy 2 of `Note` takes another name.
        assert_eq!(
            put["requestBody"]["$ref"],
            "#/components/requestBodies/NoteCopy2"
        );
        assert_eq!(
            put["responses"]["400"]["$ref"],
            "#/components/responses/4002"
        );
        let chat = &synthetic["components"]["schemas"]["Chat2"];
        assert_eq!(
            chat["properties"]["owner"]["$ref"],
            "#/components/schemas/User2"
        );
        assert_eq!(
            chat["properties"]["kind"]["discriminator"]["mapping"]["u"],
            "#/components/schemas/User2"
        );
        // The original is untouched; the security schemes are shared.
        assert_eq!(
            synthetic["paths"]["/api/v2/users"],
            fixture()["paths"]["/api/v2/users"]
        );
        assert_eq!(
            synthetic["components"]["securitySchemes"]
                .as_object()
                .unwrap()
                .len(),
            1
        );
        let tags: Vec<&str> = synthetic["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            tags,
            ["Chat", "Users", "Chat2", "Users2", "Chat3", "Users3"]
        );
    }

    /// Merges `doc` into `into`: maps are merged key by key (recursively), anything else is replaced.
    fn merge_into(into: &mut Value, doc: Value) {
        match (into, doc) {
            (Value::Object(into), Value::Object(doc)) => {
                for (key, value) in doc {
                    match into.get_mut(&key) {
                        Some(existing) => merge_into(existing, value),
                        None => {
                            into.insert(key, value);
                        }
                    }
                }
            }
            (into, doc) => *into = doc,
        }
    }

    /// The generator lowers the N× spec into N× the groups, operations and types.
    #[test]
    fn the_generator_sees_n_times_the_api() {
        let dir = tempfile::tempdir().unwrap();
        // The project's spec: its files merged into one document (they refer to each other's schemas).
        let mut spec = json!({});
        let mut files: Vec<_> = fs::read_dir(crate::workspace_root().join("spec"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for file in files {
            merge_into(&mut spec, read(&file).unwrap());
        }
        let count = |value: &Value| {
            let path = dir.path().join("spec.json");
            fs::write(&path, serde_json::to_string(value).unwrap()).unwrap();
            let (api, _) = genesys_codegen::load_api(&genesys_codegen::Config::new(&path))
                .unwrap_or_else(|d| panic!("{d}"));
            (api.groups.len(), api.operations().count(), api.types.len())
        };
        let (groups, operations, types) = count(&spec);
        assert!(operations > 0 && types > 0);
        assert_eq!(
            count(&multiply(&spec, 3).unwrap()),
            (3 * groups, 3 * operations, 3 * types)
        );
    }
}

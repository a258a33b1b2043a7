//! Checks the declarative API spec (`spec/*.yaml`) against an independent reference.
//!
//! `tests/fixtures/reference-operations.tsv` was built from the Genesys SDK documentation pages
//! (the seeds) and the current SDK docs' permission table, not from the YAML, so a slip in the
//! spec shows up here as a mismatch. Every test collects all of its mismatches and reports them
//! together instead of stopping at the first one.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use openapiv3::{OpenAPI, Operation, ReferenceOr, Response, Schema, SchemaKind, StatusCode, Type};
use serde_yaml::Value;

const FIXTURE: &str = "tests/fixtures/reference-operations.tsv";
const SCHEMA_PREFIX: &str = "#/components/schemas/";

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The spec files, sorted by name (the order in which the generator merges them).
fn spec_files() -> Vec<PathBuf> {
    let dir = workspace_root().join("spec");
    let entries = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read spec directory {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| {
            entry
                .expect("cannot read an entry of the spec directory")
                .path()
        })
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no *.yaml files in {}", dir.display());
    files
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every spec file as a raw YAML tree (keeps key order and unknown keys).
fn raw_documents() -> Vec<(String, Value)> {
    spec_files()
        .iter()
        .map(|path| {
            let value = serde_yaml::from_str(&read(path))
                .unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", file_name(path)));
            (file_name(path), value)
        })
        .collect()
}

/// Every spec file as a typed `OpenAPI` document; each must be complete on its own.
fn openapi_documents() -> Vec<(String, OpenAPI)> {
    spec_files()
        .iter()
        .map(|path| {
            let doc: OpenAPI = serde_yaml::from_str(&read(path)).unwrap_or_else(|e| {
                panic!(
                    "{} does not parse as an OpenAPI 3 document: {e}",
                    file_name(path)
                )
            });
            assert_eq!(
                doc.openapi,
                "3.0.3",
                "{}: `openapi` must be 3.0.3",
                file_name(path)
            );
            (file_name(path), doc)
        })
        .collect()
}

/// One operation of the spec, with where it came from.
struct SpecOperation {
    file: String,
    http_method: String,
    path: String,
    operation: Operation,
}

fn spec_operations(docs: &[(String, OpenAPI)]) -> Vec<SpecOperation> {
    let mut operations = Vec::new();
    for (file, doc) in docs {
        for (path, item) in doc.paths.iter() {
            let ReferenceOr::Item(item) = item else {
                panic!("{file}: path item {path} is a $ref; write path items inline");
            };
            for (method, operation) in item.iter() {
                operations.push(SpecOperation {
                    file: file.clone(),
                    http_method: method.to_uppercase(),
                    path: path.clone(),
                    operation: operation.clone(),
                });
            }
        }
    }
    operations
}

/// The component names defined across all files, per kind (`schemas`, `responses`, ...).
fn defined_components(raw: &[(String, Value)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut defined: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, doc) in raw {
        let Some(Value::Mapping(components)) = doc.get("components") else {
            continue;
        };
        for (kind, entries) in components {
            let (Some(kind), Value::Mapping(entries)) = (kind.as_str(), entries) else {
                continue;
            };
            let names = defined.entry(kind.to_owned()).or_default();
            names.extend(entries.keys().filter_map(Value::as_str).map(str::to_owned));
        }
    }
    defined
}

fn schema_is_defined(defined: &BTreeMap<String, BTreeSet<String>>, reference: &str) -> bool {
    reference.strip_prefix(SCHEMA_PREFIX).is_some_and(|name| {
        defined
            .get("schemas")
            .is_some_and(|names| names.contains(name))
    })
}

fn fail_on(mismatches: &[String], what: &str) {
    assert!(
        mismatches.is_empty(),
        "{} {what}:\n  - {}\n",
        mismatches.len(),
        mismatches.join("\n  - ")
    );
}

// ---------------------------------------------------------------------------------------------
// The reference
// ---------------------------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
struct Expected {
    group: String,
    http_method: String,
    path: String,
    perm_type: String,
    permissions: Vec<String>,
    deprecated: bool,
    preview: bool,
    /// (name, required) in documentation order; a request body is named `body`.
    params: Vec<(String, bool)>,
}

fn parse_bool(value: &str, line: usize) -> bool {
    match value {
        "true" => true,
        "false" => false,
        other => panic!("{FIXTURE}:{line}: expected true or false, found {other:?}"),
    }
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The fixture, keyed by method name.
fn reference_operations() -> BTreeMap<String, Expected> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let mut expected = BTreeMap::new();
    for (index, line) in read(&path).lines().enumerate() {
        let line_no = index + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("group\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            cols.len(),
            9,
            "{FIXTURE}:{line_no}: expected 9 tab-separated columns, found {}",
            cols.len()
        );
        let params = split_list(cols[8])
            .into_iter()
            .map(|p| match p.strip_suffix('!') {
                Some(name) => (name.to_owned(), true),
                None => (p, false),
            })
            .collect();
        let previous = expected.insert(
            cols[1].to_owned(),
            Expected {
                group: cols[0].to_owned(),
                http_method: cols[2].to_owned(),
                path: cols[3].to_owned(),
                perm_type: cols[4].to_owned(),
                permissions: split_list(cols[5]),
                deprecated: parse_bool(cols[6], line_no),
                preview: parse_bool(cols[7], line_no),
                params,
            },
        );
        assert!(
            previous.is_none(),
            "{FIXTURE}:{line_no}: {} is listed twice",
            cols[1]
        );
    }
    expected
}

// ---------------------------------------------------------------------------------------------
// Reading facts out of an operation
// ---------------------------------------------------------------------------------------------

/// (`ANY` | `ALL` | `none`, permissions) from `x-inin-requires-permissions`.
fn permissions_of(operation: &Operation) -> Result<(String, Vec<String>), String> {
    let Some(value) = operation.extensions.get("x-inin-requires-permissions") else {
        return Ok(("none".to_owned(), Vec::new()));
    };
    let kind = value
        .get("type")
        .and_then(|t| t.as_str())
        .ok_or("x-inin-requires-permissions has no string `type`")?;
    let list = value
        .get("permissions")
        .and_then(|p| p.as_array())
        .ok_or("x-inin-requires-permissions has no `permissions` list")?
        .iter()
        .map(|p| {
            p.as_str()
                .map(str::to_owned)
                .ok_or("a permission is not a string")
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((kind.to_owned(), list))
}

fn preview_of(operation: &Operation) -> Result<bool, String> {
    match operation.extensions.get("x-genesys-preview") {
        None => Ok(false),
        Some(value) => value
            .as_bool()
            .ok_or_else(|| format!("x-genesys-preview is not a boolean: {value}")),
    }
}

/// (name, required) for each parameter, then `body` for a request body.
fn params_of(operation: &Operation) -> Result<Vec<(String, bool)>, String> {
    let mut params = Vec::new();
    for parameter in &operation.parameters {
        match parameter {
            ReferenceOr::Item(parameter) => {
                let data = parameter.parameter_data_ref();
                params.push((data.name.clone(), data.required));
            }
            ReferenceOr::Reference { reference } => {
                return Err(format!(
                    "parameter {reference} is a $ref; write parameters inline"
                ));
            }
        }
    }
    match &operation.request_body {
        None => {}
        Some(ReferenceOr::Item(body)) => params.push(("body".to_owned(), body.required)),
        Some(ReferenceOr::Reference { reference }) => {
            return Err(format!(
                "request body {reference} is a $ref; write request bodies inline"
            ));
        }
    }
    Ok(params)
}

fn show_params(params: &[(String, bool)]) -> String {
    params
        .iter()
        .map(|(name, required)| {
            if *required {
                format!("{name}!")
            } else {
                name.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn compare<T: PartialEq + std::fmt::Debug>(
    out: &mut Vec<String>,
    name: &str,
    what: &str,
    spec: T,
    reference: T,
) {
    if spec != reference {
        out.push(format!(
            "{name}: {what} is {spec:?} in the spec, {reference:?} in the reference"
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn operations_match_the_reference() {
    let docs = openapi_documents();
    let operations = spec_operations(&docs);
    let expected = reference_operations();
    let mut mismatches = Vec::new();

    let mut seen = BTreeSet::new();
    for op in &operations {
        let Some(name) = op.operation.operation_id.clone() else {
            mismatches.push(format!(
                "{}: {} {} has no operationId",
                op.file, op.http_method, op.path
            ));
            continue;
        };
        if !seen.insert(name.clone()) {
            mismatches.push(format!(
                "{name}: operationId used by more than one operation"
            ));
        }
        let Some(reference) = expected.get(&name) else {
            mismatches.push(format!(
                "{name} ({}): in the spec but not in the reference",
                op.file
            ));
            continue;
        };
        let group = op.operation.tags.first().cloned().unwrap_or_default();
        compare(
            &mut mismatches,
            &name,
            "group (first tag)",
            group.as_str(),
            reference.group.as_str(),
        );
        compare(
            &mut mismatches,
            &name,
            "HTTP method",
            op.http_method.as_str(),
            reference.http_method.as_str(),
        );
        compare(
            &mut mismatches,
            &name,
            "path",
            op.path.as_str(),
            reference.path.as_str(),
        );
        match permissions_of(&op.operation) {
            Ok((kind, list)) => {
                compare(
                    &mut mismatches,
                    &name,
                    "permission type",
                    kind.as_str(),
                    reference.perm_type.as_str(),
                );
                compare(
                    &mut mismatches,
                    &name,
                    "permissions",
                    &list,
                    &reference.permissions,
                );
            }
            Err(e) => mismatches.push(format!("{name}: {e}")),
        }
        compare(
            &mut mismatches,
            &name,
            "deprecated",
            op.operation.deprecated,
            reference.deprecated,
        );
        // A removed route says so in `x-genesys-removed` (rendered into its docs); another deprecated one in its
        // description.
        if op.operation.deprecated
            && !op.operation.extensions.contains_key("x-genesys-removed")
            && !op
                .operation
                .description
                .as_deref()
                .unwrap_or_default()
                .to_lowercase()
                .contains("deprecated")
        {
            mismatches.push(format!(
                "{name}: deprecated, but neither its description nor x-genesys-removed says so"
            ));
        }
        match preview_of(&op.operation) {
            Ok(preview) => compare(
                &mut mismatches,
                &name,
                "x-genesys-preview",
                preview,
                reference.preview,
            ),
            Err(e) => mismatches.push(format!("{name}: {e}")),
        }
        match params_of(&op.operation) {
            Ok(params) => {
                if params != reference.params {
                    mismatches.push(format!(
                        "{name}: parameters are [{}] in the spec, [{}] in the reference",
                        show_params(&params),
                        show_params(&reference.params)
                    ));
                }
            }
            Err(e) => mismatches.push(format!("{name}: {e}")),
        }
    }
    for name in expected.keys().filter(|name| !seen.contains(*name)) {
        mismatches.push(format!("{name}: in the reference but not in the spec"));
    }
    fail_on(
        &mismatches,
        "differences between spec/*.yaml and the reference operations",
    );
}

#[test]
fn method_name_extension_equals_operation_id() {
    let docs = openapi_documents();
    let mut mismatches = Vec::new();
    for op in spec_operations(&docs) {
        let id = op.operation.operation_id.as_deref();
        let method_name = op
            .operation
            .extensions
            .get("x-purecloud-method-name")
            .and_then(|v| v.as_str());
        if id.is_none() || id != method_name {
            mismatches.push(format!(
                "{}: {} {}: operationId {id:?} but x-purecloud-method-name {method_name:?}",
                op.file, op.http_method, op.path
            ));
        }
    }
    fail_on(
        &mismatches,
        "operations whose x-purecloud-method-name differs from operationId",
    );
}

/// Collects every `$ref` string in a YAML tree, with its JSON-pointer location.
fn collect_refs(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map {
                let key = key
                    .as_str()
                    .map_or_else(|| format!("{key:?}"), str::to_owned);
                if key == "$ref" {
                    if let Some(reference) = child.as_str() {
                        out.push((at.to_owned(), reference.to_owned()));
                    } else {
                        out.push((at.to_owned(), format!("<not a string: {child:?}>")));
                    }
                } else {
                    let segment = key.replace('~', "~0").replace('/', "~1");
                    collect_refs(child, &format!("{at}/{segment}"), out);
                }
            }
        }
        Value::Sequence(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_refs(child, &format!("{at}/{i}"), out);
            }
        }
        Value::Tagged(tagged) => collect_refs(&tagged.value, at, out),
        _ => {}
    }
}

#[test]
fn every_ref_resolves_in_the_merged_spec() {
    let raw = raw_documents();
    let defined = defined_components(&raw);
    let mut mismatches = Vec::new();
    for (file, doc) in &raw {
        let mut refs = Vec::new();
        collect_refs(doc, "", &mut refs);
        for (at, reference) in refs {
            let resolved = reference
                .strip_prefix("#/components/")
                .and_then(|rest| rest.split_once('/'))
                .is_some_and(|(kind, name)| {
                    defined.get(kind).is_some_and(|names| names.contains(name))
                });
            if !resolved {
                mismatches.push(format!("{file} at {at}: `{reference}` does not resolve to a component of the merged spec"));
            }
        }
    }
    fail_on(&mismatches, "unresolved $refs");
}

#[test]
fn each_schema_is_defined_once() {
    let raw = raw_documents();
    let mut definitions: BTreeMap<String, Vec<(String, Value)>> = BTreeMap::new();
    for (file, doc) in &raw {
        let Some(Value::Mapping(schemas)) = doc.get("components").and_then(|c| c.get("schemas"))
        else {
            continue;
        };
        for (name, schema) in schemas {
            let name = name.as_str().expect("schema names are strings").to_owned();
            definitions
                .entry(name)
                .or_default()
                .push((file.clone(), schema.clone()));
        }
    }
    let mut mismatches = Vec::new();
    for (name, defs) in &definitions {
        if defs.len() < 2 {
            continue;
        }
        let files: Vec<&str> = defs.iter().map(|(file, _)| file.as_str()).collect();
        let same = defs.windows(2).all(|pair| pair[0].1 == pair[1].1);
        if same {
            mismatches.push(format!(
                "{name} is defined identically in {}; keep one (shared ones go in api.yaml)",
                files.join(", ")
            ));
        } else {
            mismatches.push(format!(
                "{name} is defined differently in {} (a clash when merged)",
                files.join(", ")
            ));
        }
    }
    fail_on(&mismatches, "schemas defined more than once");
}

/// Looks up a response, following one `$ref` into the merged `components.responses`.
fn resolve_response<'a>(
    response: &'a ReferenceOr<Response>,
    shared: &'a BTreeMap<String, Response>,
) -> Result<&'a Response, String> {
    match response {
        ReferenceOr::Item(response) => Ok(response),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/responses/")
            .and_then(|name| shared.get(name))
            .ok_or_else(|| format!("response {reference} is not defined")),
    }
}

/// Ok when `schema` is a `$ref` to a defined schema or an array of one.
fn check_typed(
    schema: &ReferenceOr<Schema>,
    defined: &BTreeMap<String, BTreeSet<String>>,
) -> Result<(), String> {
    let reference = match schema {
        ReferenceOr::Reference { reference } => reference.clone(),
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Array(array)),
            ..
        }) => match &array.items {
            Some(ReferenceOr::Reference { reference }) => reference.clone(),
            _ => return Err("an inline array whose items are not a $ref to a model".to_owned()),
        },
        ReferenceOr::Item(_) => {
            return Err("an inline schema instead of a $ref to a model".to_owned());
        }
    };
    if schema_is_defined(defined, &reference) {
        Ok(())
    } else {
        Err(format!("{reference}, which is not a defined schema"))
    }
}

#[test]
fn bodies_and_success_responses_are_typed() {
    let docs = openapi_documents();
    let defined = defined_components(&raw_documents());
    let shared: BTreeMap<String, Response> = docs
        .iter()
        .filter_map(|(_, doc)| doc.components.as_ref())
        .flat_map(|components| components.responses.iter())
        .filter_map(|(name, response)| response.as_item().map(|r| (name.clone(), r.clone())))
        .collect();
    let mut mismatches = Vec::new();
    for op in spec_operations(&docs) {
        let name = op
            .operation
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{} {}", op.http_method, op.path));
        let successes: Vec<_> = op
            .operation
            .responses
            .responses
            .iter()
            .filter(|(code, _)| matches!(code, StatusCode::Code(200..=299) | StatusCode::Range(2)))
            .collect();
        if successes.is_empty() {
            mismatches.push(format!("{name}: no 2xx response"));
        }
        for (code, response) in successes {
            let response = match resolve_response(response, &shared) {
                Ok(response) => response,
                Err(e) => {
                    mismatches.push(format!("{name}: {code}: {e}"));
                    continue;
                }
            };
            if response.content.is_empty() {
                continue; // no body: the method returns nothing
            }
            match response
                .content
                .get("application/json")
                .and_then(|media| media.schema.as_ref())
            {
                None => mismatches.push(format!(
                    "{name}: {code} has content but no application/json schema"
                )),
                Some(schema) => {
                    if let Err(e) = check_typed(schema, &defined) {
                        mismatches.push(format!("{name}: {code} response body is {e}"));
                    }
                }
            }
        }
        if let Some(ReferenceOr::Item(body)) = &op.operation.request_body {
            match body
                .content
                .get("application/json")
                .and_then(|media| media.schema.as_ref())
            {
                None => mismatches.push(format!(
                    "{name}: request body has no application/json schema"
                )),
                Some(schema) => {
                    if let Err(e) = check_typed(schema, &defined) {
                        mismatches.push(format!("{name}: request body is {e}"));
                    }
                }
            }
        }
    }
    fail_on(&mismatches, "untyped request or response bodies");
}

#[test]
fn operations_are_sorted_by_path_then_method() {
    let mut mismatches = Vec::new();
    for (file, doc) in raw_documents() {
        let Some(Value::Mapping(paths)) = doc.get("paths") else {
            continue;
        };
        let keys: Vec<&str> = paths.keys().filter_map(Value::as_str).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        if keys != sorted {
            mismatches.push(format!(
                "{file}: paths are not in sorted order; expected {sorted:?}"
            ));
        }
        for (path, item) in paths {
            let Value::Mapping(item) = item else { continue };
            let methods: Vec<&str> = item.keys().filter_map(Value::as_str).collect();
            let mut sorted = methods.clone();
            sorted.sort_unstable();
            if methods != sorted {
                mismatches.push(format!(
                    "{file}: methods of {path:?} are not sorted; expected {sorted:?}"
                ));
            }
        }
    }
    fail_on(&mismatches, "ordering problems");
}

//! Operations → groups of typed operations.

use std::collections::BTreeMap;

use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr};
use serde_json::Value;

use super::Lowerer;
use super::schemas::{SchemaRef, clean_description};
use crate::contract;
use crate::diagnostics::{Cause, Diagnostic, Severity, pointer_segment};
use crate::extensions::{OperationExtensions, Removed};
use crate::model::names::{self, Scope};
use crate::model::{
    Deprecation, Group, HttpMethod, Operation, Param, ParamLocation, ParamStyle, Removal, Type,
    TypeKind,
};

mod payloads;

use payloads::{json_content, lower_body, lower_response};

/// The API group of operations without a tag: `GeneralApi`, module and feature `general`.
const DEFAULT_TAG: &str = "General";

/// An operation found in the document, before lowering.
struct Found<'a> {
    method_name: String,
    http_method: HttpMethod,
    path: &'a str,
    operation: &'a openapiv3::Operation,
    path_params: &'a [ReferenceOr<Parameter>],
    pointer: String,
    /// Its vendor extensions.
    extensions: OperationExtensions,
    /// Its malformed vendor extensions: they skip it, like any other defect found lowering it.
    extension_problems: Vec<Diagnostic>,
    /// Its method name is taken by an earlier operation: it is checked, but not generated.
    duplicate: bool,
}

pub(super) fn lower_all(l: &mut Lowerer<'_>) -> Vec<Group> {
    let found = find_operations(l);
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut modules = Scope::with_reserved(names::RESERVED_MODULES);
    let mut module_of_tag: BTreeMap<String, String> = BTreeMap::new();
    let mut fn_scopes: BTreeMap<String, Scope> = BTreeMap::new();
    let mut type_scopes: BTreeMap<String, Scope> = BTreeMap::new();
    // API names name the Markdown pages, which must differ in more than case.
    let mut api_names = Scope::ignoring_case();

    for found in found {
        // The first tag names the group; an operation without one goes to the default group.
        let tag = found
            .operation
            .tags
            .first()
            .map_or(DEFAULT_TAG, String::as_str);
        let types_before = l.types.len();
        let mut sink = Vec::new();
        let operation = lower_operation(l, &found, &mut sink);
        if sink.iter().any(|d| d.severity == Severity::Error) {
            // Drop the inline types this operation defined; the rest of the API is generated without it.
            l.types.truncate(types_before);
            for d in sink {
                // The errors are why it is skipped; its warnings stay what they are.
                if d.severity != Severity::Error {
                    l.diagnostics.push(d);
                    continue;
                }
                l.diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    message: format!("operation `{}` skipped: {}", found.method_name, d.message),
                    skipped_operation: Some(found.method_name.as_str().into()),
                    ..d
                });
            }
            continue;
        }
        l.diagnostics.0.extend(sink);
        let Some(mut operation) = operation else {
            continue;
        };

        let module = module_of_tag
            .entry(tag.to_owned())
            .or_insert_with(|| modules.claim(names::module(tag), "_"))
            .clone();
        let group = groups.entry(module.clone()).or_insert_with(|| Group {
            tag: tag.to_owned(),
            api_name: api_names.claim(format!("{}Api", names::camel(tag)), ""),
            module: module.clone(),
            description: l
                .document
                .tags
                .iter()
                .find(|t| t.name == tag)
                .and_then(|t| clean_description(t.description.clone())),
            operations: Vec::new(),
        });
        let fns = fn_scopes
            .entry(module.clone())
            .or_insert_with(|| Scope::with_reserved(&["new"]));
        let wanted_fn = names::snake(&operation.method_name);
        operation.fn_name = fns.claim(wanted_fn.clone(), "_");
        let types = type_scopes.entry(module).or_insert_with(|| {
            let mut types = Scope::with_reserved(names::RESERVED_TYPES);
            types.claim(group.api_name.clone(), "");
            types
        });
        operation.type_name = types.claim(names::camel(&operation.method_name), "");
        if operation.has_optional_params() {
            // Claimed now so a later operation called `…Request` cannot take the request type's name.
            types.claim(format!("{}Request", operation.type_name), "");
        }
        if operation.fn_name != wanted_fn {
            l.diagnostics.push(
                Diagnostic::warning(&operation.pointer, format!("method name `{}` collides with another after case conversion; its Rust method is `{}`", operation.method_name, operation.fn_name))
                    .with_help("give the operations method names that differ in more than case")
                    .with_cause(Cause::NameCollision),
            );
        }
        group.operations.push(operation);
    }
    groups.into_values().collect()
}

/// Every operation of the document, sorted by method name; a method name used twice is an error naming both.
fn find_operations<'a>(l: &mut Lowerer<'a>) -> Vec<Found<'a>> {
    let mut found = Vec::new();
    for (path, item) in &l.document.paths.paths {
        let path_pointer = format!("/paths/{}", pointer_segment(path));
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                l.diagnostics.push(
                    Diagnostic::warning(&path_pointer, format!("path item `$ref: {reference}` is not supported; its operations are skipped"))
                        .with_help("define the path's operations inline, or point `$ref` at a path item in this document")
                        .with_cause(Cause::UnresolvedRef),
                );
                continue;
            }
        };
        if !well_formed_template(path) {
            l.diagnostics.push(
                Diagnostic::warning(
                    &path_pointer,
                    "the path template has an unclosed or stray brace; its operations are skipped",
                )
                .with_help(
                    "write each path parameter as `{name}`, e.g. `/api/v2/chats/rooms/{roomJid}`",
                ),
            );
            continue;
        }
        for (method, operation) in item.iter() {
            let pointer = format!("{path_pointer}/{method}");
            let http_method = match method {
                "get" => HttpMethod::Get,
                "post" => HttpMethod::Post,
                "put" => HttpMethod::Put,
                "patch" => HttpMethod::Patch,
                "delete" => HttpMethod::Delete,
                "head" => HttpMethod::Head,
                "options" => HttpMethod::Options,
                other => {
                    let mut skipped = Diagnostic::warning(
                        &pointer,
                        format!("HTTP method `{other}` is not supported; skipped"),
                    )
                    .with_cause(Cause::HttpMethod);
                    skipped.skipped_operation = Some(format!("{other} {path}").into());
                    l.diagnostics.push(skipped);
                    continue;
                }
            };
            let mut extension_problems = Vec::new();
            let extensions = OperationExtensions::parse(
                &operation.extensions,
                &pointer,
                &mut extension_problems,
            );
            found.push(Found {
                method_name: declared_method_name(operation, &extensions)
                    .unwrap_or_default()
                    .to_owned(),
                http_method,
                path,
                operation,
                path_params: &item.parameters,
                pointer,
                extensions,
                extension_problems,
                duplicate: false,
            });
        }
    }
    derive_missing_method_names(&mut found);
    found.sort_by(|a, b| {
        (&a.method_name, a.path, a.http_method).cmp(&(&b.method_name, b.path, b.http_method))
    });
    for i in 1..found.len() {
        let (before, after) = found.split_at_mut(i);
        let (first, f) = (&before[i - 1], &mut after[0]);
        if first.method_name == f.method_name {
            f.duplicate = true;
            let first = before.iter().rev().find(|u| !u.duplicate).unwrap_or(first);
            l.diagnostics.push(
                Diagnostic::error(&f.pointer, format!("method name `{}` is also used by {} {} ({})", f.method_name, first.http_method.as_str(), first.path, first.pointer))
                    .with_help("method names are unique across the API; rename one (`operationId` and `x-purecloud-method-name`)")
                    .with_cause(Cause::DuplicateMethodName),
            );
        }
    }
    found
}

/// The method name the spec gives an operation: Genesys's `x-purecloud-method-name`, else `operationId`.
fn declared_method_name<'a>(
    operation: &'a openapiv3::Operation,
    extensions: &'a OperationExtensions,
) -> Option<&'a str> {
    extensions
        .method_name
        .as_deref()
        .or(operation.operation_id.as_deref())
        .filter(|n| !n.trim().is_empty())
}

/// Names the operations the spec gives no method name (their `method_name` is empty).
///
/// The rule: the HTTP method, then each path segment, a `{placeholder}` as `By` + its name, in lowerCamelCase
/// (`GET /users/{id}/repos` → `getUsersByIdRepos`). A name whose snake case another operation already has (a
/// declared name, or an earlier derived one in spec order) gets the smallest free suffix `2`, `3`…, so a derived
/// name never collides.
fn derive_missing_method_names(found: &mut [Found<'_>]) {
    let mut taken: std::collections::BTreeSet<String> = found
        .iter()
        .filter(|f| !f.method_name.is_empty())
        .map(|f| names::snake(&f.method_name))
        .collect();
    for f in found.iter_mut().filter(|f| f.method_name.is_empty()) {
        let base = derived_method_name(f.http_method, f.path);
        let mut name = base.clone();
        let mut n = 2u32;
        while !taken.insert(names::snake(&name)) {
            name = format!("{base}{n}");
            n += 1;
        }
        f.method_name = name;
    }
}

/// `getUsersByIdRepos` for `GET /users/{id}/repos`.
fn derived_method_name(method: HttpMethod, path: &str) -> String {
    let mut words = vec![method.as_str().to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(placeholder) => {
                words.push("by".to_owned());
                words.push(placeholder.to_owned());
            }
            None => words.push(segment.to_owned()),
        }
    }
    let camel = names::camel(&words.join(" "));
    let mut chars = camel.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_lowercase().to_string() + chars.as_str()
    })
}

fn lower_operation<'a>(
    l: &mut Lowerer<'a>,
    found: &Found<'a>,
    sink: &mut Vec<Diagnostic>,
) -> Option<Operation> {
    let op = found.operation;
    sink.extend(found.extension_problems.iter().cloned());
    let type_name = names::camel(&found.method_name);
    let body = lower_body(l, found, &type_name, sink);
    let params = lower_params(l, found, &type_name, body.is_some(), sink);
    let (response, response_encoding) = lower_response(l, found, &type_name, sink);
    let deprecation = lower_deprecation(op, found.extensions.removed.clone());
    Some(Operation {
        method_name: found.method_name.clone(),
        fn_name: String::new(),
        type_name,
        http_method: found.http_method,
        path: found.path.to_owned(),
        summary: clean_description(op.summary.clone()),
        description: clean_description(op.description.clone()),
        params,
        body,
        response,
        response_encoding,
        permissions: found.extensions.permissions.clone(),
        preview: found.extensions.preview,
        deprecation,
        pagination: None,
        pointer: found.pointer.clone(),
    })
}

fn lower_params<'a>(
    l: &mut Lowerer<'a>,
    found: &Found<'a>,
    type_name: &str,
    has_body: bool,
    sink: &mut Vec<Diagnostic>,
) -> Vec<Param> {
    // Operation-level parameters override path-level ones of the same name and location.
    let mut declared: Vec<(&'a Parameter, String)> = Vec::new();
    let all = found
        .path_params
        .iter()
        .map(|p| (p, "parameters"))
        .chain(found.operation.parameters.iter().map(|p| (p, "")));
    for (index, (param, level)) in all.enumerate() {
        let pointer = if level.is_empty() {
            format!(
                "{}/parameters/{}",
                found.pointer,
                index - found.path_params.len()
            )
        } else {
            format!("/paths/{}/parameters/{index}", pointer_segment(found.path))
        };
        let Some(param) = resolve(
            l,
            param,
            ("parameters", "a parameter"),
            |c| &c.parameters,
            &pointer,
            sink,
        ) else {
            continue;
        };
        let key = (param.parameter_data_ref().name.as_str(), location_of(param));
        declared.retain(|(p, _)| (p.parameter_data_ref().name.as_str(), location_of(p)) != key);
        declared.push((param, pointer));
    }

    let template: Vec<&str> = path_template_names(found.path);
    let mut scope = Scope::with_reserved(contract::REQUEST_METHODS);
    if has_body {
        scope.claim("body".to_owned(), "_");
    }
    let mut params = Vec::with_capacity(declared.len());
    for (param, pointer) in declared {
        let data = param.parameter_data_ref();
        let location = match param {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => {
                sink.push(
                    Diagnostic::error(
                        &pointer,
                        format!("cookie parameter `{}` is not supported", data.name),
                    )
                    .with_cause(Cause::CookieParam),
                );
                continue;
            }
        };
        if location == ParamLocation::Path && !template.contains(&data.name.as_str()) {
            // A real upstream defect (e.g. `scriptId` on /api/v2/scripts/published): nothing could be sent for it.
            sink.push(
                Diagnostic::warning(
                    &pointer,
                    format!(
                        "path parameter `{}` does not appear in the path `{}`; it is ignored",
                        data.name, found.path
                    ),
                )
                .with_help(format!(
                    "remove the parameter, or add `{{{}}}` to the path",
                    data.name
                ))
                .with_cause(Cause::UnusedPathParam),
            );
            continue;
        }
        // A `content`-described parameter is its (JSON) value as text; only JSON has a defined encoding.
        let (schema, json) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (schema, false),
            ParameterSchemaOrContent::Content(content) => {
                match json_content(content).and_then(|(_, media)| media.schema.as_ref()) {
                    Some(schema) if location == ParamLocation::Query => (schema, true),
                    _ => {
                        let types: Vec<&str> = content.keys().map(String::as_str).collect();
                        sink.push(
                            Diagnostic::error(
                                &pointer,
                                format!(
                                    "{location:?} parameter `{}` is described with content {}, which is not supported (JSON query parameters are)",
                                    data.name,
                                    types.join(", ")
                                ),
                            )
                            .with_help("describe it with `schema`")
                            .with_cause(Cause::ContentParam),
                        );
                        continue;
                    }
                }
            }
        };
        let context = format!("{type_name}{}", names::camel(&data.name));
        let schema_pointer = if json {
            format!("{pointer}/content")
        } else {
            format!("{pointer}/schema")
        };
        // A union in a URL or a header is text, written as the caller has it.
        let ty = if !json && l.is_union(schema) {
            Type::String
        } else {
            l.type_of(SchemaRef::from(schema), &context, &schema_pointer, sink)
        };
        // A free-form value can only travel in a URL or header as text.
        let ty = match ty {
            Type::Any if !json => Type::String,
            Type::Array(item) if *item == Type::Any => Type::Array(Box::new(Type::String)),
            ty => ty,
        };
        let simple = is_simple_param_type(l, &ty);
        let explode = data.explode != Some(false);
        let style = match (param, simple) {
            _ if json => ParamStyle::Json,
            (
                Parameter::Query {
                    style: QueryStyle::Form,
                    ..
                },
                false,
            ) if is_object_param_type(l, &ty) => {
                if explode {
                    ParamStyle::FormObject
                } else {
                    ParamStyle::FormObjectCsv
                }
            }
            (
                Parameter::Query {
                    style: QueryStyle::DeepObject,
                    ..
                },
                false,
            ) if is_object_param_type(l, &ty) => ParamStyle::DeepObject,
            (Parameter::Path { .. } | Parameter::Header { .. }, false)
                if is_object_param_type(l, &ty) =>
            {
                // `simple` does not explode unless told to.
                if data.explode == Some(true) {
                    ParamStyle::SimpleObjectExploded
                } else {
                    ParamStyle::SimpleObject
                }
            }
            // Exploded, these are `form` pairs; a scalar is a plain pair.
            (
                Parameter::Query {
                    style: style @ (QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited),
                    ..
                },
                true,
            ) => match (&ty, data.explode == Some(true)) {
                (Type::Array(_), false) if *style == QueryStyle::SpaceDelimited => {
                    ParamStyle::SpaceDelimited
                }
                (Type::Array(_), false) => ParamStyle::PipeDelimited,
                _ => ParamStyle::Multi,
            },
            // `deepObject` is for objects; a scalar under it can only be a plain pair.
            (
                Parameter::Query {
                    style: QueryStyle::Form | QueryStyle::DeepObject,
                    ..
                }
                | Parameter::Path { .. }
                | Parameter::Header { .. },
                true,
            ) => {
                if explode {
                    ParamStyle::Multi
                } else {
                    ParamStyle::Csv
                }
            }
            (
                Parameter::Query {
                    style: QueryStyle::Form | QueryStyle::DeepObject,
                    ..
                },
                _,
            )
            | (Parameter::Path { .. } | Parameter::Header { .. }, false) => {
                sink.push(
                    Diagnostic::error(&pointer, format!("parameter `{}` has a type that cannot be sent in a {location:?} parameter", data.name))
                        .with_help("give it a string, number, boolean, enum or array-of-those schema (or an object schema, for a query parameter)")
                        .with_cause(Cause::ObjectParam),
                );
                continue;
            }
            (Parameter::Query { style, .. }, _) => {
                sink.push(
                    Diagnostic::error(
                        &pointer,
                        format!("query parameter style `{style:?}` is not supported for parameter `{}`, which is not an array of scalars", data.name),
                    )
                    .with_help("use `style: form` or `style: deepObject` for an object")
                    .with_cause(Cause::ParamStyle),
                );
                continue;
            }
            (Parameter::Cookie { .. }, _) => continue,
        };
        let default = match schema {
            ReferenceOr::Item(s) => s.schema_data.default.as_ref().map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
            ReferenceOr::Reference { .. } => None,
        };
        params.push(Param {
            wire_name: data.name.clone(),
            rust_name: scope.claim(names::snake(&data.name), "_"),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            style,
            description: clean_description(data.description.clone()),
            default,
            deprecated: data.deprecated.unwrap_or(false),
        });
    }
    // A placeholder the spec declares no parameter for still needs a value: it becomes a required string argument.
    for name in &template {
        if !params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.wire_name == *name)
        {
            sink.push(
                Diagnostic::warning(
                    &found.pointer,
                    format!("the path has `{{{name}}}` but no path parameter `{name}` is declared; it is taken as a required string"),
                )
                .with_help(format!(
                    "declare `- name: {name}, in: path, required: true, schema: {{type: string}}`"
                ))
                .with_cause(Cause::UndeclaredPathParam),
            );
            params.push(Param {
                wire_name: (*name).to_owned(),
                rust_name: scope.claim(names::snake(name), "_"),
                location: ParamLocation::Path,
                required: true,
                ty: Type::String,
                style: ParamStyle::Multi,
                description: None,
                default: None,
                deprecated: false,
            });
        }
    }
    // Path parameters in path order, then required, then optional; each group keeps spec order.
    params.sort_by_key(|p| match p.location {
        ParamLocation::Path => (
            0,
            template
                .iter()
                .position(|n| *n == p.wire_name)
                .unwrap_or(usize::MAX),
        ),
        _ if p.required => (1, 0),
        _ => (2, 0),
    });
    params
}

fn location_of(param: &Parameter) -> u8 {
    match param {
        Parameter::Path { .. } => 0,
        Parameter::Query { .. } => 1,
        Parameter::Header { .. } => 2,
        Parameter::Cookie { .. } => 3,
    }
}

/// `{roomJid}` names in a path template, in order.
/// Whether every `{` of a path template is closed by a `}` before the next brace, and no `}` stands alone.
fn well_formed_template(path: &str) -> bool {
    let mut open = false;
    for c in path.chars() {
        match c {
            '{' if open => return false,
            '{' => open = true,
            '}' if !open => return false,
            '}' => open = false,
            _ => {}
        }
    }
    !open
}

pub(crate) fn path_template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn kind_of<'l>(l: &'l Lowerer<'_>, name: &str) -> Option<&'l TypeKind> {
    l.types
        .iter()
        .find(|t| t.rust_name == name)
        .map(|t| &t.kind)
}

/// Whether `ty` is a model or map: what `form` and `deepObject` query styles spread into pairs.
fn is_object_param_type(l: &Lowerer<'_>, ty: &Type) -> bool {
    match ty {
        Type::Map(_) => true,
        Type::Named(name) => match kind_of(l, name) {
            Some(TypeKind::Struct { .. }) => true,
            Some(TypeKind::Alias(inner)) => is_object_param_type(l, inner),
            _ => false,
        },
        _ => false,
    }
}

fn is_simple_param_type(l: &Lowerer<'_>, ty: &Type) -> bool {
    match ty {
        Type::Any | Type::Map(_) => false,
        Type::Array(item) => !matches!(**item, Type::Array(_)) && is_simple_param_type(l, item),
        Type::Named(name) => match kind_of(l, name) {
            Some(TypeKind::Enum { .. }) => true,
            Some(TypeKind::Alias(inner)) => is_simple_param_type(l, inner),
            _ => false,
        },
        _ => true,
    }
}

/// An inline item, or the `components.<kind>` entry its `$ref` names; a reference that does not resolve there is
/// an error saying what was expected.
fn resolve<'a, T>(
    l: &Lowerer<'a>,
    item: &'a ReferenceOr<T>,
    (kind, what): (&str, &str),
    entries: impl FnOnce(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    pointer: &str,
    sink: &mut Vec<Diagnostic>,
) -> Option<&'a T> {
    let reference = match item {
        ReferenceOr::Item(item) => return Some(item),
        ReferenceOr::Reference { reference } => reference,
    };
    let found = reference
        .strip_prefix(&format!("#/components/{kind}/"))
        .and_then(|name| entries(l.document.components.as_ref()?).get(name));
    if let Some(ReferenceOr::Item(item)) = found {
        return Some(item);
    }
    sink.push(
        Diagnostic::error(
            pointer,
            format!("`$ref: {reference}` does not resolve to {what}"),
        )
        .with_help(format!("define it under `components.{kind}`"))
        .with_cause(Cause::UnresolvedRef),
    );
    None
}

/// `deprecated`, with `x-genesys-removed` (the project's extension: Genesys has removed the route) when present. The
/// replacement is the extension's, else the one the description names (upstream specs write it only there).
fn lower_deprecation(op: &openapiv3::Operation, removed: Option<Removed>) -> Option<Deprecation> {
    if !op.deprecated && removed.is_none() {
        return None;
    }
    let (replacement, removal) = match removed {
        Some(Removed { sdk, replacement }) => (replacement, Some(Removal { sdk_version: sdk })),
        None => (named_replacement(op.description.as_deref()), None),
    };
    Some(Deprecation {
        replacement,
        replacement_method: None,
        removal,
    })
}

/// The replacement a deprecated operation's description names ("… use /api/v2/chats/settings instead").
fn named_replacement(description: Option<&str>) -> Option<String> {
    let d = description?;
    let lower = d.to_ascii_lowercase();
    let start = lower.find("use ")? + 4;
    let end = start + lower[start..].find(" instead")?;
    Some(d[start..end].trim().trim_matches('`').to_owned()).filter(|r| !r.is_empty())
}

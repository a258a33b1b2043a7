//! Swagger 2.0 input: a Swagger 2.0 document converted, in memory, into the OpenAPI 3.0 document the later stages
//! read.
//!
//! Genesys publishes its Platform API as Swagger 2.0 (`/api/v2/docs/swagger`, the file its SDKs are generated from),
//! so the generator reads it as it is. The mapping is the one the OpenAPI 3.0 specification describes (and that
//! swagger2openapi implements):
//!
//! - `definitions` → `components.schemas` (every `#/definitions/` reference follows), top-level `parameters` and
//!   `responses` → `components.parameters` / `components.responses`, `securityDefinitions` →
//!   `components.securitySchemes` (oauth2 flows `implicit`, `password`, `application` → `clientCredentials`,
//!   `accessCode` → `authorizationCode`; `basic` → `http`/`basic`);
//! - `host`, `basePath` and `schemes` → `servers`;
//! - a `body` parameter → `requestBody`, one media type per `consumes` entry; `formData` parameters → one
//!   `requestBody` whose schema is an object of them (`type: file` is a binary string);
//! - a response `schema` → `content`, one media type per `produces` entry (the operation's, else the document's);
//! - a parameter's `type`/`format`/`items`/`enum`/`default`/... → its `schema`; `collectionFormat` → `style` and
//!   `explode`; `x-example` → `example`;
//! - `x-nullable` → `nullable`, a string `discriminator` → `{propertyName}`.
//!
//! Everything else is kept where it stands, vendor extensions (`x-inin-requires-permissions`,
//! `x-purecloud-method-name`, `x-genesys-preview`, ...) included. Shapes the conversion relies on are checked, and
//! each problem is reported at its JSON pointer in the Swagger 2.0 file, all at once.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::diagnostics::{Diagnostic, Diagnostics, pointer_segment};
use parameters::{FormBody, Parameter};
use schema::{schema_keywords, schema_of};

mod parameters;
mod schema;
#[cfg(test)]
mod tests;

const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// What a document declaring `swagger` is, by that field.
pub(super) enum Version {
    /// `swagger: "2.0"`.
    Swagger2,
    /// Some other value: not a version this module reads.
    Unsupported(String),
}

/// The document's `swagger` field, when it has one.
pub(super) fn version(document: &Value) -> Option<Version> {
    let declared = document.get("swagger")?;
    // `swagger: 2.0` unquoted in YAML is a number.
    let is_2_0 = declared.as_str() == Some("2.0") || declared.as_f64() == Some(2.0);
    Some(if is_2_0 {
        Version::Swagger2
    } else {
        Version::Unsupported(declared.to_string())
    })
}

/// Converts a document that declares `swagger` (see [`version`]) into OpenAPI 3.0 form, or says why not.
pub(super) fn read(file: &Path, document: &Value, version: Version) -> Result<Value, Diagnostics> {
    let in_file = |d: Diagnostic| d.in_file(file);
    if let Version::Unsupported(declared) = version {
        return Err(Diagnostics(vec![in_file(
            Diagnostic::error("/swagger", format!("`swagger: {declared}` is not a version the generator reads"))
                .with_help("give a Swagger 2.0 (`swagger: \"2.0\"`) or an OpenAPI 3.0.x (`openapi: 3.0.3`) document"),
        )]));
    }
    convert(document).map_err(|errors| Diagnostics(errors.into_iter().map(in_file).collect()))
}

/// Converts a Swagger 2.0 document into OpenAPI 3.0 form, or says everything that stops it.
pub(super) fn convert(document: &Value) -> Result<Value, Vec<Diagnostic>> {
    let mut converter = Converter {
        root: document,
        errors: Vec::new(),
    };
    let converted = converter.document();
    if converter.errors.is_empty() {
        Ok(converted)
    } else {
        Err(converter.errors)
    }
}

struct Converter<'a> {
    root: &'a Value,
    errors: Vec<Diagnostic>,
}

impl Converter<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>, help: &str) {
        self.errors
            .push(Diagnostic::error(pointer, message).with_help(help.to_owned()));
    }

    /// `value` as an object, or an error at `pointer` (and `None`).
    fn object<'v>(&mut self, value: &'v Value, pointer: &str) -> Option<&'v Map<String, Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.error(
                pointer,
                format!("expected an object, found {}", kind(value)),
                "write this as a mapping, as Swagger 2.0 defines it",
            );
        }
        object
    }

    /// The entries of the object at `key` of `parent`, or none (an error when it is there but not an object).
    fn entries<'v>(
        &mut self,
        parent: &'v Map<String, Value>,
        key: &str,
        pointer: &str,
    ) -> Vec<(&'v String, &'v Value)> {
        match parent.get(key) {
            None => Vec::new(),
            Some(value) => self
                .object(value, &format!("{pointer}/{key}"))
                .map(|o| o.iter().collect())
                .unwrap_or_default(),
        }
    }

    /// The strings of the array at `key` (`consumes`, `produces`, `schemes`), when it is there.
    fn strings(
        &mut self,
        parent: &Map<String, Value>,
        key: &str,
        pointer: &str,
    ) -> Option<Vec<String>> {
        let value = parent.get(key)?;
        let strings = value.as_array().and_then(|items| {
            items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect()
        });
        if strings.is_none() {
            self.error(
                &format!("{pointer}/{key}"),
                format!("`{key}` must be a list of strings, found {}", kind(value)),
                "write it as a list, e.g. [application/json]",
            );
        }
        strings
    }

    fn document(&mut self) -> Value {
        let Some(root) = self.object(self.root, "") else {
            return Value::Null;
        };
        let mut out = Map::new();
        out.insert("openapi".to_owned(), json!("3.0.3"));
        copy(
            root,
            &mut out,
            &["info", "tags", "externalDocs", "security"],
        );
        copy_extensions(root, &mut out);
        if let Some(servers) = self.servers(root) {
            out.insert("servers".to_owned(), servers);
        }
        let consumes = self
            .strings(root, "consumes", "")
            .unwrap_or_else(|| vec!["application/json".to_owned()]);
        let produces = self
            .strings(root, "produces", "")
            .unwrap_or_else(|| vec!["application/json".to_owned()]);
        let media = Media { consumes, produces };

        let mut paths = Map::new();
        for (path, item) in self.entries(root, "paths", "") {
            let pointer = format!("/paths/{}", pointer_segment(path));
            if path.starts_with("x-") {
                paths.insert(path.clone(), item.clone());
            } else if let Some(item) = self.object(item, &pointer) {
                paths.insert(path.clone(), self.path_item(item, &media, &pointer));
            }
        }
        out.insert("paths".to_owned(), Value::Object(paths));

        let mut components = Map::new();
        let schemas: Map<String, Value> = self
            .entries(root, "definitions", "")
            .into_iter()
            .map(|(name, schema)| (name.clone(), schema_of(schema)))
            .collect();
        let parameters = self.shared_parameters(root);
        let responses: Map<String, Value> = self
            .entries(root, "responses", "")
            .into_iter()
            .filter_map(|(code, response)| {
                let pointer = format!("/responses/{}", pointer_segment(code));
                let converted = self.response(response, &media.produces, &pointer)?;
                Some((code.clone(), converted))
            })
            .collect();
        let security_schemes: Map<String, Value> = self
            .entries(root, "securityDefinitions", "")
            .into_iter()
            .filter_map(|(name, scheme)| {
                let pointer = format!("/securityDefinitions/{}", pointer_segment(name));
                Some((name.clone(), self.security_scheme(scheme, &pointer)?))
            })
            .collect();
        for (key, map) in [
            ("schemas", schemas),
            ("parameters", parameters),
            ("responses", responses),
            ("securitySchemes", security_schemes),
        ] {
            if !map.is_empty() {
                components.insert(key.to_owned(), Value::Object(map));
            }
        }
        out.insert("components".to_owned(), Value::Object(components));
        Value::Object(out)
    }

    /// `scheme://host/basePath` for each scheme (`https` when none is given).
    fn servers(&mut self, root: &Map<String, Value>) -> Option<Value> {
        let host = root.get("host").and_then(Value::as_str);
        let base_path = root.get("basePath").and_then(Value::as_str).unwrap_or("");
        let Some(host) = host else {
            return (!base_path.is_empty()).then(|| json!([{ "url": base_path }]));
        };
        let schemes = self
            .strings(root, "schemes", "")
            .unwrap_or_else(|| vec!["https".to_owned()]);
        let servers: Vec<Value> = schemes
            .iter()
            .map(|scheme| json!({ "url": format!("{scheme}://{host}{base_path}") }))
            .collect();
        Some(Value::Array(servers))
    }

    /// The top-level `parameters` that stay parameters; body and form parameters are inlined where they are used.
    fn shared_parameters(&mut self, root: &Map<String, Value>) -> Map<String, Value> {
        let mut shared = Map::new();
        for (name, parameter) in self.entries(root, "parameters", "") {
            let pointer = format!("/parameters/{}", pointer_segment(name));
            if let Some(Parameter::Plain(converted)) = self.parameter(parameter, &pointer) {
                shared.insert(name.clone(), converted);
            }
        }
        shared
    }

    fn path_item(&mut self, item: &Map<String, Value>, media: &Media, pointer: &str) -> Value {
        let mut out = Map::new();
        copy(item, &mut out, &["summary", "description", "$ref"]);
        copy_extensions(item, &mut out);
        // Path-level parameters: plain ones stay on the path item; a body or form belongs to each operation.
        let shared = self.parameters(item, pointer);
        let (plain, inherited): (Vec<_>, Vec<_>) = shared
            .into_iter()
            .partition(|p| matches!(p, Parameter::Plain(_)));
        let plain: Vec<Value> = plain
            .into_iter()
            .filter_map(|p| match p {
                Parameter::Plain(v) => Some(v),
                _ => None,
            })
            .collect();
        if !plain.is_empty() {
            out.insert("parameters".to_owned(), Value::Array(plain));
        }
        for method in HTTP_METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            let pointer = format!("{pointer}/{method}");
            if let Some(operation) = self.object(operation, &pointer) {
                let converted = self.operation(operation, &inherited, media, &pointer);
                out.insert((*method).to_owned(), converted);
            }
        }
        Value::Object(out)
    }

    fn operation(
        &mut self,
        operation: &Map<String, Value>,
        inherited: &[Parameter],
        media: &Media,
        pointer: &str,
    ) -> Value {
        let mut out = Map::new();
        copy(
            operation,
            &mut out,
            &[
                "tags",
                "summary",
                "description",
                "externalDocs",
                "operationId",
                "deprecated",
                "security",
            ],
        );
        let consumes = self
            .strings(operation, "consumes", pointer)
            .unwrap_or_else(|| media.consumes.clone());
        let produces = self
            .strings(operation, "produces", pointer)
            .unwrap_or_else(|| media.produces.clone());

        let own = self.parameters(operation, pointer);
        let own_body = own.iter().any(|p| !matches!(p, Parameter::Plain(_)));
        let mut plain = Vec::new();
        let mut body = None;
        let mut form = FormBody::default();
        // The operation's own body or form replaces one declared on the path.
        let inherited = inherited.iter().filter(|_| !own_body);
        for parameter in inherited.cloned().chain(own) {
            match parameter {
                Parameter::Plain(value) => plain.push(value),
                Parameter::Body { schema, body: b } => body = Some((schema, b)),
                Parameter::Form {
                    name,
                    schema,
                    required,
                } => form.add(name, schema, required),
            }
        }
        if !plain.is_empty() {
            out.insert("parameters".to_owned(), Value::Array(plain));
        }
        if let Some((schema, mut request_body)) = body {
            request_body.insert("content".to_owned(), content(&consumes, &schema));
            out.insert("requestBody".to_owned(), Value::Object(request_body));
        } else if let Some(request_body) = form.into_request_body(&consumes) {
            out.insert("requestBody".to_owned(), request_body);
        }

        let mut responses = Map::new();
        for (code, response) in self.entries(operation, "responses", pointer) {
            let pointer = format!("{pointer}/responses/{}", pointer_segment(code));
            if code.starts_with("x-") {
                responses.insert(code.clone(), response.clone());
            } else if let Some(converted) = self.response(response, &produces, &pointer) {
                responses.insert(code.clone(), converted);
            }
        }
        out.insert("responses".to_owned(), Value::Object(responses));
        copy_extensions(operation, &mut out);
        Value::Object(out)
    }

    fn response(&mut self, response: &Value, produces: &[String], pointer: &str) -> Option<Value> {
        let response = self.object(response, pointer)?;
        if let Some(reference) = response.get("$ref") {
            let Some(name) = reference
                .as_str()
                .and_then(|r| r.strip_prefix("#/responses/"))
            else {
                self.error(
                    &format!("{pointer}/$ref"),
                    format!("the response reference {reference} does not point into `responses`"),
                    "refer to a shared response as '#/responses/Name'",
                );
                return None;
            };
            return Some(json!({ "$ref": format!("#/components/responses/{name}") }));
        }
        let mut out = Map::new();
        // Required in both versions, yet missing from real Genesys files (the 2018 spec's 424 of
        // `putUsersUserIdStationAssociatedstationStationId`); it is documentation only, so it becomes empty.
        let description = response
            .get("description")
            .cloned()
            .unwrap_or_else(|| json!(""));
        out.insert("description".to_owned(), description);
        let mut headers = Map::new();
        for (name, header) in self.entries(response, "headers", pointer) {
            let Some(header) = self.object(
                header,
                &format!("{pointer}/headers/{}", pointer_segment(name)),
            ) else {
                continue;
            };
            let mut converted = Map::new();
            copy(header, &mut converted, &["description"]);
            converted.insert(
                "schema".to_owned(),
                schema_of(&Value::Object(schema_keywords(header))),
            );
            copy_extensions(header, &mut converted);
            headers.insert(name.clone(), Value::Object(converted));
        }
        if !headers.is_empty() {
            out.insert("headers".to_owned(), Value::Object(headers));
        }
        if let Some(schema) = response.get("schema") {
            let mut content = content(produces, &schema_of(schema));
            // `examples` is keyed by media type in Swagger 2.0; each lands on its media type.
            for (media_type, example) in self.entries(response, "examples", pointer) {
                if let Some(entry) = content
                    .get_mut(media_type.as_str())
                    .and_then(Value::as_object_mut)
                {
                    entry.insert("example".to_owned(), example.clone());
                }
            }
            out.insert("content".to_owned(), content);
        }
        copy_extensions(response, &mut out);
        Some(Value::Object(out))
    }

    fn security_scheme(&mut self, scheme: &Value, pointer: &str) -> Option<Value> {
        let scheme = self.object(scheme, pointer)?;
        let mut out = Map::new();
        match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".to_owned(), json!("http"));
                out.insert("scheme".to_owned(), json!("basic"));
            }
            Some("apiKey") => {
                out.insert("type".to_owned(), json!("apiKey"));
                copy(scheme, &mut out, &["name", "in"]);
            }
            Some("oauth2") => {
                let flow = scheme.get("flow").and_then(Value::as_str);
                let (name, urls): (&str, &[&str]) = match flow {
                    Some("implicit") => ("implicit", &["authorizationUrl"]),
                    Some("password") => ("password", &["tokenUrl"]),
                    Some("application") => ("clientCredentials", &["tokenUrl"]),
                    Some("accessCode") => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                    _ => {
                        self.error(
                            &format!("{pointer}/flow"),
                            "an oauth2 security definition needs a `flow`",
                            "use implicit, password, application or accessCode",
                        );
                        return None;
                    }
                };
                let mut converted = Map::new();
                copy(scheme, &mut converted, urls);
                converted.insert(
                    "scopes".to_owned(),
                    scheme.get("scopes").cloned().unwrap_or_else(|| json!({})),
                );
                out.insert("type".to_owned(), json!("oauth2"));
                out.insert("flows".to_owned(), json!({ name: converted }));
            }
            _ => {
                self.error(
                    &format!("{pointer}/type"),
                    "a security definition's `type` must be basic, apiKey or oauth2",
                    "set `type` to one of basic, apiKey or oauth2",
                );
                return None;
            }
        }
        copy(scheme, &mut out, &["description"]);
        copy_extensions(scheme, &mut out);
        Some(Value::Object(out))
    }
}

/// The document's default media types.
struct Media {
    consumes: Vec<String>,
    produces: Vec<String>,
}

/// `{media type: {schema}}` for each media type.
fn content(media_types: &[String], schema: &Value) -> Value {
    let content: Map<String, Value> = media_types
        .iter()
        .map(|m| (m.clone(), json!({ "schema": schema })))
        .collect();
    Value::Object(content)
}

/// Copies the `keys` that `from` has.
fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert((*key).to_owned(), value.clone());
        }
    }
}

/// Copies the vendor extensions (`x-...`).
fn copy_extensions(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for (key, value) in from {
        if key.starts_with("x-") {
            to.insert(key.clone(), value.clone());
        }
    }
}

/// One JSON-pointer segment, unescaped (RFC 6901).
fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// What kind of JSON value this is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

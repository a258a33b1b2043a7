//! Parameters: path, query and header ones keep their place with a `schema`; `body` and `formData` ones become the
//! operation's `requestBody`.

use serde_json::{Map, Value, json};

use super::schema::{schema_keywords, schema_of};
use super::{Converter, content, copy, copy_extensions, kind, unescape_segment};
use crate::diagnostics::pointer_segment;

/// One converted Swagger 2.0 parameter.
#[derive(Clone)]
pub(super) enum Parameter {
    /// A path, query or header parameter (or a reference to one).
    Plain(Value),
    /// A `body` parameter, already a `requestBody` without its media types.
    Body {
        schema: Value,
        body: Map<String, Value>,
    },
    /// A `formData` parameter: a property of the form.
    Form {
        name: String,
        schema: Value,
        required: bool,
    },
}

impl Converter<'_> {
    /// The `parameters` list of a path item or operation, converted.
    pub(super) fn parameters(
        &mut self,
        parent: &Map<String, Value>,
        pointer: &str,
    ) -> Vec<Parameter> {
        let Some(list) = parent.get("parameters") else {
            return Vec::new();
        };
        let pointer = format!("{pointer}/parameters");
        let Some(list) = list.as_array() else {
            self.error(
                &pointer,
                format!("`parameters` must be a list, found {}", kind(list)),
                "write the parameters as a list of parameter objects",
            );
            return Vec::new();
        };
        list.iter()
            .enumerate()
            .filter_map(|(i, p)| self.parameter(p, &format!("{pointer}/{i}")))
            .collect()
    }

    pub(super) fn parameter(&mut self, parameter: &Value, pointer: &str) -> Option<Parameter> {
        let parameter = self.object(parameter, pointer)?;
        if let Some(reference) = parameter.get("$ref") {
            return self.parameter_reference(reference, pointer);
        }
        let name = parameter.get("name").and_then(Value::as_str);
        let location = parameter.get("in").and_then(Value::as_str);
        let (Some(name), Some(location)) = (name, location) else {
            self.error(
                pointer,
                "a parameter needs a string `name` and `in`",
                "give the parameter its name and where it goes (path, query, header, body or formData)",
            );
            return None;
        };
        let required = parameter.get("required").and_then(Value::as_bool) == Some(true);
        match location {
            "body" => {
                let Some(schema) = parameter.get("schema") else {
                    self.error(
                        pointer,
                        format!("the body parameter `{name}` has no `schema`"),
                        "describe the body with `schema`, e.g. {$ref: '#/definitions/Model'}",
                    );
                    return None;
                };
                let mut body = Map::new();
                copy(parameter, &mut body, &["description"]);
                if required {
                    body.insert("required".to_owned(), Value::Bool(true));
                }
                copy_extensions(parameter, &mut body);
                Some(Parameter::Body {
                    schema: schema_of(schema),
                    body,
                })
            }
            "formData" => {
                let mut schema = schema_keywords(parameter);
                copy(parameter, &mut schema, &["description"]);
                Some(Parameter::Form {
                    name: name.to_owned(),
                    schema: schema_of(&Value::Object(schema)),
                    required,
                })
            }
            "path" | "query" | "header" => {
                let mut out = Map::new();
                copy(
                    parameter,
                    &mut out,
                    &["name", "in", "description", "required", "allowEmptyValue"],
                );
                if let Some(example) = parameter.get("x-example") {
                    out.insert("example".to_owned(), example.clone());
                }
                if let Some(style) = self.style(parameter, location, pointer) {
                    out.extend(style);
                }
                out.insert(
                    "schema".to_owned(),
                    schema_of(&Value::Object(schema_keywords(parameter))),
                );
                for (key, value) in parameter {
                    if key.starts_with("x-") && key != "x-example" {
                        out.insert(key.clone(), value.clone());
                    }
                }
                Some(Parameter::Plain(Value::Object(out)))
            }
            other => {
                self.error(
                    &format!("{pointer}/in"),
                    format!("unknown parameter location `{other}`"),
                    "use path, query, header, body or formData",
                );
                None
            }
        }
    }

    /// `#/parameters/Name`: a reference to a plain parameter stays one; a body or form parameter is inlined.
    fn parameter_reference(&mut self, reference: &Value, pointer: &str) -> Option<Parameter> {
        let target = reference
            .as_str()
            .and_then(|r| r.strip_prefix("#/parameters/"))
            .map(unescape_segment);
        let shared = target.as_ref().and_then(|name| {
            self.root
                .get("parameters")
                .and_then(|p| p.get(name.as_str()))
        });
        let (Some(name), Some(shared)) = (target, shared) else {
            self.error(
                &format!("{pointer}/$ref"),
                format!("the parameter reference {reference} names no entry of `parameters`"),
                "refer to a parameter defined under the document's `parameters`, as '#/parameters/Name'",
            );
            return None;
        };
        let inline = shared
            .get("in")
            .and_then(Value::as_str)
            .is_some_and(|location| matches!(location, "body" | "formData"));
        if inline {
            self.parameter(shared, &format!("/parameters/{}", pointer_segment(&name)))
        } else {
            Some(Parameter::Plain(json!({
                "$ref": format!("#/components/parameters/{}", pointer_segment(&name))
            })))
        }
    }

    /// `style`/`explode` for an array parameter's `collectionFormat` (`csv` when none is given).
    fn style(
        &mut self,
        parameter: &Map<String, Value>,
        location: &str,
        pointer: &str,
    ) -> Option<Map<String, Value>> {
        if parameter.get("type").and_then(Value::as_str) != Some("array") {
            return None;
        }
        let format = parameter
            .get("collectionFormat")
            .and_then(Value::as_str)
            .unwrap_or("csv");
        let (style, explode) = match (format, location) {
            ("csv", "query") => ("form", false),
            ("csv", _) => ("simple", false),
            ("multi", "query") => ("form", true),
            ("ssv", "query") => ("spaceDelimited", false),
            ("pipes", "query") => ("pipeDelimited", false),
            _ => {
                self.error(
                    &format!("{pointer}/collectionFormat"),
                    format!("collectionFormat `{format}` has no OpenAPI 3.0 equivalent for a {location} parameter"),
                    "use csv (or multi, ssv, pipes for a query parameter)",
                );
                return None;
            }
        };
        let mut out = Map::new();
        out.insert("style".to_owned(), json!(style));
        out.insert("explode".to_owned(), json!(explode));
        Some(out)
    }
}

/// `formData` parameters, gathered into one object schema.
#[derive(Default)]
pub(super) struct FormBody {
    properties: Map<String, Value>,
    required: Vec<Value>,
    has_file: bool,
}

impl FormBody {
    pub(super) fn add(&mut self, name: String, schema: Value, required: bool) {
        self.has_file |= schema.get("format").and_then(Value::as_str) == Some("binary");
        if required {
            self.required.push(Value::String(name.clone()));
        }
        self.properties.insert(name, schema);
    }

    /// The `requestBody`, under the form media types of `consumes` (multipart when a file is sent, else URL-encoded,
    /// when `consumes` names neither).
    pub(super) fn into_request_body(self, consumes: &[String]) -> Option<Value> {
        if self.properties.is_empty() {
            return None;
        }
        let mut media_types: Vec<String> = consumes
            .iter()
            .filter(|m| {
                matches!(
                    m.as_str(),
                    "multipart/form-data" | "application/x-www-form-urlencoded"
                )
            })
            .cloned()
            .collect();
        if media_types.is_empty() {
            let fallback = if self.has_file {
                "multipart/form-data"
            } else {
                "application/x-www-form-urlencoded"
            };
            media_types.push(fallback.to_owned());
        }
        let mut schema = Map::new();
        schema.insert("type".to_owned(), json!("object"));
        schema.insert("properties".to_owned(), Value::Object(self.properties));
        let required = !self.required.is_empty();
        if required {
            schema.insert("required".to_owned(), Value::Array(self.required));
        }
        let mut body = Map::new();
        body.insert(
            "content".to_owned(),
            content(&media_types, &Value::Object(schema)),
        );
        if required {
            body.insert("required".to_owned(), Value::Bool(true));
        }
        Some(Value::Object(body))
    }
}

//! Schemas: a Swagger 2.0 schema, or a parameter's schema keywords, in OpenAPI 3.0 form.

use serde_json::{Map, Value, json};

use super::copy;

/// Schema keywords a Swagger 2.0 parameter or header carries beside its `type` (they move into `schema`).
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "enum",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// A Swagger 2.0 schema in OpenAPI 3.0 form. Only schema positions are rewritten: `enum`, `default`, `example` and
/// property names are data and stay as they are.
pub(super) fn schema_of(schema: &Value) -> Value {
    let Some(schema) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in schema {
        let converted = match key.as_str() {
            "$ref" => match value
                .as_str()
                .and_then(|r| r.strip_prefix("#/definitions/"))
            {
                Some(name) => json!(format!("#/components/schemas/{name}")),
                None => value.clone(),
            },
            "type" if value == "file" => {
                out.insert("format".to_owned(), json!("binary"));
                json!("string")
            }
            "format" if out.contains_key("format") => continue,
            "x-nullable" => {
                out.insert("nullable".to_owned(), value.clone());
                continue;
            }
            "discriminator" if value.is_string() => json!({ "propertyName": value }),
            "items" | "additionalProperties" => schema_of(value),
            "allOf" => match value.as_array() {
                Some(items) => Value::Array(items.iter().map(schema_of).collect()),
                None => value.clone(),
            },
            "properties" => match value.as_object() {
                Some(properties) => Value::Object(
                    properties
                        .iter()
                        .map(|(name, property)| (name.clone(), schema_of(property)))
                        .collect(),
                ),
                None => value.clone(),
            },
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    Value::Object(out)
}

/// The schema keywords of a parameter or header (`items` is itself in that form).
pub(super) fn schema_keywords(parameter: &Map<String, Value>) -> Map<String, Value> {
    let mut schema = Map::new();
    copy(parameter, &mut schema, SCHEMA_KEYWORDS);
    if let Some(items) = parameter.get("items").and_then(Value::as_object) {
        schema.insert("items".to_owned(), Value::Object(schema_keywords(items)));
    }
    schema
}

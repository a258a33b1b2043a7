//! Writes a JSON value as YAML in the house style of `spec/` (see `spec/README.md`): block style, a 2-space indent,
//! sequence items indented under their key, no line folding, and a scalar double-quoted only where a plain one
//! would not read back as the same string.

use serde_json::Value;

/// The YAML text of a mapping (the document root).
pub fn to_string(document: &Value) -> String {
    let mut out = String::new();
    match document {
        Value::Object(_) => block(&mut out, document, 0),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

/// The entries of a mapping or the items of a sequence, each on its own lines at `indent`.
fn block(out: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                out.push_str(&pad);
                out.push_str(&string(key));
                out.push(':');
                nested(out, item, indent);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                match item {
                    // A mapping's first entry goes on the dash's line, the rest under it.
                    Value::Object(map) if !map.is_empty() => {
                        out.push(' ');
                        let mut entries = String::new();
                        block(&mut entries, item, indent + 2);
                        out.push_str(&entries[indent + 2..]);
                    }
                    _ => nested(out, item, indent),
                }
            }
        }
        scalar => {
            out.push_str(&pad);
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
}

/// What follows `key:` or `-`: a scalar or empty collection on the same line, else the block below it.
fn nested(out: &mut String, item: &Value, indent: usize) {
    match item {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            block(out, item, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            block(out, item, indent + 2);
        }
        _ => {
            out.push(' ');
            out.push_str(&inline(item));
            out.push('\n');
        }
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
    }
}

/// A string plain when YAML reads it back unchanged as a plain scalar (serde_yaml writes it unquoted), else
/// double-quoted with JSON escapes (a subset of YAML's).
fn string(s: &str) -> String {
    let plain = serde_yaml::to_string(s).is_ok_and(|yaml| yaml.strip_suffix('\n') == Some(s));
    if plain {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::to_string;

    #[test]
    fn writes_the_house_style() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "Genesys Cloud Platform API: Chat", "version": "v2"},
            "paths": {"/a": {"get": {
                "tags": ["Chat"],
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"$ref": "#/components/responses/200"}},
            }}},
            "empty": {},
        });
        assert_eq!(
            to_string(&document),
            "openapi: 3.0.3
info:
  title: \"Genesys Cloud Platform API: Chat\"
  version: v2
paths:
  /a:
    get:
      tags:
        - Chat
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        \"200\":
          $ref: \"#/components/responses/200\"
empty: {}
"
        );
        let back: serde_json::Value = serde_yaml::from_str(&to_string(&document)).unwrap();
        assert_eq!(back, document);
    }
}

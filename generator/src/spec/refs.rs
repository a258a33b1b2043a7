//! Prepares a document's JSON value for the OpenAPI parser: `$ref`s to any JSON pointer, and valid constructs the
//! parser rejects but the generator does not use.
//!
//! The lowering looks references up by component name (`#/components/schemas/Room`). OpenAPI allows a `$ref` to
//! any JSON pointer in the document, though: a schema's property (`#/components/schemas/Disk/properties/fs`), a
//! parameter under `#/paths/...`, segments escaped with `~0`/`~1` or percent-encoding. Here each such reference is
//! replaced by a copy of what it points at (its own references resolved the same way), and a reference to a
//! component written with escapes is rewritten in the plain form. A reference that resolves nowhere is left as it
//! is, for the lowering to degrade what uses it with a located warning.
//!
//! Callbacks are valid OpenAPI 3.0 that `openapiv3` cannot parse when given as a `$ref`; a client does not call
//! them, so they are removed with a note.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, pointer_segment};

/// How deep references inside copied values are followed; deeper (or cyclic) ones stay unresolved.
const MAX_DEPTH: usize = 16;

/// How many JSON values copying may create in all, so a spec cannot make the copies grow without bound.
const MAX_COPIED_NODES: usize = 4_000_000;

/// Keys whose values are literal data, not OpenAPI objects (unless they name a schema property).
const LITERAL_KEYS: &[&str] = &["example", "default", "enum", "const"];

/// Rewrites `document` so every `$ref` the lowering can follow names a component; returns a note per construct
/// removed.
pub(super) fn prepare(document: &mut Value) -> Vec<Diagnostic> {
    prepare_within(document, MAX_COPIED_NODES)
}

fn prepare_within(document: &mut Value, mut budget: usize) -> Vec<Diagnostic> {
    let notes = remove_callbacks(document);
    let mut edits = Vec::new();
    collect_edits(
        document,
        document,
        &mut String::new(),
        false,
        &mut edits,
        &mut budget,
    );
    for (pointer, replacement) in edits {
        if let Some(slot) = document.pointer_mut(&pointer) {
            *slot = replacement;
        }
    }
    notes
}

/// Removes every operation's `callbacks` and `components.callbacks`.
fn remove_callbacks(document: &mut Value) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    let mut note = |pointer: String| {
        notes.push(
            Diagnostic::note(
                pointer,
                "callbacks describe requests the server makes, not ones a client sends; ignored",
            )
            .with_help("nothing to do; remove them to silence this note"),
        );
    };
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, operation) in item.iter_mut() {
                let removed = operation
                    .as_object_mut()
                    .and_then(|o| o.remove("callbacks"))
                    .is_some();
                if removed {
                    note(format!(
                        "/paths/{}/{}/callbacks",
                        pointer_segment(path),
                        pointer_segment(method)
                    ));
                }
            }
        }
    }
    let removed = document
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|c| c.remove("callbacks"))
        .is_some();
    if removed {
        note("/components/callbacks".to_owned());
    }
    notes
}

/// Walks `value` (at `pointer` in `root`; `properties` when it is a schema's properties map), recording a replacement
/// for each `$ref` object that needs one.
fn collect_edits(
    root: &Value,
    value: &Value,
    pointer: &mut String,
    properties: bool,
    edits: &mut Vec<(String, Value)>,
    budget: &mut usize,
) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                if let Some(replacement) = resolve(root, reference, 0, budget) {
                    edits.push((pointer.clone(), replacement));
                }
                return;
            }
            for (key, child) in map {
                // Extensions and literal values may hold anything, `$ref` keys included.
                if !properties && (key.starts_with("x-") || LITERAL_KEYS.contains(&key.as_str())) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                push_segment(pointer, key);
                let child_properties = !properties && key == "properties";
                collect_edits(root, child, pointer, child_properties, edits, budget);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = pointer.len();
                // Writing to a String cannot fail.
                let _ = write!(pointer, "/{index}");
                collect_edits(root, child, pointer, false, edits, budget);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// What a `$ref` object should become: `None` to keep it (it names a component plainly, or resolves nowhere).
fn resolve(root: &Value, reference: &str, depth: usize, budget: &mut usize) -> Option<Value> {
    if is_plain_component(reference) {
        return None;
    }
    let segments = local_pointer_segments(reference)?;
    let target = segments
        .iter()
        .try_fold(root, |value, segment| match value {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })?;
    if let [components, _, name] = segments.as_slice()
        && components == "components"
    {
        // A component: the lowering finds it by name. Rewritten only when escapes hide the name.
        let plain = format!("#/components/{}/{name}", segments[1]);
        return (plain != reference).then(|| ref_object(plain));
    }
    if depth >= MAX_DEPTH {
        return None;
    }
    let properties = pointer_is_properties(&segments);
    copy_resolved(root, target, properties, depth + 1, budget)
}

/// A copy of `value` with its own references resolved; `None` when the copy budget is spent.
/// (`properties` says whether `value` is a schema's properties map, whose keys are names, not keywords.)
fn copy_resolved(
    root: &Value,
    value: &Value,
    properties: bool,
    depth: usize,
    budget: &mut usize,
) -> Option<Value> {
    *budget = budget.checked_sub(1)?;
    Some(match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                return Some(
                    resolve(root, reference, depth, budget).unwrap_or_else(|| value.clone()),
                );
            }
            let mut copy = Map::with_capacity(map.len());
            for (key, child) in map {
                let literal =
                    !properties && (key.starts_with("x-") || LITERAL_KEYS.contains(&key.as_str()));
                let child = if literal {
                    *budget = budget.checked_sub(1)?;
                    child.clone()
                } else {
                    copy_resolved(
                        root,
                        child,
                        !properties && key == "properties",
                        depth,
                        budget,
                    )?
                };
                copy.insert(key.clone(), child);
            }
            Value::Object(copy)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| copy_resolved(root, item, false, depth, budget))
                .collect::<Option<_>>()?,
        ),
        scalar => scalar.clone(),
    })
}

/// Whether `reference` is `#/components/{kind}/{name}` without escapes, which [`resolve`] keeps as it is (most
/// references are; they are told apart without decoding and copying their segments).
fn is_plain_component(reference: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(kind, name)| {
            !name.contains('/') && !kind.contains(['~', '%']) && !name.contains(['~', '%'])
        })
}

/// Appends `key` to a JSON pointer as one segment (`~` → `~0`, `/` → `~1`), copying it only when it needs escapes.
fn push_segment(pointer: &mut String, key: &str) {
    if key.contains(['~', '/']) {
        pointer.push_str(&pointer_segment(key));
    } else {
        pointer.push_str(key);
    }
}

/// Whether the segments end at a schema's `properties` map (and not at a property called `properties`).
fn pointer_is_properties(segments: &[String]) -> bool {
    let mut properties = false;
    for segment in segments {
        properties = !properties && segment == "properties";
    }
    properties
}

fn ref_object(reference: String) -> Value {
    let mut map = Map::new();
    map.insert("$ref".to_owned(), Value::String(reference));
    Value::Object(map)
}

/// The decoded segments of a `#/...` reference (percent-decoding, then `~1` → `/` and `~0` → `~`); `None` for a
/// reference to another document or one that is not a JSON pointer.
fn local_pointer_segments(reference: &str) -> Option<Vec<String>> {
    // `#` alone (the whole document) is no schema, parameter or response: it stays unresolved.
    reference
        .strip_prefix('#')?
        .strip_prefix('/')?
        .split('/')
        .map(|segment| {
            let decoded = percent_decode(segment)?;
            Some(decoded.replace("~1", "/").replace("~0", "~"))
        })
        .collect()
}

/// `%2F` → `/` and so on (URI fragment encoding); `None` when the escapes are not valid UTF-8.
fn percent_decode(segment: &str) -> Option<String> {
    if !segment.contains('%') {
        return Some(segment.to_owned());
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| segment.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn decodes_escaped_and_percent_encoded_segments() {
        assert_eq!(
            local_pointer_segments("#/paths/~1users~1%7Bid%7D/get/parameters/0"),
            Some(vec![
                "paths".to_owned(),
                "/users/{id}".to_owned(),
                "get".to_owned(),
                "parameters".to_owned(),
                "0".to_owned()
            ])
        );
        assert_eq!(
            local_pointer_segments("#/a~01/b%20c"),
            Some(vec!["a~1".to_owned(), "b c".to_owned()])
        );
        assert_eq!(local_pointer_segments("other.yaml#/a"), None);
    }

    #[test]
    fn plain_component_references_are_told_apart_without_decoding() {
        assert!(is_plain_component("#/components/schemas/Room"));
        assert!(is_plain_component("#/components/parameters/pageSize"));
        assert!(!is_plain_component(
            "#/components/schemas/Disk/properties/fs"
        ));
        assert!(!is_plain_component("#/components/schemas/A~1B"));
        assert!(!is_plain_component("#/components/schemas/Room%20s"));
        assert!(!is_plain_component("#/components/schemas"));
        assert!(!is_plain_component("#/paths/~1a/get"));
        assert!(!is_plain_component("other.yaml#/components/schemas/Room"));
    }

    #[test]
    fn copies_deep_targets_and_keeps_plain_component_references() {
        let mut document = json!({
            "paths": {"/a/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                "callbacks": {"done": {"$ref": "#/components/callbacks/Done"}}
            }, "put": {
                "parameters": [{"$ref": "#/paths/~1a~1%7Bid%7D/get/parameters/0"}],
                "example": {"$ref": "#/nowhere"}
            }}},
            "components": {"schemas": {
                "Disk": {"properties": {"fs": {"type": "object", "properties": {"self": {"$ref": "#/components/schemas/Disk"}}}}},
                "Mount": {"properties": {
                    "fs": {"$ref": "#/components/schemas/Disk/properties/fs"},
                    "example": {"$ref": "#/components/schemas/Disk/properties/fs"}
                }},
                "A B": {"type": "string"},
                "Spaced": {"$ref": "#/components/schemas/A%20B"},
                "Lost": {"$ref": "#/components/schemas/Disk/properties/missing"}
            }}
        });
        let notes = prepare(&mut document);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].pointer, "/paths/~1a~1{id}/get/callbacks");
        assert_eq!(
            document.pointer("/paths/~1a~1{id}/put/parameters/0/name"),
            Some(&json!("id"))
        );
        assert_eq!(
            document.pointer("/paths/~1a~1{id}/put/example"),
            Some(&json!({"$ref": "#/nowhere"})),
            "literal values are left alone"
        );
        assert_eq!(
            document.pointer("/components/schemas/Mount/properties/fs/properties/self"),
            Some(&json!({"$ref": "#/components/schemas/Disk"}))
        );
        assert_eq!(
            document.pointer("/components/schemas/Mount/properties/example/type"),
            Some(&json!("object")),
            "a property called `example` is a schema, not a literal"
        );
        assert_eq!(
            document.pointer("/components/schemas/Spaced"),
            Some(&json!({"$ref": "#/components/schemas/A B"}))
        );
        assert_eq!(
            document.pointer("/components/schemas/Lost"),
            Some(&json!({"$ref": "#/components/schemas/Disk/properties/missing"})),
            "an unresolvable reference stays for the lowering to report"
        );
    }

    #[test]
    fn cyclic_and_exploding_references_stop() {
        let mut cyclic = json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}, "c": {"$ref": "#"}});
        prepare(&mut cyclic);
        for key in ["a", "b", "c"] {
            assert!(
                cyclic[key]["$ref"].is_string(),
                "{key} stays a reference: {cyclic}"
            );
        }

        // Each level doubles the copy; the budget ends it instead of memory.
        let mut levels = Map::new();
        levels.insert("l0".to_owned(), json!({"type": "string"}));
        for i in 1..40 {
            let below = format!("#/l{}", i - 1);
            levels.insert(
                format!("l{i}"),
                json!({"allOf": [{"$ref": below.clone()}, {"$ref": below}]}),
            );
        }
        let mut exploding = Value::Object(levels);
        prepare_within(&mut exploding, 10_000);
        let size = exploding.to_string().len();
        assert!(size < 2_000_000, "{size} bytes");
    }
}

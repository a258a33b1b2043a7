//! JSON text to a value, refusing duplicate keys.
//!
//! serde_json keeps the last of two equal keys without a word, so a JSON spec with `/x` twice under `paths` would
//! lose an operation silently; YAML's parser refuses them, and JSON input is held to the same rule.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The value of `text`, or serde_json's error (with line and column) for bad JSON or a repeated key.
pub(super) fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Unique.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Reads any JSON value whose objects have unique keys (serde_json's own depth limit still applies).
#[derive(Clone, Copy)]
struct Unique;

impl<'de> DeserializeSeed<'de> for Unique {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Unique {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON text has no NaN or infinity; serde_json gives an overflowing literal as infinity, which its own
        // value type also turns into null.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // Checked before the value is read, so the error's line and column are the key's.
            if object.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate key {key:?}: a key may appear once in an object"
                )));
            }
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn refuses_a_repeated_key_at_its_line() {
        let error = parse("{\n  \"paths\": {\n    \"/x\": 1,\n    \"/x\": 2\n  }\n}")
            .expect_err("repeated key")
            .to_string();
        assert!(error.contains("duplicate key \"/x\""), "{error}");
        assert!(error.contains("line 4"), "{error}");
    }

    #[test]
    fn reads_what_serde_json_reads() {
        let text =
            r#"{"b": [1, -2, 3.5, true, null, "s"], "a": {"c": {}}, "big": 18446744073709551615}"#;
        let value = parse(text).expect("valid");
        assert_eq!(
            value,
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
        // In the order written.
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["b", "a", "big"]);
        assert!(parse("{} x").is_err(), "trailing characters");
    }
}

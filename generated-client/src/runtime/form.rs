//! `application/x-www-form-urlencoded` request bodies.
//!
//! A form is flat; models are not. Fields are encoded as OpenAPI's defaults for forms describe, with nested
//! objects in the bracket notation of its `deepObject` style (as Stripe and Rails read them):
//! a scalar is `key=value`, an array of scalars repeats the key (`tag=a&tag=b`), an object's fields are
//! `key[field]=value`, and an array of objects is indexed (`key[0][field]=value`). Absent (`null`) values are left
//! out.

use serde_json::Value;

/// Encodes `body` as a form.
pub(crate) fn encode<T: serde::Serialize + ?Sized>(body: &T) -> Result<String, String> {
    let value = serde_json::to_value(body).map_err(|e| e.to_string())?;
    let Value::Object(fields) = value else {
        return Err("a form body must be an object".to_owned());
    };
    let mut pairs = Vec::new();
    for (key, value) in &fields {
        flatten(key.clone(), value, &mut pairs);
    }
    serde_urlencoded::to_string(&pairs).map_err(|e| e.to_string())
}

fn flatten(key: String, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::String(s) => pairs.push((key, s.clone())),
        Value::Bool(_) | Value::Number(_) => pairs.push((key, value.to_string())),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            for item in items {
                flatten(key.clone(), item, pairs);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                flatten(format!("{key}[{index}]"), item, pairs);
            }
        }
        Value::Object(fields) => {
            for (field, value) in fields {
                flatten(format!("{key}[{field}]"), value, pairs);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn flattens_nested_values_in_bracket_notation() {
        let body = json!({
            "amount": 2000,
            "currency": "eur",
            "description": "café & more",
            "capture": true,
            "expand": ["customer", "invoice"],
            "metadata": {"order": "6735"},
            "items": [{"price": "p_1", "quantity": 2}],
            "skipped": null
        });
        let encoded = encode(&body).expect("an object encodes");
        // Field order follows serde_json's map order, which depends on its features; servers ignore it.
        let mut pairs: Vec<&str> = encoded.split('&').collect();
        pairs.sort_unstable();
        assert_eq!(
            pairs,
            [
                "amount=2000",
                "capture=true",
                "currency=eur",
                "description=caf%C3%A9+%26+more",
                "expand=customer",
                "expand=invoice",
                "items%5B0%5D%5Bprice%5D=p_1",
                "items%5B0%5D%5Bquantity%5D=2",
                "metadata%5Border%5D=6735",
            ]
        );
        assert!(encode(&json!([1, 2])).is_err());
    }
}

//! `multipart/form-data` request bodies: [`Multipart`], the parts of one body, and [`FilePart`], a file in it.
//!
//! Generated code adds each field of the body's model as a part, in the spec's field order: a file field (OpenAPI
//! `format: binary`) as a file part with its bytes, file name and content type; a string, number or boolean as a
//! text part; an array of those as one part per item; anything else (an object, an array of objects) as a part of
//! JSON text. Absent optional fields are left out. The parts are kept as bytes and text, so a request is built anew
//! for each attempt and a multipart request is retried like any other; reqwest writes them on the wire (with a
//! fresh boundary each time).

use std::fmt;

use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;

/// A file in a multipart body: its bytes, and the file name and content type sent with them.
///
/// Without a file name the part's name is sent as its file name (a part without one is not a file to most servers);
/// without a content type it is sent as `application/octet-stream`. `Debug` shows the size, not the content.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file holding `bytes` (a `Vec<u8>`, `Bytes` or `&'static [u8]`, taken over without a copy).
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent with the file.
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the file's content type (`image/png`); one that is not a valid media type makes the request fail with
    /// [`Error::InvalidRequest`](super::Error::InvalidRequest) before it is sent.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        FilePart::new(bytes)
    }
}

impl From<Bytes> for FilePart {
    fn from(bytes: Bytes) -> Self {
        FilePart::new(bytes)
    }
}

/// The bytes, as serde writes bytes (a model holding a file serializes, though only multipart sends it).
impl Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.bytes)
    }
}

impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<u8>::deserialize(deserializer).map(FilePart::new)
    }
}

/// The parts of a `multipart/form-data` body, in order. Built by generated code.
#[derive(Clone, Default)]
pub struct Multipart {
    parts: Vec<(&'static str, Part)>,
    /// The first field that could not be encoded; reported when the request is sent.
    error: Option<String>,
}

#[derive(Clone)]
enum Part {
    Text(String),
    Json(String),
    File(FilePart),
}

impl fmt::Debug for Multipart {
    /// Part names and sizes, not their content.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<(&str, usize)> = self
            .parts
            .iter()
            .map(|(name, part)| {
                let len = match part {
                    Part::Text(text) | Part::Json(text) => text.len(),
                    Part::File(file) => file.bytes.len(),
                };
                (*name, len)
            })
            .collect();
        f.debug_struct("Multipart")
            .field("parts", &parts)
            .field("error", &self.error)
            .finish()
    }
}

impl Multipart {
    /// No parts yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a field that is not a file: a scalar as a text part, an array of scalars as one text part per item,
    /// an object or array of objects as a part of JSON text (`application/json`); `None` adds nothing.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => {
                self.error.get_or_insert_with(|| {
                    format!("multipart field `{name}` cannot be encoded: {e}")
                });
                return;
            }
        };
        match value {
            Value::Null => {}
            Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
                for item in items {
                    self.push_scalar(name, item);
                }
            }
            value @ (Value::Array(_) | Value::Object(_)) => {
                self.parts.push((name, Part::Json(value.to_string())));
            }
            scalar => self.push_scalar(name, scalar),
        }
    }

    fn push_scalar(&mut self, name: &'static str, value: Value) {
        match value {
            Value::Null => {}
            Value::String(text) => self.parts.push((name, Part::Text(text))),
            other => self.parts.push((name, Part::Text(other.to_string()))),
        }
    }

    /// Adds a file part for each of `files` (one for a required file field, none or one for an optional one).
    pub fn files<'a>(&mut self, name: &'static str, files: impl IntoIterator<Item = &'a FilePart>) {
        for file in files {
            self.parts.push((name, Part::File(file.clone())));
        }
    }

    /// The first problem found while adding fields.
    pub(crate) fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The body as reqwest writes it; an error names a file whose content type is not a media type.
    pub(crate) fn to_form(&self) -> Result<reqwest::multipart::Form, String> {
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            let part = match part {
                Part::Text(text) => reqwest::multipart::Part::text(text.clone()),
                Part::Json(json) => reqwest::multipart::Part::text(json.clone())
                    .mime_str("application/json")
                    .map_err(|e| e.to_string())?,
                Part::File(file) => {
                    let content_type = file
                        .content_type
                        .as_deref()
                        .unwrap_or("application/octet-stream");
                    let length = u64::try_from(file.bytes.len()).unwrap_or(u64::MAX);
                    reqwest::multipart::Part::stream_with_length(file.bytes.clone(), length)
                        .file_name(file.file_name.clone().unwrap_or_else(|| (*name).to_owned()))
                        .mime_str(content_type)
                        .map_err(|_| {
                            format!("the content type of file `{name}` is not a media type")
                        })?
                }
            };
            form = form.part(*name, part);
        }
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fields_become_text_json_and_file_parts_in_order() {
        let mut form = Multipart::new();
        form.field("title", "a b");
        form.field("count", &3);
        form.field("absent", &None::<String>);
        form.field("tags", &["x", "y"]);
        form.field("meta", &json!({"k": 1}));
        let file = FilePart::new(vec![0u8, 255]).file_name("a.bin");
        form.files("file", [&file]);
        form.files("extra", &None);
        let kinds: Vec<String> = form
            .parts
            .iter()
            .map(|(name, part)| match part {
                Part::Text(t) => format!("{name}={t}"),
                Part::Json(j) => format!("{name}:{j}"),
                Part::File(f) => format!("{name}#{}", f.bytes.len()),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "title=a b",
                "count=3",
                "tags=x",
                "tags=y",
                "meta:{\"k\":1}",
                "file#2"
            ]
        );
        assert!(form.to_form().is_ok());
        assert_eq!(
            format!("{file:?}"),
            "FilePart { len: 2, file_name: Some(\"a.bin\"), content_type: None }"
        );
        form.files("bad", [&FilePart::new(vec![1]).content_type("not a type")]);
        assert!(form.to_form().unwrap_err().contains("`bad`"));
    }
}

//! The parts of one API call, before it is sent: the filled-in path and query, headers and body
//! ([`RequestParts`]), how parameter values become text ([`ToParam`], [`ArrayStyle`]) and are
//! percent-encoded, and the default `User-Agent`. Depends on no other part of the runtime that sends
//! requests, so [`auth`](super::auth), [`client`](super::client) and [`request`](super::request)
//! can all use it.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Map, Value};

use super::error::{Error, Result};
use super::multipart::Multipart;
use super::operation::OperationMeta;
use super::retry::RetryPolicy;

/// The default `User-Agent`: `genesys-cloud-rust/<crate version>`.
pub fn default_user_agent() -> &'static str {
    concat!("genesys-cloud-rust/", env!("CARGO_PKG_VERSION"))
}

/// Characters kept as-is in a path segment: RFC 3986 unreserved characters and `@`
/// (Genesys JIDs such as `abc@conference.example.com` read better unencoded). Everything else,
/// including `/`, `?`, `#`, `%`, `:` and spaces, is percent-encoded.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// Characters kept as-is in a query name or value: RFC 3986 unreserved characters.
const QUERY_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `value` as a single path segment (see [`RequestParts::path_param`]).
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// Percent-encodes `value` for use as a query parameter name or value.
pub fn encode_query_component(value: &str) -> String {
    utf8_percent_encode(value, QUERY_COMPONENT).to_string()
}

/// Conversion of a parameter value to its textual form in a path, query or header.
pub trait ToParam {
    /// The value as text (not yet percent-encoded).
    fn to_param(&self) -> String;
}

impl ToParam for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

impl ToParam for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl ToParam for Cow<'_, str> {
    fn to_param(&self) -> String {
        self.to_string()
    }
}

macro_rules! to_param_display {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

to_param_display!(bool, i32, i64, u32, u64, f32, f64);

impl ToParam for chrono::DateTime<chrono::Utc> {
    /// RFC 3339 with millisecond precision and a `Z` suffix, e.g. `2024-05-01T12:00:00.000Z`
    /// (the ISO-8601 form Genesys documents).
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}

impl ToParam for chrono::NaiveDate {
    /// `YYYY-MM-DD`.
    fn to_param(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

/// How an array query parameter is serialized.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ArrayStyle {
    /// One pair per value: `?id=a&id=b` (OpenAPI `form` style with `explode: true`, the default).
    #[default]
    Multi,
    /// One pair with comma-separated values: `?id=a,b` (`explode: false`). Commas inside a value
    /// are percent-encoded.
    Csv,
    /// One pair with space-separated values: `?id=a%20b` (`spaceDelimited`).
    SpaceDelimited,
    /// One pair with pipe-separated values: `?id=a|b` (`pipeDelimited`). Pipes inside a value are
    /// percent-encoded.
    PipeDelimited,
}

/// How an object-typed query parameter is serialized.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjectStyle {
    /// Each property is a pair of its own: `?status=open&limit=5` (OpenAPI `form` style with
    /// `explode: true`, the default); array properties repeat the pair.
    Form,
    /// One pair of alternating keys and values: `?filter=status,open,limit,5` (`form` with
    /// `explode: false`).
    FormNoExplode,
    /// `?filter[status]=open&filter[limit]=5` (`deepObject`).
    DeepObject,
    /// The value as JSON text: `?filter={"status":"open"}` (a parameter described with
    /// `content: application/json`).
    Json,
}

/// A JSON value as query text: strings without quotes, other scalars as written, nested
/// objects and arrays as JSON.
fn json_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An object as OpenAPI's `simple` style writes it (`k1,v1,k2,v2`, or `k1=v1,k2=v2` when `explode`), each key and
/// value passed through `encode`; `null` properties are left out, and a value that is not an object is written as
/// itself.
fn simple_object<T: Serialize + ?Sized>(
    value: &T,
    explode: bool,
    encode: fn(&str) -> String,
) -> std::result::Result<String, String> {
    let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
    let Value::Object(object) = value else {
        return Ok(encode(&json_text(&value)));
    };
    let pairs = object.iter().filter(|(_, value)| !value.is_null());
    let items: Vec<String> = if explode {
        pairs
            .map(|(key, value)| format!("{}={}", encode(key), encode(&json_text(value))))
            .collect()
    } else {
        pairs
            .flat_map(|(key, value)| [encode(key), encode(&json_text(value))])
            .collect()
    };
    Ok(items.join(","))
}

/// Everything one call needs: the operation, the filled-in path, query, headers, body and
/// per-request settings. Built by generated code, executed by
/// [`Client::execute`](super::Client::execute).
#[derive(Clone)]
pub struct RequestParts {
    meta: &'static OperationMeta,
    path: String,
    /// Path and query taken from a pagination link; replaces `path` and `query` when set.
    link: Option<String>,
    /// `(parameter, key on the wire, percent-encoded value)`: the key differs from the
    /// parameter's name for object parameters (`filter[status]`, or a property's name).
    query: Vec<(&'static str, Cow<'static, str>, String)>,
    /// `(name, value)`, validated when the request is sent.
    headers: Vec<(String, String)>,
    body: Option<Bytes>,
    content_type: Option<Cow<'static, str>>,
    /// A `multipart/form-data` body, instead of `body`.
    multipart: Option<Multipart>,
    /// The first problem found while building; reported by `send()`.
    error: Option<String>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl fmt::Debug for RequestParts {
    /// Shows header names but not their values, and the body size but not its content.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestParts")
            .field("operation", &self.meta.method_name)
            .field("method", &self.meta.http_method)
            .field("path", &self.path)
            .field("link", &self.link)
            .field("query", &self.query)
            .field("headers", &header_names)
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("multipart", &self.multipart)
            .field("error", &self.error)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl RequestParts {
    /// Parts for `meta`, with the path set to its template.
    pub fn new(meta: &'static OperationMeta) -> Self {
        RequestParts {
            meta,
            path: meta.path.to_owned(),
            link: None,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: None,
            multipart: None,
            error: None,
            timeout: None,
            retry: None,
        }
    }

    /// The operation.
    pub fn meta(&self) -> &'static OperationMeta {
        self.meta
    }

    /// The path, with the parameters filled in so far (percent-encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Replaces `{name}` in the path with `value`, percent-encoded as exactly one path segment:
    /// everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) and `@` is
    /// encoded, so `/`, `?`, `#`, `%` or spaces in the value cannot change the path.
    ///
    /// A value of `.` or `..` cannot be sent as a segment at all (URL parsers resolve it, even
    /// percent-encoded, and the path would change), nor can an empty value: both make
    /// [`Request::send`](super::Request::send) fail with [`Error::InvalidRequest`] without sending anything.
    pub fn path_param(&mut self, name: &str, value: &str) {
        self.fill_path(name, value, &encode_path_segment(value));
    }

    /// Replaces `{name}` in the path with an object in OpenAPI's `simple` style: `role,admin,level,3`, or
    /// `role=admin,level=3` when `explode`; each key and value is percent-encoded as in
    /// [`path_param`](Self::path_param), the `,` and `=` between them are not.
    pub fn path_object<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, explode: bool) {
        match simple_object(value, explode, encode_path_segment) {
            Ok(text) => self.fill_path(name, &text, &text),
            Err(e) => self.defer_error(format!("path parameter `{name}` cannot be encoded: {e}")),
        }
    }

    /// `value` is the text as the caller gave it (checked for `.`, `..` and emptiness), `encoded` what goes in.
    fn fill_path(&mut self, name: &str, value: &str, encoded: &str) {
        let placeholder = format!("{{{name}}}");
        if !self.path.contains(&placeholder) {
            self.defer_error(format!("the path has no parameter `{name}`"));
            return;
        }
        if value.is_empty() {
            self.defer_error(format!("path parameter `{name}` is empty"));
            return;
        }
        if value == "." || value == ".." {
            self.defer_error(format!(
                "path parameter `{name}` is `{value}`, which would change the request path"
            ));
            return;
        }
        self.path = self.path.replace(&placeholder, encoded);
    }

    /// Sets query parameter `name`, replacing any earlier value(s) of the same name.
    pub fn set_query(&mut self, name: &'static str, value: impl ToParam) {
        self.remove_query(name);
        self.push_query(name, name.into(), &value.to_param());
    }

    fn push_query(&mut self, param: &'static str, key: Cow<'static, str>, value: &str) {
        self.query.push((param, key, encode_query_component(value)));
    }

    /// Sets an array query parameter, replacing any earlier value(s) of the same name.
    /// An empty slice removes the parameter.
    pub fn set_query_array<T: ToParam>(
        &mut self,
        name: &'static str,
        values: &[T],
        style: ArrayStyle,
    ) {
        self.remove_query(name);
        match style {
            ArrayStyle::Multi => {
                for value in values {
                    self.push_query(name, name.into(), &value.to_param());
                }
            }
            ArrayStyle::Csv | ArrayStyle::SpaceDelimited | ArrayStyle::PipeDelimited => {
                let separator = match style {
                    ArrayStyle::SpaceDelimited => "%20",
                    ArrayStyle::PipeDelimited => "|",
                    _ => ",",
                };
                if !values.is_empty() {
                    let joined = values
                        .iter()
                        .map(|v| encode_query_component(&v.to_param()))
                        .collect::<Vec<_>>()
                        .join(separator);
                    self.query.push((name, name.into(), joined));
                }
            }
        }
    }

    /// Sets an object-typed query parameter (a model or map, or a value the spec describes with
    /// `content: application/json`), replacing what was set for `name` before. Properties whose
    /// value is `null` are left out.
    pub fn set_query_object<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: ObjectStyle,
    ) {
        self.remove_query(name);
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => {
                self.defer_error(format!("query parameter `{name}` cannot be encoded: {e}"));
                return;
            }
        };
        match (style, value) {
            (ObjectStyle::Json, value) => self.push_query(name, name.into(), &value.to_string()),
            (ObjectStyle::Form, Value::Object(object)) => {
                for (key, value) in object {
                    match value {
                        Value::Null => {}
                        Value::Array(items) => {
                            for item in &items {
                                self.push_query(name, key.clone().into(), &json_text(item));
                            }
                        }
                        value => self.push_query(name, key.into(), &json_text(&value)),
                    }
                }
            }
            (ObjectStyle::FormNoExplode, Value::Object(object)) => {
                let joined = object
                    .iter()
                    .filter(|(_, value)| !value.is_null())
                    .flat_map(|(key, value)| [key.clone(), json_text(value)])
                    .map(|part| encode_query_component(&part))
                    .collect::<Vec<_>>()
                    .join(",");
                if !joined.is_empty() {
                    self.query.push((name, name.into(), joined));
                }
            }
            (ObjectStyle::DeepObject, Value::Object(object)) => {
                self.push_deep_object(name, name.to_owned(), object);
            }
            (_, Value::Null) => {}
            // Not an object after all (a free-form schema given a scalar): a plain pair.
            (_, value) => self.push_query(name, name.into(), &json_text(&value)),
        }
    }

    /// `name[key]=value` pairs, nested objects as `name[key][inner]`, arrays as repeated pairs.
    fn push_deep_object(
        &mut self,
        param: &'static str,
        prefix: String,
        object: Map<String, Value>,
    ) {
        for (key, value) in object {
            let key = format!("{prefix}[{key}]");
            match value {
                Value::Null => {}
                Value::Object(inner) => self.push_deep_object(param, key, inner),
                Value::Array(items) => {
                    for item in &items {
                        self.push_query(param, key.clone().into(), &json_text(item));
                    }
                }
                value => self.push_query(param, key.into(), &json_text(&value)),
            }
        }
    }

    /// Removes query parameter `name` (every pair it was written as).
    pub fn remove_query(&mut self, name: &str) {
        self.query.retain(|(n, _, _)| *n != name);
    }

    /// The (first, percent-encoded) value of the query pair whose key is `key`.
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(_, k, _)| k == key)
            .map(|(_, _, v)| v.as_str())
    }

    /// The query string without the leading `?` (empty when there are no parameters).
    pub fn query_string(&self) -> String {
        let mut out = String::new();
        for (_, name, value) in &self.query {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&encode_query_component(name));
            out.push('=');
            out.push_str(value);
        }
        out
    }

    /// Sets a header (a header parameter from the spec, or a custom one), replacing an earlier
    /// value of the same name. Invalid names or values make [`Request::send`](super::Request::send) fail with
    /// [`Error::InvalidRequest`].
    pub fn set_header(&mut self, name: &str, value: impl ToParam) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_param()));
    }

    /// Sets a header to an object in OpenAPI's `simple` style: `role,admin,level,3`, or `role=admin,level=3` when
    /// `explode`. The value is checked like any header value when the request is sent.
    pub fn set_header_object<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) {
        match simple_object(value, explode, str::to_owned) {
            Ok(text) => self.set_header(name, text),
            Err(e) => self.defer_error(format!("header `{name}` cannot be encoded: {e}")),
        }
    }

    /// The headers set on this request (names and values).
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Serializes `body` as the JSON request body. A serialization failure is reported by
    /// [`Request::send`](super::Request::send).
    pub fn json_body<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.raw_body(bytes, "application/json"),
            Err(e) => self.defer_error(format!("failed to serialize the request body: {e}")),
        }
    }

    /// Encodes `body` as an `application/x-www-form-urlencoded` request body (nested fields in bracket notation,
    /// see the `form` module). A failure is reported by [`Request::send`](super::Request::send).
    pub fn form_body<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        match super::form::encode(body) {
            Ok(text) => self.raw_body(text, "application/x-www-form-urlencoded"),
            Err(e) => self.defer_error(format!("failed to encode the form body: {e}")),
        }
    }

    /// Sets a raw request body with its content type.
    pub fn raw_body(&mut self, body: impl Into<Bytes>, content_type: impl Into<Cow<'static, str>>) {
        self.multipart = None;
        self.body = Some(body.into());
        self.content_type = Some(content_type.into());
    }

    /// Sets a `multipart/form-data` request body (its `Content-Type`, with the boundary, is set when it is sent). A
    /// field that could not be encoded is reported by [`Request::send`](super::Request::send).
    pub fn multipart_body(&mut self, form: Multipart) {
        if let Some(error) = form.error() {
            self.defer_error(error.to_owned());
        }
        self.body = None;
        self.content_type = None;
        self.multipart = Some(form);
    }

    /// The `multipart/form-data` body, if any.
    pub fn multipart(&self) -> Option<&Multipart> {
        self.multipart.as_ref()
    }

    /// The request body, if any.
    pub fn body(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// The content type of the body, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Overrides the client's request timeout for this request.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// The per-request timeout, if set.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Overrides the client's retry policy for this request.
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// The per-request retry policy, if set.
    pub fn retry_policy(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }

    /// The first problem found while building the request, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Records a problem to report when the request is sent (the first one wins).
    pub fn defer_error(&mut self, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(message.into());
        }
    }

    /// Path and query from a pagination link (already checked to stay on the client's host),
    /// replacing the path and query parameters.
    pub(crate) fn set_link(&mut self, path_and_query: String) {
        self.link = Some(path_and_query);
    }

    /// The path and query to request, percent-encoded, starting with `/`.
    pub(crate) fn path_and_query(&self) -> Result<String> {
        if let Some(link) = &self.link {
            return Ok(link.clone());
        }
        if let Some(start) = self.path.find('{') {
            let rest = &self.path[start..];
            let name = rest
                .get(1..rest.find('}').unwrap_or(rest.len()))
                .unwrap_or_default();
            return Err(Error::invalid_request(
                self.meta.method_name,
                format!("missing path parameter `{name}`"),
            ));
        }
        let mut out = self.path.clone();
        if !self.query.is_empty() {
            out.push('?');
            out.push_str(&self.query_string());
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{HttpMethod, Permissions};

    static META: OperationMeta = OperationMeta {
        group: "Test",
        method_name: "getThing",
        http_method: HttpMethod::Get,
        path: "/api/v2/things/{thingId}/parts/{partId}",
        permissions: Permissions::None,
        preview: false,
        deprecated: false,
        summary: "",
    };

    #[test]
    fn path_segments_are_encoded() {
        let mut p = RequestParts::new(&META);
        p.path_param("thingId", "a/b?c#d%e f");
        p.path_param("partId", "abc@conference.example.com");
        assert_eq!(
            p.path(),
            "/api/v2/things/a%2Fb%3Fc%23d%25e%20f/parts/abc@conference.example.com"
        );
        assert_eq!(p.error(), None);
        assert_eq!(encode_path_segment("../x"), "..%2Fx");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
    }

    #[test]
    fn dot_segments_and_empty_values_are_rejected() {
        for bad in [".", "..", ""] {
            let mut p = RequestParts::new(&META);
            p.path_param("thingId", bad);
            assert!(p.error().is_some(), "{bad:?} accepted");
        }
        let mut p = RequestParts::new(&META);
        p.path_param("nope", "x");
        assert!(p.error().is_some());
        let mut p = RequestParts::new(&META);
        p.path_param("thingId", "x");
        let err = p.path_and_query().unwrap_err();
        assert!(err.to_string().contains("partId"), "{err}");
    }

    #[test]
    fn object_query_parameters_in_each_style() {
        // Keys in sorted order, so the expectations hold with or without serde_json's `preserve_order`.
        let filter = serde_json::json!({"gone": null, "page": {"size": 5}, "status": "open now", "tags": ["a", "b"]});
        let query = |style| {
            let mut p = RequestParts::new(&META);
            p.set_query("filter", "stale");
            p.set_query_object("filter", &filter, style);
            p.query_string()
        };
        assert_eq!(
            query(ObjectStyle::Form),
            "page=%7B%22size%22%3A5%7D&status=open%20now&tags=a&tags=b"
        );
        assert_eq!(
            query(ObjectStyle::FormNoExplode),
            "filter=page,%7B%22size%22%3A5%7D,status,open%20now,tags,%5B%22a%22%2C%22b%22%5D"
        );
        assert_eq!(
            query(ObjectStyle::DeepObject),
            "filter%5Bpage%5D%5Bsize%5D=5&filter%5Bstatus%5D=open%20now&filter%5Btags%5D=a&filter%5Btags%5D=b"
        );
        assert_eq!(
            query(ObjectStyle::Json),
            "filter=%7B%22gone%22%3Anull%2C%22page%22%3A%7B%22size%22%3A5%7D%2C%22status%22%3A%22open%20now%22%2C%22tags%22%3A%5B%22a%22%2C%22b%22%5D%7D"
        );
        // Setting it again replaces every pair it was written as.
        let mut p = RequestParts::new(&META);
        p.set_query_object("filter", &filter, ObjectStyle::DeepObject);
        p.set_query_object(
            "filter",
            &serde_json::json!({"x": 1}),
            ObjectStyle::DeepObject,
        );
        assert_eq!(p.query_string(), "filter%5Bx%5D=1");
        assert_eq!(p.query("filter[x]"), Some("1"));
    }

    #[test]
    fn object_path_and_header_parameters_in_simple_style() {
        let value = serde_json::json!({"gone": null, "level": 3, "role": "a/b,c"});
        let mut p = RequestParts::new(&META);
        p.path_object("thingId", &value, false);
        p.path_object("partId", &value, true);
        assert_eq!(
            p.path(),
            "/api/v2/things/level,3,role,a%2Fb%2Cc/parts/level=3,role=a%2Fb%2Cc"
        );
        p.set_header_object("X-Filter", &value, true);
        assert_eq!(
            p.headers().collect::<Vec<_>>(),
            [("X-Filter", "level=3,role=a/b,c")]
        );
        let mut p = RequestParts::new(&META);
        p.path_object("thingId", &serde_json::json!({}), false);
        assert!(p.error().is_some(), "an empty object cannot fill a segment");
    }

    #[test]
    fn query_set_replace_and_arrays() {
        let mut p = RequestParts::new(&META);
        p.path_param("thingId", "t");
        p.path_param("partId", "p");
        p.set_query("pageSize", 25);
        p.set_query("pageSize", 50);
        p.set_query_array("id", &["a", "b,c"], ArrayStyle::Csv);
        p.set_query_array("expand", &["x y", "z"], ArrayStyle::Multi);
        p.set_query("flag", true);
        p.set_query_array("s", &["a b", "c"], ArrayStyle::SpaceDelimited);
        p.set_query_array("p", &["a|b", "c"], ArrayStyle::PipeDelimited);
        assert_eq!(
            p.path_and_query().expect("complete"),
            "/api/v2/things/t/parts/p?pageSize=50&id=a,b%2Cc&expand=x%20y&expand=z&flag=true&s=a%20b%20c&p=a%7Cb|c"
        );
        p.set_query_array::<&str>("expand", &[], ArrayStyle::Multi);
        assert!(!p.query_string().contains("expand"));
    }

    #[test]
    fn param_formats() {
        use chrono::TimeZone;
        let dt = chrono::Utc
            .with_ymd_and_hms(2024, 5, 1, 12, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(dt.to_param(), "2024-05-01T12:00:00.000Z");
        let d = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).expect("valid");
        assert_eq!(d.to_param(), "2024-02-29");
        assert_eq!((&&"x").to_param(), "x");
        assert_eq!(1.5f64.to_param(), "1.5");
    }

    #[test]
    fn body_serialization_errors_are_deferred() {
        struct Bad;
        impl serde::Serialize for Bad {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("nope"))
            }
        }
        let mut p = RequestParts::new(&META);
        p.json_body(&Bad);
        assert!(p.error().expect("deferred").contains("nope"));
        assert!(p.body().is_none());
    }
}

//! The crate's error type.
//!
//! Every fallible call returns [`Result<T>`](Result), whose error is the single [`Error`] enum.
//! Error messages are one line, name the operation that failed and never contain a secret
//! (client secret or access token).

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `Result` with the crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The name of the response header Genesys Cloud uses for its request correlation id.
pub const CORRELATION_ID_HEADER: &str = "ININ-Correlation-Id";

/// At most this many bytes of a non-JSON error body are kept in [`ApiError::raw_body`].
pub const MAX_RAW_BODY_LEN: usize = 4096;

/// Everything that can go wrong when calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-success status code.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// The request could not be sent or the response could not be received
    /// (DNS, connection refused, TLS, connection reset, …).
    #[error("{operation}: transport error: {}", transport_message(source))]
    Transport {
        /// The operation (`method_name`) that failed.
        operation: &'static str,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },

    /// The request (or connection attempt) did not complete within its timeout.
    #[error("{operation}: request timed out after {timeout:?}")]
    Timeout {
        /// The operation (`method_name`) that failed.
        operation: &'static str,
        /// The timeout that elapsed.
        timeout: Duration,
    },

    /// A successful response could not be decoded into the operation's output type.
    #[error("failed to decode response of {operation} at `{}`: {}", source.path(), source.message())]
    Decode {
        /// The operation (`method_name`) whose response failed to decode.
        operation: &'static str,
        /// Where and why decoding failed.
        #[source]
        source: DecodeError,
    },

    /// Obtaining an access token failed.
    #[error("{0}")]
    Auth(Box<AuthError>),

    /// The request could not be built: an invalid header, a body that failed to serialize,
    /// a missing or unusable path parameter, an unsafe pagination link, ….
    #[error("invalid request{}: {message}", operation.map(|o| format!(" for {o}")).unwrap_or_default())]
    InvalidRequest {
        /// The operation (`method_name`), when known.
        operation: Option<&'static str>,
        /// What is wrong.
        message: String,
    },

    /// The client configuration is invalid (reported by [`ClientBuilder::build`](super::ClientBuilder::build)).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

fn transport_message(err: &reqwest::Error) -> String {
    // reqwest's own message is generic ("error sending request for url (…)"); the root cause
    // ("Connection refused", "dns error", …) is what a reader needs.
    let mut msg = err.to_string();
    let mut cause: Option<&(dyn StdError + 'static)> = err.source();
    let mut root = None;
    while let Some(c) = cause {
        root = Some(c);
        cause = c.source();
    }
    if let Some(root) = root {
        let root = root.to_string();
        if !msg.contains(&root) {
            msg.push_str(": ");
            msg.push_str(&root);
        }
    }
    msg
}

impl Error {
    /// The HTTP status of an [`Error::Api`] (or of a failed token request).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Auth(e) => e.status,
            _ => None,
        }
    }

    /// Whether the failure is transient, i.e. the same request may succeed later:
    /// HTTP 429, 502, 503, 504, timeouts and transport failures.
    ///
    /// The client already retried such failures according to its
    /// [`RetryPolicy`](super::RetryPolicy) before returning them.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => is_retryable_status(e.status),
            Error::Transport { .. } | Error::Timeout { .. } => true,
            Error::Auth(e) => e.is_retryable(),
            Error::Decode { .. } | Error::InvalidRequest { .. } | Error::Config(_) => false,
        }
    }

    /// The `ININ-Correlation-Id` of the failed response, to quote to Genesys support.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.correlation_id.as_deref(),
            Error::Auth(e) => e.correlation_id.as_deref(),
            _ => None,
        }
    }

    /// The decoded Genesys error body of an [`Error::Api`], when the response carried one.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Api(e) => e.body.as_ref(),
            _ => None,
        }
    }

    /// The `Retry-After` the server asked for, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after,
            Error::Auth(e) => e.retry_after,
            _ => None,
        }
    }

    /// The operation (`method_name`) that failed, when the error is tied to one.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api(e) => Some(e.operation),
            Error::Transport { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Decode { operation, .. } => Some(operation),
            Error::InvalidRequest { operation, .. } => *operation,
            Error::Auth(_) | Error::Config(_) => None,
        }
    }

    pub(crate) fn invalid_request(operation: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            operation: Some(operation),
            message: message.into(),
        }
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl From<AuthError> for Error {
    fn from(e: AuthError) -> Self {
        Error::Auth(Box::new(e))
    }
}

pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// A response body that failed to decode: where (JSON path) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    path: String,
    message: String,
}

impl DecodeError {
    /// A decode error at `path` (e.g. `.entities[3].dateCreated`, or `.` for the root).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        DecodeError {
            path: path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn from_path_error(err: serde_path_to_error::Error<serde_json::Error>) -> Self {
        // serde_path_to_error renders the root as "." and `entities[3].dateCreated` otherwise;
        // use the jq-like `.entities[3].dateCreated` everywhere.
        let path = err.path().to_string();
        let path = if path.starts_with('.') {
            path
        } else {
            format!(".{path}")
        };
        DecodeError {
            path,
            message: err.into_inner().to_string(),
        }
    }

    /// The JSON path of the field that failed, e.g. `.entities[3].dateCreated`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Why decoding failed.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)
    }
}

impl StdError for DecodeError {}

/// A non-success response from the Genesys Cloud API.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation (`method_name`) that failed, e.g. `"getChatsRoom"`.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: StatusCode,
    /// The Genesys error body, when the response body was a JSON object.
    pub body: Option<ErrorBody>,
    /// The response body as text (lossy UTF-8), truncated to [`MAX_RAW_BODY_LEN`] bytes.
    /// Useful when the body is not JSON, e.g. an HTML page from a proxy.
    pub raw_body: String,
    /// The `ININ-Correlation-Id` response header.
    pub correlation_id: Option<String>,
    /// The `Retry-After` response header, when present and parseable.
    pub retry_after: Option<Duration>,
}

impl ApiError {
    pub(crate) fn from_response(
        operation: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Self {
        ApiError {
            operation,
            status,
            body: ErrorBody::parse(body),
            raw_body: truncate_lossy(body, MAX_RAW_BODY_LEN),
            correlation_id: correlation_id(headers),
            retry_after: retry_after(headers),
        }
    }

    /// The error message: the Genesys `message` when there is one.
    pub fn message(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.message.as_deref())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with HTTP {}", self.operation, self.status)?;
        match &self.body {
            Some(body) => {
                if let Some(msg) = body.message.as_deref().filter(|m| !m.is_empty()) {
                    write!(f, ": {}", one_line(msg, 300))?;
                }
                if let Some(code) = body.code.as_deref().filter(|c| !c.is_empty()) {
                    write!(f, " (code {})", one_line(code, 100))?;
                }
            }
            None if !self.raw_body.trim().is_empty() => {
                write!(f, ": {}", one_line(&self.raw_body, 200))?;
            }
            None => {}
        }
        if let Some(id) = &self.correlation_id {
            write!(f, " [correlation id {}]", one_line(id, 100))?;
        }
        Ok(())
    }
}

impl StdError for ApiError {}

/// A failure to obtain an access token: the token endpoint answered with an error, could not be
/// reached, or a custom [`TokenProvider`](super::TokenProvider) failed.
///
/// Never contains the client secret or a token.
#[derive(Debug)]
#[non_exhaustive]
pub struct AuthError {
    /// What went wrong, one line.
    pub message: String,
    /// The token endpoint's HTTP status, when it answered.
    pub status: Option<StatusCode>,
    /// The OAuth `error` code (e.g. `invalid_client`), when the endpoint sent one.
    pub error: Option<String>,
    /// The OAuth `error_description` / `description`, when the endpoint sent one.
    pub description: Option<String>,
    /// The `ININ-Correlation-Id` of the token response.
    pub correlation_id: Option<String>,
    /// The `Retry-After` of the token response.
    pub retry_after: Option<Duration>,
    /// Whether the failure is transient although there is no HTTP status: the token endpoint
    /// could not be reached or did not answer in time.
    pub transient: bool,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl AuthError {
    /// An authentication error with a message (for custom token providers).
    pub fn new(message: impl Into<String>) -> Self {
        AuthError {
            message: message.into(),
            status: None,
            error: None,
            description: None,
            correlation_id: None,
            retry_after: None,
            transient: false,
            source: None,
        }
    }

    /// Attaches the underlying cause. Make sure it does not carry a secret in its message.
    pub fn with_source(mut self, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Sets the HTTP status of the failed token response.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = Some(status);
        self
    }

    /// Marks the failure as transient (see [`AuthError::transient`]), so that the client
    /// retries it per its [`RetryPolicy`](super::RetryPolicy).
    pub fn with_transient(mut self, transient: bool) -> Self {
        self.transient = transient;
        self
    }

    /// Whether retrying may help: HTTP 429, 502–504, or a [transient](AuthError::transient)
    /// failure.
    pub fn is_retryable(&self) -> bool {
        match self.status {
            Some(status) => is_retryable_status(status),
            None => self.transient,
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "authentication failed: {}", self.message)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        match (&self.error, &self.description) {
            (Some(e), Some(d)) => write!(f, ": {}: {}", one_line(e, 100), one_line(d, 300))?,
            (Some(e), None) => write!(f, ": {}", one_line(e, 100))?,
            (None, Some(d)) => write!(f, ": {}", one_line(d, 300))?,
            (None, None) => {}
        }
        if let Some(id) = &self.correlation_id {
            write!(f, " [correlation id {}]", one_line(id, 100))?;
        }
        Ok(())
    }
}

impl StdError for AuthError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

/// The error body Genesys Cloud returns with non-success responses.
///
/// Every field is optional and parsing is lenient: unknown fields are ignored and a field of an
/// unexpected type is dropped instead of failing the whole body.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorBody {
    /// Human-readable message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Machine-readable code, e.g. `"not.found"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The HTTP status, as repeated in the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    /// The id of the entity concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// The name of the entity concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_name: Option<String>,
    /// The message template, with `{param}` placeholders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_with_params: Option<String>,
    /// Values for the placeholders of `message_with_params`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub message_params: BTreeMap<String, String>,
    /// The correlation id, as repeated in the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_id: Option<String>,
    /// Per-field details.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetail>,
    /// Nested errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorBody>,
}

/// One entry of [`ErrorBody::details`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorDetail {
    /// Error code of this detail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The field concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_name: Option<String>,
    /// The id of the entity concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// The name of the entity concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_name: Option<String>,
}

impl ErrorBody {
    /// Parses a response body; `None` unless it is a JSON object.
    pub fn parse(body: &[u8]) -> Option<ErrorBody> {
        let value: Value = serde_json::from_slice(body).ok()?;
        ErrorBody::from_value(&value)
    }

    /// Reads an error body out of a JSON value, leniently; `None` unless it is an object.
    pub fn from_value(value: &Value) -> Option<ErrorBody> {
        Self::from_value_depth(value, 0)
    }

    fn from_value_depth(value: &Value, depth: usize) -> Option<ErrorBody> {
        let obj = value.as_object()?;
        let message_params = match obj.get("messageParams") {
            Some(Value::Object(map)) => map
                .iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.clone(), v)
                })
                .collect(),
            _ => BTreeMap::new(),
        };
        let details = match obj.get("details") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|d| {
                    let d = d.as_object()?;
                    Some(ErrorDetail {
                        error_code: str_field(d, "errorCode"),
                        field_name: str_field(d, "fieldName"),
                        entity_id: str_field(d, "entityId"),
                        entity_name: str_field(d, "entityName"),
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        // Bound recursion so a hostile, deeply nested body cannot exhaust the stack.
        let errors = match obj.get("errors") {
            Some(Value::Array(items)) if depth < 8 => items
                .iter()
                .filter_map(|e| Self::from_value_depth(e, depth + 1))
                .collect(),
            _ => Vec::new(),
        };
        Some(ErrorBody {
            message: str_field(obj, "message"),
            code: str_field(obj, "code"),
            status: match obj.get("status") {
                Some(Value::Number(n)) => n.as_i64(),
                Some(Value::String(s)) => s.trim().parse().ok(),
                _ => None,
            },
            entity_id: str_field(obj, "entityId"),
            entity_name: str_field(obj, "entityName"),
            message_with_params: str_field(obj, "messageWithParams"),
            message_params,
            context_id: str_field(obj, "contextId"),
            details,
            errors,
        })
    }
}

impl<'de> Deserialize<'de> for ErrorBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        ErrorBody::from_value(&value)
            .ok_or_else(|| serde::de::Error::custom("an error body must be a JSON object"))
    }
}

fn str_field(obj: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(crate) fn correlation_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get(CORRELATION_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// Parses `Retry-After`: delay-seconds (integer, or a decimal some gateways send) or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let raw = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = raw.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = raw.parse::<f64>() {
        if (0.0..1.0e9).contains(&secs) {
            return Some(Duration::from_secs_f64(secs));
        }
        return None;
    }
    let date = chrono::DateTime::parse_from_rfc2822(raw).ok()?;
    let at = u64::try_from(date.timestamp()).unwrap_or(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// Lossy UTF-8 of at most `max` bytes of `body`, cut at a character boundary.
pub(crate) fn truncate_lossy(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= max {
        return text.into_owned();
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = text[..end].to_owned();
    out.push('…');
    out
}

/// Collapses whitespace (including newlines) and truncates to `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        if count > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            if count >= max {
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
        count += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_error_body() {
        let body = br#"{"message":"Room not found","code":"not.found","status":"404",
            "messageParams":{"id":"x","n":3},"details":[{"fieldName":"roomJid"},5],
            "errors":[{"message":"inner"}, "junk"], "contextId": 42, "entityId": null}"#;
        let parsed = ErrorBody::parse(body).expect("object");
        assert_eq!(parsed.message.as_deref(), Some("Room not found"));
        assert_eq!(parsed.status, Some(404));
        assert_eq!(
            parsed.message_params.get("n").map(String::as_str),
            Some("3")
        );
        assert_eq!(parsed.details.len(), 1);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.context_id.as_deref(), Some("42"));
        assert_eq!(parsed.entity_id, None);
        assert!(ErrorBody::parse(b"[1,2]").is_none());
        assert!(ErrorBody::parse(b"<html>").is_none());
    }

    #[test]
    fn one_line_collapses_and_truncates() {
        assert_eq!(one_line("a\n\n b\tc", 10), "a b c");
        assert_eq!(one_line("abcdef", 3), "abc…");
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        let s = "é".repeat(10);
        let t = truncate_lossy(s.as_bytes(), 5);
        assert_eq!(t, "éé…");
    }

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, "3".parse().expect("valid"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(reqwest::header::RETRY_AFTER, "0.5".parse().expect("valid"));
        assert_eq!(retry_after(&h), Some(Duration::from_millis(500)));
        h.insert(reqwest::header::RETRY_AFTER, "-1".parse().expect("valid"));
        assert_eq!(retry_after(&h), None);
        h.insert(
            reqwest::header::RETRY_AFTER,
            "Sun, 06 Nov 1994 08:49:37 GMT".parse().expect("valid"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert(reqwest::header::RETRY_AFTER, "soon".parse().expect("valid"));
        assert_eq!(retry_after(&h), None);
    }
}

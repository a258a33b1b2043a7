//! Static description of API operations and how their responses are decoded.
//!
//! The code generator emits one marker type (an empty enum) per Genesys Cloud operation and
//! implements [`Operation`] for it; everything the runtime needs to know about the operation
//! (HTTP method, path template, required permissions, …) lives in its [`OperationMeta`].

use std::fmt;

use super::error::DecodeError;

/// The HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
}

impl HttpMethod {
    /// The method name as sent on the wire, e.g. `"GET"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
        }
    }

    /// Whether the method is idempotent in the sense of RFC 9110 §9.2.2: repeating the request
    /// has the same effect as sending it once. `POST` and `PATCH` are not.
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, HttpMethod::Post | HttpMethod::Patch)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Delete => reqwest::Method::DELETE,
            HttpMethod::Head => reqwest::Method::HEAD,
            HttpMethod::Options => reqwest::Method::OPTIONS,
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The OAuth permissions an operation requires, as declared by the spec's
/// `x-inin-requires-permissions` extension.
///
/// Permissions are strings of the form `domain:entity:action`, e.g. `chat:room:view`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permissions {
    /// The operation requires no particular permission (only a valid token).
    None,
    /// Any one of the listed permissions is enough.
    Any(&'static [&'static str]),
    /// Every listed permission is required.
    All(&'static [&'static str]),
}

impl Permissions {
    /// The listed permission strings (empty for [`Permissions::None`]).
    pub const fn list(&self) -> &'static [&'static str] {
        match self {
            Permissions::None => &[],
            Permissions::Any(list) | Permissions::All(list) => list,
        }
    }
}

/// Static facts about one API operation, emitted by the code generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OperationMeta {
    /// The API group (OpenAPI tag) the operation belongs to, e.g. `"Chat"`.
    pub group: &'static str,
    /// The operation id, e.g. `"getChatsRoomMessages"`. Used in errors and logs.
    pub method_name: &'static str,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template, e.g. `"/api/v2/chats/rooms/{roomJid}/messages"`.
    pub path: &'static str,
    /// The permissions a caller needs.
    pub permissions: Permissions,
    /// Whether Genesys marks the operation as preview (may change or disappear).
    pub preview: bool,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// One-line summary from the spec.
    pub summary: &'static str,
}

/// One API operation. Implemented by one marker type per generated operation: an empty enum, a type that names the
/// operation and never has a value (so it needs no `Clone` or `Debug`, whose impls cost compile time in every
/// operation).
///
/// The trait is deliberately tiny: all of the HTTP work happens in non-generic runtime code, and an operation names
/// how its response is decoded ([`Operation::Decoder`]) instead of having a function body of its own.
pub trait Operation: Send + 'static {
    /// The decoded response type; `()` for operations without a response body.
    type Output: Send + 'static;

    /// How a successful response body becomes the output: [`Json`], [`Text`], [`Binary`] or [`Empty`].
    type Decoder: Decode<Self::Output>;

    /// Static description of the operation.
    const META: &'static OperationMeta;

    /// Decodes a successful (2xx) response body.
    #[inline]
    fn decode(body: &[u8]) -> Result<Self::Output, DecodeError> {
        Self::Decoder::decode(body)
    }
}

/// A way of decoding a response body into `T`.
pub trait Decode<T> {
    /// Decodes `body`.
    fn decode(body: &[u8]) -> Result<T, DecodeError>;
}

/// JSON bodies: [`decode_json`].
#[derive(Debug)]
pub enum Json {}

/// Text bodies: [`decode_text`].
#[derive(Debug)]
pub enum Text {}

/// Binary bodies: [`decode_bytes`].
#[derive(Debug)]
pub enum Binary {}

/// No body: [`decode_void`].
#[derive(Debug)]
pub enum Empty {}

impl<T: serde::de::DeserializeOwned> Decode<T> for Json {
    #[inline]
    fn decode(body: &[u8]) -> Result<T, DecodeError> {
        decode_json(body)
    }
}

impl Decode<String> for Text {
    #[inline]
    fn decode(body: &[u8]) -> Result<String, DecodeError> {
        decode_text(body)
    }
}

impl Decode<bytes::Bytes> for Binary {
    #[inline]
    fn decode(body: &[u8]) -> Result<bytes::Bytes, DecodeError> {
        decode_bytes(body)
    }
}

impl Decode<()> for Empty {
    #[inline]
    fn decode(body: &[u8]) -> Result<(), DecodeError> {
        decode_void(body)
    }
}

/// Decodes a JSON body; on failure the [`DecodeError`] names the path of the offending field
/// (e.g. `.entities[3].dateCreated`).
pub fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T =
        serde_path_to_error::deserialize(&mut de).map_err(DecodeError::from_path_error)?;
    // Reject trailing garbage after the JSON value, as `serde_json::from_slice` does.
    de.end().map_err(|e| DecodeError::new(".", e.to_string()))?;
    Ok(value)
}

/// Decodes a text body (`text/plain`, XML, CSV, …): it must be UTF-8.
pub fn decode_text(body: &[u8]) -> Result<String, DecodeError> {
    std::str::from_utf8(body)
        .map(str::to_owned)
        .map_err(|e| DecodeError::new(".", format!("the text response is not UTF-8: {e}")))
}

/// Decoder for binary bodies (`application/octet-stream`, images, PDF, …): the bytes as received.
pub fn decode_bytes(body: &[u8]) -> Result<bytes::Bytes, DecodeError> {
    Ok(bytes::Bytes::copy_from_slice(body))
}

/// Decoder for operations whose response has no meaningful body; any body is ignored.
pub fn decode_void(_body: &[u8]) -> Result<(), DecodeError> {
    Ok(())
}

//! The hand-written HTTP runtime behind the generated API modules.
//!
//! Generated code describes each operation with an [`OperationMeta`] and a marker type
//! implementing [`Operation`], builds a [`RequestParts`] and returns a [`Request`]; the
//! [`Client`] does the rest — authentication ([`auth`]), retries ([`retry`]), timeouts,
//! errors ([`error`]), tracing — in non-generic code, and [`pagination`] walks listings.
//!
//! # Tracing
//!
//! Every call runs in an `info`-level span named `genesys.request` with the fields
//! `operation` (e.g. `getChatsRoom`), `http.method`, `path` (the path *template*, so ids do not
//! end up in logs), and, recorded once when the call ends, `attempts`, `status` and
//! `correlation_id` (the `ININ-Correlation-Id` response header). Each attempt runs in a child
//! span `genesys.attempt` with its own `attempt`, `status` and `correlation_id`, and logs
//! `debug` events; each retry logs a `warn` event. Request and
//! response bodies are logged only with [`ClientBuilder::log_bodies`]; tokens and secrets are
//! never logged.

pub mod auth;
pub mod client;
pub mod error;
mod form;
pub mod generated;
pub mod multipart;
#[cfg(feature = "notifications")]
pub mod notifications;
pub mod operation;
pub mod pagination;
pub mod parts;
pub mod permissions;
pub mod pkce;
pub mod region;
pub mod request;
pub mod retry;
pub mod user_auth;

pub use auth::{
    AccessToken, BoxFuture, ClientCredentialsProvider, Credentials, Secret, StaticTokenProvider,
    TokenProvider,
};
pub use client::{Client, ClientBuilder, RawResponse};
pub use error::{ApiError, AuthError, DecodeError, Error, ErrorBody, ErrorDetail, Result};
pub use generated::{
    JsonKey, SerializeField, decode_variant, deserialize_field, deserialize_fields,
    deserialize_union, request_methods, serde_struct, serialize_field, serialize_fields,
    serialize_tagged, serialize_union, string_enum, try_variant, union_tag,
};
pub use multipart::{FilePart, Multipart};
pub use operation::{
    Binary, Decode, Empty, HttpMethod, Json, Operation, OperationMeta, Permissions, Text,
    decode_bytes, decode_json, decode_text, decode_void,
};
pub use pagination::{Page, Paginated, Paging};
pub use parts::{ArrayStyle, ObjectStyle, RequestParts, ToParam};
pub use permissions::{PermissionSet, RequiredPermissions, is_permitted, required_permissions};
pub use pkce::Pkce;
pub use region::{ParseRegionError, Region};
pub use request::{Request, ResponseFuture};
pub use retry::RetryPolicy;
pub use user_auth::{StoredTokens, TokenStore, UserLogin, UserTokenProvider};

/// Re-exported so generated code and users can name these without depending on the crates.
pub use bytes::Bytes;
pub use futures_core::Stream;
pub use reqwest::StatusCode;
pub use reqwest::header::HeaderMap;

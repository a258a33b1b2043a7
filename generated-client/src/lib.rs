//! A typed, async Rust client for the [Genesys Cloud Platform API](https://developer.genesys.cloud/platform/api/).
//!
//! The API modules (one per API group, behind cargo features such as `chat` and `webchat`)
//! are generated from Genesys' OpenAPI spec; the HTTP runtime they share — regions,
//! OAuth, retries, timeouts, errors, pagination, tracing — is hand-written and lives in
//! [`runtime`].
//!
//! # Example
//!
//! ```no_run
//! # #[cfg(feature = "chat")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use genesys_cloud::{Client, Region};
//!
//! let client = Client::builder()
//!     .region(Region::EuWest1)
//!     .client_credentials(
//!         std::env::var("GENESYS_CLIENT_ID")?,
//!         std::env::var("GENESYS_CLIENT_SECRET")?,
//!     )
//!     .build()?;
//!
//! // Every operation returns a request: set optional parameters, then `.await` it.
//! let settings = client.chat().get_chats_settings().await?;
//! println!("{settings:?}");
//! # Ok(()) }
//! ```
//!
//! Building a client only needs the runtime:
//!
//! ```
//! use std::time::Duration;
//! use genesys_cloud::{Client, Region, RetryPolicy};
//!
//! let client = Client::builder()
//!     .region("mypurecloud.ie".parse()?)
//!     .client_credentials("client-id", "client-secret")
//!     .timeout(Duration::from_secs(30))
//!     .retry_policy(RetryPolicy::default().with_max_retries(5))
//!     .build()?;
//! assert_eq!(client.base_url(), "https://api.mypurecloud.ie");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! Every call returns [`Result<T>`](Result); [`Error`] tells API errors (with the decoded
//! Genesys [`ErrorBody`] and the `ININ-Correlation-Id`) from transport failures, timeouts,
//! decoding and authentication problems. Transient failures (429, 502–504, connection
//! failures) are retried according to the [`RetryPolicy`] before they reach you.
//!
//! # Features
//!
//! * `chat`, `webchat` (default): the corresponding API groups.
//! * `preview`: operations Genesys marks as preview.
//!
//! With `--no-default-features` the crate is the runtime alone.
//!
//! # Runtime
//!
//! The client is async and runs on [Tokio](https://tokio.rs) (through `reqwest`); the runtime
//! needs its time driver enabled, as `#[tokio::main]` and `#[tokio::test]` do.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod runtime;

pub use runtime::{
    AccessToken, ApiError, AuthError, Client, ClientBuilder, Credentials, DecodeError, Error,
    ErrorBody, Page, Region, Result, RetryPolicy, Secret, TokenProvider,
};

/// Re-exported: model fields use `chrono` date-time types.
pub use chrono;
/// Re-exported: build free-form JSON values and parse JSON bodies without another dependency.
pub use serde_json;

// Printed by prettyplease, which rustfmt would reformat: the drift check compares the printer's output.
#[rustfmt::skip]
mod generated;
#[allow(unused_imports)] // empty until the generator has run
pub use generated::*;

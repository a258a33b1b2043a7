//! A typed, async Rust client for the [Genesys Cloud Platform API](https://developer.genesys.cloud/platform/api/).
//!
//! The API modules (one per API group, behind cargo features such as `chat` and `webchat`)
//! are generated from Genesys' OpenAPI spec; the HTTP runtime they share — regions,
//! OAuth, retries, timeouts, errors, pagination, tracing — is hand-written and lives in
//! [`runtime`].
//!
//! # Example
//!
//! ```ignore
//! use genesys_cloud::{Client, Region};
//!
//! # async fn run() -> genesys_cloud::Result<()> {
//! let client = Client::builder()
//!     .region(Region::EuWest1)
//!     .client_credentials(std::env::var("GENESYS_CLIENT_ID").unwrap_or_default(),
//!                         std::env::var("GENESYS_CLIENT_SECRET").unwrap_or_default())
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

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod runtime;

pub use runtime::{
    AccessToken, ApiError, AuthError, Client, ClientBuilder, Credentials, DecodeError, Error,
    ErrorBody, Page, Region, Result, RetryPolicy, Secret, TokenProvider,
};

// Printed by prettyplease, which rustfmt would reformat: the drift check compares the printer's output.
#[rustfmt::skip]
mod generated;
#[allow(unused_imports)] // empty until the generator has run
pub use generated::*;

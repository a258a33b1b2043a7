//! What the loopback tests share.

use genesys_cloud::{Client, RetryPolicy};
use wiremock::MockServer;

/// A client of `server` with a static token and no retries (a test's mock answers once).
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a valid client")
}

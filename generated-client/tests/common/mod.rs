//! Helpers shared by the `runtime_*` integration tests: hand-written test operations (what the
//! generator emits), request builders, clients against a `wiremock` server and mock set-ups.

// Each test binary compiles this module but uses only some of it.
#![allow(dead_code)]

use std::time::Duration;

use genesys_cloud::runtime::{
    Client, ClientBuilder, Json, Operation, Permissions, Request, RequestParts, RetryPolicy,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use wiremock::{MockBuilder, MockServer, ResponseTemplate};

/// Declares a hand-written test operation in group `Test`: a unit struct implementing
/// `Operation` with the given metadata and decoder type (neither preview nor deprecated).
macro_rules! test_operation {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident: $http_method:ident $path:literal -> $output:ty {
            method_name: $method_name:literal,
            permissions: $permissions:expr,
            summary: $summary:literal,
            decoder: $decoder:ty $(,)?
        }
    ) => {
        $(#[$attr])*
        $vis struct $name;
        impl ::genesys_cloud::runtime::Operation for $name {
            type Output = $output;
            type Decoder = $decoder;
            const META: &'static ::genesys_cloud::runtime::OperationMeta =
                &::genesys_cloud::runtime::OperationMeta {
                    group: "Test",
                    method_name: $method_name,
                    http_method: ::genesys_cloud::runtime::HttpMethod::$http_method,
                    path: $path,
                    permissions: $permissions,
                    preview: false,
                    deprecated: false,
                    summary: $summary,
                };
        }
    };
}
// Unused in the test binaries that declare no operations of their own.
#[allow(unused_imports)]
pub(crate) use test_operation;

// ---- the `Thing` operations ----

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Thing {
    pub id: String,
    pub date_created: Option<String>,
}

#[derive(Serialize)]
pub struct NewThing<'a> {
    pub name: &'a str,
}

test_operation! {
    pub struct GetThing: Get "/api/v2/things/{thingId}" -> Thing {
        method_name: "getThing",
        permissions: Permissions::Any(&["test:thing:view"]),
        summary: "Get a thing",
        decoder: Json,
    }
}

test_operation! {
    pub struct PostThing: Post "/api/v2/things" -> Thing {
        method_name: "postThings",
        permissions: Permissions::None,
        summary: "Create a thing",
        decoder: Json,
    }
}

/// `GET /api/v2/things/{id}`.
pub fn get_thing(client: &Client, id: &str) -> Request<GetThing> {
    let mut parts = RequestParts::new(GetThing::META);
    parts.path_param("thingId", id);
    client.request(parts)
}

/// `POST /api/v2/things` with the body `{"name": name}`.
pub fn post_thing(client: &Client, name: &str) -> Request<PostThing> {
    let mut parts = RequestParts::new(PostThing::META);
    parts.json_body(&NewThing { name });
    client.request(parts)
}

/// A 200 answer with the thing `{"id": "1"}`.
pub fn ok_body() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "id": "1" }))
}

// ---- clients ----

/// The default retry policy with short delays, so that retrying tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_base_delay(Duration::from_millis(10))
        .with_max_delay(Duration::from_millis(50))
}

/// A client builder for `base_url` that sends the static bearer `token`.
pub fn bearer_builder(base_url: &str, token: &str) -> ClientBuilder {
    Client::builder().base_url(base_url).bearer_token(token)
}

/// A loopback base URL that nothing listens on: connecting to it is refused.
pub fn unreachable_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener); // nothing listens there now: connection refused
    format!("http://127.0.0.1:{port}")
}

// ---- the mock server ----

/// Mounts `first` as the answer to the first request `mock` matches and `then` as the answer
/// to every later one.
pub async fn mount_once_then(
    server: &MockServer,
    mock: impl Fn() -> MockBuilder,
    first: ResponseTemplate,
    then: ResponseTemplate,
) {
    mock()
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    mock()
        .respond_with(then)
        .with_priority(2)
        .mount(server)
        .await;
}

/// The paths of the requests the server received, in order.
pub async fn received_paths(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect()
}

/// How many requests the server received.
pub async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

//! Retries: Retry-After, backoff budget, idempotency rules, connection failures.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use genesys_cloud::runtime::{
    AccessToken, BoxFuture, Client, Error, HttpMethod, Operation, OperationMeta, Permissions,
    Request, RequestParts, RetryPolicy, TokenProvider, decode_json,
};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize)]
struct Thing {
    id: String,
}

struct GetThing;
impl Operation for GetThing {
    type Output = Thing;
    const META: &'static OperationMeta = &OperationMeta {
        group: "Test",
        method_name: "getThing",
        http_method: HttpMethod::Get,
        path: "/api/v2/things/{thingId}",
        permissions: Permissions::None,
        preview: false,
        deprecated: false,
        summary: "Get a thing",
    };
    fn decode(body: &[u8]) -> Result<Thing, genesys_cloud::DecodeError> {
        decode_json(body)
    }
}

struct PostThing;
impl Operation for PostThing {
    type Output = Thing;
    const META: &'static OperationMeta = &OperationMeta {
        group: "Test",
        method_name: "postThings",
        http_method: HttpMethod::Post,
        path: "/api/v2/things",
        permissions: Permissions::None,
        preview: false,
        deprecated: false,
        summary: "Create a thing",
    };
    fn decode(body: &[u8]) -> Result<Thing, genesys_cloud::DecodeError> {
        decode_json(body)
    }
}

fn get_thing(client: &Client) -> Request<'_, GetThing> {
    let mut parts = RequestParts::new(GetThing::META);
    parts.path_param("thingId", "1");
    Request::new(client, parts)
}

fn post_thing(client: &Client) -> Request<'_, PostThing> {
    let mut parts = RequestParts::new(PostThing::META);
    parts.json_body(&json!({ "name": "w" }));
    Request::new(client, parts)
}

fn fast_policy() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_retries(3)
        .with_base_delay(Duration::from_millis(10))
        .with_max_delay(Duration::from_millis(50))
}

fn client_for(base_url: &str, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token("tok")
        .retry_policy(policy)
        .build()
        .expect("valid")
}

fn ok_body() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "id": "1" }))
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

#[tokio::test]
async fn too_many_requests_honours_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ok_body())
        .with_priority(2)
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy());
    let started = Instant::now();
    let thing = get_thing(&client).await.expect("succeeds after waiting");
    let waited = started.elapsed();
    assert_eq!(thing.id, "1");
    assert_eq!(requests(&server).await, 2);
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_budget_gives_up_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy());
    let started = Instant::now();
    let err = get_thing(&client).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(requests(&server).await, 1);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn service_unavailable_storm_exhausts_the_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("ININ-Correlation-Id", "storm"))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy());
    let started = Instant::now();
    let err = get_thing(&client).await.unwrap_err();
    assert_eq!(
        requests(&server).await,
        1 + 3,
        "first attempt + max retries"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.status.as_u16(), 503);
    assert!(err.is_retryable());
    assert_eq!(err.correlation_id(), Some("storm"));
}

#[tokio::test]
async fn total_budget_limits_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let policy = RetryPolicy::default()
        .with_max_retries(1000)
        .with_base_delay(Duration::from_millis(20))
        .with_max_delay(Duration::from_millis(20))
        .with_max_elapsed(Duration::from_millis(300));
    let client = client_for(&server.uri(), policy);
    let started = Instant::now();
    let err = get_thing(&client).await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert!(requests(&server).await > 2);
}

#[tokio::test]
async fn post_is_not_retried_on_service_unavailable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy());
    let err = post_thing(&client).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn post_is_retried_on_too_many_requests() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok_body())
        .with_priority(2)
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy());
    post_thing(&client).await.expect("succeeds on retry");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn per_request_policy_overrides_the_client_policy() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy());
    get_thing(&client)
        .retry(RetryPolicy::disabled())
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy());
    let err = get_thing(&client).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn get_timeouts_are_retried_within_the_policy() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_body().set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy().with_max_retries(2));
    let err = get_thing(&client)
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(requests(&server).await, 3);
}

/// Counts `token()` calls: one per attempt.
#[derive(Default)]
struct CountingToken(AtomicUsize);

impl TokenProvider for CountingToken {
    fn token(&self) -> BoxFuture<'_, genesys_cloud::Result<AccessToken>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(AccessToken::new("tok")) })
    }
}

#[tokio::test]
async fn connection_failures_are_retried_even_for_post() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener); // nothing listens there now: connection refused
    let attempts = Arc::new(CountingToken::default());
    let client = Client::builder()
        .base_url(&format!("http://127.0.0.1:{port}"))
        .token_provider(attempts.clone())
        .retry_policy(fast_policy().with_max_retries(2))
        .build()
        .expect("valid");
    let err = post_thing(&client).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                operation: "postThings",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(
        attempts.0.load(Ordering::SeqCst),
        3,
        "first attempt + 2 retries"
    );
    let message = err.to_string();
    assert!(
        message.starts_with("postThings: transport error"),
        "{message}"
    );
    assert!(!message.contains('\n'));
}

//! Retries: Retry-After, backoff budget, idempotency rules, connection failures.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use genesys_cloud::runtime::{AccessToken, BoxFuture, Client, Error, RetryPolicy, TokenProvider};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::{
    bearer_builder, fast_retries, get_thing, mount_once_then, ok_body, post_thing, request_count,
    unreachable_base_url,
};

fn fast_policy() -> RetryPolicy {
    fast_retries().with_max_retries(3)
}

fn client_for(base_url: &str, policy: RetryPolicy) -> Client {
    bearer_builder(base_url, "tok")
        .retry_policy(policy)
        .build()
        .expect("valid")
}

#[tokio::test]
async fn too_many_requests_honours_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    mount_once_then(
        &server,
        || Mock::given(method("GET")),
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        ok_body(),
    )
    .await;
    let client = client_for(&server.uri(), fast_policy());
    let started = Instant::now();
    let thing = get_thing(&client, "1")
        .await
        .expect("succeeds after waiting");
    let waited = started.elapsed();
    assert_eq!(thing.id, "1");
    assert_eq!(request_count(&server).await, 2);
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
    let err = get_thing(&client, "1").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(request_count(&server).await, 1);
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
    let err = get_thing(&client, "1").await.unwrap_err();
    assert_eq!(
        request_count(&server).await,
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
    let err = get_thing(&client, "1").await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert!(request_count(&server).await > 2);
}

#[tokio::test]
async fn post_is_not_retried_on_service_unavailable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy());
    let err = post_thing(&client, "w").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn post_is_retried_on_too_many_requests() {
    let server = MockServer::start().await;
    mount_once_then(
        &server,
        || Mock::given(method("POST")),
        ResponseTemplate::new(429),
        ok_body(),
    )
    .await;
    let client = client_for(&server.uri(), fast_policy());
    post_thing(&client, "w").await.expect("succeeds on retry");
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn per_request_policy_overrides_the_client_policy() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy());
    get_thing(&client, "1")
        .retry(RetryPolicy::disabled())
        .await
        .unwrap_err();
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy());
    let err = get_thing(&client, "1").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn get_timeouts_are_retried_within_the_policy() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_body().set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), fast_policy().with_max_retries(2));
    let err = get_thing(&client, "1")
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(request_count(&server).await, 3);
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
    let attempts = Arc::new(CountingToken::default());
    let client = Client::builder()
        .base_url(unreachable_base_url())
        .token_provider(attempts.clone())
        .retry_policy(fast_policy().with_max_retries(2))
        .build()
        .expect("valid");
    let err = post_thing(&client, "w").await.unwrap_err();
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

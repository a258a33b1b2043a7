//! Authentication: client credentials, token caching and refresh, 401 handling, secrecy in
//! `Debug` output, errors and logs.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use genesys_cloud::runtime::{
    AccessToken, BoxFuture, Client, ClientBuilder, ClientCredentialsProvider, Credentials, Error,
    RetryPolicy, Secret, TokenProvider,
};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

mod common;
use common::{
    bearer_builder, fast_retries, get_thing, mount_once_then, ok_body, received_paths,
    unreachable_base_url,
};

const CLIENT_ID: &str = "test-client";
const CLIENT_SECRET: &str = "test-secret-XYZZY";
/// base64("test-client:test-secret-XYZZY")
const BASIC: &str = "Basic dGVzdC1jbGllbnQ6dGVzdC1zZWNyZXQtWFlaWlk=";

fn cc_builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .login_url(server.uri())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry_policy(fast_retries())
}

/// Requests to the token endpoint.
fn token_endpoint() -> MockBuilder {
    Mock::given(method("POST")).and(path("/oauth/token"))
}

fn token_response(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": expires_in,
    }))
}

async fn mount_thing_for_token(server: &MockServer, token: &str) {
    Mock::given(method("GET"))
        .and(path("/api/v2/things/1"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ok_body())
        .mount(server)
        .await;
}

async fn count(server: &MockServer, p: &str) -> usize {
    received_paths(server)
        .await
        .iter()
        .filter(|received| *received == p)
        .count()
}

#[tokio::test]
async fn client_credentials_grant_is_sent_correctly_and_token_is_cached() {
    let server = MockServer::start().await;
    token_endpoint()
        .and(header("authorization", BASIC))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(token_response("tok-1", 86400))
        .expect(1)
        .mount(&server)
        .await;
    mount_thing_for_token(&server, "tok-1").await;
    let client = cc_builder(&server).build().expect("valid");
    for _ in 0..3 {
        let thing = get_thing(&client, "1").await.expect("ok");
        assert_eq!(thing.id, "1");
    }
    assert_eq!(count(&server, "/api/v2/things/1").await, 3);
}

#[tokio::test]
async fn token_is_refreshed_before_it_expires() {
    let server = MockServer::start().await;
    // Lifetime 1 s: with the margin capped at half the lifetime, refresh after 0.5 s.
    mount_once_then(
        &server,
        token_endpoint,
        token_response("tok-1", 1),
        token_response("tok-2", 1),
    )
    .await;
    mount_thing_for_token(&server, "tok-1").await;
    mount_thing_for_token(&server, "tok-2").await;
    let client = cc_builder(&server).build().expect("valid");

    get_thing(&client, "1").await.expect("ok");
    get_thing(&client, "1").await.expect("ok");
    assert_eq!(count(&server, "/oauth/token").await, 1, "cached");
    tokio::time::sleep(Duration::from_millis(600)).await;
    // Still 0.4 s before expiry, but inside the refresh margin.
    get_thing(&client, "1").await.expect("ok");
    assert_eq!(count(&server, "/oauth/token").await, 2, "refreshed early");
    let requests = server.received_requests().await.unwrap_or_default();
    let last = requests.last().expect("requests");
    assert_eq!(
        last.headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer tok-2")
    );
}

#[tokio::test]
async fn unauthorized_triggers_exactly_one_refresh_and_one_retry() {
    let server = MockServer::start().await;
    mount_once_then(
        &server,
        token_endpoint,
        token_response("tok-old", 86400),
        token_response("tok-new", 86400),
    )
    .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-old"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "message": "Invalid login credentials.", "code": "authentication.required", "status": 401
        })))
        .expect(1)
        .mount(&server)
        .await;
    mount_thing_for_token(&server, "tok-new").await;
    let client = cc_builder(&server).build().expect("valid");
    get_thing(&client, "1")
        .await
        .expect("succeeds after refresh");
    assert_eq!(count(&server, "/oauth/token").await, 2);
    assert_eq!(count(&server, "/api/v2/things/1").await, 2);
    // The fresh token is cached for later calls.
    get_thing(&client, "1").await.expect("ok");
    assert_eq!(count(&server, "/oauth/token").await, 2);
}

#[tokio::test]
async fn persistent_unauthorized_is_returned_after_one_refresh() {
    let server = MockServer::start().await;
    mount_once_then(
        &server,
        token_endpoint,
        token_response("tok-a", 86400),
        token_response("tok-b", 86400),
    )
    .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let client = cc_builder(&server).build().expect("valid");
    let err = get_thing(&client, "1").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(count(&server, "/oauth/token").await, 2);
    assert_eq!(count(&server, "/api/v2/things/1").await, 2);
}

#[tokio::test]
async fn unauthorized_is_not_repeated_when_the_refresh_yields_the_same_token() {
    let server = MockServer::start().await;
    token_endpoint()
        .respond_with(token_response("tok-same", 86400))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let client = cc_builder(&server).build().expect("valid");
    let err = get_thing(&client, "1").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(count(&server, "/oauth/token").await, 2, "one refresh");
    assert_eq!(
        count(&server, "/api/v2/things/1").await,
        1,
        "the same token would be rejected again"
    );
}

#[tokio::test]
async fn static_token_unauthorized_is_not_repeated() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let client = bearer_builder(&server.uri(), "static-tok")
        .build()
        .expect("valid");
    let err = get_thing(&client, "1").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_one_token_fetch() {
    let server = MockServer::start().await;
    token_endpoint()
        .respond_with(token_response("tok-shared", 86400).set_delay(Duration::from_millis(300)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-shared"))
        .respond_with(ok_body())
        .expect(20)
        .mount(&server)
        .await;
    let client = cc_builder(&server).build().expect("valid");
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get_thing(&client, "1").await.map(|t| t.id) })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.expect("task").expect("request"), "1");
    }
    assert_eq!(count(&server, "/oauth/token").await, 1);
}

#[tokio::test]
async fn token_endpoint_errors_are_auth_errors_without_the_secret() {
    let server = MockServer::start().await;
    token_endpoint()
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("ININ-Correlation-Id", "tok-corr")
                .set_body_json(json!({
                    "error": "invalid_client",
                    "description": "client not found",
                    "error_description": "client not found"
                })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = cc_builder(&server).build().expect("valid");
    let err = get_thing(&client, "1").await.unwrap_err();
    let Error::Auth(auth) = &err else {
        panic!("expected an auth error, got {err:?}");
    };
    assert_eq!(auth.status.map(|s| s.as_u16()), Some(400));
    assert_eq!(auth.error.as_deref(), Some("invalid_client"));
    assert_eq!(auth.description.as_deref(), Some("client not found"));
    assert_eq!(err.correlation_id(), Some("tok-corr"));
    assert!(!err.is_retryable());
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("invalid_client"), "{shown}");
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
    assert!(!shown.contains("dGVzdC1jbGllbnQ6"), "{shown}");
    assert_eq!(count(&server, "/api/v2/things/1").await, 0);
}

#[tokio::test]
async fn transient_token_endpoint_failures_are_retried() {
    let server = MockServer::start().await;
    mount_once_then(
        &server,
        token_endpoint,
        ResponseTemplate::new(503),
        token_response("tok-1", 86400),
    )
    .await;
    mount_thing_for_token(&server, "tok-1").await;
    let client = cc_builder(&server).build().expect("valid");
    get_thing(&client, "1")
        .await
        .expect("ok after a token retry");
    assert_eq!(count(&server, "/oauth/token").await, 2);
    assert_eq!(count(&server, "/api/v2/things/1").await, 1);
}

#[tokio::test]
async fn unreachable_token_endpoint_is_an_auth_error() {
    let unreachable = unreachable_base_url();
    let client = Client::builder()
        .base_url(unreachable.clone())
        .login_url(unreachable)
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("valid");
    let err = get_thing(&client, "1").await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(err.is_retryable());
    assert!(!format!("{err} {err:?}").contains(CLIENT_SECRET));
}

#[tokio::test]
async fn debug_output_never_shows_secrets() {
    let server = MockServer::start().await;
    let builder = cc_builder(&server).default_header("X-Api-Key", "header-secret-123");
    let builder_debug = format!("{builder:?}");
    let client = builder.build().expect("valid");
    let bearer = bearer_builder(&server.uri(), "bearer-secret-456")
        .build()
        .expect("valid");
    let provider = ClientCredentialsProvider::new(
        reqwest::Client::new(),
        &server.uri(),
        CLIENT_ID,
        CLIENT_SECRET,
    );
    let outputs = [
        builder_debug,
        format!("{client:?}"),
        format!("{bearer:?}"),
        format!("{provider:?}"),
        format!(
            "{:?}",
            Credentials::client_credentials(CLIENT_ID, CLIENT_SECRET)
        ),
        format!("{:?}", Credentials::bearer_token("bearer-secret-456")),
        format!("{:?}", Secret::new(CLIENT_SECRET)),
        format!(
            "{:?}",
            AccessToken::new("bearer-secret-456").with_expires_in(Duration::from_secs(5))
        ),
        format!(
            "{:?}",
            get_thing(&client, "1").header("X-Other", "header-secret-123")
        ),
    ];
    for output in &outputs {
        for secret in [CLIENT_SECRET, "bearer-secret-456", "header-secret-123"] {
            assert!(!output.contains(secret), "secret leaked in {output}");
        }
    }
    assert!(
        outputs[1].contains(CLIENT_ID),
        "client id is not secret: {}",
        outputs[1]
    );
    assert!(outputs[6].contains("REDACTED"));
}

/// A writer collecting everything the fmt subscriber prints.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

impl io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn logs_carry_the_path_template_but_never_tokens_secrets_or_bodies() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(capture.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    token_endpoint()
        .respond_with(token_response("tok-LOGCHECK-789", 86400))
        .mount(&server)
        .await;
    // One 503 so that the retry path logs too, then success.
    mount_once_then(
        &server,
        || Mock::given(method("GET")),
        ResponseTemplate::new(503),
        ResponseTemplate::new(200)
            .insert_header("ININ-Correlation-Id", "corr-log-1")
            .set_body_json(json!({ "id": "1", "note": "BODY-MARKER" })),
    )
    .await;
    let client = cc_builder(&server).build().expect("valid");
    get_thing(&client, "private-id-42").await.expect("ok");

    let logs = capture.text();
    assert!(logs.contains("genesys.request"), "{logs}");
    assert!(
        logs.contains("operation=\"getThing\"") || logs.contains("operation=getThing"),
        "{logs}"
    );
    assert!(
        logs.contains("/api/v2/things/{thingId}"),
        "span carries the template: {logs}"
    );
    assert!(logs.contains("retrying request"), "{logs}");
    assert!(logs.contains("corr-log-1"), "{logs}");
    // Each attempt has its own span; the request's span counts them once.
    assert!(logs.contains("attempts=2"), "{logs}");
    assert!(
        !logs
            .lines()
            .any(|l| l.contains("attempt=1") && l.contains("attempt=2")),
        "attempts pile up in one span: {logs}"
    );
    for forbidden in [
        "tok-LOGCHECK-789",
        CLIENT_SECRET,
        "dGVzdC1jbGllbnQ6",
        "private-id-42",
        "BODY-MARKER",
    ] {
        assert!(
            !logs.contains(forbidden),
            "`{forbidden}` leaked into logs:\n{logs}"
        );
    }

    // With log_bodies the body shows up, the token still does not.
    let verbose = cc_builder(&server).log_bodies(true).build().expect("valid");
    get_thing(&verbose, "1").await.expect("ok");
    let logs = capture.text();
    assert!(logs.contains("BODY-MARKER"), "{logs}");
    assert!(!logs.contains("tok-LOGCHECK-789"));
    assert!(!logs.contains(CLIENT_SECRET));
}

/// A provider that counts calls and hands out numbered tokens.
#[derive(Default)]
struct CountingProvider {
    calls: AtomicUsize,
    invalidations: AtomicUsize,
}

impl TokenProvider for CountingProvider {
    fn token(&self) -> BoxFuture<'_, genesys_cloud::Result<AccessToken>> {
        let generation = self.invalidations.load(Ordering::SeqCst);
        self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { Ok(AccessToken::new(format!("custom-{generation}"))) })
    }
    fn invalidate(&self, _token: &AccessToken) {
        self.invalidations.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn custom_token_providers_plug_in_and_are_invalidated_on_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer custom-0"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    mount_thing_for_token(&server, "custom-1").await;
    let provider = Arc::new(CountingProvider::default());
    let client = Client::builder()
        .base_url(server.uri())
        .token_provider(provider.clone())
        .build()
        .expect("valid");
    get_thing(&client, "1")
        .await
        .expect("ok after invalidation");
    assert_eq!(provider.invalidations.load(Ordering::SeqCst), 1);
}

//! User grants against a loopback login server: the authorization code grant (also with PKCE
//! through a loopback redirect listener), refresh tokens
//! (early refresh, rotation, failure, concurrency, a 401), the SAML2 bearer grant and a
//! `TokenStore`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use genesys_cloud::runtime::{Error, Secret, StoredTokens, TokenProvider, TokenStore, UserLogin};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

mod common;
use common::{bearer_builder, get_thing, mount_once_then, ok_body};

const CLIENT_ID: &str = "test-client";
const CLIENT_SECRET: &str = "test-secret-XYZZY";
/// base64("test-client:test-secret-XYZZY")
const BASIC: &str = "Basic dGVzdC1jbGllbnQ6dGVzdC1zZWNyZXQtWFlaWlk=";

fn token_endpoint() -> MockBuilder {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", BASIC))
}

fn tokens(access: &str, refresh: Option<&str>, expires_in: u64) -> ResponseTemplate {
    let mut body =
        json!({ "access_token": access, "token_type": "bearer", "expires_in": expires_in });
    if let Some(refresh) = refresh {
        body["refresh_token"] = json!(refresh);
    }
    ResponseTemplate::new(200).set_body_json(body)
}

fn refresh_with(refresh_token: &str) -> MockBuilder {
    token_endpoint().and(body_string(format!(
        "grant_type=refresh_token&refresh_token={refresh_token}"
    )))
}

fn login(server: &MockServer) -> UserLogin {
    UserLogin::new(server.uri(), CLIENT_ID).client_secret(CLIENT_SECRET)
}

/// A saved session whose access token has expired.
fn expired_session(refresh_token: &str) -> StoredTokens {
    StoredTokens {
        access_token: Secret::new("expired"),
        expires_at: Some(SystemTime::now()),
        refresh_token: Some(Secret::new(refresh_token)),
    }
}

/// Every pair of tokens saved, in order.
#[derive(Default)]
struct Saved(Mutex<Vec<StoredTokens>>);

impl TokenStore for Saved {
    fn save(&self, tokens: &StoredTokens) {
        self.0.lock().expect("not poisoned").push(tokens.clone());
    }
}

impl Saved {
    fn refresh_tokens(&self) -> Vec<Option<String>> {
        self.0
            .lock()
            .expect("not poisoned")
            .iter()
            .map(|t| {
                t.refresh_token
                    .as_ref()
                    .map(|s| s.expose_secret().to_owned())
            })
            .collect()
    }
}

#[tokio::test]
async fn the_code_grant_exchanges_the_code_and_saves_the_tokens() {
    let server = MockServer::start().await;
    token_endpoint()
        .and(body_string(
            "grant_type=authorization_code&code=c%2F1%3D&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback",
        ))
        .respond_with(tokens("access-1", Some("refresh-1"), 3600))
        .expect(1)
        .mount(&server)
        .await;
    let store = Arc::new(Saved::default());
    let provider = login(&server)
        .token_store(store.clone())
        .authorization_code("c/1=", "http://127.0.0.1:8765/callback")
        .await
        .expect("the code is exchanged");
    let token = provider.token().await.expect("a token");
    assert_eq!(token.secret(), "access-1");
    assert_eq!(store.refresh_tokens(), [Some("refresh-1".to_owned())]);
    let debug = format!("{provider:?} {:?}", provider.stored_tokens());
    for secret in ["access-1", "refresh-1", CLIENT_SECRET] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
    server.verify().await;
}

#[tokio::test]
async fn a_token_near_expiry_is_refreshed_early_and_rotation_is_honoured() {
    let server = MockServer::start().await;
    // Lifetimes of 2 s with the default 60 s margin (capped at half the lifetime): refreshed
    // after about a second.
    token_endpoint()
        .and(body_string(
            "grant_type=authorization_code&code=c&redirect_uri=r",
        ))
        .respond_with(tokens("access-1", Some("refresh-1"), 2))
        .mount(&server)
        .await;
    refresh_with("refresh-1")
        .respond_with(tokens("access-2", Some("refresh-2"), 2))
        .expect(1)
        .mount(&server)
        .await;
    // The rotated token is the one used next; the old one would be rejected.
    refresh_with("refresh-2")
        .respond_with(tokens("access-3", None, 3600))
        .expect(1)
        .mount(&server)
        .await;
    let store = Arc::new(Saved::default());
    let provider = login(&server)
        .token_store(store.clone())
        .authorization_code("c", "r")
        .await
        .expect("logged in");
    assert_eq!(provider.token().await.expect("token").secret(), "access-1");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(provider.token().await.expect("token").secret(), "access-2");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(provider.token().await.expect("token").secret(), "access-3");
    // Without a new refresh token in the answer the last one stays.
    assert_eq!(
        store.refresh_tokens(),
        [
            Some("refresh-1".to_owned()),
            Some("refresh-2".to_owned()),
            Some("refresh-2".to_owned())
        ]
    );
    server.verify().await;
}

#[tokio::test]
async fn concurrent_callers_share_one_refresh() {
    let server = MockServer::start().await;
    refresh_with("refresh-1")
        .respond_with(
            tokens("access-2", Some("refresh-2"), 3600).set_delay(Duration::from_millis(100)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let provider = Arc::new(login(&server).restore(expired_session("refresh-1")));
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let provider = provider.clone();
            tokio::spawn(async move { provider.token().await })
        })
        .collect();
    for task in tasks {
        let token = task.await.expect("joins").expect("a token");
        assert_eq!(token.secret(), "access-2");
    }
    server.verify().await;
}

#[tokio::test]
async fn a_rejected_refresh_token_says_to_log_in_again() {
    let server = MockServer::start().await;
    refresh_with("refresh-old")
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({ "error": "invalid_grant", "description": "token revoked" })),
        )
        .mount(&server)
        .await;
    let provider = login(&server).restore(expired_session("refresh-old"));
    let err = provider.token().await.expect_err("the refresh fails");
    let Error::Auth(auth) = &err else {
        panic!("not an auth error: {err:?}");
    };
    assert!(auth.message.contains("log the user in again"), "{err}");
    assert_eq!(auth.error.as_deref(), Some("invalid_grant"));
    assert!(!format!("{err} {err:?}").contains("refresh-old"));
}

#[tokio::test]
async fn a_restored_session_is_used_without_a_login_and_refreshed_after_a_401() {
    let server = MockServer::start().await;
    refresh_with("refresh-1")
        .respond_with(tokens("access-2", Some("refresh-2"), 3600))
        .expect(1)
        .mount(&server)
        .await;
    mount_once_then(
        &server,
        || Mock::given(method("GET")).and(path("/api/v2/things/1")),
        ResponseTemplate::new(401),
        ok_body(),
    )
    .await;
    let provider = login(&server).restore(StoredTokens {
        access_token: Secret::new("access-1"),
        expires_at: Some(SystemTime::now() + Duration::from_secs(3600)),
        refresh_token: Some(Secret::new("refresh-1")),
    });
    let client = bearer_builder(&server.uri(), "unused")
        .token_provider(Arc::new(provider))
        .build()
        .expect("valid");
    get_thing(&client, "1")
        .await
        .expect("succeeds after refreshing");
    let auth: Vec<String> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == "/api/v2/things/1")
        .filter_map(|r| {
            r.headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(auth, ["Bearer access-1", "Bearer access-2"]);
    server.verify().await;
}

#[tokio::test]
async fn the_saml2_bearer_grant_has_no_refresh() {
    let server = MockServer::start().await;
    token_endpoint()
        .and(body_string(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Asaml2-bearer&orgName=my-org&assertion=PHNhbWw%2B%3D",
        ))
        .respond_with(tokens("access-saml", None, 2))
        .expect(1)
        .mount(&server)
        .await;
    let provider = login(&server)
        .saml2_bearer("my-org", &Secret::new("PHNhbWw+="))
        .await
        .expect("the assertion is exchanged");
    assert_eq!(
        provider.token().await.expect("token").secret(),
        "access-saml"
    );
    // Past half its 2 s lifetime there is nothing to refresh with.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let err = provider.token().await.expect_err("expired");
    assert!(err.to_string().contains("log the user in again"), "{err}");
    server.verify().await;
}

#[tokio::test]
async fn a_public_client_sends_its_id_in_the_form_and_no_basic_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string(
            "grant_type=refresh_token&refresh_token=refresh-1&client_id=test-client",
        ))
        .respond_with(tokens("access-2", None, 3600))
        .expect(1)
        .mount(&server)
        .await;
    let provider = UserLogin::new(server.uri(), CLIENT_ID).restore(expired_session("refresh-1"));
    assert_eq!(provider.token().await.expect("token").secret(), "access-2");
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(
        requests
            .iter()
            .all(|r| !r.headers.contains_key("authorization"))
    );
    server.verify().await;
}

/// Plays the browser: signs in at the authorize URL by following the redirect to the loopback
/// listener with `code` and the given `state` (the URL's own when `None`).
fn browser(state: Option<&'static str>) -> impl FnOnce(&str) {
    move |authorize_url: &str| {
        let url = reqwest::Url::parse(authorize_url).expect("an absolute authorize URL");
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_else(|| panic!("no {name} in {url}"))
        };
        assert_eq!(param("response_type"), "code");
        assert_eq!(param("client_id"), CLIENT_ID);
        assert_eq!(param("code_challenge_method"), "S256");
        let state = state.map_or_else(|| param("state"), str::to_owned);
        let redirect = format!("{}?code=the-code&state={state}", param("redirect_uri"));
        tokio::spawn(async move {
            // A stray request first, as browsers ask for a favicon.
            let origin = redirect
                .split("/callback")
                .next()
                .unwrap_or_default()
                .to_owned();
            let _ = reqwest::get(format!("{origin}/favicon.ico")).await;
            reqwest::get(redirect).await.expect("the listener answers")
        });
    }
}

#[tokio::test]
async fn the_loopback_pkce_login_checks_the_state_and_sends_the_verifier() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(tokens("access-pkce", Some("refresh-pkce"), 3600))
        .expect(1)
        .mount(&server)
        .await;
    let mut challenge = None;
    let provider = UserLogin::new(server.uri(), CLIENT_ID)
        .login_with_loopback(0, |url| {
            let parsed = reqwest::Url::parse(url).expect("absolute");
            challenge = parsed
                .query_pairs()
                .find(|(k, _)| k == "code_challenge")
                .map(|(_, v)| v.into_owned());
            browser(None)(url);
        })
        .await
        .expect("the login completes");
    assert_eq!(
        provider.token().await.expect("token").secret(),
        "access-pkce"
    );

    let requests = server.received_requests().await.unwrap_or_default();
    let body = String::from_utf8_lossy(&requests[0].body).into_owned();
    let form: Vec<(String, String)> = reqwest::Url::parse(&format!("http://x/?{body}"))
        .expect("a form")
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let value = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no {name} in {body}"))
    };
    assert_eq!(value("grant_type"), "authorization_code");
    assert_eq!(value("code"), "the-code");
    assert_eq!(value("client_id"), CLIENT_ID);
    assert!(value("redirect_uri").starts_with("http://127.0.0.1:"));
    // S256: the challenge in the authorize URL is base64url(SHA-256(verifier)).
    use base64::Engine as _;
    let digest = ring::digest::digest(&ring::digest::SHA256, value("code_verifier").as_bytes());
    assert_eq!(
        challenge.as_deref(),
        Some(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(digest)
                .as_str()
        )
    );
    server.verify().await;
}

#[tokio::test]
async fn a_redirect_with_a_wrong_state_is_refused_and_its_code_not_used() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(tokens("access-pkce", None, 3600))
        .expect(0)
        .mount(&server)
        .await;
    let err = UserLogin::new(server.uri(), CLIENT_ID)
        .login_with_loopback(0, browser(Some("forged")))
        .await
        .expect_err("a forged state is refused");
    assert!(err.to_string().contains("state"), "{err}");
    server.verify().await;
}

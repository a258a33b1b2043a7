//! Access tokens and where they come from.
//!
//! The client asks a [`TokenProvider`] for a token before every request. Three come with the
//! crate:
//!
//! * [`StaticTokenProvider`]: a bearer token you already have (e.g. from an implicit-grant or
//!   code-grant login handled elsewhere);
//! * [`ClientCredentialsProvider`]: the OAuth client-credentials grant, with caching, refresh
//!   ahead of expiry and single-flight refresh;
//! * [`UserTokenProvider`](super::UserTokenProvider): a user's session from the authorization
//!   code or SAML2 bearer grant ([`UserLogin`](super::UserLogin)), refreshed with its refresh
//!   token;
//! * anything implementing [`TokenProvider`] yourself (a token shared by several processes, …).
//!
//! Secrets are wrapped in [`Secret`], whose `Debug` output is redacted.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex as StdMutex, MutexGuard};
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, USER_AGENT};
use serde_json::Value;

use super::error::{AuthError, Error, Result, correlation_id, retry_after};

/// A boxed, `Send` future, as returned by object-safe async traits such as [`TokenProvider`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A string that must not leak: its `Debug` output is `Secret("[REDACTED]")` and it has no
/// `Display`. Use [`Secret::expose_secret`] to read it.
///
/// ```
/// use genesys_cloud::runtime::Secret;
/// let s = Secret::new("hunter2");
/// assert_eq!(format!("{s:?}"), r#"Secret("[REDACTED]")"#);
/// assert_eq!(s.expose_secret(), "hunter2");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret string.
    pub fn new(secret: impl Into<String>) -> Self {
        Secret(secret.into())
    }

    /// The secret value. Don't log it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"[REDACTED]\")")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}

/// An OAuth access token and when it expires. `Debug` never shows the token.
///
/// Two tokens are equal when their token strings are, whatever their expiry.
#[derive(Clone)]
pub struct AccessToken {
    token: Secret,
    expires_at: Option<Instant>,
}

impl AccessToken {
    /// A token without a known expiry (used until the API answers `401`).
    pub fn new(token: impl Into<Secret>) -> Self {
        AccessToken {
            token: token.into(),
            expires_at: None,
        }
    }

    /// Sets the expiry to `expires_in` from now.
    pub fn with_expires_in(mut self, expires_in: Duration) -> Self {
        self.expires_at = Instant::now().checked_add(expires_in);
        self
    }

    /// Sets the expiry instant.
    pub fn with_expires_at(mut self, expires_at: Instant) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// The token, to put in `Authorization: Bearer …`. Don't log it.
    pub fn secret(&self) -> &str {
        self.token.expose_secret()
    }

    /// When the token expires, if known.
    pub fn expires_at(&self) -> Option<Instant> {
        self.expires_at
    }
}

impl PartialEq for AccessToken {
    fn eq(&self, other: &Self) -> bool {
        self.token == other.token
    }
}

impl Eq for AccessToken {}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expires_in = self
            .expires_at
            .map(|at| at.saturating_duration_since(Instant::now()));
        f.debug_struct("AccessToken")
            .field("token", &self.token)
            .field("expires_in", &expires_in)
            .finish()
    }
}

/// A source of access tokens. Object safe: the client holds an `Arc<dyn TokenProvider>`.
///
/// Implementations should cache the token and must be safe to call from many tasks at once.
///
/// ```
/// use genesys_cloud::runtime::{AccessToken, BoxFuture, TokenProvider};
///
/// /// Reads the token from a place another process keeps up to date.
/// struct FromEnv;
///
/// impl TokenProvider for FromEnv {
///     fn token(&self) -> BoxFuture<'_, genesys_cloud::Result<AccessToken>> {
///         Box::pin(async {
///             std::env::var("GENESYS_TOKEN")
///                 .map(AccessToken::new)
///                 .map_err(|_| genesys_cloud::runtime::AuthError::new("GENESYS_TOKEN is not set").into())
///         })
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync {
    /// Returns a valid token, fetching or refreshing it when needed.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken>>;

    /// Tells the provider that the API rejected `token` (HTTP 401), so the next
    /// [`token`](Self::token) call must not return it again. The default does nothing.
    ///
    /// After a 401 the client invalidates the token, asks for a new one and repeats the
    /// request once if the new token differs.
    fn invalidate(&self, token: &AccessToken) {
        let _ = token;
    }
}

/// A fixed bearer token.
#[derive(Clone)]
pub struct StaticTokenProvider {
    token: AccessToken,
}

impl StaticTokenProvider {
    /// Wraps a token.
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticTokenProvider {
            token: AccessToken::new(token),
        }
    }
}

impl fmt::Debug for StaticTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticTokenProvider")
            .field("token", &self.token)
            .finish()
    }
}

impl TokenProvider for StaticTokenProvider {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken>> {
        let token = self.token.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// The default margin before expiry at which a cached client-credentials token is refreshed.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

#[derive(Clone)]
struct CachedToken {
    token: AccessToken,
    /// When to fetch a new one (a margin before expiry); `None` = never, until invalidated.
    refresh_at: Option<Instant>,
}

/// The OAuth 2 client-credentials grant against Genesys Cloud's login host.
///
/// `POST <login_url>/oauth/token` with `grant_type=client_credentials` and the client id and
/// secret as HTTP Basic credentials. The token is cached and refreshed
/// [a margin](Self::with_refresh_margin) (default 60 s, at most half the token's lifetime)
/// before it expires. When many tasks need a token at the same moment only one request is made:
/// the others wait for it.
pub struct ClientCredentialsProvider {
    endpoint: TokenEndpoint,
    client_id: String,
    client_secret: Secret,
    refresh_margin: Duration,
    cache: StdMutex<Option<CachedToken>>,
    refresh: tokio::sync::Mutex<()>,
}

impl fmt::Debug for ClientCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentialsProvider")
            .field("token_url", &self.endpoint.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl ClientCredentialsProvider {
    /// A provider fetching tokens from `login_url` (e.g. `https://login.mypurecloud.ie`, see
    /// [`Region::login_url`](super::Region::login_url)) with the given HTTP client.
    pub fn new(
        http: reqwest::Client,
        login_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        ClientCredentialsProvider {
            endpoint: TokenEndpoint::new(http, login_url),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            cache: StdMutex::new(None),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// Sets how long before expiry the token is refreshed (default 60 s; never more than half
    /// the token's lifetime).
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Sets the timeout of a token request (default 60 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.endpoint.timeout = timeout;
        self
    }

    /// Sets the `User-Agent` of token requests.
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.endpoint.user_agent = user_agent.into();
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    fn cache(&self) -> MutexGuard<'_, Option<CachedToken>> {
        // A poisoned lock only means another thread panicked while holding it; the cached
        // value itself is always consistent.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn cached_fresh(&self) -> Option<AccessToken> {
        let cache = self.cache();
        let cached = cache.as_ref()?;
        match cached.refresh_at {
            Some(at) if Instant::now() >= at => None,
            _ => Some(cached.token.clone()),
        }
    }

    async fn get_token(&self) -> Result<AccessToken> {
        if let Some(token) = self.cached_fresh() {
            return Ok(token);
        }
        // Single flight: one task refreshes, the others wait here and then find the new token.
        let _refreshing = self.refresh.lock().await;
        if let Some(token) = self.cached_fresh() {
            return Ok(token);
        }
        let fetched = self.fetch().await?;
        let token = fetched.token.clone();
        *self.cache() = Some(fetched);
        Ok(token)
    }

    async fn fetch(&self) -> Result<CachedToken> {
        tracing::debug!(token_url = %self.endpoint.token_url, client_id = %self.client_id, "requesting access token (client credentials)");
        let granted = self
            .endpoint
            .post(
                Some((&self.client_id, &self.client_secret)),
                &[("grant_type", "client_credentials")],
            )
            .await?;
        let refresh_at = granted.refresh_at(self.refresh_margin);
        Ok(CachedToken {
            token: granted.token,
            refresh_at,
        })
    }
}

/// Genesys Cloud's OAuth token endpoint, `<login_url>/oauth/token`: one form POST per grant.
#[derive(Clone)]
pub(crate) struct TokenEndpoint {
    http: reqwest::Client,
    pub(crate) token_url: String,
    timeout: Duration,
    user_agent: String,
}

/// A token endpoint's answer.
pub(crate) struct Granted {
    pub(crate) token: AccessToken,
    /// When the request started (the server's clock started no earlier) and the lifetime it gave.
    started: Instant,
    lifetime: Option<Duration>,
    /// The refresh token, for grants that issue one.
    pub(crate) refresh_token: Option<Secret>,
}

impl Granted {
    /// When to fetch a new token: `margin` before expiry, never more than half the lifetime; `None` when the
    /// lifetime is unknown.
    pub(crate) fn refresh_at(&self, margin: Duration) -> Option<Instant> {
        let lifetime = self.lifetime?;
        self.started
            .checked_add(lifetime.saturating_sub(margin.min(lifetime / 2)))
    }
}

impl TokenEndpoint {
    pub(crate) fn new(http: reqwest::Client, login_url: &str) -> Self {
        TokenEndpoint {
            http,
            token_url: format!("{}/oauth/token", login_url.trim_end_matches('/')),
            timeout: Duration::from_secs(60),
            user_agent: super::parts::default_user_agent().to_owned(),
        }
    }

    pub(crate) fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub(crate) fn with_http(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    pub(crate) fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Posts `form` (values percent-encoded here), with the client's id and secret as HTTP Basic credentials
    /// when given, and reads the token response.
    pub(crate) async fn post(
        &self,
        basic: Option<(&str, &Secret)>,
        form: &[(&str, &str)],
    ) -> Result<Granted> {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", super::parts::encode_query_component(v)))
            .collect::<Vec<_>>()
            .join("&");
        let started = Instant::now();
        let mut request = self
            .http
            .post(&self.token_url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, &self.user_agent)
            .body(body)
            .timeout(self.timeout);
        if let Some((id, secret)) = basic {
            request = request.basic_auth(id, Some(secret.expose_secret()));
        }
        let response = request.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(e))?;
        if !status.is_success() {
            return Err(token_error(status, &headers, &body).into());
        }
        let invalid = |message: String| {
            let mut err = AuthError::new(message);
            err.status = Some(status);
            err.correlation_id = correlation_id(&headers);
            Error::from(err)
        };
        let value: Value = serde_json::from_slice(&body)
            .map_err(|e| invalid(format!("the token endpoint returned invalid JSON ({e})")))?;
        let text = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
        };
        let access_token = text("access_token")
            .ok_or_else(|| invalid("the token response has no `access_token`".to_owned()))?;
        let lifetime = match value.get("expires_in") {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .filter(|s| s.is_finite() && *s >= 0.0 && *s < 1.0e10)
        .map(Duration::from_secs_f64);
        let mut token = AccessToken::new(access_token);
        // An absurd lifetime that overflows `Instant` is treated as "no known expiry".
        if let Some(expires_at) = lifetime.and_then(|l| started.checked_add(l)) {
            token = token.with_expires_at(expires_at);
        }
        tracing::debug!(
            expires_in_secs = lifetime.map(|d| d.as_secs()),
            "obtained access token"
        );
        Ok(Granted {
            token,
            started,
            lifetime,
            refresh_token: text("refresh_token").map(Secret::new),
        })
    }

    fn transport_error(&self, e: reqwest::Error) -> Error {
        let what = if e.is_timeout() {
            format!("the token request to {} timed out", self.token_url)
        } else {
            format!("could not reach the token endpoint {}", self.token_url)
        };
        AuthError::new(what)
            .with_transient(true)
            .with_source(e.without_url())
            .into()
    }
}

fn token_error(status: reqwest::StatusCode, headers: &HeaderMap, body: &[u8]) -> AuthError {
    let mut err = AuthError::new("the token endpoint rejected the request");
    err.status = Some(status);
    err.correlation_id = correlation_id(headers);
    err.retry_after = retry_after(headers);
    if let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) {
        let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_owned);
        err.error = text("error").or_else(|| text("code"));
        err.description = text("error_description")
            .or_else(|| text("description"))
            .or_else(|| text("message"));
    }
    err
}

impl TokenProvider for ClientCredentialsProvider {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken>> {
        Box::pin(self.get_token())
    }

    fn invalidate(&self, token: &AccessToken) {
        let mut cache = self.cache();
        // Only drop the cached token if it is the rejected one: another task may already have
        // replaced it.
        if cache.as_ref().is_some_and(|c| &c.token == token) {
            *cache = None;
        }
    }
}

/// How the client authenticates. Pass to [`ClientBuilder::credentials`](super::ClientBuilder::credentials),
/// or use the builder's shortcuts (`bearer_token`, `client_credentials`, `token_provider`).
#[derive(Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// A fixed bearer token.
    BearerToken(Secret),
    /// The OAuth client-credentials grant.
    ClientCredentials {
        /// The OAuth client id.
        client_id: String,
        /// The OAuth client secret.
        client_secret: Secret,
    },
    /// A custom token provider.
    Provider(Arc<dyn TokenProvider>),
}

impl Credentials {
    /// Client-credentials grant credentials.
    pub fn client_credentials(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        Credentials::ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    /// A fixed bearer token.
    pub fn bearer_token(token: impl Into<Secret>) -> Self {
        Credentials::BearerToken(token.into())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::BearerToken(token) => f.debug_tuple("BearerToken").field(token).finish(),
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => f
                .debug_struct("ClientCredentials")
                .field("client_id", client_id)
                .field("client_secret", client_secret)
                .finish(),
            Credentials::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

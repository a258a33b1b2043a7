//! The HTTP client: configuration, authentication, retries, timeouts and tracing around every
//! API call.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use reqwest::{StatusCode, Url};
use tracing::field::Empty;
use tracing::{Instrument, Span};

use super::auth::{
    AccessToken, BoxFuture, ClientCredentialsProvider, Credentials, DEFAULT_REFRESH_MARGIN, Secret,
    StaticTokenProvider, TokenProvider,
};
use super::error::{ApiError, Error, Result, correlation_id, truncate_lossy};
use super::multipart::Multipart;
use super::operation::OperationMeta;
use super::parts::RequestParts;
pub use super::parts::default_user_agent;
use super::region::Region;
use super::retry::{self, Failure, RetryPolicy};

/// The default request timeout (whole exchange, from connecting to the end of the body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// At most this many bytes of a body are logged when [`ClientBuilder::log_bodies`] is on.
const MAX_LOGGED_BODY: usize = 16 * 1024;

/// A successful HTTP response before decoding.
#[derive(Clone, Debug)]
pub struct RawResponse {
    /// The status (2xx).
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The response body.
    pub body: Bytes,
}

/// A Genesys Cloud API client. Cheap to clone (an `Arc` inside); share one per application.
///
/// ```no_run
/// # async fn run() -> genesys_cloud::Result<()> {
/// use genesys_cloud::{Client, Region};
///
/// let client = Client::builder()
///     .region(Region::EuWest1)
///     .client_credentials("my-client-id", "my-client-secret")
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    /// `base` without a trailing slash, for concatenation with `/api/v2/...`.
    base_url: String,
    login_url: Option<String>,
    tokens: Arc<dyn TokenProvider>,
    credentials: String,
    /// Whether the credentials are the client-credentials grant, whose tokens have no user.
    without_user: bool,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    headers: HeaderMap,
    log_bodies: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &i.base_url)
            .field("login_url", &i.login_url)
            .field("credentials", &i.credentials)
            .field("retry", &i.retry)
            .field("timeout", &i.timeout)
            .field("connect_timeout", &i.connect_timeout)
            .field("log_bodies", &i.log_bodies)
            .finish_non_exhaustive()
    }
}

/// The result of one attempt.
enum Attempt {
    Success(RawResponse),
    /// HTTP 401 with the token that was rejected.
    Unauthorized(AccessToken, Error),
    /// A failure; `Some` when it may be retried depending on the method and the policy.
    Failed(Error, Option<Failure>),
}

/// A request ready to go out, built once and reused by every attempt.
struct Prepared {
    method: reqwest::Method,
    url: Url,
    headers: HeaderMap,
    body: Option<Bytes>,
    /// A multipart body, written anew for each attempt.
    multipart: Option<Multipart>,
    timeout: Duration,
}

impl Client {
    /// A builder; see [`ClientBuilder`] for the options and defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The API base URL, without a trailing slash (e.g. `https://api.mypurecloud.com`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The OAuth login base URL, when known.
    pub fn login_url(&self) -> Option<&str> {
        self.inner.login_url.as_deref()
    }

    /// The client's default retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The client's default request timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The token provider.
    pub fn token_provider(&self) -> &Arc<dyn TokenProvider> {
        &self.inner.tokens
    }

    /// Executes a request: authenticates, sends, retries per policy, and returns the raw 2xx
    /// response (any other status becomes [`Error::Api`]).
    ///
    /// This is the single non-generic entry point all operations go through. The future holds
    /// its own handle to the client, so it can be spawned.
    pub fn execute(&self, parts: RequestParts) -> BoxFuture<'static, Result<RawResponse>> {
        let meta = parts.meta();
        let span = tracing::info_span!(
            "genesys.request",
            operation = meta.method_name,
            http.method = meta.http_method.as_str(),
            path = meta.path,
            attempts = Empty,
            status = Empty,
            correlation_id = Empty,
        );
        let client = self.clone();
        let record = span.clone();
        Box::pin(
            async move {
                let mut attempts = 0;
                let result = client.run(parts, &mut attempts).await;
                // Recorded once, at the end: a field recorded per attempt would pile up in the span.
                record.record("attempts", attempts);
                let (status, correlation) = match &result {
                    Ok(response) => (Some(response.status), correlation_id(&response.headers)),
                    Err(error) => (error.status(), error.correlation_id().map(str::to_owned)),
                };
                if let Some(status) = status {
                    record.record("status", status.as_u16());
                }
                if let Some(id) = &correlation {
                    record.record("correlation_id", id.as_str());
                }
                tracing::debug!(attempts, "request finished");
                result
            }
            .instrument(span),
        )
    }

    /// The attempts of one call; each runs in a `genesys.attempt` span of its own, with its number and status.
    async fn run(&self, parts: RequestParts, attempt: &mut u32) -> Result<RawResponse> {
        let meta = parts.meta();
        let prepared = self.prepare(&parts)?;
        let policy = parts.retry_policy().unwrap_or(&self.inner.retry);
        if self.inner.log_bodies {
            if let Some(body) = &prepared.body {
                tracing::debug!(body = %truncate_lossy(body, MAX_LOGGED_BODY), "request body");
            }
        }
        let started = Instant::now();
        let mut retries: u32 = 0;
        let mut refreshed = false;
        loop {
            *attempt += 1;
            let span = tracing::info_span!(
                "genesys.attempt",
                attempt = *attempt,
                status = Empty,
                correlation_id = Empty,
            );
            let outcome = self
                .attempt(&prepared, meta, &span)
                .instrument(span.clone())
                .await;
            let (error, failure) = match outcome {
                Attempt::Success(response) => return Ok(response),
                Attempt::Unauthorized(token, error) => {
                    if refreshed {
                        return Err(error);
                    }
                    refreshed = true;
                    self.inner.tokens.invalidate(&token);
                    let fresh = self.inner.tokens.token().await?;
                    if fresh == token {
                        // The provider cannot produce another token (e.g. a static one).
                        return Err(error);
                    }
                    tracing::debug!("HTTP 401: repeating the request with a refreshed token");
                    continue;
                }
                Attempt::Failed(error, Some(failure)) => (error, failure),
                Attempt::Failed(error, None) => return Err(error),
            };
            if !retry::is_retryable(failure, meta.http_method) {
                return Err(error);
            }
            let Some(delay) = policy.next_delay(retries, started.elapsed(), error.retry_after())
            else {
                return Err(error);
            };
            retries += 1;
            tracing::warn!(
                attempt = *attempt,
                retry = retries,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                error = %error,
                "retrying request"
            );
            tokio::time::sleep(delay).await;
        }
    }

    async fn attempt(&self, p: &Prepared, meta: &'static OperationMeta, span: &Span) -> Attempt {
        let op = meta.method_name;
        let token = match self.inner.tokens.token().await {
            Ok(token) => token,
            Err(error) => {
                // The API request was never sent, so a transient token failure may be retried
                // whatever the method.
                let failure = error.is_retryable().then_some(Failure::Connect);
                return Attempt::Failed(error, failure);
            }
        };
        let mut auth = match HeaderValue::try_from(format!("Bearer {}", token.secret())) {
            Ok(value) => value,
            Err(_) => {
                let error = Error::Auth(Box::new(super::error::AuthError::new(
                    "the access token contains characters not allowed in an HTTP header",
                )));
                return Attempt::Failed(error, None);
            }
        };
        auth.set_sensitive(true);

        let mut request = self
            .inner
            .http
            .request(p.method.clone(), p.url.clone())
            .headers(p.headers.clone())
            .header(AUTHORIZATION, auth)
            .timeout(p.timeout);
        if let Some(body) = &p.body {
            request = request.body(body.clone());
        }
        if let Some(form) = &p.multipart {
            // Checked by `prepare`.
            match form.to_form() {
                Ok(form) => request = request.multipart(form),
                Err(message) => return Attempt::Failed(Error::invalid_request(op, message), None),
            }
        }
        tracing::debug!("sending request");
        let started = Instant::now();
        let mut response = match request.send().await {
            Ok(response) => response,
            Err(e) => return self.transport_failure(e, op, p.timeout),
        };
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        span.record("status", status.as_u16());
        if let Some(id) = correlation_id(&headers) {
            span.record("correlation_id", id.as_str());
        }
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(e) => return self.transport_failure(e, op, p.timeout),
        };
        tracing::debug!(
            status = status.as_u16(),
            elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            body_len = body.len(),
            "received response"
        );
        if self.inner.log_bodies && !body.is_empty() {
            tracing::debug!(body = %truncate_lossy(&body, MAX_LOGGED_BODY), "response body");
        }
        if status.is_success() {
            return Attempt::Success(RawResponse {
                status,
                headers,
                body,
            });
        }
        let error = Error::from(ApiError::from_response(op, status, &headers, &body));
        if status == StatusCode::UNAUTHORIZED {
            return Attempt::Unauthorized(token, error);
        }
        Attempt::Failed(error, Some(Failure::Status(status)))
    }

    fn transport_failure(
        &self,
        e: reqwest::Error,
        operation: &'static str,
        timeout: Duration,
    ) -> Attempt {
        if e.is_builder() {
            let error = Error::invalid_request(operation, e.to_string());
            return Attempt::Failed(error, None);
        }
        let failure = if e.is_connect() {
            Failure::Connect
        } else {
            Failure::AfterSend
        };
        let error = if e.is_timeout() {
            let timeout = if e.is_connect() {
                self.inner.connect_timeout.min(timeout)
            } else {
                timeout
            };
            Error::Timeout { operation, timeout }
        } else {
            // Without the URL: it holds path parameters, which logs and errors leave out.
            Error::Transport {
                operation,
                source: e.without_url(),
            }
        };
        Attempt::Failed(error, Some(failure))
    }

    fn prepare(&self, parts: &RequestParts) -> Result<Prepared> {
        let meta = parts.meta();
        let op = meta.method_name;
        if let Some(message) = parts.error() {
            return Err(Error::invalid_request(op, message));
        }
        if self.inner.without_user && acts_as_user(meta.path) {
            return Err(Error::invalid_request(
                op,
                "this operation acts as the signed-in user (`/users/me`), and a client-credentials token has no \
                 user: log a user in (runtime::UserLogin) and use their token",
            ));
        }
        let path_and_query = parts.path_and_query()?;
        let url = self.url_for(op, &path_and_query)?;

        let mut headers = self.inner.headers.clone();
        if parts.body().is_some() {
            let content_type = parts.content_type().unwrap_or("application/json");
            let value = HeaderValue::from_str(content_type).map_err(|_| {
                Error::invalid_request(op, "invalid content type for the request body")
            })?;
            headers.insert(CONTENT_TYPE, value);
        }
        for (name, value) in parts.headers() {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::invalid_request(op, format!("invalid header name `{}`", name.escape_debug()))
            })?;
            if let Some(reason) = refused_header(&header) {
                return Err(Error::invalid_request(op, reason));
            }
            // The value is not quoted: it may be a secret.
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::invalid_request(op, format!("invalid value for header `{header}`"))
            })?;
            headers.insert(header, value);
        }
        if let Some(form) = parts.multipart() {
            form.to_form()
                .map_err(|message| Error::invalid_request(op, message))?;
            // reqwest sets it, with the boundary it writes.
            headers.remove(CONTENT_TYPE);
        }
        Ok(Prepared {
            method: meta.http_method.to_reqwest(),
            url,
            headers,
            body: parts.body().cloned(),
            multipart: parts.multipart().cloned(),
            timeout: parts.timeout().unwrap_or(self.inner.timeout),
        })
    }

    /// The absolute URL of `path_and_query` (which starts with `/`), checked to stay on the
    /// client's host and keep its path.
    fn url_for(&self, op: &'static str, path_and_query: &str) -> Result<Url> {
        if !path_and_query.starts_with('/') {
            return Err(Error::invalid_request(
                op,
                "the request path must start with `/`",
            ));
        }
        let path = path_and_query.split(['?', '#']).next().unwrap_or_default();
        if has_dot_segment(path) {
            return Err(Error::invalid_request(
                op,
                "the request path contains `.` or `..` segments that would change it",
            ));
        }
        let url = Url::parse(&format!("{}{}", self.inner.base_url, path_and_query))
            .map_err(|e| Error::invalid_request(op, format!("invalid request URL: {e}")))?;
        if url.origin() != self.inner.base.origin() {
            return Err(Error::invalid_request(
                op,
                "the request URL leaves the API host",
            ));
        }
        Ok(url)
    }

    /// Turns a pagination link (`nextUri`) into a path and query relative to the base URL.
    /// Absolute links are accepted only on the client's own origin (so the token never goes to
    /// another host).
    pub(crate) fn resolve_link(&self, op: &'static str, link: &str) -> Result<String> {
        let link = link.trim();
        if link.starts_with('/') && !link.starts_with("//") {
            return Ok(link.to_owned());
        }
        let url = Url::parse(link).map_err(|_| {
            Error::invalid_request(op, "the server sent an invalid pagination link")
        })?;
        if url.origin() != self.inner.base.origin() {
            return Err(Error::invalid_request(
                op,
                "the server sent a pagination link to another host; not following it",
            ));
        }
        let mut rel = url.path().to_owned();
        let prefix = self.inner.base.path().trim_end_matches('/');
        if !prefix.is_empty() {
            if let Some(stripped) = rel.strip_prefix(prefix) {
                rel = stripped.to_owned();
            }
        }
        if let Some(query) = url.query() {
            rel.push('?');
            rel.push_str(query);
        }
        Ok(rel)
    }
}

/// Configures and builds a [`Client`].
///
/// # Defaults
///
/// | option | default |
/// | --- | --- |
/// | [`region`](Self::region) | [`Region::UsEast1`] (`https://api.mypurecloud.com`, `https://login.mypurecloud.com`) |
/// | [`retry_policy`](Self::retry_policy) | [`RetryPolicy::default()`]: 3 retries, 200 ms base backoff with full jitter, 10 s max backoff, 30 s total budget |
/// | [`timeout`](Self::timeout) | 60 s per request (connect + send + whole response body), per attempt; longer than the retry budget, so a timed-out attempt is not retried (see [`timeout`](Self::timeout)) |
/// | [`connect_timeout`](Self::connect_timeout) | 10 s |
/// | [`user_agent`](Self::user_agent) | `genesys-cloud-rust/<version>` |
/// | [`log_bodies`](Self::log_bodies) | off |
/// | [`token_refresh_margin`](Self::token_refresh_margin) | 60 s (at most half the token lifetime) |
///
/// Credentials are required: one of [`bearer_token`](Self::bearer_token),
/// [`client_credentials`](Self::client_credentials), [`token_provider`](Self::token_provider)
/// or [`credentials`](Self::credentials).
///
/// # TLS
///
/// Connections use rustls. A base or login URL must be `https://`, except on loopback
/// (`localhost`, `127.0.0.0/8`, `::1`), where `http://` is accepted for tests and local
/// gateways.
///
/// ```
/// use std::time::Duration;
/// use genesys_cloud::{Client, Region, RetryPolicy};
///
/// let client = Client::builder()
///     .region(Region::ApSoutheast2)
///     .client_credentials("id", "secret")
///     .timeout(Duration::from_secs(30))
///     .retry_policy(RetryPolicy::default().with_max_retries(5))
///     .default_header("X-Team", "support-tools")
///     .user_agent("my-app/1.2")
///     .build()?;
/// assert_eq!(client.base_url(), "https://api.mypurecloud.com.au");
/// # Ok::<(), genesys_cloud::Error>(())
/// ```
pub struct ClientBuilder {
    region: Region,
    base_url: Option<String>,
    login_url: Option<String>,
    credentials: Option<Credentials>,
    retry_policy: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    default_headers: Vec<(String, String)>,
    user_agent: Option<String>,
    log_bodies: bool,
    http_client: Option<reqwest::Client>,
    token_refresh_margin: Duration,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self
            .default_headers
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("base_url", &self.base_url)
            .field("login_url", &self.login_url)
            .field("credentials", &self.credentials)
            .field("retry_policy", &self.retry_policy)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("default_headers", &header_names)
            .field("user_agent", &self.user_agent)
            .field("log_bodies", &self.log_bodies)
            .field("http_client", &self.http_client.is_some())
            .field("token_refresh_margin", &self.token_refresh_margin)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// A builder with the defaults listed above.
    pub fn new() -> Self {
        ClientBuilder {
            region: Region::default(),
            base_url: None,
            login_url: None,
            credentials: None,
            retry_policy: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            default_headers: Vec::new(),
            user_agent: None,
            log_bodies: false,
            http_client: None,
            token_refresh_margin: DEFAULT_REFRESH_MARGIN,
        }
    }

    /// The Genesys Cloud region: sets the API and login URLs unless overridden by
    /// [`base_url`](Self::base_url) / [`login_url`](Self::login_url).
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// A custom API base URL (a gateway, a test server). It may have a path prefix
    /// (`https://gateway.example.com/genesys`). Unless [`login_url`](Self::login_url) is set,
    /// the login URL is derived by replacing a leading `api.` of the host with `login.`;
    /// otherwise client credentials need an explicit login URL.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A custom OAuth login base URL; the token endpoint is `<login_url>/oauth/token`.
    pub fn login_url(mut self, url: impl Into<String>) -> Self {
        self.login_url = Some(url.into());
        self
    }

    /// Authenticate with a fixed bearer token.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.credentials(Credentials::BearerToken(Secret::new(token)))
    }

    /// Authenticate with the OAuth client-credentials grant.
    pub fn client_credentials(
        self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials(Credentials::client_credentials(
            client_id,
            Secret::new(client_secret),
        ))
    }

    /// Authenticate with a custom token provider (code grant, PKCE, shared cache, …).
    pub fn token_provider(self, provider: Arc<dyn TokenProvider>) -> Self {
        self.credentials(Credentials::Provider(provider))
    }

    /// Sets the credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The default retry policy (overridable per request). See [`RetryPolicy`] for defaults.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// The per-request timeout (default 60 s), covering connecting, sending and reading the
    /// whole response body of one attempt. Overridable per request.
    ///
    /// The retry budget ([`RetryPolicy`], 30 s by default) counts from the start of the call, so
    /// with the defaults an attempt that times out is not retried: a response that takes 60 s is
    /// more likely a slow server than a lost one, and repeating it would double the load. For
    /// retries of hung idempotent calls, set a timeout well under the budget (say 10 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The connect timeout (default 10 s). Ignored when a custom
    /// [`http_client`](Self::http_client) is supplied.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// A header sent with every request (replacing one of the same name set earlier).
    /// Invalid names or values make [`build`](Self::build) fail; `Authorization`, `Host`, `Content-Length`,
    /// `Transfer-Encoding` and the hop-by-hop headers are reserved.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.default_headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.default_headers.push((name, value.into()));
        self
    }

    /// Identifies your application: the `User-Agent` becomes
    /// `<user_agent> genesys-cloud-rust/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Log request and response bodies at `debug` level (default off). Bodies may contain
    /// personal data; tokens and secrets are never logged either way.
    pub fn log_bodies(mut self, log_bodies: bool) -> Self {
        self.log_bodies = log_bodies;
        self
    }

    /// Use this `reqwest` client (advanced: proxies, custom roots, …). The connect timeout of
    /// the builder then does not apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// How long before expiry a client-credentials token is refreshed (default 60 s, never more
    /// than half the token lifetime).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.token_refresh_margin = margin;
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// Fails with [`Error::Config`] when no credentials were given, a URL is invalid or not
    /// `https` (outside loopback), a header is invalid, or client credentials are used with a
    /// custom base URL whose login URL cannot be derived.
    pub fn build(self) -> Result<Client> {
        let base_str = self
            .base_url
            .clone()
            .unwrap_or_else(|| self.region.api_url());
        let base = validate_url("base URL", &base_str)?;
        let base_url = base.as_str().trim_end_matches('/').to_owned();

        let login_url = match (&self.login_url, &self.base_url) {
            (Some(login), _) => Some(validate_url("login URL", login)?),
            (None, None) => Some(validate_url("login URL", &self.region.login_url())?),
            (None, Some(_)) => derive_login_url(&base),
        }
        .map(|u| u.as_str().trim_end_matches('/').to_owned());

        let credentials = self.credentials.ok_or_else(|| {
            Error::Config(
                "no credentials: call bearer_token(), client_credentials() or token_provider()"
                    .to_owned(),
            )
        })?;

        let user_agent = match &self.user_agent {
            Some(app) if !app.trim().is_empty() => {
                format!("{} {}", app.trim(), default_user_agent())
            }
            _ => default_user_agent().to_owned(),
        };
        let mut headers = HeaderMap::new();
        headers.insert(
            USER_AGENT,
            HeaderValue::from_str(&user_agent)
                .map_err(|_| Error::Config("invalid user agent".to_owned()))?,
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        for (name, value) in &self.default_headers {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::Config(format!(
                    "invalid default header name `{}`",
                    name.escape_debug()
                ))
            })?;
            if let Some(reason) = refused_header(&header) {
                return Err(Error::Config(reason));
            }
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::Config(format!("invalid value for default header `{header}`"))
            })?;
            headers.insert(header, value);
        }

        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|e| Error::Config(format!("cannot create the HTTP client: {e}")))?,
        };

        let without_user = matches!(credentials, Credentials::ClientCredentials { .. });
        let (tokens, description): (Arc<dyn TokenProvider>, String) = match credentials {
            Credentials::BearerToken(token) => (
                Arc::new(StaticTokenProvider::new(token)),
                "bearer token".to_owned(),
            ),
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => {
                let login = login_url.as_deref().ok_or_else(|| {
                    Error::Config(
                        "client credentials with a custom base URL need a login URL: call login_url()"
                            .to_owned(),
                    )
                })?;
                let description = format!("client credentials (client id {client_id})");
                let provider =
                    ClientCredentialsProvider::new(http.clone(), login, client_id, client_secret)
                        .with_refresh_margin(self.token_refresh_margin)
                        .with_timeout(self.timeout)
                        .with_user_agent(user_agent.clone());
                (Arc::new(provider), description)
            }
            Credentials::Provider(provider) => (provider, "custom token provider".to_owned()),
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                base_url,
                login_url,
                tokens,
                credentials: description,
                without_user,
                retry: self.retry_policy,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                headers,
                log_bodies: self.log_bodies,
            }),
        })
    }
}

/// Parses a base URL: absolute, `https` (or `http` on loopback), no credentials, query or
/// fragment.
fn validate_url(what: &str, raw: &str) -> Result<Url> {
    let url = Url::parse(raw.trim())
        .map_err(|e| Error::Config(format!("invalid {what} `{raw}`: {e}")))?;
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(Error::Config(format!(
            "invalid {what} `{raw}`: not a base URL"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(format!(
            "the {what} must not contain credentials"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "the {what} `{raw}` must not have a query or fragment"
        )));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(Error::Config(format!(
            "the {what} `{raw}` is not https; plain http is only allowed on loopback"
        ))),
        other => Err(Error::Config(format!(
            "the {what} `{raw}` has unsupported scheme `{other}`"
        ))),
    }
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost")
}

/// Whether an operation's path template names the signed-in user (`/users/me`), which only a
/// user's token has.
fn acts_as_user(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    segments.windows(2).any(|w| w == ["users", "me"])
}

/// Whether a path has a `.` or `..` segment (also percent-encoded), which URL parsing would
/// resolve.
fn has_dot_segment(path: &str) -> bool {
    path.split(['/', '\\']).any(|segment| {
        let segment = segment.to_ascii_lowercase().replace("%2e", ".");
        segment == "." || segment == ".."
    })
}

/// `https://api.example.com/x` → `https://login.example.com`.
fn derive_login_url(base: &Url) -> Option<Url> {
    let host = base.host_str()?;
    let rest = host.strip_prefix("api.")?;
    let mut login = base.clone();
    login.set_host(Some(&format!("login.{rest}"))).ok()?;
    login.set_path("");
    Some(login)
}

/// Headers only the HTTP layer may state: the target and the body's framing (a caller's `Host`, `Content-Length` or
/// `Transfer-Encoding` would disagree with what is sent, which is how requests are smuggled) and the hop-by-hop
/// headers of the connection.
const TRANSPORT_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authorization",
    "te",
    "trailer",
    "upgrade",
];

/// Why a caller may not set `header` (per request or by default), if it may not.
fn refused_header(header: &HeaderName) -> Option<String> {
    if header == AUTHORIZATION {
        return Some("the Authorization header is managed by the client's credentials".to_owned());
    }
    // Header names are lower case once parsed.
    TRANSPORT_HEADERS
        .contains(&header.as_str())
        .then(|| format!("the `{header}` header is set by the HTTP layer and cannot be overridden"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_validation() {
        assert!(validate_url("base URL", "https://api.mypurecloud.com").is_ok());
        assert!(validate_url("base URL", "http://127.0.0.1:8080").is_ok());
        assert!(validate_url("base URL", "http://127.1.2.3").is_ok());
        assert!(validate_url("base URL", "http://[::1]:80/prefix").is_ok());
        assert!(validate_url("base URL", "http://localhost:3000").is_ok());
        assert!(validate_url("base URL", "http://api.mypurecloud.com").is_err());
        assert!(validate_url("base URL", "http://10.0.0.1").is_err());
        assert!(validate_url("base URL", "ftp://localhost").is_err());
        assert!(validate_url("base URL", "https://user:pw@example.com").is_err());
        assert!(validate_url("base URL", "https://example.com/?a=b").is_err());
        assert!(validate_url("base URL", "not a url").is_err());
    }

    #[test]
    fn login_url_derivation() {
        let base = Url::parse("https://api.mypurecloud.ie/").expect("valid");
        assert_eq!(
            derive_login_url(&base).map(|u| u.to_string()),
            Some("https://login.mypurecloud.ie/".to_owned())
        );
        let gw = Url::parse("https://gateway.example.com/genesys").expect("valid");
        assert_eq!(derive_login_url(&gw), None);
    }

    #[test]
    fn builder_requires_credentials_and_valid_headers() {
        let err = Client::builder().build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
        let err = Client::builder()
            .bearer_token("t")
            .default_header("Authorization", "Bearer x")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)));
        for name in [
            "Host",
            "Content-Length",
            "transfer-encoding",
            "Connection",
            "Keep-Alive",
        ] {
            let err = Client::builder()
                .bearer_token("t")
                .default_header(name, "x")
                .build()
                .unwrap_err();
            assert!(err.to_string().contains("HTTP layer"), "{name}: {err}");
        }
        let err = Client::builder()
            .bearer_token("t")
            .default_header("X-Bad", "a\r\nb")
            .build()
            .unwrap_err();
        assert!(!err.to_string().contains("a\r\nb"));
        let err = Client::builder()
            .base_url("https://gateway.example.com")
            .client_credentials("id", "s3cr3t")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("login URL"), "{err}");
        assert!(!err.to_string().contains("s3cr3t"));
    }

    #[test]
    fn region_sets_urls() {
        let client = Client::builder()
            .region(Region::EuCentral1)
            .client_credentials("id", "secret")
            .build()
            .expect("valid");
        assert_eq!(client.base_url(), "https://api.mypurecloud.de");
        assert_eq!(client.login_url(), Some("https://login.mypurecloud.de"));
        let client = Client::builder()
            .base_url("https://api.usw2.pure.cloud/")
            .client_credentials("id", "secret")
            .build()
            .expect("valid");
        assert_eq!(client.base_url(), "https://api.usw2.pure.cloud");
        assert_eq!(client.login_url(), Some("https://login.usw2.pure.cloud"));
    }

    #[test]
    fn links_stay_on_the_api_host() {
        let client = Client::builder()
            .base_url("https://gw.example.com/genesys/")
            .bearer_token("t")
            .build()
            .expect("valid");
        assert_eq!(
            client
                .resolve_link("op", "/api/v2/x?pageNumber=2")
                .expect("relative"),
            "/api/v2/x?pageNumber=2"
        );
        assert_eq!(
            client
                .resolve_link("op", "https://gw.example.com/genesys/api/v2/x?cursor=abc")
                .expect("same origin"),
            "/api/v2/x?cursor=abc"
        );
        assert!(
            client
                .resolve_link("op", "https://evil.example.com/api/v2/x")
                .is_err()
        );
        assert!(
            client
                .resolve_link("op", "//evil.example.com/api/v2/x")
                .is_err()
        );
        assert!(client.url_for("op", "/api/v2/a/../b").is_err());
        assert_eq!(
            client.url_for("op", "/api/v2/x").expect("valid").as_str(),
            "https://gw.example.com/genesys/api/v2/x"
        );
    }
}

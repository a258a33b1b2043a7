//! OAuth grants that act as a user: the authorization code grant with refresh tokens, and the SAML2
//! bearer grant.
//!
//! Most Chat operations act as a user (sending a message, a user's own settings); a
//! client-credentials token has no user. A [`UserLogin`] holds the OAuth client and exchanges a
//! grant for a [`UserTokenProvider`], which the client then uses like any
//! [`TokenProvider`]: the access token is refreshed a margin before it expires with the refresh
//! token (one refresh at a time however many calls wait; a rotated refresh token replaces the
//! old one), and every new pair of tokens goes to the application's [`TokenStore`], so that a
//! later run can [`restore`](UserLogin::restore) them instead of logging in again.
//!
//! ```no_run
//! # async fn run(code: &str) -> genesys_cloud::Result<()> {
//! use std::sync::Arc;
//! use genesys_cloud::runtime::UserLogin;
//! use genesys_cloud::{Client, Region};
//!
//! // `code` arrived at the redirect URI after the user signed in at
//! // https://login.mypurecloud.ie/oauth/authorize?response_type=code&client_id=…&redirect_uri=…
//! let tokens = UserLogin::new(Region::EuWest1.login_url(), "client-id")
//!     .client_secret("client-secret")
//!     .authorization_code(code, "https://app.example.com/callback")
//!     .await?;
//! let client = Client::builder()
//!     .region(Region::EuWest1)
//!     .token_provider(Arc::new(tokens))
//!     .build()?;
//! # let _ = client; Ok(()) }
//! ```

use std::fmt;
use std::sync::{Arc, Mutex as StdMutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use super::auth::{
    AccessToken, BoxFuture, DEFAULT_REFRESH_MARGIN, Granted, Secret, TokenEndpoint, TokenProvider,
};
use super::error::{AuthError, Error, Result};

/// The tokens of a user's session, as an application persists them: the access token, when it
/// expires, and the refresh token (when the grant issued one). `Debug` never shows the tokens.
#[derive(Clone, Debug)]
pub struct StoredTokens {
    /// The access token.
    pub access_token: Secret,
    /// When the access token expires, when known.
    pub expires_at: Option<SystemTime>,
    /// The refresh token, when the grant issued one.
    pub refresh_token: Option<Secret>,
}

/// Where an application keeps a user's tokens between runs (a keychain, an encrypted file, a
/// database). [`UserTokenProvider`] calls [`save`](Self::save) after every login and refresh;
/// the tokens are secrets, so store them accordingly.
pub trait TokenStore: Send + Sync {
    /// Persists the tokens, replacing the ones saved before (a rotated refresh token makes the
    /// old one invalid).
    fn save(&self, tokens: &StoredTokens);
}

/// An OAuth client that logs a user in: its id, its secret (a confidential client) and the
/// login host. Each grant gives a [`UserTokenProvider`].
#[derive(Clone)]
pub struct UserLogin {
    login_url: String,
    endpoint: TokenEndpoint,
    client_id: String,
    client_secret: Option<Secret>,
    refresh_margin: Duration,
    store: Option<Arc<dyn TokenStore>>,
}

impl fmt::Debug for UserLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserLogin")
            .field("token_url", &self.endpoint.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl UserLogin {
    /// The OAuth client `client_id` at `login_url` (e.g. `https://login.mypurecloud.ie`, see
    /// [`Region::login_url`](super::Region::login_url)); token requests go to
    /// `<login_url>/oauth/token` over rustls.
    pub fn new(login_url: impl AsRef<str>, client_id: impl Into<String>) -> Self {
        let login_url = login_url.as_ref().trim_end_matches('/').to_owned();
        UserLogin {
            endpoint: TokenEndpoint::new(reqwest::Client::new(), &login_url),
            login_url,
            client_id: client_id.into(),
            client_secret: None,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            store: None,
        }
    }

    /// The login base URL.
    pub fn login_url(&self) -> &str {
        &self.login_url
    }

    /// The OAuth client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The client secret of a confidential client, sent as HTTP Basic credentials.
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// Where every new pair of tokens is saved.
    pub fn token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// How long before expiry the access token is refreshed (default 60 s, never more than half
    /// its lifetime).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Uses this `reqwest` client for token requests.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.endpoint = self.endpoint.with_http(http);
        self
    }

    /// Sets the timeout of a token request (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.endpoint = self.endpoint.with_timeout(timeout);
        self
    }

    /// Sets the `User-Agent` of token requests.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.endpoint = self.endpoint.with_user_agent(user_agent);
        self
    }

    /// The authorization code grant: exchanges the `code` the login page sent to `redirect_uri`
    /// for an access token and a refresh token.
    pub async fn authorization_code(
        self,
        code: &str,
        redirect_uri: &str,
    ) -> Result<UserTokenProvider> {
        self.grant(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
        ])
        .await
    }

    /// The SAML2 bearer grant: exchanges a base64-encoded SAML2 assertion from the
    /// organization's identity provider for an access token. Genesys issues no refresh token for
    /// it: when the token expires, calls fail until the application logs in again.
    pub async fn saml2_bearer(
        self,
        org_name: &str,
        assertion: &Secret,
    ) -> Result<UserTokenProvider> {
        self.grant(&[
            (
                "grant_type",
                "urn:ietf:params:oauth:grant-type:saml2-bearer",
            ),
            ("orgName", org_name),
            ("assertion", assertion.expose_secret()),
        ])
        .await
    }

    /// A provider continuing a session saved by a [`TokenStore`]: no request until the access
    /// token is due for a refresh.
    pub fn restore(self, tokens: StoredTokens) -> UserTokenProvider {
        let mut token = AccessToken::new(tokens.access_token);
        let mut refresh_at = None;
        if let Some(expires_at) = tokens.expires_at {
            let left = expires_at
                .duration_since(SystemTime::now())
                .unwrap_or_default();
            let now = Instant::now();
            token = token.with_expires_at(now + left);
            refresh_at = Some(now + left.saturating_sub(self.refresh_margin.min(left / 2)));
        }
        UserTokenProvider::new(
            self,
            Session {
                token,
                refresh_at,
                refresh_token: tokens.refresh_token,
            },
        )
    }

    async fn post(&self, form: &[(&str, &str)]) -> Result<Granted> {
        match &self.client_secret {
            Some(secret) => {
                self.endpoint
                    .post(Some((&self.client_id, secret)), form)
                    .await
            }
            None => {
                let mut form = form.to_vec();
                form.push(("client_id", &self.client_id));
                self.endpoint.post(None, &form).await
            }
        }
    }

    /// Posts a grant and starts a session with its tokens.
    pub(crate) async fn grant(self, form: &[(&str, &str)]) -> Result<UserTokenProvider> {
        let granted = self.post(form).await?;
        let session = Session::from_granted(granted, self.refresh_margin, None);
        self.save(&session);
        Ok(UserTokenProvider::new(self, session))
    }

    fn save(&self, session: &Session) {
        if let Some(store) = &self.store {
            store.save(&session.stored());
        }
    }
}

/// The current tokens of a session.
struct Session {
    token: AccessToken,
    /// When to refresh; `None` = never (unknown lifetime), until invalidated.
    refresh_at: Option<Instant>,
    refresh_token: Option<Secret>,
}

impl Session {
    fn from_granted(granted: Granted, margin: Duration, previous_refresh: Option<Secret>) -> Self {
        let refresh_at = granted.refresh_at(margin);
        Session {
            // A server that does not rotate refresh tokens sends none back: the old one stays valid.
            refresh_token: granted.refresh_token.or(previous_refresh),
            token: granted.token,
            refresh_at,
        }
    }

    fn is_fresh(&self) -> bool {
        self.refresh_at.is_none_or(|at| Instant::now() < at)
    }

    fn stored(&self) -> StoredTokens {
        let now = Instant::now();
        StoredTokens {
            access_token: Secret::new(self.token.secret()),
            expires_at: self
                .token
                .expires_at()
                .map(|at| SystemTime::now() + at.saturating_duration_since(now)),
            refresh_token: self.refresh_token.clone(),
        }
    }
}

/// A user's access token, refreshed with the refresh token a margin before it expires (or when
/// the API rejects it). Built by a [`UserLogin`] grant; pass it to
/// [`ClientBuilder::token_provider`](super::ClientBuilder::token_provider).
pub struct UserTokenProvider {
    login: UserLogin,
    session: StdMutex<Session>,
    refresh: tokio::sync::Mutex<()>,
}

impl fmt::Debug for UserTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserTokenProvider")
            .field("login", &self.login)
            .finish_non_exhaustive()
    }
}

impl UserTokenProvider {
    fn new(login: UserLogin, session: Session) -> Self {
        UserTokenProvider {
            login,
            session: StdMutex::new(session),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// The tokens as a [`TokenStore`] would save them now.
    pub fn stored_tokens(&self) -> StoredTokens {
        self.session().stored()
    }

    fn session(&self) -> MutexGuard<'_, Session> {
        // A poisoned lock only means another thread panicked while holding it; the session
        // itself is always consistent.
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn fresh(&self) -> Option<AccessToken> {
        let session = self.session();
        session.is_fresh().then(|| session.token.clone())
    }

    async fn get_token(&self) -> Result<AccessToken> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        // Single flight: one task refreshes, the others wait here and then find the new token.
        let _refreshing = self.refresh.lock().await;
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let Some(refresh_token) = self.session().refresh_token.clone() else {
            return Err(Error::from(AuthError::new(
                "the user's access token expired and there is no refresh token (the SAML2 bearer \
                 grant issues none): log the user in again",
            )));
        };
        tracing::debug!(token_url = %self.login.endpoint.token_url, "refreshing the user's access token");
        let granted = self
            .login
            .post(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token.expose_secret()),
            ])
            .await
            .map_err(|error| match error {
                Error::Auth(mut auth) if auth.status.is_some() => {
                    auth.message =
                        "the refresh token was rejected: log the user in again".to_owned();
                    Error::Auth(auth)
                }
                other => other,
            })?;
        let session =
            Session::from_granted(granted, self.login.refresh_margin, Some(refresh_token));
        self.login.save(&session);
        let token = session.token.clone();
        *self.session() = session;
        Ok(token)
    }
}

impl TokenProvider for UserTokenProvider {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken>> {
        Box::pin(self.get_token())
    }

    fn invalidate(&self, token: &AccessToken) {
        let mut session = self.session();
        // Only if it is the rejected one: another task may already have refreshed it.
        if &session.token == token {
            session.refresh_at = Some(Instant::now());
        }
    }
}

//! The authorization code grant with PKCE (RFC 7636, `S256`) for apps that cannot keep a client
//! secret: command-line tools and desktop apps. [`Pkce`] makes the verifier, its challenge and the
//! `state`; [`UserLogin::login_with_loopback`] does the whole login: it listens on a loopback
//! redirect URI, hands the authorize URL to the app to print or open, checks the `state` of the
//! redirect and exchanges the code.
//!
//! ```no_run
//! # async fn run() -> genesys_cloud::Result<()> {
//! use genesys_cloud::Region;
//! use genesys_cloud::runtime::UserLogin;
//!
//! // The OAuth client's redirect URI must be registered as http://127.0.0.1:8765/callback.
//! let tokens = UserLogin::new(Region::EuWest1.login_url(), "client-id")
//!     .login_with_loopback(8765, |url| println!("Sign in at {url}"))
//!     .await?;
//! # let _ = tokens; Ok(()) }
//! ```

use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Url;
use ring::rand::{SecureRandom, SystemRandom};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::auth::Secret;
use super::error::{AuthError, Error, Result};
use super::parts::encode_query_component;
use super::user_auth::{UserLogin, UserTokenProvider};

/// How long [`UserLogin::login_with_loopback`] waits for the user to sign in.
pub const LOOPBACK_LOGIN_TIMEOUT: Duration = Duration::from_secs(300);

/// The largest redirect request the loopback listener reads.
const MAX_REDIRECT_REQUEST: usize = 16 * 1024;

/// One PKCE login attempt: a random code verifier, its `S256` challenge and a random `state`.
/// `Debug` shows neither the verifier nor the state.
pub struct Pkce {
    verifier: Secret,
    challenge: String,
    state: Secret,
}

impl fmt::Debug for Pkce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkce")
            .field("challenge", &self.challenge)
            .finish_non_exhaustive()
    }
}

impl Pkce {
    /// A new verifier (32 random bytes, 43 characters) and state (16 random bytes) from the
    /// operating system's secure random source.
    pub fn new() -> Result<Self> {
        let random = |len: usize| {
            let mut bytes = vec![0u8; len];
            SystemRandom::new().fill(&mut bytes).map_err(|_| {
                Error::from(AuthError::new("the system's secure random source failed"))
            })?;
            Ok::<_, Error>(URL_SAFE_NO_PAD.encode(bytes))
        };
        let verifier = random(32)?;
        let challenge = s256(&verifier);
        Ok(Pkce {
            verifier: Secret::new(verifier),
            challenge,
            state: Secret::new(random(16)?),
        })
    }

    /// The `S256` code challenge: base64url(SHA-256(verifier)).
    pub fn challenge(&self) -> &str {
        &self.challenge
    }

    /// The code verifier, sent with the code exchange.
    pub fn verifier(&self) -> &Secret {
        &self.verifier
    }

    /// The URL that signs the user in: `<login_url>/oauth/authorize` with the client id, the
    /// redirect URI, the challenge and the state.
    pub fn authorize_url(&self, login_url: &str, client_id: &str, redirect_uri: &str) -> String {
        let query = [
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", redirect_uri),
            ("code_challenge", &self.challenge),
            ("code_challenge_method", "S256"),
            ("state", self.state.expose_secret()),
        ]
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_query_component(v)))
        .collect::<Vec<_>>()
        .join("&");
        format!(
            "{}/oauth/authorize?{query}",
            login_url.trim_end_matches('/')
        )
    }

    /// Checks the `state` the redirect came back with: another value means the redirect was not
    /// the answer to this login (a forged or stale one), and the code must not be used.
    pub fn check_state(&self, returned: &str) -> Result<()> {
        let expected = self.state.expose_secret().as_bytes();
        // Compared in constant time: the state is a secret of this login.
        let same = expected.len() == returned.len()
            && expected
                .iter()
                .zip(returned.as_bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            Ok(())
        } else {
            Err(AuthError::new(
                "the login redirect's `state` does not match this login; its code was not used",
            )
            .into())
        }
    }
}

/// The `S256` challenge of a verifier: base64url(SHA-256(verifier)), unpadded.
fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA256,
        verifier.as_bytes(),
    ))
}

impl UserLogin {
    /// The code exchange of a PKCE login: `code` from the redirect (whose `state` the caller
    /// checked with [`Pkce::check_state`]) and the verifier of `pkce`.
    pub async fn pkce_code(
        self,
        code: &str,
        redirect_uri: &str,
        pkce: &Pkce,
    ) -> Result<UserTokenProvider> {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", pkce.verifier.expose_secret()),
        ];
        self.grant(&form).await
    }

    /// A whole PKCE login for a CLI or desktop app: listens on
    /// `http://127.0.0.1:<port>/callback` (which must be a redirect URI of the OAuth client),
    /// calls `show` with the authorize URL (print it, or open a browser), waits up to
    /// [`LOOPBACK_LOGIN_TIMEOUT`] for the redirect, checks its `state` and exchanges the code.
    pub async fn login_with_loopback(
        self,
        port: u16,
        show: impl FnOnce(&str),
    ) -> Result<UserTokenProvider> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| {
            Error::from(
                AuthError::new(format!(
                    "cannot listen on 127.0.0.1:{port} for the login redirect"
                ))
                .with_source(e),
            )
        })?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
        let redirect_uri = format!("http://127.0.0.1:{port}/callback");
        let pkce = Pkce::new()?;
        show(&pkce.authorize_url(self.login_url(), self.client_id(), &redirect_uri));
        let redirect = tokio::time::timeout(LOOPBACK_LOGIN_TIMEOUT, next_redirect(&listener))
            .await
            .map_err(|_| Error::from(AuthError::new("no login redirect arrived in time")))??;
        let code = match redirect {
            Redirect::Code { code, state } => {
                pkce.check_state(&state)?;
                code
            }
            Redirect::Denied { error } => {
                let mut err = AuthError::new("the login was not completed");
                err.error = Some(error);
                return Err(err.into());
            }
        };
        self.pkce_code(code.expose_secret(), &redirect_uri, &pkce)
            .await
    }
}

/// What the login page sent to the redirect URI.
enum Redirect {
    Code { code: Secret, state: String },
    Denied { error: String },
}

/// Answers requests on the listener until one is the login redirect (`/callback` with a `code` or
/// an `error`); anything else (a favicon) gets a 404.
async fn next_redirect(listener: &TcpListener) -> Result<Redirect> {
    loop {
        let (mut stream, _) = listener.accept().await.map_err(|e| {
            Error::from(AuthError::new("the login redirect listener failed").with_source(e))
        })?;
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < MAX_REDIRECT_REQUEST
        {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
        let redirect = parse_redirect(&request);
        let (status, text) = match &redirect {
            Some(Redirect::Code { .. }) => ("200 OK", "Signed in. You can close this window."),
            Some(Redirect::Denied { .. }) => ("200 OK", "The sign-in was not completed."),
            None => ("404 Not Found", "Not found."),
        };
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
            text.len()
        );
        // The browser's page is a courtesy: a failure to show it does not fail the login.
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
        if let Some(redirect) = redirect {
            return Ok(redirect);
        }
    }
}

/// The redirect in an HTTP request head: `GET /callback?code=…&state=…`.
fn parse_redirect(request: &[u8]) -> Option<Redirect> {
    let head = std::str::from_utf8(request).ok()?;
    let target = head
        .lines()
        .next()?
        .strip_prefix("GET ")?
        .split(' ')
        .next()?;
    let url = Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
    if url.path() != "/callback" {
        return None;
    }
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    match (param("code"), param("error")) {
        (Some(code), None) => Some(Redirect::Code {
            code: Secret::new(code),
            state: param("state").unwrap_or_default(),
        }),
        (_, Some(error)) => Some(Redirect::Denied { error }),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_s256_of_the_verifier() {
        let pkce = Pkce::new().expect("random bytes");
        assert_eq!(pkce.verifier().expose_secret().len(), 43);
        assert_eq!(pkce.challenge(), s256(pkce.verifier().expose_secret()));
        let other = Pkce::new().expect("random bytes");
        assert_ne!(pkce.verifier(), other.verifier());
        assert!(!format!("{pkce:?}").contains(pkce.verifier().expose_secret()));
    }

    #[test]
    fn rfc_7636_example() {
        // RFC 7636, appendix B.
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn state_must_match() {
        let pkce = Pkce::new().expect("random bytes");
        let state = pkce.state.expose_secret().to_owned();
        assert!(pkce.check_state(&state).is_ok());
        assert!(pkce.check_state("forged").is_err());
        assert!(pkce.check_state("").is_err());
        let url = pkce.authorize_url(
            "https://login.example.com/",
            "id",
            "http://127.0.0.1:1/callback",
        );
        assert!(url.starts_with("https://login.example.com/oauth/authorize?response_type=code&client_id=id&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcallback&code_challenge="));
        assert!(url.contains("&code_challenge_method=S256&state="));
    }

    #[test]
    fn redirects_are_parsed() {
        let code =
            parse_redirect(b"GET /callback?code=a%2Fb&state=xyz HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(
            matches!(code, Some(Redirect::Code { code, state }) if code.expose_secret() == "a/b" && state == "xyz")
        );
        let denied = parse_redirect(b"GET /callback?error=access_denied HTTP/1.1\r\n\r\n");
        assert!(matches!(denied, Some(Redirect::Denied { error }) if error == "access_denied"));
        assert!(parse_redirect(b"GET /favicon.ico HTTP/1.1\r\n\r\n").is_none());
        assert!(parse_redirect(b"POST /callback?code=a HTTP/1.1\r\n\r\n").is_none());
        assert!(parse_redirect(b"\xff\xfe").is_none());
    }
}

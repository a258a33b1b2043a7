//! A small chat client: signs a user in (PKCE through a loopback redirect, or a token you bring),
//! sends a message to a room and pages back through the room's history.
//!
//! ```text
//! export GENESYS_REGION=eu_west_1          # or GENESYS_BASE_URL (+ GENESYS_LOGIN_URL)
//! export GENESYS_ROOM_JID=...@conference.example.mypurecloud.com
//! # Either a user's access token ...
//! export GENESYS_ACCESS_TOKEN=...
//! # ... or an OAuth client (PKCE grant) whose redirect URI is http://127.0.0.1:8765/callback
//! export GENESYS_CLIENT_ID=...
//! export GENESYS_REDIRECT_PORT=8765        # optional, 8765 by default
//! cargo run -p genesys-cloud --example chat_cli -- "Hello from Rust"
//! ```
//!
//! Without a message argument it only prints the history (newest first, at most
//! `GENESYS_HISTORY_LIMIT` messages, 50 by default).

use std::process::ExitCode;
use std::sync::Arc;

use futures_util::{StreamExt, TryStreamExt};
use genesys_cloud::models::SendMessageBody;
use genesys_cloud::runtime::UserLogin;
use genesys_cloud::{Client, Region};

/// The configuration read from the environment.
pub struct Config {
    region: Option<Region>,
    base_url: Option<String>,
    login_url: Option<String>,
    room_jid: String,
    auth: Auth,
    history_limit: usize,
}

/// How the user signs in.
enum Auth {
    Token(String),
    Pkce { client_id: String, port: u16 },
}

impl Config {
    /// Reads the configuration through `var` (the environment in `main`).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let number = |name: &str, default: usize| match var(name) {
            Some(v) => v
                .parse()
                .map_err(|_| format!("{name} is not a number: {v}")),
            None => Ok(default),
        };
        let room_jid = var("GENESYS_ROOM_JID").ok_or("missing GENESYS_ROOM_JID")?;
        let region = match var("GENESYS_REGION") {
            Some(name) => Some(name.parse::<Region>().map_err(|e| e.to_string())?),
            None => None,
        };
        let base_url = var("GENESYS_BASE_URL");
        if region.is_none() && base_url.is_none() {
            return Err("missing GENESYS_REGION or GENESYS_BASE_URL".to_owned());
        }
        let auth = match (var("GENESYS_ACCESS_TOKEN"), var("GENESYS_CLIENT_ID")) {
            (Some(token), _) => Auth::Token(token),
            (None, Some(client_id)) => Auth::Pkce {
                client_id,
                port: u16::try_from(number("GENESYS_REDIRECT_PORT", 8765)?)
                    .map_err(|_| "GENESYS_REDIRECT_PORT is not a port".to_owned())?,
            },
            (None, None) => {
                return Err("missing GENESYS_ACCESS_TOKEN or GENESYS_CLIENT_ID".to_owned());
            }
        };
        Ok(Config {
            region,
            base_url,
            login_url: var("GENESYS_LOGIN_URL"),
            room_jid,
            auth,
            history_limit: number("GENESYS_HISTORY_LIMIT", 50)?,
        })
    }
}

/// Signs in, sends `message` (if any) and prints the room's history; `show_login` gets the URL
/// the user signs in at (PKCE).
pub async fn run(
    config: Config,
    message: Option<String>,
    show_login: impl FnOnce(&str),
) -> genesys_cloud::Result<Vec<String>> {
    let mut builder = Client::builder().user_agent("chat-cli/0.1");
    if let Some(region) = config.region {
        builder = builder.region(region);
    }
    if let Some(base_url) = config.base_url {
        builder = builder.base_url(base_url);
    }
    builder = match config.auth {
        Auth::Token(token) => builder.bearer_token(token),
        Auth::Pkce { client_id, port } => {
            let login_url = match (config.login_url, config.region) {
                (Some(url), _) => url,
                (None, Some(region)) => region.login_url(),
                (None, None) => {
                    return Err(genesys_cloud::Error::Config(
                        "GENESYS_LOGIN_URL is needed with GENESYS_BASE_URL".to_owned(),
                    ));
                }
            };
            let tokens = UserLogin::new(login_url, client_id)
                .login_with_loopback(port, show_login)
                .await?;
            builder.token_provider(Arc::new(tokens))
        }
    };
    let client = builder.build()?;
    let chat = client.chat();

    if let Some(text) = message {
        let body = SendMessageBody {
            message: text,
            ..Default::default()
        };
        let sent = chat
            .post_chats_room_messages(&config.room_jid, &body)
            .await?;
        println!("sent message {}", sent.id);
    }

    // Newest first: each page ends before the oldest message of the one before.
    let lines: Vec<String> = chat
        .get_chats_room_messages(&config.room_jid)
        .limit("25")
        .items()
        .map_ok(|m| format!("{} {}: {}", m.date_created.to_rfc3339(), m.jid, m.body))
        .take(config.history_limit)
        .try_collect()
        .await?;
    for line in &lines {
        println!("{line}");
    }
    Ok(lines)
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_vars(|name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}\n(see the top of examples/chat_cli.rs)");
            return ExitCode::from(2);
        }
    };
    let message = std::env::args().nth(1);
    match run(config, message, |url| println!("Sign in at:\n{url}")).await {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

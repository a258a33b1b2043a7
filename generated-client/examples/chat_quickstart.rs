//! Quickstart: read the organization's chat settings and post a message to a chat room.
//!
//! ```text
//! export GENESYS_REGION=eu_west_1            # or GENESYS_BASE_URL=https://api.mypurecloud.ie
//! export GENESYS_CLIENT_ID=...               # an OAuth client (client-credentials grant)
//! export GENESYS_CLIENT_SECRET=...
//! export GENESYS_ROOM_JID=...@conference.example.mypurecloud.com
//! cargo run -p genesys-cloud --example chat_quickstart -- "Hello from Rust"
//! ```
//!
//! With `GENESYS_BASE_URL` pointing at a gateway or test server, set `GENESYS_LOGIN_URL`
//! too (unless the host starts with `api.`, in which case `login.` is derived).
//!
//! The example prints the OAuth permissions its two calls need (computed from the operations'
//! metadata), so a `403` is easy to diagnose. Install a `tracing` subscriber in your own app to
//! see one `genesys.request` span per call.

use std::process::ExitCode;

use genesys_cloud::chat::{GetChatsSettings, PostChatsRoomMessages};
use genesys_cloud::models::SendMessageBody;
use genesys_cloud::runtime::{Operation, required_permissions};
use genesys_cloud::{Client, Region};

/// The configuration read from the environment.
struct Config {
    region: Option<Region>,
    base_url: Option<String>,
    login_url: Option<String>,
    client_id: String,
    client_secret: String,
    room_jid: String,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn read_config() -> Result<Config, String> {
    let mut missing = Vec::new();
    let mut require = |name: &'static str| {
        env(name).unwrap_or_else(|| {
            missing.push(name);
            String::new()
        })
    };
    let client_id = require("GENESYS_CLIENT_ID");
    let client_secret = require("GENESYS_CLIENT_SECRET");
    let room_jid = require("GENESYS_ROOM_JID");
    let base_url = env("GENESYS_BASE_URL");
    let region = env("GENESYS_REGION");
    if base_url.is_none() && region.is_none() {
        missing.push("GENESYS_BASE_URL or GENESYS_REGION");
    }
    if !missing.is_empty() {
        return Err(format!(
            "missing environment variable(s): {}",
            missing.join(", ")
        ));
    }
    let region = match region {
        Some(name) => Some(name.parse::<Region>().map_err(|e| e.to_string())?),
        None => None,
    };
    Ok(Config {
        region,
        base_url,
        login_url: env("GENESYS_LOGIN_URL"),
        client_id,
        client_secret,
        room_jid,
    })
}

async fn run(config: Config, text: String) -> genesys_cloud::Result<()> {
    let mut builder = Client::builder()
        .client_credentials(config.client_id, config.client_secret)
        .user_agent("chat-quickstart/0.1");
    if let Some(region) = config.region {
        builder = builder.region(region);
    }
    if let Some(base_url) = &config.base_url {
        builder = builder.base_url(base_url);
    }
    if let Some(login_url) = &config.login_url {
        builder = builder.login_url(login_url);
    }
    let client = builder.build()?;
    println!(
        "this example needs: {}",
        required_permissions([GetChatsSettings::META, PostChatsRoomMessages::META])
    );

    let settings = client.chat().get_chats_settings().await?;
    println!(
        "chat settings: message retention {} days, reactions {}",
        settings
            .message_retention_period_days
            .map_or_else(|| "unset".to_owned(), |d| d.to_string()),
        match settings.reactions_enabled {
            Some(true) => "enabled",
            Some(false) => "disabled",
            None => "unset",
        }
    );

    let body = SendMessageBody {
        message: text,
        ..Default::default()
    };
    let sent = client
        .chat()
        .post_chats_room_messages(&config.room_jid, &body)
        .await?;
    println!("message sent to {}: id {}", config.room_jid, sent.id);
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let config = match read_config() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("chat_quickstart: {message}");
            eprintln!(
                "set GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET, GENESYS_ROOM_JID and \
                 GENESYS_REGION (e.g. us_east_1, mypurecloud.ie) or GENESYS_BASE_URL"
            );
            return ExitCode::from(2);
        }
    };
    let text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let text = if text.trim().is_empty() {
        "Hello from the genesys-cloud Rust client".to_owned()
    } else {
        text
    };
    match run(config, text).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("chat_quickstart: {err}");
            if let Some(id) = err.correlation_id() {
                eprintln!("(quote correlation id {id} to Genesys support)");
            }
            ExitCode::FAILURE
        }
    }
}

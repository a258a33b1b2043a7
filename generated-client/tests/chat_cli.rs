//! The `chat_cli` example end to end against a loopback mock: a PKCE login (or a token), a
//! message sent to a room, and the room's history paged back over three pages.

#![cfg(feature = "chat")]

#[path = "../examples/chat_cli.rs"]
#[allow(dead_code)] // its `main` is the example's, not the test's
mod chat_cli;

use chrono::{Duration, TimeZone, Utc};
use serde_json::{Value, json};
use wiremock::matchers::{
    body_partial_json, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

use chat_cli::{Config, run};

const ROOM: &str = "room@conference.example.com";
const MESSAGES: &str = "/api/v2/chats/rooms/room@conference.example.com/messages";

/// Message `i` of the room, `i` seconds before 10:00 (the newest is 0).
fn message(i: i64) -> Value {
    let at = Utc
        .with_ymd_and_hms(2024, 5, 1, 10, 0, 0)
        .single()
        .expect("valid")
        - Duration::seconds(i);
    json!({
        "id": format!("m{i}"),
        "dateCreated": at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "toJid": ROOM,
        "jid": format!("user-{i}@example.com"),
        "body": format!("message {i}"),
        "thread": { "id": "t" },
    })
}

/// The history in pages of 25, newest first; page `k` answers the `before` of the oldest
/// message of page `k - 1`.
async fn mount_history(server: &MockServer, token: &str) {
    for page in 0..4i64 {
        let entities: Vec<Value> = (page * 25..page * 25 + 25).map(message).collect();
        let mock = Mock::given(method("GET"))
            .and(path(MESSAGES))
            .and(query_param("limit", "25"))
            .and(header("authorization", format!("Bearer {token}").as_str()));
        let mock = if page == 0 {
            mock.and(query_param_is_missing("before"))
        } else {
            let before = message(page * 25 - 1)["dateCreated"]
                .as_str()
                .expect("a date")
                .to_owned();
            mock.and(query_param("before", before.as_str()))
        };
        mock.respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "entities": entities })),
        )
        .mount(server)
        .await;
    }
}

async fn mount_send(server: &MockServer, token: &str) {
    Mock::given(method("POST"))
        .and(path(MESSAGES))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .and(body_partial_json(json!({ "message": "Hello from Rust" })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "id": "sent-1" })))
        .expect(1)
        .mount(server)
        .await;
}

fn config(server: &MockServer, vars: &[(&str, &str)]) -> Config {
    let uri = server.uri();
    let mut all = vec![
        ("GENESYS_BASE_URL", uri.as_str()),
        ("GENESYS_LOGIN_URL", uri.as_str()),
        ("GENESYS_ROOM_JID", ROOM),
        ("GENESYS_HISTORY_LIMIT", "60"),
    ];
    all.extend_from_slice(vars);
    Config::from_vars(|name| {
        all.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned())
    })
    .expect("a complete configuration")
}

fn history_requests(requests: &[wiremock::Request]) -> usize {
    requests
        .iter()
        .filter(|r| r.method.as_str() == "GET" && r.url.path() == MESSAGES)
        .count()
}

#[tokio::test]
async fn with_a_token_it_sends_and_pages_three_pages_of_history() {
    let server = MockServer::start().await;
    mount_send(&server, "user-token").await;
    mount_history(&server, "user-token").await;
    let lines = run(
        config(&server, &[("GENESYS_ACCESS_TOKEN", "user-token")]),
        Some("Hello from Rust".to_owned()),
        |_| panic!("no login with a token"),
    )
    .await
    .expect("the example runs");
    assert_eq!(lines.len(), 60);
    assert_eq!(
        lines[0],
        "2024-05-01T10:00:00+00:00 user-0@example.com: message 0"
    );
    assert_eq!(
        lines[59],
        "2024-05-01T09:59:01+00:00 user-59@example.com: message 59"
    );
    // 60 messages at 25 a page: three pages, and the fourth is never asked for.
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(history_requests(&requests), 3);
    server.verify().await;
}

#[tokio::test]
async fn with_a_client_id_it_logs_in_with_pkce_through_the_loopback_redirect() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "pkce-token",
            "refresh_token": "pkce-refresh",
            "expires_in": 3600,
        })))
        .expect(1)
        .mount(&server)
        .await;
    mount_history(&server, "pkce-token").await;
    let lines = run(
        config(
            &server,
            &[
                ("GENESYS_CLIENT_ID", "cli-client"),
                ("GENESYS_REDIRECT_PORT", "0"),
            ],
        ),
        None,
        |authorize_url| {
            // The browser: the user signs in, the login page redirects to the loopback URI.
            let url = reqwest::Url::parse(authorize_url).expect("absolute");
            let param = |name: &str| {
                url.query_pairs()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            let redirect = format!("{}?code=c&state={}", param("redirect_uri"), param("state"));
            tokio::spawn(reqwest::get(redirect));
        },
    )
    .await
    .expect("the example runs");
    assert_eq!(lines.len(), 60);
    server.verify().await;
}

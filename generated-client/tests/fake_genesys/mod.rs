//! A loopback stand-in for Genesys's notifications service: `wiremock` plays the REST API (channels,
//! subscriptions) and a real WebSocket server on 127.0.0.1 plays the channel's `connectUri`.
//!
//! Each accepted socket is handed to the test as a [`ServerSocket`], which sends frames, drops the TCP connection
//! and sees what the client sent. The server answers `{"message":"ping"}` with a `pong` on `channel.metadata`, as
//! Genesys does, unless told to stay silent.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use genesys_cloud::Client;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// What a test tells one server-side socket to do.
pub enum Action {
    Send(Message),
    /// Drop the TCP connection without a close frame.
    Drop,
}

/// One socket the client opened, seen from the server.
pub struct ServerSocket {
    /// The channel id in the path the client connected to.
    pub channel_id: String,
    actions: mpsc::UnboundedSender<Action>,
    /// Text frames the client sent.
    pub received: mpsc::UnboundedReceiver<String>,
}

impl ServerSocket {
    pub fn send_text(&self, text: impl Into<String>) {
        let _ = self.actions.send(Action::Send(Message::text(text.into())));
    }

    pub fn send(&self, message: Message) {
        let _ = self.actions.send(Action::Send(message));
    }

    pub fn send_event(&self, topic: &str, body: Value) {
        self.send_text(event(topic, body).to_string());
    }

    pub fn heartbeat(&self) {
        self.send_text(metadata("WebSocket Heartbeat").to_string());
    }

    pub fn drop_connection(&self) {
        let _ = self.actions.send(Action::Drop);
    }
}

pub fn event(topic: &str, body: Value) -> Value {
    json!({"topicName": topic, "version": "2", "eventBody": body, "metadata": {"CorrelationId": "c-1"}})
}

fn metadata(message: &str) -> Value {
    json!({"topicName": "channel.metadata", "eventBody": {"message": message}})
}

pub struct FakeGenesys {
    pub rest: MockServer,
    ws_base: String,
    sockets: mpsc::UnboundedReceiver<ServerSocket>,
    answer_pings: Arc<AtomicBool>,
}

impl FakeGenesys {
    /// Channels `ch1`, `ch2`, ... are created in turn; every channel exists (HEAD 200) unless a test mounts a 404.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let ws_base = format!("ws://{}", listener.local_addr().expect("addr"));
        let (socket_tx, sockets) = mpsc::unbounded_channel();
        let answer_pings = Arc::new(AtomicBool::new(true));
        tokio::spawn(accept_loop(listener, socket_tx, answer_pings.clone()));

        let rest = MockServer::start().await;
        let counter = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let base = ws_base.clone();
        Mock::given(method("POST"))
            .and(path("/api/v2/notifications/channels"))
            .respond_with(move |_: &Request| {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                ResponseTemplate::new(200).set_body_json(json!({
                    "id": format!("ch{n}"),
                    "connectUri": format!("{base}/channels/ch{n}"),
                    "expires": "2099-01-01T00:00:00Z",
                }))
            })
            .mount(&rest)
            .await;
        Mock::given(method("HEAD"))
            .and(path_regex("^/api/v2/notifications/channels/[^/]+$"))
            .respond_with(ResponseTemplate::new(200))
            .with_priority(10)
            .mount(&rest)
            .await;
        Mock::given(path_regex(
            "^/api/v2/notifications/channels/[^/]+/subscriptions$",
        ))
        .respond_with(echo_subscriptions)
        .with_priority(10)
        .mount(&rest)
        .await;
        Self {
            rest,
            ws_base,
            sockets,
            answer_pings,
        }
    }

    pub fn client(&self) -> Client {
        Client::builder()
            .base_url(self.rest.uri())
            .bearer_token("secret-token")
            .build()
            .expect("client")
    }

    pub fn ws_base(&self) -> &str {
        &self.ws_base
    }

    /// The next socket the client opens.
    pub async fn next_socket(&mut self) -> ServerSocket {
        tokio::time::timeout(Duration::from_secs(10), self.sockets.recv())
            .await
            .expect("the client did not connect within 10 s")
            .expect("server running")
    }

    /// Whether the server answers pings (a silent server makes the client's heartbeat check fire).
    pub fn answer_pings(&self, answer: bool) {
        self.answer_pings.store(answer, Ordering::SeqCst);
    }

    /// The subscription requests so far: (method, channel id, topic names; `None` for DELETE).
    pub async fn subscription_requests(&self) -> Vec<(String, String, Option<Vec<String>>)> {
        let requests = self.rest.received_requests().await.unwrap_or_default();
        requests
            .iter()
            .filter(|r| r.url.path().ends_with("/subscriptions"))
            .map(|r| {
                let channel = r
                    .url
                    .path()
                    .split('/')
                    .nth(5)
                    .unwrap_or_default()
                    .to_owned();
                let topics = (r.method.as_str() != "DELETE").then(|| topic_names(r));
                (r.method.to_string(), channel, topics)
            })
            .collect()
    }
}

fn topic_names(request: &Request) -> Vec<String> {
    let body: Vec<Value> = serde_json::from_slice(&request.body).unwrap_or_default();
    body.iter()
        .filter_map(|t| t["id"].as_str().map(str::to_owned))
        .collect()
}

/// Answers a subscription change with the listing Genesys returns: every requested topic, permitted.
fn echo_subscriptions(request: &Request) -> ResponseTemplate {
    if request.method.as_str() == "DELETE" {
        return ResponseTemplate::new(204);
    }
    let entities: Vec<Value> = topic_names(request)
        .into_iter()
        .map(|id| json!({"id": id, "state": "Permitted"}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({ "entities": entities }))
}

// The handshake callback's error type is tungstenite's (an HTTP response), not ours.
#[allow(clippy::result_large_err)]
async fn accept_loop(
    listener: TcpListener,
    sockets: mpsc::UnboundedSender<ServerSocket>,
    answer_pings: Arc<AtomicBool>,
) {
    while let Ok((tcp, _)) = listener.accept().await {
        let mut channel_id = String::new();
        let callback = |request: &tokio_tungstenite::tungstenite::handshake::server::Request,
                        response| {
            channel_id = request
                .uri()
                .path()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
            Ok(response)
        };
        let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, callback).await else {
            continue;
        };
        let (actions, mut action_rx) = mpsc::unbounded_channel();
        let (received_tx, received) = mpsc::unbounded_channel();
        let socket = ServerSocket {
            channel_id,
            actions,
            received,
        };
        if sockets.send(socket).is_err() {
            return;
        }
        let answer_pings = answer_pings.clone();
        tokio::spawn(async move {
            let (mut sink, mut stream) = ws.split();
            loop {
                tokio::select! {
                    action = action_rx.recv() => match action {
                        Some(Action::Send(message)) => {
                            if sink.send(message).await.is_err() {
                                return;
                            }
                        }
                        // Dropping both halves closes the TCP connection without a close frame.
                        Some(Action::Drop) | None => return,
                    },
                    frame = stream.next() => match frame {
                        Some(Ok(Message::Text(text))) => {
                            let is_ping = serde_json::from_str::<Value>(&text)
                                .is_ok_and(|v| v["message"] == "ping");
                            if is_ping && answer_pings.load(Ordering::SeqCst) {
                                let pong = metadata("pong").to_string();
                                if sink.send(Message::text(pong)).await.is_err() {
                                    return;
                                }
                            }
                            let _ = received_tx.send(text.to_string());
                        }
                        Some(Ok(_)) => {}
                        Some(Err(_)) | None => return,
                    },
                }
            }
        });
    }
}

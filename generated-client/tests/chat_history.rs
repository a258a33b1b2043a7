//! Chat's message histories page through `before`/`after` date-time cursors: each paged history
//! operation is walked over three pages of a loopback mock, back and forward in time.
//! (`getChatsUserMessages` is not paged: Genesys documents its response as one
//! `ChatMessageResponse`, not a listing.)

#![cfg(feature = "chat")]

use futures_util::TryStreamExt;
use genesys_cloud::chat::{GetChatsRoomMessagesRequest, GetChatsThreadMessagesRequest};
use genesys_cloud::models::ChatMessageResponse;
use genesys_cloud::{Client, Page, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One history listing: the path it is served at and how to start a request for it.
struct History {
    name: &'static str,
    path: &'static str,
    start: fn(&Client) -> Request,
}

/// The paged history requests, as one type for the table below.
enum Request {
    Room(GetChatsRoomMessagesRequest),
    Thread(GetChatsThreadMessagesRequest),
}

impl Request {
    fn limit(self, limit: &str) -> Self {
        match self {
            Request::Room(r) => Request::Room(r.limit(limit)),
            Request::Thread(r) => Request::Thread(r.limit(limit)),
        }
    }

    fn after(self, after: &str) -> Self {
        match self {
            Request::Room(r) => Request::Room(r.after(after)),
            Request::Thread(r) => Request::Thread(r.after(after)),
        }
    }

    async fn pages(self) -> Vec<Page<ChatMessageResponse>> {
        let pages = match self {
            Request::Room(r) => r.pages().try_collect().await,
            Request::Thread(r) => r.pages().try_collect().await,
        };
        pages.expect("every page arrives")
    }
}

const HISTORIES: &[History] = &[
    History {
        name: "getChatsRoomMessages",
        path: "/api/v2/chats/rooms/room@conference.example.com/messages",
        start: |c| {
            Request::Room(
                c.chat()
                    .get_chats_room_messages("room@conference.example.com"),
            )
        },
    },
    History {
        name: "getChatsThreadMessages",
        path: "/api/v2/chats/threads/thread-3/messages",
        start: |c| Request::Thread(c.chat().get_chats_thread_messages("thread-3")),
    },
];

fn message(id: &str, minute: u32) -> Value {
    json!({
        "id": id,
        "dateCreated": format!("2024-05-01T10:{minute:02}:00.000Z"),
        "toJid": "room@conference.example.com",
        "jid": "user-7@example.com",
        "body": format!("message {id}"),
        "thread": { "id": "thread-3" },
    })
}

fn listing(messages: &[Value]) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "entities": messages }))
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a client for the loopback mock")
}

fn ids(pages: &[Page<ChatMessageResponse>]) -> Vec<Vec<&str>> {
    pages
        .iter()
        .map(|p| p.entities.iter().map(|m| m.id.as_str()).collect())
        .collect()
}

#[tokio::test]
async fn history_walks_back_in_time_through_before() {
    for history in HISTORIES {
        let server = MockServer::start().await;
        let at = |cursor: Option<&str>| {
            let m = Mock::given(method("GET"))
                .and(path(history.path))
                .and(query_param("limit", "2"))
                .and(query_param_is_missing("after"));
            match cursor {
                None => m.and(query_param_is_missing("before")),
                Some(before) => m.and(query_param("before", before)),
            }
        };
        // Newest first, as Genesys answers; the oldest item of a page is the next `before`.
        at(None)
            .respond_with(listing(&[message("m5", 5), message("m4", 4)]))
            .expect(1)
            .mount(&server)
            .await;
        at(Some("2024-05-01T10:04:00.000Z"))
            .respond_with(listing(&[message("m3", 3), message("m2", 2)]))
            .expect(1)
            .mount(&server)
            .await;
        // Shorter than `limit`: the last page.
        at(Some("2024-05-01T10:02:00.000Z"))
            .respond_with(listing(&[message("m1", 1)]))
            .expect(1)
            .mount(&server)
            .await;

        let pages = (history.start)(&client(&server)).limit("2").pages().await;
        assert_eq!(
            ids(&pages),
            [vec!["m5", "m4"], vec!["m3", "m2"], vec!["m1"]],
            "{}",
            history.name
        );
        server.verify().await;
    }
}

#[tokio::test]
async fn history_walks_forward_in_time_through_after() {
    for history in HISTORIES {
        let server = MockServer::start().await;
        let at = |after: &str| {
            Mock::given(method("GET"))
                .and(path(history.path))
                .and(query_param("after", after))
                .and(query_param_is_missing("before"))
                .and(query_param_is_missing("limit"))
        };
        // Without `limit` the walk ends at an empty page.
        at("2024-05-01T09:00:00.000Z")
            .respond_with(listing(&[message("m1", 1), message("m2", 2)]))
            .expect(1)
            .mount(&server)
            .await;
        at("2024-05-01T10:02:00.000Z")
            .respond_with(listing(&[message("m3", 3)]))
            .expect(1)
            .mount(&server)
            .await;
        at("2024-05-01T10:03:00.000Z")
            .respond_with(listing(&[]))
            .expect(1)
            .mount(&server)
            .await;

        let pages = (history.start)(&client(&server))
            .after("2024-05-01T09:00:00.000Z")
            .pages()
            .await;
        assert_eq!(
            ids(&pages),
            [vec!["m1", "m2"], vec!["m3"], vec![]],
            "{}",
            history.name
        );
        server.verify().await;
    }
}

#[tokio::test]
async fn a_server_that_ignores_the_cursor_ends_the_walk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(listing(&[message("m5", 5), message("m4", 4)]))
        .expect(2)
        .mount(&server)
        .await;
    let items: Vec<ChatMessageResponse> = client(&server)
        .chat()
        .get_chats_room_messages("room@conference.example.com")
        .items()
        .try_collect()
        .await
        .expect("both pages arrive");
    assert_eq!(items.len(), 4);
    server.verify().await;
}

//! The notifications client against a loopback Genesys (REST by `wiremock`, a real WebSocket server): events,
//! heartbeats and pings, `socket_closing`, dropped connections, malformed frames, a burst with a slow consumer,
//! and subscription changes while connected.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use genesys_cloud::runtime::notifications::{
    EventBody, MAX_TOPICS, Notification, NotificationError, Notifications, NotificationsConfig,
    ReconnectReason, Reconnected, Topic,
};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

mod fake_genesys;
use fake_genesys::{FakeGenesys, event};

const ROOM: &str = "6b4d3c2a-0000-4000-8000-000000000001";
const USER: &str = "6b4d3c2a-0000-4000-8000-000000000002";

fn room_topic() -> Topic {
    Topic::group_chat_messages(ROOM).unwrap()
}

fn room_topic_name() -> String {
    room_topic().name().to_owned()
}

/// Short timers, so the heartbeat and reconnect paths run in milliseconds.
fn fast() -> NotificationsConfig {
    NotificationsConfig {
        ping_interval: Duration::from_millis(50),
        heartbeat_timeout: Duration::from_millis(1000),
        reconnect_backoff: Duration::from_millis(20),
        ..NotificationsConfig::default()
    }
}

async fn connect(genesys: &FakeGenesys, config: NotificationsConfig) -> Notifications {
    genesys
        .client()
        .notifications()
        .connect_with([room_topic()], config)
        .await
        .expect("connect")
}

/// The next item, failing the test after 10 s.
async fn next(stream: &mut Notifications) -> Notification {
    tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("no item within 10 s")
        .expect("the stream ended")
        .expect("the stream failed")
}

fn message_body(item: Notification) -> String {
    match item {
        Notification::Event(e) => match e.body {
            EventBody::GroupChatMessage(m) => m.body.unwrap_or_default(),
            other => panic!("not a group chat message: {other:?}"),
        },
        other => panic!("not an event: {other:?}"),
    }
}

fn room_message(text: &str) -> serde_json::Value {
    json!({"messageId": text, "body": text, "actionType": "Create", "created": "2026-01-01T00:00:00Z",
           "from": {"entityId": USER, "entityType": "User"}})
}

#[tokio::test]
async fn connects_subscribes_and_delivers_typed_and_untyped_events() {
    let mut genesys = FakeGenesys::start().await;
    let mut events = connect(&genesys, NotificationsConfig::default()).await;
    let socket = genesys.next_socket().await;
    assert_eq!(socket.channel_id, "ch1");
    assert_eq!(
        genesys.subscription_requests().await,
        [(
            "PUT".to_owned(),
            "ch1".to_owned(),
            Some(vec![room_topic_name()])
        )]
    );

    socket.heartbeat();
    socket.send_event(&room_topic_name(), room_message("hello"));
    socket.send_event("v2.users.u1.conversations", json!({"id": "c1"}));
    socket.send_event(
        Topic::chat_badges(USER).unwrap().name(),
        json!({"entity": {"jabberId": "j@x"}, "unreadCount": 3}),
    );
    // Heartbeats are not items.
    assert_eq!(message_body(next(&mut events).await), "hello");
    match next(&mut events).await {
        Notification::Event(e) => {
            assert_eq!(e.topic.name(), "v2.users.u1.conversations");
            assert!(
                matches!(e.body, EventBody::Json(ref v) if v["id"] == "c1"),
                "{:?}",
                e.body
            );
            assert_eq!(e.metadata, Some(json!({"CorrelationId": "c-1"})));
        }
        other => panic!("{other:?}"),
    }
    match next(&mut events).await {
        Notification::Event(Event {
            body: EventBody::ChatBadge(badge),
            ..
        }) => {
            assert_eq!(badge.unread_count, Some(3));
        }
        other => panic!("{other:?}"),
    }
}
use genesys_cloud::runtime::notifications::Event;

#[tokio::test]
async fn pings_a_quiet_server_and_keeps_a_socket_that_answers() {
    let mut genesys = FakeGenesys::start().await;
    let mut events = connect(&genesys, fast()).await;
    let mut socket = genesys.next_socket().await;
    let ping = tokio::time::timeout(Duration::from_secs(5), socket.received.recv())
        .await
        .expect("no ping")
        .expect("socket open");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&ping).unwrap(),
        json!({"message": "ping"})
    );
    // Pongs keep the socket alive well past the heartbeat timeout.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    socket.send_event(&room_topic_name(), room_message("still here"));
    assert_eq!(message_body(next(&mut events).await), "still here");
}

#[tokio::test]
async fn a_silent_socket_is_replaced_on_the_same_channel() {
    let mut genesys = FakeGenesys::start().await;
    genesys.answer_pings(false);
    let mut events = connect(&genesys, fast()).await;
    let _silent = genesys.next_socket().await;
    let second = genesys.next_socket().await;
    assert_eq!(second.channel_id, "ch1");
    assert_eq!(
        next(&mut events).await.await_reconnected(),
        Reconnected {
            reason: ReconnectReason::HeartbeatTimeout,
            new_channel: false
        }
    );
    genesys.answer_pings(true);
    second.send_event(&room_topic_name(), room_message("after"));
    assert_eq!(message_body(next(&mut events).await), "after");
}

trait AwaitReconnected {
    fn await_reconnected(self) -> Reconnected;
}

impl AwaitReconnected for Notification {
    fn await_reconnected(self) -> Reconnected {
        match self {
            Notification::Reconnected(r) => r,
            other => panic!("not a reconnect: {other:?}"),
        }
    }
}

#[tokio::test]
async fn socket_closing_moves_to_a_new_socket() {
    let mut genesys = FakeGenesys::start().await;
    let mut events = connect(&genesys, fast()).await;
    let first = genesys.next_socket().await;
    first.send_event(
        "v2.system.socket_closing",
        json!({"message": "maintenance"}),
    );
    let second = genesys.next_socket().await;
    assert_eq!(
        next(&mut events).await.await_reconnected(),
        Reconnected {
            reason: ReconnectReason::SocketClosing,
            new_channel: false
        }
    );
    second.send_event(&room_topic_name(), room_message("on the new socket"));
    assert_eq!(message_body(next(&mut events).await), "on the new socket");
}

#[tokio::test]
async fn a_dropped_connection_to_an_expired_channel_restores_the_topics_on_a_new_one() {
    let mut genesys = FakeGenesys::start().await;
    let mut events = connect(&genesys, fast()).await;
    let first = genesys.next_socket().await;
    Mock::given(method("HEAD"))
        .and(path("/api/v2/notifications/channels/ch1"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"status": 404, "code": "not.found"})),
        )
        .with_priority(1)
        .mount(&genesys.rest)
        .await;
    first.drop_connection();
    let second = genesys.next_socket().await;
    assert_eq!(second.channel_id, "ch2");
    assert_eq!(
        next(&mut events).await.await_reconnected(),
        Reconnected {
            reason: ReconnectReason::Disconnected,
            new_channel: true
        }
    );
    let requests = genesys.subscription_requests().await;
    assert_eq!(
        requests.last(),
        Some(&(
            "PUT".to_owned(),
            "ch2".to_owned(),
            Some(vec![room_topic_name()])
        ))
    );
    second.send_event(&room_topic_name(), room_message("on ch2"));
    assert_eq!(message_body(next(&mut events).await), "on ch2");
}

#[tokio::test]
async fn gives_up_after_the_configured_attempts_and_ends_the_stream() {
    let mut genesys = FakeGenesys::start().await;
    let config = NotificationsConfig {
        max_reconnect_attempts: 2,
        ..fast()
    };
    let mut events = connect(&genesys, config).await;
    let first = genesys.next_socket().await;
    Mock::given(method("HEAD"))
        .respond_with(ResponseTemplate::new(500))
        .with_priority(1)
        .mount(&genesys.rest)
        .await;
    first.drop_connection();
    let failed = tokio::time::timeout(Duration::from_secs(30), events.next())
        .await
        .expect("no item");
    assert!(
        matches!(
            failed,
            Some(Err(NotificationError::ReconnectFailed { attempts: 2, .. }))
        ),
        "{failed:?}"
    );
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn malformed_frames_are_reported_and_skipped() {
    let mut genesys = FakeGenesys::start().await;
    let mut events = connect(&genesys, NotificationsConfig::default()).await;
    let socket = genesys.next_socket().await;
    socket.send_text("not json at all");
    socket.send(Message::binary(vec![0u8, 159, 146, 150]));
    socket.send_text(r#"{"eventBody": {}}"#);
    socket.send_event(&room_topic_name(), json!({"notifyAll": "yes"}));
    socket.send_event(&room_topic_name(), room_message("fine"));
    for expected in [
        "not JSON",
        "a binary frame",
        "not a notification",
        "eventBody of v2.detail",
    ] {
        match next(&mut events).await {
            Notification::Malformed { reason } => assert!(reason.starts_with(expected), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(message_body(next(&mut events).await), "fine");
}

/// 10,000 events to a consumer that does not read until they are all sent: the buffer stays bounded, every event
/// is either delivered in order or counted in a `Lagged`, and the socket keeps being read (a marker sent
/// afterwards arrives).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_to_a_slow_consumer_is_bounded_and_every_loss_is_reported() {
    const EVENTS: u64 = 10_000;
    const BUFFER: usize = 256;
    let mut genesys = FakeGenesys::start().await;
    let config = NotificationsConfig {
        buffer: BUFFER,
        ..NotificationsConfig::default()
    };
    let mut events = connect(&genesys, config).await;
    let socket = genesys.next_socket().await;
    let topic = room_topic_name();
    for seq in 0..EVENTS {
        socket.send_text(
            event(&topic, json!({"messageId": seq.to_string(), "body": "x"})).to_string(),
        );
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Markers carry on the numbering; the first one delivered proves every earlier frame was handled.
    let marker_topic = Topic::chat_badges(USER).unwrap();
    let markers = tokio::spawn(async move {
        for seq in EVENTS.. {
            socket.send_event(
                marker_topic.name(),
                json!({"entity": {"jabberId": seq.to_string()}}),
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });

    let (mut delivered, mut missed, mut last_seq, mut lagged_reports) = (0u64, 0u64, None, 0);
    let marker_seq: u64 = loop {
        match next(&mut events).await {
            Notification::Event(e) => {
                let seq: u64 = match e.body {
                    EventBody::GroupChatMessage(m) => m.message_id.unwrap().parse().unwrap(),
                    EventBody::ChatBadge(b) => {
                        break b.entity.unwrap().jabber_id.unwrap().parse().unwrap();
                    }
                    other => panic!("{other:?}"),
                };
                assert!(
                    last_seq < Some(seq),
                    "out of order: {seq} after {last_seq:?}"
                );
                last_seq = Some(seq);
                delivered += 1;
            }
            Notification::Lagged { missed: n } => {
                missed += n;
                lagged_reports += 1;
            }
            other => panic!("{other:?}"),
        }
    };
    markers.abort();
    assert!(marker_seq >= EVENTS, "{marker_seq}");
    assert_eq!(
        delivered + missed,
        marker_seq,
        "every frame before the marker is delivered or counted"
    );
    assert!(
        lagged_reports >= 1 && missed > 0,
        "the consumer was told it lagged"
    );
    assert!(
        delivered >= BUFFER as u64 - 1,
        "the buffer was used: {delivered}"
    );
    eprintln!(
        "slow consumer: {delivered} delivered, {missed} dropped and reported in {lagged_reports} Lagged item(s); \
         buffer {BUFFER}"
    );
}

/// 10,000 events to a consumer that keeps up (a buffer as large as the burst): all arrive, in order. Prints the
/// throughput (`-- --nocapture`); it is measured, not asserted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_to_a_consumer_that_keeps_up_arrives_whole_and_in_order() {
    const EVENTS: u64 = 10_000;
    let mut genesys = FakeGenesys::start().await;
    let config = NotificationsConfig {
        buffer: EVENTS as usize,
        ..NotificationsConfig::default()
    };
    let mut events = connect(&genesys, config).await;
    let socket = genesys.next_socket().await;
    let topic = room_topic_name();
    let started = Instant::now();
    for seq in 0..EVENTS {
        socket.send_text(
            event(&topic, json!({"messageId": seq.to_string(), "body": "x"})).to_string(),
        );
    }
    for seq in 0..EVENTS {
        match next(&mut events).await {
            Notification::Event(Event {
                body: EventBody::GroupChatMessage(m),
                ..
            }) => {
                assert_eq!(m.message_id, Some(seq.to_string()));
            }
            other => panic!("{other:?}"),
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "burst: {EVENTS} events over loopback in {elapsed:?} ({:.0} events/s)",
        EVENTS as f64 / elapsed.as_secs_f64()
    );
}

#[tokio::test]
async fn subscription_changes_while_connected() {
    let mut genesys = FakeGenesys::start().await;
    let events = connect(&genesys, NotificationsConfig::default()).await;
    let socket = genesys.next_socket().await;
    let presence = Topic::user_presence(USER).unwrap();
    let badges = Topic::chat_badges(USER).unwrap();

    events
        .add([presence.clone(), badges.clone()])
        .await
        .expect("add");
    assert_eq!(
        events.topics().await.unwrap(),
        sorted([room_topic(), presence.clone(), badges.clone()])
    );
    events.remove([room_topic()]).await.expect("remove");
    assert_eq!(
        events.topics().await.unwrap(),
        sorted([presence.clone(), badges.clone()])
    );
    events.subscribe([room_topic()]).await.expect("replace");
    assert_eq!(events.topics().await.unwrap(), [room_topic()]);
    events
        .remove([room_topic()])
        .await
        .expect("remove the last");
    assert!(events.topics().await.unwrap().is_empty());

    let requests = genesys.subscription_requests().await;
    let ch = |m: &str, topics: Option<Vec<String>>| (m.to_owned(), "ch1".to_owned(), topics);
    let names = |ts: &[&Topic]| Some(ts.iter().map(|t| t.name().to_owned()).collect());
    assert_eq!(
        requests,
        [
            ch("PUT", names(&[&room_topic()])),
            ch("POST", names(&[&presence, &badges])),
            ch(
                "PUT",
                names(
                    &sorted([presence.clone(), badges.clone()])
                        .iter()
                        .collect::<Vec<_>>()
                )
            ),
            ch("PUT", names(&[&room_topic()])),
            ch("DELETE", None),
        ]
    );
    drop(socket);
}

fn sorted<const N: usize>(mut topics: [Topic; N]) -> Vec<Topic> {
    topics.sort();
    topics.to_vec()
}

#[tokio::test]
async fn limits_rejections_and_4xx_are_errors_and_leave_the_topics_as_the_server_has_them() {
    let mut genesys = FakeGenesys::start().await;
    let events = connect(&genesys, NotificationsConfig::default()).await;
    let _socket = genesys.next_socket().await;
    let before = genesys.subscription_requests().await.len();

    let too_many = (0..MAX_TOPICS).map(|i| Topic::user_presence(&format!("u{i}")).unwrap());
    let err = events.add(too_many).await.unwrap_err();
    assert!(
        matches!(
            err,
            NotificationError::TooManyTopics {
                requested: 1001,
                limit: 1000
            }
        ),
        "{err}"
    );
    assert_eq!(
        genesys.subscription_requests().await.len(),
        before,
        "nothing was sent"
    );

    Mock::given(method("POST"))
        .and(path("/api/v2/notifications/channels/ch1/subscriptions"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({"status": 400, "code": "bad.request"})),
        )
        .with_priority(1)
        .up_to_n_times(1)
        .mount(&genesys.rest)
        .await;
    let err = events
        .add([Topic::user_presence(USER).unwrap()])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, NotificationError::Api(e) if e.status().map(|s| s.as_u16()) == Some(400)),
        "{err}"
    );
    assert_eq!(events.topics().await.unwrap(), [room_topic()]);

    let forbidden = Topic::other("v2.users.someone-else.presence").unwrap();
    Mock::given(method("POST"))
        .and(path("/api/v2/notifications/channels/ch1/subscriptions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"entities": [
            {"id": forbidden.name(), "state": "Rejected", "rejectionReason": "missing permission",
             "missingPermissions": ["directory:user:view"]},
            {"id": Topic::chat_badges(USER).unwrap().name(), "state": "Permitted"},
        ]})))
        .with_priority(1)
        .up_to_n_times(1)
        .mount(&genesys.rest)
        .await;
    let err = events
        .add([forbidden.clone(), Topic::chat_badges(USER).unwrap()])
        .await
        .unwrap_err();
    let NotificationError::Rejected(rejected) = &err else {
        panic!("{err}")
    };
    assert_eq!(rejected[0].topic, forbidden.name());
    assert_eq!(rejected[0].missing_permissions, ["directory:user:view"]);
    assert_eq!(
        events.topics().await.unwrap(),
        sorted([room_topic(), Topic::chat_badges(USER).unwrap()])
    );
}

#[tokio::test]
async fn close_and_drop_remove_the_subscriptions() {
    let mut genesys = FakeGenesys::start().await;
    let mut events = connect(&genesys, NotificationsConfig::default()).await;
    let _socket = genesys.next_socket().await;
    let closer = events.close();
    closer.await.expect("close");
    assert_eq!(
        genesys.subscription_requests().await.last(),
        Some(&("DELETE".to_owned(), "ch1".to_owned(), None))
    );

    events = connect(&genesys, NotificationsConfig::default()).await;
    let _socket = genesys.next_socket().await;
    drop(events);
    let deadline = Instant::now() + Duration::from_secs(10);
    while genesys.subscription_requests().await.last()
        != Some(&("DELETE".to_owned(), "ch2".to_owned(), None))
    {
        assert!(Instant::now() < deadline, "no DELETE after drop");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_rest_error_on_connect_is_returned_and_no_socket_is_opened() {
    let genesys = FakeGenesys::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"status": 403, "code": "not.authorized"})),
        )
        .with_priority(1)
        .mount(&genesys.rest)
        .await;
    let err = genesys
        .client()
        .notifications()
        .connect([room_topic()])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, NotificationError::Api(e) if e.status().map(|s| s.as_u16()) == Some(403)),
        "{err}"
    );
    assert!(!format!("{err:?}").contains("secret-token"));
}

#[tokio::test]
async fn the_channel_is_renewed_by_resubscribing_before_it_expires() {
    let mut genesys = FakeGenesys::start().await;
    let config = NotificationsConfig {
        renew_after: Duration::from_millis(100),
        ..NotificationsConfig::default()
    };
    let _events = connect(&genesys, config).await;
    let _socket = genesys.next_socket().await;
    let renewed = (
        "PUT".to_owned(),
        "ch1".to_owned(),
        Some(vec![room_topic_name()]),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while genesys.subscription_requests().await
        != [renewed.clone(), renewed.clone(), renewed.clone()]
    {
        assert!(
            Instant::now() < deadline,
            "{:?}",
            genesys.subscription_requests().await
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Log lines, captured for one test.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_name_the_channel_but_never_the_token_the_connect_uri_or_frame_content() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut genesys = FakeGenesys::start().await;
    let mut events = connect(&genesys, fast()).await;
    let socket = genesys.next_socket().await;
    socket.send_text("FRAME-SECRET not json");
    assert!(matches!(
        next(&mut events).await,
        Notification::Malformed { .. }
    ));
    socket.send_event("v2.system.socket_closing", json!({}));
    let _second = genesys.next_socket().await;
    next(&mut events).await.await_reconnected();
    events.close().await.expect("close");

    let text = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    for expected in [
        "genesys.notifications",
        "channel_id=ch1",
        "notifications reconnected",
        "frame skipped",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
    for forbidden in [
        "secret-token",
        "FRAME-SECRET",
        &format!("{}/channels", genesys.ws_base()),
    ] {
        assert!(!text.contains(forbidden), "{forbidden:?} logged: {text}");
    }
}

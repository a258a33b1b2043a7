//! The items of the notifications stream: events decoded from their envelope, and what the connection tells the
//! caller about itself (reconnects, lag).

use serde::Deserialize;
use serde_json::Value;

use super::topics::{Topic, TopicKind};
use crate::models;

/// The topic of the server's heartbeats and `pong` answers.
pub(crate) const METADATA_TOPIC: &str = "channel.metadata";
/// The topic the server sends before it closes the socket for maintenance.
pub(crate) const SOCKET_CLOSING_TOPIC: &str = "v2.system.socket_closing";

/// One item of the [`Notifications`](super::Notifications) stream.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Notification {
    /// An event on a subscribed topic.
    Event(Event),
    /// The connection was re-established; events published while it was down may be missing.
    Reconnected(Reconnected),
    /// The consumer fell behind: this many events were dropped because the buffer was full.
    Lagged {
        /// Events dropped since the last item delivered.
        missed: u64,
    },
    /// A frame that is not a notification envelope was skipped.
    Malformed {
        /// Why it was skipped (never the frame itself).
        reason: String,
    },
}

/// How the connection came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reconnected {
    /// Why it had to reconnect.
    pub reason: ReconnectReason,
    /// A new channel was created (the old one had expired or was gone) and the subscriptions restored on it;
    /// otherwise a new socket was opened on the same channel.
    pub new_channel: bool,
}

/// Why the connection was re-established.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReconnectReason {
    /// The server announced maintenance (`v2.system.socket_closing`).
    SocketClosing,
    /// Nothing arrived within the heartbeat timeout.
    HeartbeatTimeout,
    /// The socket closed or failed.
    Disconnected,
}

/// An event on a subscribed topic.
#[derive(Clone, Debug)]
pub struct Event {
    /// The topic it was published on.
    pub topic: Topic,
    /// The envelope's `version`.
    pub version: Option<String>,
    /// The body, typed for the chat-related topics.
    pub body: EventBody,
    /// The envelope's `metadata` (such as `CorrelationId`), as JSON.
    pub metadata: Option<Value>,
}

/// The body of an event: a typed model for the topics the spec defines one for, JSON otherwise. (The models are
/// boxed to keep every stream item small.)
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum EventBody {
    /// `v2.users.{id}.badges.chats`.
    ChatBadge(Box<models::ChatBadgeTopicChatBadge>),
    /// `v2.detail.events.collaboratechat.adhoc.{id}.messages`.
    AdhocChatMessage(Box<models::CollaborateChatAdhocMessageEventTopicCollaborateChatMessage>),
    /// `v2.detail.events.collaboratechat.group.{id}.messages`.
    GroupChatMessage(Box<models::CollaborateChatGroupMessageEventTopicCollaborateChatMessage>),
    /// `v2.users.{id}.presence`.
    UserPresence(Box<models::PresenceEventUserPresence>),
    /// Any other topic.
    Json(Value),
}

/// The envelope of every frame.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    topic_name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    event_body: Value,
    #[serde(default)]
    metadata: Option<Value>,
}

/// A decoded frame, before it becomes a stream item.
pub(crate) enum Frame {
    /// `channel.metadata`: a heartbeat or the answer to a ping.
    Heartbeat,
    /// `v2.system.socket_closing`.
    SocketClosing,
    Event(Event),
}

/// Decodes one text frame. The error says why without quoting the frame.
pub(crate) fn decode(text: &str) -> Result<Frame, String> {
    let envelope: Envelope = serde_json::from_str(text).map_err(|e| describe(&e))?;
    match envelope.topic_name.as_str() {
        METADATA_TOPIC => return Ok(Frame::Heartbeat),
        SOCKET_CLOSING_TOPIC => return Ok(Frame::SocketClosing),
        _ => {}
    }
    let topic = Topic::other(envelope.topic_name)
        .map_err(|_| "the topicName is not a topic name".to_owned())?;
    let body = match topic.kind() {
        TopicKind::ChatBadges => typed(envelope.event_body, EventBody::ChatBadge),
        TopicKind::AdhocChatMessages => typed(envelope.event_body, EventBody::AdhocChatMessage),
        TopicKind::GroupChatMessages => typed(envelope.event_body, EventBody::GroupChatMessage),
        TopicKind::UserPresence => typed(envelope.event_body, EventBody::UserPresence),
        TopicKind::Other => Ok(EventBody::Json(envelope.event_body)),
    }
    .map_err(|e| format!("eventBody of {topic}: {}", describe(&e)))?;
    Ok(Frame::Event(Event {
        topic,
        version: envelope.version,
        body,
        metadata: envelope.metadata,
    }))
}

fn typed<T: serde::de::DeserializeOwned>(
    body: Value,
    wrap: fn(Box<T>) -> EventBody,
) -> Result<EventBody, serde_json::Error> {
    serde_json::from_value(body).map(|body| wrap(Box::new(body)))
}

/// serde_json's category and position, without its message (which can quote the input).
fn describe(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Io => "unreadable",
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "not JSON",
        serde_json::error::Category::Data => "not a notification of the expected shape",
    };
    if e.line() == 0 {
        what.to_owned()
    } else {
        format!("{what} (line {}, column {})", e.line(), e.column())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_typed_untyped_and_control_frames() {
        let group = r#"{"topicName":"v2.detail.events.collaboratechat.group.r1.messages","version":"2",
            "eventBody":{"messageId":"m1","body":"hi","actionType":"Create","from":{"entityId":"u1","entityType":"User"}},
            "metadata":{"CorrelationId":"c"}}"#;
        let Ok(Frame::Event(event)) = decode(group) else {
            panic!("not an event")
        };
        let EventBody::GroupChatMessage(message) = event.body else {
            panic!("{:?}", event.body)
        };
        assert_eq!(message.body.as_deref(), Some("hi"));
        assert_eq!(event.version.as_deref(), Some("2"));

        let other = r#"{"topicName":"v2.users.u1.conversations","eventBody":{"x":1}}"#;
        let Ok(Frame::Event(event)) = decode(other) else {
            panic!("not an event")
        };
        assert!(matches!(event.body, EventBody::Json(ref v) if v["x"] == 1));

        let heartbeat =
            r#"{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}"#;
        assert!(matches!(decode(heartbeat), Ok(Frame::Heartbeat)));
        let closing = r#"{"topicName":"v2.system.socket_closing","eventBody":{"message":"bye"}}"#;
        assert!(matches!(decode(closing), Ok(Frame::SocketClosing)));
    }

    #[test]
    fn malformed_frames_are_described_without_their_content() {
        for frame in [
            "secret-token",
            r#"{"eventBody":{}}"#,
            r#"{"topicName":"a b"}"#,
        ] {
            let reason = decode(frame).err().expect("malformed");
            assert!(!reason.contains("secret"), "{reason}");
        }
        let bad_body = r#"{"topicName":"v2.users.u1.presence","eventBody":{"primary":"secret"}}"#;
        let reason = decode(bad_body).err().expect("malformed");
        assert!(
            reason.starts_with("eventBody of v2.users.u1.presence"),
            "{reason}"
        );
        assert!(!reason.contains("secret"), "{reason}");
    }
}

//! What can go wrong with a notifications connection.

use crate::runtime::Error;

/// The error of a notifications call or of the stream (then the last item before it ends).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NotificationError {
    /// A REST call (create channel, subscribe, ...) failed; a 4xx on subscribe lands here.
    #[error("notifications: {0}")]
    Api(#[from] Error),

    /// The server accepted the request but rejected some topics (missing permissions, unknown topic).
    #[error("notifications: topics rejected: {}", format_rejected(.0))]
    Rejected(Vec<RejectedTopic>),

    /// A channel holds at most [`MAX_TOPICS`](super::MAX_TOPICS) topics.
    #[error("notifications: {requested} topics requested, a channel holds at most {limit}")]
    TooManyTopics {
        /// How many topics the channel would hold.
        requested: usize,
        /// The limit.
        limit: usize,
    },

    /// An id that would not fill exactly one segment of a topic name.
    #[error("notifications: {0:?} is not a topic id (letters, digits, `-` and `_` only)")]
    InvalidTopicId(String),

    /// A topic name with spaces or control characters, or an empty one.
    #[error("notifications: {0:?} is not a topic name")]
    InvalidTopic(String),

    /// The channel answered without an id or a `connectUri`.
    #[error("notifications: the created channel has no {0}")]
    IncompleteChannel(&'static str),

    /// The channel's `connectUri` is not `wss://` (plain `ws://` is accepted only when the client's own base URL
    /// is plain `http://`, as for a loopback test server).
    #[error("notifications: the channel's connectUri is not a wss:// address")]
    InsecureConnectUri,

    /// Opening the WebSocket took longer than the heartbeat timeout.
    #[error("notifications: opening the WebSocket timed out")]
    ConnectTimeout,

    /// The WebSocket could not be opened or failed, and reconnecting gave up.
    #[error("notifications: WebSocket: {0}")]
    WebSocket(#[source] Box<tokio_tungstenite::tungstenite::Error>),

    /// Reconnecting failed this many times in a row; the stream ends.
    #[error("notifications: gave up after {attempts} reconnection attempts: {last}")]
    ReconnectFailed {
        /// The attempts made.
        attempts: u32,
        /// The error of the last one.
        last: Box<NotificationError>,
    },

    /// The connection's task has ended (the stream was closed or failed).
    #[error("notifications: the connection is closed")]
    Closed,
}

/// A topic the server refused, with its reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedTopic {
    /// The topic name.
    pub topic: String,
    /// `rejectionReason`, when the server gave one.
    pub reason: Option<String>,
    /// `missingPermissions`.
    pub missing_permissions: Vec<String>,
}

fn format_rejected(topics: &[RejectedTopic]) -> String {
    topics
        .iter()
        .map(|t| match &t.reason {
            Some(reason) => format!("{} ({reason})", t.topic),
            None => t.topic.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<tokio_tungstenite::tungstenite::Error> for NotificationError {
    fn from(e: tokio_tungstenite::tungstenite::Error) -> Self {
        Self::WebSocket(Box::new(e))
    }
}

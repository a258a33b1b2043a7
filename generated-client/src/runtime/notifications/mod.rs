//! Real-time events over the Genesys Notifications API (feature `notifications`).
//!
//! [`NotificationsApi::connect`] creates a channel (`POST /api/v2/notifications/channels`), subscribes it to the
//! topics (`PUT .../subscriptions`) and opens the channel's WebSocket (TLS through rustls). The returned
//! [`Notifications`] is a [`Stream`](futures_core::Stream) of [`Notification`]s, and changes the topics while
//! connected ([`subscribe`](Notifications::subscribe), [`add`](Notifications::add),
//! [`remove`](Notifications::remove)).
//!
//! ```no_run
//! use futures_util::StreamExt;
//! use genesys_cloud::prelude::*;
//! use genesys_cloud::runtime::notifications::{EventBody, Notification, Topic};
//!
//! # async fn follow(client: Client, room_id: &str) -> Result<(), Box<dyn std::error::Error>> {
//! let mut events = client.notifications().connect([Topic::group_chat_messages(room_id)?]).await?;
//! while let Some(item) = events.next().await {
//!     match item? {
//!         Notification::Event(event) => match event.body {
//!             EventBody::GroupChatMessage(message) => println!("{}", message.body.unwrap_or_default()),
//!             other => println!("{}: {other:?}", event.topic),
//!         },
//!         other => eprintln!("{other:?}"), // reconnected, lagged, malformed frame
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # What the connection takes care of
//!
//! - **Heartbeats.** The server sends `channel.metadata` heartbeats about every 30 s; when the socket has been
//!   quiet for [`ping_interval`](NotificationsConfig::ping_interval) the client sends `{"message":"ping"}`, and a
//!   socket silent for [`heartbeat_timeout`](NotificationsConfig::heartbeat_timeout) is replaced.
//! - **Reconnects.** On `v2.system.socket_closing`, a closed or failed socket or a silent one, it opens a new socket
//!   on the same channel, or (when `HEAD .../channels/{id}` says the channel is gone) a new channel with the same
//!   topics, retrying with backoff up to [`max_reconnect_attempts`](NotificationsConfig::max_reconnect_attempts).
//!   The stream then yields [`Notification::Reconnected`]: events published meanwhile may be missing, so a caller
//!   that needs them all reads the history (e.g. `get_chats_room_messages`) from there.
//! - **Expiry.** A channel lives 24 hours unless resubscribed; the topics are resubscribed an hour before the
//!   channel's `expires` (or [`renew_after`](NotificationsConfig::renew_after) after the last change).
//! - **Backpressure.** Events go through a buffer of [`buffer`](NotificationsConfig::buffer) items; the socket is
//!   never left unread, so when the consumer falls behind, events are dropped and counted and the consumer gets
//!   [`Notification::Lagged`] before the next one. Memory does not grow with a slow consumer.
//! - **Limits and errors.** A channel holds at most [`MAX_TOPICS`] topics (checked before sending); a 4xx on
//!   subscribe is [`NotificationError::Api`], and topics the server rejects are [`NotificationError::Rejected`].
//! - **Shutdown.** [`Notifications::close`] (or dropping the handle) removes the subscriptions and closes the
//!   socket.
//!
//! Event bodies are typed ([`EventBody`]) for the chat-related topics that have [`Topic`] constructors, and JSON
//! for every other topic. The connection logs in the `genesys.notifications` span (field `channel_id`); the
//! `connectUri`, which grants access to the channel's events, and tokens are never logged.

mod channel;
mod connection;
mod error;
mod event;
mod handle;
mod outbox;
mod topics;

use std::time::Duration;

use tokio::sync::mpsc;
use tracing::Instrument;

pub use error::{NotificationError, RejectedTopic};
pub use event::{Event, EventBody, Notification, ReconnectReason, Reconnected};
pub use handle::Notifications;
pub use topics::{Topic, TopicKind};

use crate::notifications::NotificationsApi;
use connection::Connection;
use outbox::Outbox;

/// The most topics a channel holds.
pub const MAX_TOPICS: usize = 1_000;

/// How a notifications connection behaves; [`Default`] suits Genesys Cloud.
#[derive(Clone, Debug)]
pub struct NotificationsConfig {
    /// Items buffered for the consumer before events are dropped and reported as [`Notification::Lagged`].
    pub buffer: usize,
    /// Quiet time after which the client pings the server (and how often that is checked).
    pub ping_interval: Duration,
    /// Silence after which the socket is considered dead and replaced; also bounds opening a socket.
    pub heartbeat_timeout: Duration,
    /// Resubscribe this long after the last subscription change at the latest (a channel lives 24 hours).
    pub renew_after: Duration,
    /// Failed reconnection attempts in a row before the stream ends with an error.
    pub max_reconnect_attempts: u32,
    /// The first wait between reconnection attempts; it doubles up to 30 s.
    pub reconnect_backoff: Duration,
}

impl Default for NotificationsConfig {
    fn default() -> Self {
        Self {
            buffer: 1024,
            ping_interval: Duration::from_secs(30),
            heartbeat_timeout: Duration::from_secs(90),
            renew_after: Duration::from_secs(23 * 3600),
            max_reconnect_attempts: 10,
            reconnect_backoff: Duration::from_millis(500),
        }
    }
}

impl NotificationsApi<'_> {
    /// Creates a channel subscribed to `topics` and connects to it, with the default [`NotificationsConfig`].
    pub async fn connect(
        &self,
        topics: impl IntoIterator<Item = Topic>,
    ) -> Result<Notifications, NotificationError> {
        self.connect_with(topics, NotificationsConfig::default())
            .await
    }

    /// Creates a channel subscribed to `topics` and connects to it.
    pub async fn connect_with(
        &self,
        topics: impl IntoIterator<Item = Topic>,
        config: NotificationsConfig,
    ) -> Result<Notifications, NotificationError> {
        let span = tracing::info_span!("genesys.notifications");
        let (items_tx, items) = mpsc::channel(config.buffer.max(1));
        let (commands, commands_rx) = mpsc::channel(8);
        let connection =
            Connection::open(self.client().clone(), config, topics.into_iter().collect())
                .instrument(span.clone())
                .await?;
        tokio::spawn(
            connection
                .run(commands_rx, Outbox::new(items_tx))
                .instrument(span),
        );
        Ok(Notifications::new(items, commands))
    }
}

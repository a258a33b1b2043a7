//! The connection task: reads the socket, pings and watches heartbeats, reconnects, renews the channel, and
//! carries out the handle's subscription changes. One task per [`Notifications`](super::Notifications) handle.

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::time::{Instant, MissedTickBehavior, interval, sleep, sleep_until};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};
use tracing::{debug, info, warn};

use super::NotificationsConfig;
use super::channel::{self, Change, Channel};
use super::error::NotificationError;
use super::event::{self, Frame, Notification, ReconnectReason, Reconnected};
use super::outbox::{Gone, Outbox};
use super::topics::Topic;
use crate::runtime::Client;

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What the client sends to ask the server for a `pong` (the answer arrives on `channel.metadata`).
const PING: &str = r#"{"message":"ping"}"#;

/// Where the task answers a command.
type Reply<T> = oneshot::Sender<Result<T, NotificationError>>;

/// A request from the handle to the task.
pub(crate) enum Command {
    Subscribe(Change, Vec<Topic>, Reply<()>),
    Remove(Vec<Topic>, Reply<()>),
    Topics(oneshot::Sender<Vec<Topic>>),
    Close(Reply<()>),
}

pub(crate) struct Connection {
    client: Client,
    config: NotificationsConfig,
    channel: Channel,
    socket: Socket,
    topics: BTreeSet<Topic>,
    /// When anything last arrived on the socket.
    last_seen: Instant,
    renew_at: Instant,
}

impl Connection {
    /// Creates a channel, subscribes it to `topics` and opens its socket.
    pub(crate) async fn open(
        client: Client,
        config: NotificationsConfig,
        topics: Vec<Topic>,
    ) -> Result<Self, NotificationError> {
        let topics: BTreeSet<Topic> = topics.into_iter().collect();
        channel::check_limit(topics.len())?;
        let channel = channel::create(&client).await?;
        let list: Vec<Topic> = topics.iter().cloned().collect();
        channel::subscribe(&client, &channel.id, Change::Replace, &list).await?;
        let socket = connect(&client, &channel, config.heartbeat_timeout).await?;
        let renew_at = renew_at(&channel, config.renew_after);
        info!(channel_id = %channel.id, topics = topics.len(), "notifications connected");
        Ok(Self {
            client,
            config,
            channel,
            socket,
            topics,
            last_seen: Instant::now(),
            renew_at,
        })
    }

    /// Runs until the handle closes or drops, or reconnecting gives up.
    pub(crate) async fn run(mut self, mut commands: mpsc::Receiver<Command>, mut outbox: Outbox) {
        let mut ticks = interval(self.config.ping_interval);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            let reconnect = tokio::select! {
                frame = self.socket.next() => match frame {
                    Some(Ok(message)) => {
                        self.last_seen = Instant::now();
                        match self.on_message(message, &mut outbox) {
                            Ok(reconnect) => reconnect,
                            Err(Gone) => break,
                        }
                    }
                    Some(Err(e)) => {
                        warn!(channel_id = %self.channel.id, error = %e, "notifications socket failed");
                        Some(ReconnectReason::Disconnected)
                    }
                    None => Some(ReconnectReason::Disconnected),
                },
                command = commands.recv() => match command {
                    Some(command) => match self.on_command(command).await {
                        Some(close) => {
                            let _ = close.send(self.shutdown().await);
                            return;
                        }
                        None => None,
                    },
                    // The handle was dropped without `close`.
                    None => break,
                },
                _ = ticks.tick() => self.on_tick().await,
                () = sleep_until(self.renew_at) => {
                    self.renew().await;
                    None
                }
            };
            if let Some(reason) = reconnect {
                match self.reconnect(reason).await {
                    Ok(item) => {
                        if outbox.push(item).is_err() {
                            break;
                        }
                    }
                    Err(e) => return outbox.finish(e).await,
                }
            }
        }
        if let Err(e) = self.shutdown().await {
            warn!(error = %e, "notifications cleanup failed");
        }
    }

    /// Handles one frame; `Some` when the socket must be replaced.
    fn on_message(
        &mut self,
        message: Message,
        outbox: &mut Outbox,
    ) -> Result<Option<ReconnectReason>, Gone> {
        let text = match message {
            Message::Text(text) => text,
            Message::Close(_) => return Ok(Some(ReconnectReason::Disconnected)),
            Message::Binary(_) => {
                outbox.push(malformed("a binary frame".to_owned()))?;
                return Ok(None);
            }
            // tungstenite answers pings itself.
            Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => return Ok(None),
        };
        match event::decode(&text) {
            Ok(Frame::Heartbeat) => {
                debug!(channel_id = %self.channel.id, "notifications heartbeat")
            }
            Ok(Frame::SocketClosing) => return Ok(Some(ReconnectReason::SocketClosing)),
            Ok(Frame::Event(event)) => outbox.push(Notification::Event(event))?,
            Err(reason) => {
                warn!(channel_id = %self.channel.id, %reason, "notifications frame skipped");
                outbox.push(malformed(reason))?;
            }
        }
        Ok(None)
    }

    /// Pings the server when it has been quiet, and gives up on the socket when it stays silent.
    async fn on_tick(&mut self) -> Option<ReconnectReason> {
        let silent = self.last_seen.elapsed();
        if silent >= self.config.heartbeat_timeout {
            warn!(channel_id = %self.channel.id, ?silent, "notifications socket silent");
            return Some(ReconnectReason::HeartbeatTimeout);
        }
        if silent >= self.config.ping_interval
            && self.socket.send(Message::text(PING)).await.is_err()
        {
            return Some(ReconnectReason::Disconnected);
        }
        None
    }

    /// Carries out a command; a `Close` is handed back, for `run` to shut down.
    async fn on_command(&mut self, command: Command) -> Option<Reply<()>> {
        match command {
            Command::Subscribe(change, topics, reply) => {
                let result = self.change(change, topics).await;
                let _ = reply.send(result);
            }
            Command::Remove(topics, reply) => {
                let remaining: Vec<Topic> = self
                    .topics
                    .iter()
                    .filter(|t| !topics.contains(t))
                    .cloned()
                    .collect();
                let _ = reply.send(self.change(Change::Replace, remaining).await);
            }
            Command::Topics(reply) => {
                let _ = reply.send(self.topics.iter().cloned().collect());
            }
            Command::Close(reply) => return Some(reply),
        }
        None
    }

    /// Sends a subscription change and keeps `topics` equal to what the server holds.
    async fn change(
        &mut self,
        change: Change,
        topics: Vec<Topic>,
    ) -> Result<(), NotificationError> {
        let after = match change {
            Change::Replace => topics.len(),
            Change::Add => self.topics.union(&topics.iter().cloned().collect()).count(),
        };
        channel::check_limit(after)?;
        let result = channel::subscribe(&self.client, &self.channel.id, change, &topics).await;
        let accepted = match &result {
            Ok(()) => topics,
            Err(NotificationError::Rejected(rejected)) => topics
                .into_iter()
                .filter(|t| !rejected.iter().any(|r| r.topic == t.name()))
                .collect(),
            Err(_) => return result,
        };
        if matches!(change, Change::Replace) {
            self.topics.clear();
        }
        self.topics.extend(accepted);
        self.renew_at = renew_at(&self.channel, self.config.renew_after);
        result
    }

    /// Resubscribes before the channel's 24 hours run out, which extends it.
    async fn renew(&mut self) {
        let topics: Vec<Topic> = self.topics.iter().cloned().collect();
        match channel::subscribe(&self.client, &self.channel.id, Change::Replace, &topics).await {
            Ok(()) | Err(NotificationError::Rejected(_)) => {
                info!(channel_id = %self.channel.id, "notifications channel renewed");
                self.channel.expires = None;
                self.renew_at = renew_at(&self.channel, self.config.renew_after);
            }
            Err(e) => {
                // Try again soon; if the channel expires meanwhile, the socket closes and reconnecting creates a
                // new one.
                warn!(channel_id = %self.channel.id, error = %e, "notifications channel renewal failed");
                self.renew_at = Instant::now() + self.config.reconnect_backoff;
            }
        }
    }

    /// Opens a new socket on the same channel, or on a new channel with the same topics when the old one is gone;
    /// retries with backoff.
    async fn reconnect(
        &mut self,
        reason: ReconnectReason,
    ) -> Result<Notification, NotificationError> {
        let mut backoff = self.config.reconnect_backoff;
        let mut attempts = 0;
        loop {
            attempts += 1;
            match self.reopen().await {
                Ok(new_channel) => {
                    info!(channel_id = %self.channel.id, ?reason, new_channel, attempts, "notifications reconnected");
                    self.last_seen = Instant::now();
                    return Ok(Notification::Reconnected(Reconnected {
                        reason,
                        new_channel,
                    }));
                }
                Err(e) if attempts >= self.config.max_reconnect_attempts => {
                    return Err(NotificationError::ReconnectFailed {
                        attempts,
                        last: Box::new(e),
                    });
                }
                Err(e) => {
                    warn!(channel_id = %self.channel.id, error = %e, attempts, "notifications reconnect failed");
                    sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }

    /// `true` when a new channel had to be created.
    async fn reopen(&mut self) -> Result<bool, NotificationError> {
        if channel::exists(&self.client, &self.channel.id).await? {
            self.socket =
                connect(&self.client, &self.channel, self.config.heartbeat_timeout).await?;
            return Ok(false);
        }
        let channel = channel::create(&self.client).await?;
        let topics: Vec<Topic> = self.topics.iter().cloned().collect();
        match channel::subscribe(&self.client, &channel.id, Change::Replace, &topics).await {
            Ok(()) => {}
            // Topics that are no longer permitted stay out; the others are restored.
            Err(NotificationError::Rejected(rejected)) => {
                warn!(channel_id = %channel.id, count = rejected.len(), "topics rejected on resubscribe");
                self.topics
                    .retain(|t| !rejected.iter().any(|r| r.topic == t.name()));
            }
            Err(e) => return Err(e),
        }
        self.socket = connect(&self.client, &channel, self.config.heartbeat_timeout).await?;
        self.renew_at = renew_at(&channel, self.config.renew_after);
        self.channel = channel;
        Ok(true)
    }

    /// Removes the subscriptions and closes the socket.
    async fn shutdown(mut self) -> Result<(), NotificationError> {
        let deleted =
            channel::subscribe(&self.client, &self.channel.id, Change::Replace, &[]).await;
        // The subscriptions are gone either way once the channel expires; the socket close is best effort.
        let _ = self.socket.close(None).await;
        info!(channel_id = %self.channel.id, "notifications closed");
        deleted
    }
}

/// The longest wait between reconnection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Renewal comes `renew_after` after a subscription, or an hour before the channel's announced expiry if that is
/// sooner.
fn renew_at(channel: &Channel, renew_after: Duration) -> Instant {
    let by_config = Instant::now() + renew_after;
    let by_expiry = channel.expires.and_then(|expires| {
        let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
        let left = (expires - now).to_std().ok()?;
        Some(Instant::now() + left.saturating_sub(Duration::from_secs(3600)))
    });
    by_expiry.map_or(by_config, |at| at.min(by_config))
}

fn malformed(reason: String) -> Notification {
    Notification::Malformed { reason }
}

/// Opens the channel's socket. A `connectUri` must be `wss://` unless the client itself talks plain HTTP (a
/// loopback test server), so events never travel unencrypted from a real deployment.
async fn connect(
    client: &Client,
    channel: &Channel,
    timeout: Duration,
) -> Result<Socket, NotificationError> {
    let uri = &channel.connect_uri;
    let plain_allowed = client.base_url().starts_with("http://");
    if !(uri.starts_with("wss://") || plain_allowed && uri.starts_with("ws://")) {
        return Err(NotificationError::InsecureConnectUri);
    }
    let (socket, _) = tokio::time::timeout(timeout, connect_async(uri.as_str()))
        .await
        .map_err(|_| NotificationError::ConnectTimeout)??;
    Ok(socket)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_plain_connect_uri_is_refused_when_the_api_is_https() {
        let client = Client::builder()
            .base_url("https://api.example.invalid")
            .bearer_token("t")
            .build()
            .expect("client");
        let channel = Channel {
            id: "ch1".to_owned(),
            connect_uri: "ws://127.0.0.1:9/channels/ch1".to_owned(),
            expires: None,
        };
        let refused = connect(&client, &channel, Duration::from_secs(1)).await;
        assert!(matches!(
            refused,
            Err(NotificationError::InsecureConnectUri)
        ));
    }
}

//! The caller's side: a [`Stream`] of notifications plus subscription changes while connected.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use tokio::sync::{mpsc, oneshot};

use super::channel::Change;
use super::connection::Command;
use super::error::NotificationError;
use super::event::Notification;
use super::outbox::Item;
use super::topics::Topic;

/// A live notifications channel: a [`Stream`] of [`Notification`]s, and the handle to change its topics.
///
/// The stream yields `Err` once, when reconnecting gave up, and then ends. Dropping the handle stops the
/// connection and removes the subscriptions in the background; [`close`](Self::close) does the same and says
/// whether the removal worked.
#[derive(Debug)]
pub struct Notifications {
    items: mpsc::Receiver<Item>,
    commands: mpsc::Sender<Command>,
}

impl Notifications {
    pub(crate) fn new(items: mpsc::Receiver<Item>, commands: mpsc::Sender<Command>) -> Self {
        Self { items, commands }
    }

    /// Replaces the channel's topics with `topics` (`PUT .../subscriptions`; no topics is a `DELETE`).
    pub async fn subscribe(
        &self,
        topics: impl IntoIterator<Item = Topic>,
    ) -> Result<(), NotificationError> {
        let topics = topics.into_iter().collect();
        self.ask(|reply| Command::Subscribe(Change::Replace, topics, reply))
            .await?
    }

    /// Adds `topics` to the channel's topics (`POST .../subscriptions`).
    pub async fn add(
        &self,
        topics: impl IntoIterator<Item = Topic>,
    ) -> Result<(), NotificationError> {
        let topics = topics.into_iter().collect();
        self.ask(|reply| Command::Subscribe(Change::Add, topics, reply))
            .await?
    }

    /// Removes `topics` from the channel's topics (the rest are set with `PUT`; none left is a `DELETE`).
    pub async fn remove(
        &self,
        topics: impl IntoIterator<Item = Topic>,
    ) -> Result<(), NotificationError> {
        let topics = topics.into_iter().collect();
        self.ask(|reply| Command::Remove(topics, reply)).await?
    }

    /// The topics the channel is subscribed to, sorted by name.
    pub async fn topics(&self) -> Result<Vec<Topic>, NotificationError> {
        self.ask(Command::Topics).await
    }

    /// Removes the subscriptions (`DELETE .../subscriptions`) and closes the socket.
    pub async fn close(self) -> Result<(), NotificationError> {
        self.ask(Command::Close).await?
    }

    async fn ask<T>(
        &self,
        command: impl FnOnce(oneshot::Sender<T>) -> Command,
    ) -> Result<T, NotificationError> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(command(reply))
            .await
            .map_err(|_| NotificationError::Closed)?;
        answer.await.map_err(|_| NotificationError::Closed)
    }
}

impl Stream for Notifications {
    type Item = Result<Notification, NotificationError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.items.poll_recv(cx)
    }
}

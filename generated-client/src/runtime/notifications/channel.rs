//! The REST side: create a channel, check it still exists, and set its subscriptions.

use super::MAX_TOPICS;
use super::error::{NotificationError, RejectedTopic};
use super::topics::Topic;
use crate::models::{ChannelTopic, ChannelTopicEntityListing, ChannelTopicState};
use crate::runtime::Client;

/// A channel: its id and the WebSocket address that delivers its events.
pub(crate) struct Channel {
    pub(crate) id: String,
    /// Not logged: whoever has it reads the channel's events.
    pub(crate) connect_uri: String,
    pub(crate) expires: Option<chrono::DateTime<chrono::Utc>>,
}

/// `POST /api/v2/notifications/channels`.
pub(crate) async fn create(client: &Client) -> Result<Channel, NotificationError> {
    let channel = client.notifications().post_notifications_channels().await?;
    let id = channel
        .id
        .ok_or(NotificationError::IncompleteChannel("id"))?;
    let connect_uri = channel
        .connect_uri
        .ok_or(NotificationError::IncompleteChannel("connectUri"))?;
    Ok(Channel {
        id,
        connect_uri,
        expires: channel.expires,
    })
}

/// `HEAD /api/v2/notifications/channels/{channelId}`: `false` when the channel is gone (404).
pub(crate) async fn exists(client: &Client, id: &str) -> Result<bool, NotificationError> {
    match client.notifications().head_notifications_channel(id).await {
        Ok(()) => Ok(true),
        Err(e) if e.status() == Some(reqwest::StatusCode::NOT_FOUND) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// How a subscription change is sent.
#[derive(Clone, Copy)]
pub(crate) enum Change {
    /// `PUT`: the channel's topics become exactly these.
    Replace,
    /// `POST`: these are added.
    Add,
}

/// Sends a subscription change; `Replace` with no topics is a `DELETE`. Topics the server rejects are an error
/// ([`NotificationError::Rejected`]) that names them; the others are subscribed.
pub(crate) async fn subscribe(
    client: &Client,
    channel_id: &str,
    change: Change,
    topics: &[Topic],
) -> Result<(), NotificationError> {
    let api = client.notifications();
    if topics.is_empty() && matches!(change, Change::Replace) {
        api.delete_notifications_channel_subscriptions(channel_id)
            .await?;
        return Ok(());
    }
    let body: Vec<ChannelTopic> = topics
        .iter()
        .map(|t| ChannelTopic {
            id: Some(t.name().to_owned()),
            ..Default::default()
        })
        .collect();
    let listing = match change {
        Change::Replace => {
            api.put_notifications_channel_subscriptions(channel_id, &body)
                .await?
        }
        Change::Add => {
            api.post_notifications_channel_subscriptions(channel_id, &body)
                .await?
        }
    };
    rejected(listing)
}

/// Checks a subscription change against the channel's limit before it is sent.
pub(crate) fn check_limit(count: usize) -> Result<(), NotificationError> {
    if count > MAX_TOPICS {
        return Err(NotificationError::TooManyTopics {
            requested: count,
            limit: MAX_TOPICS,
        });
    }
    Ok(())
}

/// The rejected topics of a subscription answer, as an error.
fn rejected(listing: ChannelTopicEntityListing) -> Result<(), NotificationError> {
    let rejected: Vec<RejectedTopic> = listing
        .entities
        .unwrap_or_default()
        .into_iter()
        .filter(|t| t.state == Some(ChannelTopicState::Rejected))
        .map(|t| RejectedTopic {
            topic: t.id.unwrap_or_default(),
            reason: t.rejection_reason,
            missing_permissions: t.missing_permissions.unwrap_or_default(),
        })
        .collect();
    if rejected.is_empty() {
        Ok(())
    } else {
        Err(NotificationError::Rejected(rejected))
    }
}

//! Topic names: built from ids by constructors, so a caller never formats one, and parsed back from the
//! `topicName` of each event to pick the type of its body.

use std::fmt;

use super::error::NotificationError;

/// A topic name with one `{id}`: `prefix{id}suffix`.
struct Template {
    kind: TopicKind,
    prefix: &'static str,
    suffix: &'static str,
}

const CHAT_BADGES: Template = Template {
    kind: TopicKind::ChatBadges,
    prefix: "v2.users.",
    suffix: ".badges.chats",
};
const ADHOC_CHAT_MESSAGES: Template = Template {
    kind: TopicKind::AdhocChatMessages,
    prefix: "v2.detail.events.collaboratechat.adhoc.",
    suffix: ".messages",
};
const GROUP_CHAT_MESSAGES: Template = Template {
    kind: TopicKind::GroupChatMessages,
    prefix: "v2.detail.events.collaboratechat.group.",
    suffix: ".messages",
};
const USER_PRESENCE: Template = Template {
    kind: TopicKind::UserPresence,
    prefix: "v2.users.",
    suffix: ".presence",
};

/// The topics with a typed event body; the body models are the ones the Genesys SDKs map these topics to
/// (`notificationMappings.json`). [`Topic`]'s constructors render from these and [`Topic::parse`] matches them.
const TEMPLATES: [&Template; 4] = [
    &CHAT_BADGES,
    &ADHOC_CHAT_MESSAGES,
    &GROUP_CHAT_MESSAGES,
    &USER_PRESENCE,
];

/// What a topic is about; decides the type of its [`EventBody`](super::EventBody).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TopicKind {
    /// `v2.users.{id}.badges.chats`: a user's unread-chat badges.
    ChatBadges,
    /// `v2.detail.events.collaboratechat.adhoc.{id}.messages`: messages of a one-on-one chat.
    AdhocChatMessages,
    /// `v2.detail.events.collaboratechat.group.{id}.messages`: messages of a chat room.
    GroupChatMessages,
    /// `v2.users.{id}.presence`: a user's presence.
    UserPresence,
    /// Any other topic; its events carry the body as JSON.
    Other,
}

/// A notification topic name, such as `v2.users.{id}.presence`.
///
/// The chat-related topics are built from ids ([`Topic::chat_badges`], [`Topic::group_chat_messages`], ...);
/// [`Topic::other`] takes any other name as Genesys spells it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Topic {
    name: String,
}

impl Topic {
    /// `v2.users.{user_id}.badges.chats`: the user's unread-chat badges.
    pub fn chat_badges(user_id: &str) -> Result<Self, NotificationError> {
        Self::from_template(&CHAT_BADGES, user_id)
    }

    /// `v2.detail.events.collaboratechat.adhoc.{id}.messages`: new, edited and deleted messages of a one-on-one
    /// chat.
    pub fn adhoc_chat_messages(id: &str) -> Result<Self, NotificationError> {
        Self::from_template(&ADHOC_CHAT_MESSAGES, id)
    }

    /// `v2.detail.events.collaboratechat.group.{room_id}.messages`: new, edited and deleted messages of a room.
    pub fn group_chat_messages(room_id: &str) -> Result<Self, NotificationError> {
        Self::from_template(&GROUP_CHAT_MESSAGES, room_id)
    }

    /// `v2.users.{user_id}.presence`: the user's presence.
    pub fn user_presence(user_id: &str) -> Result<Self, NotificationError> {
        Self::from_template(&USER_PRESENCE, user_id)
    }

    /// Any topic, by its full name (see `get_notifications_availabletopics`). The name must be non-empty
    /// printable ASCII without spaces.
    pub fn other(name: impl Into<String>) -> Result<Self, NotificationError> {
        let name = name.into();
        let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic());
        if valid {
            Ok(Self { name })
        } else {
            Err(NotificationError::InvalidTopic(name))
        }
    }

    /// The topic as Genesys names it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the topic is about; [`TopicKind::Other`] for names outside the typed templates.
    pub fn kind(&self) -> TopicKind {
        Self::parse(&self.name).0
    }

    /// The kind of a topic name and, for a typed one, its id.
    pub(crate) fn parse(name: &str) -> (TopicKind, Option<&str>) {
        TEMPLATES
            .iter()
            .find_map(|t| {
                let id = name.strip_prefix(t.prefix)?.strip_suffix(t.suffix)?;
                is_id(id).then_some((t.kind, Some(id)))
            })
            .unwrap_or((TopicKind::Other, None))
    }

    fn from_template(template: &Template, id: &str) -> Result<Self, NotificationError> {
        if !is_id(id) {
            return Err(NotificationError::InvalidTopicId(id.to_owned()));
        }
        Ok(Self {
            name: format!("{}{id}{}", template.prefix, template.suffix),
        })
    }
}

/// An id fills one segment of a topic name: it must not add segments (`.`) or be empty. Ids are GUIDs and room
/// JIDs (`...@conference.example.com` has dots, so a JID is not an id here: use the room's id).
fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl fmt::Debug for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Topic({})", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_render_the_genesys_names_and_parse_back() {
        let id = "2b7d6a5e-1c2f-4e3a-9b8c-0d1e2f3a4b5c";
        let cases = [
            (
                Topic::chat_badges(id),
                "v2.users.",
                ".badges.chats",
                TopicKind::ChatBadges,
            ),
            (
                Topic::adhoc_chat_messages(id),
                "v2.detail.events.collaboratechat.adhoc.",
                ".messages",
                TopicKind::AdhocChatMessages,
            ),
            (
                Topic::group_chat_messages(id),
                "v2.detail.events.collaboratechat.group.",
                ".messages",
                TopicKind::GroupChatMessages,
            ),
            (
                Topic::user_presence(id),
                "v2.users.",
                ".presence",
                TopicKind::UserPresence,
            ),
        ];
        for (topic, prefix, suffix, kind) in cases {
            let topic = topic.unwrap();
            assert_eq!(topic.name(), format!("{prefix}{id}{suffix}"));
            assert_eq!(Topic::parse(topic.name()), (kind, Some(id)));
            assert_eq!(topic.kind(), kind);
        }
    }

    #[test]
    fn ids_cannot_change_the_topic() {
        for bad in [
            "",
            "a.b",
            "x.presence",
            "a b",
            "room@conference.example.com",
            "é",
        ] {
            assert!(
                matches!(
                    Topic::user_presence(bad),
                    Err(NotificationError::InvalidTopicId(_))
                ),
                "{bad:?}"
            );
        }
        assert!(Topic::other("v2 users").is_err());
        assert!(Topic::other("").is_err());
        let other = Topic::other("v2.users.abc.conversations").unwrap();
        assert_eq!(other.kind(), TopicKind::Other);
        assert_eq!(
            Topic::parse("v2.users.a.b.presence"),
            (TopicKind::Other, None)
        );
    }
}

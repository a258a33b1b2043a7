//! Every generated operation against a real HTTP server on loopback, checked against `spec/`.
//!
//! Each case calls one generated method with distinctive values (path parameters that need
//! percent-encoding, every optional query parameter, a body built from the model) against its
//! own `wiremock` server, which answers with the operation's 2xx status from the spec. What
//! arrived is then compared with the spec itself, read from `spec/*.yaml` — not with the
//! generated code: the HTTP method, the path (the template with each `{param}` replaced by the
//! percent-encoded value), the query parameters (declared by the operation, with the values
//! set), the JSON body (properties of the request schema, including the ones set) and the
//! headers.

use std::collections::{BTreeMap, BTreeSet};
use std::future::IntoFuture;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use genesys_cloud::models;
use genesys_cloud::runtime::BoxFuture;
use genesys_cloud::{Client, Error, RetryPolicy};
use serde_json::{Map, Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "t";

// ---- the values sent ----

// Path parameters, one distinct value per parameter name, most with characters that must be
// percent-encoded (so a `/` that created a new segment, or two swapped parameters, show up in
// the received path).
const ROOM_JID: &str = "room@conference.example.com";
const PARTICIPANT_JID: &str = "agent#7@example.com";
const USER_ID: &str = "a/b c";
const MESSAGE_ID: &str = "msg:1/2";
const MESSAGE_IDS: &str = "m1,m2";
const PINNED_MESSAGE_ID: &str = "pin?x=1&y";
const THREAD_ID: &str = "thread%20x";
const DEPLOYMENT_ID: &str = "dép/1";
const CHANNEL_ID: &str = "streaming-1/x?";

/// The value each case passes for a path parameter, by its name in the spec.
const PATH_VALUES: &[(&str, &str)] = &[
    ("roomJid", ROOM_JID),
    ("participantJid", PARTICIPANT_JID),
    ("userId", USER_ID),
    ("messageId", MESSAGE_ID),
    ("messageIds", MESSAGE_IDS),
    ("pinnedMessageId", PINNED_MESSAGE_ID),
    ("threadId", THREAD_ID),
    ("deploymentId", DEPLOYMENT_ID),
    ("channelId", CHANNEL_ID),
];

// Query parameters (`+` and `:` must be percent-encoded to arrive intact).
const LIMIT: &str = "25";
const BEFORE: &str = "2024-05-01T12:00:00.000Z";
const AFTER: &str = "2024-04-01T08:30:00+02:00";
const HISTORY_QUERY: &[(&str, &str)] = &[
    ("limit", LIMIT),
    ("before", BEFORE),
    ("after", AFTER),
    ("excludeMetadata", "true"),
];

// ---- the cases ----

/// Sends one generated request; the decoded response is dropped (decoding must succeed).
type Call = for<'a> fn(&'a Client) -> BoxFuture<'a, Result<(), Error>>;

/// One operation: how to call it and what the call sets. The rest (method, path template,
/// declared parameters, schemas, success status) comes from the spec.
struct Case {
    operation_id: &'static str,
    call: Call,
    /// The query parameters the call sets, as `(name, value)`; an array sets one pair per item.
    query: &'static [(&'static str, &'static str)],
    /// The JSON the call's body must arrive as (at least these properties, with these values).
    body: Option<Value>,
    /// The 2xx response body the server answers with; `None` for operations without one.
    response: Option<Value>,
}

impl Case {
    fn new(operation_id: &'static str, call: Call) -> Self {
        Case {
            operation_id,
            call,
            query: &[],
            body: None,
            response: None,
        }
    }

    fn query(mut self, query: &'static [(&'static str, &'static str)]) -> Self {
        self.query = query;
        self
    }

    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    fn responds(mut self, response: Value) -> Self {
        self.response = Some(response);
        self
    }
}

/// Boxes the future of a generated request.
fn send<'a, R, T>(request: R) -> BoxFuture<'a, Result<(), Error>>
where
    R: IntoFuture<Output = Result<T, Error>> + Send + 'a,
    R::IntoFuture: Send,
    T: Send + 'a,
{
    Box::pin(async move { request.await.map(drop) })
}

/// One case per operation in `spec/`, in the order of the generated docs.
#[allow(deprecated)] // the WebChat operations and `/api/v2/chat/settings` are deprecated
fn cases() -> Vec<Case> {
    vec![
        // Chat
        Case::new("deleteChatsRoomMessage", |c| {
            send(c.chat().delete_chats_room_message(ROOM_JID, MESSAGE_ID))
        }),
        Case::new("deleteChatsRoomMessagesPin", |c| {
            send(
                c.chat()
                    .delete_chats_room_messages_pin(ROOM_JID, PINNED_MESSAGE_ID),
            )
        }),
        Case::new("deleteChatsRoomParticipant", |c| {
            send(c.chat().delete_chats_room_participant(ROOM_JID, USER_ID))
        }),
        Case::new("deleteChatsUserMessage", |c| {
            send(c.chat().delete_chats_user_message(USER_ID, MESSAGE_ID))
        }),
        Case::new("deleteChatsUserMessagesPin", |c| {
            send(
                c.chat()
                    .delete_chats_user_messages_pin(USER_ID, PINNED_MESSAGE_ID),
            )
        }),
        Case::new("deleteChatsUsersMeSettings", |c| {
            send(c.chat().delete_chats_users_me_settings())
        }),
        Case::new("getChatSettings", |c| send(c.chat().get_chat_settings()))
            .responds(chat_settings()),
        Case::new("getChatsMessage", |c| {
            send(c.chat().get_chats_message(MESSAGE_ID))
        })
        .responds(chat_message()),
        Case::new("getChatsRoom", |c| send(c.chat().get_chats_room(ROOM_JID))).responds(room()),
        Case::new("getChatsRoomMessage", |c| {
            send(c.chat().get_chats_room_message(ROOM_JID, MESSAGE_IDS))
        })
        .responds(chat_messages()),
        Case::new("getChatsRoomMessages", |c| {
            send(
                c.chat()
                    .get_chats_room_messages(ROOM_JID)
                    .limit(LIMIT)
                    .before(BEFORE)
                    .after(AFTER)
                    .exclude_metadata(true),
            )
        })
        .query(HISTORY_QUERY)
        .responds(chat_messages()),
        Case::new("getChatsRoomParticipant", |c| {
            send(
                c.chat()
                    .get_chats_room_participant(ROOM_JID, PARTICIPANT_JID),
            )
        })
        .responds(json!({ "participantJid": PARTICIPANT_JID })),
        Case::new("getChatsRoomParticipants", |c| {
            send(c.chat().get_chats_room_participants(ROOM_JID).notify(true))
        })
        .query(&[("notify", "true")])
        .responds(
            json!({ "participants": [{ "jid": PARTICIPANT_JID, "user": { "id": "user-7" } }] }),
        ),
        Case::new("getChatsSettings", |c| send(c.chat().get_chats_settings()))
            .responds(chat_settings()),
        Case::new("getChatsThreadMessages", |c| {
            send(
                c.chat()
                    .get_chats_thread_messages(THREAD_ID)
                    .limit(LIMIT)
                    .before(BEFORE)
                    .after(AFTER)
                    .exclude_metadata(true),
            )
        })
        .query(HISTORY_QUERY)
        .responds(chat_messages()),
        Case::new("getChatsUser", |c| send(c.chat().get_chats_user(USER_ID)))
            .responds(json!({ "pinnedMessages": [{ "id": "msg-1" }] })),
        Case::new("getChatsUserMessage", |c| {
            send(c.chat().get_chats_user_message(USER_ID, MESSAGE_IDS))
        })
        .responds(chat_messages()),
        Case::new("getChatsUserMessages", |c| {
            send(
                c.chat()
                    .get_chats_user_messages(USER_ID)
                    .limit(LIMIT)
                    .before(BEFORE)
                    .after(AFTER)
                    .exclude_metadata(true),
            )
        })
        .query(HISTORY_QUERY)
        .responds(chat_message()),
        Case::new("getChatsUserSettings", |c| {
            send(c.chat().get_chats_user_settings(USER_ID))
        })
        .responds(chat_user_settings().1),
        Case::new("getChatsUsersMeSettings", |c| {
            send(c.chat().get_chats_users_me_settings())
        })
        .responds(user_settings_for_chat().1),
        Case::new("patchChatSettings", |c| {
            send(c.chat().patch_chat_settings(&chat_settings_body().0))
        })
        .body(chat_settings_body().1)
        .responds(chat_settings()),
        Case::new("patchChatsRoom", |c| {
            send(c.chat().patch_chats_room(ROOM_JID, &room_update().0))
        })
        .body(room_update().1),
        Case::new("patchChatsRoomMessage", |c| {
            send(
                c.chat()
                    .patch_chats_room_message(ROOM_JID, MESSAGE_ID, &send_message().0),
            )
        })
        .body(send_message().1)
        .responds(json!({ "id": "msg-1" })),
        Case::new("patchChatsSettings", |c| {
            send(c.chat().patch_chats_settings(&chat_settings_body().0))
        })
        .body(chat_settings_body().1)
        .responds(chat_settings()),
        Case::new("patchChatsUserMessage", |c| {
            send(
                c.chat()
                    .patch_chats_user_message(USER_ID, MESSAGE_ID, &send_message().0),
            )
        })
        .body(send_message().1)
        .responds(json!({ "id": "msg-1" })),
        Case::new("patchChatsUserSettings", |c| {
            send(
                c.chat()
                    .patch_chats_user_settings(USER_ID, &chat_user_settings().0),
            )
        })
        .body(chat_user_settings().1)
        .responds(chat_user_settings().1),
        Case::new("patchChatsUsersMeSettings", |c| {
            send(
                c.chat()
                    .patch_chats_users_me_settings(&user_settings_for_chat().0),
            )
        })
        .body(user_settings_for_chat().1)
        .responds(user_settings_for_chat().1),
        Case::new("postChatsRoomMessages", |c| {
            send(
                c.chat()
                    .post_chats_room_messages(ROOM_JID, &send_message().0),
            )
        })
        .body(send_message().1)
        .responds(json!({ "id": "msg-1" })),
        Case::new("postChatsRoomMessagesPins", |c| {
            send(
                c.chat()
                    .post_chats_room_messages_pins(ROOM_JID, &pinned_messages().0),
            )
        })
        .body(pinned_messages().1),
        Case::new("postChatsRoomParticipant", |c| {
            send(c.chat().post_chats_room_participant(ROOM_JID, USER_ID))
        }),
        Case::new("postChatsRooms", |c| {
            send(c.chat().post_chats_rooms(&create_room().0))
        })
        .body(create_room().1)
        .responds(json!({ "jid": ROOM_JID })),
        Case::new("postChatsUserMessages", |c| {
            send(
                c.chat()
                    .post_chats_user_messages(USER_ID, &send_message().0),
            )
        })
        .body(send_message().1)
        .responds(json!({ "id": "msg-1" })),
        Case::new("postChatsUserMessagesPins", |c| {
            send(
                c.chat()
                    .post_chats_user_messages_pins(USER_ID, &pinned_messages().0),
            )
        })
        .body(pinned_messages().1),
        Case::new("postChatsUsersMeSettings", |c| {
            send(
                c.chat()
                    .post_chats_users_me_settings(&user_chat_settings_post().0),
            )
        })
        .body(user_chat_settings_post().1),
        Case::new("putChatSettings", |c| {
            send(c.chat().put_chat_settings(&chat_settings_body().0))
        })
        .body(chat_settings_body().1)
        .responds(chat_settings()),
        Case::new("putChatsMessageReactions", |c| {
            send(
                c.chat()
                    .put_chats_message_reactions(MESSAGE_ID, &reaction_update().0),
            )
        })
        .body(reaction_update().1),
        Case::new("putChatsSettings", |c| {
            send(c.chat().put_chats_settings(&chat_settings_body().0))
        })
        .body(chat_settings_body().1)
        .responds(chat_settings()),
        // Notifications
        Case::new("deleteNotificationsChannelSubscriptions", |c| {
            send(
                c.notifications()
                    .delete_notifications_channel_subscriptions(CHANNEL_ID),
            )
        }),
        Case::new("getNotificationsAvailabletopics", |c| {
            send(
                c.notifications()
                    .get_notifications_availabletopics()
                    .expand(&[
                        models::GetNotificationsAvailabletopicsExpandItem::Schema,
                        models::GetNotificationsAvailabletopicsExpandItem::TopicParameters,
                    ])
                    .include_preview(false),
            )
        })
        .query(&[
            ("expand", "schema"),
            ("expand", "topicParameters"),
            ("includePreview", "false"),
        ])
        .responds(
            json!({ "entities": [{ "id": "v2.users.{id}.presence", "topicParameters": ["id"] }] }),
        ),
        Case::new("getNotificationsChannelSubscriptions", |c| {
            send(
                c.notifications()
                    .get_notifications_channel_subscriptions(CHANNEL_ID),
            )
        })
        .responds(channel_topics()),
        Case::new("getNotificationsChannels", |c| {
            send(
                c.notifications()
                    .get_notifications_channels()
                    .includechannels(models::GetNotificationsChannelsIncludechannels::Oauthclient),
            )
        })
        .query(&[("includechannels", "oauthclient")])
        .responds(json!({ "entities": [channel()] })),
        Case::new("headNotificationsChannel", |c| {
            send(c.notifications().head_notifications_channel(CHANNEL_ID))
        }),
        Case::new("postNotificationsChannelSubscriptions", |c| {
            send(
                c.notifications()
                    .post_notifications_channel_subscriptions(CHANNEL_ID, &channel_topic_body().0)
                    .ignore_errors(true),
            )
        })
        .query(&[("ignoreErrors", "true")])
        .body(channel_topic_body().1)
        .responds(channel_topics()),
        Case::new("postNotificationsChannels", |c| {
            send(c.notifications().post_notifications_channels())
        })
        .responds(channel()),
        Case::new("putNotificationsChannelSubscriptions", |c| {
            send(
                c.notifications()
                    .put_notifications_channel_subscriptions(CHANNEL_ID, &channel_topic_body().0)
                    .ignore_errors(true),
            )
        })
        .query(&[("ignoreErrors", "true")])
        .body(channel_topic_body().1)
        .responds(channel_topics()),
        // WebChat
        Case::new("deleteWebchatDeployment", |c| {
            send(c.webchat().delete_webchat_deployment(DEPLOYMENT_ID))
        }),
        Case::new("deleteWebchatSettings", |c| {
            send(c.webchat().delete_webchat_settings())
        }),
        Case::new("getWebchatDeployment", |c| {
            send(c.webchat().get_webchat_deployment(DEPLOYMENT_ID))
        })
        .responds(webchat_deployment()),
        Case::new("getWebchatDeployments", |c| {
            send(c.webchat().get_webchat_deployments())
        })
        .responds(json!({ "total": 1, "entities": [webchat_deployment()] })),
        Case::new("getWebchatSettings", |c| {
            send(c.webchat().get_webchat_settings())
        })
        .responds(json!({ "requireDeployment": true })),
        Case::new("postWebchatDeployments", |c| {
            send(
                c.webchat()
                    .post_webchat_deployments(&webchat_deployment_body().0),
            )
        })
        .body(webchat_deployment_body().1)
        .responds(webchat_deployment()),
        Case::new("putWebchatDeployment", |c| {
            send(
                c.webchat()
                    .put_webchat_deployment(DEPLOYMENT_ID, &webchat_deployment_body().0),
            )
        })
        .body(webchat_deployment_body().1)
        .responds(webchat_deployment()),
        Case::new("putWebchatSettings", |c| {
            send(c.webchat().put_webchat_settings(&webchat_settings_body().0))
        })
        .body(webchat_settings_body().1)
        .responds(json!({ "requireDeployment": false })),
    ]
}

// ---- request bodies: the model as a caller builds it, and the JSON it must arrive as ----

fn send_message() -> (models::SendMessageBody, Value) {
    let model = models::SendMessageBody {
        message: "hello, room".into(),
        mentions: Some(vec!["user-7".into()]),
        thread_id: Some("thread-3".into()),
    };
    let json = json!({ "message": "hello, room", "mentions": ["user-7"], "threadId": "thread-3" });
    (model, json)
}

fn chat_settings_body() -> (models::ChatSettings, Value) {
    let model = models::ChatSettings {
        message_retention_period_days: Some(90),
        reactions_enabled: Some(false),
    };
    let json = json!({ "messageRetentionPeriodDays": 90, "reactionsEnabled": false });
    (model, json)
}

fn mobile_settings() -> models::MobileSettings {
    models::MobileSettings {
        notifications: models::MobileNotificationSettings {
            when: models::MobileNotificationSettingsWhen::OnlyWhenInactive,
        },
    }
}

fn chat_user_settings() -> (models::ChatUserSettings, Value) {
    let model = models::ChatUserSettings {
        mobile: mobile_settings(),
    };
    let json = json!({ "mobile": { "notifications": { "when": "OnlyWhenInactive" } } });
    (model, json)
}

fn user_settings_for_chat() -> (models::UserSettingsForChat, Value) {
    let model = models::UserSettingsForChat {
        muted: Some(true),
        mentions_only: Some(false),
        notify_on_reactions: None,
        mobile: mobile_settings(),
    };
    let json = json!({
        "muted": true,
        "mentionsOnly": false,
        "mobile": { "notifications": { "when": "OnlyWhenInactive" } },
    });
    (model, json)
}

fn room_update() -> (models::RoomUpdateRequest, Value) {
    let model = models::RoomUpdateRequest {
        subject: Some("Release planning".into()),
        pinned_message_ids: Some(vec!["msg-1".into(), "msg-2".into()]),
        owner_ids: Some(vec!["user-7".into()]),
        ..Default::default()
    };
    let json = json!({
        "subject": "Release planning",
        "pinnedMessageIds": ["msg-1", "msg-2"],
        "ownerIds": ["user-7"],
    });
    (model, json)
}

fn user_chat_settings_post() -> (models::UserChatSettingsPost, Value) {
    let model = models::UserChatSettingsPost {
        muted: false,
        mentions_only: Some(true),
        notify_on_reactions: None,
    };
    (model, json!({ "muted": false, "mentionsOnly": true }))
}

fn pinned_messages() -> (models::PinnedMessageRequest, Value) {
    let model = models::PinnedMessageRequest {
        pinned_message_ids: vec!["msg-1".into(), "msg-2".into()],
    };
    (model, json!({ "pinnedMessageIds": ["msg-1", "msg-2"] }))
}

fn create_room() -> (models::CreateRoomRequest, Value) {
    let model = models::CreateRoomRequest {
        subject: "Incident 42".into(),
        description: Some("war room".into()),
        user_ids: Some(vec!["user-7".into(), "user-8".into()]),
    };
    let json = json!({
        "subject": "Incident 42",
        "description": "war room",
        "userIds": ["user-7", "user-8"],
    });
    (model, json)
}

fn reaction_update() -> (models::ChatReactionUpdate, Value) {
    let model = models::ChatReactionUpdate {
        reactions: vec!["thumbsup".into(), "tada".into()],
    };
    (model, json!({ "reactions": ["thumbsup", "tada"] }))
}

fn webchat_deployment_body() -> (models::WebChatDeployment, Value) {
    let model = models::WebChatDeployment {
        name: Some("Support site".into()),
        authentication_required: Some(true),
        allowed_domains: Some(vec!["example.com".into()]),
        web_chat_config: Some(models::WebChatConfig {
            web_chat_skin: Some(models::WebChatConfigWebChatSkin::ModernCaretSkin),
        }),
        flow: Some(models::DomainEntityRef {
            id: Some("flow-1".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let json = json!({
        "name": "Support site",
        "authenticationRequired": true,
        "allowedDomains": ["example.com"],
        "webChatConfig": { "webChatSkin": "modern-caret-skin" },
        "flow": { "id": "flow-1" },
    });
    (model, json)
}

fn webchat_settings_body() -> (models::WebChatSettings, Value) {
    let model = models::WebChatSettings {
        require_deployment: Some(true),
    };
    (model, json!({ "requireDeployment": true }))
}

// ---- responses: minimal valid bodies of the return types ----

fn channel_topic_body() -> (Vec<models::ChannelTopic>, Value) {
    let topic = "v2.users.u-1.presence";
    let body = vec![models::ChannelTopic {
        id: Some(topic.to_owned()),
        ..Default::default()
    }];
    (body, json!([{ "id": topic }]))
}

fn channel_topics() -> Value {
    json!({ "entities": [{ "id": "v2.users.u-1.presence", "state": "Permitted" }] })
}

fn channel() -> Value {
    json!({ "id": "streaming-1", "connectUri": "wss://streaming.mypurecloud.com/channels/streaming-1",
            "expires": "2026-01-02T00:00:00Z" })
}

fn chat_message() -> Value {
    json!({
        "id": "msg-1",
        "dateCreated": "2024-05-01T12:00:00.000Z",
        "toJid": ROOM_JID,
        "jid": "user-7@example.com",
        "body": "hi",
        "thread": { "id": "thread-3" },
    })
}

fn chat_messages() -> Value {
    json!({ "entities": [chat_message()] })
}

fn chat_settings() -> Value {
    json!({ "messageRetentionPeriodDays": 30, "reactionsEnabled": true })
}

fn room() -> Value {
    json!({
        "id": "room-1",
        "jid": ROOM_JID,
        "roomType": "adhoc",
        "dateCreated": "2024-05-01T12:00:00.000Z",
        "participantLimit": 25,
    })
}

fn webchat_deployment() -> Value {
    json!({ "id": "dep-1", "name": "Support site", "webChatConfig": { "webChatSkin": "basic" } })
}

// ---- the tests ----

#[tokio::test]
async fn every_operation_sends_what_the_spec_says() {
    let cases = cases();
    let total = cases.len();
    let mut failures = Vec::new();
    // Each case runs in its own task, so a failing operation does not hide the others.
    for case in cases {
        let id = case.operation_id;
        if let Err(error) = tokio::spawn(run_case(case)).await {
            failures.push(match error.try_into_panic() {
                Ok(panic) => panic_message(panic.as_ref()),
                Err(error) => format!("{id}: the task did not finish: {error}"),
            });
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} operations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn cases_cover_exactly_the_operations_of_the_spec_and_the_client() {
    let cases = cases();
    let mut case_ids = BTreeSet::new();
    for case in &cases {
        assert!(
            case_ids.insert(case.operation_id),
            "two cases for {}",
            case.operation_id
        );
    }
    let spec_ids: BTreeSet<&str> = spec().operations.keys().map(String::as_str).collect();
    let client_ids: BTreeSet<&str> = genesys_cloud::all_operations()
        .map(|meta| meta.method_name)
        .collect();

    let missing: Vec<_> = spec_ids.difference(&case_ids).collect();
    let extra: Vec<_> = case_ids.difference(&spec_ids).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "operations in spec/ without a case here: {missing:?}; cases for operations not in spec/: {extra:?}"
    );
    let missing: Vec<_> = spec_ids.difference(&client_ids).collect();
    let extra: Vec<_> = client_ids.difference(&spec_ids).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "operations in spec/ missing from all_operations(): {missing:?}; in all_operations() but not in spec/: {extra:?}"
    );

    for meta in genesys_cloud::all_operations() {
        let op = spec().operation(meta.method_name);
        assert_eq!(
            meta.http_method.as_str(),
            op.method,
            "{}: HTTP method",
            meta.method_name
        );
        assert_eq!(meta.path, op.path, "{}: path template", meta.method_name);
    }
}

#[tokio::test]
async fn enum_values_the_spec_does_not_know_decode_as_unknown() {
    let room_types = spec().enum_values("Room", "roomType");
    assert!(
        !room_types.contains(&"holoDeck"),
        "the spec knows roomType holoDeck: {room_types:?}"
    );
    let server = server_responding(json!({ "id": "room-1", "roomType": "holoDeck" })).await;
    let room = client(&server)
        .chat()
        .get_chats_room(ROOM_JID)
        .await
        .expect("getChatsRoom decodes a room whose roomType the spec does not know");
    assert_eq!(
        room.room_type,
        Some(models::RoomRoomType::Unknown("holoDeck".into()))
    );
    let echoed = serde_json::to_value(&room).expect("a Room serializes");
    assert_eq!(
        echoed["roomType"], "holoDeck",
        "the unknown value serializes back unchanged"
    );

    // A required enum field, nested: `mobile.notifications.when`.
    let whens = spec().enum_values("MobileNotificationSettings", "when");
    assert!(
        !whens.contains(&"OnWeekends"),
        "the spec knows when OnWeekends: {whens:?}"
    );
    let server = server_responding(json!({
        "muted": false,
        "mobile": { "notifications": { "when": "OnWeekends" } },
    }))
    .await;
    let settings = client(&server)
        .chat()
        .get_chats_users_me_settings()
        .await
        .expect("getChatsUsersMeSettings decodes settings whose `when` the spec does not know");
    assert_eq!(
        settings.mobile.notifications.when,
        models::MobileNotificationSettingsWhen::Unknown("OnWeekends".into())
    );
}

#[tokio::test]
async fn requests_own_their_client_and_can_be_spawned() {
    let server = server_responding(chat_settings()).await;
    let client = client(&server);
    // The requests hold their own handle to the client, so their futures are `Send + 'static`:
    // no clone moved into an `async move` block, and dropping `client` does not end them.
    let settings = tokio::spawn(client.chat().get_chats_settings().send());
    let history = tokio::spawn(
        client
            .chat()
            .get_chats_room_messages(ROOM_JID)
            .limit(LIMIT)
            .into_future(),
    );
    drop(client);
    settings
        .await
        .expect("the spawned task completes")
        .expect("getChatsSettings succeeds");
    history
        .await
        .expect("the spawned task completes")
        .expect("getChatsRoomMessages succeeds");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
}

#[test]
fn the_prelude_reaches_operation_metadata() {
    use genesys_cloud::prelude::*;
    // `META` is an associated const of the `Operation` trait, which the prelude brings into scope.
    assert_eq!(
        genesys_cloud::chat::GetChatsRoom::META.path,
        "/api/v2/chats/rooms/{roomJid}"
    );
}

#[tokio::test]
async fn a_user_only_operation_with_client_credentials_says_so_without_sending() {
    let server = server_responding(json!({})).await;
    let without_user = Client::builder()
        .base_url(server.uri())
        .login_url(server.uri())
        .client_credentials("client-id", "client-secret")
        .build()
        .expect("a client-credentials client");
    let err = without_user
        .chat()
        .get_chats_users_me_settings()
        .await
        .expect_err("a client-credentials token has no user");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("client-credentials token has no user") && message.contains("UserLogin"),
        "{message}"
    );
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(0));
    // With a user's token (here a bearer token) the request goes out; the mock's `{}` is not
    // a valid answer, which does not matter here.
    let _ = client(&server).chat().get_chats_users_me_settings().await;
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));
}

// ---- the harness ----

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a client for the loopback mock server")
}

async fn server_responding(body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// Calls the case's operation against a fresh server and checks the one request that arrived
/// against the spec. Panics, naming the operation, on the first mismatch.
async fn run_case(case: Case) {
    let id = case.operation_id;
    let spec = spec();
    let op = spec.operation(id);
    for param in &op.parameters {
        let location = param["in"].as_str().unwrap_or_default();
        assert!(
            matches!(location, "path" | "query"),
            "{id}: parameter {} is in `{location}`, which this harness does not check yet",
            param["name"]
        );
    }

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(success_response(spec, op, &case))
        .mount(&server)
        .await;
    if let Err(error) = (case.call)(&client(&server)).await {
        panic!("{id}: the call failed: {error}");
    }

    let requests = server
        .received_requests()
        .await
        .expect("the mock server records requests");
    assert_eq!(requests.len(), 1, "{id}: requests received: {requests:?}");
    let request = &requests[0];

    assert_eq!(request.method.as_str(), op.method, "{id}: HTTP method");
    assert_eq!(
        request.url.path(),
        expected_path(id, &op.path),
        "{id}: path"
    );
    check_query(spec, op, &case, request);
    check_headers_and_body(spec, op, &case, request);
}

/// The spec's single 2xx response for the operation, with the case's body (checked against
/// the response schema) when the spec's response has one.
fn success_response(spec: &Spec, op: &SpecOperation, case: &Case) -> ResponseTemplate {
    let id = case.operation_id;
    let responses = op.definition["responses"]
        .as_object()
        .unwrap_or_else(|| panic!("{id}: the spec has no responses"));
    let success: Vec<_> = responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .collect();
    let [(code, response)] = &success[..] else {
        panic!(
            "{id}: expected exactly one 2xx response in the spec, found {}",
            success.len()
        );
    };
    let status: u16 = code
        .parse()
        .unwrap_or_else(|e| panic!("{id}: response code {code:?} is not a number: {e}"));
    match (spec.json_schema(response), &case.response) {
        (Some(schema), Some(body)) => {
            check_object_against_schema(spec, schema, body, &format!("{id}: response fixture"));
            ResponseTemplate::new(status).set_body_json(body)
        }
        (None, None) => ResponseTemplate::new(status),
        (Some(_), None) => {
            panic!("{id}: the spec's {code} response has a JSON body; give the case one")
        }
        (None, Some(_)) => panic!("{id}: the spec's {code} response has no body; drop the case's"),
    }
}

/// The spec's path template with each `{param}` replaced by the percent-encoded value the
/// cases pass for it.
fn expected_path(id: &str, template: &str) -> String {
    let mut path = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .unwrap_or_else(|| panic!("{id}: unclosed `{{` in {template}"))
            + start;
        let name = &rest[start + 1..end];
        let value = PATH_VALUES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| {
                panic!("{id}: add a value for path parameter `{name}` to PATH_VALUES")
            });
        path.push_str(&rest[..start]);
        path.push_str(&encode_path_segment(value));
        rest = &rest[end + 1..];
    }
    path.push_str(rest);
    path
}

/// Percent-encodes everything but RFC 3986 unreserved characters (`A-Za-z0-9-._~`) and `@`.
fn encode_path_segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Every query parameter received is declared by the operation, every declared one is set by
/// the case, and each arrived with the value(s) set, serialized as the spec's style says.
fn check_query(spec: &Spec, op: &SpecOperation, case: &Case, request: &wiremock::Request) {
    let id = case.operation_id;
    let declared: BTreeMap<&str, &Value> = op
        .parameters
        .iter()
        .filter(|p| p["in"] == "query")
        .map(|p| (p["name"].as_str().expect("a parameter has a name"), p))
        .collect();
    let set: BTreeSet<&str> = case.query.iter().map(|(name, _)| *name).collect();
    let unset: Vec<_> = declared
        .keys()
        .filter(|name| !set.contains(*name))
        .collect();
    assert!(
        unset.is_empty(),
        "{id}: the case does not set query parameter(s) {unset:?}"
    );

    let mut received: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in request.url.query_pairs() {
        received
            .entry(name.into_owned())
            .or_default()
            .push(value.into_owned());
    }
    let undeclared: Vec<_> = received
        .keys()
        .filter(|name| !declared.contains_key(name.as_str()))
        .collect();
    assert!(
        undeclared.is_empty(),
        "{id}: query parameter(s) {undeclared:?} are not declared in the spec (query: {:?})",
        request.url.query()
    );

    for (name, param) in &declared {
        let expected: Vec<&str> = case
            .query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| *v)
            .collect();
        let values = received.get(*name).cloned().unwrap_or_default();
        let schema = spec.resolve(&param["schema"]);
        let values = if schema["type"] == "array" && !explodes(param) {
            let [joined] = &values[..] else {
                panic!("{id}: `{name}` (explode: false) should arrive once, got {values:?}");
            };
            joined.split(',').map(str::to_owned).collect()
        } else {
            values
        };
        if schema["type"] != "array" {
            assert_eq!(
                values.len(),
                1,
                "{id}: `{name}` should arrive once, got {values:?}"
            );
        }
        assert_eq!(
            values, expected,
            "{id}: value(s) of query parameter `{name}`"
        );
    }
}

/// Whether an array query parameter is sent as one pair per item (OpenAPI's default for
/// `in: query` is `style: form`, which explodes unless `explode: false`).
fn explodes(param: &Value) -> bool {
    let style = param["style"].as_str().unwrap_or("form");
    param["explode"].as_bool().unwrap_or(style == "form")
}

fn check_headers_and_body(
    spec: &Spec,
    op: &SpecOperation,
    case: &Case,
    request: &wiremock::Request,
) {
    let id = case.operation_id;
    let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(
        header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str()),
        "{id}: Authorization"
    );
    assert_eq!(header("accept"), Some("application/json"), "{id}: Accept");

    let schema = op.definition.get("requestBody").map(|body| {
        spec.json_schema(body).unwrap_or_else(|| {
            panic!("{id}: the spec's requestBody has no application/json schema")
        })
    });
    match (schema, &case.body) {
        (Some(schema), Some(expected)) => {
            assert_eq!(
                header("content-type"),
                Some("application/json"),
                "{id}: Content-Type"
            );
            let sent: Value = serde_json::from_slice(&request.body).unwrap_or_else(|e| {
                panic!(
                    "{id}: the body is not JSON ({e}): {}",
                    String::from_utf8_lossy(&request.body)
                )
            });
            check_body(
                spec,
                schema,
                &sent,
                expected,
                &format!("{id}: request body"),
            );
        }
        (None, None) => {
            assert!(
                request.body.is_empty(),
                "{id}: the spec has no requestBody but a body was sent: {}",
                String::from_utf8_lossy(&request.body)
            );
            assert_eq!(
                header("content-type"),
                None,
                "{id}: Content-Type without a body"
            );
        }
        (Some(_), None) => panic!("{id}: the spec has a requestBody; give the case one"),
        (None, Some(_)) => panic!("{id}: the spec has no requestBody; drop the case's"),
    }
}

/// `value` is a JSON object whose keys are all properties of `schema` and which has all of its
/// required properties.
/// Checks a sent body against its schema (an object, or an array of objects item by item) and against the
/// properties the case set.
fn check_body(spec: &Spec, schema: &Value, sent: &Value, expected: &Value, what: &str) {
    let schema = spec.resolve(schema);
    if let Some(items) = schema.get("items") {
        let sent = sent
            .as_array()
            .unwrap_or_else(|| panic!("{what} is not an array: {sent}"));
        let expected = expected
            .as_array()
            .expect("a case's array body is a JSON array");
        assert_eq!(sent.len(), expected.len(), "{what}: items in {sent:?}");
        for (i, (sent, expected)) in sent.iter().zip(expected).enumerate() {
            check_body(spec, items, sent, expected, &format!("{what}[{i}]"));
        }
        return;
    }
    check_object_against_schema(spec, schema, sent, what);
    let sent = sent.as_object().expect("checked to be an object");
    for (name, value) in expected
        .as_object()
        .expect("a case's body is a JSON object")
    {
        assert_eq!(
            sent.get(name),
            Some(value),
            "{what}: property `{name}` in {sent:?}"
        );
    }
}

fn check_object_against_schema(spec: &Spec, schema: &Value, value: &Value, what: &str) {
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not a JSON object: {value}"));
    let (properties, required) = spec.object_shape(schema);
    let unknown: Vec<_> = object.keys().filter(|k| !properties.contains(*k)).collect();
    assert!(
        unknown.is_empty(),
        "{what}: {unknown:?} are not properties of the schema (it has {properties:?})"
    );
    let missing: Vec<_> = required
        .iter()
        .filter(|k| !object.contains_key(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "{what}: required properties {missing:?} are missing"
    );
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

// ---- the spec, read from spec/*.yaml ----

struct Spec {
    /// By `operationId`.
    operations: BTreeMap<String, SpecOperation>,
    /// `components` of every file, merged: kind (`schemas`, `responses`, ...) → name → definition.
    components: Map<String, Value>,
}

struct SpecOperation {
    /// Upper case, e.g. `GET`.
    method: String,
    path: String,
    /// The path item's and the operation's parameters, `$ref`s resolved.
    parameters: Vec<Value>,
    definition: Value,
}

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(Spec::load)
}

impl Spec {
    fn load() -> Spec {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|entry| entry.expect("a directory entry of spec/").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no *.yaml in {}", dir.display());

        let mut paths = Vec::new();
        let mut components = Map::new();
        for file in &files {
            let text = std::fs::read_to_string(file)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            let doc: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| {
                panic!("{} is not a YAML OpenAPI document: {e}", file.display())
            });
            if let Some(items) = doc["paths"].as_object() {
                paths.extend(items.clone());
            }
            if let Some(kinds) = doc.get("components").and_then(Value::as_object) {
                for (kind, definitions) in kinds {
                    let merged = components.entry(kind.clone()).or_insert_with(|| json!({}));
                    for (name, definition) in definitions.as_object().into_iter().flatten() {
                        merged[name] = definition.clone();
                    }
                }
            }
        }

        let mut spec = Spec {
            operations: BTreeMap::new(),
            components,
        };
        for (path, item) in paths {
            for method in [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ] {
                let Some(definition) = item.get(method) else {
                    continue;
                };
                let id = definition["operationId"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{method} {path} has no operationId"))
                    .to_owned();
                // Operation parameters override path-item ones of the same name and location.
                let mut parameters: Vec<Value> = Vec::new();
                for param in [&item, definition]
                    .into_iter()
                    .filter_map(|v| v["parameters"].as_array())
                    .flatten()
                {
                    let param = spec.resolve(param).clone();
                    parameters.retain(|p| p["name"] != param["name"] || p["in"] != param["in"]);
                    parameters.push(param);
                }
                let operation = SpecOperation {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    parameters,
                    definition: definition.clone(),
                };
                let previous = spec.operations.insert(id.clone(), operation);
                assert!(
                    previous.is_none(),
                    "operationId {id} appears twice in spec/"
                );
            }
        }
        spec
    }

    fn operation(&self, id: &str) -> &SpecOperation {
        self.operations
            .get(id)
            .unwrap_or_else(|| panic!("{id}: no operation with this operationId in spec/"))
    }

    /// Follows local `$ref`s (`#/components/<kind>/<name>`).
    fn resolve<'s>(&'s self, mut value: &'s Value) -> &'s Value {
        while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            let (kind, name) = reference
                .strip_prefix("#/components/")
                .and_then(|rest| rest.split_once('/'))
                .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
            value = self
                .components
                .get(kind)
                .and_then(|definitions| definitions.get(name))
                .unwrap_or_else(|| panic!("$ref {reference} resolves to nothing"));
        }
        value
    }

    /// The `application/json` schema of a request body or response, if it has content.
    fn json_schema<'s>(&'s self, body: &'s Value) -> Option<&'s Value> {
        self.resolve(body)
            .get("content")?
            .get("application/json")?
            .get("schema")
    }

    /// The property names and required property names of an object schema, following `$ref`s
    /// and `allOf`.
    fn object_shape(&self, schema: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
        let schema = self.resolve(schema);
        let mut properties: BTreeSet<String> = schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k.clone())
            .collect();
        let mut required: BTreeSet<String> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        for part in schema["allOf"].as_array().into_iter().flatten() {
            let (p, r) = self.object_shape(part);
            properties.extend(p);
            required.extend(r);
        }
        (properties, required)
    }

    /// The `enum` of property `property` of schema `schema`.
    fn enum_values(&self, schema: &str, property: &str) -> Vec<&str> {
        let definition = &self.components["schemas"][schema]["properties"][property];
        definition["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{schema}.{property} has no enum in spec/"))
            .iter()
            .filter_map(Value::as_str)
            .collect()
    }
}

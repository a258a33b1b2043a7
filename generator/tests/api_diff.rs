//! The API diff on the ChatApi history: four fixtures written from the Genesys SDK reference pages of four points
//! in time (`tests/fixtures/chat-history/NNN/chat.yaml`, from the seeds `000_*` … `003_*`). Each diff between
//! consecutive versions must report exactly the changes visible between the pages, no more and no fewer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use genesys_codegen::Config;
use genesys_codegen::diff::{self, ApiDiff, Bump, ChangeKind, Impact, Subject};
use genesys_codegen::model::Api;

fn fixture(version: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/chat-history")
        .join(version)
}

fn load(version: &str) -> Api {
    match genesys_codegen::load_api(&Config::new(fixture(version))) {
        Ok((api, warnings)) => {
            assert!(
                warnings.0.is_empty(),
                "fixture {version} has warnings:\n{warnings}"
            );
            api
        }
        Err(diagnostics) => panic!("fixture {version} does not load:\n{diagnostics}"),
    }
}

fn diff_of(old: &str, new: &str) -> ApiDiff {
    diff::diff(&load(old), &load(new))
}

/// Every change as "class subject: description", in diff order.
fn lines(d: &ApiDiff) -> Vec<String> {
    d.changes
        .iter()
        .map(|c| format!("{} {}: {}", c.class, c.subject, c.description()))
        .collect()
}

/// Compares sorted, so a mismatch shows as the missing and unexpected lines.
fn assert_changes(d: &ApiDiff, expected: Vec<String>) {
    let mut actual = lines(d);
    actual.sort();
    let mut expected = expected;
    expected.sort();
    let missing: Vec<&String> = expected.iter().filter(|e| !actual.contains(e)).collect();
    let unexpected: Vec<&String> = actual.iter().filter(|a| !expected.contains(a)).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty() && actual.len() == expected.len(),
        "missing:\n{missing:#?}\nunexpected:\n{unexpected:#?}"
    );
}

/// HTTP method and path of every Chat operation in the history.
fn routes() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        (
            "deleteChatsRoomMessage",
            "DELETE /api/v2/chats/rooms/{roomJid}/messages/{messageId}",
        ),
        (
            "deleteChatsRoomMessagesPin",
            "DELETE /api/v2/chats/rooms/{roomJid}/messages/pins/{pinnedMessageId}",
        ),
        (
            "deleteChatsRoomParticipant",
            "DELETE /api/v2/chats/rooms/{roomJid}/participants/{userId}",
        ),
        (
            "deleteChatsRoomPinnedmessage",
            "DELETE /api/v2/chats/rooms/{roomJid}/pinnedmessages/{pinnedMessageId}",
        ),
        (
            "deleteChatsUserMessage",
            "DELETE /api/v2/chats/users/{userId}/messages/{messageId}",
        ),
        (
            "deleteChatsUserMessagesPin",
            "DELETE /api/v2/chats/users/{userId}/messages/pins/{pinnedMessageId}",
        ),
        ("getChatSettings", "GET /api/v2/chat/settings"),
        ("getChatsMessage", "GET /api/v2/chats/messages/{messageId}"),
        ("getChatsRoom", "GET /api/v2/chats/rooms/{roomJid}"),
        (
            "getChatsRoomMessage",
            "GET /api/v2/chats/rooms/{roomJid}/messages/{messageIds}",
        ),
        (
            "getChatsRoomMessages",
            "GET /api/v2/chats/rooms/{roomJid}/messages",
        ),
        (
            "getChatsRoomParticipant",
            "GET /api/v2/chats/rooms/{roomJid}/participants/{participantJid}",
        ),
        (
            "getChatsRoomParticipants",
            "GET /api/v2/chats/rooms/{roomJid}/participants",
        ),
        (
            "getChatsThreadMessages",
            "GET /api/v2/chats/threads/{threadId}/messages",
        ),
        ("getChatsUser", "GET /api/v2/chats/users/{userId}"),
        (
            "getChatsUserMessage",
            "GET /api/v2/chats/users/{userId}/messages/{messageIds}",
        ),
        (
            "getChatsUserMessages",
            "GET /api/v2/chats/users/{userId}/messages",
        ),
        (
            "getChatsUserSettings",
            "GET /api/v2/chats/users/{userId}/settings",
        ),
        (
            "getChatsUsersMeSettings",
            "GET /api/v2/chats/users/me/settings",
        ),
        ("patchChatSettings", "PATCH /api/v2/chat/settings"),
        ("patchChatsRoom", "PATCH /api/v2/chats/rooms/{roomJid}"),
        (
            "patchChatsRoomMessage",
            "PATCH /api/v2/chats/rooms/{roomJid}/messages/{messageId}",
        ),
        (
            "patchChatsUserMessage",
            "PATCH /api/v2/chats/users/{userId}/messages/{messageId}",
        ),
        (
            "patchChatsUserSettings",
            "PATCH /api/v2/chats/users/{userId}/settings",
        ),
        (
            "patchChatsUsersMeSettings",
            "PATCH /api/v2/chats/users/me/settings",
        ),
        (
            "postChatsRoomMessages",
            "POST /api/v2/chats/rooms/{roomJid}/messages",
        ),
        (
            "postChatsRoomMessagesPins",
            "POST /api/v2/chats/rooms/{roomJid}/messages/pins",
        ),
        (
            "postChatsRoomParticipant",
            "POST /api/v2/chats/rooms/{roomJid}/participants/{userId}",
        ),
        (
            "postChatsRoomPinnedmessages",
            "POST /api/v2/chats/rooms/{roomJid}/pinnedmessages",
        ),
        ("postChatsRooms", "POST /api/v2/chats/rooms"),
        (
            "postChatsUserMessages",
            "POST /api/v2/chats/users/{userId}/messages",
        ),
        (
            "postChatsUserMessagesPins",
            "POST /api/v2/chats/users/{userId}/messages/pins",
        ),
        ("putChatSettings", "PUT /api/v2/chat/settings"),
        (
            "putChatsMessageReactions",
            "PUT /api/v2/chats/messages/{messageId}/reactions",
        ),
    ])
}

fn route(name: &str) -> &'static str {
    routes()
        .get(name)
        .copied()
        .unwrap_or_else(|| panic!("no route for {name}"))
}

fn added(names: &[&str], preview: bool) -> Vec<String> {
    let flag = if preview { " as a preview" } else { "" };
    names
        .iter()
        .map(|n| format!("additive {n}: operation added{flag} (`{}`)", route(n)))
        .collect()
}

fn removed(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| format!("breaking {n}: operation removed (`{}`)", route(n)))
        .collect()
}

fn models_added(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| format!("additive model {n}: struct added"))
        .collect()
}

/// The /api/v2/chats operations of page 001 other than settings: all preview there.
const CHATS_001: &[&str] = &[
    "deleteChatsRoomMessage",
    "deleteChatsRoomParticipant",
    "deleteChatsRoomPinnedmessage",
    "deleteChatsUserMessage",
    "getChatsMessage",
    "getChatsRoom",
    "getChatsRoomMessage",
    "getChatsRoomMessages",
    "getChatsThreadMessages",
    "getChatsUserMessage",
    "getChatsUserMessages",
    "patchChatsRoom",
    "patchChatsRoomMessage",
    "patchChatsUserMessage",
    "postChatsRoomMessages",
    "postChatsRoomParticipant",
    "postChatsRoomPinnedmessages",
    "postChatsRooms",
    "postChatsUserMessages",
];

#[test]
fn fixtures_load_and_have_the_operations_of_their_pages() {
    let counts: Vec<(usize, usize, usize)> = ["000", "001", "002", "003"]
        .iter()
        .map(|v| {
            let api = load(v);
            let ops: Vec<_> = api.operations().map(|(_, o)| o).collect();
            (
                ops.len(),
                ops.iter().filter(|o| o.preview).count(),
                ops.iter().filter(|o| o.deprecation.is_some()).count(),
            )
        })
        .collect();
    // (operations, preview, deprecated) per page.
    assert_eq!(
        counts,
        vec![(6, 0, 3), (22, 19, 0), (24, 21, 0), (32, 0, 0)]
    );
}

#[test]
fn a_fixture_against_itself_has_no_changes() {
    for v in ["000", "001", "002", "003"] {
        let d = diff_of(v, v);
        assert!(d.is_empty(), "{v}: {:#?}", lines(&d));
        assert_eq!(d.semver_bump(), Bump::None);
    }
}

#[test]
fn from_000_to_001_the_deprecated_chat_settings_go_and_the_chats_operations_arrive_as_preview() {
    let d = diff_of("000", "001");
    let mut expected = removed(&["getChatSettings", "patchChatSettings", "putChatSettings"]);
    expected.extend(added(CHATS_001, true));
    expected.extend(models_added(&[
        "AddressableEntityRef",
        "ChatMessageEntityListing",
        "ChatMessageResponse",
        "ChatReaction",
        "ChatSendMessageResponse",
        "CreateRoomRequest",
        "CreateRoomResponse",
        "Entity",
        "PinnedMessageRequest",
        "Room",
        "RoomUpdateRequest",
        "SendMessageBody",
        "UserReference",
    ]));
    assert_changes(&d, expected);
    assert_eq!(d.semver_bump(), Bump::Major);
    // The removals say they were deprecated in favour of /chats/settings, and name the Rust replacement.
    let get = d
        .changes
        .iter()
        .find(|c| c.subject == Subject::Operation("getChatSettings".to_owned()))
        .expect("getChatSettings removed");
    assert!(
        get.reason.contains("it was deprecated by Genesys: use /chats/settings instead (`chat().get_chats_settings()`)"),
        "{}",
        get.reason
    );
    assert!(matches!(
        &get.kind,
        ChangeKind::OperationRemoved {
            replacement: None,
            was_deprecated: Some(_),
            ..
        }
    ));
}

#[test]
fn from_001_to_002_the_paging_parameters_go_and_user_settings_arrive_as_preview() {
    let d = diff_of("001", "002");
    let mut expected = Vec::new();
    for op in [
        "getChatsRoomMessages",
        "getChatsThreadMessages",
        "getChatsUserMessages",
    ] {
        for param in [
            "pageSize",
            "pageNumber",
            "sortBy",
            "expand",
            "nextPage",
            "previousPage",
        ] {
            expected.push(format!(
                "breaking {op}: optional query parameter `{param}` removed"
            ));
        }
    }
    expected.extend(added(
        &["getChatsUserSettings", "patchChatsUserSettings"],
        true,
    ));
    expected.extend(models_added(&[
        "ChatUserSettings",
        "MobileNotificationSettings",
        "MobileSettings",
    ]));
    assert_changes(&d, expected);
    assert_eq!(d.semver_bump(), Bump::Major);
    // Breaking, but on preview operations, and the reason says so.
    for c in d.changes.iter().filter(|c| c.class == Impact::Breaking) {
        assert!(c.reason.contains("a preview operation"), "{}", c.reason);
    }
}

#[test]
fn from_002_to_003_pins_move_the_chat_operations_go_ga_and_new_operations_arrive() {
    let d = diff_of("002", "003");
    let mut expected = removed(&[
        "deleteChatsRoomPinnedmessage",
        "postChatsRoomPinnedmessages",
    ]);
    expected.extend(added(
        &[
            "deleteChatsRoomMessagesPin",
            "deleteChatsUserMessagesPin",
            "getChatsRoomParticipant",
            "getChatsRoomParticipants",
            "getChatsUser",
            "getChatsUsersMeSettings",
            "patchChatsUsersMeSettings",
            "postChatsRoomMessagesPins",
            "postChatsUserMessagesPins",
            "putChatsMessageReactions",
        ],
        false,
    ));
    let ga: Vec<&str> = CHATS_001
        .iter()
        .copied()
        .filter(|n| !n.contains("Pinnedmessage"))
        .chain(["getChatsUserSettings", "patchChatsUserSettings"])
        .collect();
    assert_eq!(ga.len(), 19);
    expected.extend(
        ga.iter()
            .map(|n| format!("additive {n}: no longer preview (now generally available)")),
    );
    expected.extend(models_added(&[
        "ChatReactionUpdate",
        "OneOnOne",
        "RoomParticipant",
        "RoomParticipantResponse",
        "RoomParticipantsResponse",
        "UserSettingsForChat",
    ]));
    assert_changes(&d, expected);
    assert_eq!(d.semver_bump(), Bump::Major);
    assert_eq!(
        (
            d.count(Impact::Breaking),
            d.count(Impact::Additive),
            d.count(Impact::Documentation)
        ),
        (2, 35, 0)
    );

    // `pinnedmessages` → `messages/pins`: each removal names its replacement.
    let replacements: Vec<(String, Option<String>)> = d
        .changes
        .iter()
        .filter_map(|c| match (&c.subject, &c.kind) {
            (Subject::Operation(name), ChangeKind::OperationRemoved { replacement, .. }) => {
                Some((name.clone(), replacement.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        replacements,
        vec![
            (
                "deleteChatsRoomPinnedmessage".to_owned(),
                Some("deleteChatsRoomMessagesPin".to_owned())
            ),
            (
                "postChatsRoomPinnedmessages".to_owned(),
                Some("postChatsRoomMessagesPins".to_owned())
            ),
        ]
    );
}

#[test]
fn every_change_is_in_the_chat_group_and_sorted() {
    for (old, new) in [("000", "001"), ("001", "002"), ("002", "003")] {
        let d = diff_of(old, new);
        assert!(
            d.changes.iter().all(|c| c.group.as_deref() == Some("Chat")),
            "{old} → {new}"
        );
        let subjects: Vec<&Subject> = d.changes.iter().map(|c| &c.subject).collect();
        let mut sorted = subjects.clone();
        sorted.sort();
        assert_eq!(subjects, sorted, "{old} → {new}");
    }
}

#[test]
fn markdown_release_notes_for_002_to_003() {
    let d = diff_of("002", "003");
    let md = diff::render_markdown(&d, "002", "003");
    assert!(md.starts_with("# API changes: 002 → 003\n\n**Major version bump for generated-client (2 breaking, 35 additive"), "{md}");
    assert_eq!(md.matches("\n## ").count(), 1, "{md}");
    let breaking = md
        .find("\n### Breaking changes (major)\n")
        .expect("breaking section");
    let additive = md
        .find("\n### Additive changes (minor)\n")
        .expect("additive section");
    assert!(breaking < additive);
    assert!(!md.contains("### Documentation changes"));
    assert!(md.contains(
        "- `postChatsRoomPinnedmessages`: operation removed (`POST /api/v2/chats/rooms/{roomJid}/pinnedmessages`) — calls to \
         `chat().post_chats_room_pinnedmessages()` stop compiling; likely replaced by `postChatsRoomMessagesPins`"
    ));
}

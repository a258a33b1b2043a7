//! Operations: matching, flags, permissions, documentation.

use super::*;

#[test]
fn method_name_changed_is_matched_by_route() {
    let new = with_op(|o| {
        o.method_name = "getChatsRoomInfo".to_owned();
        o.fn_name = "get_chats_room_info".to_owned();
    });
    assert_single(
        &base(),
        &new,
        Subject::Operation("getChatsRoomInfo".to_owned()),
        ChangeKind::MethodNameChanged {
            old: "getChatsRoom".to_owned(),
            new: "getChatsRoomInfo".to_owned(),
            rust: "get_chats_room_info".to_owned(),
        },
        Impact::Breaking,
        "calls to `chat().get_chats_room()` stop compiling: the method is now `get_chats_room_info`",
    );
}

#[test]
fn path_and_http_method_changes_are_matched_by_name() {
    let new = with_op(|o| {
        o.path = "/api/v2/chats/room/{roomJid}".to_owned();
        o.http_method = HttpMethod::Post;
    });
    let d = diff(&base(), &new);
    let kinds: Vec<&ChangeKind> = d.changes.iter().map(|c| &c.kind).collect();
    assert_eq!(
        kinds,
        vec![
            &ChangeKind::HttpMethodChanged {
                old: HttpMethod::Get,
                new: HttpMethod::Post
            },
            &ChangeKind::PathChanged {
                old: "/api/v2/chats/rooms/{roomJid}".to_owned(),
                new: "/api/v2/chats/room/{roomJid}".to_owned()
            },
        ]
    );
    assert!(d.has_breaking());
}

#[test]
fn removed_operation_names_its_likely_replacement() {
    let mut pins = op(
        "postChatsRoomPinnedmessages",
        HttpMethod::Post,
        "/api/v2/chats/rooms/{roomJid}/pinnedmessages",
    );
    pins.params
        .push(param("roomJid", ParamLocation::Path, true, Type::String));
    pins.preview = true;
    let mut moved = pins.clone();
    moved.method_name = "postChatsRoomMessagesPins".to_owned();
    moved.fn_name = names::snake(&moved.method_name);
    moved.path = "/api/v2/chats/rooms/{roomJid}/messages/pins".to_owned();
    moved.preview = false;
    let mut other = moved.clone();
    other.method_name = "postChatsUserMessagesPins".to_owned();
    other.path = "/api/v2/chats/users/{userId}/messages/pins".to_owned();
    other.params[0].wire_name = "userId".to_owned();

    let d = diff(&api(vec![pins], vec![]), &api(vec![moved, other], vec![]));
    let found: Vec<(Impact, String)> = d
        .changes
        .iter()
        .map(|c| (c.class, format!("{}: {}", c.subject, c.description())))
        .collect();
    assert_eq!(
        found,
        vec![
            (Impact::Additive, "postChatsRoomMessagesPins: operation added (`POST /api/v2/chats/rooms/{roomJid}/messages/pins`)".to_owned()),
            (Impact::Breaking, "postChatsRoomPinnedmessages: operation removed (`POST /api/v2/chats/rooms/{roomJid}/pinnedmessages`)".to_owned()),
            (Impact::Additive, "postChatsUserMessagesPins: operation added (`POST /api/v2/chats/users/{userId}/messages/pins`)".to_owned()),
        ]
    );
    assert_eq!(
        d.changes[1].kind,
        ChangeKind::OperationRemoved {
            http_method: HttpMethod::Post,
            path: "/api/v2/chats/rooms/{roomJid}/pinnedmessages".to_owned(),
            replacement: Some("postChatsRoomMessagesPins".to_owned()),
            was_deprecated: None,
        }
    );
    assert!(
        d.changes[1]
            .reason
            .contains("likely replaced by `postChatsRoomMessagesPins`"),
        "{}",
        d.changes[1].reason
    );
    assert!(
        d.changes[1].reason.contains("a preview operation"),
        "{}",
        d.changes[1].reason
    );
}

#[test]
fn preview_to_ga_is_additive_and_back_is_breaking() {
    let preview = with_op(|o| o.preview = true);
    assert_single(
        &preview,
        &base(),
        room_op(),
        ChangeKind::PreviewToGa,
        Impact::Additive,
        "no longer needs the `preview` feature",
    );
    assert_single(
        &base(),
        &preview,
        room_op(),
        ChangeKind::GaToPreview,
        Impact::Breaking,
        "only with the `preview` feature",
    );
}

#[test]
fn preview_operations_are_classed_by_effect_with_a_note() {
    let old = with_op(|o| o.preview = true);
    let new = with_op(|o| {
        o.preview = true;
        o.params.pop();
    });
    let c = single(&old, &new);
    assert_eq!(c.class, Impact::Breaking);
    assert!(
        c.reason
            .ends_with("; a preview operation, which Genesys may change without notice"),
        "{}",
        c.reason
    );
}

#[test]
fn new_operations_are_additive_even_as_preview() {
    let mut preview = op(
        "getChatsUser",
        HttpMethod::Get,
        "/api/v2/chats/users/{userId}",
    );
    preview.preview = true;
    let mut new = base();
    new.groups[0].operations.push(preview);
    let c = single(&base(), &new);
    assert_eq!(c.class, Impact::Additive);
    assert_eq!(
        c.description(),
        "operation added as a preview (`GET /api/v2/chats/users/{userId}`)"
    );
    assert!(
        c.reason
            .contains("compiled only with the `preview` feature")
    );
}

#[test]
fn deprecation_is_a_warning_only() {
    let deprecated = with_op(|o| o.deprecation = Some(Deprecation::default()));
    assert_single(
        &base(),
        &deprecated,
        room_op(),
        ChangeKind::Deprecated {
            note: "deprecated by Genesys".to_owned(),
        },
        Impact::Additive,
        "warning only",
    );
    assert_single(
        &deprecated,
        &base(),
        room_op(),
        ChangeKind::Undeprecated,
        Impact::Documentation,
        "warning goes away",
    );
    let removed = with_op(|o| {
        o.deprecation = Some(Deprecation {
            removal: Some(Removal {
                sdk_version: "259.0.0".to_owned(),
            }),
            ..Deprecation::default()
        })
    });
    assert_single(
        &deprecated,
        &removed,
        room_op(),
        ChangeKind::DeprecationChanged {
            old: "deprecated by Genesys".to_owned(),
            new: "removed from the Genesys Cloud API (Genesys SDK 259.0.0 release notes)"
                .to_owned(),
        },
        Impact::Documentation,
        "calls still compile",
    );
}

#[test]
fn permission_changes_are_documentation_with_their_effect() {
    let perms = |p: Permissions| with_op(move |o| o.permissions = p);
    let any = perms(Permissions::Any(vec!["chat:chat:access".to_owned()]));
    let all = perms(Permissions::All(vec!["chat:chat:access".to_owned()]));
    let c = single(&any, &all);
    assert_eq!(c.class, Impact::Documentation);
    assert_eq!(
        c.description(),
        "permissions changed from ANY of [chat:chat:access] to ALL of [chat:chat:access]"
    );
    assert!(
        c.reason.contains("callers may need new OAuth permissions"),
        "{}",
        c.reason
    );

    let all_more = perms(Permissions::All(vec![
        "chat:chat:access".to_owned(),
        "chat:room:view".to_owned(),
    ]));
    let c = single(&all, &all_more);
    assert_eq!(c.class, Impact::Documentation);
    assert!(
        c.reason
            .contains("callers may need new OAuth permissions: chat:room:view"),
        "{}",
        c.reason
    );

    let c = single(&perms(Permissions::None), &any);
    assert!(
        c.reason
            .contains("callers may need new OAuth permissions: chat:chat:access"),
        "{}",
        c.reason
    );
    let c = single(&all, &any);
    assert!(c.reason.starts_with("looser"), "{}", c.reason);
    let any_more = perms(Permissions::Any(vec![
        "chat:chat:access".to_owned(),
        "chat:room:view".to_owned(),
    ]));
    let c = single(&any_more, &any);
    assert!(
        c.reason.contains("relying on chat:room:view alone"),
        "{}",
        c.reason
    );
}

#[test]
fn description_and_summary_changes_are_documentation_only() {
    let new = with_op(|o| {
        o.summary = Some("Get a room".to_owned());
        o.description = Some("Returns the room".to_owned());
    });
    let d = diff(&base(), &new);
    let found: Vec<(Impact, String)> = d
        .changes
        .iter()
        .map(|c| (c.class, c.description()))
        .collect();
    assert_eq!(
        found,
        vec![
            (Impact::Documentation, "summary changed".to_owned()),
            (Impact::Documentation, "description changed".to_owned()),
        ]
    );
    assert_eq!(d.semver_bump(), Bump::Patch);
}

//! Permission checks: ANY vs ALL, wildcard grants, and the permissions a set of operations needs.

use std::collections::BTreeSet;

use genesys_cloud::runtime::{
    HttpMethod, OperationMeta, PermissionSet, Permissions, RequiredPermissions, is_permitted,
    required_permissions,
};

const fn op(method_name: &'static str, permissions: Permissions) -> OperationMeta {
    OperationMeta {
        group: "Chat",
        method_name,
        http_method: HttpMethod::Get,
        path: "/api/v2/chats/x",
        permissions,
        preview: false,
        deprecated: false,
        summary: "",
    }
}

static GET_ROOM: OperationMeta = op(
    "getChatsRoom",
    Permissions::Any(&["chat:chat:access", "chat:room:view"]),
);
static PATCH_ROOM: OperationMeta = op(
    "patchChatsRoom",
    Permissions::All(&["chat:room:edit", "chat:chat:access"]),
);
static GET_SETTINGS: OperationMeta = op(
    "getChatsSettings",
    Permissions::Any(&["chat:setting:view", "chat:setting:edit"]),
);
static PUT_SETTINGS: OperationMeta =
    op("putChatsSettings", Permissions::All(&["chat:setting:edit"]));
static OPEN: OperationMeta = op("getWebchatGuest", Permissions::None);
static DEPLOY: OperationMeta = op(
    "postWebchatDeployments",
    Permissions::All(&["webchat:deployment:add"]),
);

#[test]
fn any_is_satisfied_by_one_permission() {
    assert!(is_permitted(&GET_ROOM, &["chat:room:view"]));
    assert!(is_permitted(&GET_ROOM, &["chat:chat:access"]));
    assert!(!is_permitted(&GET_ROOM, &["chat:room:edit"]));
    assert!(!is_permitted(&GET_ROOM, &[]));
}

#[test]
fn all_needs_every_permission() {
    assert!(!is_permitted(&PATCH_ROOM, &["chat:room:edit"]));
    assert!(!is_permitted(&PATCH_ROOM, &["chat:chat:access"]));
    assert!(is_permitted(
        &PATCH_ROOM,
        &["chat:chat:access", "chat:room:edit"]
    ));
}

#[test]
fn wildcards_cover_matching_permissions_only() {
    assert!(is_permitted(&PATCH_ROOM, &["chat:*:*"]));
    assert!(is_permitted(&PATCH_ROOM, &["*:*:*"]));
    assert!(is_permitted(&GET_ROOM, &["chat:room:*"]));
    assert!(
        !is_permitted(&PATCH_ROOM, &["chat:room:*"]),
        "chat:chat:access still missing"
    );
    assert!(is_permitted(&PATCH_ROOM, &["chat:room:*", "chat:chat:*"]));
    assert!(!is_permitted(&PATCH_ROOM, &["webchat:*:*"]));
    assert!(!is_permitted(
        &GET_SETTINGS,
        &["chat:room:*", "chat:setting"]
    ));
    assert!(is_permitted(&DEPLOY, &["webchat:deployment:*"]));
    assert!(!is_permitted(&DEPLOY, &["webchat:guest:*"]));
}

#[test]
fn operations_without_permissions_are_always_permitted() {
    assert!(is_permitted(&OPEN, &[]));
}

#[test]
fn permission_sets_parse_once() {
    let granted = PermissionSet::new(["chat:room:*", "chat:setting:view"]);
    assert!(granted.permits(&GET_ROOM));
    assert!(granted.permits(&GET_SETTINGS));
    assert!(!granted.permits(&PUT_SETTINGS));
    assert!(!granted.permits(&PATCH_ROOM));
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn required_permissions_merge_all_and_any() {
    let needed = required_permissions([&GET_SETTINGS, &PUT_SETTINGS, &DEPLOY, &OPEN]);
    // The ANY set of getChatsSettings is satisfied by putChatsSettings' chat:setting:edit.
    assert_eq!(
        needed,
        RequiredPermissions {
            all: set(&["chat:setting:edit", "webchat:deployment:add"]),
            any_of: vec![],
        }
    );
    assert_eq!(
        needed.to_string(),
        "chat:setting:edit, webchat:deployment:add"
    );

    let needed = required_permissions([&GET_ROOM, &GET_SETTINGS, &GET_ROOM]);
    assert!(needed.all.is_empty());
    assert_eq!(
        needed.any_of,
        vec![
            set(&["chat:chat:access", "chat:room:view"]),
            set(&["chat:setting:edit", "chat:setting:view"]),
        ]
    );
    assert_eq!(
        needed.to_string(),
        "one of (chat:chat:access | chat:room:view), one of (chat:setting:edit | chat:setting:view)"
    );

    // patchChatsRoom needs chat:chat:access anyway, which satisfies getChatsRoom's ANY set.
    let needed = required_permissions([&GET_ROOM, &PATCH_ROOM]);
    assert_eq!(needed.all, set(&["chat:chat:access", "chat:room:edit"]));
    assert!(needed.any_of.is_empty());

    assert!(required_permissions([&OPEN]).is_empty());
    assert_eq!(
        required_permissions([&OPEN]).to_string(),
        "no permissions required"
    );
}

#[test]
fn superset_any_sets_are_dropped() {
    static NARROW: OperationMeta = op("a", Permissions::Any(&["x:y:z"]));
    static WIDE: OperationMeta = op("b", Permissions::Any(&["x:y:z", "x:y:w"]));
    let needed = required_permissions([&WIDE, &NARROW]);
    assert_eq!(needed.any_of, vec![set(&["x:y:z"])]);
}

#[test]
fn grants_can_be_checked_against_requirements() {
    let needed = required_permissions([&GET_ROOM, &PUT_SETTINGS]);
    let granted = PermissionSet::new(["chat:room:view"]);
    assert!(!granted.satisfies(&needed));
    let missing = granted.missing(&needed);
    assert_eq!(missing.to_string(), "chat:setting:edit");
    assert!(PermissionSet::new(["chat:*:*"]).satisfies(&needed));
}

//! Unit tests of the diff and its classification, on small hand-built models.

use std::collections::BTreeSet;

use super::*;
use crate::model::names;
use crate::model::{
    Body, BodyEncoding, Deprecation, Field, Group, HttpMethod, Operation, Param, ParamLocation,
    ParamStyle, Permissions, Removal, ResponseEncoding, Type, TypeDef, TypeKind, Variant,
};

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

fn api(operations: Vec<Operation>, types: Vec<TypeDef>) -> Api {
    let mut operations = operations;
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    let mut types = types;
    types.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let mut api = Api {
        title: "test".to_owned(),
        version: "v2".to_owned(),
        server_url: "https://api.mypurecloud.com".to_owned(),
        groups: vec![Group {
            tag: "Chat".to_owned(),
            api_name: "ChatApi".to_owned(),
            module: "chat".to_owned(),
            description: None,
            operations,
        }],
        types,
    };
    // Every model is used by the Chat group, as the lowering's analysis would find for these tests.
    for t in &mut api.types {
        t.used_by = BTreeSet::from(["chat".to_owned()]);
    }
    api
}

fn op(name: &str, method: HttpMethod, path: &str) -> Operation {
    Operation {
        method_name: name.to_owned(),
        fn_name: names::snake(name),
        type_name: names::camel(name),
        http_method: method,
        path: path.to_owned(),
        summary: Some(format!("{name} summary")),
        description: None,
        params: Vec::new(),
        body: None,
        response: None,
        response_encoding: ResponseEncoding::Json,
        permissions: Permissions::Any(vec!["chat:chat:access".to_owned()]),
        preview: false,
        deprecation: None,
        pagination: None,
        pointer: format!("/paths/{path}"),
    }
}

fn get_room() -> Operation {
    let mut o = op(
        "getChatsRoom",
        HttpMethod::Get,
        "/api/v2/chats/rooms/{roomJid}",
    );
    o.params
        .push(param("roomJid", ParamLocation::Path, true, Type::String));
    o.params
        .push(param("limit", ParamLocation::Query, false, Type::String));
    o.response = Some(Type::Named("Room".to_owned()));
    o
}

fn param(name: &str, location: ParamLocation, required: bool, ty: Type) -> Param {
    Param {
        wire_name: name.to_owned(),
        rust_name: names::snake(name),
        location,
        required,
        ty,
        style: ParamStyle::Multi,
        description: Some(name.to_owned()),
        default: None,
        deprecated: false,
    }
}

fn field(name: &str, ty: Type, required: bool) -> Field {
    Field {
        wire_name: name.to_owned(),
        rust_name: names::snake(name),
        ty,
        required,
        boxed: false,
        description: None,
        read_only: false,
    }
}

fn def(name: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        rust_name: name.to_owned(),
        source_name: name.to_owned(),
        description: None,
        kind,
        used_by: BTreeSet::new(),
        serde: crate::model::SerdeUse::BOTH,
        pointer: format!("/components/schemas/{name}"),
    }
}

fn inline(rust_name: &str, pointer: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        source_name: format!("inline schema at {pointer}"),
        pointer: pointer.to_owned(),
        ..def(rust_name, kind)
    }
}

fn strukt(name: &str, fields: Vec<Field>) -> TypeDef {
    def(
        name,
        TypeKind::Struct {
            fields,
            default: true,
        },
    )
}

fn enumeration(values: &[&str]) -> TypeKind {
    TypeKind::Enum {
        variants: values
            .iter()
            .map(|v| Variant {
                wire_name: (*v).to_owned(),
                rust_name: names::camel(v),
            })
            .collect(),
    }
}

fn room() -> TypeDef {
    strukt(
        "Room",
        vec![
            field("id", Type::String, true),
            field("name", Type::String, false),
        ],
    )
}

fn base() -> Api {
    api(vec![get_room()], vec![room()])
}

/// The base API with `edit` applied to its only operation.
fn with_op(edit: impl FnOnce(&mut Operation)) -> Api {
    let mut a = base();
    edit(&mut a.groups[0].operations[0]);
    a
}

/// The base API with `edit` applied to its types.
fn with_types(edit: impl FnOnce(&mut Vec<TypeDef>)) -> Api {
    let mut a = base();
    edit(&mut a.types);
    a.types.sort_by(|x, y| x.rust_name.cmp(&y.rust_name));
    for t in &mut a.types {
        t.used_by = BTreeSet::from(["chat".to_owned()]);
    }
    a
}

fn room_fields(a: &mut [TypeDef]) -> &mut Vec<Field> {
    match a
        .iter_mut()
        .find(|t| t.source_name == "Room")
        .map(|t| &mut t.kind)
    {
        Some(TypeKind::Struct { fields, .. }) => fields,
        _ => panic!("no Room struct"),
    }
}

/// The only change between `old` and `new`.
fn single(old: &Api, new: &Api) -> Change {
    let d = diff(old, new);
    assert_eq!(
        d.changes.len(),
        1,
        "expected one change, got {:#?}",
        d.changes
    );
    d.changes.into_iter().next().expect("one change")
}

fn assert_single(
    old: &Api,
    new: &Api,
    subject: Subject,
    kind: ChangeKind,
    class: Impact,
    reason_has: &str,
) {
    let c = single(old, new);
    assert_eq!(c.subject, subject);
    assert_eq!(c.kind, kind);
    assert_eq!(c.class, class, "{}: {}", c.description(), c.reason);
    assert!(
        c.reason.contains(reason_has),
        "reason {:?} should mention {reason_has:?}",
        c.reason
    );
    assert_eq!(c.group.as_deref(), Some("Chat"));
}

fn room_op() -> Subject {
    Subject::Operation("getChatsRoom".to_owned())
}

fn room_model() -> Subject {
    Subject::Model("Room".to_owned())
}

// ---------------------------------------------------------------------------------------------
// No change
// ---------------------------------------------------------------------------------------------

#[test]
fn identical_apis_have_no_changes() {
    let d = diff(&base(), &base());
    assert!(d.is_empty());
    assert_eq!(d.semver_bump(), Bump::None);
    assert!(!d.has_breaking());
    assert!(render_text(&d, "a", "b").contains("no changes"));
}

#[test]
fn rust_name_of_a_parameter_alone_is_not_a_change() {
    // Rust names of parameters follow wire names; a different rust_name alone (a collision suffix) is not reported.
    let new = with_op(|o| o.params[1].rust_name = "limit_".to_owned());
    assert!(diff(&base(), &new).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

#[test]
fn param_made_required_is_breaking() {
    let new = with_op(|o| o.params[1].required = true);
    assert_single(
        &base(),
        &new,
        room_op(),
        ChangeKind::ParamMadeRequired {
            name: "limit".to_owned(),
        },
        Impact::Breaking,
        "existing calls don't pass it",
    );
}

#[test]
fn param_made_optional_is_breaking() {
    let old = with_op(|o| o.params[1].required = true);
    assert_single(
        &old,
        &base(),
        room_op(),
        ChangeKind::ParamMadeOptional {
            name: "limit".to_owned(),
        },
        Impact::Breaking,
        "setter",
    );
}

#[test]
fn optional_param_added_is_additive() {
    let new = with_op(|o| {
        o.params
            .push(param("before", ParamLocation::Query, false, Type::String))
    });
    assert_single(
        &base(),
        &new,
        room_op(),
        ChangeKind::ParamAdded {
            name: "before".to_owned(),
            rust: "before".to_owned(),
            location: ParamLocation::Query,
            required: false,
        },
        Impact::Additive,
        "`.before(..)`",
    );
}

/// The reason names the setter the lowering made (`timeout_`, say, when `timeout` clashes with the request's own
/// method), not a name re-derived from the wire name.
#[test]
fn reasons_use_the_lowered_rust_names() {
    let new = with_op(|o| {
        let mut p = param("timeout", ParamLocation::Query, false, Type::String);
        p.rust_name = "timeout_".to_owned();
        o.params.push(p);
    });
    assert_single(
        &base(),
        &new,
        room_op(),
        ChangeKind::ParamAdded {
            name: "timeout".to_owned(),
            rust: "timeout_".to_owned(),
            location: ParamLocation::Query,
            required: false,
        },
        Impact::Additive,
        "a new setter `.timeout_(..)` on the request",
    );

    // A property and an enum value whose names the lowering deduplicated.
    let thing = |fields: Vec<Field>, values: &[&str]| {
        with_types(|t| {
            t.push(strukt("Thing", fields));
            t.push(def("Color", enumeration(values)));
        })
    };
    let old = thing(vec![field("self_uri", Type::String, false)], &["red"]);
    let mut clash = field("selfUri", Type::String, false);
    clash.rust_name = "self_uri_2".to_owned();
    let mut new = thing(
        vec![field("self_uri", Type::String, false), clash],
        &["red", "RED"],
    );
    let color = new
        .types
        .iter_mut()
        .find(|t| t.rust_name == "Color")
        .expect("Color");
    if let TypeKind::Enum { variants } = &mut color.kind {
        variants[1].rust_name = "Red2".to_owned();
    }
    let reasons: Vec<String> = diff(&old, &new)
        .changes
        .into_iter()
        .map(|c| c.reason)
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons[0].starts_with("a new variant `Red2`"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].starts_with("a new `Option` field `self_uri_2`"),
        "{reasons:?}"
    );
}

#[test]
fn required_param_added_is_breaking() {
    let new = with_op(|o| {
        o.params
            .insert(1, param("X-Org", ParamLocation::Header, true, Type::String))
    });
    assert_single(
        &base(),
        &new,
        room_op(),
        ChangeKind::ParamAdded {
            name: "X-Org".to_owned(),
            rust: "x_org".to_owned(),
            location: ParamLocation::Header,
            required: true,
        },
        Impact::Breaking,
        "positional argument",
    );
}

#[test]
fn param_removed_is_breaking() {
    let new = with_op(|o| {
        o.params.pop();
    });
    assert_single(
        &base(),
        &new,
        room_op(),
        ChangeKind::ParamRemoved {
            name: "limit".to_owned(),
            rust: "limit".to_owned(),
            location: ParamLocation::Query,
            required: false,
        },
        Impact::Breaking,
        "`.limit(..)` stop compiling",
    );
}

#[test]
fn param_type_changed_is_breaking() {
    let new = with_op(|o| o.params[1].ty = Type::I32);
    assert_single(
        &base(),
        &new,
        room_op(),
        ChangeKind::ParamTypeChanged {
            name: "limit".to_owned(),
            old: "String".to_owned(),
            new: "i32".to_owned(),
        },
        Impact::Breaking,
        "from `String` to `i32`",
    );
}

#[test]
fn param_moved_from_query_to_header_is_documentation() {
    let new = with_op(|o| o.params[1].location = ParamLocation::Header);
    assert_single(
        &base(),
        &new,
        room_op(),
        ChangeKind::ParamLocationChanged {
            name: "limit".to_owned(),
            old: ParamLocation::Query,
            new: ParamLocation::Header,
        },
        Impact::Documentation,
        "the call is written the same",
    );
}

#[test]
fn reordered_positional_params_are_breaking() {
    let mut two = op(
        "getChatsRoomMessage",
        HttpMethod::Get,
        "/rooms/{roomJid}/messages/{messageId}",
    );
    two.params = vec![
        param("roomJid", ParamLocation::Path, true, Type::String),
        param("messageId", ParamLocation::Path, true, Type::String),
    ];
    let old = api(vec![two.clone()], vec![]);
    let mut swapped = two.clone();
    swapped.path = "/messages/{messageId}/rooms/{roomJid}".to_owned();
    swapped.params.reverse();
    let new = api(vec![swapped], vec![]);
    let d = diff(&old, &new);
    let kinds: Vec<&ChangeKind> = d.changes.iter().map(|c| &c.kind).collect();
    assert_eq!(
        kinds,
        vec![
            &ChangeKind::PathChanged {
                old: "/rooms/{roomJid}/messages/{messageId}".to_owned(),
                new: "/messages/{messageId}/rooms/{roomJid}".to_owned()
            },
            &ChangeKind::ParamsReordered {
                old: vec!["roomJid".to_owned(), "messageId".to_owned()],
                new: vec!["messageId".to_owned(), "roomJid".to_owned()]
            },
        ]
    );
    assert!(d.changes.iter().all(|c| c.class == Impact::Breaking));
}

#[test]
fn param_default_and_deprecation_are_documentation() {
    let new = with_op(|o| {
        o.params[1].default = Some("25".to_owned());
        o.params[1].deprecated = true;
        o.params[1].description = Some("The maximum number of messages".to_owned());
    });
    let d = diff(&base(), &new);
    let kinds: Vec<String> = d.changes.iter().map(Change::description).collect();
    assert_eq!(
        kinds,
        vec![
            "parameter `limit` deprecated",
            "parameter `limit` default changed from none to `25`",
            "description of parameter `limit` changed",
        ]
    );
    assert!(d.changes.iter().all(|c| c.class == Impact::Documentation));
    assert_eq!(d.semver_bump(), Bump::Patch);
}

#[test]
fn inline_enum_param_values_are_compared_where_used() {
    let pointer = "/paths/~1rooms/get/parameters/1/schema";
    let with_sort = |values: &[&str]| {
        let mut a = with_op(|o| {
            o.params.push(param(
                "sortOrder",
                ParamLocation::Query,
                false,
                Type::Named("GetChatsRoomSortOrder".to_owned()),
            ))
        });
        a.types.push(inline(
            "GetChatsRoomSortOrder",
            pointer,
            enumeration(values),
        ));
        a.types.sort_by(|x, y| x.rust_name.cmp(&y.rust_name));
        a
    };
    let d = diff(
        &with_sort(&["asc", "desc"]),
        &with_sort(&["desc", "newest"]),
    );
    let found: Vec<(Impact, String)> = d
        .changes
        .iter()
        .map(|c| (c.class, format!("{}: {}", c.subject, c.description())))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                Impact::Breaking,
                "getChatsRoom: enum value `asc` removed from `sortOrder`".to_owned()
            ),
            (
                Impact::Additive,
                "getChatsRoom: enum value `newest` added to `sortOrder`".to_owned()
            ),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Bodies and responses
// ---------------------------------------------------------------------------------------------

#[test]
fn body_changes() {
    let body = |ty: &str, required: bool| Body {
        ty: Type::Named(ty.to_owned()),
        encoding: BodyEncoding::Json,
        required,
        description: None,
    };
    let old = with_op(|o| o.body = Some(body("Room", true)));

    let c = single(&base(), &with_op(|o| o.body = Some(body("Room", false))));
    assert_eq!(
        (c.kind, c.class),
        (
            ChangeKind::BodyAdded {
                ty: "Room".to_owned(),
                required: false
            },
            Impact::Additive
        )
    );
    let c = single(&base(), &old);
    assert_eq!(
        (c.kind, c.class),
        (
            ChangeKind::BodyAdded {
                ty: "Room".to_owned(),
                required: true
            },
            Impact::Breaking
        )
    );
    let c = single(&old, &base());
    assert_eq!(
        (c.kind, c.class),
        (
            ChangeKind::BodyRemoved {
                ty: "Room".to_owned(),
                required: true
            },
            Impact::Breaking
        )
    );
    let c = single(&old, &with_op(|o| o.body = Some(body("Room", false))));
    assert_eq!(
        (c.kind, c.class),
        (ChangeKind::BodyMadeOptional, Impact::Breaking)
    );

    let mut new = with_op(|o| o.body = Some(body("RoomUpdate", true)));
    new.types.push(strukt("RoomUpdate", vec![]));
    new.types.sort_by(|x, y| x.rust_name.cmp(&y.rust_name));
    let d = diff(&old, &new);
    assert_eq!(d.changes.len(), 2, "{:#?}", d.changes);
    assert_eq!(
        d.changes[0].kind,
        ChangeKind::BodyTypeChanged {
            old: "Room".to_owned(),
            new: "RoomUpdate".to_owned()
        }
    );
    assert_eq!(d.changes[0].class, Impact::Breaking);
    assert_eq!(
        d.changes[1].kind,
        ChangeKind::ModelAdded {
            shape: "struct".to_owned()
        }
    );
}

#[test]
fn response_type_changed_is_breaking() {
    let new = with_op(|o| o.response = Some(Type::Array(Box::new(Type::Named("Room".to_owned())))));
    assert_single(
        &base(),
        &new,
        room_op(),
        ChangeKind::ResponseTypeChanged {
            old: Some("Room".to_owned()),
            new: Some("Vec<Room>".to_owned()),
        },
        Impact::Breaking,
        "now returns `Vec<Room>` instead of `Room`",
    );
    let c = single(&base(), &with_op(|o| o.response = None));
    assert_eq!(
        c.kind,
        ChangeKind::ResponseTypeChanged {
            old: Some("Room".to_owned()),
            new: None
        }
    );
    assert!(c.reason.contains("now returns `()`"), "{}", c.reason);
}

// ---------------------------------------------------------------------------------------------
// Operations: matching, flags, permissions, documentation
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------

#[test]
fn required_property_added_is_breaking() {
    let new = with_types(|t| room_fields(t).push(field("jid", Type::String, true)));
    assert_single(
        &base(),
        &new,
        room_model(),
        ChangeKind::PropertyAdded {
            name: "jid".to_owned(),
            rust: "jid".to_owned(),
            required: true,
        },
        Impact::Breaking,
        "struct literals must now set `jid`",
    );
}

#[test]
fn optional_property_added_is_additive() {
    let new = with_types(|t| room_fields(t).push(field("selfUri", Type::String, false)));
    assert_single(
        &base(),
        &new,
        room_model(),
        ChangeKind::PropertyAdded {
            name: "selfUri".to_owned(),
            rust: "self_uri".to_owned(),
            required: false,
        },
        Impact::Additive,
        "`..Default::default()`",
    );
}

#[test]
fn property_removed_required_optional_and_retyped_are_breaking() {
    let c = single(
        &base(),
        &with_types(|t| {
            room_fields(t).remove(1);
        }),
    );
    assert_eq!(
        (c.kind, c.class),
        (
            ChangeKind::PropertyRemoved {
                name: "name".to_owned(),
                rust: "name".to_owned(),
                required: false
            },
            Impact::Breaking
        )
    );
    let c = single(&base(), &with_types(|t| room_fields(t)[1].required = true));
    assert_eq!(
        (c.kind, c.class),
        (
            ChangeKind::PropertyMadeRequired {
                name: "name".to_owned(),
                rust: "name".to_owned()
            },
            Impact::Breaking
        )
    );
    assert!(c.reason.contains("from `Option<T>` to `T`"));
    let c = single(&base(), &with_types(|t| room_fields(t)[0].required = false));
    assert_eq!(
        (c.kind, c.class),
        (
            ChangeKind::PropertyMadeOptional {
                name: "id".to_owned(),
                rust: "id".to_owned()
            },
            Impact::Breaking
        )
    );
    let c = single(
        &base(),
        &with_types(|t| room_fields(t)[0].ty = Type::Array(Box::new(Type::String))),
    );
    assert_eq!(
        (c.kind, c.class),
        (
            ChangeKind::PropertyTypeChanged {
                name: "id".to_owned(),
                rust: "id".to_owned(),
                old: "String".to_owned(),
                new: "Vec<String>".to_owned()
            },
            Impact::Breaking
        )
    );
    let c = single(
        &base(),
        &with_types(|t| room_fields(t)[0].description = Some("The id".to_owned())),
    );
    assert_eq!(
        (c.description(), c.class),
        (
            "description of property `id` changed".to_owned(),
            Impact::Documentation
        )
    );
}

#[test]
fn enum_values_added_are_additive_and_removed_breaking() {
    let with_state =
        |values: &[&str]| with_types(|t| t.push(def("RoomState", enumeration(values))));
    let d = diff(
        &with_state(&["active", "closed"]),
        &with_state(&["active", "archived"]),
    );
    let found: Vec<(Impact, String)> = d
        .changes
        .iter()
        .map(|c| (c.class, format!("{}: {}", c.subject, c.description())))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                Impact::Breaking,
                "model RoomState: enum value `closed` removed".to_owned()
            ),
            (
                Impact::Additive,
                "model RoomState: enum value `archived` added".to_owned()
            ),
        ]
    );
    assert!(
        d.changes[1]
            .reason
            .contains("already decode into `Unknown(..)`"),
        "{}",
        d.changes[1].reason
    );
    assert!(
        d.changes[0].reason.contains("variant `Closed`"),
        "{}",
        d.changes[0].reason
    );
}

#[test]
fn inline_types_are_compared_where_used_and_not_reported_as_models() {
    let pointer = "/components/schemas/Room/properties/roomType";
    let with_room_type = |values: &[&str], rust_name: &str| {
        with_types(|t| {
            room_fields(t).push(field("roomType", Type::Named(rust_name.to_owned()), false));
            t.push(inline(rust_name, pointer, enumeration(values)));
        })
    };
    // Even under another Rust name, the inline enum is the same type at the same place.
    let d = diff(
        &with_room_type(&["adhoc"], "RoomRoomType"),
        &with_room_type(&["adhoc", "group"], "RoomRoomType2"),
    );
    let found: Vec<(Impact, String)> = d
        .changes
        .iter()
        .map(|c| (c.class, format!("{}: {}", c.subject, c.description())))
        .collect();
    assert_eq!(
        found,
        vec![(
            Impact::Additive,
            "model Room: enum value `group` added to `roomType`".to_owned()
        )]
    );

    // An inline enum appearing with a new property is not a model of its own.
    let d = diff(&base(), &with_room_type(&["adhoc"], "RoomRoomType"));
    let found: Vec<String> = d
        .changes
        .iter()
        .map(|c| format!("{}: {}", c.subject, c.description()))
        .collect();
    assert_eq!(
        found,
        vec!["model Room: optional property `roomType` added".to_owned()]
    );
}

#[test]
fn nested_inline_structs_report_dotted_paths() {
    let pointer = "/components/schemas/Room/properties/settings";
    let with_settings = |fields: Vec<Field>| {
        with_types(|t| {
            room_fields(t).push(field(
                "settings",
                Type::Named("RoomSettings".to_owned()),
                false,
            ));
            t.push(inline(
                "RoomSettings",
                pointer,
                TypeKind::Struct {
                    fields,
                    default: true,
                },
            ));
        })
    };
    let d = diff(
        &with_settings(vec![field("muted", Type::Bool, false)]),
        &with_settings(vec![
            field("muted", Type::Bool, true),
            field("mobileOnly", Type::Bool, false),
        ]),
    );
    let found: Vec<(Impact, String)> = d
        .changes
        .iter()
        .map(|c| (c.class, c.description()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                Impact::Breaking,
                "property `settings.muted` is now required".to_owned()
            ),
            (
                Impact::Additive,
                "optional property `settings.mobileOnly` added".to_owned()
            ),
        ]
    );
    assert!(
        d.changes[1].reason.contains("`settings.mobile_only`"),
        "{}",
        d.changes[1].reason
    );
}

#[test]
fn an_alias_model_is_the_type_it_names() {
    let old = with_types(|t| {
        room_fields(t)[0].ty = Type::Named("RoomId".to_owned());
        t.push(def("RoomId", TypeKind::Alias(Type::String)));
    });
    let d = diff(&old, &base());
    let found: Vec<String> = d
        .changes
        .iter()
        .map(|c| format!("{}: {}", c.subject, c.description()))
        .collect();
    assert_eq!(found, vec!["model RoomId: alias removed".to_owned()]);
}

#[test]
fn models_added_removed_and_reshaped() {
    let extra = |kind: TypeKind| with_types(|t| t.push(def("Listing", kind)));
    let listing = extra(TypeKind::Struct {
        fields: vec![],
        default: true,
    });
    let c = single(&base(), &listing);
    assert_eq!(
        (c.subject.clone(), c.kind.clone(), c.class),
        (
            Subject::Model("Listing".to_owned()),
            ChangeKind::ModelAdded {
                shape: "struct".to_owned()
            },
            Impact::Additive
        )
    );
    let c = single(&listing, &base());
    assert_eq!(
        (c.kind, c.class),
        (
            ChangeKind::ModelRemoved {
                shape: "struct".to_owned()
            },
            Impact::Breaking
        )
    );
    let c = single(&listing, &extra(TypeKind::Alias(Type::Any)));
    assert_eq!(
        (c.kind, c.class),
        (
            ChangeKind::ModelShapeChanged {
                old: "struct".to_owned(),
                new: "alias".to_owned()
            },
            Impact::Breaking
        )
    );
    let c = single(
        &extra(TypeKind::Alias(Type::Any)),
        &extra(TypeKind::Alias(Type::String)),
    );
    assert_eq!(
        (c.kind, c.class),
        (
            ChangeKind::AliasTargetChanged {
                old: "serde_json::Value".to_owned(),
                new: "String".to_owned()
            },
            Impact::Breaking
        )
    );
}

#[test]
fn shared_models_come_last_without_a_group() {
    let mut new = with_types(|t| room_fields(t).push(field("jid", Type::String, false)));
    let mut shared = def(
        "ErrorBody",
        TypeKind::Struct {
            fields: vec![],
            default: true,
        },
    );
    shared.used_by = BTreeSet::new();
    new.types.push(shared);
    new.types.sort_by(|x, y| x.rust_name.cmp(&y.rust_name));
    let d = diff(&base(), &new);
    let found: Vec<(Option<&str>, String)> = d
        .changes
        .iter()
        .map(|c| (c.group.as_deref(), c.subject.to_string()))
        .collect();
    assert_eq!(
        found,
        vec![
            (Some("Chat"), "model Room".to_owned()),
            (None, "model ErrorBody".to_owned())
        ]
    );
    let text = render_text(&d, "old", "new");
    assert!(
        text.contains("\nShared models\n  [additive] model ErrorBody: struct added"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Summary and rendering
// ---------------------------------------------------------------------------------------------

#[test]
fn semver_bump_is_the_largest_class() {
    let doc = with_op(|o| o.summary = None);
    assert_eq!(diff(&base(), &doc).semver_bump(), Bump::Patch);
    let additive = with_op(|o| {
        o.summary = None;
        o.params
            .push(param("after", ParamLocation::Query, false, Type::String));
    });
    assert_eq!(diff(&base(), &additive).semver_bump(), Bump::Minor);
    let breaking = with_op(|o| {
        o.summary = None;
        o.params[1].required = true;
    });
    let d = diff(&base(), &breaking);
    assert_eq!(d.semver_bump(), Bump::Major);
    assert_eq!(
        (
            d.count(Impact::Breaking),
            d.count(Impact::Additive),
            d.count(Impact::Documentation)
        ),
        (1, 0, 1)
    );
    assert!(Bump::Major > Bump::Minor && Bump::Minor > Bump::Patch && Bump::Patch > Bump::None);
}

#[test]
fn text_and_markdown_rendering() {
    let new = with_op(|o| {
        o.params[1].required = true;
        o.params
            .push(param("after", ParamLocation::Query, false, Type::String));
        o.summary = Some("Get a room".to_owned());
    });
    let d = diff(&base(), &new);
    let text = render_text(&d, "v1", "v2");
    assert_eq!(
        text,
        "API diff v1 → v2: major version bump for generated-client (1 breaking, 1 additive and 1 documentation-only changes; \
         while it is 0.x: 0.x → 0.(x+1))\n\
         \n\
         Chat\n  \
         [additive] getChatsRoom: optional query parameter `after` added — a new setter `.after(..)` on the request; existing calls are unchanged\n  \
         [breaking] getChatsRoom: parameter `limit` is now required — existing calls don't pass it: it becomes a positional argument\n  \
         [documentation] getChatsRoom: summary changed — documentation only\n"
    );
    let md = render_markdown(&d, "v1", "v2");
    assert!(
        md.starts_with("# API changes: v1 → v2\n\n**Major version bump for generated-client"),
        "{md}"
    );
    let breaking = md
        .find("### Breaking changes (major)\n\n- `getChatsRoom`: parameter `limit` is now required")
        .expect(&md);
    let additive = md.find("### Additive changes (minor)\n\n- `getChatsRoom`: optional query parameter `after` added").expect(&md);
    let docs = md
        .find("### Documentation changes (patch)\n\n- `getChatsRoom`: summary changed")
        .expect(&md);
    assert!(md.contains("\n## Chat\n"));
    assert!(breaking < additive && additive < docs);
}

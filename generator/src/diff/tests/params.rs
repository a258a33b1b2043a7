//! Parameters, bodies and responses.

use super::*;

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

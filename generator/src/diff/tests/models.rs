//! Models: properties, enum values, inline types, aliases, shapes.

use super::*;

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

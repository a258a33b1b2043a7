//! Unit tests of the diff and its classification, on small hand-built models: the builders and the cases without
//! changes here, one module per kind of change.

mod models;
mod operations;
mod params;

use std::collections::BTreeSet;

use super::*;
use crate::model::names;
use crate::model::{
    Body, BodyEncoding, Deprecation, Field, Group, HttpMethod, Operation, Param, ParamLocation,
    ParamStyle, Permissions, Removal, ResponseEncoding, Type, TypeDef, TypeKind, TypeOrigin,
    Variant,
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
        origin: TypeOrigin::Component(name.to_owned()),
        description: None,
        kind,
        used_by: BTreeSet::new(),
        serde: crate::model::SerdeUse::BOTH,
        pointer: format!("/components/schemas/{name}"),
    }
}

fn inline(rust_name: &str, pointer: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        origin: TypeOrigin::Inline,
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
        .find(|t| t.schema_name() == Some("Room"))
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

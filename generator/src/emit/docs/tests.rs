//! Tests of the documentation values and their rustdoc rendering, on the project's spec and a hand-built API.

use std::collections::BTreeSet;

use super::rustdoc::{field_doc, group_doc, meta_doc, operation_doc, type_doc, variant_doc};
use crate::RuntimePath;
use crate::emit::rust::Ctx;
use crate::model::{
    Api, Body, BodyEncoding, Deprecation, Field, Group, HttpMethod, Operation, PageWalk,
    Pagination, Param, ParamLocation, Permissions, ResponseEncoding, Type, TypeDef, TypeKind,
    TypeOrigin, Variant,
};

fn ctx<'a>(api: &'a Api, crate_name: &str) -> Ctx<'a> {
    Ctx::new(api, &RuntimePath::Crate, crate_name)
}

/// The example of `op` as its rustdoc shows it (hidden lines included) and as a reader sees it.
fn example(api: &Api, group: &Group, op: &Operation, crate_name: &str) -> (String, String) {
    let doc = operation_doc(&ctx(api, crate_name), group, op);
    let blocks = code_blocks(&doc);
    let source = blocks.last().expect("an example").clone();
    let visible: Vec<&str> = source
        .lines()
        .filter(|l| *l != "#" && !l.starts_with("# "))
        .collect();
    let visible = visible.join("\n");
    (source, visible)
}

fn strip_hidden(example: &str) -> String {
    example
        .lines()
        .map(|l| {
            if l == "#" {
                ""
            } else {
                l.strip_prefix("# ").unwrap_or(l)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The code blocks of a doc (fence line excluded).
fn code_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in doc.lines() {
        match (&mut current, line.starts_with("```")) {
            (None, true) => current = Some(Vec::new()),
            (Some(block), true) => {
                blocks.push(block.join("\n"));
                current = None;
            }
            (Some(block), false) => block.push(line),
            (None, false) => {}
        }
    }
    assert!(current.is_none(), "unclosed code block in\n{doc}");
    blocks
}

#[test]
fn every_operation_doc_of_the_spec() {
    let api = crate::project_api();
    assert!(api.operations().count() > 40);
    for (group, op) in api.operations() {
        let doc = operation_doc(&ctx(&api, "genesys_cloud"), group, op);
        let request = format!("`{} {}`", op.http_method.as_str(), op.path);
        assert!(
            doc.contains(&request),
            "{}: no {request} in\n{doc}",
            op.method_name
        );
        match &op.permissions {
            Permissions::None => assert!(
                doc.contains("Requires no permissions"),
                "{}",
                op.method_name
            ),
            Permissions::Any(list) | Permissions::All(list) => {
                let kind = if matches!(op.permissions, Permissions::Any(_)) {
                    "ANY"
                } else {
                    "ALL"
                };
                assert!(
                    doc.contains(&format!("Requires {kind} permissions:")),
                    "{}",
                    op.method_name
                );
                for permission in list {
                    assert!(
                        doc.contains(&format!("* `{permission}`")),
                        "{}: {permission}",
                        op.method_name
                    );
                }
            }
        }
        assert_eq!(
            doc.contains("**Deprecated:**"),
            op.deprecation.is_some(),
            "{}",
            op.method_name
        );
        assert_eq!(
            doc.contains("**Preview:**"),
            op.preview,
            "{}",
            op.method_name
        );
        let blocks = code_blocks(&doc);
        assert_eq!(blocks.len(), 1, "{}: one example", op.method_name);
        let example = &blocks[0];
        assert!(
            example.contains(&format!(".{}(", op.fn_name)),
            "{}",
            op.method_name
        );
        assert!(example.contains(&format!(".{}()", group.module)));
        assert!(doc.contains("```no_run\n"));
        // The example is valid Rust once its hidden lines are shown.
        let source = strip_hidden(example);
        if let Err(e) = syn::parse_file(&source) {
            panic!("{}: example does not parse: {e}\n{source}", op.method_name);
        }
        // Every positional argument appears.
        for param in op.params.iter().filter(|p| p.required) {
            assert!(
                example.contains(&format!("let {}", param.rust_name)),
                "{}: {}",
                op.method_name,
                param.rust_name
            );
        }
        if op.deprecation.is_some() {
            assert!(example.contains("#[allow(deprecated)]"));
        }
        // Every intra-doc link points at an existing model.
        for target in doc.split("](crate::models::").skip(1) {
            let name = target.split(')').next().unwrap_or_default();
            assert!(
                api.type_def(name).is_some(),
                "{}: link to missing {name}",
                op.method_name
            );
        }
        assert_no_raw_html(&doc);
    }
}

/// No `<tag>` outside code and autolinks, no unescaped brackets outside links, no indented lines outside code.
fn assert_no_raw_html(doc: &str) {
    let mut in_code = false;
    for line in doc.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        assert!(!line.starts_with("    "), "indented line: {line:?}");
        let text: String = line.split('`').step_by(2).collect();
        let mut rest = text.as_str();
        while let Some(at) = rest.find('<') {
            let after = &rest[at + 1..];
            assert!(after.starts_with("http"), "raw `<` in {line:?}");
            rest = after;
        }
    }
}

#[test]
fn specific_operations() {
    let api = crate::project_api();
    let find = |name: &str| {
        api.operations()
            .find(|(_, o)| o.method_name == name)
            .expect(name)
    };

    let (group, op) = find("getChatsRoom");
    let doc = operation_doc(&ctx(&api, "genesys_cloud"), group, op);
    assert!(doc.starts_with("Get a room\n\n"), "{doc}");
    assert!(doc.contains("[`Room`](crate::models::Room)"), "{doc}");
    assert!(doc.contains("| `roomJid` (`room_jid`) | `&str` |"), "{doc}");
    assert!(doc.contains("# let client") || doc.contains("let client = Client::builder()"));
    assert!(doc.contains("# async fn example() -> Result<(), Box<dyn std::error::Error>> {"));
    assert!(doc.contains("let room_jid = \"roomJid\";"), "{doc}");
    assert!(doc.contains(
        "let result = client\n    .chat()\n    .get_chats_room(room_jid)\n    .send()\n    .await?;"
    ));

    // Deprecated, no params.
    let (group, op) = find("getChatSettings");
    let doc = operation_doc(&ctx(&api, "genesys_cloud"), group, op);
    assert!(
        doc.contains(
            "**Deprecated:** removed from the Genesys Cloud API (Genesys SDK 181.0.0 release notes): use \
             /api/v2/chats/settings instead (`chat().get_chats_settings()`)"
        ),
        "{doc}"
    );
    assert!(
        doc.contains("#[allow(deprecated)]\nlet result = client"),
        "{doc}"
    );
    assert!(!doc.contains("# Parameters"));

    // Void with a body that has no Default: JSON with required fields.
    let (group, op) = find("patchChatsUserSettings");
    let doc = operation_doc(&ctx(&api, "genesys_cloud"), group, op);
    assert!(
        doc.contains("genesys_cloud::serde_json::from_str(r#\"{"),
        "{doc}"
    );
    assert!(doc.contains("\"when\": \"Always\""), "{doc}");

    // Optional parameter shown as a setter.
    let (group, op) = find("getChatsRoomMessages");
    let doc = operation_doc(&ctx(&api, "my_crate"), group, op);
    assert!(doc.contains("    .limit(\"limit\") // optional"), "{doc}");
    assert!(
        doc.contains("optional (query, setter `.limit(..)`)"),
        "{doc}"
    );
    assert!(doc.contains("use my_crate::prelude::*;"));

    // Paginated: a history through cursors.
    let (group, op) = find("getChatsRoomMessages");
    let doc = operation_doc(&ctx(&api, "genesys_cloud"), group, op);
    assert!(
        doc.contains("`.pages()`") && doc.contains("`.items()`") && doc.contains("moving `before`"),
        "{doc}"
    );
    assert!(
        doc.contains("[`ChatMessageResponse`](crate::models::ChatMessageResponse)"),
        "{doc}"
    );
    // A listing without a way to the next page promises no pages.
    let (group, op) = find("getWebchatDeployments");
    let doc = operation_doc(&ctx(&api, "genesys_cloud"), group, op);
    assert!(!doc.contains("`.pages()`"), "{doc}");
}

fn param(wire: &str, rust: &str, ty: Type, required: bool) -> Param {
    Param {
        wire_name: wire.to_owned(),
        rust_name: rust.to_owned(),
        location: if required {
            ParamLocation::Path
        } else {
            ParamLocation::Query
        },
        required,
        ty,
        style: crate::model::ParamStyle::Multi,
        description: Some("A <b>bold</b> [link](x) see https://example.com/a_b.".to_owned()),
        default: None,
        deprecated: false,
    }
}

fn small_api() -> (Api, Group) {
    let color = TypeDef {
        rust_name: "Color".to_owned(),
        origin: TypeOrigin::Inline,
        description: None,
        kind: TypeKind::Enum {
            variants: vec![
                Variant {
                    wire_name: "red".to_owned(),
                    rust_name: "Red".to_owned(),
                },
                Variant {
                    wire_name: "dark-blue".to_owned(),
                    rust_name: "DarkBlue".to_owned(),
                },
            ],
        },
        used_by: BTreeSet::new(),
        serde: crate::model::SerdeUse::BOTH,
        pointer: "/components/schemas/Thing/properties/color".to_owned(),
    };
    let thing = TypeDef {
        rust_name: "Thing".to_owned(),
        origin: TypeOrigin::Component("Thing".to_owned()),
        description: Some("A thing.\n\n    indented <code>".to_owned()),
        kind: TypeKind::Struct {
            fields: vec![Field {
                wire_name: "color".to_owned(),
                rust_name: "color".to_owned(),
                ty: Type::Named("Color".to_owned()),
                required: true,
                boxed: false,
                description: None,
                read_only: true,
            }],
            default: false,
        },
        used_by: BTreeSet::new(),
        serde: crate::model::SerdeUse::BOTH,
        pointer: String::new(),
    };
    let op = Operation {
        method_name: "postThings".to_owned(),
        fn_name: "post_things".to_owned(),
        type_name: "PostThings".to_owned(),
        http_method: HttpMethod::Post,
        path: "/api/v2/things/{thingId}".to_owned(),
        summary: Some("Create things".to_owned()),
        description: Some("Create things in [bulk]. ```rust\nlet x = 1;\n```".to_owned()),
        params: vec![
            param("thingId", "thing_id", Type::String, true),
            param("ids", "ids", Type::Array(Box::new(Type::String)), true),
            param("color", "color", Type::Named("Color".to_owned()), true),
            param("after", "after", Type::DateTime, true),
            param("pageSize", "page_size", Type::I32, false),
        ],
        body: Some(Body {
            ty: Type::Named("Thing".to_owned()),
            encoding: BodyEncoding::Json,
            required: true,
            description: None,
        }),
        response: Some(Type::Array(Box::new(Type::Named("Thing".to_owned())))),
        response_encoding: ResponseEncoding::Json,
        permissions: Permissions::All(vec![
            "things:thing:add".to_owned(),
            "things:thing:view".to_owned(),
        ]),
        preview: true,
        deprecation: Some(Deprecation {
            replacement: Some("/things".to_owned()),
            replacement_method: Some("things().put_things()".to_owned()),
            removal: None,
        }),
        pagination: Some(Pagination {
            walk: PageWalk::PageNumber {
                param: "pageNumber".to_owned(),
            },
            item: Type::Named("Thing".to_owned()),
        }),
        pointer: String::new(),
    };
    let group = Group {
        tag: "Things".to_owned(),
        api_name: "ThingsApi".to_owned(),
        module: "things".to_owned(),
        description: None,
        operations: vec![op],
    };
    let api = Api {
        title: "T".to_owned(),
        version: "1".to_owned(),
        server_url: "https://api.example.com".to_owned(),
        groups: vec![group.clone()],
        types: vec![color, thing],
    };
    (api, group)
}

#[test]
fn hand_built_operation() {
    let (api, group) = small_api();
    let op = &group.operations[0];
    let doc = operation_doc(&ctx(&api, "genesys_cloud"), &group, op);
    assert!(doc.contains(
        "**Preview:** `postThings` is a preview method and may change or disappear without notice."
    ));
    assert!(doc.contains(
        "**Deprecated:** deprecated by Genesys: use /things instead (`things().put_things()`)"
    ));
    assert!(
        doc.contains("Requires ALL permissions:\n\n* `things:thing:add`\n* `things:thing:view`")
    );
    assert!(
        doc.contains("Create things in \\[bulk\\]. \\`\\`\\`rust"),
        "{doc}"
    );
    assert!(
        doc.contains("A &lt;b&gt;bold&lt;/b&gt; \\[link\\](x) see <https://example.com/a_b>."),
        "{doc}"
    );
    assert!(doc.contains("Values: `red`, `dark-blue`."), "{doc}");
    assert!(doc.contains("let ids: &[&str] = &[\"ids\"];"), "{doc}");
    assert!(
        doc.contains("let color = genesys_cloud::models::Color::Red;"),
        "{doc}"
    );
    assert!(
        doc.contains("let after = genesys_cloud::chrono::Utc::now();"),
        "{doc}"
    );
    assert!(
        doc.contains(
            "    .post_things(thing_id, ids, color, after, &body)\n    .page_size(25) // optional"
        ),
        "{doc}"
    );
    assert!(doc.contains("let body: genesys_cloud::models::Thing = genesys_cloud::serde_json::from_str(r#\"{\n    \"color\": \"red\"\n}\"#)?;"), "{doc}");
    assert!(
        doc.contains("`Vec<models::Thing>` (of [`Thing`](crate::models::Thing))"),
        "{doc}"
    );
    assert!(doc.contains("by incrementing `pageNumber`"));
    assert_eq!(
        code_blocks(&doc).len(),
        1,
        "the spec's fence is neutralised"
    );
    syn::parse_file(&strip_hidden(&code_blocks(&doc)[0])).expect("valid Rust");
    assert_no_raw_html(&doc);

    let group_doc = group_doc(&group);
    assert!(group_doc.contains("| `post_things` (preview) (deprecated) | `POST /api/v2/things/{thingId}` | Create things |"), "{group_doc}");
    assert_eq!(
        meta_doc(op),
        "Metadata and marker type of `postThings` (`POST /api/v2/things/{thingId}`)."
    );

    let thing = api.type_def("Thing").unwrap();
    let doc = type_doc(&ctx(&api, "c"), thing);
    assert_eq!(doc, "A thing.\n\nindented &lt;code&gt;");
    let color = api.type_def("Color").unwrap();
    assert_eq!(
        type_doc(&ctx(&api, "c"), color),
        "The `Color` model.\n\nDefined by the inline schema at `/components/schemas/Thing/properties/color`.\n\n\
         Values: `red`, `dark-blue`; unknown values decode into `Unknown(String)`."
    );
    let TypeKind::Struct { fields, .. } = &thing.kind else {
        unreachable!()
    };
    assert_eq!(
        field_doc(&fields[0]),
        "JSON: `color`. Required. Read-only: set by the server."
    );
    let TypeKind::Enum { variants } = &color.kind else {
        unreachable!()
    };
    assert_eq!(variant_doc(&variants[1]), "`dark-blue`");
}

#[test]
fn body_examples() {
    let (api, group) = small_api();
    let shown = |body: Option<Body>, params: Vec<Param>| {
        let mut op = group.operations[0].clone();
        op.body = body;
        op.params = params;
        op.deprecation = None;
        let (source, text) = example(&api, &group, &op, "c");
        syn::parse_file(&strip_hidden(&source)).expect("valid Rust");
        text
    };
    let body = |ty: Type, required: bool| {
        Some(Body {
            ty,
            encoding: BodyEncoding::Json,
            required,
            description: None,
        })
    };
    let strings = Type::Array(Box::new(Type::String));
    let text = shown(body(strings, true), vec![]);
    assert!(
        text.contains("let body: &[&str] = &[\"body\"];\n"),
        "{text}"
    );
    assert!(text.contains(".post_things(body)\n"), "{text}");

    let things = Type::Array(Box::new(Type::Named("Thing".to_owned())));
    let text = shown(body(things, true), vec![]);
    assert!(
        text.contains(
            "let body: Vec<c::models::Thing> = c::serde_json::from_str(r#\"[\n    {\n        \"color\": \"red\"\n    }\n]\"#)?;"
        ),
        "{text}"
    );
    assert!(text.contains(".post_things(&body)\n"), "{text}");

    let text = shown(
        body(Type::I64, false),
        vec![param("pageSize", "page_size", Type::I32, false)],
    );
    assert!(text.contains("let body = 1;"), "{text}");
    assert!(
        text.contains(
            ".post_things()\n    .page_size(25) // optional\n    .body(&body) // optional\n"
        ),
        "{text}"
    );

    let map = Type::Map(Box::new(Type::String));
    let text = shown(
        body(map, true),
        vec![param("body", "body", Type::String, true)],
    );
    assert!(text.contains("let body_value = \"body\";"), "{text}");
    assert!(text.contains("let body: std::collections::HashMap<String, String> = c::serde_json::from_str(r#\"{}\"#)?;"), "{text}");
    assert!(text.contains(".post_things(body_value, &body)"), "{text}");

    let text = shown(body(Type::Named("Color".to_owned()), true), vec![]);
    assert!(text.contains("let body = c::models::Color::Red;"), "{text}");

    // The method borrows the inner arrays too: a literal of its own argument type, not owned JSON.
    let grid = Type::Array(Box::new(Type::Array(Box::new(Type::String))));
    let text = shown(body(grid, true), vec![]);
    assert!(
        text.contains("let body: &[&[&str]] = &[&[\"body\"]];\n"),
        "{text}"
    );
    assert!(text.contains(".post_things(body)\n"), "{text}");

    // Maps and JSON values are owned arguments, as the method takes them.
    let text = shown(
        None,
        vec![param("meta", "meta", Type::Map(Box::new(Type::I64)), true)],
    );
    assert!(
        text.contains(
            "let meta: std::collections::HashMap<String, i64> = std::collections::HashMap::new();"
        ),
        "{text}"
    );
}

#[test]
fn group_doc_links_methods() {
    let api = crate::project_api();
    let group = &api.groups[0];
    let doc = group_doc(group);
    assert!(doc.contains("| [`get_chats_room`](crate::chat::ChatApi::get_chats_room) | `GET /api/v2/chats/rooms/{roomJid}` | Get a room |"), "{doc}");
    assert!(doc.contains("(deprecated)"));
}

/// The arguments and return type of every generated method, printed from the emitted file, are what the
/// documentation of the fixture (every feature) and of the project's spec says.
#[test]
fn documented_signatures_are_the_emitted_ones() {
    use quote::ToTokens;

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for spec in [
        root.join("tests/fixtures/features/features.yaml"),
        root.join("../spec"),
    ] {
        let generated = crate::generate(&crate::Config::new(&spec)).expect("the spec generates");
        let ctx = ctx(&generated.api, "c");
        let mut checked = 0;
        for group in &generated.api.groups {
            let path = format!("src/generated/{}.rs", group.module);
            let file = generated
                .files
                .iter()
                .find(|f| f.path == path)
                .expect("the group's file");
            let file = syn::parse_file(&file.contents).expect("generated code parses");
            for item in &file.items {
                let syn::Item::Impl(block) = item else {
                    continue;
                };
                if block.self_ty.to_token_stream().to_string()
                    != format!("{} < 'a >", group.api_name)
                {
                    continue;
                }
                for item in &block.items {
                    let syn::ImplItem::Fn(method) = item else {
                        continue;
                    };
                    let Some(op) = group
                        .operations
                        .iter()
                        .find(|o| method.sig.ident == o.fn_name)
                    else {
                        continue;
                    };
                    let doc = super::model::operation_doc(&ctx, group, op);
                    let args: Vec<String> = method
                        .sig
                        .inputs
                        .iter()
                        .skip(1)
                        // The docs name runtime items from the runtime module (`Bytes`, not `rt::Bytes`).
                        .map(|arg| {
                            super::types::print(arg.to_token_stream(), None).replace("rt::", "")
                        })
                        .collect();
                    assert_eq!(args, doc.args, "{}", op.method_name);
                    let syn::ReturnType::Type(_, output) = &method.sig.output else {
                        panic!("{} returns nothing", op.method_name)
                    };
                    let output = super::types::print(output.to_token_stream(), None);
                    assert_eq!(
                        output.trim_start_matches("rt::"),
                        doc.output,
                        "{}",
                        op.method_name
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(
            checked,
            generated.api.operations().count(),
            "{}",
            spec.display()
        );
    }
}

/// A model kind is one arm of `model::type_doc`: an alias gets its sentence in rustdoc (linked like any type).
#[test]
fn alias_docs() {
    let (mut api, _) = small_api();
    let alias = |name: &str, ty: Type| TypeDef {
        rust_name: name.to_owned(),
        origin: TypeOrigin::Component(name.to_owned()),
        description: None,
        kind: TypeKind::Alias(ty),
        used_by: Default::default(),
        serde: crate::model::SerdeUse::BOTH,
        pointer: String::new(),
    };
    let things = Type::Array(Box::new(Type::Named("Thing".to_owned())));
    api.types.push(alias("Things", things));
    api.types.push(alias("Stamp", Type::DateTime));
    // Sorted by name, as lowering leaves them.
    api.types.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let ctx = ctx(&api, "c");
    assert_eq!(
        type_doc(&ctx, api.type_def("Things").unwrap()),
        "The `Things` model.\n\nAnother name for `Vec<models::Thing>` (of [`Thing`](crate::models::Thing))."
    );
    assert_eq!(
        type_doc(&ctx, api.type_def("Stamp").unwrap()),
        "The `Stamp` model.\n\nAnother name for `chrono::DateTime<chrono::Utc>`."
    );
}

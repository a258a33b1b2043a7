//! Markdown reference pages, laid out like Genesys's SDK docs: `docs/<ApiName>.md` per group (a table of every
//! method, then a section per operation with its Rust signature, HTTP request, description, warnings, permissions,
//! example, parameters and return type) and `docs/models.md` (a section per model with its fields or values).
//!
//! The text pieces are shared with the rustdoc ([`super::docs`]); links to models point at `models.md#<name in
//! lower case>`, anchors that both the explicit `<a name>` and GitHub's heading ids provide.

use std::fmt::Write as _;

use super::docs::{self, Position, rust_type};
use super::escape::{cell, code, prose, table_cell};
use super::{GeneratedFile, RuntimePath, header_lines};
use crate::Config;
use crate::contract;
use crate::model::{Api, Field, Group, Operation, Tagging, Type, TypeDef, TypeKind, Union};

/// The Markdown reference pages for `api`: `docs/<ApiName>.md` per group and `docs/models.md`, sorted by path.
#[cfg(test)]
pub(crate) fn pages(api: &Api, config: &Config) -> Vec<GeneratedFile> {
    let mut files: Vec<GeneratedFile> = api
        .groups
        .iter()
        .map(|group| group_page_file(api, group, config))
        .collect();
    files.push(models_page_file(api, config));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// `docs/<ApiName>.md` for one group.
pub(crate) fn group_page_file(api: &Api, group: &Group, config: &Config) -> GeneratedFile {
    GeneratedFile {
        path: format!("docs/{}.md", group.api_name),
        contents: format!(
            "{}{}",
            header_comment(config),
            group_page(api, group, &crate_name(config))
        ),
    }
}

/// `docs/models.md`.
pub(crate) fn models_page_file(api: &Api, config: &Config) -> GeneratedFile {
    GeneratedFile {
        path: "docs/models.md".to_owned(),
        contents: format!(
            "{}{}",
            header_comment(config),
            models_page(api, &crate_name(config))
        ),
    }
}

fn crate_name(config: &Config) -> String {
    match &config.runtime {
        RuntimePath::Crate => contract::RUNTIME_CRATE.to_owned(),
        RuntimePath::External(_) => config.crate_name.replace('-', "_"),
    }
}

/// The file header as an HTML comment, followed by a blank line.
fn header_comment(config: &Config) -> String {
    let lines: Vec<String> = header_lines(config)
        .iter()
        .map(|l| l.replace("-->", "-- >"))
        .collect();
    format!("<!--\n{}\n-->\n\n", lines.join("\n"))
}

/// The anchor of a model's section in `models.md`.
fn model_anchor(name: &str) -> String {
    name.to_ascii_lowercase()
}

fn group_page(api: &Api, group: &Group, crate_name: &str) -> String {
    let mut out = format!("# {}\n\n", group.api_name);
    if let Some(description) = group
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        let _ = write!(out, "{}\n\n", prose(description));
    }
    let _ = write!(
        out,
        "All URIs are relative to {}\n\n\
         Reach these methods with `client.{module}()`, which returns a `{crate_name}::{module}::{api_name}`; they are \
         compiled with the crate feature `{module}`. The types they use are described in [models.md](models.md).\n\n\
         | Method | Genesys method name | HTTP request | Description |\n\
         | ------------- | ------------- | ------------- | ------------- |\n",
        code(&api.server_url),
        module = group.module,
        api_name = group.api_name,
    );
    for op in &group.operations {
        let mut description = op.summary.as_deref().map(cell).unwrap_or_default();
        if op.preview {
            description.push_str(" *(preview)*");
        }
        if op.deprecation.is_some() {
            description.push_str(" *(deprecated)*");
        }
        let _ = writeln!(
            out,
            "| [**{name}**](#{name}) | {} | **{}** {} | {} |",
            table_cell(&code(&op.method_name)),
            op.http_method.as_str(),
            table_cell(&code(&op.path)),
            description.trim_start(),
            name = op.fn_name,
        );
    }
    for op in &group.operations {
        out.push('\n');
        out.push_str(&operation_section(api, group, op, crate_name));
    }
    out
}

/// `pub fn get_chats_room(&self, room_jid: &str) -> Request<GetChatsRoom>`.
fn signature(op: &Operation) -> String {
    let mut args = vec!["&self".to_owned()];
    for param in op.params.iter().filter(|p| p.required) {
        args.push(format!(
            "{}: {}",
            param.rust_name,
            rust_type(&param.ty, docs::param_position(param))
        ));
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        args.push(format!("body: {}", rust_type(&body.ty, Position::Body)));
    }
    let output = if op.has_optional_params() {
        format!("{}Request", op.type_name)
    } else {
        format!("Request<{}>", op.type_name)
    };
    let one_line = format!("pub fn {}({}) -> {output}", op.fn_name, args.join(", "));
    if one_line.len() <= 100 {
        return one_line;
    }
    let args: Vec<String> = args.iter().map(|a| format!("    {a},\n")).collect();
    format!("pub fn {}(\n{}) -> {output}", op.fn_name, args.concat())
}

fn operation_section(api: &Api, group: &Group, op: &Operation, crate_name: &str) -> String {
    let link = |name: &str| format!("models.md#{}", model_anchor(name));
    let mut out = format!(
        "<a name=\"{name}\"></a>\n\n## {name}\n\n",
        name = op.fn_name
    );
    let mut attributes = String::new();
    if op.preview {
        attributes.push_str("#[cfg(feature = \"preview\")]\n");
    }
    if op.deprecation.is_some() {
        attributes.push_str("#[deprecated]\n");
    }
    let _ = write!(out, "```rust\n{attributes}{}\n```\n\n", signature(op));
    let _ = write!(
        out,
        "Genesys method name: {} (as in Genesys's API docs and other SDKs).\n\n",
        code(&op.method_name)
    );
    let _ = write!(out, "{}\n\n", code(&docs::http_request(op)));
    let _ = write!(out, "{}\n\n", docs::summary_text(op));
    if let Some(description) = docs::description_text(op) {
        let _ = write!(out, "{description}\n\n");
    }
    if op.preview {
        let _ = write!(out, "{}\n\n", docs::preview_text(op));
    }
    if let Some(deprecation) = docs::deprecation_text(op) {
        let _ = write!(out, "{deprecation}\n\n");
    }
    let _ = write!(out, "{}\n\n", docs::permissions_text(&op.permissions));
    let _ = write!(
        out,
        "### Example\n\n```rust\n{}\n```\n\n",
        docs::example_visible(api, group, op, crate_name)
    );
    out.push_str("### Parameters\n\n");
    match docs::parameters_table(api, op, &link) {
        Some(table) => {
            let _ = write!(out, "{table}\n\n");
        }
        None => out.push_str("This method takes no parameters.\n\n"),
    }
    out.push_str("### Return type\n\n");
    let output = match &op.response {
        None => "()".to_owned(),
        Some(ty) => rust_type(ty, Position::Output),
    };
    let _ = write!(
        out,
        "{}\n\nAwaiting the request (or `.send().await`) gives {}.\n",
        docs::returns_text(op, &link),
        code(&format!("{crate_name}::Result<{output}>"))
    );
    if let Some(pagination) = docs::pagination_text(op, &link) {
        let _ = write!(out, "\n{pagination}\n");
    }
    out
}

fn models_page(api: &Api, crate_name: &str) -> String {
    let mut out = String::from("# Models\n\n");
    let apis: Vec<String> = api
        .groups
        .iter()
        .map(|g| format!("[{0}]({0}.md)", g.api_name))
        .collect();
    let _ = write!(
        out,
        "The types in `{crate_name}::models`{}. Optional fields are `Option`s; structs whose fields all have \
         defaults implement `Default`; enums decode values they do not list into `Unknown(String)`.\n\n",
        if apis.is_empty() {
            String::new()
        } else {
            format!(", used by {}", apis.join(", "))
        }
    );
    if api.types.is_empty() {
        out.push_str("There are no models.\n");
        return out;
    }
    out.push_str(
        "| Model | Kind | Description |\n| ------------- | ------------- | ------------- |\n",
    );
    for def in &api.types {
        let kind = match &def.kind {
            TypeKind::Struct { .. } => "struct",
            TypeKind::Enum { .. } => "enum",
            TypeKind::Alias(_) => "alias",
            TypeKind::Union(_) => "union",
        };
        let description = def.description.as_deref().map(cell).unwrap_or_default();
        let _ = writeln!(
            out,
            "| [**{}**](#{}) | {kind} | {description} |",
            def.rust_name,
            model_anchor(&def.rust_name)
        );
    }
    for def in &api.types {
        out.push('\n');
        out.push_str(&model_section(def));
    }
    out
}

fn model_section(def: &TypeDef) -> String {
    let link = |name: &str| format!("#{}", model_anchor(name));
    let mut out = format!(
        "<a name=\"{}\"></a>\n\n## {}\n\n",
        model_anchor(&def.rust_name),
        def.rust_name
    );
    if let Some(description) = def.description.as_deref().filter(|d| !d.trim().is_empty()) {
        let _ = write!(out, "{}\n\n", prose(description));
    }
    if let Some(location) = def.source_name.strip_prefix("inline schema at ") {
        let _ = write!(
            out,
            "Defined by the inline schema at {}.\n\n",
            code(location)
        );
    } else if def.source_name != def.rust_name {
        let _ = write!(out, "The spec's schema {}.\n\n", code(&def.source_name));
    }
    let features: Vec<String> = def.used_by.iter().map(|m| code(m)).collect();
    match features.len() {
        0 => out.push_str("Always compiled.\n\n"),
        1 => {
            let _ = write!(out, "Compiled with the crate feature {}.\n\n", features[0]);
        }
        _ => {
            let _ = write!(
                out,
                "Compiled with any of the crate features {}.\n\n",
                features.join(", ")
            );
        }
    }
    match &def.kind {
        TypeKind::Struct { fields, default } => {
            if *default {
                out.push_str("Implements `Default`.\n\n");
            }
            if fields.is_empty() {
                out.push_str("It has no fields.\n");
            } else {
                out.push_str("| Field | Type | Description | Notes |\n| ------------- | ------------- | ------------- | ------------- |\n");
                for field in fields {
                    let description = field.description.as_deref().map(cell).unwrap_or_default();
                    let mut notes = vec![if field.required {
                        "required"
                    } else {
                        "optional"
                    }];
                    if field.read_only {
                        notes.push("read-only");
                    }
                    let _ = writeln!(
                        out,
                        "| {} ({}) | {} | {description} | {} |",
                        table_cell(&code(&field.wire_name)),
                        code(&field.rust_name),
                        table_cell(&field_type(field, &link)),
                        notes.join(", "),
                    );
                }
            }
        }
        TypeKind::Enum { variants } => {
            out.push_str("| Variant | Value |\n| ------------- | ------------- |\n");
            for variant in variants {
                let _ = writeln!(
                    out,
                    "| `{}` | {} |",
                    variant.rust_name,
                    table_cell(&code(&variant.wire_name))
                );
            }
            out.push_str("| `Unknown(String)` | any other value |\n");
        }
        TypeKind::Union(union) => out.push_str(&union_section(union, &link)),
        TypeKind::Alias(ty) => {
            let _ = writeln!(
                out,
                "Another name for {}.",
                docs::linked_type(ty, Position::Field, &link)
            );
        }
    }
    out
}

/// A union's variants: each one's type and, for a tagged union, the values that select it.
fn union_section(union: &Union, link: &dyn Fn(&str) -> String) -> String {
    let mut out = format!("{}\n\n", docs::union_doc(union));
    let tagged = matches!(union.tagging, Tagging::Tagged(_));
    out.push_str(if tagged {
        "| Variant | Type | Selected by |\n| ------------- | ------------- | ------------- |\n"
    } else {
        "| Variant | Type |\n| ------------- | ------------- |\n"
    });
    for variant in &union.variants {
        let ty = table_cell(&docs::linked_type(&variant.ty, Position::Field, link));
        let _ = write!(out, "| `{}` | {ty} |", variant.rust_name);
        if tagged {
            let tags: Vec<String> = variant.tags.iter().map(|t| code(t)).collect();
            let _ = write!(out, " {} |", table_cell(&tags.join(", ")));
        }
        out.push('\n');
    }
    out.push_str(if tagged {
        "| `Unknown(serde_json::Value)` | any other value | any other value |\n"
    } else {
        "| `Unknown(serde_json::Value)` | any other value |\n"
    });
    out
}

/// A field's Rust type (with `Box` and `Option`), linked to the models it holds.
fn field_type(field: &Field, link: &dyn Fn(&str) -> String) -> String {
    if field.required && !field.boxed {
        return docs::linked_type(&field.ty, Position::Field, link);
    }
    let mut rendered = rust_type(&field.ty, Position::Field);
    if field.boxed {
        rendered = format!("Box<{rendered}>");
    }
    if !field.required {
        rendered = format!("Option<{rendered}>");
    }
    let named = named_types(&field.ty);
    if named.is_empty() {
        code(&rendered)
    } else {
        let links: Vec<String> = named
            .iter()
            .map(|n| format!("[{}]({})", code(n), link(n)))
            .collect();
        format!("{} (of {})", code(&rendered), links.join(", "))
    }
}

fn named_types(ty: &Type) -> Vec<&str> {
    match ty {
        Type::Named(name) => vec![name.as_str()],
        Type::Array(inner) | Type::Map(inner) => named_types(inner),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn real() -> (Api, Config) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        let mut config = Config::new(root.join("spec"));
        config.spec_label = "spec/".to_owned();
        let api = crate::load_api(&config).expect("the spec loads").0;
        (api, config)
    }

    #[test]
    fn pages_of_the_spec() {
        let (api, config) = real();
        let files = pages(&api, &config);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "docs/ChatApi.md",
                "docs/NotificationsApi.md",
                "docs/WebChatApi.md",
                "docs/models.md"
            ]
        );
        assert_eq!(files, pages(&api, &config), "deterministic");
        for file in &files {
            assert!(file.contents.starts_with(
                "<!--\n@generated by genesys-codegen. Do not edit by hand.\nSource: spec/\n"
            ));
            assert!(
                file.contents.ends_with('\n') && !file.contents.ends_with("\n\n"),
                "{}",
                file.path
            );
            // Every link points at an anchor that exists.
            let models = &files[3].contents;
            let anchor = |target: &str| {
                format!(
                    "<a name=\"{}\"></a>",
                    target.split(')').next().unwrap_or_default()
                )
            };
            for target in file.contents.split("](models.md#").skip(1) {
                assert!(
                    models.contains(&anchor(target)),
                    "{}: no {}",
                    file.path,
                    anchor(target)
                );
            }
            for target in file.contents.split("](#").skip(1) {
                assert!(
                    file.contents.contains(&anchor(target)),
                    "{}: no {}",
                    file.path,
                    anchor(target)
                );
            }
        }
        let chat = &files[0].contents;
        assert!(chat.contains("# ChatApi\n\n"));
        assert!(chat.contains("All URIs are relative to `https://api.mypurecloud.com`"));
        assert!(chat.contains("| [**get_chats_room**](#get_chats_room) | `getChatsRoom` | **GET** `/api/v2/chats/rooms/{roomJid}` | Get a room |\n"), "{chat}");
        assert!(chat.contains("| [**get_chat_settings**](#get_chat_settings) | `getChatSettings` | **GET** `/api/v2/chat/settings` | Get Chat Settings. *(deprecated)* |"));
        assert!(chat.contains(
            "<a name=\"get_chats_room\"></a>\n\n## get_chats_room\n\n```rust\npub fn get_chats_room(&self, room_jid: &str) -> Request<GetChatsRoom>\n```\n\nGenesys method name: `getChatsRoom` (as in Genesys's API docs and other SDKs).\n\n`GET /api/v2/chats/rooms/{roomJid}`\n\nGet a room\n\nRequires ANY permissions:\n\n* `chat:chat:access`\n* `chat:room:view`\n\n### Example\n\n```rust\nuse genesys_cloud::prelude::*;\n"
        ), "{chat}");
        assert!(chat.contains("### Return type\n\n[`Room`](models.md#room).\n\nAwaiting the request (or `.send().await`) gives `genesys_cloud::Result<models::Room>`.\n"));
        assert!(chat.contains(
            "pub fn get_chats_room_messages(&self, room_jid: &str) -> GetChatsRoomMessagesRequest"
        ));
        assert!(chat.contains("```rust\n#[deprecated]\npub fn get_chat_settings(&self) -> Request<GetChatSettings>\n```"));
        assert!(chat.contains(
            "**Deprecated:** removed from the Genesys Cloud API (Genesys SDK 181.0.0 release notes)"
        ));
        assert!(chat.contains("This method takes no parameters."));
        assert!(
            !chat.contains("# async fn") && !chat.contains("# Ok(())"),
            "no hidden lines"
        );
        for (_, op) in api.operations() {
            let page = if op.path.contains("/webchat/") {
                &files[2].contents
            } else if op.path.contains("/notifications/") {
                &files[1].contents
            } else {
                chat
            };
            assert!(
                page.contains(&format!("\n## {}\n", op.fn_name)),
                "{}",
                op.method_name
            );
            assert!(page.contains(&format!("`{} {}`", op.http_method.as_str(), op.path)));
        }

        let webchat = &files[2].contents;
        assert!(!webchat.contains("`.pages()`"), "{webchat}");
        assert!(chat.contains("`.pages()`"), "{chat}");

        let models = &files[3].contents;
        assert!(models.contains("# Models\n\nThe types in `genesys_cloud::models`, used by [ChatApi](ChatApi.md), [NotificationsApi](NotificationsApi.md), [WebChatApi](WebChatApi.md)."));
        assert!(models.contains("<a name=\"room\"></a>\n\n## Room\n\nCompiled with the crate feature `chat`.\n\nImplements `Default`.\n\n| Field | Type | Description | Notes |"), "{models}");
        assert!(models.contains("| `roomType` (`room_type`) | `Option<models::RoomRoomType>` (of [`RoomRoomType`](#roomroomtype)) | The type of room | optional |"), "{models}");
        assert!(models.contains("| `Adhoc` | `adhoc` |\n"));
        assert!(models.contains("| `Unknown(String)` | any other value |\n"));
        assert!(
            models.contains("| `thread` (`thread`) | [`Entity`](#entity) | The id for a thread this message corresponds to | required |"),
            "{models}"
        );
        assert!(models.contains("\\[10,3650\\]"));
        assert!(models.contains("Always compiled."));
        for def in &api.types {
            assert!(models.contains(&format!("\n## {}\n", def.rust_name)));
        }
    }

    #[test]
    fn external_crate_name_and_signature_wrapping() {
        let (api, mut config) = real();
        config.runtime = RuntimePath::External("genesys_cloud".to_owned());
        config.crate_name = "my-client".to_owned();
        let files = pages(&api, &config);
        assert!(files[0].contents.contains("use my_client::prelude::*;"));
        let op = api
            .operations()
            .find(|(_, o)| o.method_name == "postChatsRoomMessagesPins")
            .unwrap()
            .1;
        let mut long = op.clone();
        long.fn_name =
            "a_very_long_method_name_that_does_not_fit_on_one_line_with_its_arguments".to_owned();
        assert_eq!(
            signature(&long),
            "pub fn a_very_long_method_name_that_does_not_fit_on_one_line_with_its_arguments(\n    &self,\n    \
             room_jid: &str,\n    body: &models::PinnedMessageRequest,\n) -> Request<PostChatsRoomMessagesPins>"
        );
    }
}

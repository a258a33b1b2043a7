//! The Markdown backend: reference pages laid out like Genesys's SDK docs. `docs/<ApiName>.md` per group (a table
//! of every method, then a section per operation with its Rust signature, HTTP request, description, warnings,
//! permissions, example, parameters and return type) and `docs/models.md` (a section per model with its fields or
//! values).
//!
//! Links to models point at `models.md#<name in lower case>`, anchors that both the explicit `<a name>` and
//! GitHub's heading ids provide.

use std::fmt::Write as _;

use super::model::{self, Block, OperationDoc};
use super::text;
use crate::Config;
use crate::contract;
use crate::emit::escape::{cell, code, table_cell};
use crate::emit::rust::Ctx;
use crate::emit::{Format, GeneratedFile, header_lines};
use crate::model::{Group, TypeDef};

/// `docs/<ApiName>.md` for one group.
pub(crate) fn group_page_file(ctx: &Ctx<'_>, group: &Group, config: &Config) -> GeneratedFile {
    Format::Markdown.file(
        &format!("{}.md", group.api_name),
        format!("{}{}", header_comment(config), group_page(ctx, group)),
    )
}

/// `docs/models.md`.
pub(crate) fn models_page_file(ctx: &Ctx<'_>, config: &Config) -> GeneratedFile {
    Format::Markdown.file(
        "models.md",
        format!("{}{}", header_comment(config), models_page(ctx)),
    )
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

fn group_page(ctx: &Ctx<'_>, group: &Group) -> String {
    let doc = model::group_doc(group);
    let mut out = format!("# {}\n\n", group.api_name);
    if let Some(description) = &doc.description {
        let _ = write!(out, "{description}\n\n");
    }
    let _ = write!(
        out,
        "All URIs are relative to {}\n\n\
         Reach these methods with `client.{module}()`, which returns a `{crate_name}::{module}::{api_name}`; they are \
         compiled with the crate feature `{module}`. The types they use are described in [models.md](models.md).\n\n\
         | Method | Genesys method name | HTTP request | Description |\n\
         | ------------- | ------------- | ------------- | ------------- |\n",
        code(&ctx.api.server_url),
        crate_name = ctx.crate_name,
        module = group.module,
        api_name = group.api_name,
    );
    for (op, summary) in &doc.summaries {
        let mut description = summary.clone();
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
        out.push_str(&operation_section(
            &model::operation_doc(ctx, group, op),
            &ctx.crate_name,
        ));
    }
    out
}

/// `pub fn get_chats_room(&self, room_jid: &str) -> Request<GetChatsRoom>`, on one line when it fits in 100
/// characters, else an argument a line as rustfmt writes it.
fn signature(doc: &OperationDoc<'_>) -> String {
    let mut args = vec!["&self".to_owned()];
    args.extend(doc.args.iter().cloned());
    let (name, output) = (&doc.op.fn_name, &doc.output);
    let one_line = format!("pub fn {name}({}) -> {output}", args.join(", "));
    if one_line.len() <= 100 {
        return one_line;
    }
    let args: Vec<String> = args.iter().map(|a| format!("    {a},\n")).collect();
    format!("pub fn {name}(\n{}) -> {output}", args.concat())
}

fn operation_section(doc: &OperationDoc<'_>, crate_name: &str) -> String {
    let link = |name: &str| format!("models.md#{}", model_anchor(name));
    let op = doc.op;
    let mut out = format!(
        "<a name=\"{name}\"></a>\n\n## {name}\n\n",
        name = op.fn_name
    );
    let mut attributes = String::new();
    if op.preview {
        let _ = writeln!(
            attributes,
            "#[cfg(feature = \"{}\")]",
            contract::PREVIEW_FEATURE
        );
    }
    if op.deprecation.is_some() {
        attributes.push_str("#[deprecated]\n");
    }
    let _ = write!(out, "```rust\n{attributes}{}\n```\n\n", signature(doc));
    let _ = write!(
        out,
        "Genesys method name: {} (as in Genesys's API docs and other SDKs).\n\n",
        code(&op.method_name)
    );
    let mut paragraphs = vec![&doc.request, &doc.summary];
    paragraphs.extend(&doc.description);
    paragraphs.extend(&doc.warnings);
    paragraphs.push(&doc.permissions);
    for paragraph in paragraphs {
        let _ = write!(out, "{paragraph}\n\n");
    }
    // Hidden lines are the doctest's scaffolding; a reader copies the rest.
    let visible: Vec<&str> = doc
        .example
        .iter()
        .filter(|l| !l.hidden)
        .map(|l| l.text.as_str())
        .collect();
    let _ = write!(
        out,
        "### Example\n\n```rust\n{}\n```\n\n",
        visible.join("\n")
    );
    out.push_str("### Parameters\n\n");
    match &doc.parameters {
        Some(table) => {
            let _ = write!(out, "{}\n\n", text::table(table, &link, "---"));
        }
        None => out.push_str("This method takes no parameters.\n\n"),
    }
    out.push_str("### Return type\n\n");
    let output = doc.returns.as_ref().map_or("()", |t| t.rust.as_str());
    let _ = write!(
        out,
        "{}\n\nAwaiting the request (or `.send().await`) gives {}.\n",
        text::returns(doc.returns.as_ref(), &link),
        code(&format!("{crate_name}::Result<{output}>"))
    );
    if let Some(pagination) = &doc.pagination {
        let _ = write!(out, "\n{}\n", text::inlines(pagination, &link, false));
    }
    out
}

fn models_page(ctx: &Ctx<'_>) -> String {
    let api = ctx.api;
    let mut out = String::from("# Models\n\n");
    let apis: Vec<String> = api
        .groups
        .iter()
        .map(|g| format!("[{0}]({0}.md)", g.api_name))
        .collect();
    let _ = write!(
        out,
        "The types in `{}::models`{}. Optional fields are `Option`s; structs whose fields all have \
         defaults implement `Default`; enums decode values they do not list into `Unknown(String)`.\n\n",
        ctx.crate_name,
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
    let docs: Vec<_> = api
        .types
        .iter()
        .map(|def| model::type_doc(ctx, def))
        .collect();
    out.push_str(
        "| Model | Kind | Description |\n| ------------- | ------------- | ------------- |\n",
    );
    for doc in &docs {
        let description = doc.def.description.as_deref().map(cell).unwrap_or_default();
        let name = &doc.def.rust_name;
        let _ = writeln!(
            out,
            "| [**{name}**](#{}) | {} | {description} |",
            model_anchor(name),
            doc.kind
        );
    }
    for doc in &docs {
        out.push('\n');
        out.push_str(&model_section(doc));
    }
    out
}

fn model_section(doc: &model::TypeDoc<'_>) -> String {
    let link = |name: &str| format!("#{}", model_anchor(name));
    let def: &TypeDef = doc.def;
    let mut paragraphs = vec![
        format!("<a name=\"{}\"></a>", model_anchor(&def.rust_name)),
        format!("## {}", def.rust_name),
    ];
    paragraphs.extend(doc.description.clone());
    paragraphs.extend(doc.origin.clone());
    let features: Vec<String> = def.used_by.iter().map(|m| code(m)).collect();
    paragraphs.push(match features.as_slice() {
        [] => "Always compiled.".to_owned(),
        [one] => format!("Compiled with the crate feature {one}."),
        many => format!(
            "Compiled with any of the crate features {}.",
            many.join(", ")
        ),
    });
    paragraphs.extend(doc.blocks.iter().map(|block| match block {
        Block::Paragraph(inlines) => text::inlines(inlines, &link, false),
        Block::Table(table) => text::table(table, &link, "-------------"),
    }));
    paragraphs.join("\n\n") + "\n"
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::RuntimePath;
    use crate::model::Api;

    /// The Markdown pages for `api`: `docs/<ApiName>.md` per group and `docs/models.md`, sorted by path.
    fn pages(api: &Api, config: &Config) -> Vec<GeneratedFile> {
        let files = crate::emit::emit(api, config).expect("the spec emits");
        files
            .into_iter()
            .filter(|f| f.path.starts_with("docs/"))
            .collect()
    }

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
        let (group, op) = api
            .operations()
            .find(|(_, o)| o.method_name == "postChatsRoomMessagesPins")
            .unwrap();
        let mut long = op.clone();
        long.fn_name =
            "a_very_long_method_name_that_does_not_fit_on_one_line_with_its_arguments".to_owned();
        let ctx = Ctx::new(&api, &RuntimePath::Crate, "c");
        assert_eq!(
            signature(&model::operation_doc(&ctx, group, &long)),
            "pub fn a_very_long_method_name_that_does_not_fit_on_one_line_with_its_arguments(\n    &self,\n    \
             room_jid: &str,\n    body: &models::PinnedMessageRequest,\n) -> Request<PostChatsRoomMessagesPins>"
        );
    }
}

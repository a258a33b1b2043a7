//! Rustdoc text for generated items: operations, API groups, operation marker types, models, fields and variants.
//!
//! Every function returns plain Markdown lines joined by `\n` (no `///`), ready to be split into `#[doc = "..."]`
//! attributes. Spec text goes through [`super::escape`], so it never opens a code block (which
//! would become a doctest) and triggers no rustdoc lint. Intra-doc links only point at items that exist
//! whenever the documented item is compiled: `crate::models::X` for the types an operation uses, and the methods of
//! a group's API struct (never preview ones, which need a feature).
//!
//! The operation example ([`example_lines`]) is a `no_run` doctest that compiles against the generated client. Its
//! placeholders are chosen from the parameter's type: a string is its wire name (`"roomJid"`) or its default, a
//! number or boolean its default or `25` (sizes, limits, counts) / `1` / `1.0` / `true`, an enum its default or first
//! variant, a date-time `Utc::now()`, a date `NaiveDate::default()`, an array one such element. A body is
//! `X::default()` when the struct derives `Default`, otherwise it is parsed from JSON holding its required fields.

use std::fmt::Write as _;

use super::escape::{cell, code, comment, prose, table_cell};

use crate::model::{
    Api, Field, Group, Operation, PageWalk, Param, ParamLocation, Permissions, Tagging, Type,
    TypeDef, TypeKind, Union, UnionVariant, Variant,
};

/// Where a type appears, which decides how the generated Rust spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Position {
    /// A method argument or setter argument (borrowed: `&str`, `&[&str]`).
    Param,
    /// A request body argument (`&models::X`).
    Body,
    /// What an awaited request gives (owned: `String`, `Vec<T>`).
    Output,
    /// A struct field's type, without its `Option`.
    Field,
}

/// How type paths are written: short for documentation tables, fully qualified for example code.
#[derive(Clone, Copy)]
enum Paths<'a> {
    /// `models::X`, `chrono::…`, `serde_json::Value`, `HashMap` (in parameter position).
    Short,
    /// `<crate>::models::X`, `<crate>::chrono::…`, `std::collections::HashMap`.
    Qualified(&'a str),
}

impl Paths<'_> {
    fn models(self) -> String {
        match self {
            Paths::Short => "models".to_owned(),
            Paths::Qualified(c) => format!("{c}::models"),
        }
    }

    fn krate(self, item: &str) -> String {
        match self {
            Paths::Short => item.to_owned(),
            Paths::Qualified(c) => format!("{c}::{item}"),
        }
    }

    fn date_time(self) -> String {
        let chrono = self.krate("chrono");
        format!("{chrono}::DateTime<{chrono}::Utc>")
    }
}

/// The Rust type of `ty` in position `pos`, as the generated client spells it (with `models::` for named types).
pub(crate) fn rust_type(ty: &Type, pos: Position) -> String {
    render_type(ty, pos, Paths::Short)
}

fn render_type(ty: &Type, pos: Position, paths: Paths<'_>) -> String {
    let owned = |t: &Type| render_type(t, Position::Output, paths);
    let map = |inner: &Type, qualified: bool| {
        let name = if qualified || matches!(paths, Paths::Qualified(_)) {
            "std::collections::HashMap"
        } else {
            "HashMap"
        };
        format!("{name}<String, {}>", owned(inner))
    };
    match ty {
        Type::String => match pos {
            Position::Param | Position::Body => "&str".to_owned(),
            Position::Output | Position::Field => "String".to_owned(),
        },
        Type::Bool
        | Type::I32
        | Type::I64
        | Type::F32
        | Type::F64
        | Type::DateTime
        | Type::Date
            if pos == Position::Body =>
        {
            format!("&{}", owned(ty))
        }
        Type::Bool => "bool".to_owned(),
        Type::I32 => "i32".to_owned(),
        Type::I64 => "i64".to_owned(),
        Type::F32 => "f32".to_owned(),
        Type::F64 => "f64".to_owned(),
        Type::DateTime => paths.date_time(),
        Type::Date => format!("{}::NaiveDate", paths.krate("chrono")),
        Type::Any => match pos {
            Position::Param | Position::Body => format!("&{}::Value", paths.krate("serde_json")),
            Position::Output | Position::Field => format!("{}::Value", paths.krate("serde_json")),
        },
        Type::Named(name) => match pos {
            Position::Body => format!("&{}::{name}", paths.models()),
            _ => format!("{}::{name}", paths.models()),
        },
        Type::Array(inner) => match pos {
            Position::Param | Position::Body => {
                let element = match &**inner {
                    Type::String => "&str".to_owned(),
                    Type::Array(_) | Type::Map(_) | Type::Any => owned(inner),
                    other => render_type(other, Position::Param, paths),
                };
                format!("&[{element}]")
            }
            Position::Output | Position::Field => format!("Vec<{}>", owned(inner)),
        },
        Type::Map(inner) => match pos {
            Position::Param | Position::Body => format!("&{}", map(inner, false)),
            Position::Output | Position::Field => map(inner, true),
        },
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces of operation documentation (also used by the Markdown pages)

/// `GET /api/v2/chats/rooms/{roomJid}`.
pub(crate) fn http_request(op: &Operation) -> String {
    format!("{} {}", op.http_method.as_str(), op.path)
}

/// The operation's one-line summary (escaped), falling back to its method name.
pub(crate) fn summary_text(op: &Operation) -> String {
    match op.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(summary) => prose(summary),
        None => code(&op.method_name),
    }
}

/// The description when it says more than the summary (escaped).
pub(crate) fn description_text(op: &Operation) -> Option<String> {
    let description = op.description.as_deref()?.trim();
    let summary = op.summary.as_deref().unwrap_or("").trim();
    (!description.is_empty() && description != summary).then(|| prose(description))
}

/// The preview warning.
pub(crate) fn preview_text(op: &Operation) -> String {
    format!(
        "**Preview:** {} is a preview method and may change or disappear without notice. It is only compiled with \
         the crate feature `preview`.",
        code(&op.method_name)
    )
}

/// The deprecation warning, when deprecated.
pub(crate) fn deprecation_text(op: &Operation) -> Option<String> {
    let deprecation = op.deprecation.as_ref()?;
    Some(format!("**Deprecated:** {}", prose(&deprecation.note())))
}

/// "Requires ANY permissions:" and a bullet list, or "Requires no permissions."
pub(crate) fn permissions_text(permissions: &Permissions) -> String {
    let (kind, list) = match permissions {
        Permissions::None => return "Requires no permissions.".to_owned(),
        Permissions::Any(list) => ("ANY", list),
        Permissions::All(list) => ("ALL", list),
    };
    if list.is_empty() {
        return "Requires no permissions.".to_owned();
    }
    let mut out = format!("Requires {kind} permissions:\n");
    for permission in list {
        let _ = write!(out, "\n* {}", code(permission));
    }
    out
}

/// The values of enum `name` as code spans, at most `limit` of them (then "and N more").
fn enum_values(api: &Api, name: &str, limit: usize) -> Option<String> {
    let def = api.type_def(name)?;
    let TypeKind::Enum { variants } = &def.kind else {
        return None;
    };
    let shown: Vec<String> = variants
        .iter()
        .take(limit)
        .map(|v| code(&v.wire_name))
        .collect();
    let mut out = shown.join(", ");
    if variants.len() > limit {
        let _ = write!(out, " and {} more", variants.len() - limit);
    }
    Some(out)
}

/// The enum a type is or holds (through arrays and aliases), if any.
fn enum_of<'a>(api: &'a Api, ty: &'a Type) -> Option<&'a str> {
    match ty {
        Type::Named(name) => match &api.type_def(name)?.kind {
            TypeKind::Enum { .. } => Some(name),
            TypeKind::Alias(inner) => enum_of(api, inner),
            TypeKind::Struct { .. } | TypeKind::Union(_) => None,
        },
        Type::Array(inner) => enum_of(api, inner),
        _ => None,
    }
}

/// The named types in `ty`, outermost first.
fn named_types(ty: &Type) -> Vec<&str> {
    match ty {
        Type::Named(name) => vec![name.as_str()],
        Type::Array(inner) | Type::Map(inner) => named_types(inner),
        _ => Vec::new(),
    }
}

/// A type for documentation: a link when it is a named type, else a code span followed by links to the named types
/// it holds. `link` turns a model name into a link target.
pub(crate) fn linked_type(ty: &Type, pos: Position, link: &dyn Fn(&str) -> String) -> String {
    let rendered = rust_type(ty, pos);
    if let Type::Named(name) = ty {
        let reference = if pos == Position::Body { "`&`" } else { "" };
        return format!("{reference}[{}]({})", code(name), link(name));
    }
    let named = named_types(ty);
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

/// The parameters table (with a `body` row), or `None` when the operation takes nothing.
pub(crate) fn parameters_table(
    api: &Api,
    op: &Operation,
    link: &dyn Fn(&str) -> String,
) -> Option<String> {
    if op.params.is_empty() && op.body.is_none() {
        return None;
    }
    let mut out = String::from(
        "| Name | Type | Description | Required | Default |\n| --- | --- | --- | --- | --- |",
    );
    for param in &op.params {
        let mut description = param.description.as_deref().map(cell).unwrap_or_default();
        let mut notes = Vec::new();
        if let Some(name) = enum_of(api, &param.ty)
            && let Some(values) = enum_values(api, name, 12)
        {
            notes.push(format!("Values: {values}."));
        }
        if param.deprecated {
            notes.push("**Deprecated.**".to_owned());
        }
        for note in notes {
            if !description.is_empty() {
                description.push(' ');
            }
            description.push_str(&table_cell(&note));
        }
        let required = if param.required {
            format!("required ({})", location(param))
        } else {
            format!(
                "optional ({}, setter `.{}(..)`)",
                location(param),
                param.rust_name
            )
        };
        let default = param
            .default
            .as_deref()
            .map(|d| table_cell(&code(d)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "\n| {} ({}) | {} | {} | {} | {} |",
            table_cell(&code(&param.wire_name)),
            code(&param.rust_name),
            table_cell(&linked_type(&param.ty, param_position(param), link)),
            description,
            required,
            default,
        );
    }
    if let Some(body) = &op.body {
        let description = body
            .description
            .as_deref()
            .map(cell)
            .unwrap_or_else(|| "The request body.".to_owned());
        let required = if body.required {
            "required".to_owned()
        } else {
            "optional (setter `.body(..)`)".to_owned()
        };
        let _ = write!(
            out,
            "\n| `body` | {} | {} | {} |  |",
            table_cell(&linked_type(&body.ty, Position::Body, link)),
            description,
            required,
        );
    }
    Some(out)
}

/// How a parameter's type reads in a signature: values serialized as a whole are borrowed like a body.
pub(crate) fn param_position(param: &Param) -> Position {
    if param.style.is_structured() {
        Position::Body
    } else {
        Position::Param
    }
}

fn location(param: &Param) -> &'static str {
    match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// What the awaited request gives, with links to the models.
pub(crate) fn returns_text(op: &Operation, link: &dyn Fn(&str) -> String) -> String {
    match &op.response {
        None => "Nothing (`()`): the response has no body.".to_owned(),
        Some(ty) => format!("{}.", linked_type(ty, Position::Output, link)),
    }
}

/// The sentence about walking pages, for paginated operations.
pub(crate) fn pagination_text(op: &Operation, link: &dyn Fn(&str) -> String) -> Option<String> {
    let pagination = op.pagination.as_ref()?;
    let item = match &pagination.item {
        Type::Named(name) => format!("[{}]({})", code(name), link(name)),
        other => code(&rust_type(other, Position::Output)),
    };
    let how = match &pagination.walk {
        PageWalk::PageNumber { param } => format!("by incrementing {}", code(param)),
        PageWalk::NextUri => "by following `nextUri`".to_owned(),
        PageWalk::Cursor { before, after, .. } => format!(
            "back in time by moving {} to the oldest message seen, or forward by moving {} to the newest when \
             only {} is set",
            code(before),
            code(after),
            code(after)
        ),
    };
    Some(format!(
        "The response is one page of a listing: `.pages()` on the request streams every page ({how}), and \
         `.items()` streams every {item} of every page."
    ))
}

// ---------------------------------------------------------------------------------------------------------------
// Item documentation

/// The rustdoc of an operation's method: summary, description, preview and deprecation warnings, HTTP request,
/// permissions, parameters, return type, pagination and a `no_run` example.
pub(crate) fn operation_doc(api: &Api, group: &Group, op: &Operation, crate_name: &str) -> String {
    let link = |name: &str| format!("crate::models::{name}");
    let mut sections = vec![summary_text(op)];
    sections.extend(description_text(op));
    if op.preview {
        sections.push(preview_text(op));
    }
    sections.extend(deprecation_text(op));
    sections.push(code(&http_request(op)));
    sections.push(permissions_text(&op.permissions));
    if let Some(table) = parameters_table(api, op, &link) {
        sections.push(format!("# Parameters\n\n{table}"));
    }
    let mut returns = format!("# Returns\n\n{}", returns_text(op, &link));
    if let Some(pagination) = pagination_text(op, &link) {
        let _ = write!(returns, "\n\n{pagination}");
    }
    sections.push(returns);
    sections.push(format!(
        "# Example\n\n```no_run\n{}\n```",
        example_rustdoc(api, group, op, crate_name)
    ));
    sections.join("\n\n")
}

/// The rustdoc of a group (for its API struct or module): description and a table of its operations, linking to
/// the methods as `ApiName::fn_name` (resolved in the group module; preview methods are not linked since they need
/// a feature).
pub(crate) fn group_doc(group: &Group) -> String {
    let mut out = match group
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        Some(description) => prose(description),
        None => format!("The {} operations.", code(&group.tag)),
    };
    let _ = write!(
        out,
        "\n\nReach it with `client.{}()`; compiled with the crate feature {}.\n\n\
         | Method | HTTP request | Description |\n| --- | --- | --- |",
        group.module,
        code(&group.module)
    );
    for op in &group.operations {
        let method = if op.preview {
            format!("{} (preview)", code(&op.fn_name))
        } else {
            // Absolute: rustdoc resolves the docs of the glob-re-exported module from the crate root.
            format!(
                "[{}](crate::{}::{}::{})",
                code(&op.fn_name),
                group.module,
                group.api_name,
                op.fn_name
            )
        };
        let method = if op.deprecation.is_some() {
            format!("{method} (deprecated)")
        } else {
            method
        };
        let summary = op.summary.as_deref().map(cell).unwrap_or_default();
        let _ = write!(
            out,
            "\n| {method} | {} | {summary} |",
            table_cell(&code(&http_request(op)))
        );
    }
    out
}

/// The one-line rustdoc of an operation's marker type.
pub(crate) fn meta_doc(op: &Operation) -> String {
    format!(
        "Metadata and marker type of {} ({}).",
        code(&op.method_name),
        code(&http_request(op))
    )
}

/// The rustdoc of a model: description, schema name when it differs, enum values.
pub(crate) fn type_doc(def: &TypeDef) -> String {
    let mut sections = Vec::new();
    match def.description.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(description) => sections.push(prose(description)),
        None => sections.push(format!("The {} model.", code(&def.rust_name))),
    }
    if let Some(location) = def.source_name.strip_prefix("inline schema at ") {
        sections.push(format!(
            "Defined by the inline schema at {}.",
            code(location)
        ));
    } else if def.source_name != def.rust_name {
        sections.push(format!("The spec's schema {}.", code(&def.source_name)));
    }
    match &def.kind {
        TypeKind::Enum { variants } => {
            let values: Vec<String> = variants.iter().map(|v| code(&v.wire_name)).collect();
            sections.push(format!(
                "Values: {}; unknown values decode into `Unknown(String)`.",
                if values.is_empty() {
                    "none".to_owned()
                } else {
                    values.join(", ")
                }
            ));
        }
        TypeKind::Alias(ty) => sections.push(format!(
            "Another name for {}.",
            code(&rust_type(ty, Position::Field))
        )),
        TypeKind::Union(union) => sections.push(union_doc(union)),
        TypeKind::Struct { .. } => {}
    }
    sections.join("\n\n")
}

/// How a union's value finds its variant (a section of its type doc).
pub(crate) fn union_doc(union: &Union) -> String {
    match &union.tagging {
        Tagging::Tagged(property) => format!(
            "One of several types, told apart by the value of its property {}; a value it does not list decodes into \
             `Unknown(serde_json::Value)`, which is sent as it is.",
            code(property)
        ),
        Tagging::Untagged => "One of several types: a value is the first variant it decodes as, in this order; \
             one that none of them is decodes into `Unknown(serde_json::Value)`, which is sent as it is."
            .to_owned(),
    }
}

/// The rustdoc of a union variant: its type, and for a tagged union the values that select it.
pub(crate) fn union_variant_doc(variant: &UnionVariant, tagging: &Tagging) -> String {
    let ty = code(&rust_type(&variant.ty, Position::Field));
    match (tagging, variant.tags.as_slice()) {
        (Tagging::Tagged(property), []) => {
            format!(
                "A value of type {ty}; no value of {} selects it.",
                code(property)
            )
        }
        (Tagging::Tagged(property), tags) => {
            let values: Vec<String> = tags.iter().map(|t| code(t)).collect();
            format!(
                "A value of type {ty}: {} is {} (sent as {}).",
                code(property),
                values.join(" or "),
                values[0]
            )
        }
        (Tagging::Untagged, _) => format!("A value of type {ty}."),
    }
}

/// The rustdoc of a struct field: description, wire name, required and read-only notes.
pub(crate) fn field_doc(field: &Field) -> String {
    let mut sections = Vec::new();
    if let Some(description) = field
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        sections.push(prose(description));
    }
    let mut notes = format!("JSON: {}.", code(&field.wire_name));
    notes.push_str(if field.required {
        " Required."
    } else {
        " Optional."
    });
    if field.read_only {
        notes.push_str(" Read-only: set by the server.");
    }
    sections.push(notes);
    sections.join("\n\n")
}

/// The rustdoc of an enum variant: its wire value.
pub(crate) fn variant_doc(v: &Variant) -> String {
    code(&v.wire_name)
}

// ---------------------------------------------------------------------------------------------------------------
// The example

/// One line of an example; hidden lines are shown only in rustdoc source (`# ` prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ExampleLine {
    /// Hidden in rendered rustdoc and left out of Markdown pages.
    pub hidden: bool,
    /// The code.
    pub text: String,
}

/// The example as rustdoc doctest lines (hidden lines prefixed with `# `).
pub(crate) fn example_rustdoc(
    api: &Api,
    group: &Group,
    op: &Operation,
    crate_name: &str,
) -> String {
    let lines: Vec<String> = example_lines(api, group, op, crate_name)
        .into_iter()
        .map(|line| match (line.hidden, line.text.is_empty()) {
            (true, true) => "#".to_owned(),
            (true, false) => format!("# {}", line.text),
            (false, _) => line.text,
        })
        .collect();
    lines.join("\n")
}

/// The example without its hidden lines, for Markdown pages.
pub(crate) fn example_visible(
    api: &Api,
    group: &Group,
    op: &Operation,
    crate_name: &str,
) -> String {
    let lines: Vec<String> = example_lines(api, group, op, crate_name)
        .into_iter()
        .filter(|l| !l.hidden)
        .map(|l| l.text)
        .collect();
    lines.join("\n")
}

/// An example calling `op` with placeholder values, inside a hidden `async fn` returning
/// `Result<(), Box<dyn std::error::Error>>`.
pub(crate) fn example_lines(
    api: &Api,
    group: &Group,
    op: &Operation,
    crate_name: &str,
) -> Vec<ExampleLine> {
    let c = crate_name;
    let mut lines = Vec::new();
    let hidden = |text: &str| ExampleLine {
        hidden: true,
        text: text.to_owned(),
    };
    lines.push(hidden(
        "async fn example() -> Result<(), Box<dyn std::error::Error>> {",
    ));
    let show = |lines: &mut Vec<ExampleLine>, text: String| {
        lines.push(ExampleLine {
            hidden: false,
            text,
        })
    };
    show(&mut lines, format!("use {c}::prelude::*;"));
    show(&mut lines, String::new());
    for text in [
        "let client = Client::builder()",
        "    .region(Region::UsEast1)",
        "    .client_credentials(\"client-id\", \"client-secret\")",
        "    .build()?;",
    ] {
        show(&mut lines, text.to_owned());
    }

    // Variables for the positional arguments.
    let taken = |name: &str| matches!(name, "client" | "result" | "example" | "body");
    let mut args = Vec::new();
    let mut declared = false;
    for param in op.params.iter().filter(|p| p.required) {
        if !declared {
            show(&mut lines, String::new());
            declared = true;
        }
        let var = if taken(&param.rust_name) {
            format!("{}_value", param.rust_name)
        } else {
            param.rust_name.clone()
        };
        if param.style.is_structured() {
            // Taken by reference, like a body.
            let (declaration, arg) = body_declaration(api, &param.ty, &var, c);
            for text in declaration {
                show(&mut lines, text);
            }
            args.push(arg);
            continue;
        }
        let value = param_placeholder(
            api,
            &param.ty,
            &param.wire_name,
            param.default.as_deref(),
            c,
        );
        let annotation = if is_reference(api, &param.ty) {
            format!(
                ": {}",
                render_type(&param.ty, Position::Param, Paths::Qualified(c))
            )
        } else {
            String::new()
        };
        let comment = param
            .description
            .as_deref()
            .map(comment)
            .filter(|d| !d.is_empty());
        let comment = comment.map(|d| format!(" // {d}")).unwrap_or_default();
        show(
            &mut lines,
            format!("let {var}{annotation} = {value};{comment}"),
        );
        args.push(var);
    }
    let mut body_arg = None;
    if let Some(body) = &op.body {
        if !declared {
            show(&mut lines, String::new());
        }
        let (declaration, arg) = body_declaration(api, &body.ty, "body", c);
        for text in declaration {
            show(&mut lines, text);
        }
        if body.required {
            args.push(arg);
        } else {
            body_arg = Some(arg);
        }
    }

    // The call.
    show(&mut lines, String::new());
    if op.deprecation.is_some() {
        show(&mut lines, "#[allow(deprecated)]".to_owned());
    }
    let void = op.response.is_none();
    show(
        &mut lines,
        if void {
            "client".to_owned()
        } else {
            "let result = client".to_owned()
        },
    );
    show(&mut lines, format!("    .{}()", group.module));
    show(
        &mut lines,
        format!("    .{}({})", op.fn_name, args.join(", ")),
    );
    // A borrowed (structured) value would need a declaration first; the example shows a plain one.
    if let Some(param) = op
        .params
        .iter()
        .find(|p| !p.required && !p.deprecated && !p.style.is_structured())
    {
        let value = param_placeholder(
            api,
            &param.ty,
            &param.wire_name,
            param.default.as_deref(),
            c,
        );
        show(
            &mut lines,
            format!("    .{}({value}) // optional", param.rust_name),
        );
    }
    if let Some(arg) = &body_arg {
        show(&mut lines, format!("    .body({arg}) // optional"));
    }
    show(&mut lines, "    .send()".to_owned());
    show(&mut lines, "    .await?;".to_owned());
    if !void {
        show(&mut lines, "println!(\"{result:?}\");".to_owned());
    }
    lines.push(hidden("Ok(())"));
    lines.push(hidden("}"));
    lines
}

/// Whether a parameter of this type is passed by reference (so its variable gets a type annotation).
fn is_reference(api: &Api, ty: &Type) -> bool {
    match ty {
        Type::Array(_) | Type::Map(_) | Type::Any => true,
        Type::Named(name) => {
            matches!(api.type_def(name).map(|d| &d.kind), Some(TypeKind::Alias(inner)) if is_reference(api, inner))
        }
        _ => false,
    }
}

/// An expression of the parameter's Rust type (see the module docs for the choices).
fn param_placeholder(
    api: &Api,
    ty: &Type,
    wire_name: &str,
    default: Option<&str>,
    c: &str,
) -> String {
    match ty {
        Type::String => format!("{:?}", default.unwrap_or(wire_name)),
        Type::Bool => match default {
            Some("false") => "false".to_owned(),
            _ => "true".to_owned(),
        },
        Type::I32 => default
            .and_then(|d| d.parse::<i32>().ok())
            .map_or_else(|| default_int(wire_name), |v| v.to_string()),
        Type::I64 => default
            .and_then(|d| d.parse::<i64>().ok())
            .map_or_else(|| default_int(wire_name), |v| v.to_string()),
        Type::F32 | Type::F64 => default
            .and_then(|d| d.parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .map_or_else(|| "1.0".to_owned(), |v| format!("{v:?}")),
        Type::DateTime => format!("{c}::chrono::Utc::now()"),
        Type::Date => format!("{c}::chrono::NaiveDate::default()"),
        Type::Any => format!("&{c}::serde_json::Value::Null"),
        Type::Array(inner) => {
            let element = match &**inner {
                Type::String => format!("{:?}", wire_name),
                Type::Array(_) | Type::Map(_) | Type::Any => {
                    owned_placeholder(api, inner, wire_name, c)
                }
                other => param_placeholder(api, other, wire_name, None, c),
            };
            format!("&[{element}]")
        }
        Type::Map(_) => "&std::collections::HashMap::new()".to_owned(),
        Type::Named(name) => match api.type_def(name).map(|d| &d.kind) {
            Some(TypeKind::Enum { variants }) => {
                let variant = default
                    .and_then(|d| variants.iter().find(|v| v.wire_name == d))
                    .or(variants.first())
                    .map_or_else(
                        || format!("Unknown({:?}.to_owned())", wire_name),
                        |v| v.rust_name.clone(),
                    );
                format!("{c}::models::{name}::{variant}")
            }
            Some(TypeKind::Alias(inner)) => param_placeholder(api, inner, wire_name, default, c),
            _ => format!("{c}::models::{name}::default()"),
        },
    }
}

/// An owned value of type `ty` (for nested collections).
fn owned_placeholder(api: &Api, ty: &Type, wire_name: &str, c: &str) -> String {
    match ty {
        Type::String => format!("{wire_name:?}.to_owned()"),
        Type::Any => format!("{c}::serde_json::Value::Null"),
        Type::Array(inner) => format!("vec![{}]", owned_placeholder(api, inner, wire_name, c)),
        Type::Map(_) => "std::collections::HashMap::new()".to_owned(),
        other => param_placeholder(api, other, wire_name, None, c),
    }
}

fn default_int(wire_name: &str) -> String {
    let lower = wire_name.to_ascii_lowercase();
    if ["size", "limit", "count"].iter().any(|w| lower.contains(w)) {
        "25".to_owned()
    } else {
        "1".to_owned()
    }
}

/// `let body = …;` for a union body: its first variant that is a plain value or a struct deriving `Default`, else
/// `Unknown` (a union only ever sent has no `Deserialize` to parse it from JSON with).
fn union_body(api: &Api, name: &str, union: &Union, var: &str, c: &str) -> String {
    let value = union.variants.iter().find_map(|v| {
        let inner = match &v.ty {
            Type::Named(n) => match api.type_def(n).map(|d| &d.kind) {
                Some(TypeKind::Struct { default: true, .. }) => {
                    format!("{c}::models::{n}::default()")
                }
                _ => return None,
            },
            Type::Any | Type::Array(_) => return None,
            ty => owned_placeholder(api, ty, var, c),
        };
        let inner = if v.boxed {
            format!("Box::new({inner})")
        } else {
            inner
        };
        Some(format!("{c}::models::{name}::{}({inner})", v.rust_name))
    });
    let value = value
        .unwrap_or_else(|| format!("{c}::models::{name}::Unknown({c}::serde_json::Value::Null)"));
    format!("let {var} = {value};")
}

/// The `let body = …;` lines for a request body, and the argument expression passing it.
///
/// A struct deriving `Default` is `X::default()`, an enum its first variant, a union one of its variants, a string or
/// an array of strings a literal; anything else is parsed from JSON holding its required fields (an array gets one
/// element).
fn body_declaration(api: &Api, ty: &Type, var: &str, c: &str) -> (Vec<String>, String) {
    let by_ref = format!("&{var}");
    match ty {
        Type::Named(name) => match api.type_def(name).map(|d| &d.kind) {
            Some(TypeKind::Struct { default: true, .. }) => {
                return (
                    vec![format!("let {var} = {c}::models::{name}::default();")],
                    by_ref,
                );
            }
            Some(TypeKind::Enum { variants }) if !variants.is_empty() => {
                let variant = &variants[0].rust_name;
                return (
                    vec![format!("let {var} = {c}::models::{name}::{variant};")],
                    by_ref,
                );
            }
            Some(TypeKind::Union(union)) => {
                return (vec![union_body(api, name, union, var, c)], by_ref);
            }
            _ => {}
        },
        Type::String => return (vec![format!("let {var} = {:?};", var)], var.to_owned()),
        Type::Array(inner) if **inner == Type::String => {
            return (
                vec![format!("let {var}: &[&str] = &[{:?}];", var)],
                var.to_owned(),
            );
        }
        Type::Bool
        | Type::I32
        | Type::I64
        | Type::F32
        | Type::F64
        | Type::DateTime
        | Type::Date => {
            return (
                vec![format!(
                    "let {var} = {};",
                    param_placeholder(api, ty, var, None, c)
                )],
                by_ref,
            );
        }
        _ => {}
    }
    let json = match ty {
        Type::Array(inner) => format!("[\n    {}\n]", json_placeholder(api, inner, var, 1, 0)),
        _ => json_placeholder(api, ty, var, 0, 0),
    };
    let hashes = "#".repeat(
        (1..)
            .find(|&n| !json.contains(&format!("\"{}", "#".repeat(n))))
            .unwrap_or(1),
    );
    let rust_type = render_type(ty, Position::Output, Paths::Qualified(c));
    let mut lines: Vec<String> = Vec::new();
    let mut json_lines = json.lines();
    let first = json_lines.next().unwrap_or("null");
    lines.push(format!(
        "let {var}: {rust_type} = {c}::serde_json::from_str(r{hashes}\"{first}"
    ));
    lines.extend(json_lines.map(str::to_owned));
    if let Some(last) = lines.last_mut() {
        last.push_str(&format!("\"{hashes})?;"));
    }
    (lines, by_ref)
}

/// Pretty JSON for a value of `ty` with every required field, indented by `indent` levels.
fn json_placeholder(api: &Api, ty: &Type, name: &str, indent: usize, depth: usize) -> String {
    match ty {
        Type::String => json_string(name),
        Type::Bool => "true".to_owned(),
        Type::I32 | Type::I64 => "1".to_owned(),
        Type::F32 | Type::F64 => "1.0".to_owned(),
        Type::DateTime => "\"2024-01-01T00:00:00Z\"".to_owned(),
        Type::Date => "\"2024-01-01\"".to_owned(),
        Type::Any | Type::Map(_) => "{}".to_owned(),
        Type::Array(_) => "[]".to_owned(),
        Type::Named(type_name) => {
            let Some(def) = api.type_def(type_name) else {
                return "{}".to_owned();
            };
            match &def.kind {
                TypeKind::Enum { variants } => variants
                    .first()
                    .map_or_else(|| json_string(name), |v| json_string(&v.wire_name)),
                TypeKind::Alias(inner) => json_placeholder(api, inner, name, indent, depth + 1),
                TypeKind::Union(union) => match union.variants.first() {
                    Some(first) if depth <= 8 => {
                        json_placeholder(api, &first.ty, name, indent, depth + 1)
                    }
                    _ => "{}".to_owned(),
                },
                TypeKind::Struct { fields, .. } => {
                    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
                    if required.is_empty() || depth > 8 {
                        return "{}".to_owned();
                    }
                    let pad = "    ".repeat(indent + 1);
                    let entries: Vec<String> = required
                        .iter()
                        .map(|f| {
                            let value =
                                json_placeholder(api, &f.ty, &f.wire_name, indent + 1, depth + 1);
                            format!("{pad}{}: {value}", json_string(&f.wire_name))
                        })
                        .collect();
                    format!("{{\n{}\n{}}}", entries.join(",\n"), "    ".repeat(indent))
                }
            }
        }
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::model::{Body, BodyEncoding, Deprecation, HttpMethod, Pagination};

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
            let doc = operation_doc(&api, group, op, "genesys_cloud");
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
        let doc = operation_doc(&api, group, op, "genesys_cloud");
        assert!(doc.starts_with("Get a room\n\n"), "{doc}");
        assert!(doc.contains("[`Room`](crate::models::Room)"), "{doc}");
        assert!(doc.contains("| `roomJid` (`room_jid`) | `&str` |"), "{doc}");
        assert!(doc.contains("# let client") || doc.contains("let client = Client::builder()"));
        assert!(doc.contains("# async fn example() -> Result<(), Box<dyn std::error::Error>> {"));
        assert!(doc.contains("let room_jid = \"roomJid\";"), "{doc}");
        assert!(doc.contains("let result = client\n    .chat()\n    .get_chats_room(room_jid)\n    .send()\n    .await?;"));

        // Deprecated, no params.
        let (group, op) = find("getChatSettings");
        let doc = operation_doc(&api, group, op, "genesys_cloud");
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
        let doc = operation_doc(&api, group, op, "genesys_cloud");
        assert!(
            doc.contains("genesys_cloud::serde_json::from_str(r#\"{"),
            "{doc}"
        );
        assert!(doc.contains("\"when\": \"Always\""), "{doc}");

        // Optional parameter shown as a setter.
        let (group, op) = find("getChatsRoomMessages");
        let doc = operation_doc(&api, group, op, "my_crate");
        assert!(doc.contains("    .limit(\"limit\") // optional"), "{doc}");
        assert!(
            doc.contains("optional (query, setter `.limit(..)`)"),
            "{doc}"
        );
        assert!(doc.contains("use my_crate::prelude::*;"));

        // Paginated: a history through cursors.
        let (group, op) = find("getChatsRoomMessages");
        let doc = operation_doc(&api, group, op, "genesys_cloud");
        assert!(
            doc.contains("`.pages()`")
                && doc.contains("`.items()`")
                && doc.contains("moving `before`"),
            "{doc}"
        );
        assert!(
            doc.contains("[`ChatMessageResponse`](crate::models::ChatMessageResponse)"),
            "{doc}"
        );
        // A listing without a way to the next page promises no pages.
        let (group, op) = find("getWebchatDeployments");
        let doc = operation_doc(&api, group, op, "genesys_cloud");
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
            source_name: "inline schema at /components/schemas/Thing/properties/color".to_owned(),
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
            pointer: String::new(),
        };
        let thing = TypeDef {
            rust_name: "Thing".to_owned(),
            source_name: "Thing".to_owned(),
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
        let doc = operation_doc(&api, &group, op, "genesys_cloud");
        assert!(doc.contains("**Preview:** `postThings` is a preview method and may change or disappear without notice."));
        assert!(doc.contains(
            "**Deprecated:** deprecated by Genesys: use /things instead (`things().put_things()`)"
        ));
        assert!(
            doc.contains(
                "Requires ALL permissions:\n\n* `things:thing:add`\n* `things:thing:view`"
            )
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
        assert!(doc.contains("    .post_things(thing_id, ids, color, after, &body)\n    .page_size(25) // optional"), "{doc}");
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
        let doc = type_doc(thing);
        assert_eq!(doc, "A thing.\n\nindented &lt;code&gt;");
        let color = api.type_def("Color").unwrap();
        assert_eq!(
            type_doc(color),
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
        let example = |body: Option<Body>, params: Vec<Param>| {
            let mut op = group.operations[0].clone();
            op.body = body;
            op.params = params;
            op.deprecation = None;
            let text = example_visible(&api, &group, &op, "c");
            syn::parse_file(&strip_hidden(&example_rustdoc(&api, &group, &op, "c")))
                .expect("valid Rust");
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
        let text = example(body(strings, true), vec![]);
        assert!(
            text.contains("let body: &[&str] = &[\"body\"];\n"),
            "{text}"
        );
        assert!(text.contains(".post_things(body)\n"), "{text}");

        let things = Type::Array(Box::new(Type::Named("Thing".to_owned())));
        let text = example(body(things, true), vec![]);
        assert!(
            text.contains(
                "let body: Vec<c::models::Thing> = c::serde_json::from_str(r#\"[\n    {\n        \"color\": \"red\"\n    }\n]\"#)?;"
            ),
            "{text}"
        );
        assert!(text.contains(".post_things(&body)\n"), "{text}");

        let text = example(
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
        let text = example(
            body(map, true),
            vec![param("body", "body", Type::String, true)],
        );
        assert!(text.contains("let body_value = \"body\";"), "{text}");
        assert!(text.contains("let body: std::collections::HashMap<String, String> = c::serde_json::from_str(r#\"{}\"#)?;"), "{text}");
        assert!(text.contains(".post_things(body_value, &body)"), "{text}");

        let text = example(body(Type::Named("Color".to_owned()), true), vec![]);
        assert!(text.contains("let body = c::models::Color::Red;"), "{text}");
    }

    #[test]
    fn group_doc_links_methods() {
        let api = crate::project_api();
        let group = &api.groups[0];
        let doc = group_doc(group);
        assert!(doc.contains("| [`get_chats_room`](crate::chat::ChatApi::get_chats_room) | `GET /api/v2/chats/rooms/{roomJid}` | Get a room |"), "{doc}");
        assert!(doc.contains("(deprecated)"));
    }

    #[test]
    fn rust_types() {
        let named = || Type::Named("Room".to_owned());
        let array = |t: Type| Type::Array(Box::new(t));
        assert_eq!(rust_type(&Type::String, Position::Param), "&str");
        assert_eq!(rust_type(&Type::String, Position::Output), "String");
        assert_eq!(rust_type(&array(Type::String), Position::Param), "&[&str]");
        assert_eq!(rust_type(&array(Type::I32), Position::Param), "&[i32]");
        assert_eq!(
            rust_type(&array(named()), Position::Body),
            "&[models::Room]"
        );
        assert_eq!(
            rust_type(&array(named()), Position::Output),
            "Vec<models::Room>"
        );
        assert_eq!(rust_type(&named(), Position::Body), "&models::Room");
        assert_eq!(rust_type(&named(), Position::Param), "models::Room");
        assert_eq!(
            rust_type(&Type::DateTime, Position::Field),
            "chrono::DateTime<chrono::Utc>"
        );
        assert_eq!(rust_type(&Type::Date, Position::Param), "chrono::NaiveDate");
        assert_eq!(rust_type(&Type::Any, Position::Body), "&serde_json::Value");
        assert_eq!(rust_type(&Type::Any, Position::Output), "serde_json::Value");
        assert_eq!(
            rust_type(&Type::Map(Box::new(Type::I64)), Position::Body),
            "&HashMap<String, i64>"
        );
        assert_eq!(
            rust_type(&Type::Map(Box::new(named())), Position::Output),
            "std::collections::HashMap<String, models::Room>"
        );
        assert_eq!(
            render_type(
                &array(Type::String),
                Position::Param,
                Paths::Qualified("genesys_cloud")
            ),
            "&[&str]"
        );
        assert_eq!(
            render_type(&Type::DateTime, Position::Output, Paths::Qualified("c")),
            "c::chrono::DateTime<c::chrono::Utc>"
        );
    }
}

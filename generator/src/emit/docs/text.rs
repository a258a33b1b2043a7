//! What both backends write alike, since both write Markdown: the sentences built from the model's facts (spec
//! text escaped through [`escape`](crate::emit::escape)), and the Markdown of types, sentences and tables, with
//! links to models wherever the backend says they point.

use std::fmt::Write as _;

use super::model::{Inline, Inlines, Table};
use super::types::TypeText;
use crate::contract;
use crate::emit::escape::{code, prose, table_cell};
use crate::model::{
    Api, Operation, PageWalk, ParamLocation, Permissions, Tagging, Type, TypeDef, TypeKind,
};

/// `GET /api/v2/chats/rooms/{roomJid}`.
pub(crate) fn http_request(op: &Operation) -> String {
    format!("{} {}", op.http_method.as_str(), op.path)
}

/// The preview warning.
pub(crate) fn preview(op: &Operation) -> String {
    format!(
        "**Preview:** {} is a preview method and may change or disappear without notice. It is only compiled with \
         the crate feature {}.",
        code(&op.method_name),
        code(contract::PREVIEW_FEATURE)
    )
}

/// The deprecation warning, when deprecated.
pub(crate) fn deprecation(op: &Operation) -> Option<String> {
    let deprecation = op.deprecation.as_ref()?;
    Some(format!("**Deprecated:** {}", prose(&deprecation.note())))
}

/// "Requires ANY permissions:" and a bullet list, or "Requires no permissions."
pub(crate) fn permissions(permissions: &Permissions) -> String {
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

/// The sentence about walking the pages of a listing of `item`s.
pub(crate) fn pagination(walk: &PageWalk, item: TypeText) -> Inlines {
    let how = match walk {
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
    vec![
        Inline::Text(format!(
            "The response is one page of a listing: `.pages()` on the request streams every page ({how}), and \
             `.items()` streams every "
        )),
        Inline::Type(item),
        Inline::Text(" of every page.".to_owned()),
    ]
}

/// Where a model comes from, when that is not a schema of its own name.
pub(crate) fn origin(def: &TypeDef) -> Option<String> {
    match def.schema_name() {
        None => Some(format!(
            "Defined by the inline schema at {}.",
            code(&def.pointer)
        )),
        Some(name) if name != def.rust_name => Some(format!("The spec's schema {}.", code(name))),
        Some(_) => None,
    }
}

/// How a union's value finds its variant.
pub(crate) fn union_rule(tagging: &Tagging) -> String {
    match tagging {
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

pub(crate) fn location(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// The values of enum `name` as code spans, at most `limit` of them (then "and N more").
pub(crate) fn enum_values(api: &Api, name: &str, limit: usize) -> Option<String> {
    let TypeKind::Enum { variants } = &api.type_def(name)?.kind else {
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
pub(crate) fn enum_of<'a>(api: &'a Api, ty: &'a Type) -> Option<&'a str> {
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

/// `pieces` as Markdown, links to models pointing where `link` says; `in_cell` makes types safe for a table cell
/// (text pieces of a cell are made safe when built).
pub(crate) fn inlines(pieces: &[Inline], link: &dyn Fn(&str) -> String, in_cell: bool) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Inline::Text(text) => text.clone(),
            Inline::Type(ty) if in_cell => table_cell(&linked_type(ty, link)),
            Inline::Type(ty) => linked_type(ty, link),
        })
        .collect()
}

/// A type: a link when it is a model (or a reference to one), else a code span followed by links to the models
/// it holds.
pub(crate) fn linked_type(ty: &TypeText, link: &dyn Fn(&str) -> String) -> String {
    let model_link = |name: &str| format!("[{}]({})", code(name), link(name));
    if let Some(model) = &ty.model {
        let reference = if model.borrowed { "`&`" } else { "" };
        return format!("{reference}{}", model_link(&model.name));
    }
    if ty.models.is_empty() {
        return code(&ty.rust);
    }
    let links: Vec<String> = ty.models.iter().map(|n| model_link(n)).collect();
    format!("{} (of {})", code(&ty.rust), links.join(", "))
}

/// A table with `dashes` in its separator row.
pub(crate) fn table(table: &Table, link: &dyn Fn(&str) -> String, dashes: &str) -> String {
    let row = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    let mut lines = vec![
        row(table.header.iter().map(|h| (*h).to_owned()).collect()),
        row(table.header.iter().map(|_| dashes.to_owned()).collect()),
    ];
    lines.extend(
        table
            .rows
            .iter()
            .map(|cells| row(cells.iter().map(|c| inlines(c, link, true)).collect())),
    );
    lines.join("\n")
}

/// What the awaited request gives, with links to the models.
pub(crate) fn returns(returns: Option<&TypeText>, link: &dyn Fn(&str) -> String) -> String {
    match returns {
        None => "Nothing (`()`): the response has no body.".to_owned(),
        Some(ty) => format!("{}.", linked_type(ty, link)),
    }
}

//! The rustdoc backend: the documentation values as doc comment text (Markdown lines joined by `\n`, no `///`),
//! ready to be split into `#[doc = "..."]` attributes.
//!
//! Intra-doc links only point at items that exist whenever the documented item is compiled: `crate::models::X`
//! for the types an operation uses, and the methods of a group's API struct (never preview ones, which need a
//! feature).

use std::fmt::Write as _;

use super::example::ExampleLine;
use super::model::{self, OperationDoc};
use super::text;
use super::types::{doc_models, print};
use crate::emit::escape::{code, prose, table_cell};
use crate::emit::rust::{Ctx, Position};
use crate::model::{Field, Group, Operation, Tagging, TypeDef, UnionVariant, Variant};

fn link(name: &str) -> String {
    format!("crate::models::{name}")
}

/// The rustdoc of an operation's method: summary, description, preview and deprecation warnings, HTTP request,
/// permissions, parameters, return type, pagination and a `no_run` example.
pub(crate) fn operation_doc(ctx: &Ctx<'_>, group: &Group, op: &Operation) -> String {
    render_operation(&model::operation_doc(ctx, group, op), ctx.doctests)
}

fn render_operation(doc: &OperationDoc<'_>, doctests: bool) -> String {
    let mut sections = vec![doc.summary.clone()];
    sections.extend(doc.description.clone());
    sections.extend(doc.warnings.iter().cloned());
    sections.push(doc.request.clone());
    sections.push(doc.permissions.clone());
    if let Some(table) = &doc.parameters {
        sections.push(format!(
            "# Parameters\n\n{}",
            text::table(table, &link, "---")
        ));
    }
    let mut returns = format!(
        "# Returns\n\n{}",
        text::returns(doc.returns.as_ref(), &link)
    );
    if let Some(pagination) = &doc.pagination {
        let _ = write!(returns, "\n\n{}", text::inlines(pagination, &link, false));
    }
    sections.push(returns);
    // Where the code is `include!`d somewhere unknown, the example's paths cannot be right: shown, not compiled.
    let fence = if doctests { "no_run" } else { "ignore" };
    sections.push(format!(
        "# Example\n\n```{fence}\n{}\n```",
        example(&doc.example)
    ));
    sections.join("\n\n")
}

/// The example as doctest lines, hidden lines prefixed with `# `.
fn example(lines: &[ExampleLine]) -> String {
    let lines: Vec<String> = lines
        .iter()
        .map(|line| match (line.hidden, line.text.is_empty()) {
            (true, true) => "#".to_owned(),
            (true, false) => format!("# {}", line.text),
            (false, _) => line.text.clone(),
        })
        .collect();
    lines.join("\n")
}

/// The rustdoc of a group (for its module): description and a table of its operations, linking to the methods as
/// `ApiName::fn_name` (absolute: rustdoc resolves the docs of the glob-re-exported module from the crate root;
/// preview methods are not linked since they need a feature).
pub(crate) fn group_doc(group: &Group) -> String {
    let doc = model::group_doc(group);
    let mut out = doc
        .description
        .unwrap_or_else(|| format!("The {} operations.", code(&group.tag)));
    let _ = write!(
        out,
        "\n\nReach it with `client.{}()`; compiled with the crate feature {}.\n\n\
         | Method | HTTP request | Description |\n| --- | --- | --- |",
        group.module,
        code(&group.module)
    );
    for (op, summary) in &doc.summaries {
        let mut method = if op.preview {
            format!("{} (preview)", code(&op.fn_name))
        } else {
            format!(
                "[{}](crate::{}::{}::{})",
                code(&op.fn_name),
                group.module,
                group.api_name,
                op.fn_name
            )
        };
        if op.deprecation.is_some() {
            method.push_str(" (deprecated)");
        }
        let _ = write!(
            out,
            "\n| {method} | {} | {summary} |",
            table_cell(&code(&text::http_request(op)))
        );
    }
    out
}

/// The one-line rustdoc of an operation's marker type.
pub(crate) fn meta_doc(op: &Operation) -> String {
    format!(
        "Metadata and marker type of {} ({}).",
        code(&op.method_name),
        code(&text::http_request(op))
    )
}

/// The rustdoc of a model: description, where the spec defines it, and a sentence on its shape.
pub(crate) fn type_doc(ctx: &Ctx<'_>, def: &TypeDef) -> String {
    let doc = model::type_doc(ctx, def);
    let mut sections = vec![
        doc.description
            .unwrap_or_else(|| format!("The {} model.", code(&def.rust_name))),
    ];
    sections.extend(doc.origin);
    sections.extend(doc.sentence.map(|s| text::inlines(&s, &link, false)));
    sections.join("\n\n")
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

/// The rustdoc of a union variant: its type, and for a tagged union the values that select it.
pub(crate) fn union_variant_doc(
    ctx: &Ctx<'_>,
    variant: &UnionVariant,
    tagging: &Tagging,
) -> String {
    let ty = code(&print(
        ctx.type_tokens(&variant.ty, Position::Owned, &doc_models()),
        None,
    ));
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

/// The rustdoc of an enum variant: its wire value.
pub(crate) fn variant_doc(v: &Variant) -> String {
    code(&v.wire_name)
}

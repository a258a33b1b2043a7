//! What the documentation of an operation, an API group and a model says, as values both backends render: text
//! already escaped for Markdown, types as [`TypeText`] (links are the backend's), tables as rows of cells.
//!
//! A model's kind decides only what [`type_doc`] builds (one match arm each); the backends render its sentence
//! and blocks without knowing the kind.

use quote::quote;

use super::example::{self, ExampleLine};
use super::text;
use super::types::{TypeText, doc_models, print};
use crate::emit::escape::{cell, code, prose, table_cell};
use crate::emit::models::{field_type, variant_type};
use crate::emit::operations;
use crate::emit::rust::{Ctx, Position};
use crate::model::{Group, Operation, Tagging, TypeDef, TypeKind};

/// A piece of a sentence or a table cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Inline {
    /// Markdown, already escaped (and, in a cell, made safe for one).
    Text(String),
    /// A Rust type, linked to the models it names.
    Type(TypeText),
}

/// A sentence or a table cell: pieces in a row.
pub(crate) type Inlines = Vec<Inline>;

/// A paragraph or a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    Paragraph(Inlines),
    Table(Table),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Table {
    pub header: &'static [&'static str],
    pub rows: Vec<Vec<Inlines>>,
}

/// Everything an operation's documentation says.
pub(crate) struct OperationDoc<'a> {
    pub op: &'a Operation,
    /// The summary, or the method name when there is none.
    pub summary: String,
    /// The description when it says more than the summary.
    pub description: Option<String>,
    /// The HTTP request as a code span: `` `GET /api/v2/chats/rooms/{roomJid}` ``.
    pub request: String,
    /// The preview and deprecation warnings that apply, in that order.
    pub warnings: Vec<String>,
    /// The permissions it requires, a sentence and a list.
    pub permissions: String,
    /// The method's signature as the code declares it: `name: Type` arguments after `&self`, and the return type.
    pub args: Vec<String>,
    pub output: String,
    /// The parameters table (a `body` row last), or `None` when the method takes nothing.
    pub parameters: Option<Table>,
    /// What the awaited request gives; `None` for `()`.
    pub returns: Option<TypeText>,
    /// How `.pages()` walks the listing, for paginated operations.
    pub pagination: Option<Inlines>,
    /// The example, hidden lines included.
    pub example: Vec<ExampleLine>,
}

/// Builds the documentation of `op` in `group`.
pub(crate) fn operation_doc<'a>(
    ctx: &Ctx<'_>,
    group: &Group,
    op: &'a Operation,
) -> OperationDoc<'a> {
    let models = doc_models();
    // The runtime module is written as nothing, so `rt::Request<X>` prints as `Request<X>`.
    let docs_ctx = ctx.with_runtime_module(quote!());
    let (args, output) = operations::signature(&docs_ctx, op, &models);
    let summary = match op.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(summary) => prose(summary),
        None => code(&op.method_name),
    };
    let description = op
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty() && *d != op.summary.as_deref().unwrap_or("").trim());
    let pagination = op.pagination.as_ref().map(|p| {
        let item = TypeText::new(ctx.type_tokens(&p.item, Position::Owned, &models), &p.item);
        text::pagination(&p.walk, item)
    });
    OperationDoc {
        op,
        summary,
        description: description.map(prose),
        request: code(&text::http_request(op)),
        warnings: op
            .preview
            .then(|| text::preview(op))
            .into_iter()
            .chain(text::deprecation(op))
            .collect(),
        permissions: text::permissions(&op.permissions),
        args: args.into_iter().map(|a| print(a, None)).collect(),
        output: print(output, None),
        parameters: parameters(ctx, op),
        returns: op
            .response
            .as_ref()
            .map(|ty| TypeText::new(ctx.type_tokens(ty, Position::Owned, &models), ty)),
        pagination,
        example: example::lines(ctx, group, op),
    }
}

/// The parameters table: a row per parameter, then the body.
fn parameters(ctx: &Ctx<'_>, op: &Operation) -> Option<Table> {
    if op.params.is_empty() && op.body.is_none() {
        return None;
    }
    let models = doc_models();
    let text = |s: String| vec![Inline::Text(s)];
    let mut rows = Vec::new();
    for param in &op.params {
        let mut description = param.description.as_deref().map(cell).unwrap_or_default();
        let mut notes = Vec::new();
        if let Some(values) =
            text::enum_of(ctx.api, &param.ty).and_then(|n| text::enum_values(ctx.api, n, 12))
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
        let location = text::location(param.location);
        let required = if param.required {
            format!("required ({location})")
        } else {
            format!("optional ({location}, setter `.{}(..)`)", param.rust_name)
        };
        let ty = TypeText::new(operations::arg_type(ctx, param, &models), &param.ty);
        rows.push(vec![
            text(format!(
                "{} ({})",
                table_cell(&code(&param.wire_name)),
                code(&param.rust_name)
            )),
            vec![Inline::Type(ty)],
            text(description),
            text(required),
            text(
                param
                    .default
                    .as_deref()
                    .map(|d| table_cell(&code(d)))
                    .unwrap_or_default(),
            ),
        ]);
    }
    if let Some(body) = &op.body {
        let ty = TypeText::new(operations::body_type(ctx, body, &models), &body.ty);
        let description = body.description.as_deref().map(cell);
        let required = if body.required {
            "required"
        } else {
            "optional (setter `.body(..)`)"
        };
        rows.push(vec![
            text("`body`".to_owned()),
            vec![Inline::Type(ty)],
            text(description.unwrap_or_else(|| "The request body.".to_owned())),
            text(required.to_owned()),
            text(String::new()),
        ]);
    }
    Some(Table {
        header: &["Name", "Type", "Description", "Required", "Default"],
        rows,
    })
}

/// An API group's documentation: its description and its operations in order.
pub(crate) struct GroupDoc<'a> {
    /// The description, escaped, when the spec has one.
    pub description: Option<String>,
    /// Each operation's summary as a table cell.
    pub summaries: Vec<(&'a Operation, String)>,
}

pub(crate) fn group_doc(group: &Group) -> GroupDoc<'_> {
    GroupDoc {
        description: group
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(prose),
        summaries: group
            .operations
            .iter()
            .map(|op| (op, op.summary.as_deref().map(cell).unwrap_or_default()))
            .collect(),
    }
}

/// A model's documentation.
pub(crate) struct TypeDoc<'a> {
    pub def: &'a TypeDef,
    /// What kind of Rust item it is, for the models table.
    pub kind: &'static str,
    /// The description, escaped, when the spec has one.
    pub description: Option<String>,
    /// Where the spec defines it, when that is not a schema of the same name.
    pub origin: Option<String>,
    /// One sentence on its shape for its rustdoc (enum values, an alias's target).
    pub sentence: Option<Inlines>,
    /// What its reference page section shows after the common parts (fields, values, target).
    pub blocks: Vec<Block>,
}

/// Builds the documentation of `def`; each kind of model is one arm here.
pub(crate) fn type_doc<'a>(ctx: &Ctx<'_>, def: &'a TypeDef) -> TypeDoc<'a> {
    let models = doc_models();
    let text = |s: &str| vec![Inline::Text(s.to_owned())];
    let (kind, sentence, blocks) = match &def.kind {
        TypeKind::Struct { fields, default } => {
            let mut blocks = Vec::new();
            if *default {
                blocks.push(Block::Paragraph(text("Implements `Default`.")));
            }
            if fields.is_empty() {
                blocks.push(Block::Paragraph(text("It has no fields.")));
            } else {
                let rows = fields
                    .iter()
                    .map(|field| {
                        let mut notes = vec![if field.required {
                            "required"
                        } else {
                            "optional"
                        }];
                        if field.read_only {
                            notes.push("read-only");
                        }
                        let ty = TypeText::new(field_type(ctx, field, &models), &field.ty);
                        vec![
                            text(&format!(
                                "{} ({})",
                                table_cell(&code(&field.wire_name)),
                                code(&field.rust_name)
                            )),
                            vec![Inline::Type(ty)],
                            text(&field.description.as_deref().map(cell).unwrap_or_default()),
                            text(&notes.join(", ")),
                        ]
                    })
                    .collect();
                blocks.push(Block::Table(Table {
                    header: &["Field", "Type", "Description", "Notes"],
                    rows,
                }));
            }
            ("struct", None, blocks)
        }
        TypeKind::Enum { variants } => {
            let values: Vec<String> = variants.iter().map(|v| code(&v.wire_name)).collect();
            let values = if values.is_empty() {
                "none".to_owned()
            } else {
                values.join(", ")
            };
            let sentence =
                format!("Values: {values}; unknown values decode into `Unknown(String)`.");
            let mut rows: Vec<Vec<Inlines>> = variants
                .iter()
                .map(|v| {
                    vec![
                        text(&format!("`{}`", v.rust_name)),
                        text(&table_cell(&code(&v.wire_name))),
                    ]
                })
                .collect();
            rows.push(vec![text("`Unknown(String)`"), text("any other value")]);
            let table = Table {
                header: &["Variant", "Value"],
                rows,
            };
            ("enum", Some(text(&sentence)), vec![Block::Table(table)])
        }
        TypeKind::Union(union) => {
            let sentence = text(&text::union_rule(&union.tagging));
            let tagged = matches!(union.tagging, Tagging::Tagged(_));
            let mut rows: Vec<Vec<Inlines>> = union
                .variants
                .iter()
                .map(|v| {
                    let ty = TypeText::new(variant_type(ctx, v, &models), &v.ty);
                    let mut row = vec![text(&format!("`{}`", v.rust_name)), vec![Inline::Type(ty)]];
                    if tagged {
                        let tags: Vec<String> = v.tags.iter().map(|t| code(t)).collect();
                        row.push(text(&table_cell(&tags.join(", "))));
                    }
                    row
                })
                .collect();
            let unknown = text("any other value");
            let mut last = vec![text("`Unknown(serde_json::Value)`"), unknown.clone()];
            if tagged {
                last.push(unknown);
            }
            rows.push(last);
            let header: &[&str] = if tagged {
                &["Variant", "Type", "Selected by"]
            } else {
                &["Variant", "Type"]
            };
            let table = Table { header, rows };
            (
                "union",
                Some(sentence.clone()),
                vec![Block::Paragraph(sentence), Block::Table(table)],
            )
        }
        TypeKind::Alias(ty) => {
            let target = TypeText::new(ctx.type_tokens(ty, Position::Owned, &models), ty);
            let sentence = vec![
                Inline::Text("Another name for ".to_owned()),
                Inline::Type(target),
                Inline::Text(".".to_owned()),
            ];
            (
                "alias",
                Some(sentence.clone()),
                vec![Block::Paragraph(sentence)],
            )
        }
    };
    TypeDoc {
        def,
        kind,
        description: def
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(prose),
        origin: text::origin(def),
        sentence,
        blocks,
    }
}

//! The example in each operation's documentation: a call with placeholder values, compiled as a `no_run` doctest
//! of the generated crate (inside a hidden `async fn` returning `Result<(), Box<dyn std::error::Error>>`).
//!
//! Placeholders are chosen from the parameter's type: a string is its wire name (`"roomJid"`) or its default, a
//! number or boolean its default or `25` (sizes, limits, counts) / `1` / `1.0` / `true`, an enum its default or first
//! variant, a date-time `Utc::now()`, a date `NaiveDate::default()`, an array one such element. A body is
//! `X::default()` when the struct derives `Default`, a literal when the argument borrows its elements (`&[&str]`),
//! otherwise it is parsed from JSON holding its required fields. Type annotations are the code's own types
//! ([`print()`]), with paths through the crate, so an example cannot pass what the method does not take.

use std::fmt::Write as _;

use super::types::{example_models, print};
use crate::emit::escape::comment;
use crate::emit::operations;
use crate::emit::rust::{Ctx, Position};
use crate::model::{Field, Group, Operation, Type, TypeKind, Union};

/// One line of an example; hidden lines are shown only in rustdoc source (`# ` prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ExampleLine {
    /// Hidden in rendered rustdoc and left out of Markdown pages.
    pub hidden: bool,
    /// The code.
    pub text: String,
}

/// The example calling `op`.
pub(crate) fn lines(ctx: &Ctx<'_>, group: &Group, op: &Operation) -> Vec<ExampleLine> {
    let c = ctx.crate_name.as_str();
    let models = example_models(c);
    let mut lines = vec![hidden(
        "async fn example() -> Result<(), Box<dyn std::error::Error>> {",
    )];
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
            let arg_type = print(operations::arg_type(ctx, param, &models), Some(c));
            let (declaration, arg) = body_declaration(ctx, &param.ty, &arg_type, &var);
            for text in declaration {
                show(&mut lines, text);
            }
            args.push(arg);
            continue;
        }
        let value = Placeholders {
            ctx,
            wire_name: &param.wire_name,
        }
        .param(&param.ty, param.default.as_deref());
        let annotation = if is_reference(ctx, &param.ty) {
            format!(
                ": {}",
                print(operations::arg_type(ctx, param, &models), Some(c))
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
        let arg_type = print(operations::body_type(ctx, body, &models), Some(c));
        let (declaration, arg) = body_declaration(ctx, &body.ty, &arg_type, "body");
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
            "client"
        } else {
            "let result = client"
        }
        .to_owned(),
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
        let value = Placeholders {
            ctx,
            wire_name: &param.wire_name,
        }
        .param(&param.ty, param.default.as_deref());
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

fn hidden(text: &str) -> ExampleLine {
    ExampleLine {
        hidden: true,
        text: text.to_owned(),
    }
}

/// Whether a parameter of this type is passed by reference or as a collection (so its variable gets a type
/// annotation).
fn is_reference(ctx: &Ctx<'_>, ty: &Type) -> bool {
    match ty {
        Type::Array(_) | Type::Map(_) | Type::Any => true,
        Type::Named(name) => {
            matches!(ctx.api.type_def(name).map(|d| &d.kind), Some(TypeKind::Alias(inner)) if is_reference(ctx, inner))
        }
        _ => false,
    }
}

/// Placeholder expressions for one parameter (its wire name is the string placeholder), of the types
/// [`Ctx::type_tokens`] gives.
struct Placeholders<'a> {
    ctx: &'a Ctx<'a>,
    wire_name: &'a str,
}

impl Placeholders<'_> {
    /// An expression of the parameter's type in [`Position::Param`].
    fn param(&self, ty: &Type, default: Option<&str>) -> String {
        let c = &self.ctx.crate_name;
        let wire_name = self.wire_name;
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
            Type::Bytes => format!("{c}::runtime::Bytes::new()"),
            Type::File => format!("{c}::runtime::FilePart::default()"),
            // Borrowed elements stay borrowed; maps and JSON values are owned in any position.
            Type::Array(inner) => format!("&[{}]", self.param(inner, None)),
            Type::Any | Type::Map(_) => self.owned(ty),
            Type::Named(name) => match self.ctx.api.type_def(name).map(|d| &d.kind) {
                Some(TypeKind::Enum { variants }) => {
                    let variant = default
                        .and_then(|d| variants.iter().find(|v| v.wire_name == d))
                        .or(variants.first())
                        .map_or_else(
                            || format!("Unknown({wire_name:?}.to_owned())"),
                            |v| v.rust_name.clone(),
                        );
                    format!("{c}::models::{name}::{variant}")
                }
                // An alias is its target's owned type.
                Some(TypeKind::Alias(inner)) => self.owned(inner),
                _ => format!("{c}::models::{name}::default()"),
            },
        }
    }

    /// An expression of the owned form of `ty` ([`Position::Owned`]).
    fn owned(&self, ty: &Type) -> String {
        let c = &self.ctx.crate_name;
        match ty {
            Type::String => format!("{:?}.to_owned()", self.wire_name),
            Type::Any => format!("{c}::serde_json::Value::Null"),
            Type::Array(inner) => format!("vec![{}]", self.owned(inner)),
            Type::Map(_) => "std::collections::HashMap::new()".to_owned(),
            other => self.param(other, None),
        }
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
fn union_body(ctx: &Ctx<'_>, name: &str, union: &Union, var: &str) -> String {
    let c = &ctx.crate_name;
    let placeholders = Placeholders {
        ctx,
        wire_name: var,
    };
    let value = union.variants.iter().find_map(|v| {
        let inner = match &v.ty {
            Type::Named(n) => match ctx.api.type_def(n).map(|d| &d.kind) {
                Some(TypeKind::Struct { default: true, .. }) => {
                    format!("{c}::models::{n}::default()")
                }
                _ => return None,
            },
            Type::Any | Type::Array(_) => return None,
            ty => placeholders.owned(ty),
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

/// The `let {var} = …;` lines for a value passed by reference (a body, a structured parameter) whose argument
/// type is `arg_type`, and the argument expression passing it.
///
/// A struct deriving `Default` is `X::default()`, an enum its first variant, a string a literal, an array of
/// strings or arrays the borrowed literal the argument takes; anything else is parsed from JSON holding its
/// required fields (an array gets one element).
fn body_declaration(ctx: &Ctx<'_>, ty: &Type, arg_type: &str, var: &str) -> (Vec<String>, String) {
    let c = &ctx.crate_name;
    let by_ref = format!("&{var}");
    let placeholders = Placeholders {
        ctx,
        wire_name: var,
    };
    match ty {
        Type::Named(name) => match ctx.api.type_def(name).map(|d| &d.kind) {
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
                return (vec![union_body(ctx, name, union, var)], by_ref);
            }
            _ => {}
        },
        Type::String => return (vec![format!("let {var} = {var:?};")], var.to_owned()),
        // Taken as `impl Into<Bytes>`, by value.
        Type::Bytes => {
            return (
                vec![format!(
                    "let {var} = {c}::runtime::Bytes::from_static(b\"{var}\");"
                )],
                var.to_owned(),
            );
        }
        // The argument borrows the elements (`&[&str]`, `&[&[i32]]`), which a JSON value would own.
        Type::Array(inner) if matches!(**inner, Type::String | Type::Array(_)) => {
            return (
                vec![format!(
                    "let {var}: {arg_type} = {};",
                    placeholders.param(ty, None)
                )],
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
                vec![format!("let {var} = {};", placeholders.param(ty, None))],
                by_ref,
            );
        }
        _ => {}
    }
    let json = match ty {
        Type::Array(inner) => format!("[\n    {}\n]", json_placeholder(ctx, inner, var, 1, 0)),
        _ => json_placeholder(ctx, ty, var, 0, 0),
    };
    let hashes = "#".repeat(
        (1..)
            .find(|&n| !json.contains(&format!("\"{}", "#".repeat(n))))
            .unwrap_or(1),
    );
    let owned = print(
        ctx.type_tokens(ty, Position::Owned, &super::types::example_models(c)),
        Some(c),
    );
    let mut lines: Vec<String> = Vec::new();
    let mut json_lines = json.lines();
    let first = json_lines.next().unwrap_or("null");
    lines.push(format!(
        "let {var}: {owned} = {c}::serde_json::from_str(r{hashes}\"{first}"
    ));
    lines.extend(json_lines.map(str::to_owned));
    if let Some(last) = lines.last_mut() {
        last.push_str(&format!("\"{hashes})?;"));
    }
    (lines, by_ref)
}

/// Pretty JSON for a value of `ty` with every required field, indented by `indent` levels.
fn json_placeholder(ctx: &Ctx<'_>, ty: &Type, name: &str, indent: usize, depth: usize) -> String {
    match ty {
        Type::String => json_string(name),
        Type::Bool => "true".to_owned(),
        Type::I32 | Type::I64 => "1".to_owned(),
        Type::F32 | Type::F64 => "1.0".to_owned(),
        Type::DateTime => "\"2024-01-01T00:00:00Z\"".to_owned(),
        Type::Date => "\"2024-01-01\"".to_owned(),
        Type::Any | Type::Map(_) => "{}".to_owned(),
        Type::Bytes | Type::File | Type::Array(_) => "[]".to_owned(),
        Type::Named(type_name) => {
            let Some(def) = ctx.api.type_def(type_name) else {
                return "{}".to_owned();
            };
            match &def.kind {
                TypeKind::Enum { variants } => variants
                    .first()
                    .map_or_else(|| json_string(name), |v| json_string(&v.wire_name)),
                TypeKind::Alias(inner) => json_placeholder(ctx, inner, name, indent, depth + 1),
                TypeKind::Union(union) => match union.variants.first() {
                    Some(first) if depth <= 8 => {
                        json_placeholder(ctx, &first.ty, name, indent, depth + 1)
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
                                json_placeholder(ctx, &f.ty, &f.wire_name, indent + 1, depth + 1);
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

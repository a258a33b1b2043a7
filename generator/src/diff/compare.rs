//! Comparing matched operations and models, and the types they use.

use std::collections::BTreeSet;

use super::{ChangeKind, Context, Sink, Subject, is_inline, shape_name};
use crate::model::{Api, Field, Operation, Param, Tagging, Type, TypeDef, TypeKind, Union};

/// How deep inline schemas are followed (they cannot form cycles, but a bound costs nothing).
const MAX_INLINE_DEPTH: usize = 32;

/// A type as Rust spells it in the generated client.
pub(crate) fn rust_type(ty: &Type) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Bool => "bool".to_owned(),
        Type::I32 => "i32".to_owned(),
        Type::I64 => "i64".to_owned(),
        Type::F32 => "f32".to_owned(),
        Type::F64 => "f64".to_owned(),
        Type::DateTime => "DateTime<Utc>".to_owned(),
        Type::Date => "NaiveDate".to_owned(),
        Type::Any => "serde_json::Value".to_owned(),
        Type::Bytes => "Bytes".to_owned(),
        Type::File => "FilePart".to_owned(),
        Type::Array(item) => format!("Vec<{}>", rust_type(item)),
        Type::Map(value) => format!("HashMap<String, {}>", rust_type(value)),
        Type::Named(name) => name.clone(),
    }
}

/// A version-independent key for a type: named types by schema name, inline ones by their content.
fn type_key(api: &Api, ty: &Type, depth: usize) -> String {
    match ty {
        Type::Array(item) => format!("[{}]", type_key(api, item, depth)),
        Type::Map(value) => format!("{{{}}}", type_key(api, value, depth)),
        Type::Named(name) => match api.type_def(name) {
            Some(def) if is_inline(def) && depth < MAX_INLINE_DEPTH => match &def.kind {
                TypeKind::Enum { variants } => {
                    let values: BTreeSet<&str> =
                        variants.iter().map(|v| v.wire_name.as_str()).collect();
                    format!("enum({})", values.into_iter().collect::<Vec<_>>().join("|"))
                }
                TypeKind::Struct { fields, .. } => {
                    let fields: BTreeSet<String> = fields
                        .iter()
                        .map(|f| {
                            format!(
                                "{}{}:{}",
                                f.wire_name,
                                if f.required { "!" } else { "?" },
                                type_key(api, &f.ty, depth + 1)
                            )
                        })
                        .collect();
                    format!(
                        "struct({})",
                        fields.into_iter().collect::<Vec<_>>().join(",")
                    )
                }
                TypeKind::Alias(inner) => type_key(api, inner, depth + 1),
                TypeKind::Union(union) => {
                    let tag = match &union.tagging {
                        Tagging::Tagged(property) => property.as_str(),
                        Tagging::Untagged => "",
                    };
                    let variants: Vec<String> = union
                        .variants
                        .iter()
                        .map(|v| {
                            format!("{}={}", v.tags.join("|"), type_key(api, &v.ty, depth + 1))
                        })
                        .collect();
                    format!("union{tag}({})", variants.join(","))
                }
            },
            Some(def) => def.schema_name().unwrap_or(&def.pointer).to_owned(),
            None => name.clone(),
        },
        other => rust_type(other),
    }
}

/// What a caller passes and gets back, independent of names and paths: parameters (wire name, location,
/// required-ness, type), body and response types. Used to spot a removed operation's replacement.
pub(crate) fn signature(api: &Api, op: &Operation) -> String {
    let mut params: Vec<String> = op
        .params
        .iter()
        .map(|p| {
            format!(
                "{}@{:?}{}:{}",
                p.wire_name,
                p.location,
                if p.required { "!" } else { "?" },
                type_key(api, &p.ty, 0)
            )
        })
        .collect();
    params.sort();
    let body = op.body.as_ref().map(|b| {
        format!(
            "{}{}",
            type_key(api, &b.ty, 0),
            if b.required { "!" } else { "?" }
        )
    });
    let response = op.response.as_ref().map(|t| type_key(api, t, 0));
    format!("{}|{body:?}|{response:?}", params.join(","))
}

/// What a component alias model stands for (followed through aliases of aliases), else the type itself.
fn resolve_alias<'a>(api: &'a Api, ty: &'a Type) -> &'a Type {
    let mut ty = ty;
    for _ in 0..MAX_INLINE_DEPTH {
        let Type::Named(name) = ty else { break };
        match api.type_def(name) {
            Some(TypeDef {
                kind: TypeKind::Alias(inner),
                ..
            }) => ty = inner,
            _ => break,
        }
    }
    ty
}

/// Where a type is used: the property path or parameter name as the spec spells it (`settings.mobile`, for
/// messages) and as the lowered model names it in Rust (`settings.mobile`, `timeout_`).
#[derive(Clone, Copy)]
struct At<'a> {
    wire: &'a str,
    rust: &'a str,
}

impl<'a> At<'a> {
    /// The model itself (a struct's own properties, an enum's own values).
    const ROOT: At<'static> = At { wire: "", rust: "" };

    /// The same name in the spec and in Rust (`body`, `response`).
    fn both(name: &'a str) -> Self {
        At {
            wire: name,
            rust: name,
        }
    }
}

/// Both versions of the API, and the subject whose types are compared.
struct TypePair<'a> {
    old: &'a Api,
    new: &'a Api,
    subject: &'a Subject,
    context: &'a Context,
}

impl TypePair<'_> {
    /// Compares two types where they are used (`at`: the property path or parameter name, for messages). Returns
    /// whether they are the same type for a caller; differences inside inline schemas of the same shape are
    /// recorded as their own changes and do not make the types differ.
    fn same(&self, old_ty: &Type, new_ty: &Type, at: At, sink: &mut Sink, depth: usize) -> bool {
        if self.same_unaliased(old_ty, new_ty, at, sink, depth) {
            return true;
        }
        // A model that is a type alias is the same Rust type as what it names (`type Id = String`).
        let (old_resolved, new_resolved) = (
            resolve_alias(self.old, old_ty),
            resolve_alias(self.new, new_ty),
        );
        if std::ptr::eq(old_resolved, old_ty) && std::ptr::eq(new_resolved, new_ty) {
            return false;
        }
        self.same_unaliased(old_resolved, new_resolved, at, sink, depth)
    }

    fn same_unaliased(
        &self,
        old_ty: &Type,
        new_ty: &Type,
        at: At,
        sink: &mut Sink,
        depth: usize,
    ) -> bool {
        match (old_ty, new_ty) {
            (Type::Array(a), Type::Array(b)) | (Type::Map(a), Type::Map(b)) => {
                self.same(a, b, at, sink, depth)
            }
            (Type::Named(a), Type::Named(b)) => {
                let (Some(old_def), Some(new_def)) = (self.old.type_def(a), self.new.type_def(b))
                else {
                    return a == b;
                };
                match (is_inline(old_def), is_inline(new_def)) {
                    (false, false) => old_def.origin == new_def.origin,
                    (true, true) if depth < MAX_INLINE_DEPTH => {
                        self.inline(old_def, new_def, at, sink, depth + 1)
                    }
                    _ => false,
                }
            }
            (a, b) => a == b,
        }
    }

    /// Two inline schemas used at the same place: the same shape is the same type, with its changes recorded.
    fn inline(
        &self,
        old_def: &TypeDef,
        new_def: &TypeDef,
        at: At,
        sink: &mut Sink,
        depth: usize,
    ) -> bool {
        match (&old_def.kind, &new_def.kind) {
            (TypeKind::Enum { variants: old_v }, TypeKind::Enum { variants: new_v }) => {
                enum_values(old_v, new_v, at, self.subject, self.context, sink);
                true
            }
            (TypeKind::Struct { fields: old_f, .. }, TypeKind::Struct { fields: new_f, .. }) => {
                let (wire, rust) = (format!("{}.", at.wire), format!("{}.", at.rust));
                let prefix = At {
                    wire: &wire,
                    rust: &rust,
                };
                self.fields(old_f, new_f, prefix, sink, depth);
                true
            }
            (TypeKind::Alias(a), TypeKind::Alias(b)) => self.same(a, b, at, sink, depth),
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                self.unions(a, b, at, sink, depth);
                true
            }
            _ => false,
        }
    }

    /// Two versions of a union: variants matched by Rust name (what callers write), then how they are told apart.
    fn unions(&self, old: &Union, new: &Union, at: At, sink: &mut Sink, depth: usize) {
        let wire = at.wire.to_owned();
        let mut push = |kind| sink.push(self.subject, self.context, kind);
        let tag = |u: &Union| match &u.tagging {
            Tagging::Tagged(property) => Some(property.clone()),
            Tagging::Untagged => None,
        };
        if old.tagging != new.tagging {
            push(ChangeKind::UnionTaggingChanged {
                at: wire.clone(),
                old: tag(old),
                new: tag(new),
            });
        }
        for v in &old.variants {
            if !new.variants.iter().any(|n| n.rust_name == v.rust_name) {
                push(ChangeKind::UnionVariantRemoved {
                    at: wire.clone(),
                    rust: v.rust_name.clone(),
                });
            }
        }
        let mut changes = Vec::new();
        for n in &new.variants {
            let Some(v) = old.variants.iter().find(|v| v.rust_name == n.rust_name) else {
                changes.push(ChangeKind::UnionVariantAdded {
                    at: wire.clone(),
                    rust: n.rust_name.clone(),
                });
                continue;
            };
            if !self.same(&v.ty, &n.ty, at, sink, depth) {
                changes.push(ChangeKind::UnionVariantTypeChanged {
                    at: wire.clone(),
                    rust: n.rust_name.clone(),
                    old: rust_type(&v.ty),
                    new: rust_type(&n.ty),
                });
            }
            let missing = |a: &[String], b: &[String]| -> Vec<String> {
                a.iter().filter(|t| !b.contains(t)).cloned().collect()
            };
            let (added, removed) = (missing(&n.tags, &v.tags), missing(&v.tags, &n.tags));
            if old.tagging == new.tagging && (!added.is_empty() || !removed.is_empty()) {
                changes.push(ChangeKind::UnionVariantTagsChanged {
                    at: wire.clone(),
                    rust: n.rust_name.clone(),
                    added,
                    removed,
                });
            }
        }
        for change in changes {
            sink.push(self.subject, self.context, change);
        }
    }

    /// Properties, named `{prefix}{wire name}` (and `{prefix}{Rust name}`).
    fn fields(&self, old: &[Field], new: &[Field], prefix: At, sink: &mut Sink, depth: usize) {
        for f in old {
            if !new.iter().any(|n| n.wire_name == f.wire_name) {
                let kind = ChangeKind::PropertyRemoved {
                    name: format!("{}{}", prefix.wire, f.wire_name),
                    rust: format!("{}{}", prefix.rust, f.rust_name),
                    required: f.required,
                };
                sink.push(self.subject, self.context, kind);
            }
        }
        for n in new {
            let name = format!("{}{}", prefix.wire, n.wire_name);
            let rust = format!("{}{}", prefix.rust, n.rust_name);
            let Some(f) = old.iter().find(|f| f.wire_name == n.wire_name) else {
                sink.push(
                    self.subject,
                    self.context,
                    ChangeKind::PropertyAdded {
                        name,
                        rust,
                        required: n.required,
                    },
                );
                continue;
            };
            match (f.required, n.required) {
                (false, true) => sink.push(
                    self.subject,
                    self.context,
                    ChangeKind::PropertyMadeRequired {
                        name: name.clone(),
                        rust: rust.clone(),
                    },
                ),
                (true, false) => sink.push(
                    self.subject,
                    self.context,
                    ChangeKind::PropertyMadeOptional {
                        name: name.clone(),
                        rust: rust.clone(),
                    },
                ),
                _ => {}
            }
            let at = At {
                wire: &name,
                rust: &rust,
            };
            if !self.same(&f.ty, &n.ty, at, sink, depth) {
                let kind = ChangeKind::PropertyTypeChanged {
                    name: name.clone(),
                    rust: rust.clone(),
                    old: rust_type(&f.ty),
                    new: rust_type(&n.ty),
                };
                sink.push(self.subject, self.context, kind);
            }
            if f.description != n.description {
                sink.push(
                    self.subject,
                    self.context,
                    ChangeKind::DocsChanged {
                        what: format!("description of property `{name}`"),
                    },
                );
            }
        }
    }
}

fn enum_values(
    old: &[crate::model::Variant],
    new: &[crate::model::Variant],
    at: At,
    subject: &Subject,
    context: &Context,
    sink: &mut Sink,
) {
    for v in old {
        if !new.iter().any(|n| n.wire_name == v.wire_name) {
            sink.push(
                subject,
                context,
                ChangeKind::EnumValueRemoved {
                    at: at.wire.to_owned(),
                    value: v.wire_name.clone(),
                    rust: v.rust_name.clone(),
                },
            );
        }
    }
    for n in new {
        if !old.iter().any(|v| v.wire_name == n.wire_name) {
            sink.push(
                subject,
                context,
                ChangeKind::EnumValueAdded {
                    at: at.wire.to_owned(),
                    value: n.wire_name.clone(),
                    rust: n.rust_name.clone(),
                },
            );
        }
    }
}

/// Two versions of a model with the same schema name.
pub(crate) fn model(
    old: &Api,
    old_def: &TypeDef,
    new: &Api,
    new_def: &TypeDef,
    subject: &Subject,
    context: &Context,
    sink: &mut Sink,
) {
    let pair = TypePair {
        old,
        new,
        subject,
        context,
    };
    if old_def.rust_name != new_def.rust_name {
        sink.push(
            subject,
            context,
            ChangeKind::RustNameChanged {
                old: old_def.rust_name.clone(),
                new: new_def.rust_name.clone(),
            },
        );
    }
    match (&old_def.kind, &new_def.kind) {
        (TypeKind::Struct { fields: old_f, .. }, TypeKind::Struct { fields: new_f, .. }) => {
            pair.fields(old_f, new_f, At::ROOT, sink, 0)
        }
        (TypeKind::Enum { variants: old_v }, TypeKind::Enum { variants: new_v }) => {
            enum_values(old_v, new_v, At::ROOT, subject, context, sink)
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => pair.unions(a, b, At::ROOT, sink, 0),
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            if !pair.same(a, b, At::ROOT, sink, 0) {
                sink.push(
                    subject,
                    context,
                    ChangeKind::AliasTargetChanged {
                        old: rust_type(a),
                        new: rust_type(b),
                    },
                );
            }
        }
        (a, b) => {
            let kind = ChangeKind::ModelShapeChanged {
                old: shape_name(a).to_owned(),
                new: shape_name(b).to_owned(),
            };
            sink.push(subject, context, kind);
        }
    }
    if old_def.description != new_def.description {
        sink.push(
            subject,
            context,
            ChangeKind::DocsChanged {
                what: "description".to_owned(),
            },
        );
    }
}

/// The parameter of `new` that `p` of the old version is: same name and location, else same name.
fn find_param<'a>(
    p: &Param,
    new: &'a [Param],
    taken: &BTreeSet<usize>,
) -> Option<(usize, &'a Param)> {
    let free = || new.iter().enumerate().filter(|(i, _)| !taken.contains(i));
    free()
        .find(|(_, n)| n.wire_name == p.wire_name && n.location == p.location)
        .or_else(|| free().find(|(_, n)| n.wire_name == p.wire_name))
}

/// Two versions of an operation that were matched (by method name, or by HTTP method and path).
pub(crate) fn operation(
    old: &Api,
    old_op: &Operation,
    new: &Api,
    new_op: &Operation,
    subject: &Subject,
    context: &Context,
    sink: &mut Sink,
) {
    let pair = TypePair {
        old,
        new,
        subject,
        context,
    };
    if old_op.http_method != new_op.http_method {
        sink.push(
            subject,
            context,
            ChangeKind::HttpMethodChanged {
                old: old_op.http_method,
                new: new_op.http_method,
            },
        );
    }
    if old_op.path != new_op.path {
        sink.push(
            subject,
            context,
            ChangeKind::PathChanged {
                old: old_op.path.clone(),
                new: new_op.path.clone(),
            },
        );
    }
    // Preview and deprecation: the reasons for changes below use "preview in both versions".
    match (old_op.preview, new_op.preview) {
        (true, false) => sink.push(subject, context, ChangeKind::PreviewToGa),
        (false, true) => sink.push(subject, context, ChangeKind::GaToPreview),
        _ => {}
    }
    match (&old_op.deprecation, &new_op.deprecation) {
        (None, Some(d)) => sink.push(subject, context, ChangeKind::Deprecated { note: d.note() }),
        (Some(_), None) => sink.push(subject, context, ChangeKind::Undeprecated),
        (Some(old), Some(new)) if old.note() != new.note() => sink.push(
            subject,
            context,
            ChangeKind::DeprecationChanged {
                old: old.note(),
                new: new.note(),
            },
        ),
        _ => {}
    }

    // Parameters.
    let mut taken = BTreeSet::new();
    let mut matched: Vec<(&Param, &Param)> = Vec::new();
    let mut removed: Vec<&Param> = Vec::new();
    for p in &old_op.params {
        match find_param(p, &new_op.params, &taken) {
            Some((i, n)) => {
                taken.insert(i);
                matched.push((p, n));
            }
            None => removed.push(p),
        }
    }
    for p in removed {
        let kind = ChangeKind::ParamRemoved {
            name: p.wire_name.clone(),
            rust: p.rust_name.clone(),
            location: p.location,
            required: p.required,
        };
        sink.push(subject, context, kind);
    }
    for (i, n) in new_op.params.iter().enumerate() {
        if !taken.contains(&i) {
            let kind = ChangeKind::ParamAdded {
                name: n.wire_name.clone(),
                rust: n.rust_name.clone(),
                location: n.location,
                required: n.required,
            };
            sink.push(subject, context, kind);
        }
    }
    for (p, n) in &matched {
        let name = n.wire_name.clone();
        match (p.required, n.required) {
            (false, true) => sink.push(
                subject,
                context,
                ChangeKind::ParamMadeRequired { name: name.clone() },
            ),
            (true, false) => sink.push(
                subject,
                context,
                ChangeKind::ParamMadeOptional { name: name.clone() },
            ),
            _ => {}
        }
        let at = At {
            wire: &name,
            rust: &n.rust_name,
        };
        if !pair.same(&p.ty, &n.ty, at, sink, 0) {
            let kind = ChangeKind::ParamTypeChanged {
                name: name.clone(),
                old: rust_type(&p.ty),
                new: rust_type(&n.ty),
            };
            sink.push(subject, context, kind);
        }
        if p.location != n.location {
            sink.push(
                subject,
                context,
                ChangeKind::ParamLocationChanged {
                    name: name.clone(),
                    old: p.location,
                    new: n.location,
                },
            );
        }
        if p.deprecated != n.deprecated {
            sink.push(
                subject,
                context,
                ChangeKind::ParamDeprecationChanged {
                    name: name.clone(),
                    deprecated: n.deprecated,
                },
            );
        }
        if p.default != n.default {
            let kind = ChangeKind::ParamDefaultChanged {
                name: name.clone(),
                old: p.default.clone(),
                new: n.default.clone(),
            };
            sink.push(subject, context, kind);
        }
    }
    // Positional arguments (required parameters, in signature order) that are the same set in another order.
    let positional = |params: &[Param]| -> Vec<String> {
        params
            .iter()
            .filter(|p| p.required)
            .map(|p| p.wire_name.clone())
            .collect()
    };
    let (old_pos, new_pos) = (positional(&old_op.params), positional(&new_op.params));
    if old_pos != new_pos
        && old_pos.iter().collect::<BTreeSet<_>>() == new_pos.iter().collect::<BTreeSet<_>>()
    {
        sink.push(
            subject,
            context,
            ChangeKind::ParamsReordered {
                old: old_pos,
                new: new_pos,
            },
        );
    }

    // Request body.
    match (&old_op.body, &new_op.body) {
        (None, Some(b)) => sink.push(
            subject,
            context,
            ChangeKind::BodyAdded {
                ty: rust_type(&b.ty),
                required: b.required,
            },
        ),
        (Some(b), None) => sink.push(
            subject,
            context,
            ChangeKind::BodyRemoved {
                ty: rust_type(&b.ty),
                required: b.required,
            },
        ),
        (Some(a), Some(b)) => {
            match (a.required, b.required) {
                (false, true) => sink.push(subject, context, ChangeKind::BodyMadeRequired),
                (true, false) => sink.push(subject, context, ChangeKind::BodyMadeOptional),
                _ => {}
            }
            if !pair.same(&a.ty, &b.ty, At::both("body"), sink, 0) {
                sink.push(
                    subject,
                    context,
                    ChangeKind::BodyTypeChanged {
                        old: rust_type(&a.ty),
                        new: rust_type(&b.ty),
                    },
                );
            }
        }
        (None, None) => {}
    }

    // Response.
    let response_same = match (&old_op.response, &new_op.response) {
        (Some(a), Some(b)) => pair.same(a, b, At::both("response"), sink, 0),
        (a, b) => a.is_none() && b.is_none(),
    };
    if !response_same {
        let kind = ChangeKind::ResponseTypeChanged {
            old: old_op.response.as_ref().map(rust_type),
            new: new_op.response.as_ref().map(rust_type),
        };
        sink.push(subject, context, kind);
    }

    if old_op.permissions != new_op.permissions {
        let kind = ChangeKind::PermissionsChanged {
            old: old_op.permissions.clone(),
            new: new_op.permissions.clone(),
        };
        sink.push(subject, context, kind);
    }

    // Documentation.
    if old_op.summary != new_op.summary {
        sink.push(
            subject,
            context,
            ChangeKind::DocsChanged {
                what: "summary".to_owned(),
            },
        );
    }
    if old_op.description != new_op.description {
        sink.push(
            subject,
            context,
            ChangeKind::DocsChanged {
                what: "description".to_owned(),
            },
        );
    }
    for (p, n) in &matched {
        if p.description != n.description {
            sink.push(
                subject,
                context,
                ChangeKind::DocsChanged {
                    what: format!("description of parameter `{}`", n.wire_name),
                },
            );
        }
    }
    if let (Some(a), Some(b)) = (&old_op.body, &new_op.body) {
        if a.description != b.description {
            sink.push(
                subject,
                context,
                ChangeKind::DocsChanged {
                    what: "description of the request body".to_owned(),
                },
            );
        }
    }
}

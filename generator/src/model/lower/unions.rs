//! `oneOf`/`anyOf` schemas → unions ([`TypeKind::Union`]).
//!
//! - The alternatives are the schema's `oneOf` (or `anyOf`) list, less those that only say the value may be `null`
//!   (`{type: 'null'}`, `{nullable: true}`: they make the union nullable, so a property of its type is an `Option`),
//!   those that type nothing or take any object (`{}`, `{required: [...]}`, `{type: object}`: what they accept, the
//!   `Unknown` variant keeps) and repeated `$ref`s. Two or more make a union; one is that type; none is any JSON value.
//! - With a `discriminator` whose alternatives are all references to component schemas, the union is tagged by its
//!   property: a variant is selected by the `mapping` keys that name its schema (`Cat` or `#/components/schemas/Cat`),
//!   else by the schema name. Otherwise it is untagged: a value is the first variant (in spec order) it decodes as.
//! - A variant is named after its referenced schema's Rust name; an inline alternative after its `title`, else after
//!   its type: `String`, `Integer`, `Number`, `Boolean`, `DateTime`, `Date`, `Object` (an inline object, defined as
//!   the union's name + `Object`), `Enum`, `Value`, a list after its items (`StringList`), a map after its values
//!   (`StringMap`). Names are made unique in the union (`Object2`); `Unknown` is reserved for the catch-all.

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::Lowerer;
use super::schemas::SchemaRef;
use crate::diagnostics::{Cause, Diagnostic};
use crate::model::names::{self, Scope};
use crate::model::{Tagging, Type, TypeKind, Union, UnionVariant};

/// The alternatives of a `oneOf`/`anyOf` schema: the keyword (for pointers) and the parts that type something, with
/// their positions.
pub(super) struct Alternatives<'a> {
    keyword: &'static str,
    parts: Vec<(usize, &'a ReferenceOr<Schema>)>,
}

impl<'a> Alternatives<'a> {
    /// The alternatives of `schema` when it is a `oneOf` or `anyOf` and nothing else that shapes the value (no
    /// properties, `allOf` or `not` beside it).
    pub(super) fn of(schema: &'a Schema) -> Option<Self> {
        let (keyword, all) = all_alternatives(schema)?;
        let mut parts: Vec<(usize, &'a ReferenceOr<Schema>)> = Vec::new();
        for (i, part) in all.iter().enumerate() {
            let repeated = |(_, p): &(usize, &ReferenceOr<Schema>)| match (p, part) {
                (
                    ReferenceOr::Reference { reference: a },
                    ReferenceOr::Reference { reference: b },
                ) => a == b,
                _ => false,
            };
            if !null_only(part) && !untyped(part) && !parts.iter().any(repeated) {
                parts.push((i, part));
            }
        }
        Some(Self { keyword, parts })
    }

    /// How many variants it has.
    pub(super) fn len(&self) -> usize {
        self.parts.len()
    }

    /// Where part `i` (its position in the spec's list) is.
    fn pointer(&self, pointer: &str, i: usize) -> String {
        format!("{pointer}/{}/{i}", self.keyword)
    }
}

/// The keyword and every alternative of a `oneOf`/`anyOf` schema with nothing else beside it that shapes the value.
fn all_alternatives(schema: &Schema) -> Option<(&'static str, &[ReferenceOr<Schema>])> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => Some(("oneOf", one_of)),
        SchemaKind::AnyOf { any_of } => Some(("anyOf", any_of)),
        SchemaKind::Any(any)
            if any.properties.is_empty() && any.all_of.is_empty() && any.not.is_none() =>
        {
            match (any.one_of.is_empty(), any.any_of.is_empty()) {
                (false, true) => Some(("oneOf", &any.one_of)),
                (true, false) => Some(("anyOf", &any.any_of)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether a schema may be `null`: it says so, or (for a union) one of its alternatives does.
pub(super) fn nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || all_alternatives(schema).is_some_and(|(_, parts)| {
            parts.iter().any(|p| match p {
                ReferenceOr::Item(s) => s.schema_data.nullable || null_only(p),
                ReferenceOr::Reference { .. } => false,
            })
        })
}

/// `{type: 'null'}` (OpenAPI 3.1 style, seen in 3.0 specs) or `{nullable: true}` alone.
fn null_only(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Item(Schema {
            schema_data,
            schema_kind: SchemaKind::Any(any),
        }) => {
            any.typ.as_deref() == Some("null")
                || (schema_data.nullable && *any == openapiv3::AnySchema::default())
        }
        _ => false,
    }
}

/// An alternative that constrains without typing (`{}`, `{required: [a]}`, `{minLength: 1}`) or is any object
/// (`{type: object}`; Microsoft Graph writes `anyOf: [{$ref: X}, {type: object, nullable: true}]` for a nullable X).
fn untyped(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(openapiv3::Type::Object(o)),
            ..
        }) => o.properties.is_empty() && o.additional_properties.is_none(),
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Any(any),
            ..
        }) => {
            matches!(any.typ.as_deref(), None | Some("object"))
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.all_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}

impl<'a> Lowerer<'a> {
    /// Whether `schema` (or the component it references) is a union of two or more alternatives.
    pub(super) fn is_union(&self, schema: &'a ReferenceOr<Schema>) -> bool {
        let schema = match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.resolve_schema(reference),
        };
        schema
            .and_then(Alternatives::of)
            .is_some_and(|a| a.len() >= 2)
    }

    /// The one type of a `oneOf`/`anyOf` with fewer than two alternatives.
    pub(super) fn single_alternative(
        &mut self,
        alternatives: &Alternatives<'a>,
        context: &str,
        pointer: &str,
        sink: &mut Vec<Diagnostic>,
    ) -> Type {
        match alternatives.parts.first() {
            Some(&(i, part)) => self.type_of(
                part.into(),
                context,
                &alternatives.pointer(pointer, i),
                sink,
            ),
            None => {
                sink.push(
                    Diagnostic::warning(
                        pointer,
                        format!(
                            "`{}` has no alternative with a type; the value is typed as any JSON value",
                            alternatives.keyword
                        ),
                    )
                    .with_help("give the alternatives a `type` or a `$ref`")
                    .with_cause(Cause::UnionSchema),
                );
                Type::Any
            }
        }
    }

    /// The union of two or more alternatives, for the type called `owner` defined by `schema`.
    pub(super) fn union_kind(
        &mut self,
        schema: &'a Schema,
        alternatives: &Alternatives<'a>,
        owner: &str,
        pointer: &str,
        sink: &mut Vec<Diagnostic>,
    ) -> TypeKind {
        let tag = schema.schema_data.discriminator.as_ref().filter(|_| {
            alternatives
                .parts
                .iter()
                .all(|(_, p)| self.component_name(p).is_some())
        });
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut claimed_tags: Vec<String> = Vec::new();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for &(i, part) in &alternatives.parts {
            let name = self.variant_name(part);
            let context = format!("{owner}{name}");
            let ty = match self.type_of(
                part.into(),
                &context,
                &alternatives.pointer(pointer, i),
                sink,
            ) {
                // A free-form object: only objects are it.
                Type::Any if name == "Object" => Type::Map(Box::new(Type::Any)),
                ty => ty,
            };
            // A reference that did not resolve (already warned about): `Unknown` keeps such values.
            if ty == Type::Any || variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let tags = match (tag, self.component_name(part)) {
                (Some(discriminator), Some(schema_name)) => {
                    let reference = format!("#/components/schemas/{schema_name}");
                    let mut tags: Vec<String> = discriminator
                        .mapping
                        .iter()
                        .filter(|(_, target)| **target == reference || *target == schema_name)
                        .map(|(value, _)| value.clone())
                        .collect();
                    if tags.is_empty() {
                        tags.push(schema_name.to_owned());
                    }
                    // A value selects one variant: the first that claims it.
                    tags.retain(|t| !claimed_tags.contains(t));
                    claimed_tags.extend(tags.iter().cloned());
                    tags
                }
                _ => Vec::new(),
            };
            variants.push(UnionVariant {
                rust_name: scope.claim(name, ""),
                ty,
                tags,
                boxed: false,
            });
        }
        TypeKind::Union(Union {
            tagging: match tag {
                Some(discriminator) => Tagging::Tagged(discriminator.property_name.clone()),
                None => Tagging::Untagged,
            },
            variants,
        })
    }

    /// The component schema name a `$ref` alternative names, when it resolves to one.
    fn component_name(&self, part: &'a ReferenceOr<Schema>) -> Option<&'a str> {
        match part {
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/schemas/")
                .and_then(|name| self.schema_names.get_key_value(name))
                .map(|(name, _)| *name),
            ReferenceOr::Item(_) => None,
        }
    }

    /// A variant's name, by the rule of the module docs (before it is made unique).
    fn variant_name(&self, part: &'a ReferenceOr<Schema>) -> String {
        match part {
            ReferenceOr::Reference { .. } => match self.component_name(part) {
                Some(name) => self.schema_names[name].clone(),
                None => "Value".to_owned(),
            },
            ReferenceOr::Item(schema) => match &schema.schema_data.title {
                Some(title) => names::camel(title),
                None => type_word(SchemaRef::Item(schema), self),
            },
        }
    }
}

/// What an inline alternative is, as a name (see the module docs).
fn type_word(schema: SchemaRef<'_>, l: &Lowerer<'_>) -> String {
    use openapiv3::Type as T;
    let schema = match schema {
        SchemaRef::Ref(reference) => {
            return reference
                .strip_prefix("#/components/schemas/")
                .and_then(|name| l.schema_names.get(name))
                .cloned()
                .unwrap_or_else(|| "Value".to_owned());
        }
        SchemaRef::Item(s) => s,
    };
    let word = |typ: &str, format: Option<&str>| match (typ, format) {
        ("string", Some("date-time")) => "DateTime",
        ("string", Some("date")) => "Date",
        ("string", _) => "String",
        ("integer", _) => "Integer",
        ("number", _) => "Number",
        ("boolean", _) => "Boolean",
        ("object", _) => "Object",
        _ => "Value",
    };
    let items = |items: Option<&ReferenceOr<Box<Schema>>>| match items {
        Some(items) => format!("{}List", type_word(items.into(), l)),
        None => "List".to_owned(),
    };
    let map = |additional: Option<&openapiv3::AdditionalProperties>| match additional {
        Some(openapiv3::AdditionalProperties::Schema(values)) => {
            format!("{}Map", type_word(values.as_ref().into(), l))
        }
        _ => "Object".to_owned(),
    };
    match &schema.schema_kind {
        SchemaKind::Type(T::String(s)) if !s.enumeration.is_empty() => "Enum".to_owned(),
        SchemaKind::Type(T::String(s)) => match &s.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => {
                "DateTime".to_owned()
            }
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => {
                "Date".to_owned()
            }
            _ => "String".to_owned(),
        },
        SchemaKind::Type(T::Integer(_)) => "Integer".to_owned(),
        SchemaKind::Type(T::Number(_)) => "Number".to_owned(),
        SchemaKind::Type(T::Boolean(_)) => "Boolean".to_owned(),
        SchemaKind::Type(T::Array(a)) => items(a.items.as_ref()),
        SchemaKind::Type(T::Object(o)) if o.properties.is_empty() => {
            map(o.additional_properties.as_ref())
        }
        SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
            "Union".to_owned()
        }
        SchemaKind::Any(any) if !any.enumeration.is_empty() => "Enum".to_owned(),
        SchemaKind::Any(any) if any.typ.as_deref() == Some("array") => items(any.items.as_ref()),
        SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() => {
            match any.typ.as_deref() {
                Some("object") | None => map(any.additional_properties.as_ref()),
                Some(typ) => word(typ, any.format.as_deref()).to_owned(),
            }
        }
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => "Union".to_owned(),
        _ => "Object".to_owned(),
    }
}

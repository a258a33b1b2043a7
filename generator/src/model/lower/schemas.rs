//! Schemas → types. Inline objects and enums become named types called after where they are found
//! (`Room` property `state` → `RoomState`).

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use super::unions::{self, Alternatives};
use crate::diagnostics::{Cause, Diagnostic, pointer_segment};
use crate::model::names::{self, Scope};
use crate::model::{Field, SerdeUse, Type, TypeDef, TypeKind, TypeOrigin, Variant};

/// A schema or a reference to one, whichever way it is boxed.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(s) => Self::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(s) => Self::Item(s),
        }
    }
}

/// What a schema is, before it is given a name.
enum Shape<'a> {
    Struct(
        Vec<(&'a String, &'a ReferenceOr<Box<Schema>>)>,
        Vec<&'a String>,
    ),
    Enum(Vec<String>),
    /// A `oneOf`/`anyOf` of two or more alternatives.
    Union(&'a Schema, Alternatives<'a>),
    Plain,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Where flattening an `allOf` is: the schemas on the way from the one being flattened (to find a cycle) and every
/// schema already flattened into it (each is taken once, so diamonds and cycles cost linear time).
struct AllOfWalk {
    path: Vec<usize>,
    seen: std::collections::HashSet<usize>,
}

impl From<&Schema> for AllOfWalk {
    fn from(schema: &Schema) -> Self {
        let id = std::ptr::from_ref(schema) as usize;
        Self {
            path: vec![id],
            seen: [id].into_iter().collect(),
        }
    }
}

/// How deeply inline object schemas may nest (real specs nest a handful of levels).
const MAX_INLINE_DEPTH: usize = 32;

impl<'a> Lowerer<'a> {
    /// Defines the named type of component schema `name` (whose Rust name is already claimed).
    pub(super) fn lower_component(
        &mut self,
        name: &str,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
        sink: &mut Vec<Diagnostic>,
    ) {
        let Some(rust_name) = self.schema_names.get(name).cloned() else {
            return;
        };
        let description = match schema {
            ReferenceOr::Item(s) => s.schema_data.description.clone(),
            ReferenceOr::Reference { .. } => None,
        };
        let kind = match SchemaRef::from(schema) {
            SchemaRef::Item(s) => match self.shape(s, pointer, sink) {
                Shape::Plain => TypeKind::Alias(self.plain_type(s, &rust_name, pointer, sink)),
                shape => self.kind_of(shape, &rust_name, pointer, sink),
            },
            SchemaRef::Ref(_) => {
                TypeKind::Alias(self.type_of(schema.into(), &rust_name, pointer, sink))
            }
        };
        self.types.push(TypeDef {
            rust_name,
            origin: TypeOrigin::Component(name.to_owned()),
            description: clean_description(description),
            kind,
            used_by: Default::default(),
            serde: SerdeUse::BOTH,
            pointer: pointer.to_owned(),
        });
    }

    /// The type of a schema in type position. Inline objects and enums are defined as named types called
    /// `context` (made unique).
    pub(super) fn type_of(
        &mut self,
        schema: SchemaRef<'a>,
        context: &str,
        pointer: &str,
        sink: &mut Vec<Diagnostic>,
    ) -> Type {
        let schema = match schema {
            SchemaRef::Ref(reference) => return self.named_ref(reference, pointer, sink),
            SchemaRef::Item(s) => s,
        };
        // The same schema inside itself: an `allOf` copied a property whose schema holds that `allOf` again.
        let id = std::ptr::from_ref(schema) as usize;
        if self.inline_stack.contains(&id) || self.inline_stack.len() >= MAX_INLINE_DEPTH {
            sink.push(
                Diagnostic::error(pointer, "this inline schema contains itself (through `allOf` copying a property that holds it) or nests too deeply")
                    .with_help("move the repeated object into a named schema under `components.schemas` and `$ref` it"),
            );
            return Type::Any;
        }
        match self.shape(schema, pointer, sink) {
            Shape::Plain => self.plain_type(schema, context, pointer, sink),
            shape => {
                let rust_name = self.type_names.claim(names::type_name(context), "");
                self.inline_stack.push(id);
                let kind = self.kind_of(shape, &rust_name, pointer, sink);
                self.inline_stack.pop();
                self.types.push(TypeDef {
                    rust_name: rust_name.clone(),
                    origin: TypeOrigin::Inline,
                    description: clean_description(schema.schema_data.description.clone()),
                    kind,
                    used_by: Default::default(),
                    serde: SerdeUse::BOTH,
                    pointer: pointer.to_owned(),
                });
                Type::Named(rust_name)
            }
        }
    }

    fn named_ref(&mut self, reference: &str, pointer: &str, sink: &mut Vec<Diagnostic>) -> Type {
        match reference
            .strip_prefix(SCHEMA_PREFIX)
            .and_then(|name| self.schema_names.get(name))
        {
            Some(rust_name) => Type::Named(rust_name.clone()),
            None => {
                let help = if reference.starts_with(SCHEMA_PREFIX) {
                    "define the schema under `components.schemas`, or fix the name".to_owned()
                } else {
                    format!("only local schema references (`{SCHEMA_PREFIX}Name`) are supported")
                };
                // Only what uses the reference is degraded: it is typed as any JSON value.
                sink.push(
                    Diagnostic::warning(
                        pointer,
                        format!("`$ref: {reference}` does not resolve; typed as any JSON value"),
                    )
                    .with_help(help)
                    .with_cause(Cause::UnresolvedRef),
                );
                Type::Any
            }
        }
    }

    fn shape(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        sink: &mut Vec<Diagnostic>,
    ) -> Shape<'a> {
        match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(s)) if !s.enumeration.is_empty() => {
                Shape::Enum(s.enumeration.iter().flatten().cloned().collect())
            }
            SchemaKind::Type(openapiv3::Type::Object(o)) if !o.properties.is_empty() => {
                Shape::Struct(o.properties.iter().collect(), o.required.iter().collect())
            }
            // `allOf: [$ref]` is how OpenAPI 3.0 puts a description on a reference: it is the referenced type.
            SchemaKind::AllOf { all_of } if single_reference(all_of).is_some() => Shape::Plain,
            SchemaKind::AllOf { all_of } => {
                let mut properties = Vec::new();
                let mut required = Vec::new();
                let mut walk = AllOfWalk::from(schema);
                self.collect_all_of(
                    all_of,
                    &mut properties,
                    &mut required,
                    pointer,
                    sink,
                    &mut walk,
                );
                Shape::Struct(properties, required)
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() || !any.properties.is_empty() => {
                let mut properties: Vec<_> = any.properties.iter().collect();
                let mut required: Vec<_> = any.required.iter().collect();
                let mut walk = AllOfWalk::from(schema);
                self.collect_all_of(
                    &any.all_of,
                    &mut properties,
                    &mut required,
                    pointer,
                    sink,
                    &mut walk,
                );
                Shape::Struct(properties, required)
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Any(_)
                if Alternatives::of(schema).is_some_and(|a| a.len() >= 2) =>
            {
                match Alternatives::of(schema) {
                    Some(alternatives) => Shape::Union(schema, alternatives),
                    None => Shape::Plain,
                }
            }
            SchemaKind::Any(any)
                if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string()) =>
            {
                Shape::Enum(
                    any.enumeration
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                )
            }
            _ => Shape::Plain,
        }
    }

    /// Flattens `allOf` parts (references and inline objects) into one property list.
    fn collect_all_of(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        properties: &mut Vec<(&'a String, &'a ReferenceOr<Box<Schema>>)>,
        required: &mut Vec<&'a String>,
        pointer: &str,
        sink: &mut Vec<Diagnostic>,
        walk: &mut AllOfWalk,
    ) {
        for part in parts {
            let schema = match part {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => match self.resolve_schema(reference) {
                    Some(s) => s,
                    None => {
                        self.named_ref(reference, pointer, sink);
                        continue;
                    }
                },
            };
            let id = std::ptr::from_ref(schema) as usize;
            if walk.path.contains(&id) {
                sink.push(
                    Diagnostic::error(pointer, "`allOf` references itself")
                        .with_help("remove the cycle of `allOf` references")
                        .with_cause(Cause::AllOfCycle),
                );
                continue;
            }
            // Reached before through another part (a diamond): its properties are already in.
            if !walk.seen.insert(id) {
                continue;
            }
            walk.path.push(id);
            match &schema.schema_kind {
                SchemaKind::Type(openapiv3::Type::Object(o)) => {
                    properties.extend(o.properties.iter());
                    required.extend(o.required.iter());
                }
                SchemaKind::AllOf { all_of } => {
                    self.collect_all_of(all_of, properties, required, pointer, sink, walk)
                }
                SchemaKind::Any(any) => {
                    properties.extend(any.properties.iter());
                    required.extend(any.required.iter());
                    self.collect_all_of(&any.all_of, properties, required, pointer, sink, walk);
                }
                _ => sink.push(
                    Diagnostic::warning(
                        pointer,
                        "an `allOf` part is not an object; its constraints are ignored",
                    )
                    .with_help("`allOf` parts should be objects or references to objects")
                    .with_cause(Cause::AllOfPart),
                ),
            }
            walk.path.pop();
        }
    }

    /// Follows component references to a schema.
    pub(super) fn resolve_schema(&self, reference: &str) -> Option<&'a Schema> {
        let mut reference = reference;
        for _ in 0..16 {
            let name = reference.strip_prefix(SCHEMA_PREFIX)?;
            match self.document.components.as_ref()?.schemas.get(name)? {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    fn kind_of(
        &mut self,
        shape: Shape<'a>,
        owner: &str,
        pointer: &str,
        sink: &mut Vec<Diagnostic>,
    ) -> TypeKind {
        match shape {
            Shape::Enum(values) => TypeKind::Enum {
                variants: variants(values),
            },
            Shape::Struct(properties, required) => TypeKind::Struct {
                fields: self.fields(owner, &properties, &required, pointer, sink),
                default: false,
            },
            Shape::Union(schema, alternatives) => {
                self.union_kind(schema, &alternatives, owner, pointer, sink)
            }
            Shape::Plain => TypeKind::Alias(Type::Any),
        }
    }

    fn fields(
        &mut self,
        owner: &str,
        properties: &[(&'a String, &'a ReferenceOr<Box<Schema>>)],
        required: &[&'a String],
        pointer: &str,
        sink: &mut Vec<Diagnostic>,
    ) -> Vec<Field> {
        let mut scope = Scope::default();
        let mut fields: Vec<Field> = Vec::with_capacity(properties.len());
        for (wire_name, schema) in properties {
            // A later `allOf` part redefining a property replaces the earlier one.
            if let Some(i) = fields.iter().position(|f| &f.wire_name == *wire_name) {
                fields.remove(i);
            }
            let field_pointer = format!("{pointer}/properties/{}", pointer_segment(wire_name));
            let context = format!("{owner}{}", names::camel(wire_name));
            let ty = self.type_of((*schema).into(), &context, &field_pointer, sink);
            let (description, read_only, nullable) = match schema {
                ReferenceOr::Item(s) => (
                    s.schema_data.description.clone(),
                    s.schema_data.read_only,
                    unions::nullable(s),
                ),
                // A nullable union is `null` wherever it is used; other schemas say so where they are used.
                ReferenceOr::Reference { reference } => (
                    None,
                    false,
                    self.resolve_schema(reference)
                        .is_some_and(|s| Alternatives::of(s).is_some() && unions::nullable(s)),
                ),
            };
            fields.push(Field {
                wire_name: (*wire_name).clone(),
                rust_name: scope.claim(names::snake(wire_name), "_"),
                ty,
                required: !nullable && required.contains(wire_name),
                boxed: false,
                description: clean_description(description),
                read_only,
            });
        }
        fields
    }

    /// A schema that is not an object or enum: a primitive, array, map or free-form value.
    fn plain_type(
        &mut self,
        schema: &'a Schema,
        context: &str,
        pointer: &str,
        sink: &mut Vec<Diagnostic>,
    ) -> Type {
        use openapiv3::Type as T;
        match &schema.schema_kind {
            SchemaKind::Type(T::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Type::Date,
                _ => Type::String,
            },
            SchemaKind::Type(T::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Type::I32,
                _ => Type::I64,
            },
            SchemaKind::Type(T::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Type::F32,
                _ => Type::F64,
            },
            SchemaKind::Type(T::Boolean(_)) => Type::Bool,
            SchemaKind::Type(T::Array(a)) => {
                self.array_type(a.items.as_ref(), context, pointer, sink)
            }
            SchemaKind::Type(T::Object(o)) => {
                self.map_type(o.additional_properties.as_ref(), context, pointer, sink)
            }
            SchemaKind::Any(_) if Alternatives::of(schema).is_some() => {
                match Alternatives::of(schema) {
                    Some(alternatives) => {
                        self.single_alternative(&alternatives, context, pointer, sink)
                    }
                    None => Type::Any,
                }
            }
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("array") => self.array_type(any.items.as_ref(), context, pointer, sink),
                Some("string") => match any.format.as_deref() {
                    Some("date-time") => Type::DateTime,
                    Some("date") => Type::Date,
                    _ => Type::String,
                },
                Some("integer") => {
                    if any.format.as_deref() == Some("int32") {
                        Type::I32
                    } else {
                        Type::I64
                    }
                }
                Some("number") => {
                    if any.format.as_deref() == Some("float") {
                        Type::F32
                    } else {
                        Type::F64
                    }
                }
                Some("boolean") => Type::Bool,
                _ => self.map_type(any.additional_properties.as_ref(), context, pointer, sink),
            },
            SchemaKind::AllOf { all_of } => match single_reference(all_of) {
                Some(reference) => self.named_ref(reference, pointer, sink),
                None => Type::Any,
            },
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => match Alternatives::of(schema) {
                Some(alternatives) => {
                    self.single_alternative(&alternatives, context, pointer, sink)
                }
                None => Type::Any,
            },
            SchemaKind::Not { .. } => {
                sink.push(
                    Diagnostic::warning(
                        pointer,
                        "`not` schemas are not supported; the value is typed as any JSON value",
                    )
                    .with_help(
                        "describe the value with a single schema, or accept `serde_json::Value`",
                    )
                    .with_cause(Cause::UnionSchema),
                );
                Type::Any
            }
        }
    }

    fn array_type(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        context: &str,
        pointer: &str,
        sink: &mut Vec<Diagnostic>,
    ) -> Type {
        match items {
            Some(items) => {
                let item = self.type_of(
                    items.into(),
                    &format!("{context}Item"),
                    &format!("{pointer}/items"),
                    sink,
                );
                Type::Array(Box::new(item))
            }
            None => Type::Array(Box::new(Type::Any)),
        }
    }

    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        context: &str,
        pointer: &str,
        sink: &mut Vec<Diagnostic>,
    ) -> Type {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.type_of(
                    schema.as_ref().into(),
                    &format!("{context}Value"),
                    &format!("{pointer}/additionalProperties"),
                    sink,
                );
                Type::Map(Box::new(value))
            }
            // `type: object` with nothing else: a free-form object.
            _ => Type::Any,
        }
    }
}

/// The reference of an `allOf` with a single `$ref` part.
/// The one `$ref` of an `allOf` whose other parts only annotate it (`description`, `xml`, …; AWS writes
/// `allOf: [{$ref: …}, {xml: {name: …}}]`), so the value is the referenced type. A `nullable: true` part
/// changes the value, so it does not count as an annotation.
fn single_reference(parts: &[ReferenceOr<Schema>]) -> Option<&str> {
    let annotation = |part: &ReferenceOr<Schema>| match part {
        ReferenceOr::Item(Schema {
            schema_data,
            schema_kind: SchemaKind::Any(any),
        }) => !schema_data.nullable && *any == openapiv3::AnySchema::default(),
        _ => false,
    };
    let mut references = parts.iter().filter(|part| !annotation(part));
    match (references.next(), references.next()) {
        (Some(ReferenceOr::Reference { reference }), None) => Some(reference),
        _ => None,
    }
}

/// Enum variants, named uniquely; `Unknown` is reserved for the catch-all.
fn variants(values: Vec<String>) -> Vec<Variant> {
    let mut scope = Scope::with_reserved(&["Unknown"]);
    let mut seen = std::collections::BTreeSet::new();
    values
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .map(|wire_name| Variant {
            rust_name: scope.claim(names::camel(&wire_name), ""),
            wire_name,
        })
        .collect()
}

/// Descriptions with surrounding white space trimmed; empty ones are none.
pub(super) fn clean_description(description: Option<String>) -> Option<String> {
    description
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
}

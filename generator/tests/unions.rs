//! `oneOf`/`anyOf` in the model: which schemas become unions, how they are tagged and named, nullability, cycles,
//! directions, what still degrades with a warning, and how the API diff reports changes to a union.

use std::fs;

use genesys_codegen::diff::{self, Impact};
use genesys_codegen::model::{Api, SerdeUse, Tagging, Type, TypeKind, Union};
use genesys_codegen::report::Cause;
use genesys_codegen::{Config, Diagnostics};

/// The model of a spec with `paths` and `components.schemas`, and its warnings.
fn lower(paths: &str, schemas: &str) -> (Api, Diagnostics) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("spec.yaml");
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: v2}}\npaths:\n{paths}\ncomponents:\n  schemas:\n{schemas}\n"
    );
    fs::write(&path, text).expect("write spec");
    genesys_codegen::load_api(&Config::new(&path)).unwrap_or_else(|e| panic!("{e}"))
}

/// One operation that receives `response` (a schema in flow style).
fn receiving(response: &str) -> String {
    format!(
        "  /pets:
    get:
      tags: [Pets]
      operationId: getPets
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {response}}}}}"
    )
}

fn union<'a>(api: &'a Api, name: &str) -> &'a Union {
    match api.type_def(name).map(|d| &d.kind) {
        Some(TypeKind::Union(union)) => union,
        other => panic!("{name} is {other:?}"),
    }
}

/// (variant name, Rust type as a string, tags)
fn variants(union: &Union) -> Vec<(String, Type, Vec<String>)> {
    union
        .variants
        .iter()
        .map(|v| (v.rust_name.clone(), v.ty.clone(), v.tags.clone()))
        .collect()
}

const PETS: &str = "    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
        - $ref: '#/components/schemas/Lizard'
      discriminator:
        propertyName: petType
        mapping: {cat: '#/components/schemas/Cat', kitty: Cat, dog: '#/components/schemas/Dog'}
    Cat: {type: object, required: [petType], properties: {petType: {type: string}}}
    Dog: {type: object, properties: {bark: {type: string}}}
    Lizard: {type: object, properties: {scales: {type: integer}}}";

fn named(name: &str) -> Type {
    Type::Named(name.to_owned())
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

#[test]
fn a_discriminator_tags_the_union_by_its_mapping_or_the_schema_name() {
    let (api, warnings) = lower(&receiving("{$ref: '#/components/schemas/Pet'}"), PETS);
    assert!(warnings.0.is_empty(), "{warnings}");
    let pet = union(&api, "Pet");
    assert_eq!(pet.tagging, Tagging::Tagged("petType".to_owned()));
    assert_eq!(
        variants(pet),
        [
            ("Cat".to_owned(), named("Cat"), strings(&["cat", "kitty"])),
            ("Dog".to_owned(), named("Dog"), strings(&["dog"])),
            ("Lizard".to_owned(), named("Lizard"), strings(&["Lizard"])),
        ]
    );
    // Received only: decoding is generated, and so is encoding (as for structs).
    let serde = api.type_def("Pet").map(|d| d.serde);
    assert_eq!(
        serde,
        Some(SerdeUse {
            serialize: false,
            deserialize: true
        })
    );
    assert!(
        api.type_def("Cat")
            .is_some_and(|d| d.used_by.contains("pets"))
    );
}

#[test]
fn without_a_discriminator_or_with_inline_alternatives_it_is_untagged_and_named_by_type() {
    let (api, warnings) = lower(
        &receiving("{$ref: '#/components/schemas/Mixed'}"),
        "    Mixed:
      discriminator: {propertyName: kind}
      oneOf:
        - {type: string}
        - {type: string, format: date-time}
        - {type: integer, title: Unknown}
        - {type: array, items: {type: number}}
        - {type: object, additionalProperties: {type: boolean}}
        - {type: object, additionalProperties: true}
        - {type: object, nullable: true}
        - {type: object, properties: {a: {type: string}}}
        - {type: object, properties: {b: {type: string}}}
        - {type: 'null'}
        - {required: [a]}
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Cat'
    Cat: {type: object, properties: {name: {type: string}}}",
    );
    assert!(warnings.0.is_empty(), "{warnings}");
    let value = union(&api, "Mixed");
    assert_eq!(value.tagging, Tagging::Untagged);
    let names: Vec<(String, Type)> = variants(value)
        .into_iter()
        .map(|(n, t, _)| (n, t))
        .collect();
    let map = |t: Type| Type::Map(Box::new(t));
    assert_eq!(
        names,
        [
            ("String".to_owned(), Type::String),
            ("DateTime".to_owned(), Type::DateTime),
            ("Unknown2".to_owned(), Type::I64),
            ("NumberList".to_owned(), Type::Array(Box::new(Type::F64))),
            ("BooleanMap".to_owned(), map(Type::Bool)),
            ("Object".to_owned(), map(Type::Any)),
            ("Object2".to_owned(), named("MixedObject")),
            ("Object3".to_owned(), named("MixedObject2")),
            ("Cat".to_owned(), named("Cat")),
        ]
    );
}

#[test]
fn nullable_unions_make_optional_fields_and_one_alternative_is_that_type() {
    let (api, warnings) = lower(
        &receiving("{$ref: '#/components/schemas/Holder'}"),
        "    Holder:
      type: object
      required: [a, b, c, d]
      properties:
        a: {anyOf: [{type: 'null'}, {$ref: '#/components/schemas/Cat'}]}
        b: {oneOf: [{type: string}, {type: integer}], nullable: true}
        c: {$ref: '#/components/schemas/MaybeId'}
        d: {oneOf: [{type: string}, {type: integer}]}
    MaybeId: {oneOf: [{type: string}, {type: integer, nullable: true}]}
    Cat: {type: object, properties: {name: {type: string}}}",
    );
    assert!(warnings.0.is_empty(), "{warnings}");
    let Some(TypeKind::Struct { fields, .. }) = api.type_def("Holder").map(|d| &d.kind) else {
        panic!("Holder is a struct")
    };
    let shape: Vec<(&str, &Type, bool)> = fields
        .iter()
        .map(|f| (f.wire_name.as_str(), &f.ty, f.required))
        .collect();
    assert_eq!(
        shape,
        [
            ("a", &named("Cat"), false),
            ("b", &named("HolderB"), false),
            ("c", &named("MaybeId"), false),
            ("d", &named("HolderD"), true),
        ]
    );
}

#[test]
fn unions_in_cycles_are_boxed_and_parameters_are_text() {
    let paths = "  /trees:
    get:
      tags: [Trees]
      operationId: getTrees
      parameters:
        - {name: size, in: query, schema: {oneOf: [{type: string}, {type: integer}]}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Tree'}}}";
    let (api, warnings) = lower(
        paths,
        "    Tree: {oneOf: [{$ref: '#/components/schemas/Leaf'}, {$ref: '#/components/schemas/Branch'}]}
    Leaf: {type: object, properties: {value: {type: string}}}
    Branch: {type: object, required: [left], properties: {left: {$ref: '#/components/schemas/Tree'}}}",
    );
    assert!(warnings.0.is_empty(), "{warnings}");
    let boxed: Vec<(&str, bool)> = union(&api, "Tree")
        .variants
        .iter()
        .map(|v| (v.rust_name.as_str(), v.boxed))
        .collect();
    assert_eq!(boxed, [("Leaf", false), ("Branch", true)]);
    let (_, op) = api.operations().next().expect("an operation");
    assert_eq!(op.params[0].ty, Type::String);
    assert!(
        api.type_def("GetTreesSize").is_none(),
        "no type for a text parameter"
    );
}

#[test]
fn what_cannot_be_typed_still_degrades_with_a_located_warning() {
    let (api, warnings) = lower(
        &receiving("{$ref: '#/components/schemas/Holder'}"),
        "    Holder:
      type: object
      properties:
        not: {not: {type: string}}
        untyped: {oneOf: [{required: [a]}, {required: [b]}]}",
    );
    let Some(TypeKind::Struct { fields, .. }) = api.type_def("Holder").map(|d| &d.kind) else {
        panic!("Holder is a struct")
    };
    assert!(fields.iter().all(|f| f.ty == Type::Any), "{fields:?}");
    let located: Vec<(&str, Cause)> = warnings
        .0
        .iter()
        .map(|d| (d.pointer.as_str(), d.cause))
        .collect();
    assert_eq!(
        located,
        [
            (
                "/components/schemas/Holder/properties/not",
                Cause::UnionSchema
            ),
            (
                "/components/schemas/Holder/properties/untyped",
                Cause::UnionSchema
            ),
        ]
    );
}

#[test]
fn the_diff_reports_variants_added_removed_and_retagged() {
    let (old, _) = lower(&receiving("{$ref: '#/components/schemas/Pet'}"), PETS);
    let changed = PETS
        .replace(
            "        - $ref: '#/components/schemas/Lizard'\n",
            "        - $ref: '#/components/schemas/Bird'\n",
        )
        .replace("kitty: Cat, ", "")
        + "\n    Bird: {type: object, properties: {wings: {type: integer}}}";
    let (new, _) = lower(&receiving("{$ref: '#/components/schemas/Pet'}"), &changed);
    let d = diff::diff(&old, &new);
    let pet: Vec<(Impact, String)> = d
        .changes
        .iter()
        .filter(|c| c.subject.to_string().contains("Pet"))
        .map(|c| (c.class, c.description()))
        .collect();
    assert_eq!(
        pet,
        [
            (
                Impact::Breaking,
                "union variant `Lizard` removed".to_owned()
            ),
            (
                Impact::Breaking,
                "discriminator values of union variant `Cat`: removed `kitty`".to_owned()
            ),
            (Impact::Additive, "union variant `Bird` added".to_owned()),
        ]
    );
    let untagged = PETS.replace("      discriminator:\n        propertyName: petType\n        mapping: {cat: '#/components/schemas/Cat', kitty: Cat, dog: '#/components/schemas/Dog'}\n", "");
    let (new, _) = lower(&receiving("{$ref: '#/components/schemas/Pet'}"), &untagged);
    let d = diff::diff(&old, &new);
    let descriptions: Vec<String> = d.changes.iter().map(|c| c.description()).collect();
    assert_eq!(
        descriptions,
        ["union changed from tagged by `petType` to untagged"]
    );
}

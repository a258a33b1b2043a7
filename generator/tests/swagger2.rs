//! Swagger 2.0 input: the real 2018 Genesys spec read as Swagger 2.0 lowers to the same model as its OpenAPI 3.0
//! conversion (swagger2openapi 7 `--patch`): the same operations (paths, parameters, bodies, responses,
//! permissions, preview and deprecation), the same types and the same groups. Every difference is named.

mod support;

use std::collections::BTreeMap;
use std::fmt::Debug;

use genesys_codegen::model::{Api, Group, Operation, Permissions, TypeDef};
use genesys_codegen::{Config, load_api};
use support::unpack_full_spec;

fn lowered(name: &str, dir: &std::path::Path) -> Api {
    let config = Config::new(unpack_full_spec(name, dir));
    load_api(&config)
        .unwrap_or_else(|d| panic!("{name}: {d}"))
        .0
}

/// `what: field differs` for each field that differs, with both values.
fn compare<T: PartialEq + Debug>(
    out: &mut Vec<String>,
    what: &str,
    field: &str,
    oas3: &T,
    swagger2: &T,
) {
    if oas3 != swagger2 {
        out.push(format!(
            "{what}: {field} differs\n  oas3:     {oas3:?}\n  swagger2: {swagger2:?}"
        ));
    }
}

/// [`compare`] for each named field of `a` and `b`.
macro_rules! compare_fields {
    ($out:ident, $what:ident, $a:ident, $b:ident, $($field:ident),+) => {
        $(compare(&mut $out, &$what, stringify!($field), &$a.$field, &$b.$field);)+
    };
}

/// Both sides of a keyed collection: what only one side has, and the pairs.
fn pair<'a, T>(
    out: &mut Vec<String>,
    kind: &str,
    oas3: impl Iterator<Item = (String, &'a T)>,
    swagger2: impl Iterator<Item = (String, &'a T)>,
) -> Vec<(String, &'a T, &'a T)> {
    let oas3: BTreeMap<_, _> = oas3.collect();
    let mut swagger2: BTreeMap<_, _> = swagger2.collect();
    let mut pairs = Vec::new();
    for (key, a) in oas3 {
        match swagger2.remove(&key) {
            Some(b) => pairs.push((key, a, b)),
            None => out.push(format!("{kind} {key}: only in the OpenAPI 3.0 file")),
        }
    }
    out.extend(
        swagger2
            .into_keys()
            .map(|key| format!("{kind} {key}: only in the Swagger 2.0 file")),
    );
    pairs
}

fn differences(oas3: &Api, swagger2: &Api) -> Vec<String> {
    let mut out = Vec::new();
    let what = "api";
    compare_fields!(out, what, oas3, swagger2, title, version, server_url);
    fn groups(api: &Api) -> impl Iterator<Item = (String, &Group)> {
        api.groups.iter().map(|g| (g.tag.clone(), g))
    }
    for (tag, a, b) in pair(&mut out, "group", groups(oas3), groups(swagger2)) {
        let what = format!("group {tag}");
        compare_fields!(out, what, a, b, api_name, module, description);
    }
    fn operations(api: &Api) -> impl Iterator<Item = (String, &Operation)> {
        api.operations()
            .map(|(g, o)| (format!("{}::{}", g.module, o.method_name), o))
    }
    for (name, a, b) in pair(
        &mut out,
        "operation",
        operations(oas3),
        operations(swagger2),
    ) {
        let what = format!("operation {name}");
        compare_fields!(
            out,
            what,
            a,
            b,
            fn_name,
            type_name,
            http_method,
            path,
            summary,
            description,
            params,
            body,
            response,
            permissions,
            preview,
            deprecation,
            pagination,
            pointer
        );
    }
    fn types(api: &Api) -> impl Iterator<Item = (String, &TypeDef)> {
        api.types.iter().map(|t| (t.rust_name.clone(), t))
    }
    for (name, a, b) in pair(&mut out, "type", types(oas3), types(swagger2)) {
        compare(&mut out, &format!("type {name}"), "definition", a, b);
    }
    out
}

#[test]
fn the_2018_swagger2_file_lowers_to_the_model_of_its_openapi3_conversion() {
    let dir = tempfile::tempdir().unwrap();
    let swagger2 = lowered("genesys-platform-api-2018-03.swagger2.json", dir.path());
    let oas3 = lowered("genesys-platform-api-2018-03.oas3.json", dir.path());

    let differences = differences(&oas3, &swagger2);
    assert!(
        differences.is_empty(),
        "{} difference(s) between the models of the two files:\n{}",
        differences.len(),
        differences.join("\n")
    );
    // The comparison covered the whole API, and nothing else differs.
    assert_eq!(swagger2.operations().count(), 932);
    assert_eq!(swagger2.groups.len(), 40);
    assert!(swagger2.types.len() >= 822);
    let with_permissions = swagger2
        .operations()
        .filter(|(_, o)| o.permissions != Permissions::None)
        .count();
    assert_eq!(
        with_permissions, 603,
        "x-inin-requires-permissions was lost"
    );
    assert_eq!(oas3, swagger2);
}

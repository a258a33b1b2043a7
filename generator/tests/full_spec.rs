//! The generator on a real, full Genesys Platform API spec (932 operations in 40 groups, 822 schemas), with its
//! real defects: every operation and every schema is in the model and in the output, the only warnings are the
//! known ones, and the generated crate compiles without warnings — here for three small groups behind their
//! features, which a CI run can afford (`xtask/bench/compile_full.sh` compiles all of it).
//!
//! The spec is the committed fixture `tests/fixtures/full-spec/genesys-platform-api-2018-03.oas3.json.gz` (see
//! `support`). The check builds in `target/full-spec-check`, so the dependencies (reqwest and the rest) are built
//! once and reused by later runs.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use std::{env, fs};

use genesys_codegen::diagnostics::pointer_segment;
use genesys_codegen::model::{ResponseEncoding, Type, TypeKind};
use genesys_codegen::{Config, RuntimePath, Scaffold};
use support::unpack_full_spec;

/// The groups compiled by the test: small ones, each with models of its own.
const CHECKED_FEATURES: &[&str] = &["billing", "utilities", "locations"];

/// The spec's known defects, reported as warnings: (what the message says, where).
const KNOWN_WARNINGS: &[(&str, &str)] = &[
    // A path parameter declared on a path without that segment: dropped.
    (
        "path parameter `scriptId` does not appear in the path `/api/v2/scripts/published`",
        "/paths/~1api~1v2~1scripts~1published/get/parameters/0",
    ),
];

const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is a workspace member")
        .to_path_buf()
}

#[test]
fn the_full_spec_generates_a_complete_crate_that_compiles_without_warnings() {
    let spec_dir = tempfile::tempdir().unwrap();
    let spec_path = unpack_full_spec("genesys-platform-api-2018-03.oas3.json", spec_dir.path());
    let root = workspace_root();
    let runtime = fs::canonicalize(root.join("generated-client")).expect("the runtime crate");

    let mut config = Config::new(&spec_path);
    config.runtime = RuntimePath::External("genesys_cloud".to_owned());
    config.crate_name = "genesys-cloud-api".to_owned();
    config.scaffold = Some(Scaffold {
        runtime_dependency: format!("path = {:?}", runtime.to_string_lossy()),
    });

    let started = Instant::now();
    let generated = genesys_codegen::generate(&config).unwrap_or_else(|d| panic!("{d}"));
    eprintln!(
        "generated {} files in {:.1?}",
        generated.files.len(),
        started.elapsed()
    );

    // Every operation of the spec, by method and path.
    let spec: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&spec_path).unwrap()).unwrap();
    let mut expected_ops = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in HTTP_METHODS {
            if item.get(*method).is_some() {
                expected_ops.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    let ops: BTreeSet<(String, String)> = generated
        .api
        .operations()
        .map(|(_, op)| (op.http_method.as_str().to_owned(), op.path.clone()))
        .collect();
    assert_eq!(expected_ops.len(), 932, "the spec changed");
    assert_eq!(
        generated.api.operations().count(),
        expected_ops.len(),
        "an operation is missing or duplicated"
    );
    let missing: Vec<_> = expected_ops.difference(&ops).collect();
    assert!(missing.is_empty(), "operations missing: {missing:?}");
    assert_eq!(generated.api.groups.len(), 40);

    // Every component schema, as a named type of the model and an item of `models.rs`.
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.len(), 822, "the spec changed");
    let models = &generated
        .files
        .iter()
        .find(|f| f.path == "src/generated/models.rs")
        .expect("models.rs")
        .contents;
    let mut missing = Vec::new();
    for name in schemas.keys() {
        let pointer = format!("/components/schemas/{}", pointer_segment(name));
        let Some(def) = generated
            .api
            .types
            .iter()
            .find(|t| t.pointer == pointer && t.schema_name() == Some(name))
        else {
            missing.push(format!("{name}: not in the model"));
            continue;
        };
        let declaration = match def.kind {
            TypeKind::Struct { .. } => format!("pub struct {} {{", def.rust_name),
            TypeKind::Enum { .. } | TypeKind::Union(_) => format!("pub enum {} {{", def.rust_name),
            TypeKind::Alias(_) => format!("pub type {} =", def.rust_name),
        };
        if !models.contains(&declaration) {
            missing.push(format!("{name}: no `{declaration}` in models.rs"));
        }
    }
    assert!(
        missing.is_empty(),
        "schemas missing:\n{}",
        missing.join("\n")
    );

    // Only the known defects.
    let warnings: Vec<_> = generated.warnings.warnings().collect();
    eprintln!("{} warning(s):", warnings.len());
    for warning in &warnings {
        eprintln!("{warning}\n");
    }
    let unknown: Vec<String> = warnings
        .iter()
        .filter(|w| {
            !KNOWN_WARNINGS
                .iter()
                .any(|(message, pointer)| w.message.contains(message) && w.pointer == *pointer)
        })
        .map(ToString::to_string)
        .collect();
    assert!(
        unknown.is_empty(),
        "unexpected warnings:\n{}",
        unknown.join("\n\n")
    );
    assert!(
        warnings.iter().any(|w| w.message.contains("scriptId")),
        "the `scriptId` defect is no longer reported"
    );
    // The two template downloads are described as `text/plain`: they return the text.
    let downloads: Vec<_> = generated
        .api
        .operations()
        .filter(|(_, op)| op.path.ends_with("templates/{fileName}"))
        .map(|(_, op)| (op.response.clone(), op.response_encoding))
        .collect();
    assert_eq!(
        downloads,
        vec![(Some(Type::String), ResponseEncoding::Text); 2],
        "the text/plain downloads"
    );

    // Write the crate and check part of it, warnings denied.
    let out = tempfile::tempdir().unwrap();
    for file in &generated.files {
        let path = out.path().join(&file.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &file.contents).unwrap();
    }
    for feature in CHECKED_FEATURES {
        assert!(
            generated.api.groups.iter().any(|g| g.module == *feature),
            "no group `{feature}`"
        );
    }
    // The workspace's lock file: the same dependency versions, no registry look-up.
    fs::copy(root.join("Cargo.lock"), out.path().join("Cargo.lock")).unwrap();
    let target_dir = env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("full-spec-check");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let output = Command::new(cargo)
        .current_dir(out.path())
        .args(["check", "--no-default-features", "--features"])
        .arg(CHECKED_FEATURES.join(","))
        .args(["--message-format", "short"])
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!(
        "cargo check --features {} took {:.1?}",
        CHECKED_FEATURES.join(","),
        started.elapsed()
    );
    assert!(
        output.status.success(),
        "the generated crate does not compile cleanly:\n{stderr}"
    );
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(
        warnings.is_empty(),
        "the generated crate has warnings:\n{stderr}"
    );
}

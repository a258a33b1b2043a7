//! Bad specs get located, actionable errors, all at once, and never a panic.

use std::fs;
use std::path::Path;

use genesys_codegen::{Config, Diagnostics, Severity, generate};

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).expect("write fixture");
}

fn errors_of(spec: &Path) -> Diagnostics {
    match generate(&Config::new(spec)) {
        Ok(_) => panic!("expected the spec at {} to be rejected", spec.display()),
        Err(d) => d,
    }
}

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: v2}\n";

#[test]
fn reports_every_problem_with_file_pointer_and_help() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a.yaml",
        &format!(
            "{HEADER}paths:
  /api/v2/rooms/{{roomId}}:
    get:
      tags: [Chat]
      operationId: getRoom
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Missing'}}
  /api/v2/rooms:
    get:
      tags: [Chat]
      operationId: getRoom
      responses: {{'204': {{description: ok}}}}
components:
  schemas:
    Room:
      type: object
      properties:
        owner: {{$ref: '#/components/schemas/Nobody'}}
"
        ),
    );
    let diagnostics = errors_of(dir.path());
    let text = diagnostics.to_string();
    let errors: Vec<_> = diagnostics
        .0
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(!errors.is_empty(), "{text}");
    // A reference that resolves nowhere degrades only the field that uses it.
    assert!(
        diagnostics.0.iter().any(|d| d.severity == Severity::Warning
            && d.message
                == "`$ref: #/components/schemas/Nobody` does not resolve; typed as any JSON value"),
        "{text}"
    );
    assert!(
        text.contains("#/components/schemas/Room/properties/owner"),
        "{text}"
    );
    assert!(
        text.contains("method name `getRoom` is also used by"),
        "{text}"
    );
    assert!(
        text.contains("a.yaml"),
        "every diagnostic names its file: {text}"
    );
    assert!(
        diagnostics.0.iter().all(|d| d.help.is_some()),
        "every diagnostic says how to fix it: {text}"
    );
    // The missing path parameter becomes a required string argument, and says so.
    assert!(
        text.contains("no path parameter `roomId` is declared; it is taken as a required string"),
        "{text}"
    );
}

#[test]
fn clashes_between_files_name_both_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let op = "paths:\n  /api/v2/x:\n    get:\n      tags: [X]\n      operationId: getX\n      responses: {'204': {description: ok}}\n";
    write(
        dir.path(),
        "one.yaml",
        &format!("{HEADER}{op}components:\n  schemas:\n    Thing: {{type: string}}\n"),
    );
    write(
        dir.path(),
        "two.yaml",
        &format!("{HEADER}{op}components:\n  schemas:\n    Thing: {{type: integer}}\n"),
    );
    let text = errors_of(dir.path()).to_string();
    assert!(
        text.contains("operation `GET /api/v2/x` is defined twice"),
        "{text}"
    );
    assert!(
        text.contains("`Thing` is defined differently here and in"),
        "{text}"
    );
    assert!(
        text.contains("one.yaml") && text.contains("two.yaml"),
        "{text}"
    );
}

#[test]
fn unreadable_and_malformed_input_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: &[(&str, &[u8])] = &[
        ("empty.yaml", b""),
        ("binary.yaml", &[0xff, 0xfe, 0x00, 0x01]),
        ("list.json", b"[1, 2, 3]"),
        ("truncated.json", b"{\"openapi\": \"3.0.3\", \"info\": {"),
        (
            "wrong-type.yaml",
            b"openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {/x: {get: {responses: 7}}}\n",
        ),
        ("tabs.yaml", b"openapi: 3.0.3\n\tinfo: x\n"),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).expect("write");
        let text = errors_of(&path).to_string();
        assert!(text.contains(name), "{name}: {text}");
        assert!(text.starts_with("error: "), "{name}: {text}");
    }
    let text = errors_of(&dir.path().join("does-not-exist")).to_string();
    assert!(text.contains("cannot read the spec"), "{text}");
}

#[test]
fn the_structural_error_points_at_the_bad_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.yaml");
    fs::write(&path, format!("{HEADER}paths:\n  /x:\n    get:\n      parameters: [{{name: a, in: nowhere}}]\n      responses: {{}}\n"))
        .expect("write");
    let diagnostics = errors_of(&path);
    let first = &diagnostics.0[0];
    // serde cannot track paths through openapiv3's untagged enums, so the pointer may stop early; the parser's
    // line and column finish the job.
    assert!(first.pointer.starts_with("/paths"), "{first}");
    assert!(
        first.message.contains("unknown variant `nowhere`") && first.message.contains("line 4"),
        "{first}"
    );
}

#[test]
fn unsupported_features_skip_the_operation_with_a_named_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "spec.yaml",
        &format!(
            "{HEADER}paths:
  /api/v2/upload:
    post:
      tags: [Files]
      operationId: postUpload
      parameters:
        - {{name: filter, in: query, schema: {{type: array, items: {{type: object, properties: {{a: {{type: string}}}}}}}}}}
      responses: {{'204': {{description: ok}}}}
  /api/v2/ok:
    get:
      tags: [Files]
      operationId: getOk
      parameters:
        - {{name: session, in: cookie, schema: {{type: string}}}}
      responses: {{'204': {{description: ok}}}}
  /api/v2/fine:
    get:
      tags: [Files]
      operationId: getFine
      responses: {{'204': {{description: ok}}}}
"
        ),
    );
    let generated = generate(&Config::new(dir.path())).expect("warnings do not fail the run");
    let text = generated.warnings.to_string();
    assert!(
        text.contains(
            "operation `postUpload` skipped: parameter `filter` has a type that cannot be sent"
        ),
        "{text}"
    );
    assert!(
        text.contains("operation `getOk` skipped: cookie parameter `session` is not supported"),
        "{text}"
    );
    let names: Vec<&str> = generated
        .api
        .operations()
        .map(|(_, o)| o.method_name.as_str())
        .collect();
    assert_eq!(names, ["getFine"]);

    let mut strict = Config::new(dir.path());
    strict.deny_warnings = true;
    assert!(
        generate(&strict).is_err(),
        "deny_warnings turns them into failures"
    );
}

#[test]
fn output_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features/features.yaml");
    let first = generate(&Config::new(&root))
        .expect("fixture generates")
        .files;
    for _ in 0..3 {
        assert_eq!(
            generate(&Config::new(&root))
                .expect("fixture generates")
                .files,
            first
        );
    }
    assert!(
        first
            .iter()
            .all(|f| f.contents.contains("@generated by genesys-codegen"))
    );
    assert!(
        first
            .iter()
            .all(|f| !f.contents.contains(env!("CARGO_MANIFEST_DIR"))),
        "no absolute paths in output"
    );
}

#[test]
fn the_fixture_warns_about_its_deliberate_defects() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features/features.yaml");
    let generated = generate(&Config::new(&root)).expect("fixture generates");
    let warnings: Vec<String> = generated
        .warnings
        .warnings()
        .map(|w| w.message.clone())
        .collect();
    assert_eq!(
        warnings,
        [
            "the path has `{partId}` but no path parameter `partId` is declared; it is taken as a required string",
            "method name `getThingVersion` collides with another after case conversion; its Rust method is `get_thing_version_2`",
        ]
    );
}

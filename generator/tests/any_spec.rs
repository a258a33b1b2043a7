//! Upstream specs as they are: operations without tags or `operationId`, `$ref`s to any JSON pointer, callbacks,
//! and warnings grouped by cause.

use std::fs;

use genesys_codegen::report::{self, Cause, Summary};
use genesys_codegen::{Config, Generated, Severity, generate};

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: v2}\n";

fn generate_yaml(text: &str) -> Result<Generated, genesys_codegen::Diagnostics> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("spec.yaml");
    fs::write(&path, format!("{HEADER}{text}")).expect("write spec");
    generate(&Config::new(&path))
}

fn method_names(generated: &Generated) -> Vec<(String, String, String)> {
    let mut names: Vec<_> = generated
        .api
        .operations()
        .map(|(g, o)| (g.api_name.clone(), o.method_name.clone(), o.fn_name.clone()))
        .collect();
    names.sort();
    names
}

#[test]
fn untagged_and_unnamed_operations_get_a_group_and_collision_free_names() {
    let generated = generate_yaml(
        "paths:
  /v1/users/{id}/repos:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
  /v1/users/{name}/repos:
    get:
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
  /v1/users:
    post:
      operationId: getV1UsersByIdRepos
      x-purecloud-method-name: postUsers
      responses: {'204': {description: ok}}
    get:
      tags: [Users]
      operationId: get_v1_users_by_id_repos
      responses: {'204': {description: ok}}
",
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let names = method_names(&generated);
    let expect =
        |group: &str, method: &str, f: &str| (group.to_owned(), method.to_owned(), f.to_owned());
    assert_eq!(
        names,
        [
            // Declared names first: a derived one never takes a declared name (compared in snake case).
            expect(
                "GeneralApi",
                "getV1UsersByIdRepos2",
                "get_v1_users_by_id_repos2"
            ),
            expect(
                "GeneralApi",
                "getV1UsersByNameRepos",
                "get_v1_users_by_name_repos"
            ),
            // `x-purecloud-method-name` wins over `operationId`.
            expect("GeneralApi", "postUsers", "post_users"),
            expect(
                "UsersApi",
                "get_v1_users_by_id_repos",
                "get_v1_users_by_id_repos"
            ),
        ]
    );
    assert!(generated.warnings.0.is_empty(), "{}", generated.warnings);
}

#[test]
fn a_spec_whose_operations_all_fail_is_an_error_not_an_empty_crate() {
    let diagnostics = generate_yaml(
        "paths:
  /upload:
    post:
      parameters: [{name: session, in: cookie, schema: {type: string}}]
      responses: {'204': {description: ok}}
",
    )
    .map(|g| g.api.operations().count())
    .expect_err("nothing to generate is an error");
    let error = diagnostics
        .0
        .iter()
        .find(|d| d.severity == Severity::Error)
        .expect("an error");
    assert_eq!(error.cause, Cause::NothingGenerated);
    assert_eq!(
        error.message,
        "none of the spec's 1 operations could be generated"
    );
    assert!(
        diagnostics.0.iter().any(|d| d.cause == Cause::CookieParam
            && d.skipped_operation.as_deref() == Some("postUpload")),
        "the warning that says why is reported with it: {diagnostics}"
    );
}

#[test]
fn references_to_any_pointer_resolve_in_components_and_operations() {
    let generated = generate_yaml(
        "paths:
  /disks/{diskId}:
    get:
      operationId: getDisk
      parameters:
        - {name: diskId, in: path, required: true, schema: {type: string}}
        - {name: unit, in: query, schema: {$ref: '#/components/schemas/Disk/properties/unit'}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Disk'}}}
      callbacks:
        resized: {$ref: '#/components/callbacks/Resized'}
    delete:
      operationId: deleteDisk
      parameters:
        - $ref: '#/paths/~1disks~1%7BdiskId%7D/get/parameters/0'
      responses: {'204': {description: ok}}
components:
  callbacks:
    Resized: {'{$request.body#/url}': {post: {responses: {'204': {description: ok}}}}}
  schemas:
    Disk:
      type: object
      properties:
        unit: {type: string, enum: [kb, mb]}
        filesystem: {type: object, properties: {name: {type: string}}}
    Mount:
      type: object
      properties:
        filesystem: {$ref: '#/components/schemas/Disk/properties/filesystem'}
        broken: {$ref: '#/components/schemas/Disk/properties/nothing'}
",
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let names: Vec<String> = method_names(&generated)
        .into_iter()
        .map(|(_, m, _)| m)
        .collect();
    assert_eq!(names, ["deleteDisk", "getDisk"]);
    let delete = generated
        .api
        .operations()
        .find(|(_, o)| o.method_name == "deleteDisk")
        .map(|(_, o)| o)
        .expect("deleteDisk");
    assert_eq!(delete.params[0].wire_name, "diskId");

    // Only the field with the broken reference is degraded, with one warning; callbacks are a note each.
    let by_cause: Vec<(Severity, Cause, &str)> = generated
        .warnings
        .0
        .iter()
        .map(|d| (d.severity, d.cause, d.pointer.as_str()))
        .collect();
    assert_eq!(
        by_cause,
        [
            (
                Severity::Warning,
                Cause::UnresolvedRef,
                "/components/schemas/Mount/properties/broken"
            ),
            (Severity::Note, Cause::Ignored, "/components/callbacks"),
            (
                Severity::Note,
                Cause::Ignored,
                "/paths/~1disks~1{diskId}/get/callbacks"
            ),
        ]
    );
    let mount = generated.api.type_def("Mount").expect("Mount");
    assert!(
        format!("{:?}", mount.kind).contains("MountFilesystem"),
        "{:?}",
        mount.kind
    );
}

#[test]
fn warnings_of_one_cause_are_grouped_and_the_summary_counts_skips_by_cause() {
    let mut paths = String::from("paths:\n");
    for i in 0..5 {
        paths.push_str(&format!(
            "  /files/{i}:\n    put:\n      operationId: putFile{i}\n      parameters: [{{name: session, in: cookie, schema: {{type: string}}}}]\n      responses: {{'204': {{description: ok}}}}\n"
        ));
    }
    paths.push_str(
        "  /ok:\n    get:\n      operationId: getOk\n      responses: {'204': {description: ok}}\n",
    );
    let generated = generate_yaml(&paths).unwrap_or_else(|d| panic!("{d}"));

    let grouped = report::grouped(&generated.warnings, false);
    assert!(
        grouped.starts_with("warning[cookie-param]: 5 times; the first 3:\n"),
        "{grouped}"
    );
    assert!(
        grouped.contains("… and 2 more (--verbose lists them all)"),
        "{grouped}"
    );
    assert_eq!(
        grouped.matches("operation `putFile").count(),
        3,
        "{grouped}"
    );
    let verbose = report::grouped(&generated.warnings, true);
    assert_eq!(
        verbose.matches("operation `putFile").count(),
        5,
        "{verbose}"
    );

    let summary = Summary::new(&generated.api, &generated.warnings);
    assert_eq!(
        summary.to_string(),
        "generated 1 operations in 1 groups and 0 types; skipped 5 (5 cookie-param); 5 warning(s)"
    );
}

#[test]
fn a_skipped_operation_is_counted_under_the_error_that_skipped_it_not_its_warnings() {
    let generated = generate_yaml(
        "paths:
  /rooms/{roomId}:
    get:
      operationId: getRoom
      parameters: [{name: session, in: cookie, schema: {type: string}}]
      responses: {'204': {description: ok}}
  /ok:
    get:
      operationId: getOk
      responses: {'204': {description: ok}}
",
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let summary = Summary::new(&generated.api, &generated.warnings).to_string();
    assert!(summary.contains("skipped 1 (1 cookie-param)"), "{summary}");
    assert!(
        generated
            .warnings
            .0
            .iter()
            .any(|d| d.cause == Cause::UndeclaredPathParam && d.skipped_operation.is_none()),
        "{}",
        generated.warnings
    );
}

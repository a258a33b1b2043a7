//! `cargo xtask api-diff` end to end, on the ChatApi history fixtures of the generator.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(version: &str) -> String {
    root()
        .join("generator/tests/fixtures/chat-history")
        .join(version)
        .display()
        .to_string()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("api-diff")
        .args(args)
        .current_dir(root())
        .output()
        .expect("xtask runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn text_report_between_two_fixtures() {
    let output = xtask(&[&fixture("002"), &fixture("003")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.ends_with(
            "major version bump for generated-client (2 breaking, 35 additive and 0 documentation-only changes; \
             while it is 0.x: 0.x → 0.(x+1))"
        ),
        "{text}"
    );
    assert!(text.contains("\nChat\n"), "{text}");
    assert!(text.contains(
        "  [additive] getChatsRoom: no longer preview (now generally available) — no longer needs the `preview` feature"
    ));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("  [")).count(),
        37,
        "{text}"
    );
}

#[test]
fn fail_on_breaking_sets_the_exit_code() {
    let breaking = xtask(&["--fail-on", "breaking", &fixture("002"), &fixture("003")]);
    assert_eq!(breaking.status.code(), Some(1), "{}", stderr(&breaking));
    assert!(stdout(&breaking).contains("[breaking]"));
    let same = xtask(&["--fail-on", "breaking", &fixture("003"), &fixture("003")]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert!(stdout(&same).contains("no changes"));
    let any = xtask(&["--fail-on", "any", &fixture("003"), &fixture("003")]);
    assert_eq!(any.status.code(), Some(0));
}

#[test]
fn markdown_report() {
    let output = xtask(&["--format", "markdown", &fixture("000"), &fixture("001")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let md = stdout(&output);
    assert!(md.starts_with("# API changes: "), "{md}");
    assert!(
        md.contains(
            "\n## Chat\n\n### Breaking changes (major)\n\n- `getChatSettings`: operation removed"
        ),
        "{md}"
    );
    assert!(md.contains("\n### Additive changes (minor)\n\n- `deleteChatsRoomMessage`: operation added as a preview"), "{md}");
}

#[test]
fn a_spec_that_does_not_load_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.yaml");
    std::fs::write(
        &broken,
        "openapi: 3.0.3\ninfo: {title: x, version: v2}\npaths: 12\n",
    )
    .expect("write");
    let output = xtask(&[&fixture("003"), &broken.display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("error: the new spec") && err.contains("failed to load"),
        "{err}"
    );
    let missing = xtask(&["no/such/spec", &fixture("003")]);
    assert!(
        stderr(&missing).contains("the old spec no/such/spec does not exist"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn base_revision_against_the_working_tree() {
    let bad = xtask(&["--base", "no-such-revision-xyz"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("cannot list spec/ at no-such-revision-xyz"),
        "{}",
        stderr(&bad)
    );

    let output = xtask(&["--base", "HEAD"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("API diff spec/ at HEAD → spec/ (working tree): "),
        "{}",
        stdout(&output)
    );

    let both = xtask(&["--base", "HEAD", &fixture("002"), &fixture("003")]);
    assert!(!both.status.success());
}

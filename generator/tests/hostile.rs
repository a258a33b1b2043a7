//! Hostile specs: spec text never becomes code, and names that cannot be made safe are refused with a located error.
//!
//! Every position where spec text reaches the generated crate (doc comments, Markdown pages, file headers,
//! `Cargo.toml`) gets hostile strings: code fences, indented code, list-item code, HTML, table pipes, backticks,
//! bare CRs. Then every doc comment and page is parsed with `pulldown-cmark` (the parser rustdoc uses), and it must
//! hold exactly the code blocks the generator writes itself: one `no_run` example per operation method in rustdoc,
//! a signature and an example per operation in Markdown.

use std::fs;
use std::path::Path;

use genesys_codegen::{Config, GeneratedFile, generate};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use serde_json::{Value, json};

/// Multi-line hostile text, for descriptions, summaries and titles.
const PROSE: &[&str] = &[
    "```\nfn main() { std::process::exit(1) }\n```",
    "```rust\nassert!(false);",
    "~~~\npanic!()\n~~~",
    "intro\n\n    indented_code();\n",
    "-     list_item_code();\n1.\tcode()",
    ">     quoted_code();",
    "<script>alert(1)</script>\n<pre>\ncode\n</pre>",
    "a\rbare CR\r\n    after_cr();",
    "|a|b|\n|---|---|\n|`x`|```y```|",
    "[link](javascript:alert(1)) `` ` `` ``` inline ```",
    "\u{0}\u{7}\u{1b}[31m control \u{7f}",
    "bidi \u{202E} override \u{2066} isolate \u{2069}",
];

/// Single-line hostile names, for tags, paths, method names, parameter names, defaults, enum values, schema and
/// property names and permissions. (Braces would make path parameters.)
const NAMES: &[&str] = &[
    "a```b",
    "~~~",
    "    x",
    "-     y",
    "<b>z</b>",
    "p|q",
    "`",
    "``` assert!(false) ```",
    "é ü 名前",
    "r\u{202E}l",
];

/// A spec with `prose` and `name` in every position spec text can reach the output.
fn spec(prose: &str, name: &str) -> Value {
    // `$ref` resolution does not unescape `~0`/`~1` (yet), so the schema name keeps those two characters out.
    let schema = format!("S{}", name.replace(['~', '/'], "-"));
    let reference = format!("#/components/schemas/{schema}");
    let second = format!("{schema}2");
    let tag = format!("T{name}");
    let permissions = json!({"type": "ANY", "permissions": [format!("chat:{name}:view")]});
    json!({
        "openapi": "3.0.3",
        "info": {"title": prose, "version": prose},
        "servers": [{"url": format!("https://example.com/{name}")}],
        "tags": [{"name": tag, "description": prose}],
        "paths": {
            format!("/api/v2/{name}/{{id}}"): {
                "get": {
                    "tags": [tag],
                    "operationId": format!("get{name}"),
                    "summary": prose,
                    "description": prose,
                    "x-inin-requires-permissions": permissions,
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "description": prose,
                         "schema": {"type": "string"}},
                        {"name": format!("q{name}"), "in": "query", "description": prose,
                         "schema": {"type": "string", "default": format!("d{name}"),
                                    "enum": [format!("d{name}"), format!("v{name}")]}},
                        {"name": format!("s{name}"), "in": "query", "description": prose,
                         "schema": {"type": "string", "default": name}},
                        {"name": format!("h{name}"), "in": "header", "required": true, "description": prose,
                         "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": prose,
                        "content": {"application/json": {"schema": {"$ref": reference}}}}}
                },
                "post": {
                    "tags": [tag],
                    "operationId": format!("post{name}"),
                    "summary": prose,
                    "x-inin-requires-permissions": permissions,
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "description": prose,
                        "content": {"application/json": {"schema": {"$ref": reference}}}},
                    "responses": {"204": {"description": prose}}
                }
            }
        },
        "components": {"schemas": {
            schema: {
                "type": "object",
                "description": prose,
                "required": [format!("r{name}")],
                "properties": {
                    format!("r{name}"): {"type": "string", "description": prose},
                    format!("e{name}"): {"type": "string", "description": prose,
                                          "enum": [format!("a{name}"), format!("b{name}")]},
                    format!("n{name}"): {"type": "object", "description": prose,
                                          "properties": {"x": {"type": "integer", "description": prose}}},
                    format!("u{name}"): {"description": prose, "oneOf": [
                        {"type": "string", "title": name, "description": prose}, {"type": "integer", "title": name}]},
                    format!("t{name}"): {"description": prose,
                        "oneOf": [{"$ref": reference}, {"$ref": format!("{reference}2")}],
                        "discriminator": {"propertyName": format!("k{name}"),
                                          "mapping": {format!("m{name}"): format!("{reference}2"), name: reference}}}
                }
            },
            second: {"type": "object", "description": prose,
                                   "properties": {format!("k{name}"): {"type": "string", "description": prose}}}
        }}
    })
}

fn generate_spec(dir: &Path, file_name: &str, spec: &Value) -> Result<Vec<GeneratedFile>, String> {
    let path = dir.join(file_name);
    let text = serde_json::to_string_pretty(spec).map_err(|e| e.to_string())?;
    fs::write(&path, text).map_err(|e| e.to_string())?;
    let mut config =
        Config::standalone(&path, "hostile-client", "path = \"../runtime\"".to_owned());
    config.deny_warnings = true;
    generate(&config)
        .map(|generated| generated.files)
        .map_err(|d| d.to_string())
}

/// The code blocks of one Markdown text: (fenced info string, or `None` for an indented block; first line).
fn code_blocks(markdown: &str) -> Vec<(Option<String>, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(markdown, Options::all()) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.to_string()),
                    CodeBlockKind::Indented => None,
                };
                open = Some((info, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, first)) = open.as_mut().filter(|(_, f)| f.is_empty()) {
                    first.push_str(text.lines().next().unwrap_or(""));
                }
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => blocks.extend(open.take()),
            _ => {}
        }
    }
    blocks
}

/// Raw HTML a Markdown text contains.
fn html(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, Options::all())
        .filter_map(|event| match event {
            Event::Html(h) | Event::InlineHtml(h) => Some(h.to_string()),
            _ => None,
        })
        .collect()
}

/// The doc comments of a generated Rust file, one text per documented item (consecutive `///` or `//!` lines).
fn doc_comments(source: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut marker = "";
    for line in source.lines().map(str::trim_start) {
        let this = ["//!", "///"].into_iter().find(|m| line.starts_with(m));
        match this {
            Some(m) if current.is_empty() || m == marker => {
                marker = m;
                let text = &line[m.len()..];
                current.push(text.strip_prefix(' ').unwrap_or(text));
            }
            _ => {
                if !current.is_empty() {
                    docs.push(current.join("\n"));
                    current.clear();
                }
                if let Some(m) = this {
                    marker = m;
                    let text = &line[m.len()..];
                    current.push(text.strip_prefix(' ').unwrap_or(text));
                }
            }
        }
    }
    if !current.is_empty() {
        docs.push(current.join("\n"));
    }
    docs
}

/// Checks one generated crate: its doc comments and pages hold exactly the generator's code blocks and no HTML
/// beyond its anchors, its Rust parses, no file has a CR, and the file headers are three comment lines.
fn assert_inert(files: &[GeneratedFile], operations: usize, case: &str) {
    let mut rustdoc_blocks = Vec::new();
    let mut page_blocks = Vec::new();
    for file in files {
        let contents = &file.contents;
        assert!(!contents.contains('\r'), "{case}: CR in {}", file.path);
        // rustc refuses bidirectional-text controls in comments and literals.
        assert!(
            !contents.contains(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
            "{case}: a bidirectional-text control in {}",
            file.path
        );
        if file.path.ends_with(".rs") {
            if let Err(e) = syn::parse_file(contents) {
                panic!("{case}: {} does not parse: {e}\n{contents}", file.path);
            }
            assert!(
                !contents
                    .lines()
                    .map(str::trim_start)
                    // `#[doc(alias = "…")]` is a search alias (a string literal), not documentation text.
                    .filter(|l| !l.starts_with("#[doc(alias = "))
                    .any(|l| l.starts_with("#[doc") || l.starts_with("#![doc")),
                "{case}: a doc attribute not printed as a comment in {}",
                file.path
            );
            let header: Vec<&str> = contents.lines().take_while(|l| !l.is_empty()).collect();
            assert_eq!(
                header.len(),
                3,
                "{case}: header of {}: {header:?}",
                file.path
            );
            for doc in doc_comments(contents) {
                assert_eq!(
                    html(&doc),
                    Vec::<String>::new(),
                    "{case}: HTML in {}:\n{doc}",
                    file.path
                );
                rustdoc_blocks.extend(code_blocks(&doc));
            }
        } else if file.path.ends_with(".md") {
            let (header, page) = contents.split_once("\n-->\n").expect("a header comment");
            assert_eq!(
                header.lines().count(),
                4,
                "{case}: header of {}: {header:?}",
                file.path
            );
            for h in html(page) {
                assert!(
                    h.starts_with("<a name=\"") || h == "</a>",
                    "{case}: HTML {h:?} in {}",
                    file.path
                );
            }
            page_blocks.extend(code_blocks(page));
        } else if file.path == "Cargo.toml" {
            let header: Vec<&str> = contents
                .lines()
                .take_while(|l| l.starts_with('#'))
                .collect();
            assert_eq!(header.len(), 3, "{case}: header of Cargo.toml: {header:?}");
        }
    }
    if rustdoc_blocks.len() != operations {
        for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
            eprintln!("== {}\n{}", file.path, file.contents);
        }
    }
    assert_eq!(
        rustdoc_blocks.len(),
        operations,
        "{case}: rustdoc code blocks {rustdoc_blocks:#?}"
    );
    for (info, first) in &rustdoc_blocks {
        assert_eq!(info.as_deref(), Some("no_run"), "{case}");
        assert_eq!(
            first, "# async fn example() -> Result<(), Box<dyn std::error::Error>> {",
            "{case}"
        );
    }
    assert_eq!(
        page_blocks.len(),
        2 * operations,
        "{case}: Markdown code blocks {page_blocks:#?}"
    );
    for (info, _) in &page_blocks {
        assert_eq!(info.as_deref(), Some("rust"), "{case}");
    }
}

#[test]
fn spec_text_never_becomes_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, prose) in PROSE.iter().enumerate() {
        for (j, name) in NAMES.iter().enumerate() {
            let case = format!("prose {prose:?}, name {name:?}");
            let files = generate_spec(dir.path(), &format!("spec{i}-{j}.json"), &spec(prose, name))
                .unwrap_or_else(|e| panic!("{case}: rejected:\n{e}"));
            assert_inert(&files, 2, &case);
        }
    }
}

#[test]
fn a_file_name_cannot_inject_header_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = generate_spec(
        dir.path(),
        "x\n#![doc = \"```\"]\nfn injected() {}.json",
        &spec("p", "n"),
    )
    .expect("generates");
    assert_inert(&files, 2, "file name with newlines");
}

#[test]
fn names_with_control_characters_are_located_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let message =
        generate_spec(dir.path(), "spec.json", &spec("p", "x\n```\nrun()")).expect_err("rejected");
    for what in [
        "tag",
        "path",
        "method name",
        "parameter name",
        "parameter default",
        "permission",
        "schema name",
        "property name",
        "enum value",
    ] {
        assert!(
            message.contains(&format!("{what} \"")),
            "no error for the {what}:\n{message}"
        );
    }
    assert!(message.contains("/paths/~1api~1v2~1x"), "{message}");
    assert!(message.contains("/components/schemas/Sx"), "{message}");
}

fn generate_yaml(dir: &Path, yaml: &str) -> Result<genesys_codegen::Generated, String> {
    let path = dir.join("spec.yaml");
    fs::write(&path, yaml).map_err(|e| e.to_string())?;
    let config = Config::standalone(&path, "client", "path = \"../runtime\"".to_owned());
    generate(&config).map_err(|d| d.to_string())
}

fn operation(tag: &str, id: &str) -> String {
    format!(
        "  /api/v2/{id}:\n    get:\n      tags: ['{tag}']\n      operationId: {id}\n      responses:\n        '200':\n          \
         description: ok\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}}}\n"
    )
}

/// Names the generated code or the runtime's macros use (`rt`, `A`, `D`, `Visitor`, `From`), Cargo's fixed features
/// (`default`, `preview`) and pages whose names differ only in case are never produced from spec names; a models
/// module without enums still imports the runtime its structs use.
#[test]
fn generated_names_avoid_the_reserved_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut yaml = "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n".to_owned();
    for (i, tag) in [
        "default", "preview", "rt", "chat", "CHAT", "C-hat", "Models",
    ]
    .iter()
    .enumerate()
    {
        yaml.push_str(&operation(tag, &format!("op{i}")));
    }
    yaml.push_str("components:\n  schemas:\n");
    for name in ["A", "D", "S", "Visitor", "From"] {
        yaml.push_str(&format!(
            "    {name}:\n      type: object\n      properties:\n        x: {{type: string}}\n"
        ));
    }
    let generated = generate_yaml(dir.path(), &yaml).expect("generates");
    let modules: Vec<&str> = generated
        .api
        .groups
        .iter()
        .map(|g| g.module.as_str())
        .collect();
    for reserved in genesys_codegen::model::names::RESERVED_MODULES {
        assert!(
            !modules.contains(reserved),
            "module {reserved} in {modules:?}"
        );
    }
    let types: Vec<&str> = generated
        .api
        .types
        .iter()
        .map(|t| t.rust_name.as_str())
        .collect();
    assert_eq!(
        types,
        ["AModel", "DModel", "FromModel", "SModel", "VisitorModel"]
    );
    let mut pages: Vec<String> = generated
        .files
        .iter()
        .filter(|f| f.path.ends_with(".md"))
        .map(|f| f.path.to_ascii_lowercase())
        .collect();
    let count = pages.len();
    pages.dedup();
    assert_eq!(
        pages.len(),
        count,
        "pages differing only in case: {pages:?}"
    );
    assert_eq!(count, 8, "a page per group and models.md: {pages:?}");
    let manifest = &generated
        .files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .expect("manifest")
        .contents;
    let features: Vec<&str> = manifest
        .lines()
        .skip_while(|l| *l != "[features]")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split(" = ").next())
        .filter(|f| !f.starts_with('#'))
        .collect();
    let mut unique = features.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        features.len(),
        "duplicate features: {features:?}"
    );
    let models = &generated
        .files
        .iter()
        .find(|f| f.path == "src/generated/models.rs")
        .expect("models")
        .contents;
    assert!(
        models.contains("use ::genesys_cloud::runtime as rt;"),
        "{models}"
    );
}

/// Runs `work` on a thread of its own and fails the test if it takes longer than `seconds` (a hang).
fn within<T: Send + 'static>(seconds: u64, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(work()));
    receive
        .recv_timeout(std::time::Duration::from_secs(seconds))
        .unwrap_or_else(|_| panic!("did not finish within {seconds} s"))
}

/// Schemas that are only aliases of each other (directly, through `allOf`, an array or a map) are located errors,
/// whether used in a body or as a query parameter, instead of a hang or a crate with a cyclic `type`.
#[test]
fn alias_cycles_are_located_errors() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile-alias-cycles.yaml");
    let body = fs::read_to_string(fixture).expect("fixture");
    let query = body.replace(
        "    post:\n      tags: [X]\n      operationId: postX\n      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}",
        "    get:\n      tags: [X]\n      operationId: getX\n      parameters: [{name: q, in: query, schema: {$ref: '#/components/schemas/A'}}]",
    );
    assert_ne!(query, body);
    for spec in [body, query] {
        let message = within(20, move || {
            let dir = tempfile::tempdir().expect("tempdir");
            generate_yaml(dir.path(), &spec).err().unwrap_or_default()
        });
        for (name, cycle) in [
            ("A", "A → B → A"),
            ("C", "C → C"),
            ("D", "D → D"),
            ("E", "E → E"),
            ("M", "M → M"),
        ] {
            assert!(
                message.contains(&format!("({cycle})")),
                "{cycle}:\n{message}"
            );
            assert!(
                message.contains(&format!("#/components/schemas/{name}\n")),
                "{name}:\n{message}"
            );
        }
    }
}

const SMALL: &str = "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\n";

fn codegen(args: Vec<std::ffi::OsString>) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_genesys-codegen"))
        .args(args)
        .output()
        .expect("runs genesys-codegen")
}

/// The binary writes nothing it did not generate: a hand-written `Cargo.toml` stays unless `--force`; a `--name`
/// that is not a package name is refused instead of being written into the manifest.
#[test]
fn the_binary_keeps_hands_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("spec.yaml");
    fs::write(&spec, SMALL).expect("write");
    let out = dir.path().join("out");
    fs::create_dir_all(&out).expect("mkdir");
    fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").expect("write");
    let args = |extra: &[&str]| {
        let mut args: Vec<std::ffi::OsString> = vec![
            "--spec".into(),
            spec.clone().into(),
            "--out".into(),
            out.clone().into(),
        ];
        args.extend(extra.iter().map(Into::into));
        args
    };
    let refused = codegen(args(&[]));
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(
        fs::read_to_string(out.join("Cargo.toml")).expect("read"),
        "[package]\nname = \"mine\"\n"
    );
    let bad_name = codegen(args(&["--force", "--name", "x\"\n[evil]"]));
    assert!(!bad_name.status.success());
    assert!(!out.join("src").exists(), "nothing written for a bad name");
    let forced = codegen(args(&["--force"]));
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert!(
        fs::read_to_string(out.join("Cargo.toml"))
            .expect("read")
            .contains("@generated")
    );
}

/// A link in a spec directory that leads out of it is not read, and a file that is not a spec is quoted only in
/// part.
#[cfg(unix)]
#[test]
fn spec_directories_do_not_follow_links_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = dir.path().join("secret.yaml");
    fs::write(
        &secret,
        format!("not a spec but a secret {}", "s".repeat(5000)),
    )
    .expect("write");
    let spec_dir = dir.path().join("spec");
    fs::create_dir_all(&spec_dir).expect("mkdir");
    fs::write(spec_dir.join("a.yaml"), SMALL).expect("write");
    std::os::unix::fs::symlink(&secret, spec_dir.join("b.yaml")).expect("symlink");
    let message = generate(&Config::new(&spec_dir))
        .expect_err("refused")
        .to_string();
    assert!(message.contains("outside the spec directory"), "{message}");
    assert!(!message.contains("secret"), "{message}");
    let message = generate(&Config::new(&secret))
        .expect_err("refused")
        .to_string();
    assert!(message.len() < 1000, "{message}");
}

/// Small inputs that made a stage quadratic (a 100k-deep YAML flow list, thousands of enum values converting to
/// one name, a cycle of thousands of structs) finish. At full size (20k) they are timed in release by
/// `cargo xtask fuzz`; here they are smaller, so the debug-build test stays fast.
#[test]
fn small_inputs_stay_cheap() {
    let deep = format!(
        "{SMALL}x-deep: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let mut enum_spec = "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\ncomponents:\n  schemas:\n    E:\n      type: string\n      enum:\n".to_owned();
    let punctuation: Vec<char> = "!#$%&()*+,-./:;<=>?@^_|~".chars().collect();
    for i in 0..5_000usize {
        let p = |k: usize| punctuation[(i / punctuation.len().pow(k as u32)) % punctuation.len()];
        enum_spec.push_str(&format!("        - 'a{}{}{}'\n", p(0), p(1), p(2)).replace("''", "'"));
    }
    let mut chain = "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /api/v2/x:\n    get:\n      tags: [X]\n      operationId: getX\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}\ncomponents:\n  schemas:\n".to_owned();
    for i in 0..5_000 {
        chain.push_str(&format!(
            "    S{i}: {{type: object, properties: {{v: {{type: string}}, next: {{$ref: '#/components/schemas/S{}'}}}}}}\n",
            (i + 1) % 5_000
        ));
    }
    for (name, spec, accepted) in [
        ("deep", deep, false),
        ("enum", enum_spec, true),
        ("chain", chain, true),
    ] {
        let started = std::time::Instant::now();
        let result = within(60, move || {
            let dir = tempfile::tempdir().expect("tempdir");
            generate_yaml(dir.path(), &spec).map(drop)
        });
        assert_eq!(result.is_ok(), accepted, "{name}: {result:?}");
        eprintln!("{name}: {:?}", started.elapsed());
    }
}

/// Malformed input gets a specific, located word: OpenAPI 3.1 is named and refused, a BOM is accepted, parse
/// errors point with JSON pointers, a spec over the size limit is refused before it is read.
#[test]
fn malformed_input_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let v31 = generate_yaml(
        dir.path(),
        "openapi: 3.1.0\ninfo: {title: t, version: v}\npaths: {}\n",
    )
    .expect_err("3.1 refused");
    assert!(
        v31.contains("`openapi: 3.1.0` is not supported: OpenAPI 3.1"),
        "{v31}"
    );
    assert!(v31.contains("spec.yaml#/openapi"), "{v31}");
    generate_yaml(dir.path(), &format!("\u{feff}{SMALL}")).expect("a BOM is fine");
    let bad = generate_yaml(
        dir.path(),
        "openapi: 3.0.3\ninfo: {title: t, version: v}\nservers: [{url: a}, {url: [b]}]\npaths: {}\n",
    )
    .expect_err("bad parameter");
    assert!(bad.contains("#/servers/1/url\n"), "{bad}");
    let unclosed = generate_yaml(
        dir.path(),
        "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /api/v2/{id:\n    get: {tags: [X], operationId: getX, responses: {'204': {description: ok}}}\n",
    )
    .expect("a warning only");
    let warning = unclosed.warnings.to_string();
    assert!(
        warning.contains("unclosed or stray brace") && warning.contains("#/paths/~1api~1v2~1{id"),
        "{warning}"
    );
    let stray = generate_yaml(
        dir.path(),
        "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  api/x: {get: {tags: [X], operationId: getX, responses: {'204': {description: ok}}}}\n  https://example.com/y: {get: {tags: [X], operationId: getY, responses: {'204': {description: ok}}}}\n  /z: {get: {tags: [X], operationId: getZ, responses: {'204': {description: ok}}}}\n",
    )
    .expect("warnings only");
    let warnings = stray.warnings.to_string();
    assert!(warnings.contains("spec.yaml#/paths/api~1x\n"), "{warnings}");
    assert!(
        warnings.contains("spec.yaml#/paths/https:~1~1example.com~1y\n")
            && warnings.contains("the server part in `servers`"),
        "{warnings}"
    );
    let duplicate = generate_yaml(
        dir.path(),
        "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /z: {get: {tags: [X], operationId: getZ, responses: {'204': {description: ok}}}}\n  /z: {get: {tags: [X], operationId: getW, responses: {'204': {description: ok}}}}\n",
    )
    .expect_err("duplicate keys refused");
    assert!(duplicate.contains("duplicate"), "{duplicate}");
    // JSON as well (serde_json alone would keep the last `/z` and lose `getZ` silently).
    let json_path = dir.path().join("spec.json");
    fs::write(
        &json_path,
        r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "v"}, "paths": {
            "/z": {"get": {"tags": ["X"], "operationId": "getZ", "responses": {"204": {"description": "ok"}}}},
            "/z": {"get": {"tags": ["X"], "operationId": "getW", "responses": {"204": {"description": "ok"}}}}}}"#,
    )
    .expect("write");
    let duplicate = generate(&Config::new(&json_path))
        .expect_err("duplicate JSON keys refused")
        .to_string();
    assert!(
        duplicate.contains("duplicate key \"/z\"") && duplicate.contains("line 3"),
        "{duplicate}"
    );
    let path = dir.path().join("big.yaml");
    fs::write(&path, SMALL).expect("write");
    let mut config = Config::new(&path);
    config.max_input_bytes = 10;
    let big = generate(&config).expect_err("too large").to_string();
    assert!(big.contains("more than the limit of 10 bytes"), "{big}");
}

/// Found by `cargo xtask fuzz`: an `allOf` copying the properties of a schema whose property holds that same
/// `allOf` defined new inline types for ever (a stack overflow or a hang); now it is a located error.
#[test]
fn self_copying_all_of_is_a_located_error() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\ncomponents:\n  schemas:\n    E:\n      type: object\n      properties:\n        inner:\n          type: object\n          additionalProperties:\n            allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/E'}]\n    A: {type: object, properties: {x: {type: string}}}\n";
    let message = within(20, move || {
        let dir = tempfile::tempdir().expect("tempdir");
        generate_yaml(dir.path(), yaml).err().unwrap_or_default()
    });
    assert!(message.contains("contains itself"), "{message}");
    assert!(
        message.contains("#/components/schemas/E/properties/inner"),
        "{message}"
    );
}

/// Found by `cargo xtask fuzz`: `allOf` parts that include each other were flattened once per path through them,
/// exponential in their depth (a hang); each is now flattened once, and a cycle is one located error.
#[test]
fn all_of_cycles_flatten_in_linear_time() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\ncomponents:\n  schemas:\n    P: {allOf: [{$ref: '#/components/schemas/P'}, {$ref: '#/components/schemas/E'}]}\n    E: {allOf: [{$ref: '#/components/schemas/P'}, {$ref: '#/components/schemas/R'}]}\n    R:\n      type: object\n      properties:\n        u: {type: object, additionalProperties: {allOf: [{$ref: '#/components/schemas/R'}, {$ref: '#/components/schemas/P'}]}}\n";
    let message = within(20, move || {
        let dir = tempfile::tempdir().expect("tempdir");
        generate_yaml(dir.path(), yaml).err().unwrap_or_default()
    });
    assert!(message.contains("`allOf` references itself"), "{message}");
    assert!(message.contains("#/components/schemas/P\n"), "{message}");
}

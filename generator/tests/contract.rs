//! The generator's [`contract`] against the runtime it generates for: the macro names generated code calls are what
//! the runtime exports, the request methods are exactly what the runtime's macro defines, and the crate and feature
//! names are the runtime manifest's.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use genesys_codegen::contract;
use proc_macro2::{Delimiter, TokenStream, TokenTree};

fn client_file(path: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../generated-client")
        .join(path);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn tokens(path: &str) -> Vec<TokenTree> {
    let stream: TokenStream = client_file(path)
        .parse()
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    stream.into_iter().collect()
}

/// `pub use crate::<macro> as <alias>;` in `runtime/generated.rs`: the `#[macro_export]`ed macro behind `alias`.
fn exported_macro(tokens: &[TokenTree], alias: &str) -> Option<String> {
    tokens.windows(3).find_map(|w| match w {
        [
            TokenTree::Ident(name),
            TokenTree::Ident(r#as),
            TokenTree::Ident(a),
        ] if r#as == "as" && a == alias => Some(name.to_string()),
        _ => None,
    })
}

/// The body of `macro_rules! name { .. }`.
fn macro_body(tokens: &[TokenTree], name: &str) -> TokenStream {
    tokens
        .windows(4)
        .find_map(|w| match w {
            [
                TokenTree::Ident(m),
                TokenTree::Punct(_),
                TokenTree::Ident(n),
                TokenTree::Group(body),
            ] if m == "macro_rules" && n == name && body.delimiter() == Delimiter::Brace => {
                Some(body.stream())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("runtime/generated.rs defines no `macro_rules! {name}`"))
}

/// The names of every `fn` in `stream`, at any depth.
fn fn_names(stream: TokenStream, out: &mut BTreeSet<String>) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(g) => fn_names(g.stream(), out),
            TokenTree::Ident(keyword) if keyword == "fn" => {
                if let Some(TokenTree::Ident(name)) = tokens.get(i + 1) {
                    out.insert(name.to_string());
                }
            }
            _ => {}
        }
    }
}

#[test]
fn the_runtime_exports_the_macros_generated_code_calls() {
    let generated = tokens("src/runtime/generated.rs");
    let runtime_mod = client_file("src/runtime/mod.rs");
    for alias in [
        contract::REQUEST_METHODS_MACRO,
        contract::STRING_ENUM_MACRO,
        contract::SERDE_STRUCT_MACRO,
        contract::SERIALIZE_UNION_MACRO,
        contract::DESERIALIZE_UNION_MACRO,
    ] {
        let name = exported_macro(&generated, alias)
            .unwrap_or_else(|| panic!("runtime/generated.rs exports no macro as `{alias}`"));
        macro_body(&generated, &name);
        assert!(
            runtime_mod.contains(&format!(" {alias},"))
                || runtime_mod.contains(&format!(" {alias}}}")),
            "runtime/mod.rs does not re-export `{alias}`"
        );
    }
}

#[test]
fn request_methods_are_those_the_runtime_macro_defines() {
    let generated = tokens("src/runtime/generated.rs");
    let name = exported_macro(&generated, contract::REQUEST_METHODS_MACRO).expect("exported");
    let mut defined = BTreeSet::new();
    fn_names(macro_body(&generated, &name), &mut defined);
    let listed: BTreeSet<String> = contract::REQUEST_METHODS
        .iter()
        .map(|m| (*m).to_owned())
        .collect();
    assert_eq!(
        listed, defined,
        "contract::REQUEST_METHODS vs. the methods of `{name}!`"
    );
}

/// `key = "value"` in `[section]` of a manifest, read line by line (the client's manifest is plain enough).
fn manifest_keys(manifest: &str, section: &str) -> Vec<(String, String)> {
    let mut current = String::new();
    let mut out = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            current = line.trim_matches(['[', ']']).to_owned();
        } else if current == section {
            if let Some((key, value)) = line.split_once('=') {
                out.push((
                    key.trim().to_owned(),
                    value.trim().trim_matches('"').to_owned(),
                ));
            }
        }
    }
    out
}

#[test]
fn crate_and_feature_names_are_the_runtime_manifests() {
    let manifest = client_file("Cargo.toml");
    let value = |section: &str, key: &str| {
        manifest_keys(&manifest, section)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    };
    assert_eq!(
        value("package", "name").as_deref(),
        Some(contract::RUNTIME_PACKAGE)
    );
    assert_eq!(
        value("lib", "name").as_deref(),
        Some(contract::RUNTIME_CRATE)
    );
    for feature in [contract::PREVIEW_FEATURE, contract::SERDE_BOTH_FEATURE] {
        assert!(
            value("features", feature).is_some(),
            "generated-client/Cargo.toml has no feature `{feature}`"
        );
    }
}

#[test]
fn the_runtime_reexports_what_doc_examples_reach_through_it() {
    let lib = client_file("src/lib.rs");
    for krate in contract::REEXPORTED_CRATES {
        assert!(
            lib.lines().any(|l| l.trim() == format!("pub use {krate};")),
            "generated-client/src/lib.rs does not re-export `{krate}`"
        );
    }
}

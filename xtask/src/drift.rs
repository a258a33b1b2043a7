//! Explains codegen drift: which generated items (operations, models, …) differ between the committed generated
//! files and freshly generated ones, as one short paragraph to print above the textual diff of `codegen --check`.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{ImplItem, Item};

/// How many names [`summary`] lists before "and N more".
const MAX_LISTED: usize = 20;

/// The top-level items of one generated Rust file that were added (`+`), removed (`-`) or changed (`~`) between
/// `old` and `new`, sorted by name: `~GetChatsRoom`, `+Room`, `-ChatApi::get_chats_room`… An `impl` block (inherent
/// or trait) counts as part of its self type, and each method inside it that changed is reported as `Type::method`. Returns an empty list
/// when either version does not parse.
pub fn touched_items(old: &str, new: &str) -> Vec<String> {
    let (Ok(old), Ok(new)) = (syn::parse_file(old), syn::parse_file(new)) else {
        return Vec::new();
    };
    let old = items(&old.items);
    let new = items(&new.items);
    let mut out: Vec<(String, char)> = Vec::new();
    for (name, tokens) in &old {
        match new.get(name) {
            None => out.push((name.clone(), '-')),
            Some(new_tokens) if new_tokens != tokens => out.push((name.clone(), '~')),
            Some(_) => {}
        }
    }
    for name in new.keys() {
        if !old.contains_key(name) {
            out.push((name.clone(), '+'));
        }
    }
    out.sort();
    out.into_iter()
        .map(|(name, marker)| format!("{marker}{name}"))
        .collect()
}

/// The named items of a file with their tokens as text. A type and its `impl` blocks are one entry (their tokens
/// joined), and so are methods of the same name in several `impl` blocks of one type.
fn items(items: &[Item]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut add = |name: String, tokens: String| {
        let entry = out.entry(name).or_default();
        if !entry.is_empty() {
            entry.push('\n');
        }
        entry.push_str(&tokens);
    };
    for item in items {
        let tokens = || item.to_token_stream().to_string();
        match item {
            Item::Struct(s) => add(s.ident.to_string(), tokens()),
            Item::Enum(e) => add(e.ident.to_string(), tokens()),
            Item::Union(u) => add(u.ident.to_string(), tokens()),
            Item::Type(t) => add(t.ident.to_string(), tokens()),
            Item::Fn(f) => add(f.sig.ident.to_string(), tokens()),
            Item::Const(c) => add(c.ident.to_string(), tokens()),
            Item::Static(s) => add(s.ident.to_string(), tokens()),
            Item::Trait(t) => add(t.ident.to_string(), tokens()),
            Item::Mod(m) => add(format!("mod {}", m.ident), tokens()),
            Item::Impl(i) => {
                // Inherent and trait impls count as part of their self type (`GetChatsRoom` covers the struct and
                // its `impl Operation for GetChatsRoom`); their methods are also listed on their own.
                let self_ty = type_name(&i.self_ty);
                add(self_ty.clone(), tokens());
                for inner in &i.items {
                    if let ImplItem::Fn(f) = inner {
                        add(
                            format!("{self_ty}::{}", f.sig.ident),
                            f.to_token_stream().to_string(),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The last segment of a type's path (`models::Room` → `Room`), else the type as written.
fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => path_name(&p.path),
        other => other.to_token_stream().to_string(),
    }
}

fn path_name(path: &syn::Path) -> String {
    path.segments.last().map_or_else(
        || path.to_token_stream().to_string(),
        |s| s.ident.to_string(),
    )
}

/// One paragraph naming the items the drift touches, over all `(path, old, new)` files:
/// "The drift touches 3 items: `chat::GetChatsRoom` (changed), `models::Room` (added) …". Items are prefixed with
/// the file's module (`src/generated/chat.rs` → `chat`); at most 20 are listed. Empty when no item differs (or the
/// files do not parse), so the caller can skip it.
pub fn summary(files: &[(String, String, String)]) -> String {
    let mut touched: Vec<String> = Vec::new();
    let mut unparsed: Vec<&str> = Vec::new();
    for (path, old, new) in files {
        if old == new {
            continue;
        }
        let items = touched_items(old, new);
        if items.is_empty() && (syn::parse_file(old).is_err() || syn::parse_file(new).is_err()) {
            unparsed.push(path);
            continue;
        }
        let module = module_of(path);
        for item in items {
            let (marker, name) = item.split_at(1);
            let what = match marker {
                "+" => "added",
                "-" => "removed",
                _ => "changed",
            };
            let qualified = if module.is_empty() {
                name.to_owned()
            } else {
                format!("{module}::{name}")
            };
            touched.push(format!("`{qualified}` ({what})"));
        }
    }
    let mut text = String::new();
    if !touched.is_empty() {
        let listed = touched
            .iter()
            .take(MAX_LISTED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = touched.len().saturating_sub(MAX_LISTED);
        let noun = if touched.len() == 1 { "item" } else { "items" };
        text = format!("The drift touches {} {noun}: {listed}", touched.len());
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
        text.push('.');
    }
    if !unparsed.is_empty() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!(
            "Not Rust (or not parseable), compared as text only: {}.",
            unparsed.join(", ")
        ));
    }
    text
}

/// `src/generated/chat.rs` → `chat`; `src/generated/mod.rs` → `generated`; `src/lib.rs` → `` (the crate root).
fn module_of(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut parts: Vec<&str> = path.split('/').collect();
    let Some(file) = parts.pop() else {
        return String::new();
    };
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    match stem {
        "mod" => parts.last().map_or_else(String::new, |p| (*p).to_owned()),
        "lib" | "main" => String::new(),
        stem => stem.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = r#"
        pub struct GetChatsRoom;
        impl rt::Operation for GetChatsRoom { const PATH: &str = "/api/v2/chats/rooms/{roomJid}"; }
        pub struct Room { pub id: Option<String> }
        pub enum RoomType { Adhoc, Unknown(String) }
        impl ChatApi {
            pub fn get_chats_room(&self, room_jid: &str) -> GetChatsRoom { GetChatsRoom }
            pub fn get_chats_settings(&self) {}
        }
        pub const PATH: &str = "/api/v2/chats/rooms/{roomJid}";
    "#;

    const NEW: &str = r#"
        pub struct GetChatsRoom;
        impl rt::Operation for GetChatsRoom { const PATH: &str = "/api/v2/chats/rooms/{roomJid}/"; }
        pub struct Room { pub id: Option<String>, pub name: Option<String> }
        pub enum RoomType { Adhoc, Unknown(String) }
        pub struct GetChatsUser;
        impl ChatApi {
            pub fn get_chats_room(&self, room_jid: &str, limit: &str) -> GetChatsRoom { GetChatsRoom }
            pub fn get_chats_settings(&self) {}
        }
    "#;

    #[test]
    fn touched_items_marks_added_removed_and_changed() {
        assert_eq!(
            touched_items(OLD, NEW),
            vec![
                "~ChatApi",
                "~ChatApi::get_chats_room",
                "~GetChatsRoom",
                "+GetChatsUser",
                "-PATH",
                "~Room"
            ],
        );
    }

    #[test]
    fn touched_items_ignores_formatting_and_unparseable_input() {
        assert!(touched_items(OLD, &OLD.replace("  ", " ")).is_empty());
        assert!(touched_items("pub struct A;", "pub struct A {").is_empty());
    }

    #[test]
    fn summary_names_items_with_their_module() {
        let files = vec![
            (
                "src/generated/chat.rs".to_owned(),
                OLD.to_owned(),
                NEW.to_owned(),
            ),
            (
                "src/generated/models.rs".to_owned(),
                "pub struct A;".to_owned(),
                "pub struct A;".to_owned(),
            ),
            (
                "docs/chat.md".to_owned(),
                "# Chat".to_owned(),
                "# Chat API".to_owned(),
            ),
        ];
        assert_eq!(
            summary(&files),
            "The drift touches 6 items: `chat::ChatApi` (changed), `chat::ChatApi::get_chats_room` (changed), \
             `chat::GetChatsRoom` (changed), `chat::GetChatsUser` (added), `chat::PATH` (removed), \
             `chat::Room` (changed). \
             Not Rust (or not parseable), compared as text only: docs/chat.md."
        );
    }

    #[test]
    fn the_committed_generated_client_parses() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../generated-client/src/generated/chat.rs");
        let Ok(real) = std::fs::read_to_string(&path) else {
            return;
        };
        assert!(
            syn::parse_file(&real).is_ok(),
            "{} does not parse",
            path.display()
        );
        assert!(touched_items(&real, &real).is_empty());
        let changed = real.replacen(
            "pub struct GetChatsRoom;",
            "pub struct GetChatsRoom(());",
            1,
        );
        if changed != real {
            assert_eq!(touched_items(&real, &changed), vec!["~GetChatsRoom"]);
        }
    }

    #[test]
    fn summary_caps_the_list() {
        let old: String = (0..25).map(|i| format!("pub struct S{i:02};\n")).collect();
        let files = vec![("src/generated/models.rs".to_owned(), old, String::new())];
        let text = summary(&files);
        assert!(
            text.starts_with("The drift touches 25 items: `models::S00` (removed), "),
            "{text}"
        );
        assert!(
            text.ends_with("`models::S19` (removed) and 5 more."),
            "{text}"
        );
        assert_eq!(summary(&[]), "");
    }
}

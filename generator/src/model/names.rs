//! Rust names for spec names.
//!
//! The rules, applied in this order, so the same spec always gives the same names:
//! 1. `heck` converts the case (`snake_case` for functions, fields and modules, `UpperCamelCase` for types and
//!    variants). Characters that cannot be in an identifier separate words.
//! 2. A name that starts with a digit gets a prefix: `_` for snake case (`_1st`), `V` for camel case (`V1st`).
//!    An empty name becomes `value`/`Value`.
//! 3. A Rust keyword gets a trailing underscore (`type` → `type_`, `Self` → `Self_`).
//! 4. Within one scope (the fields of a struct, the variants of an enum, the methods of a group, all types), a name
//!    already taken gets the smallest free suffix `_2`, `_3`… (`2`, `3`… in camel case), in spec order.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::contract;

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The local name generated modules give the runtime module (`use … as rt;`).
pub const RUNTIME_ALIAS: &str = "rt";

/// Names a module (and so a Cargo feature) made from a tag must not take: the generated crate's own modules, the
/// runtime alias, the fixed features of the generated manifest, and its dependencies (a feature cannot share a
/// dependency's name).
pub const RESERVED_MODULES: &[&str] = &[
    "models",
    "runtime",
    "generated",
    "operations",
    "prelude",
    RUNTIME_ALIAS,
    "default",
    contract::PREVIEW_FEATURE,
    "serde",
    "chrono",
    "std",
    "core",
    "alloc",
];

/// Names the generated code and the runtime's macros (`runtime/generated.rs`: their generic parameters and local
/// types) use in type scope, which a spec type must not shadow. A test keeps it in step with the macros.
pub const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "Vec",
    "String",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Client",
    "Request",
    "Operation",
    "Value",
    "Unknown",
    "From",
    "A",
    "D",
    "S",
    "Visitor",
];

/// `snake_case`, safe as a Rust identifier.
pub fn snake(name: &str) -> String {
    let cased = clean(name).to_snake_case();
    let cased = if cased.is_empty() {
        "value".to_owned()
    } else {
        cased
    };
    escape(if starts_with_digit(&cased) {
        format!("_{cased}")
    } else {
        cased
    })
}

/// `UpperCamelCase`, safe as a Rust identifier.
pub fn camel(name: &str) -> String {
    let cased = clean(name).to_upper_camel_case();
    let cased = if cased.is_empty() {
        "Value".to_owned()
    } else {
        cased
    };
    escape(if starts_with_digit(&cased) {
        format!("V{cased}")
    } else {
        cased
    })
}

/// A module or feature name: lower case letters and digits only (`WebChat` → `webchat`,
/// `Telephony Providers Edge` → `telephonyprovidersedge`), as Genesys names its API paths.
pub fn module(tag: &str) -> String {
    let flat: String = tag
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let flat = if flat.is_empty() {
        "api".to_owned()
    } else {
        flat
    };
    escape(if starts_with_digit(&flat) {
        format!("_{flat}")
    } else {
        flat
    })
}

/// A type name that does not shadow the names generated code relies on.
pub fn type_name(name: &str) -> String {
    let name = camel(name);
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

fn clean(name: &str) -> String {
    // Anything that cannot be in an identifier separates words, so `application/json` → `application json`.
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn starts_with_digit(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn escape(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Hands out unique names within one scope.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// Per base name, the suffix to try next, so many names converting to one base are claimed in linear time.
    next_suffix: BTreeMap<String, u32>,
    /// Whether names that differ only in ASCII case count as the same (file names on case-insensitive file systems).
    ignore_case: bool,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            ..Self::default()
        }
    }

    /// A scope where names that differ only in ASCII case collide.
    pub fn ignoring_case() -> Self {
        Self {
            ignore_case: true,
            ..Self::default()
        }
    }

    /// `name`, or `name` with the smallest free numeric suffix. `separator` goes before the number (`_` in snake
    /// case, nothing in camel case).
    pub fn claim(&mut self, name: String, separator: &str) -> String {
        if self.insert(&name) {
            return name;
        }
        let base = name.trim_end_matches('_').to_owned();
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}{separator}{n}");
            *n += 1;
            let key = if self.ignore_case {
                candidate.to_ascii_lowercase()
            } else {
                candidate.clone()
            };
            if self.taken.insert(key) {
                return candidate;
            }
        }
    }

    fn insert(&mut self, name: &str) -> bool {
        if self.ignore_case {
            self.taken.insert(name.to_ascii_lowercase())
        } else {
            self.taken.insert(name.to_owned())
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_case() {
        assert_eq!(snake("getChatsRoomMessages"), "get_chats_room_messages");
        assert_eq!(snake("pageSize"), "page_size");
        assert_eq!(camel("getChatsRoom"), "GetChatsRoom");
        assert_eq!(camel("application/json"), "ApplicationJson");
        assert_eq!(camel("ININ_CORRELATION"), "IninCorrelation");
        assert_eq!(module("WebChat"), "webchat");
        assert_eq!(module("Telephony Providers Edge"), "telephonyprovidersedge");
    }

    #[test]
    fn escapes_keywords_digits_and_empties() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(snake("1stPlace"), "_1st_place");
        assert_eq!(camel("1stPlace"), "V1stPlace");
        assert_eq!(camel("24h"), "V24h");
        assert_eq!(snake(""), "value");
        assert_eq!(camel("-"), "Value");
        assert_eq!(module("Async"), "async_");
        assert_eq!(type_name("Result"), "ResultModel");
    }

    #[test]
    fn scope_suffixes_collisions_in_order() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(snake("pageSize"), "_"), "page_size");
        assert_eq!(scope.claim(snake("page_size"), "_"), "page_size_2");
        assert_eq!(scope.claim(snake("PageSize"), "_"), "page_size_3");
        let mut scope = Scope::default();
        assert_eq!(scope.claim(camel("a-b"), ""), "AB");
        assert_eq!(scope.claim(camel("a_b"), ""), "AB2");
        let mut scope = Scope::default();
        assert_eq!(scope.claim(snake("type"), "_"), "type_");
        assert_eq!(scope.claim(snake("type"), "_"), "type_2");
        let mut pages = Scope::ignoring_case();
        assert_eq!(pages.claim("ChatApi".to_owned(), ""), "ChatApi");
        assert_eq!(pages.claim("CHatApi".to_owned(), ""), "CHatApi2");
        assert_eq!(pages.claim("chatapi".to_owned(), ""), "chatapi3");
    }

    /// Every generic parameter and local type the runtime's macros declare is a reserved type name, so a spec type
    /// of that name cannot shadow it inside the macro's expansion.
    #[test]
    fn reserved_types_cover_the_runtime_macros() {
        let runtime = include_str!("../../../generated-client/src/runtime/generated.rs");
        let macros: Vec<&str> = runtime
            .split("macro_rules!")
            .skip(1)
            .map(|m| m.split("\n}\n").next().unwrap_or(m))
            .collect();
        let mut declared = BTreeSet::new();
        for source in macros {
            // Generic parameters (`<D: …`) and local types (`struct Visitor`).
            for (i, _) in source.match_indices('<') {
                let name: String = source[i + 1..]
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                if source[i + 1 + name.len()..].starts_with(':') {
                    declared.insert(name);
                }
            }
            for (i, _) in source.match_indices("struct ") {
                let name: String = source[i + 7..]
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                declared.insert(name);
            }
        }
        declared.retain(|name| name.starts_with(|c: char| c.is_ascii_uppercase()));
        assert!(
            declared.contains("Visitor") && declared.contains("D"),
            "{declared:?}"
        );
        for name in &declared {
            assert!(
                RESERVED_TYPES.contains(&name.as_str()),
                "`{name}` is not reserved"
            );
        }
    }
}

//! Rust types as the documentation shows them: printed from the tokens the code emitter writes (its
//! [`Ctx::type_tokens`](super::super::rust::Ctx::type_tokens) and the operation emitter's argument types), so a
//! documented type or signature cannot disagree with the code.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::quote;

use super::super::rust::ident;
use crate::contract;
use crate::model::Type;

/// A Rust type for documentation: its text and the models it names (to link to).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TypeText {
    /// As the generated code spells it (`&[models::Room]`), with the global `::` of paths left out.
    pub rust: String,
    /// The named types it holds, outermost first.
    pub models: Vec<String>,
    /// What the whole type is when it is one model or a reference to one: then it reads as a link.
    pub model: Option<ModelRef>,
}

/// A type that is exactly one model, by value or by reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ModelRef {
    pub name: String,
    pub borrowed: bool,
}

impl TypeText {
    /// The text of `tokens`, the code's spelling of `ty` with [`doc_models`] as the models path.
    pub(crate) fn new(tokens: TokenStream, ty: &Type) -> Self {
        let rust = print(tokens, None);
        let model = match ty {
            Type::Named(name) if rust == format!("models::{name}") => Some(ModelRef {
                name: name.clone(),
                borrowed: false,
            }),
            Type::Named(name) if rust == format!("&models::{name}") => Some(ModelRef {
                name: name.clone(),
                borrowed: true,
            }),
            _ => None,
        };
        Self {
            rust,
            models: named_types(ty),
            model,
        }
    }
}

/// The models path documentation spells types with: `models::X`, as in a group module.
pub(crate) fn doc_models() -> TokenStream {
    quote!(models::)
}

/// The models path doc examples use: `<crate>::models::X`.
pub(crate) fn example_models(crate_name: &str) -> TokenStream {
    let krate = ident(crate_name);
    quote!(#krate::models::)
}

/// The named types in `ty`, outermost first.
pub(crate) fn named_types(ty: &Type) -> Vec<String> {
    match ty {
        Type::Named(name) => vec![name.clone()],
        Type::Array(inner) | Type::Map(inner) => named_types(inner),
        _ => Vec::new(),
    }
}

/// Prints type (or signature) tokens the way rustfmt writes them on one line. The global `::` that generated code
/// puts before its dependencies' paths is left out; with `through` (a crate name, for examples a reader copies), the
/// dependencies the runtime crate re-exports are reached through that crate instead (`genesys_cloud::chrono::Utc`),
/// so the example needs no dependency of its own.
pub(crate) fn print(tokens: TokenStream, through: Option<&str>) -> String {
    let mut out = String::new();
    print_into(&mut out, tokens, through);
    out
}

fn print_into(out: &mut String, tokens: TokenStream, through: Option<&str>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Punct(p)
                if p.as_char() == ':'
                    && p.spacing() == Spacing::Joint
                    && !out.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '>') =>
            {
                // A global path: `::chrono::…`.
                if let (Some(krate), Some(TokenTree::Ident(next))) = (through, trees.get(i + 2))
                    && contract::REEXPORTED_CRATES.contains(&next.to_string().as_str())
                {
                    separate(out);
                    out.push_str(krate);
                    out.push_str("::");
                }
                i += 2;
                continue;
            }
            TokenTree::Punct(p) => match p.as_char() {
                ',' => out.push_str(", "),
                // `name: Type`; the second `:` of a path is Alone too, but follows the first.
                ':' if p.spacing() == Spacing::Alone && !out.ends_with(':') => out.push_str(": "),
                c => out.push(c),
            },
            TokenTree::Ident(name) => {
                separate(out);
                out.push_str(&name.to_string());
            }
            TokenTree::Literal(literal) => {
                separate(out);
                out.push_str(&literal.to_string());
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                print_into(out, group.stream(), through);
                out.push_str(close);
            }
        }
        i += 1;
    }
}

/// A space between two words (`dyn Error`, `&'a str`, `pub fn`).
fn separate(out: &mut String) {
    if out.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_rustfmt() {
        let cases = [
            (quote!(&[&[&str]]), "&[&[&str]]"),
            (quote!(Vec<models::Room>), "Vec<models::Room>"),
            (
                quote!(::chrono::DateTime<::chrono::Utc>),
                "chrono::DateTime<chrono::Utc>",
            ),
            (
                quote!(Option<::std::collections::HashMap<String, Vec<::serde_json::Value>>>),
                "Option<std::collections::HashMap<String, Vec<serde_json::Value>>>",
            ),
            (quote!(::Request<GetThing>), "Request<GetThing>"),
            (quote!(room_jid: &str), "room_jid: &str"),
            (quote!(&'a dyn Error), "&'a dyn Error"),
        ];
        for (tokens, printed) in cases {
            assert_eq!(print(tokens, None), printed);
        }
        assert_eq!(
            print(
                quote!(Vec<::chrono::DateTime<::chrono::Utc>>),
                Some("genesys_cloud")
            ),
            "Vec<genesys_cloud::chrono::DateTime<genesys_cloud::chrono::Utc>>"
        );
        assert_eq!(
            print(quote!(::std::collections::HashMap<String, i64>), Some("c")),
            "std::collections::HashMap<String, i64>"
        );
    }

    #[test]
    fn a_model_reads_as_a_link() {
        let room = Type::Named("Room".to_owned());
        let text = TypeText::new(quote!(&models::Room), &room);
        assert_eq!(
            text.model,
            Some(ModelRef {
                name: "Room".to_owned(),
                borrowed: true
            })
        );
        let rooms = Type::Array(Box::new(room));
        let text = TypeText::new(quote!(Vec<models::Room>), &rooms);
        assert_eq!((text.model, text.models), (None, vec!["Room".to_owned()]));
    }
}

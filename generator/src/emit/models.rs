//! `models.rs`: one Rust type per named type of the API.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust::{Ctx, Position, doc_attrs, feature_gate, ident};
use crate::contract;
use crate::model::{Field, Tagging, TypeDef, TypeKind, Union, UnionVariant, Variant};

/// The tokens of the models module's types in `range` (of `api.types`), preceded by the module's own docs and
/// imports when `first`. Printed chunks concatenate to the whole file, so large specs print in parallel.
pub(crate) fn models_chunk(ctx: &Ctx<'_>, range: Range<usize>, first: bool) -> TokenStream {
    let items = ctx.api.types[range].iter().map(|def| type_def(ctx, def));
    let preamble = first.then(|| {
        // Structs and enums both reach the runtime's macros.
        let runtime_import = ctx.runtime_import();
        quote! {
            //! The request and response models of the API.
            //!
            //! Optional fields are `Option`s, left out of the JSON when `None`; enums keep values they do not know in
            //! an `Unknown` variant, so a value the API adds later never breaks decoding.
            #![allow(clippy::large_enum_variant, clippy::doc_markdown)]
            #runtime_import
        }
    });
    quote! {
        #preamble
        #(#items)*
    }
}

fn type_def(ctx: &Ctx<'_>, def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&docs::type_doc(ctx, def));
    let gate = feature_gate(&def.used_by);
    let name = ident(&def.rust_name);
    match &def.kind {
        TypeKind::Struct { fields, default } => {
            // Genesys's JSON names are camelCase, so one container attribute covers most fields.
            let camel = fields
                .iter()
                .filter(|f| serde_camel_case(&f.rust_name) == f.wire_name)
                .count();
            let rename_all = camel * 2 > fields.len();
            let field_items = fields.iter().map(|f| field(ctx, f, rename_all));
            let default = default.then(|| quote!(Default,));
            let container = rename_all.then(|| quote!(#[serde(rename_all = "camelCase")]));
            // Models only ever sent get `Deserialize` with feature `serde-both`: decoding is the expensive side.
            let serde_both = contract::SERDE_BOTH_FEATURE;
            let deserialize_gate =
                (!def.serde.deserialize).then(|| quote!(#[cfg(feature = #serde_both)]));
            let deserialize = deserialize_struct(ctx, def, fields);
            quote! {
                #docs
                #gate
                #[derive(Clone, Debug, PartialEq, #default ::serde::Serialize)]
                #container
                pub struct #name {
                    #(#field_items)*
                }

                #gate
                #deserialize_gate
                #deserialize
            }
        }
        TypeKind::Enum { variants } => string_enum(ctx, def, variants, docs, gate),
        TypeKind::Union(union) => union_enum(ctx, def, union, docs, gate),
        TypeKind::Alias(ty) => {
            let ty = ctx.type_tokens(ty, Position::Owned, &quote!());
            quote! {
                #docs
                #gate
                pub type #name = #ty;
            }
        }
    }
}

fn field(ctx: &Ctx<'_>, field: &Field, rename_all: bool) -> TokenStream {
    let docs = doc_attrs(&docs::field_doc(field));
    let name = ident(&field.rust_name);
    let ty = field_type(ctx, field, &quote!());
    let implied = if rename_all {
        serde_camel_case(&field.rust_name)
    } else {
        field.rust_name.clone()
    };
    let rename = (implied != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(rename = #wire)
    });
    if field.required {
        let serde = rename.map(|r| quote!(#[serde(#r)]));
        quote! { #docs #serde pub #name: #ty, }
    } else {
        // A missing `Option` field deserializes as `None` without `default`.
        let rename = rename.map(|r| quote!(#r,));
        quote! {
            #docs
            #[serde(#rename skip_serializing_if = "Option::is_none")]
            pub #name: #ty,
        }
    }
}

/// A field's type: boxed when recursive, an `Option` when not required. The documentation prints it too.
pub(crate) fn field_type(ctx: &Ctx<'_>, field: &Field, models: &TokenStream) -> TokenStream {
    let mut ty = ctx.type_tokens(&field.ty, Position::Owned, models);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if !field.required {
        ty = quote!(Option<#ty>);
    }
    ty
}

/// The JSON name serde's `rename_all = "camelCase"` gives a field (its rule: drop each `_` and upper-case the
/// letter after it, then lower-case the first character). Raw and keyword-escaped names end in `_`, which the rule
/// drops, so `type_` is `type`.
fn serde_camel_case(rust_name: &str) -> String {
    let mut pascal = String::with_capacity(rust_name.len());
    let mut capitalize = true;
    for c in rust_name.chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(c);
        }
    }
    match pascal.chars().next() {
        Some(first) => first.to_lowercase().chain(pascal.chars().skip(1)).collect(),
        None => pascal,
    }
}

/// `Deserialize` through the runtime's `deserialize_struct!` (smaller than serde's derive; see there).
fn deserialize_struct(ctx: &Ctx<'_>, def: &TypeDef, fields: &[Field]) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&def.rust_name);
    let (required, optional): (Vec<&Field>, Vec<&Field>) = fields.iter().partition(|f| f.required);
    let entries = |fields: Vec<&Field>| -> Vec<TokenStream> {
        fields
            .into_iter()
            .map(|f| {
                let field = ident(&f.rust_name);
                let wire = &f.wire_name;
                quote!(#field: #wire)
            })
            .collect()
    };
    let (required, optional) = (entries(required), entries(optional));
    let deserialize_struct = ident(contract::DESERIALIZE_STRUCT_MACRO);
    quote! {
        #rt::#deserialize_struct!(#name {
            required: [#(#required),*],
            optional: [#(#optional),*],
        });
    }
}

/// A string enum with an `Unknown` catch-all. Serde's derive cannot keep unknown strings, so (de)serialization
/// goes through the string form, implemented by the runtime's `string_enum!`.
fn string_enum(
    ctx: &Ctx<'_>,
    def: &TypeDef,
    variants: &[Variant],
    docs: TokenStream,
    gate: TokenStream,
) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&def.rust_name);
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&String> = variants.iter().map(|v| &v.wire_name).collect();
    let variant_docs = variants.iter().map(|v| doc_attrs(&docs::variant_doc(v)));
    let string_enum = ident(contract::STRING_ENUM_MACRO);
    quote! {
        #docs
        #gate
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #idents, )*
            /// A value this version of the client does not know.
            Unknown(String),
        }

        #gate
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        #gate
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#idents, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        #gate
        #rt::#string_enum!(#name);
    }
}

/// A `oneOf`/`anyOf` as an enum of its variants and an `Unknown` catch-all, (de)serialized by the runtime's
/// `serialize_union!` and `deserialize_union!` (`Deserialize` only where it is received, like structs).
fn union_enum(
    ctx: &Ctx<'_>,
    def: &TypeDef,
    union: &Union,
    docs: TokenStream,
    gate: TokenStream,
) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&def.rust_name);
    let idents: Vec<_> = union.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let variants = union.variants.iter().zip(&idents).map(|(v, id)| {
        let docs = doc_attrs(&docs::union_variant_doc(ctx, v, &union.tagging));
        let ty = variant_type(ctx, v, &quote!());
        quote!(#docs #id(#ty),)
    });
    let input = match &union.tagging {
        Tagging::Untagged => quote!(#name { untagged: [#(#idents),*] }),
        Tagging::Tagged(tag) => {
            let tags = union.variants.iter().map(|v| &v.tags);
            quote!(#name { tag: #tag, variants: [#(#idents: [#(#tags),*]),*] })
        }
    };
    let serialize = ident(contract::SERIALIZE_UNION_MACRO);
    let deserialize = ident(contract::DESERIALIZE_UNION_MACRO);
    let serde_both = contract::SERDE_BOTH_FEATURE;
    let deserialize_gate = (!def.serde.deserialize).then(|| quote!(#[cfg(feature = #serde_both)]));
    quote! {
        #docs
        #gate
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A value none of the variants is (say, one a later version of the API added), kept as it is.
            Unknown(::serde_json::Value),
        }

        #gate
        #rt::#serialize!(#input);

        #gate
        #deserialize_gate
        #rt::#deserialize!(#input);
    }
}

/// A union variant's type as its enum declares it (`Box`ed on a cycle), with `models` as the models path.
pub(crate) fn variant_type(ctx: &Ctx<'_>, v: &UnionVariant, models: &TokenStream) -> TokenStream {
    let ty = ctx.type_tokens(&v.ty, Position::Owned, models);
    if v.boxed { quote!(Box<#ty>) } else { ty }
}

#[cfg(test)]
mod tests {
    use super::serde_camel_case;

    #[test]
    fn follows_serde_camel_case() {
        assert_eq!(serde_camel_case("self_uri"), "selfUri");
        assert_eq!(serde_camel_case("type_"), "type");
        assert_eq!(serde_camel_case("_2nd_name"), "2ndName");
        assert_eq!(serde_camel_case("foo_bar_2"), "fooBar2");
        assert_eq!(serde_camel_case("id"), "id");
    }
}

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
            let field_items = fields.iter().map(|f| field(ctx, f));
            let default = default.then(|| quote!(Default,));
            // Models only ever sent get `Deserialize` with feature `serde-both`: decoding is the expensive side.
            let serde_both = contract::SERDE_BOTH_FEATURE;
            let deserialize_gate =
                (!def.serde.deserialize).then(|| quote!(#[cfg(feature = #serde_both)]));
            let serde = serde_struct(ctx, def, fields, deserialize_gate);
            quote! {
                #docs
                #gate
                #[derive(Clone, Debug, PartialEq, #default)]
                pub struct #name {
                    #(#field_items)*
                }

                #gate
                #serde
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

fn field(ctx: &Ctx<'_>, field: &Field) -> TokenStream {
    let docs = doc_attrs(&docs::field_doc(field));
    let name = ident(&field.rust_name);
    let ty = field_type(ctx, field, &quote!());
    quote! { #docs pub #name: #ty, }
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

/// `Serialize` and `Deserialize` through the runtime's `serde_struct!` (much smaller than serde's derives; see
/// there), `deserialize_gate` on the `Deserialize` impl.
fn serde_struct(
    ctx: &Ctx<'_>,
    def: &TypeDef,
    fields: &[Field],
    deserialize_gate: Option<TokenStream>,
) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&def.rust_name);
    let fields = fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        let kind = if f.required {
            quote!(required)
        } else {
            quote!(optional)
        };
        quote!(#field: #wire #kind)
    });
    let serde_struct = ident(contract::SERDE_STRUCT_MACRO);
    quote! {
        #rt::#serde_struct!(#name { #(#fields),* } #deserialize_gate);
    }
}

/// A string enum with an `Unknown` catch-all. Serde's derive cannot keep unknown strings, so (de)serialization
/// goes through the string form, implemented by the runtime's `string_enum!`, as are comparison and hashing.
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
        #[derive(Clone, Debug)]
        pub enum #name {
            #( #variant_docs #idents, )*
            /// A value this version of the client does not know.
            Unknown(String),
        }

        #gate
        impl #name {
            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        #gate
        impl From<&str> for #name {
            #[inline]
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

//! `models.rs`: one Rust type per named type of the API.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust::{Ctx, Position, doc_attrs, feature_gate, ident};
use crate::model::{Field, TypeDef, TypeKind, Variant};

/// The tokens of the models module (without its header).
pub(crate) fn models_file(ctx: &Ctx<'_>) -> TokenStream {
    let items = ctx.api.types.iter().map(|def| type_def(ctx, def));
    let runtime_import = ctx
        .api
        .types
        .iter()
        .any(|t| matches!(t.kind, TypeKind::Enum { .. }))
        .then(|| ctx.runtime_import());
    quote! {
        //! The request and response models of the API.
        //!
        //! Optional fields are `Option`s, left out of the JSON when `None`; enums keep values they do not know in
        //! an `Unknown` variant, so a value the API adds later never breaks decoding.
        #![allow(clippy::large_enum_variant, clippy::doc_markdown)]
        #runtime_import
        #(#items)*
    }
}

fn type_def(ctx: &Ctx<'_>, def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&docs::type_doc(def));
    let gate = feature_gate(&def.used_by);
    let name = ident(&def.rust_name);
    match &def.kind {
        TypeKind::Struct { fields, default } => {
            let fields = fields.iter().map(|f| field(ctx, f));
            let default = default.then(|| quote!(Default,));
            quote! {
                #docs
                #gate
                #[derive(Clone, Debug, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
                pub struct #name {
                    #(#fields)*
                }
            }
        }
        TypeKind::Enum { variants } => string_enum(ctx, def, variants, docs, gate),
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
    let mut ty = ctx.type_tokens(&field.ty, Position::Owned, &quote!());
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let rename = (field.rust_name != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(rename = #wire,)
    });
    if field.required {
        let serde = rename.map(|r| quote!(#[serde(#r)]));
        quote! { #docs #serde pub #name: #ty, }
    } else {
        quote! {
            #docs
            #[serde(#rename default, skip_serializing_if = "Option::is_none")]
            pub #name: Option<#ty>,
        }
    }
}

/// A string enum with an `Unknown` catch-all. Serde's derive cannot keep unknown strings, so (de)serialization
/// goes through the string form.
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
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #gate
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #gate
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

        #gate
        impl #rt::ToParam for #name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }
    }
}

//! Shared pieces of Rust emission: type tokens, doc attributes, and printing a file.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::RuntimePath;
use crate::model::{Api, Type, names};

/// Where a type appears; decides borrowed versus owned forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Position {
    /// A method argument or setter: borrowed where that saves the caller an allocation.
    Param,
    /// A struct field or an operation's output: owned.
    Owned,
}

/// Everything emission needs to know besides the model.
pub(crate) struct Ctx<'a> {
    pub api: &'a Api,
    /// The runtime module's local name (`rt`), imported by [`Ctx::runtime_import`].
    pub rt: TokenStream,
    /// Path to the runtime module, e.g. `crate::runtime` or `::genesys_cloud::runtime`.
    runtime: TokenStream,
    /// The crate name examples use, e.g. `genesys_cloud`.
    pub crate_name: String,
    /// Whether doc examples are compiled as doctests; not when the code is `include!`d somewhere unknown, where
    /// their paths cannot be right.
    pub doctests: bool,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(api: &'a Api, runtime: &RuntimePath, crate_name: &str) -> Self {
        let runtime = match runtime {
            RuntimePath::Crate => quote!(crate::runtime),
            RuntimePath::External(name) => {
                let name = ident(name);
                quote!(::#name::runtime)
            }
        };
        Self {
            api,
            rt: ident(names::RUNTIME_ALIAS).into_token_stream(),
            runtime,
            crate_name: crate_name.to_owned(),
            doctests: true,
        }
    }

    /// The same context with the runtime module's local name replaced by `rt` (the documentation prints
    /// signatures with none).
    pub(crate) fn with_runtime_module(&self, rt: TokenStream) -> Self {
        Self {
            api: self.api,
            rt,
            runtime: self.runtime.clone(),
            crate_name: self.crate_name.clone(),
            doctests: self.doctests,
        }
    }

    /// `use <runtime> as rt;`, which every generated module starts with.
    pub(crate) fn runtime_import(&self) -> TokenStream {
        let (runtime, rt) = (&self.runtime, &self.rt);
        // Unused in a models module whose types are all behind disabled features.
        quote!(#[allow(unused_imports)] use #runtime as #rt;)
    }

    /// Tokens for `ty`. `models` is the path prefix of model types (`models::` from a group module, nothing from
    /// the models module itself).
    pub(crate) fn type_tokens(
        &self,
        ty: &Type,
        position: Position,
        models: &TokenStream,
    ) -> TokenStream {
        match (ty, position) {
            (Type::String, Position::Param) => quote!(&str),
            (Type::String, Position::Owned) => quote!(String),
            (Type::Bool, _) => quote!(bool),
            (Type::I32, _) => quote!(i32),
            (Type::I64, _) => quote!(i64),
            (Type::F32, _) => quote!(f32),
            (Type::F64, _) => quote!(f64),
            (Type::DateTime, _) => quote!(::chrono::DateTime<::chrono::Utc>),
            (Type::Date, _) => quote!(::chrono::NaiveDate),
            (Type::Any, _) => quote!(::serde_json::Value),
            (Type::Bytes, _) => {
                let rt = &self.rt;
                quote!(#rt::Bytes)
            }
            (Type::File, _) => {
                let rt = &self.rt;
                quote!(#rt::FilePart)
            }
            (Type::Array(item), Position::Param) => {
                let item = self.type_tokens(item, Position::Param, models);
                quote!(&[#item])
            }
            (Type::Array(item), Position::Owned) => {
                let item = self.type_tokens(item, Position::Owned, models);
                quote!(Vec<#item>)
            }
            (Type::Map(value), _) => {
                let value = self.type_tokens(value, Position::Owned, models);
                quote!(::std::collections::HashMap<String, #value>)
            }
            (Type::Named(name), _) => {
                let name = ident(name);
                quote!(#models #name)
            }
        }
    }
}

/// An identifier; the model guarantees names are valid, and raw-looking names are not produced.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = "..."]` attributes, one per line, so `prettyplease` prints them as `///` lines.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = "..."]` attributes for a module's own documentation.
pub(crate) fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #![doc = #lines] )* }
}

/// `#[cfg(...)]` for an item used by the operations of `modules` (API groups behind features of the same name).
pub(crate) fn feature_gate<'m>(modules: impl IntoIterator<Item = &'m String>) -> TokenStream {
    let features: Vec<&String> = modules.into_iter().collect();
    match features.as_slice() {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Prints `tokens` as a formatted Rust file starting with the generated-file `header`.
///
/// Emission builds its tokens with `quote!`, so they always parse; a failure here is a generator bug, reported as
/// an error instead of a panic.
pub(crate) fn print_file(header: &[String], tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("generator bug: emitted code does not parse: {e}"))?;
    let mut out = String::new();
    for line in header {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&prettyplease::unparse(&file));
    Ok(out)
}

/// A `format_ident!` shorthand for `{base}{suffix}` names.
pub(crate) fn suffixed(base: &str, suffix: &str) -> Ident {
    format_ident!("{base}{suffix}")
}

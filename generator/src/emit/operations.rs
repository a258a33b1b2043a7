//! `<group>.rs`: the API group type, one method per operation, the operations' marker types with their
//! metadata, and request types for operations with optional parameters.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::docs;
use super::escape::{code, prose};
use super::rust::{Ctx, Position, doc_attrs, ident, inner_doc_attrs, suffixed};
use crate::contract;
use crate::model::{
    Body, BodyEncoding, Group, Operation, PageWalk, Param, ParamLocation, ParamStyle, Permissions,
    ResponseEncoding, Type, TypeKind,
};

/// The tokens of one group's module (without its header).
pub(crate) fn group_file(ctx: &Ctx<'_>, group: &Group) -> TokenStream {
    let rt = &ctx.rt;
    let module_docs = inner_doc_attrs(&docs::group_doc(group));
    let api = ident(&group.api_name);
    let api_doc = doc_attrs(&format!(
        "The {} operations, reached with `client.{}()`.",
        group.api_name, group.module
    ));
    let methods = group.operations.iter().map(|op| method(ctx, group, op));
    let operations = group
        .operations
        .iter()
        .map(|op| operation_items(ctx, group, op));
    let uses_models = group.operations.iter().any(mentions_models);
    let models_import = uses_models.then(|| {
        quote!(
            use super::models;
        )
    });
    let runtime_import = ctx.runtime_import();
    let list: Vec<TokenStream> = group
        .operations
        .iter()
        .map(|op| {
            let marker = ident(&op.type_name);
            let gate = preview_gate(op);
            quote!(#gate <#marker as #rt::Operation>::META,)
        })
        .collect();
    quote! {
        #module_docs
        #![allow(clippy::too_many_arguments, clippy::doc_markdown)]
        #runtime_import
        #models_import

        #api_doc
        #[derive(Clone, Copy, Debug)]
        pub struct #api<'a> {
            client: &'a #rt::Client,
        }

        impl<'a> #api<'a> {
            /// The group's operations, sent through `client`.
            pub fn new(client: &'a #rt::Client) -> Self {
                Self { client }
            }

            /// The client the operations go through, for hand-written extensions of the group.
            pub fn client(&self) -> &'a #rt::Client {
                self.client
            }

            #(#methods)*
        }

        /// Metadata of every operation in this group, in method-name order.
        pub const OPERATIONS: &[&#rt::OperationMeta] = &[#(#list)*];

        #(#operations)*
    }
}

fn mentions_models(op: &Operation) -> bool {
    fn named(ty: &Type) -> bool {
        match ty {
            Type::Named(_) => true,
            Type::Array(inner) | Type::Map(inner) => named(inner),
            _ => false,
        }
    }
    op.params.iter().any(|p| named(&p.ty))
        || op.body.as_ref().is_some_and(|b| named(&b.ty))
        || op.response.as_ref().is_some_and(named)
        || op.pagination.as_ref().is_some_and(|p| named(&p.item))
}

/// `#[cfg(feature = "preview")]` for preview operations.
fn preview_gate(op: &Operation) -> TokenStream {
    if op.preview {
        let feature = contract::PREVIEW_FEATURE;
        quote!(#[cfg(feature = #feature)])
    } else {
        quote!()
    }
}

fn deprecated_attr(op: &Operation) -> TokenStream {
    match &op.deprecation {
        Some(d) => {
            let note = d.note();
            quote!(#[deprecated(note = #note)])
        }
        None => quote!(),
    }
}

/// The group method that starts a request.
///
/// Generated functions are `#[inline]`: besides being small, that leaves their code generation (and that of the
/// serde (de)serializers they reach) to the crates that call them, so a client with thousands of operations
/// compiles only what a program uses.
fn method(ctx: &Ctx<'_>, group: &Group, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let models = quote!(models::);
    let docs = doc_attrs(&docs::operation_doc(ctx, group, op));
    let gate = preview_gate(op);
    let deprecated = deprecated_attr(op);
    let name = ident(&op.fn_name);
    let marker = ident(&op.type_name);
    let alias = genesys_alias(op);

    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let (args, output) = signature(ctx, op, &models);
    let sets = required.iter().map(|p| set_param(ctx, p, quote!(parts)));
    let set_body = op
        .body
        .as_ref()
        .filter(|b| b.required)
        .map(|b| set_body(ctx, b, quote!(parts)));
    let mutability = (!required.is_empty() || set_body.is_some()).then(|| quote!(mut));
    let wrap = if op.has_optional_params() {
        quote!(#output { inner: #rt::Request::new(self.client.clone(), parts) })
    } else {
        quote!(#rt::Request::new(self.client.clone(), parts))
    };
    quote! {
        #docs
        #gate
        #deprecated
        #alias
        #[inline]
        pub fn #name(&self, #(#args,)*) -> #output {
            let #mutability parts = #rt::RequestParts::new(<#marker as #rt::Operation>::META);
            #(#sets)*
            #set_body
            #wrap
        }
    }
}

/// The method's arguments after `&self` (`name: Type`, the required parameters then the required body) and its
/// return type; the documentation prints them as the method's signature.
pub(crate) fn signature(
    ctx: &Ctx<'_>,
    op: &Operation,
    models: &TokenStream,
) -> (Vec<TokenStream>, TokenStream) {
    let rt = &ctx.rt;
    let mut args: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let name = ident(&p.rust_name);
            let ty = arg_type(ctx, p, models);
            quote!(#name: #ty)
        })
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let ty = body_type(ctx, body, models);
        args.push(quote!(body: #ty));
    }
    let output = if op.has_optional_params() {
        suffixed(&op.type_name, "Request").into_token_stream()
    } else {
        let marker = ident(&op.type_name);
        quote!(#rt::Request<#marker>)
    };
    (args, output)
}

/// `#[doc(alias = "getChatsRoomMessages")]`: rustdoc search then finds the method by the Genesys method name
/// that every other Genesys SDK and Genesys's docs use. Left out where rustdoc would reject the alias (a crate
/// that does not compile): a name equal to the method's own, or one with quotes or whitespace, which a spec's
/// method name (untrusted text) may contain.
fn genesys_alias(op: &Operation) -> Option<TokenStream> {
    let name = op.method_name.as_str();
    let rejected = name.is_empty()
        || name == op.fn_name
        || name
            .chars()
            .any(|c| c == '"' || c == '\'' || c.is_whitespace());
    (!rejected).then(|| quote!(#[doc(alias = #name)]))
}

/// The argument type of a parameter: borrowed strings and slices, enums by value, values
/// serialized as a whole (objects, JSON) by reference.
pub(crate) fn arg_type(ctx: &Ctx<'_>, param: &Param, models: &TokenStream) -> TokenStream {
    if param.style.is_structured() {
        borrowed_type(ctx, &param.ty, models)
    } else {
        ctx.type_tokens(&param.ty, Position::Param, models)
    }
}

/// The statement that puts the body into the request parts, in its encoding.
fn set_body(ctx: &Ctx<'_>, body: &Body, parts: TokenStream) -> TokenStream {
    match &body.encoding {
        BodyEncoding::Json => quote!(#parts.json_body(body);),
        BodyEncoding::Form => quote!(#parts.form_body(body);),
        BodyEncoding::Multipart => {
            let rt = &ctx.rt;
            let fields = multipart_fields(ctx, &body.ty);
            quote! {
                let mut form = #rt::Multipart::new();
                #(#fields)*
                #parts.multipart_body(form);
            }
        }
        BodyEncoding::Text { content_type } => {
            quote!(#parts.raw_body(body.to_owned(), #content_type);)
        }
        BodyEncoding::Binary { content_type } => quote!(#parts.raw_body(body, #content_type);),
    }
}

/// One statement per field of a multipart body's model, in field order: files as file parts, the rest as fields.
/// A body that is not a model (a map, any JSON) is one field named `body`.
fn multipart_fields(ctx: &Ctx<'_>, ty: &Type) -> Vec<TokenStream> {
    let fields = match ty {
        Type::Named(name) => match ctx.api.type_def(name).map(|d| &d.kind) {
            Some(TypeKind::Struct { fields, .. }) => fields,
            _ => return vec![quote!(form.field("body", body);)],
        },
        _ => return vec![quote!(form.field("body", body);)],
    };
    fields
        .iter()
        .map(|f| {
            let name = ident(&f.rust_name);
            let wire = &f.wire_name;
            match (&f.ty, f.required) {
                (Type::File, true) => quote!(form.files(#wire, [&body.#name]);),
                (Type::File, false) => quote!(form.files(#wire, &body.#name);),
                (Type::Array(item), true) if **item == Type::File => {
                    quote!(form.files(#wire, &body.#name);)
                }
                (Type::Array(item), false) if **item == Type::File => {
                    quote!(form.files(#wire, body.#name.iter().flatten());)
                }
                _ => quote!(form.field(#wire, &body.#name);),
            }
        })
        .collect()
}

/// The body argument: a model by reference, text as `&str`, bytes as anything that converts into `Bytes`
/// (`Vec<u8>`, `Bytes`, `&'static [u8]`: taken over without a copy).
pub(crate) fn body_type(ctx: &Ctx<'_>, body: &Body, models: &TokenStream) -> TokenStream {
    match body.encoding {
        BodyEncoding::Binary { .. } => {
            let bytes = ctx.type_tokens(&body.ty, Position::Owned, models);
            quote!(impl Into<#bytes>)
        }
        _ => borrowed_type(ctx, &body.ty, models),
    }
}

/// A value serialized through serde, taken by reference: `&str`, `&[T]`, `&T`.
fn borrowed_type(ctx: &Ctx<'_>, ty: &Type, models: &TokenStream) -> TokenStream {
    match ty {
        Type::Array(_) => ctx.type_tokens(ty, Position::Param, models),
        Type::String => quote!(&str),
        ty => {
            let ty = ctx.type_tokens(ty, Position::Owned, models);
            quote!(&#ty)
        }
    }
}

/// The statement that puts a parameter's value into the request parts.
fn set_param(ctx: &Ctx<'_>, param: &Param, parts: TokenStream) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&param.rust_name);
    let wire = &param.wire_name;
    let exploded = param.style == ParamStyle::SimpleObjectExploded;
    match (param.location, &param.ty) {
        (ParamLocation::Path, _) if param.style.is_structured() => {
            quote!(#parts.path_object(#wire, #name, #exploded);)
        }
        (ParamLocation::Header, _) if param.style.is_structured() => {
            quote!(#parts.set_header_object(#wire, #name, #exploded);)
        }
        (ParamLocation::Path, Type::String) => quote!(#parts.path_param(#wire, #name);),
        (ParamLocation::Path, Type::Array(_)) => {
            quote!(#parts.path_param(#wire, &#name.iter().map(#rt::ToParam::to_param).collect::<Vec<_>>().join(","));)
        }
        (ParamLocation::Path, _) => {
            quote!(#parts.path_param(#wire, &#rt::ToParam::to_param(&#name));)
        }
        (ParamLocation::Query, _) if param.style.is_structured() => {
            let style = match param.style {
                ParamStyle::FormObject => quote!(Form),
                ParamStyle::FormObjectCsv => quote!(FormNoExplode),
                ParamStyle::DeepObject => quote!(DeepObject),
                _ => quote!(Json),
            };
            quote!(#parts.set_query_object(#wire, #name, #rt::ObjectStyle::#style);)
        }
        (ParamLocation::Query, Type::Array(_)) => {
            let style = match param.style {
                ParamStyle::Csv => quote!(#rt::ArrayStyle::Csv),
                ParamStyle::SpaceDelimited => quote!(#rt::ArrayStyle::SpaceDelimited),
                ParamStyle::PipeDelimited => quote!(#rt::ArrayStyle::PipeDelimited),
                _ => quote!(#rt::ArrayStyle::Multi),
            };
            quote!(#parts.set_query_array(#wire, #name, #style);)
        }
        (ParamLocation::Query, _) => quote!(#parts.set_query(#wire, #name);),
        (ParamLocation::Header, Type::Array(_)) => {
            quote!(#parts.set_header(#wire, #name.iter().map(#rt::ToParam::to_param).collect::<Vec<_>>().join(","));)
        }
        (ParamLocation::Header, _) => quote!(#parts.set_header(#wire, #name);),
    }
}

/// The marker type, its `Operation` (and `Paginated`) impls, and the request type when there are setters.
fn operation_items(ctx: &Ctx<'_>, group: &Group, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let models = quote!(models::);
    let gate = preview_gate(op);
    let marker = ident(&op.type_name);
    let marker_docs = doc_attrs(&docs::meta_doc(op));
    let (output, decoder) = match &op.response {
        Some(ty) => (
            ctx.type_tokens(ty, Position::Owned, &models),
            match op.response_encoding {
                ResponseEncoding::Json => quote!(#rt::Json),
                ResponseEncoding::Text => quote!(#rt::Text),
                ResponseEncoding::Binary => quote!(#rt::Binary),
            },
        ),
        None => (quote!(()), quote!(#rt::Empty)),
    };
    let meta = meta(ctx, group, op);
    let pagination = op.pagination.as_ref().map(|p| {
        let item = ctx.type_tokens(&p.item, Position::Owned, &models);
        let (paging, cursor) = match &p.walk {
            PageWalk::PageNumber { param } => (quote!(#rt::Paging::PageNumber(#param)), None),
            PageWalk::NextUri => (quote!(#rt::Paging::NextUri), None),
            PageWalk::Cursor {
                before,
                after,
                limit,
                field,
                field_required,
            } => {
                let limit = match limit {
                    Some(name) => quote!(Some(#name)),
                    None => quote!(None),
                };
                let field = ident(field);
                let value = if *field_required {
                    quote!(Some(item.#field))
                } else {
                    quote!(item.#field)
                };
                (
                    quote!(#rt::Paging::Cursor { before: #before, after: #after, limit: #limit }),
                    Some(quote! {
                        #[inline]
                        fn cursor(item: &Self::Item) -> Option<::chrono::DateTime<::chrono::Utc>> {
                            #value
                        }
                    }),
                )
            }
        };
        let into_page = into_page(ctx, op);
        quote! {
            #gate
            impl #rt::Paginated for #marker {
                type Item = #item;
                const PAGING: #rt::Paging = #paging;
                #[inline]
                fn into_page(output: Self::Output) -> #rt::Page<Self::Item> {
                    #into_page
                }
                #cursor
            }
        }
    });
    let request = op.has_optional_params().then(|| request_type(ctx, op));
    quote! {
        #marker_docs
        #gate
        pub enum #marker {}

        #gate
        impl #rt::Operation for #marker {
            type Output = #output;
            type Decoder = #decoder;
            const META: &'static #rt::OperationMeta = &#meta;
        }

        #pagination
        #request
    }
}

fn meta(ctx: &Ctx<'_>, group: &Group, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let tag = &group.tag;
    let method_name = &op.method_name;
    let http = ident(op.http_method.variant());
    let path = &op.path;
    let permissions = match &op.permissions {
        Permissions::None => quote!(#rt::Permissions::None),
        Permissions::Any(list) => quote!(#rt::Permissions::Any(&[#(#list),*])),
        Permissions::All(list) => quote!(#rt::Permissions::All(&[#(#list),*])),
    };
    let preview = op.preview;
    let deprecated = op.deprecation.is_some();
    let summary = op.summary.clone().unwrap_or_default();
    quote! {
        #rt::OperationMeta {
            group: #tag,
            method_name: #method_name,
            http_method: #rt::HttpMethod::#http,
            path: #path,
            permissions: #permissions,
            preview: #preview,
            deprecated: #deprecated,
            summary: #summary,
        }
    }
}

/// The body of `Paginated::into_page`: the listing's page fields, whichever of them the model has.
fn into_page(ctx: &Ctx<'_>, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let Some(Type::Named(listing)) = &op.response else {
        return quote!(#rt::Page::default());
    };
    let Some(TypeKind::Struct { fields, .. }) = ctx.api.type_def(listing).map(|d| &d.kind) else {
        return quote!(#rt::Page::default());
    };
    let get = |wire: &str| fields.iter().find(|f| f.wire_name == wire);
    let number = |wire: &str| match get(wire) {
        Some(f) => {
            let name = ident(&f.rust_name);
            let value = if f.required {
                quote!(Some(output.#name))
            } else {
                quote!(output.#name)
            };
            match f.ty {
                Type::I32 => quote!(#value.map(i64::from)),
                Type::I64 => value,
                _ => quote!(None),
            }
        }
        None => quote!(None),
    };
    let entities = match get("entities") {
        Some(f) if f.required => {
            let name = ident(&f.rust_name);
            quote!(output.#name)
        }
        Some(f) => {
            let name = ident(&f.rust_name);
            quote!(output.#name.unwrap_or_default())
        }
        None => quote!(Vec::new()),
    };
    let next_uri = match get("nextUri") {
        Some(f) if matches!(f.ty, Type::String) => {
            let name = ident(&f.rust_name);
            if f.required {
                quote!(Some(output.#name))
            } else {
                quote!(output.#name)
            }
        }
        _ => quote!(None),
    };
    let (page_number, page_size, page_count, total) = (
        number("pageNumber"),
        number("pageSize"),
        number("pageCount"),
        number("total"),
    );
    quote! {
        #rt::Page {
            entities: #entities,
            page_number: #page_number,
            page_size: #page_size,
            page_count: #page_count,
            total: #total,
            next_uri: #next_uri,
        }
    }
}

/// A request type with setters for the optional parameters, delegating the rest to the runtime's `Request`.
fn request_type(ctx: &Ctx<'_>, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let models = quote!(models::);
    let gate = preview_gate(op);
    let marker = ident(&op.type_name);
    let request = suffixed(&op.type_name, "Request");
    let doc = doc_attrs(&format!(
        "A {} request: set optional parameters, then `.await` it (or call [`send`](Self::send)).",
        code(&op.method_name)
    ));
    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
        let docs = doc_attrs(&setter_doc(p));
        let name = ident(&p.rust_name);
        let ty = arg_type(ctx, p, &models);
        let set = set_param(ctx, p, quote!(self.inner.parts_mut()));
        quote! {
            #docs
            #[inline]
            pub fn #name(mut self, #name: #ty) -> Self {
                #set
                self
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let ty = body_type(ctx, b, &models);
        let set = set_body(ctx, b, quote!(self.inner.parts_mut()));
        quote! {
            /// Sets the request body.
            #[inline]
            pub fn body(mut self, body: #ty) -> Self {
                #set
                self
            }
        }
    });
    let paginated = op.pagination.is_some().then(|| quote!(, paginated));
    let request_methods = ident(contract::REQUEST_METHODS_MACRO);
    quote! {
        #doc
        #gate
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is sent or awaited"]
        pub struct #request {
            inner: #rt::Request<#marker>,
        }

        #gate
        impl #request {
            #(#setters)*
            #body_setter
        }

        #gate
        #rt::#request_methods!(#request, #marker #paginated);
    }
}

/// A setter's documentation: the parameter's description, where it goes, and the server's default.
fn setter_doc(param: &Param) -> String {
    let mut doc = param
        .description
        .as_deref()
        .map(prose)
        .unwrap_or_else(|| format!("Sets {}.", code(&param.wire_name)));
    let location = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    };
    doc.push_str(&format!(
        "\n\nSent as the {} {location} parameter.",
        code(&param.wire_name)
    ));
    if let Some(default) = &param.default {
        doc.push_str(&format!(" The server's default is {}.", code(default)));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuntimePath;

    #[test]
    fn every_method_of_the_spec_has_its_genesys_name_as_alias() {
        let api = crate::project_api();
        let ctx = Ctx::new(&api, &RuntimePath::Crate, "genesys_cloud");
        for (group, op) in api.operations() {
            let tokens = method(&ctx, group, op).to_string();
            let alias = format!("# [doc (alias = \"{}\")]", op.method_name);
            assert!(
                tokens.contains(&alias),
                "{}: no alias in {tokens}",
                op.method_name
            );
        }
        let (group, op) = api
            .operations()
            .find(|(_, o)| o.fn_name == "get_chats_room_messages")
            .expect("getChatsRoomMessages");
        assert!(
            method(&ctx, group, op)
                .to_string()
                .contains("# [doc (alias = \"getChatsRoomMessages\")]")
        );
    }

    #[test]
    fn aliases_rustdoc_would_reject_are_left_out() {
        let api = crate::project_api();
        let (_, op) = api.operations().next().expect("an operation");
        let with_name = |name: &str| {
            let mut op = op.clone();
            op.method_name = name.to_owned();
            genesys_alias(&op).map(|t| t.to_string())
        };
        assert_eq!(
            with_name("getThing").as_deref(),
            Some("# [doc (alias = \"getThing\")]")
        );
        for rejected in [
            "",
            "get \"x\"",
            "it's",
            "get\tthing",
            " getThing",
            &op.fn_name,
        ] {
            assert_eq!(with_name(rejected), None, "{rejected:?}");
        }
    }
}

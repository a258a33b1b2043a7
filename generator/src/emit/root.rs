//! `mod.rs` of the generated tree: the group modules behind their features, the models, the list of all
//! operations, and the accessors that reach each group from the client.

use proc_macro2::TokenStream;
use quote::quote;

use super::RuntimePath;
use super::rust::{Ctx, doc_attrs, ident};

/// The tokens of the generated root module (without its header). With `inline`, the modules' contents (models
/// first, then the groups in order) are written inside it instead of in files of their own, and the module has no
/// inner documentation, so the whole can be `include!`d.
pub(crate) fn root_file(
    ctx: &Ctx<'_>,
    runtime: &RuntimePath,
    inline: Option<Vec<TokenStream>>,
) -> TokenStream {
    let rt = &ctx.rt;
    let groups = &ctx.api.groups;
    let modules: Vec<_> = groups.iter().map(|g| ident(&g.module)).collect();
    let features: Vec<&String> = groups.iter().map(|g| &g.module).collect();
    let module_docs = groups.iter().map(|g| {
        doc_attrs(&format!(
            "The {} operations (feature `{}`).",
            g.api_name, g.module
        ))
    });
    let apis: Vec<_> = groups.iter().map(|g| ident(&g.api_name)).collect();
    let accessor_docs: Vec<_> = groups
        .iter()
        .map(|g| doc_attrs(&format!("The {} operations.", g.api_name)))
        .collect();

    let runtime_import = ctx.runtime_import();
    let groups_trait = matches!(runtime, RuntimePath::External(_)).then(|| {
        quote!(
            pub use super::ApiGroups;
        )
    });
    let accessors = match runtime {
        RuntimePath::Crate => quote! {
            impl #rt::Client {
                #(
                    #accessor_docs
                    #[cfg(feature = #features)]
                    pub fn #modules(&self) -> #modules::#apis<'_> {
                        #modules::#apis::new(self)
                    }
                )*
            }
        },
        // Inherent methods cannot be added to another crate's type, so a standalone crate gets them as a trait.
        RuntimePath::External(_) => quote! {
            /// Reaches each API group from a client: `use` this trait, then `client.chat()`.
            pub trait ApiGroups {
                #(
                    #accessor_docs
                    #[cfg(feature = #features)]
                    fn #modules(&self) -> #modules::#apis<'_>;
                )*
            }

            impl ApiGroups for #rt::Client {
                #(
                    #[cfg(feature = #features)]
                    fn #modules(&self) -> #modules::#apis<'_> {
                        #modules::#apis::new(self)
                    }
                )*
            }
        },
    };

    let (docs, models, groups) = match inline {
        None => (
            quote! {
                //! The generated API: one module per API group, each behind a Cargo feature of the same name, and
                //! the models they share.
            },
            quote!(;),
            modules.iter().map(|_| quote!(;)).collect(),
        ),
        Some(mut bodies) => {
            let models = bodies.remove(0);
            (
                quote!(),
                quote!({ #models }),
                bodies
                    .into_iter()
                    .map(|body| quote!({ #body }))
                    .collect::<Vec<_>>(),
            )
        }
    };
    quote! {
        #docs

        #runtime_import

        pub mod models #models
        #(
            #module_docs
            #[cfg(feature = #features)]
            pub mod #modules #groups
        )*

        #accessors

        /// What most code needs: `use <crate>::prelude::*;` brings the client, its builder, regions, the
        /// `Operation` trait in scope (for `chat::GetChatsRoom::META`) and (for a standalone crate) the trait that reaches
        /// each API group.
        pub mod prelude {
            pub use super::rt::{Client, ClientBuilder, Error, Region, Result};
            // Unnamed: it only has to be in scope for `META`, and keeps the name free for the caller's types.
            pub use super::rt::Operation as _;
            #groups_trait
        }

        /// Metadata of every operation compiled in (per enabled feature), group by group.
        pub fn all_operations() -> impl Iterator<Item = &'static #rt::OperationMeta> {
            let groups: &[&[&'static #rt::OperationMeta]] = &[
                #(
                    #[cfg(feature = #features)]
                    #modules::OPERATIONS,
                )*
            ];
            groups.iter().flat_map(|group| group.iter().copied())
        }
    }
}

//! The files that make the generated modules a crate of their own ([`Scaffold`], `genesys-codegen --out DIR`): its
//! manifest, with one feature per API group, and its `lib.rs`. The runtime comes from the `genesys-cloud` crate without its own
//! generated groups.

use quote::quote;

use super::escape;
use super::rust::{self, ident};
use super::{GeneratedFile, RuntimePath};
use crate::contract;
use crate::model::Api;
use crate::{Config, Scaffold};

pub(crate) fn crate_files(
    api: &Api,
    config: &Config,
    scaffold: &Scaffold,
    header: &[String],
) -> Vec<GeneratedFile> {
    let mut files = vec![GeneratedFile {
        path: "Cargo.toml".to_owned(),
        contents: manifest(api, config, scaffold, header),
    }];
    if let Ok(contents) = rust::print_file(header, lib_rs(api, config)) {
        files.push(GeneratedFile {
            path: "src/lib.rs".to_owned(),
            contents,
        });
    }
    files
}

fn manifest(api: &Api, config: &Config, scaffold: &Scaffold, header: &[String]) -> String {
    let mut out: String = header.iter().map(|line| format!("# {line}\n")).collect();
    let features: Vec<String> = api
        .groups
        .iter()
        .map(|g| format!("\"{}\"", g.module))
        .collect();
    out.push_str(&format!(
        "\n[package]\nname = {name}\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n",
        name = escape::toml_string(&config.crate_name)
    ));
    out.push_str(&format!(
        "\n[features]\ndefault = [{}]\n{preview} = []\n\
         # Deserialize also on models the API only ever receives in requests (Serialize is on every model).\n\
         {serde_both} = []\n",
        features.join(", "),
        preview = contract::PREVIEW_FEATURE,
        serde_both = contract::SERDE_BOTH_FEATURE,
    ));
    for group in &api.groups {
        out.push_str(&format!("{} = []\n", group.module));
    }
    out.push_str(&format!(
        "\n[dependencies]\n{} = {{ {}, default-features = false }}\n",
        contract::RUNTIME_PACKAGE,
        scaffold.runtime_dependency
    ));
    out.push_str(concat!(
        "serde = { version = \"1\", features = [\"derive\"] }\n",
        "serde_json = \"1\"\n",
        "chrono = { version = \"0.4\", default-features = false, features = [\"std\", \"serde\"] }\n",
        "\n# A crate of its own, not a member of an enclosing workspace.\n[workspace]\n",
    ));
    out
}

fn lib_rs(api: &Api, config: &Config) -> proc_macro2::TokenStream {
    let runtime = match &config.runtime {
        RuntimePath::External(name) => ident(name),
        RuntimePath::Crate => ident(contract::RUNTIME_CRATE),
    };
    let doc = format!(
        " A typed client for {} {}, generated from {}.",
        escape::prose(&escape::comment(&api.title)),
        escape::prose(&escape::comment(&api.version)),
        escape::code(&config.spec_label)
    );
    quote! {
        #![doc = #doc]
        #![allow(deprecated)]

        mod generated;

        pub use generated::*;
        pub use ::#runtime::runtime;
        pub use ::#runtime::{Client, ClientBuilder, Error, Region, Result, chrono, serde_json};
    }
}

//! Lowering: the merged OpenAPI document → [`Api`], with every check that needs the document as a whole.
//!
//! Problems in one operation (an unsupported body, a bad `$ref`, a missing method name) are warnings that skip
//! that operation, so one defect in a 3,500-operation upstream spec does not sink the run; problems in shared
//! schemas are errors. A caller that wants a spotless spec (the project's own) treats warnings as errors.

mod analysis;
mod operations;
mod schemas;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};

use super::names::{self, Scope};
use super::{Api, Group, TypeDef};
use crate::diagnostics::{Diagnostics, pointer_segment};
use crate::spec::Spec;

/// Lowers a loaded spec. The model is `None` when there are errors; warnings come with it.
pub fn lower(spec: &Spec) -> (Option<Api>, Diagnostics) {
    let mut lowerer = Lowerer::new(&spec.document);
    let groups = lowerer.lower_operations();
    let Lowerer {
        mut diagnostics,
        types,
        ..
    } = lowerer;
    for d in &mut diagnostics.0 {
        if d.file.is_none() {
            d.file = spec.file_of(&d.pointer).map(Into::into);
        }
    }
    diagnostics.sort();
    if diagnostics.has_errors() {
        return (None, diagnostics);
    }
    let mut types: Vec<TypeDef> = types;
    types.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let mut api = Api {
        title: spec.document.info.title.clone(),
        version: spec.document.info.version.clone(),
        server_url: spec.document.servers.first().map_or_else(
            || "https://api.mypurecloud.com".to_owned(),
            |s| s.url.clone(),
        ),
        groups,
        types,
    };
    analysis::analyse(&mut api);
    (Some(api), diagnostics)
}

/// State shared by the lowering of schemas and operations.
struct Lowerer<'a> {
    document: &'a OpenAPI,
    diagnostics: Diagnostics,
    /// Named types created so far.
    types: Vec<TypeDef>,
    /// All type names handed out (component and inline).
    type_names: Scope,
    /// Component schema name → Rust type name.
    schema_names: BTreeMap<&'a str, String>,
}

impl<'a> Lowerer<'a> {
    fn new(document: &'a OpenAPI) -> Self {
        let mut lowerer = Self {
            document,
            diagnostics: Diagnostics::default(),
            types: Vec::new(),
            type_names: Scope::default(),
            schema_names: BTreeMap::new(),
        };
        lowerer.lower_component_schemas();
        lowerer
    }

    fn lower_component_schemas(&mut self) {
        let Some(components) = &self.document.components else {
            return;
        };
        // Claimed before any inline type is named, and sorted, so a component keeps its natural name whatever the
        // file order.
        let mut sorted: Vec<(&'a String, &'a ReferenceOr<openapiv3::Schema>)> =
            components.schemas.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (name, _) in &sorted {
            let rust_name = self.type_names.claim(names::type_name(name), "");
            self.schema_names.insert(name.as_str(), rust_name);
        }
        for (name, schema) in sorted {
            let pointer = format!("/components/schemas/{}", pointer_segment(name));
            let mut sink = Vec::new();
            self.lower_component(name, schema, &pointer, &mut sink);
            // A broken shared schema breaks every operation that uses it: its errors stay errors.
            self.diagnostics.0.extend(sink);
        }
    }

    fn lower_operations(&mut self) -> Vec<Group> {
        operations::lower_all(self)
    }
}

//! Lowering: the merged OpenAPI document → [`Api`], with every check that needs the document as a whole.
//!
//! Problems in one operation (an unsupported body, a bad parameter) are warnings that skip that operation, so one
//! defect in a 3,500-operation upstream spec does not sink the run; a `$ref` that does not resolve types only what
//! uses it as any JSON value. A spec with operations none of which can be generated is an error, not an empty
//! client. A caller that wants a spotless spec (the project's own) treats warnings as errors.

mod alias_cycles;
mod analysis;
mod operations;
mod schemas;
mod unions;
mod wire_names;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};

use super::names::{self, Scope};
use super::{Api, Group, TypeDef};
use crate::diagnostics::{Cause, Diagnostic, Diagnostics, pointer_segment};
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
    wire_names::check(&groups, &types, &mut diagnostics);
    diagnostics.0.extend(spec.notes.0.iter().cloned());
    let skipped = crate::report::skipped_by_cause(&diagnostics)
        .values()
        .sum::<usize>();
    if groups.is_empty() && skipped > 0 {
        diagnostics.push(
            Diagnostic::error(
                "/paths",
                format!("none of the spec's {skipped} operations could be generated"),
            )
            .with_help(
                "fix the problems the warnings name; a client without operations is not a client",
            )
            .with_cause(Cause::NothingGenerated),
        );
    }
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
    /// The inline object schemas being lowered inside each other (by address), to catch one inside itself.
    inline_stack: Vec<usize>,
}

impl<'a> Lowerer<'a> {
    fn new(document: &'a OpenAPI) -> Self {
        let mut lowerer = Self {
            document,
            diagnostics: Diagnostics::default(),
            types: Vec::new(),
            type_names: Scope::default(),
            schema_names: BTreeMap::new(),
            inline_stack: Vec::new(),
        };
        lowerer.lower_component_schemas();
        // Before operations are lowered: their lowering follows aliases.
        alias_cycles::check(&mut lowerer.types, &mut lowerer.diagnostics);
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::{Deprecation, PageWalk, ParamLocation, Permissions, Type, TypeKind};

    fn lower_yaml(paths: &str, schemas: &str) -> Api {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v2}}\npaths:\n{paths}\ncomponents:\n  schemas:\n{schemas}\n"
        );
        let document = match crate::spec::parse_str(Path::new("test.yaml"), &text) {
            Ok(document) => document,
            Err(e) => panic!("{e}"),
        };
        let spec = Spec {
            document,
            files: Vec::new(),
            origins: BTreeMap::new(),
            notes: Diagnostics::default(),
        };
        match lower(&spec) {
            (Some(api), diagnostics) if diagnostics.0.is_empty() => api,
            (_, diagnostics) => panic!("{diagnostics}"),
        }
    }

    const NO_SCHEMAS: &str = "    Unused: {type: string}";

    #[test]
    fn orders_params_path_then_required_then_optional() {
        let api = lower_yaml(
            "  /api/v2/rooms/{roomJid}/messages/{messageId}:
    get:
      tags: [Chat]
      operationId: getMessage
      x-genesys-preview: true
      x-inin-requires-permissions: {type: ALL, permissions: [a:b:c, d:e:f]}
      parameters:
        - {name: limit, in: query, schema: {type: integer, format: int32}}
        - {name: messageId, in: path, required: true, schema: {type: string}}
        - {name: after, in: query, required: true, schema: {type: string, format: date-time}}
        - {name: roomJid, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}",
            NO_SCHEMAS,
        );
        let (group, op) = api.operations().next().expect("one operation");
        assert_eq!(
            (group.module.as_str(), group.api_name.as_str()),
            ("chat", "ChatApi")
        );
        let names: Vec<(&str, ParamLocation, bool)> = op
            .params
            .iter()
            .map(|p| (p.rust_name.as_str(), p.location, p.required))
            .collect();
        assert_eq!(
            names,
            [
                ("room_jid", ParamLocation::Path, true),
                ("message_id", ParamLocation::Path, true),
                ("after", ParamLocation::Query, true),
                ("limit", ParamLocation::Query, false),
            ]
        );
        assert_eq!(op.params[2].ty, Type::DateTime);
        assert!(op.preview);
        assert_eq!(
            op.permissions,
            Permissions::All(vec!["a:b:c".to_owned(), "d:e:f".to_owned()])
        );
        assert_eq!(
            (op.fn_name.as_str(), op.type_name.as_str()),
            ("get_message", "GetMessage")
        );
    }

    #[test]
    fn paging_is_what_the_listing_and_the_parameters_offer() {
        let listing = |path: &str, id: &str, params: &str, schema: &str| {
            format!(
                "  {path}:
    get:
      tags: [Chat]
      operationId: {id}
      parameters: [{params}]
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}
"
            )
        };
        let cursors = "{name: limit, in: query, schema: {type: string}}, \
                       {name: before, in: query, schema: {type: string}}, \
                       {name: after, in: query, schema: {type: string}}";
        let paths = [
            listing("/api/v2/linked", "getLinked", "", "Linked"),
            listing("/api/v2/counted", "getCounted", "", "Counted"),
            listing("/api/v2/history", "getHistory", cursors, "History"),
            listing("/api/v2/undated", "getUndated", cursors, "Counted"),
        ]
        .concat();
        let api = lower_yaml(
            paths.trim_end(),
            "    Linked:
      type: object
      properties:
        entities: {type: array, items: {$ref: '#/components/schemas/Message'}}
        nextUri: {type: string}
    Counted:
      type: object
      properties:
        entities: {type: array, items: {type: string}}
        total: {type: integer, format: int64}
    History:
      type: object
      properties:
        entities: {type: array, items: {$ref: '#/components/schemas/Message'}}
    Message:
      type: object
      required: [dateCreated]
      properties:
        dateCreated: {type: string, format: date-time}",
        );
        let walks: Vec<(&str, Option<&PageWalk>)> = api
            .operations()
            .map(|(_, o)| {
                (
                    o.method_name.as_str(),
                    o.pagination.as_ref().map(|p| &p.walk),
                )
            })
            .collect();
        let history = PageWalk::Cursor {
            before: "before".to_owned(),
            after: "after".to_owned(),
            limit: Some("limit".to_owned()),
            field: "date_created".to_owned(),
            field_required: true,
        };
        assert_eq!(
            walks,
            [
                // A total alone does not lead to a next page, nor do cursors without dated items.
                ("getCounted", None),
                ("getHistory", Some(&history)),
                ("getLinked", Some(&PageWalk::NextUri)),
                ("getUndated", None),
            ]
        );
    }

    #[test]
    fn chat_histories_of_the_spec_page_through_cursors() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        let api = crate::load_api(&crate::Config::new(root.join("spec")))
            .expect("the spec loads")
            .0;
        let paged: Vec<&str> = api
            .operations()
            .filter(|(_, o)| o.pagination.is_some())
            .map(|(_, o)| o.method_name.as_str())
            .collect();
        // getChatsUserMessages is documented by Genesys to return one ChatMessageResponse, not a listing;
        // getWebchatDeployments' listing has neither nextUri nor page fields.
        assert_eq!(paged, ["getChatsRoomMessages", "getChatsThreadMessages"]);
        for (_, op) in api.operations().filter(|(_, o)| o.pagination.is_some()) {
            let walk = &op.pagination.as_ref().expect("paged").walk;
            assert!(matches!(walk, PageWalk::Cursor { .. }), "{walk:?}");
        }
    }

    #[test]
    fn finds_listings_boxes_cycles_and_derives_defaults() {
        let api = lower_yaml(
            "  /api/v2/nodes:
    get:
      tags: [Graph]
      operationId: getNodes
      parameters:
        - {name: pageNumber, in: query, schema: {type: integer, format: int32}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/NodeListing'}}}",
            "    NodeListing:
      type: object
      properties:
        entities: {type: array, items: {$ref: '#/components/schemas/Node'}}
        pageCount: {type: integer, format: int32}
    Node:
      type: object
      required: [kind]
      properties:
        parent: {$ref: '#/components/schemas/Node'}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        kind: {type: string, enum: [a, b]}",
        );
        let (_, op) = api.operations().next().expect("one operation");
        let pagination = op.pagination.as_ref().expect("a listing");
        assert_eq!(pagination.item, Type::Named("Node".to_owned()));
        assert_eq!(
            pagination.walk,
            PageWalk::PageNumber {
                param: "pageNumber".to_owned()
            }
        );
        let node = api.type_def("Node").expect("Node");
        let TypeKind::Struct { fields, default } = &node.kind else {
            panic!("Node is a struct")
        };
        let boxed: Vec<(&str, bool)> = fields
            .iter()
            .map(|f| (f.rust_name.as_str(), f.boxed))
            .collect();
        assert_eq!(
            boxed,
            [("parent", true), ("children", false), ("kind", false)]
        );
        assert!(!default, "a required enum field has no default");
        assert!(matches!(
            api.type_def("NodeListing").map(|d| &d.kind),
            Some(TypeKind::Struct { default: true, .. })
        ));
        assert!(matches!(
            api.type_def("NodeKind").map(|d| &d.kind),
            Some(TypeKind::Enum { .. })
        ));
        assert!(
            node.used_by.contains("graph"),
            "feature gating follows use through fields"
        );
    }

    #[test]
    fn deprecation_names_the_replacement_method() {
        let api = lower_yaml(
            "  /api/v2/chat/settings:
    get:
      tags: [Chat]
      operationId: getChatSettings
      deprecated: true
      description: This route is deprecated, please use /api/v2/chats/settings instead.
      responses: {'204': {description: ok}}
  /api/v2/chats/settings:
    get:
      tags: [Chat]
      operationId: getChatsSettings
      responses: {'204': {description: ok}}",
            NO_SCHEMAS,
        );
        let note = api
            .operations()
            .find_map(|(_, o)| o.deprecation.as_ref())
            .map(Deprecation::note)
            .expect("a deprecated operation");
        assert_eq!(
            note,
            "deprecated by Genesys: use /api/v2/chats/settings instead (`chat().get_chats_settings()`)"
        );
    }

    #[test]
    fn a_removed_route_is_deprecated_with_its_release_and_replacement() {
        let api = lower_yaml(
            "  /api/v2/chat/settings:
    get:
      tags: [Chat]
      operationId: getChatSettings
      deprecated: true
      description: Use something else instead.
      x-genesys-removed: {sdk: 181.0.0, replacement: /api/v2/chats/settings}
      responses: {'204': {description: ok}}
  /api/v2/chats/settings:
    get:
      tags: [Chat]
      operationId: getChatsSettings
      responses: {'204': {description: ok}}",
            NO_SCHEMAS,
        );
        let (_, op) = api.operations().next().expect("an operation");
        let deprecation = op.deprecation.as_ref().expect("deprecated");
        assert_eq!(
            deprecation.replacement.as_deref(),
            Some("/api/v2/chats/settings")
        );
        assert_eq!(
            deprecation.note(),
            "removed from the Genesys Cloud API (Genesys SDK 181.0.0 release notes): use /api/v2/chats/settings \
             instead (`chat().get_chats_settings()`)"
        );
    }

    #[test]
    fn malformed_extensions_are_located_and_skip_their_operation() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: v2}\npaths:
  /old:
    get:
      tags: [Chat]
      operationId: getOld
      x-genesys-preview: 'yes'
      x-genesys-removed: {replacement: /new}
      responses: {'204': {description: ok}}
  /new:
    get:
      tags: [Chat]
      operationId: getNew
      responses: {'204': {description: ok}}\n";
        let document = crate::spec::parse_str(Path::new("test.yaml"), text).expect("valid OpenAPI");
        let spec = Spec {
            document,
            files: Vec::new(),
            origins: BTreeMap::new(),
            notes: Default::default(),
        };
        let (api, diagnostics) = lower(&spec);
        let problem = |key: &str| {
            diagnostics
                .0
                .iter()
                .find(|d| d.pointer == format!("/paths/~1old/get/{key}"))
                .unwrap_or_else(|| panic!("{diagnostics}"))
        };
        let removed = problem("x-genesys-removed");
        assert!(
            removed.message.contains("missing field `sdk`"),
            "{}",
            removed.message
        );
        let preview = problem("x-genesys-preview");
        assert!(
            preview.message.contains("expected a boolean"),
            "{}",
            preview.message
        );
        for problem in [removed, preview] {
            assert_eq!(problem.skipped_operation.as_deref(), Some("getOld"));
            assert!(problem.help.is_some());
        }
        let generated: Vec<&str> = api
            .iter()
            .flat_map(Api::operations)
            .map(|(_, op)| op.method_name.as_str())
            .collect();
        assert_eq!(generated, ["getNew"]);
    }
}

//! Merges the documents of a multi-file spec, reporting clashes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, ReferenceOr};

use super::Spec;
use crate::diagnostics::{Diagnostic, Diagnostics, pointer_segment};

/// Merges `documents` (in order) into one; `None` only when there are none.
pub(super) fn merge(
    documents: Vec<(PathBuf, OpenAPI)>,
    diagnostics: &mut Diagnostics,
) -> Option<Spec> {
    let files: Vec<PathBuf> = documents.iter().map(|(f, _)| f.clone()).collect();
    let mut origins = BTreeMap::new();
    let mut documents = documents.into_iter();
    let (first_file, mut merged) = documents.next()?;
    record_origins(&first_file, &merged, &mut origins);

    for (file, document) in documents {
        record_origins(&file, &document, &mut origins);
        if merged.servers.is_empty() {
            merged.servers = document.servers;
        }
        if merged.security.is_none() {
            merged.security = document.security;
        }
        for tag in document.tags {
            if !merged.tags.iter().any(|t| t.name == tag.name) {
                merged.tags.push(tag);
            }
        }
        for (path, item) in document.paths.paths {
            let pointer = format!("/paths/{}", pointer_segment(&path));
            match merged.paths.paths.get_mut(&path) {
                None => {
                    merged.paths.paths.insert(path, item);
                }
                Some(existing) => {
                    merge_path_item(existing, item, &pointer, &file, &origins, diagnostics)
                }
            }
        }
        if let Some(components) = document.components {
            let target = merged.components.get_or_insert_with(Components::default);
            let ctx = Context {
                file: &file,
                origins: &origins,
            };
            ctx.union(
                "schemas",
                &mut target.schemas,
                components.schemas,
                diagnostics,
            );
            ctx.union(
                "responses",
                &mut target.responses,
                components.responses,
                diagnostics,
            );
            ctx.union(
                "parameters",
                &mut target.parameters,
                components.parameters,
                diagnostics,
            );
            ctx.union(
                "requestBodies",
                &mut target.request_bodies,
                components.request_bodies,
                diagnostics,
            );
            ctx.union(
                "securitySchemes",
                &mut target.security_schemes,
                components.security_schemes,
                diagnostics,
            );
            ctx.union(
                "headers",
                &mut target.headers,
                components.headers,
                diagnostics,
            );
            ctx.union(
                "examples",
                &mut target.examples,
                components.examples,
                diagnostics,
            );
        }
    }
    Some(Spec {
        document: merged,
        files,
        origins,
        notes: Diagnostics::default(),
    })
}

/// Remembers the first file that defined each path and component, for locating later diagnostics.
fn record_origins(file: &Path, document: &OpenAPI, origins: &mut BTreeMap<String, PathBuf>) {
    for (path, item) in &document.paths.paths {
        let pointer = format!("/paths/{}", pointer_segment(path));
        match item {
            ReferenceOr::Item(item) => {
                for (method, _) in item.iter() {
                    origins
                        .entry(format!("{pointer}/{method}"))
                        .or_insert_with(|| file.to_path_buf());
                }
            }
            ReferenceOr::Reference { .. } => {
                origins.entry(pointer).or_insert_with(|| file.to_path_buf());
            }
        }
    }
    if let Some(components) = &document.components {
        let kinds = [
            ("schemas", components.schemas.keys().collect::<Vec<_>>()),
            ("responses", components.responses.keys().collect()),
            ("parameters", components.parameters.keys().collect()),
            ("requestBodies", components.request_bodies.keys().collect()),
            (
                "securitySchemes",
                components.security_schemes.keys().collect(),
            ),
            ("headers", components.headers.keys().collect()),
            ("examples", components.examples.keys().collect()),
        ];
        for (kind, names) in kinds {
            for name in names {
                origins
                    .entry(format!("/components/{kind}/{}", pointer_segment(name)))
                    .or_insert_with(|| file.to_path_buf());
            }
        }
    }
}

fn merge_path_item(
    existing: &mut ReferenceOr<openapiv3::PathItem>,
    incoming: ReferenceOr<openapiv3::PathItem>,
    pointer: &str,
    file: &PathBuf,
    origins: &BTreeMap<String, PathBuf>,
    diagnostics: &mut Diagnostics,
) {
    let (ReferenceOr::Item(existing), ReferenceOr::Item(incoming)) = (existing, incoming) else {
        diagnostics.push(
            Diagnostic::error(
                pointer,
                "this path is defined in two files and one of them is a `$ref`",
            )
            .with_help("define each path in one file only")
            .in_file(file),
        );
        return;
    };
    let slots = [
        ("get", &mut existing.get, incoming.get),
        ("put", &mut existing.put, incoming.put),
        ("post", &mut existing.post, incoming.post),
        ("delete", &mut existing.delete, incoming.delete),
        ("options", &mut existing.options, incoming.options),
        ("head", &mut existing.head, incoming.head),
        ("patch", &mut existing.patch, incoming.patch),
        ("trace", &mut existing.trace, incoming.trace),
    ];
    for (method, slot, operation) in slots {
        let Some(operation) = operation else { continue };
        if slot.is_some() {
            let pointer = format!("{pointer}/{method}");
            let first = origins
                .get(&pointer)
                .map_or_else(|| "another file".to_owned(), |f| f.display().to_string());
            diagnostics.push(
                Diagnostic::error(
                    &pointer,
                    format!(
                        "operation `{} {}` is defined twice: here and in {first}",
                        method.to_uppercase(),
                        pointer_path(&pointer)
                    ),
                )
                .with_help(
                    "keep one definition of each operation; move it to the file of its API group",
                )
                .in_file(file),
            );
        } else {
            *slot = Some(operation);
        }
    }
    existing.parameters.extend(incoming.parameters);
}

/// `/paths/~1api~1v2~1x/get` back to `/api/v2/x`, for messages.
fn pointer_path(pointer: &str) -> String {
    pointer
        .split('/')
        .nth(2)
        .unwrap_or_default()
        .replace("~1", "/")
        .replace("~0", "~")
}

struct Context<'a> {
    file: &'a PathBuf,
    origins: &'a BTreeMap<String, PathBuf>,
}

impl Context<'_> {
    /// Adds `incoming` components to `target`; an identical redefinition is fine, a different one is a clash.
    fn union<T: PartialEq>(
        &self,
        kind: &str,
        target: &mut IndexMap<String, T>,
        incoming: IndexMap<String, T>,
        diagnostics: &mut Diagnostics,
    ) {
        for (name, value) in incoming {
            match target.get(&name) {
                None => {
                    target.insert(name, value);
                }
                Some(existing) if *existing == value => {}
                Some(_) => {
                    let pointer = format!("/components/{kind}/{}", pointer_segment(&name));
                    let first = self
                        .origins
                        .get(&pointer)
                        .map_or_else(|| "another file".to_owned(), |f| f.display().to_string());
                    diagnostics.push(
                        Diagnostic::error(
                            &pointer,
                            format!("`{name}` is defined differently here and in {first}"),
                        )
                        .with_help(format!("keep one definition of `{name}` (shared ones belong in the common file), or rename one"))
                        .in_file(self.file),
                    );
                }
            }
        }
    }
}

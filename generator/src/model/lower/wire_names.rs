//! Names that go on the wire or into generated code as written (paths, method names, tags, parameter and property
//! names, enum values, permissions, schema names) must be single-line text: a line break or other control character
//! in one is a spec defect that no escaping can make right (it would be sent as is, or name nothing), so it is an
//! error located where the name is defined.

use crate::diagnostics::{Diagnostic, Diagnostics, pointer_segment};
use crate::model::{Group, Permissions, TypeDef, TypeKind};

/// Checks every wire name of the lowered groups and types.
pub(super) fn check(groups: &[Group], types: &[TypeDef], diagnostics: &mut Diagnostics) {
    let mut check = |pointer: String, what: &str, name: &str| {
        if name.contains(char::is_control) {
            diagnostics.push(
                Diagnostic::error(
                    pointer,
                    format!("{what} {name:?} contains a line break or another control character"),
                )
                .with_help(format!("remove the control characters from the {what}")),
            );
        }
    };
    for group in groups {
        for op in &group.operations {
            let at = &op.pointer;
            check(format!("{at}/tags/0"), "tag", &group.tag);
            check(at.clone(), "path", &op.path);
            check(at.clone(), "method name", &op.method_name);
            for param in &op.params {
                // The model keeps parameters in its own order, so the pointer names the list and the message the value.
                check(
                    format!("{at}/parameters"),
                    "parameter name",
                    &param.wire_name,
                );
                if let Some(default) = &param.default {
                    check(format!("{at}/parameters"), "parameter default", default);
                }
            }
            if let Permissions::Any(list) | Permissions::All(list) = &op.permissions {
                for permission in list {
                    let at = format!("{at}/x-inin-requires-permissions");
                    check(at, "permission", permission);
                }
            }
        }
    }
    for def in types {
        let at = &def.pointer;
        if let Some(name) = def.schema_name() {
            check(at.clone(), "schema name", name);
        }
        match &def.kind {
            TypeKind::Struct { fields, .. } => {
                for field in fields {
                    let field_at = format!("{at}/properties/{}", pointer_segment(&field.wire_name));
                    check(field_at, "property name", &field.wire_name);
                }
            }
            TypeKind::Enum { variants } => {
                for variant in variants {
                    check(format!("{at}/enum"), "enum value", &variant.wire_name);
                }
            }
            TypeKind::Union(union) => {
                if let crate::model::Tagging::Tagged(property) = &union.tagging {
                    let at = format!("{at}/discriminator");
                    check(at.clone(), "discriminator property", property);
                    for tag in union.variants.iter().flat_map(|v| &v.tags) {
                        check(at.clone(), "discriminator value", tag);
                    }
                }
            }
            TypeKind::Alias(_) => {}
        }
    }
}

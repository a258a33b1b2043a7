//! The vendor extensions (`x-…` keys) the generator reads: each key, the typed value it parses into and how to
//! write it, in one place.
//!
//! One policy for all of them: an `x-` key not listed here is ignored (specs carry many, e.g. Genesys's
//! `x-inin-method-name`); a listed key whose value does not parse is an error located at the key, saying what is
//! wrong and showing how to write it, and is taken as absent. Every malformed key of an operation is reported, and
//! lowering treats them as it treats any other defect of one operation: the operation is skipped with a warning
//! (an error for a spec generated with warnings denied, as the project's own is).
//!
//! A new extension is a variant of [`Extension`] (its key and how to write it) and a field of
//! `OperationExtensions` read in `OperationExtensions::parse`; `cargo xtask spec import` keeps every key of
//! [`Extension::ALL`] from upstream.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{Cause, Diagnostic};
use crate::model::Permissions;

/// A vendor extension the generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extension {
    /// `x-purecloud-method-name`: the Genesys SDK method name; `operationId` when absent.
    MethodName,
    /// `x-genesys-preview`: the operation is a preview API (compiled with the `preview` feature).
    Preview,
    /// `x-inin-requires-permissions`: the OAuth permissions the operation needs.
    Permissions,
    /// `x-genesys-removed`, the project's own: Genesys has removed the route (upstream no longer carries it).
    Removed,
}

impl Extension {
    /// Every extension the generator reads, sorted by key.
    pub const ALL: [Self; 4] = [
        Self::Preview,
        Self::Removed,
        Self::Permissions,
        Self::MethodName,
    ];

    /// Its key in the spec.
    pub const fn key(self) -> &'static str {
        match self {
            Self::MethodName => "x-purecloud-method-name",
            Self::Preview => "x-genesys-preview",
            Self::Permissions => "x-inin-requires-permissions",
            Self::Removed => "x-genesys-removed",
        }
    }

    /// How to write it, for the help of a malformed value.
    const fn example(self) -> &'static str {
        match self {
            Self::MethodName => "`x-purecloud-method-name: getChatsRoom` (a string)",
            Self::Preview => "`x-genesys-preview: true` (a boolean)",
            Self::Permissions => {
                "`x-inin-requires-permissions: {type: ANY, permissions: [domain:entity:action, …]}` (type ANY or ALL)"
            }
            Self::Removed => {
                "`x-genesys-removed: {sdk: 259.0.0, replacement: /api/v2/...}` (the Genesys SDK release that removed \
                 the route; `replacement` only when Genesys names one)"
            }
        }
    }
}

/// The extensions of one operation, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OperationExtensions {
    /// [`Extension::MethodName`].
    pub method_name: Option<String>,
    /// [`Extension::Preview`]; `false` when absent.
    pub preview: bool,
    /// [`Extension::Permissions`]; [`Permissions::None`] when absent or empty.
    pub permissions: Permissions,
    /// [`Extension::Removed`].
    pub removed: Option<Removed>,
}

/// The value of [`Extension::Removed`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Removed {
    /// The Genesys SDK release whose release notes remove the route.
    pub sdk: String,
    /// What Genesys names instead, when it names something.
    pub replacement: Option<String>,
}

/// The value of [`Extension::Permissions`].
#[derive(Deserialize)]
struct RequiredPermissions {
    #[serde(rename = "type")]
    kind: PermissionKind,
    permissions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
enum PermissionKind {
    Any,
    All,
}

impl From<RequiredPermissions> for Permissions {
    fn from(value: RequiredPermissions) -> Self {
        match value.kind {
            _ if value.permissions.is_empty() => Self::None,
            PermissionKind::Any => Self::Any(value.permissions),
            PermissionKind::All => Self::All(value.permissions),
        }
    }
}

impl OperationExtensions {
    /// Parses the extensions of the operation at `pointer`; each malformed one is an error in `problems`.
    pub(crate) fn parse(
        extensions: &IndexMap<String, Value>,
        pointer: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut keys = Keys {
            extensions,
            pointer,
            problems,
        };
        Self {
            method_name: keys.get(Extension::MethodName),
            preview: keys.get(Extension::Preview).unwrap_or(false),
            permissions: keys
                .get(Extension::Permissions)
                .map_or(Permissions::None, |p: RequiredPermissions| p.into()),
            removed: keys.get(Extension::Removed),
        }
    }
}

/// The extension keys of one operation, read one at a time.
struct Keys<'v, 'p> {
    extensions: &'v IndexMap<String, Value>,
    pointer: &'p str,
    problems: &'p mut Vec<Diagnostic>,
}

impl<'v> Keys<'v, '_> {
    /// The value of `extension` as `T`; `None` when absent, or malformed (an error at its key).
    fn get<T: Deserialize<'v>>(&mut self, extension: Extension) -> Option<T> {
        let key = extension.key();
        let value = self.extensions.get(key)?;
        T::deserialize(value)
            .map_err(|e| {
                self.problems.push(
                    Diagnostic::error(
                        format!("{}/{key}", self.pointer),
                        format!("malformed `{key}`: {e}"),
                    )
                    .with_help(format!("write {}", extension.example()))
                    .with_cause(Cause::Extension),
                );
            })
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> (OperationExtensions, Vec<Diagnostic>) {
        let extensions: IndexMap<String, Value> = serde_yaml::from_str(yaml).expect("YAML");
        let mut problems = Vec::new();
        let parsed = OperationExtensions::parse(&extensions, "/paths/~1a/get", &mut problems);
        (parsed, problems)
    }

    #[test]
    fn all_is_sorted_by_key_without_repeats() {
        let keys = Extension::ALL.map(Extension::key);
        assert!(keys.is_sorted_by(|a, b| a < b), "{keys:?}");
    }

    #[test]
    fn well_formed_extensions_parse_into_their_values() {
        let (parsed, problems) = parse(
            "x-purecloud-method-name: getA
x-genesys-preview: true
x-inin-requires-permissions: {type: ALL, permissions: ['a:b:c', 'd:e:f']}
x-genesys-removed: {sdk: 181.0.0, replacement: /b}
x-inin-method-name: ignored",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            parsed,
            OperationExtensions {
                method_name: Some("getA".to_owned()),
                preview: true,
                permissions: Permissions::All(vec!["a:b:c".to_owned(), "d:e:f".to_owned()]),
                removed: Some(Removed {
                    sdk: "181.0.0".to_owned(),
                    replacement: Some("/b".to_owned()),
                }),
            }
        );
        let (absent, problems) = parse("{}");
        assert!(problems.is_empty());
        assert_eq!(
            (absent.preview, absent.permissions),
            (false, Permissions::None)
        );
    }

    #[test]
    fn every_malformed_extension_is_a_located_error_with_a_fix() {
        let (parsed, problems) = parse(
            "x-purecloud-method-name: 12
x-genesys-preview: 'yes'
x-inin-requires-permissions: {type: SOME, permissions: ['a:b:c']}
x-genesys-removed: {replacement: /b}",
        );
        let located: Vec<(&str, &str)> = problems
            .iter()
            .map(|d| (d.pointer.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            located,
            [
                (
                    "/paths/~1a/get/x-purecloud-method-name",
                    "malformed `x-purecloud-method-name`: invalid type: integer `12`, expected a string"
                ),
                (
                    "/paths/~1a/get/x-genesys-preview",
                    "malformed `x-genesys-preview`: invalid type: string \"yes\", expected a boolean"
                ),
                (
                    "/paths/~1a/get/x-inin-requires-permissions",
                    "malformed `x-inin-requires-permissions`: unknown variant `SOME`, expected `ANY` or `ALL`"
                ),
                (
                    "/paths/~1a/get/x-genesys-removed",
                    "malformed `x-genesys-removed`: missing field `sdk`"
                ),
            ]
        );
        assert!(problems.iter().all(|d| {
            d.cause == Cause::Extension
                && d.help
                    .as_deref()
                    .is_some_and(|h| h.starts_with("write `x-"))
        }));
        // Each is taken as absent.
        assert_eq!(
            (
                parsed.method_name,
                parsed.preview,
                parsed.permissions,
                parsed.removed
            ),
            (None, false, Permissions::None, None)
        );
    }
}

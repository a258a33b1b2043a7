//! The classification policy (see the module docs of [`super`]): each kind of change, its impact on a Rust caller
//! of the generated client, and a one-line reason.

use std::collections::BTreeSet;

use super::{ChangeKind, Context, Impact};
use crate::model::Permissions;

/// The impact of `kind` on a caller, and why.
pub(crate) fn classify(kind: &ChangeKind, cx: &Context) -> (Impact, String) {
    let (impact, reason) = policy(kind, cx);
    let reason = if impact == Impact::Breaking && cx.preview {
        format!("{reason}; a preview operation, which Genesys may change without notice")
    } else {
        reason
    };
    (impact, reason)
}

fn policy(kind: &ChangeKind, cx: &Context) -> (Impact, String) {
    use ChangeKind as K;
    use Impact::{Additive, Breaking, Documentation};
    let item = &cx.rust_item;
    match kind {
        K::OperationAdded { preview: true, .. } => (Additive, format!("new method `{item}`, compiled only with the `preview` feature")),
        K::OperationAdded { deprecated: true, .. } => (Additive, format!("new method `{item}`, already `#[deprecated]`")),
        K::OperationAdded { .. } => (Additive, format!("new method `{item}`")),
        K::OperationRemoved { replacement, was_deprecated, .. } => {
            let mut reason = format!("calls to `{item}` stop compiling");
            if let Some(r) = replacement {
                reason.push_str(&format!("; likely replaced by `{r}` (same arguments and return type)"));
            }
            if let Some(note) = was_deprecated {
                reason.push_str(&format!("; it was {note}"));
            }
            (Breaking, reason)
        }
        K::MethodNameChanged { rust, .. } => (Breaking, format!("calls to `{item}` stop compiling: the method is now `{rust}`")),
        K::GroupChanged { old_module, new_module, .. } => (
            Breaking,
            format!("the method moves from `client.{old_module}()` to `client.{new_module}()` and behind the `{new_module}` feature"),
        ),
        K::PathChanged { .. } => (Breaking, "the same Rust call now reaches a different endpoint".to_owned()),
        K::HttpMethodChanged { .. } => (Breaking, "the same Rust call now sends a different request, with other semantics".to_owned()),
        K::ParamAdded { required: true, .. } => (Breaking, "existing calls don't pass it: a new positional argument".to_owned()),
        K::ParamAdded { rust, required: false, .. } => {
            (Additive, format!("a new setter `.{rust}(..)` on the request; existing calls are unchanged"))
        }
        K::ParamRemoved { required: true, .. } => (Breaking, "existing calls pass an argument that no longer exists".to_owned()),
        K::ParamRemoved { rust, required: false, .. } => (Breaking, format!("calls to the setter `.{rust}(..)` stop compiling")),
        K::ParamMadeRequired { .. } => (Breaking, "existing calls don't pass it: it becomes a positional argument".to_owned()),
        K::ParamMadeOptional { .. } => {
            (Breaking, "it moves from a positional argument to a setter, so existing calls pass one argument too many".to_owned())
        }
        K::ParamTypeChanged { old, new, .. } => (Breaking, format!("the argument's type changes from `{old}` to `{new}`")),
        K::ParamLocationChanged { .. } => {
            (Documentation, "the client sends it where the new spec says; the call is written the same".to_owned())
        }
        K::ParamsReordered { .. } => {
            (Breaking, "positional arguments change order: existing calls pass values in the wrong places".to_owned())
        }
        K::ParamDeprecationChanged { .. } => (Documentation, "the parameter still works; only its documentation changes".to_owned()),
        K::ParamDefaultChanged { .. } => (
            Documentation,
            "a server-side default: calls that omit the parameter get it whatever the client version".to_owned(),
        ),
        K::BodyAdded { required: true, .. } => (Breaking, "existing calls don't pass it: a new positional `body` argument".to_owned()),
        K::BodyAdded { required: false, .. } => (Additive, "a new `.body(..)` setter; existing calls are unchanged".to_owned()),
        K::BodyRemoved { required: true, .. } => (Breaking, "existing calls pass a `body` argument that no longer exists".to_owned()),
        K::BodyRemoved { required: false, .. } => (Breaking, "calls to the `.body(..)` setter stop compiling".to_owned()),
        K::BodyMadeRequired => (Breaking, "existing calls don't pass it: the body becomes a positional argument".to_owned()),
        K::BodyMadeOptional => (Breaking, "the body moves from a positional argument to a setter".to_owned()),
        K::BodyTypeChanged { old, new } => (Breaking, format!("the `body` argument's type changes from `{old}` to `{new}`")),
        K::ResponseTypeChanged { old, new } => (
            Breaking,
            format!(
                "`{item}` now returns `{}` instead of `{}`",
                new.as_deref().unwrap_or("()"),
                old.as_deref().unwrap_or("()")
            ),
        ),
        K::PreviewToGa => (Additive, "no longer needs the `preview` feature; code that enabled it is unaffected".to_owned()),
        K::GaToPreview => (Breaking, "now compiled only with the `preview` feature: calls without it stop compiling".to_owned()),
        K::Deprecated { note } => (Additive, format!("warning only: `#[deprecated]` warns at call sites, calls still compile ({note})")),
        K::Undeprecated => (Documentation, "the `#[deprecated]` warning goes away".to_owned()),
        K::DeprecationChanged { .. } => (Documentation, "the `#[deprecated]` note changes; calls still compile".to_owned()),
        K::PermissionsChanged { old, new } => (
            Documentation,
            format!("{}; the server enforces permissions whatever the client version, nothing a caller compiles changes", permission_effect(old, new)),
        ),
        K::DocsChanged { .. } => (Documentation, "documentation only".to_owned()),
        K::ModelAdded { .. } => (Additive, format!("new type `{item}`")),
        K::ModelRemoved { .. } => (Breaking, format!("code naming `{item}` stops compiling")),
        K::ModelShapeChanged { old, new } => (Breaking, format!("`{item}` changes from a Rust {} to a {}", rust_shape(old), rust_shape(new))),
        K::RustNameChanged { old, new } => (Breaking, format!("code naming `{old}` stops compiling: the type is now `{new}`")),
        K::PropertyAdded { rust, required: true, .. } => {
            (Breaking, format!("struct literals must now set `{rust}`, a plain (non-`Option`) field"))
        }
        K::PropertyAdded { rust, required: false, .. } => (
            Additive,
            format!(
                "a new `Option` field `{rust}`; construction with `..Default::default()` is unaffected (the structs are not #[non_exhaustive])"
            ),
        ),
        K::PropertyRemoved { rust, .. } => (Breaking, format!("code reading or setting `{rust}` stops compiling")),
        K::PropertyMadeRequired { rust, .. } => (Breaking, format!("`{rust}` changes from `Option<T>` to `T`")),
        K::PropertyMadeOptional { rust, .. } => (Breaking, format!("`{rust}` changes from `T` to `Option<T>`")),
        K::PropertyTypeChanged { rust, old, new, .. } => (Breaking, format!("`{rust}` changes type from `{old}` to `{new}`")),
        K::EnumValueAdded { rust, .. } => (
            Additive,
            format!(
                "a new variant `{rust}`; unknown values already decode into `Unknown(..)`, so only `match`es without a `_` arm notice"
            ),
        ),
        K::EnumValueRemoved { rust, .. } => (
            Breaking,
            format!("code naming the variant `{rust}` stops compiling; the value would decode into `Unknown(..)`"),
        ),
        K::AliasTargetChanged { old, new } => (Breaking, format!("`{item}` now means `{new}` instead of `{old}`")),
        K::UnionVariantAdded { rust, .. } => (
            Additive,
            format!(
                "a new variant `{rust}`; its values decoded into `Unknown(..)` before, so only `match`es without a `_` arm notice"
            ),
        ),
        K::UnionVariantRemoved { rust, .. } => (
            Breaking,
            format!("code naming the variant `{rust}` stops compiling; its values would decode into `Unknown(..)` or another variant"),
        ),
        K::UnionVariantTypeChanged { rust, old, new, .. } => {
            (Breaking, format!("the variant `{rust}` holds a `{new}` instead of a `{old}`"))
        }
        K::UnionTaggingChanged { .. } => (
            Breaking,
            "values are told apart another way: the same JSON may decode into another variant".to_owned(),
        ),
        K::UnionVariantTagsChanged { rust, removed, .. } if removed.is_empty() => {
            (Additive, format!("more values decode into `{rust}`; they decoded into `Unknown(..)` before"))
        }
        K::UnionVariantTagsChanged { rust, .. } => (
            Breaking,
            format!("values that decoded into `{rust}` now decode into `Unknown(..)` or another variant"),
        ),
    }
}

fn rust_shape(shape: &str) -> &str {
    match shape {
        "alias" => "type alias",
        "union" => "enum of types (a `oneOf`/`anyOf`)",
        other => other,
    }
}

fn permission_list(p: &Permissions) -> (Option<bool>, BTreeSet<&str>) {
    match p {
        Permissions::None => (None, BTreeSet::new()),
        Permissions::Any(list) => (Some(false), list.iter().map(String::as_str).collect()),
        Permissions::All(list) => (Some(true), list.iter().map(String::as_str).collect()),
    }
}

fn join(set: &BTreeSet<&str>) -> String {
    set.iter().copied().collect::<Vec<_>>().join(", ")
}

/// Whether callers may need new OAuth permissions, in words.
fn permission_effect(old: &Permissions, new: &Permissions) -> String {
    let (old_all, old_set) = permission_list(old);
    let (new_all, new_set) = permission_list(new);
    let added: BTreeSet<&str> = new_set.difference(&old_set).copied().collect();
    let removed: BTreeSet<&str> = old_set.difference(&new_set).copied().collect();
    match (old_all, new_all) {
        (None, Some(_)) => format!("callers may need new OAuth permissions: {}", join(&new_set)),
        (Some(_), None) => "no permission is needed any more".to_owned(),
        (Some(false), Some(true)) => {
            "callers may need new OAuth permissions: ALL of the listed ones instead of ANY one"
                .to_owned()
        }
        (Some(true), Some(false)) => {
            "looser: ANY one of the listed permissions is now enough".to_owned()
        }
        (Some(true), Some(true)) if !added.is_empty() => {
            format!("callers may need new OAuth permissions: {}", join(&added))
        }
        (Some(true), Some(true)) if !removed.is_empty() => {
            format!("looser: {} no longer needed", join(&removed))
        }
        (Some(false), Some(false)) if !removed.is_empty() => {
            format!(
                "callers relying on {} alone may need new OAuth permissions",
                join(&removed)
            )
        }
        (Some(false), Some(false)) if !added.is_empty() => {
            format!("looser: {} now also grants access", join(&added))
        }
        _ => "the list is reordered".to_owned(),
    }
}

//! Semantic API diff: what changed between two versions of the API, and what each change does to a Rust caller of
//! the generated client.
//!
//! [`diff`] compares two lowered models ([`Api`]) and returns every change as a [`Change`], classed by its
//! [`Impact`] with a one-line reason; [`ApiDiff::semver_bump`] names the version bump `generated-client` needs, and
//! [`render_text`] / [`render_markdown`] print the report (`cargo xtask api-diff`).
//!
//! # Matching
//!
//! Operations are matched by Genesys method name first, then (among the rest) by HTTP method and path: a pair found
//! the second way is a *method name change*. An operation that matches nothing was removed or added; when a removed
//! operation has an added twin in the same group (same HTTP method, parameters, body and response types), the
//! removal names it as the likely replacement (`pinnedmessages` → `messages/pins`). Models are matched by schema
//! name ([`TypeDef::schema_name`]), properties and enum values by their wire names, parameters by wire name (and
//! location, when a name is used twice). Types are compared structurally, a named type by its schema name. Inline
//! schemas (the enum of `Room.roomType`, a query parameter's enum) are not models of their own: they are compared
//! where they are used, and what changes inside them is reported on the model or operation that uses them, at the
//! property path (`roomType`, `settings.mobile`) or parameter name.
//!
//! # Classification policy
//!
//! A change is classed by what it does to code written against the generated client: `client.<group>()
//! .<method>(required path params, required query/header params, required body)` with optional parameters as
//! setters, models as plain structs (required fields `T`, optional ones `Option<T>`, not `#[non_exhaustive]`), string
//! enums with an `Unknown(String)` catch-all, preview operations behind the `preview` feature and deprecated ones
//! marked `#[deprecated]`.
//!
//! - **Breaking** (major): the caller's code stops compiling or silently does something else. Removed operations,
//!   models, properties, parameters and enum values; renamed methods (and group moves); a new required parameter,
//!   body or property; a parameter or property made required *or* optional (it moves between a positional argument
//!   and a setter, or between `T` and `Option<T>`); any type change of a parameter, body, response, property or
//!   alias; reordered positional arguments; a changed path or HTTP method (the same Rust call reaches a different
//!   endpoint); GA → preview (the method then needs the `preview` feature). Changes to operations that are preview
//!   in both versions are classed the same way (code that enabled `preview` breaks just the same); their reason
//!   says the operation is preview, which Genesys may change without notice.
//! - **Additive** (minor): existing code keeps compiling and working. New operations (preview ones only with the
//!   `preview` feature), models, optional parameters (new setters) and optional bodies; **optional properties**
//!   (struct literals are expected to end with `..Default::default()`; the structs are not `#[non_exhaustive]`, so a
//!   literal listing every field needs the new one, which is the usual trade-off for Genesys's constant stream of new
//!   optional response fields); **enum values** (the catch-all means the old client already decoded the value into
//!   `Unknown(..)`; a `match` needs a `_` arm, which the catch-all design already asks for); preview → GA; **newly
//!   deprecated** operations (warning only: `#[deprecated]` warns at call sites but calls still compile).
//! - **Documentation** (patch): nothing a caller compiles changes. Summaries and descriptions; a parameter's
//!   location (the client sends it where the new spec says; a resulting change of required-ness or argument order
//!   is reported as its own, breaking change); server-side defaults and parameter deprecation notes;
//!   undeprecation; and **permission changes**, including a longer `ALL` list or `ANY` → `ALL`. The server enforces
//!   permissions whatever the client version, so a release of the crate can neither cause nor prevent the 403; the
//!   reason says whether callers may need new OAuth permissions.
//!
//! A model that is a type alias is, at the places that use it, the type it names (`type Id = String` and `String`
//! are the same Rust type); the alias itself is still compared as a model.
//!
//! The bump is the largest class present: breaking → major, additive → minor, documentation → patch. While
//! `generated-client` is 0.x, Cargo reads 0.x → 0.(x+1) as the major step and 0.x.y → 0.x.(y+1) as the others.

mod classify;
mod compare;
mod render;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::model::{
    Api, Deprecation, HttpMethod, Operation, ParamLocation, Permissions, TypeDef, TypeKind,
    TypeOrigin,
};

pub use render::{render_markdown, render_text};

/// Every change between two versions of the API, sorted by group (shared models last), then subject.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiDiff {
    /// The changes.
    pub changes: Vec<Change>,
}

impl ApiDiff {
    /// The version bump `generated-client` needs: the largest class of change present.
    pub fn semver_bump(&self) -> Bump {
        self.changes
            .iter()
            .map(|c| c.class.bump())
            .max()
            .unwrap_or(Bump::None)
    }

    /// How many changes have this impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.class == impact).count()
    }

    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.class == Impact::Breaking)
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The API group (tag, e.g. `Chat`) of the operation, or of the model when only one group uses it; `None` for
    /// models shared by several groups or used by none.
    pub group: Option<String>,
    /// What changed.
    pub subject: Subject,
    /// How it changed.
    pub kind: ChangeKind,
    /// Its effect on a Rust caller.
    pub class: Impact,
    /// Why it has that effect, in one line.
    pub reason: String,
}

impl Change {
    /// What changed, in one line (without the subject), e.g. "parameter `limit` is now required".
    pub fn description(&self) -> String {
        self.kind.to_string()
    }
}

/// What a change is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// An operation, by its Genesys method name (the new one when it was renamed).
    Operation(String),
    /// A model, by its schema name.
    Model(String),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Operation(name) => f.write_str(name),
            Self::Model(name) => write!(f, "model {name}"),
        }
    }
}

/// The effect of a change on a Rust caller of the generated client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// The caller's code stops compiling or behaves differently.
    Breaking,
    /// New API; existing code is unaffected.
    Additive,
    /// Documentation (or server-side facts) only; nothing the caller compiles changes.
    Documentation,
}

impl Impact {
    /// The version bump a change of this class needs.
    pub fn bump(self) -> Bump {
        match self {
            Self::Breaking => Bump::Major,
            Self::Additive => Bump::Minor,
            Self::Documentation => Bump::Patch,
        }
    }

    /// `breaking`, `additive` or `documentation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Breaking => "breaking",
            Self::Additive => "additive",
            Self::Documentation => "documentation",
        }
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A semver bump, smallest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Documentation only.
    Patch,
    /// Additions only.
    Minor,
    /// At least one breaking change.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How something changed. Names are wire names (parameters, properties, enum values); a property path inside an
/// inline schema is dotted (`settings.mobile`), and `at` names where an inline enum is used (empty for a model that
/// is itself an enum). `rust` is how the new (for a removal: the old) lowered model names it in Rust — the setter,
/// the dotted field path, the enum variant, the method — taken from the model, never re-derived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// A new operation.
    OperationAdded {
        http_method: HttpMethod,
        path: String,
        preview: bool,
        deprecated: bool,
    },
    /// An operation is gone; `replacement` is an added operation with the same signature, when there is one.
    OperationRemoved {
        http_method: HttpMethod,
        path: String,
        replacement: Option<String>,
        was_deprecated: Option<String>,
    },
    /// Same HTTP method and path, another method name; `rust` is the new Rust method.
    MethodNameChanged {
        old: String,
        new: String,
        rust: String,
    },
    /// Same method name, another path.
    PathChanged { old: String, new: String },
    /// Same method name, another HTTP method.
    HttpMethodChanged { old: HttpMethod, new: HttpMethod },
    /// The operation moved to another API group (tag); the modules are the groups' Rust modules.
    GroupChanged {
        old: String,
        new: String,
        old_module: String,
        new_module: String,
    },
    /// A new parameter.
    ParamAdded {
        name: String,
        rust: String,
        location: ParamLocation,
        required: bool,
    },
    /// A parameter is gone.
    ParamRemoved {
        name: String,
        rust: String,
        location: ParamLocation,
        required: bool,
    },
    /// An optional parameter is now required.
    ParamMadeRequired { name: String },
    /// A required parameter is now optional.
    ParamMadeOptional { name: String },
    /// A parameter's type changed (types as Rust spells them).
    ParamTypeChanged {
        name: String,
        old: String,
        new: String,
    },
    /// A parameter moved (path, query, header).
    ParamLocationChanged {
        name: String,
        old: ParamLocation,
        new: ParamLocation,
    },
    /// The same positional arguments in another order.
    ParamsReordered { old: Vec<String>, new: Vec<String> },
    /// A parameter was deprecated (`true`) or undeprecated.
    ParamDeprecationChanged { name: String, deprecated: bool },
    /// A parameter's server-side default changed.
    ParamDefaultChanged {
        name: String,
        old: Option<String>,
        new: Option<String>,
    },
    /// A new request body.
    BodyAdded { ty: String, required: bool },
    /// The request body is gone.
    BodyRemoved { ty: String, required: bool },
    /// An optional request body is now required.
    BodyMadeRequired,
    /// A required request body is now optional.
    BodyMadeOptional,
    /// The request body's type changed.
    BodyTypeChanged { old: String, new: String },
    /// The response type changed; `None` is no response body.
    ResponseTypeChanged {
        old: Option<String>,
        new: Option<String>,
    },
    /// A preview operation is now generally available.
    PreviewToGa,
    /// A generally available operation is now preview.
    GaToPreview,
    /// The operation is newly deprecated.
    Deprecated { note: String },
    /// The operation is no longer deprecated.
    Undeprecated,
    /// The deprecation says something else (Genesys has now removed the route, or names another replacement).
    DeprecationChanged { old: String, new: String },
    /// The required permissions (list or ANY/ALL) changed.
    PermissionsChanged { old: Permissions, new: Permissions },
    /// Documentation text changed: `what` is e.g. `summary`, `description`, "description of parameter `limit`".
    DocsChanged { what: String },
    /// A new model; `shape` is `struct`, `enum` or `alias`.
    ModelAdded { shape: String },
    /// A model is gone.
    ModelRemoved { shape: String },
    /// A model changed shape (struct, enum, alias).
    ModelShapeChanged { old: String, new: String },
    /// The model's Rust name changed (the schema name did not).
    RustNameChanged { old: String, new: String },
    /// A new property.
    PropertyAdded {
        name: String,
        rust: String,
        required: bool,
    },
    /// A property is gone.
    PropertyRemoved {
        name: String,
        rust: String,
        required: bool,
    },
    /// An optional property is now required.
    PropertyMadeRequired { name: String, rust: String },
    /// A required property is now optional.
    PropertyMadeOptional { name: String, rust: String },
    /// A property's type changed.
    PropertyTypeChanged {
        name: String,
        rust: String,
        old: String,
        new: String,
    },
    /// A new enum value.
    EnumValueAdded {
        at: String,
        value: String,
        rust: String,
    },
    /// An enum value is gone.
    EnumValueRemoved {
        at: String,
        value: String,
        rust: String,
    },
    /// An alias model now names another type.
    AliasTargetChanged { old: String, new: String },
    /// A union has a new variant.
    UnionVariantAdded { at: String, rust: String },
    /// A union's variant is gone.
    UnionVariantRemoved { at: String, rust: String },
    /// A union's variant holds another type.
    UnionVariantTypeChanged {
        at: String,
        rust: String,
        old: String,
        new: String,
    },
    /// A union's values are told apart another way: `old` and `new` are the discriminator property, or `None` for
    /// an untagged union.
    UnionTaggingChanged {
        at: String,
        old: Option<String>,
        new: Option<String>,
    },
    /// Other discriminator values select a tagged union's variant.
    UnionVariantTagsChanged {
        at: String,
        rust: String,
        added: Vec<String>,
        removed: Vec<String>,
    },
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OperationAdded {
                http_method,
                path,
                preview,
                deprecated,
            } => {
                let flags = match (preview, deprecated) {
                    (true, true) => " as a deprecated preview",
                    (true, false) => " as a preview",
                    (false, true) => " as deprecated",
                    (false, false) => "",
                };
                write!(
                    f,
                    "operation added{flags} (`{} {path}`)",
                    http_method.as_str()
                )
            }
            Self::OperationRemoved {
                http_method, path, ..
            } => write!(f, "operation removed (`{} {path}`)", http_method.as_str()),
            Self::MethodNameChanged { old, new, .. } => {
                write!(f, "method name changed from `{old}` to `{new}`")
            }
            Self::PathChanged { old, new } => write!(f, "path changed from `{old}` to `{new}`"),
            Self::HttpMethodChanged { old, new } => write!(
                f,
                "HTTP method changed from {} to {}",
                old.as_str(),
                new.as_str()
            ),
            Self::GroupChanged { old, new, .. } => write!(f, "moved from API group {old} to {new}"),
            Self::ParamAdded {
                name,
                location,
                required,
                ..
            } => {
                write!(
                    f,
                    "{} {} parameter `{name}` added",
                    requiredness(*required),
                    location_name(*location)
                )
            }
            Self::ParamRemoved {
                name,
                location,
                required,
                ..
            } => {
                write!(
                    f,
                    "{} {} parameter `{name}` removed",
                    requiredness(*required),
                    location_name(*location)
                )
            }
            Self::ParamMadeRequired { name } => write!(f, "parameter `{name}` is now required"),
            Self::ParamMadeOptional { name } => write!(f, "parameter `{name}` is now optional"),
            Self::ParamTypeChanged { name, old, new } => {
                write!(f, "parameter `{name}` type changed from `{old}` to `{new}`")
            }
            Self::ParamLocationChanged { name, old, new } => {
                write!(
                    f,
                    "parameter `{name}` moved from the {} to the {}",
                    location_place(*old),
                    location_place(*new)
                )
            }
            Self::ParamsReordered { old, new } => {
                write!(
                    f,
                    "positional parameters reordered from ({}) to ({})",
                    old.join(", "),
                    new.join(", ")
                )
            }
            Self::ParamDeprecationChanged {
                name,
                deprecated: true,
            } => write!(f, "parameter `{name}` deprecated"),
            Self::ParamDeprecationChanged {
                name,
                deprecated: false,
            } => write!(f, "parameter `{name}` no longer deprecated"),
            Self::ParamDefaultChanged { name, old, new } => write!(
                f,
                "parameter `{name}` default changed from {} to {}",
                old.as_deref()
                    .map_or_else(|| "none".to_owned(), |d| format!("`{d}`")),
                new.as_deref()
                    .map_or_else(|| "none".to_owned(), |d| format!("`{d}`"))
            ),
            Self::BodyAdded { ty, required } => {
                write!(f, "{} request body `{ty}` added", requiredness(*required))
            }
            Self::BodyRemoved { ty, required } => {
                write!(f, "{} request body `{ty}` removed", requiredness(*required))
            }
            Self::BodyMadeRequired => f.write_str("request body is now required"),
            Self::BodyMadeOptional => f.write_str("request body is now optional"),
            Self::BodyTypeChanged { old, new } => {
                write!(f, "request body type changed from `{old}` to `{new}`")
            }
            Self::ResponseTypeChanged { old, new } => write!(
                f,
                "response type changed from {} to {}",
                old.as_deref()
                    .map_or_else(|| "no body".to_owned(), |t| format!("`{t}`")),
                new.as_deref()
                    .map_or_else(|| "no body".to_owned(), |t| format!("`{t}`"))
            ),
            Self::PreviewToGa => f.write_str("no longer preview (now generally available)"),
            Self::GaToPreview => f.write_str("now a preview operation"),
            Self::Deprecated { .. } => f.write_str("deprecated"),
            Self::Undeprecated => f.write_str("no longer deprecated"),
            Self::DeprecationChanged { old, new } => {
                write!(f, "deprecation changed from \"{old}\" to \"{new}\"")
            }
            Self::PermissionsChanged { old, new } => {
                write!(
                    f,
                    "permissions changed from {} to {}",
                    permissions_text(old),
                    permissions_text(new)
                )
            }
            Self::DocsChanged { what } => write!(f, "{what} changed"),
            Self::ModelAdded { shape } => write!(f, "{shape} added"),
            Self::ModelRemoved { shape } => write!(f, "{shape} removed"),
            Self::ModelShapeChanged { old, new } => write!(f, "changed from {old} to {new}"),
            Self::RustNameChanged { old, new } => {
                write!(f, "Rust name changed from `{old}` to `{new}`")
            }
            Self::PropertyAdded { name, required, .. } => {
                write!(f, "{} property `{name}` added", requiredness(*required))
            }
            Self::PropertyRemoved { name, required, .. } => {
                write!(f, "{} property `{name}` removed", requiredness(*required))
            }
            Self::PropertyMadeRequired { name, .. } => {
                write!(f, "property `{name}` is now required")
            }
            Self::PropertyMadeOptional { name, .. } => {
                write!(f, "property `{name}` is now optional")
            }
            Self::PropertyTypeChanged { name, old, new, .. } => {
                write!(f, "property `{name}` type changed from `{old}` to `{new}`")
            }
            Self::EnumValueAdded { at, value, .. } if at.is_empty() => {
                write!(f, "enum value `{value}` added")
            }
            Self::EnumValueAdded { at, value, .. } => {
                write!(f, "enum value `{value}` added to `{at}`")
            }
            Self::EnumValueRemoved { at, value, .. } if at.is_empty() => {
                write!(f, "enum value `{value}` removed")
            }
            Self::EnumValueRemoved { at, value, .. } => {
                write!(f, "enum value `{value}` removed from `{at}`")
            }
            Self::AliasTargetChanged { old, new } => {
                write!(f, "type changed from `{old}` to `{new}`")
            }
            Self::UnionVariantAdded { at, rust } => {
                write!(f, "union variant `{rust}` added{}", within(at))
            }
            Self::UnionVariantRemoved { at, rust } => {
                write!(f, "union variant `{rust}` removed{}", within(at))
            }
            Self::UnionVariantTypeChanged { at, rust, old, new } => write!(
                f,
                "union variant `{rust}`{} changed type from `{old}` to `{new}`",
                within(at)
            ),
            Self::UnionTaggingChanged { at, old, new } => {
                let tagging = |t: &Option<String>| match t {
                    Some(property) => format!("tagged by `{property}`"),
                    None => "untagged".to_owned(),
                };
                write!(
                    f,
                    "union{} changed from {} to {}",
                    within(at),
                    tagging(old),
                    tagging(new)
                )
            }
            Self::UnionVariantTagsChanged {
                at,
                rust,
                added,
                removed,
            } => {
                let list = |values: &[String]| {
                    values
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                write!(
                    f,
                    "discriminator values of union variant `{rust}`{}",
                    within(at)
                )?;
                if !added.is_empty() {
                    write!(f, ": added {}", list(added))?;
                }
                if !removed.is_empty() {
                    write!(
                        f,
                        "{} removed {}",
                        if added.is_empty() { ":" } else { ";" },
                        list(removed)
                    )?;
                }
                Ok(())
            }
        }
    }
}

fn requiredness(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

fn location_place(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query string",
        ParamLocation::Header => "headers",
    }
}

/// `ANY of [a, b]`, `ALL of [a]`, `none`.
pub(crate) fn permissions_text(p: &Permissions) -> String {
    match p {
        Permissions::None => "none".to_owned(),
        Permissions::Any(list) => format!("ANY of [{}]", list.join(", ")),
        Permissions::All(list) => format!("ALL of [{}]", list.join(", ")),
    }
}

/// Compares two versions of the API. Pure and deterministic: the same inputs give the same changes in the same order.
pub fn diff(old: &Api, new: &Api) -> ApiDiff {
    let mut sink = Sink::default();
    diff_operations(old, new, &mut sink);
    diff_models(old, new, &mut sink);
    let mut changes = sink.changes;
    // Stable: the changes of one subject keep the order they were found in.
    changes.sort_by(|a, b| {
        (a.group.is_none(), &a.group, &a.subject).cmp(&(b.group.is_none(), &b.group, &b.subject))
    });
    ApiDiff { changes }
}

/// Collects changes, classing each as it is recorded.
#[derive(Default)]
pub(crate) struct Sink {
    changes: Vec<Change>,
}

/// What the classifier needs to know about the subject of a change.
#[derive(Clone, Debug, Default)]
pub(crate) struct Context {
    pub(crate) group: Option<String>,
    /// How a caller names it: `chat().get_chats_room()` or `Room`.
    pub(crate) rust_item: String,
    /// The operation is preview in both versions (for a removed operation: in the old one).
    pub(crate) preview: bool,
}

impl Sink {
    pub(crate) fn push(&mut self, subject: &Subject, context: &Context, kind: ChangeKind) {
        let (class, reason) = classify::classify(&kind, context);
        self.changes.push(Change {
            group: context.group.clone(),
            subject: subject.clone(),
            kind,
            class,
            reason,
        });
    }
}

/// Whether a type is a named inline schema rather than a component schema.
pub(crate) fn is_inline(def: &TypeDef) -> bool {
    def.origin == TypeOrigin::Inline
}

fn rust_call(module: &str, op: &Operation) -> String {
    format!("{module}().{}()", op.fn_name)
}

fn diff_operations(old: &Api, new: &Api, sink: &mut Sink) {
    let old_ops: Vec<(&crate::model::Group, &Operation)> = old.operations().collect();
    let new_ops: Vec<(&crate::model::Group, &Operation)> = new.operations().collect();
    let new_by_name: BTreeMap<&str, usize> = new_ops
        .iter()
        .enumerate()
        .map(|(i, (_, o))| (o.method_name.as_str(), i))
        .collect();

    let mut pairs: Vec<(usize, usize, bool)> = Vec::new(); // (old, new, matched by path)
    let mut old_done = vec![false; old_ops.len()];
    let mut new_done = vec![false; new_ops.len()];
    for (i, (_, op)) in old_ops.iter().enumerate() {
        if let Some(&j) = new_by_name.get(op.method_name.as_str()) {
            pairs.push((i, j, false));
            old_done[i] = true;
            new_done[j] = true;
        }
    }
    let new_by_route: BTreeMap<(HttpMethod, &str), usize> = new_ops
        .iter()
        .enumerate()
        .filter(|(j, _)| !new_done[*j])
        .map(|(j, (_, o))| ((o.http_method, o.path.as_str()), j))
        .collect();
    for (i, (_, op)) in old_ops.iter().enumerate() {
        if old_done[i] {
            continue;
        }
        if let Some(&j) = new_by_route.get(&(op.http_method, op.path.as_str())) {
            if !new_done[j] {
                pairs.push((i, j, true));
                old_done[i] = true;
                new_done[j] = true;
            }
        }
    }

    // Likely replacements: a removed operation and an added one with the same signature in the same group.
    let added: Vec<(usize, String)> = (0..new_ops.len())
        .filter(|j| !new_done[*j])
        .map(|j| (j, compare::signature(new, new_ops[j].1)))
        .collect();
    let mut taken = BTreeSet::new();
    let mut replacements: BTreeMap<usize, usize> = BTreeMap::new();
    for i in (0..old_ops.len()).filter(|i| !old_done[*i]) {
        let (old_group, old_op) = old_ops[i];
        let old_sig = compare::signature(old, old_op);
        let best = added
            .iter()
            .filter(|(j, sig)| {
                let (g, o) = new_ops[*j];
                !taken.contains(j)
                    && g.tag == old_group.tag
                    && o.http_method == old_op.http_method
                    && *sig == old_sig
            })
            .max_by_key(|(j, _)| {
                (
                    path_similarity(&old_op.path, &new_ops[*j].1.path),
                    std::cmp::Reverse(*j),
                )
            });
        if let Some(&(j, _)) = best {
            taken.insert(j);
            replacements.insert(i, j);
        }
    }

    for (i, (group, op)) in old_ops.iter().enumerate() {
        if old_done[i] {
            continue;
        }
        let context = Context {
            group: Some(group.tag.clone()),
            rust_item: rust_call(&group.module, op),
            preview: op.preview,
        };
        sink.push(
            &Subject::Operation(op.method_name.clone()),
            &context,
            ChangeKind::OperationRemoved {
                http_method: op.http_method,
                path: op.path.clone(),
                replacement: replacements
                    .get(&i)
                    .map(|&j| new_ops[j].1.method_name.clone()),
                was_deprecated: op.deprecation.as_ref().map(Deprecation::note),
            },
        );
    }
    for (j, (group, op)) in new_ops.iter().enumerate() {
        if new_done[j] {
            continue;
        }
        let context = Context {
            group: Some(group.tag.clone()),
            rust_item: rust_call(&group.module, op),
            preview: false,
        };
        sink.push(
            &Subject::Operation(op.method_name.clone()),
            &context,
            ChangeKind::OperationAdded {
                http_method: op.http_method,
                path: op.path.clone(),
                preview: op.preview,
                deprecated: op.deprecation.is_some(),
            },
        );
    }
    for (i, j, by_route) in pairs {
        let (old_group, old_op) = old_ops[i];
        let (new_group, new_op) = new_ops[j];
        let subject = Subject::Operation(new_op.method_name.clone());
        let context = Context {
            group: Some(new_group.tag.clone()),
            rust_item: rust_call(&new_group.module, new_op),
            preview: old_op.preview && new_op.preview,
        };
        if by_route {
            let kind = ChangeKind::MethodNameChanged {
                old: old_op.method_name.clone(),
                new: new_op.method_name.clone(),
                rust: new_op.fn_name.clone(),
            };
            let context = Context {
                rust_item: rust_call(&old_group.module, old_op),
                ..context.clone()
            };
            sink.push(&subject, &context, kind);
        }
        if old_group.tag != new_group.tag {
            let kind = ChangeKind::GroupChanged {
                old: old_group.tag.clone(),
                new: new_group.tag.clone(),
                old_module: old_group.module.clone(),
                new_module: new_group.module.clone(),
            };
            sink.push(&subject, &context, kind);
        }
        compare::operation(old, old_op, new, new_op, &subject, &context, sink);
    }
}

/// How alike two paths are: the number of equal segments at the start plus at the end.
fn path_similarity(a: &str, b: &str) -> usize {
    let a: Vec<&str> = a.split('/').collect();
    let b: Vec<&str> = b.split('/').collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    prefix + suffix.min(a.len().min(b.len()).saturating_sub(prefix))
}

/// The group of a model: the tag of the one group whose operations use it, if exactly one does.
fn model_group(api: &Api, def: &TypeDef) -> Option<String> {
    let mut modules = def.used_by.iter();
    match (modules.next(), modules.next()) {
        (Some(module), None) => api
            .groups
            .iter()
            .find(|g| &g.module == module)
            .map(|g| g.tag.clone()),
        _ => None,
    }
}

pub(crate) fn shape_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "struct",
        TypeKind::Enum { .. } => "enum",
        TypeKind::Alias(_) => "alias",
        TypeKind::Union(_) => "union",
    }
}

/// ` in `at`` for a change inside a model (empty for the model itself).
fn within(at: &str) -> String {
    if at.is_empty() {
        String::new()
    } else {
        format!(" in `{at}`")
    }
}

fn diff_models(old: &Api, new: &Api, sink: &mut Sink) {
    let components = |api: &'_ Api| -> BTreeMap<String, usize> {
        api.types
            .iter()
            .enumerate()
            .filter_map(|(i, t)| Some((t.schema_name()?.to_owned(), i)))
            .collect()
    };
    let old_models = components(old);
    let new_models = components(new);
    for (name, &i) in &old_models {
        if new_models.contains_key(name) {
            continue;
        }
        let def = &old.types[i];
        let context = Context {
            group: model_group(old, def),
            rust_item: def.rust_name.clone(),
            preview: false,
        };
        sink.push(
            &Subject::Model(name.clone()),
            &context,
            ChangeKind::ModelRemoved {
                shape: shape_name(&def.kind).to_owned(),
            },
        );
    }
    for (name, &j) in &new_models {
        let new_def = &new.types[j];
        let context = Context {
            group: model_group(new, new_def),
            rust_item: new_def.rust_name.clone(),
            preview: false,
        };
        let subject = Subject::Model(name.clone());
        match old_models.get(name) {
            None => sink.push(
                &subject,
                &context,
                ChangeKind::ModelAdded {
                    shape: shape_name(&new_def.kind).to_owned(),
                },
            ),
            Some(&i) => compare::model(old, &old.types[i], new, new_def, &subject, &context, sink),
        }
    }
}

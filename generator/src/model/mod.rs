//! Stage 2: the typed intermediate model of the API that emission works from.
//!
//! Everything here is already checked and named: identifiers are valid, unique Rust names, collections are in
//! their output order, and every [`Type::Named`] refers to an entry of [`Api::types`].

mod lower;
pub mod names;

use std::collections::BTreeSet;

pub use lower::lower;

/// The whole API.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// The first server URL.
    pub server_url: String,
    /// API groups, sorted by module name.
    pub groups: Vec<Group>,
    /// Named types (component schemas and named inline schemas), sorted by Rust name.
    pub types: Vec<TypeDef>,
}

impl Api {
    /// The named type called `rust_name`.
    pub fn type_def(&self, rust_name: &str) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|t| t.rust_name.as_str().cmp(rust_name))
            .ok()
            .map(|i| &self.types[i])
    }

    /// Every operation, group by group.
    pub fn operations(&self) -> impl Iterator<Item = (&Group, &Operation)> {
        self.groups
            .iter()
            .flat_map(|g| g.operations.iter().map(move |o| (g, o)))
    }
}

/// An API group: the operations sharing a first tag (`Chat` → ChatApi, module and feature `chat`).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The tag, e.g. `WebChat`.
    pub tag: String,
    /// The SDK-style API name, e.g. `WebChatApi`.
    pub api_name: String,
    /// Module and Cargo feature name, e.g. `webchat`.
    pub module: String,
    /// The tag's description.
    pub description: Option<String>,
    /// Operations, sorted by method name.
    pub operations: Vec<Operation>,
}

/// One API operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The Genesys method name (`x-purecloud-method-name`, else `operationId`), e.g. `getChatsRoom`.
    pub method_name: String,
    /// The Rust method name, e.g. `get_chats_room`.
    pub fn_name: String,
    /// The Rust marker type name, e.g. `GetChatsRoom`.
    pub type_name: String,
    /// HTTP method.
    pub http_method: HttpMethod,
    /// Path template, e.g. `/api/v2/chats/rooms/{roomJid}`.
    pub path: String,
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Parameters: path params in path order, then required, then optional query and header params.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub response: Option<Type>,
    /// How the success response's body is read into `response`.
    pub response_encoding: ResponseEncoding,
    /// Required OAuth permissions.
    pub permissions: Permissions,
    /// `x-genesys-preview`.
    pub preview: bool,
    /// `deprecated`, with the replacement when the description names one.
    pub deprecation: Option<Deprecation>,
    /// How to walk pages, when the response is a Genesys entity listing.
    pub pagination: Option<Pagination>,
    /// Where it is in the spec.
    pub pointer: String,
}

impl Operation {
    /// Whether the caller can set anything beyond the positional arguments.
    pub fn has_optional_params(&self) -> bool {
        self.params.iter().any(|p| !p.required) || self.body.as_ref().is_some_and(|b| !b.required)
    }
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl HttpMethod {
    /// Upper case, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
        }
    }

    /// The runtime's variant name.
    pub fn variant(self) -> &'static str {
        match self {
            Self::Get => "Get",
            Self::Post => "Post",
            Self::Put => "Put",
            Self::Patch => "Patch",
            Self::Delete => "Delete",
            Self::Head => "Head",
            Self::Options => "Options",
        }
    }
}

/// `x-inin-requires-permissions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Permissions {
    /// Absent: no permissions needed.
    None,
    /// `type: ANY`: any one of these.
    Any(Vec<String>),
    /// `type: ALL`: all of these.
    All(Vec<String>),
}

/// Why and for what an operation is deprecated; [`Deprecation::note`] renders it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deprecation {
    /// What to use instead, as the spec names it (often a path such as `/api/v2/chats/settings`).
    pub replacement: Option<String>,
    /// The replacement's Rust method in this API (`chat().get_chats_settings()`), when it is one of its operations.
    pub replacement_method: Option<String>,
    /// Set when Genesys has removed the route from its API, not only deprecated it (`x-genesys-removed`).
    pub removal: Option<Removal>,
}

/// `x-genesys-removed`: Genesys has removed the route; the project keeps it (its callers may still reach older
/// deployments) and says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removal {
    /// The Genesys SDK release whose release notes remove the route, e.g. `259.0.0`.
    pub sdk_version: String,
}

impl Deprecation {
    /// The note for `#[deprecated(note = ...)]` and the docs, e.g. `removed from the Genesys Cloud API (Genesys SDK
    /// 181.0.0 release notes): use /api/v2/chats/settings instead (`chat().get_chats_settings()`)`.
    pub fn note(&self) -> String {
        let mut note = match &self.removal {
            Some(removal) => format!(
                "removed from the Genesys Cloud API (Genesys SDK {} release notes)",
                removal.sdk_version
            ),
            None => "deprecated by Genesys".to_owned(),
        };
        if let Some(replacement) = &self.replacement {
            note.push_str(&format!(": use {replacement} instead"));
            if let Some(method) = &self.replacement_method {
                note.push_str(&format!(" (`{method}`)"));
            }
        }
        note
    }
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// A `{name}` path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// How a parameter's value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// `?id=a&id=b` (`style: form, explode: true`, the default).
    Multi,
    /// `?id=a,b` (`explode: false`).
    Csv,
    /// An object (model or map) in the query: each property a pair of its own, `?status=open`
    /// (`style: form`, `explode: true`).
    FormObject,
    /// An object in the query as one pair of alternating keys and values, `?filter=status,open`
    /// (`style: form`, `explode: false`).
    FormObjectCsv,
    /// An object in the query as `?filter[status]=open` (`style: deepObject`).
    DeepObject,
    /// The value as JSON text (a parameter described with `content: application/json`).
    Json,
    /// An array in the query as one pair of space-separated values, `?id=a%20b` (`spaceDelimited`).
    SpaceDelimited,
    /// An array in the query as one pair of pipe-separated values, `?id=a|b` (`pipeDelimited`).
    PipeDelimited,
    /// An object in a path or header as alternating keys and values, `role,admin,level,3` (`style: simple`).
    SimpleObject,
    /// An object in a path or header as `role=admin,level=3` (`style: simple`, `explode: true`).
    SimpleObjectExploded,
}

impl ParamStyle {
    /// Whether the value is serialized as a whole (through serde) rather than as text.
    pub fn is_structured(self) -> bool {
        !matches!(
            self,
            Self::Multi | Self::Csv | Self::SpaceDelimited | Self::PipeDelimited
        )
    }
}

/// A path, query or header parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The name on the wire, e.g. `pageSize`.
    pub wire_name: String,
    /// The Rust name, e.g. `page_size`.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether the caller must give it.
    pub required: bool,
    /// Its type.
    pub ty: Type,
    /// How its value is written: arrays, objects, JSON.
    pub style: ParamStyle,
    /// Its description.
    pub description: Option<String>,
    /// The server's default, as written in the spec.
    pub default: Option<String>,
    /// `deprecated` on the parameter.
    pub deprecated: bool,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// Its type: [`Type::String`] for a text body, [`Type::Bytes`] for a binary one.
    pub ty: Type,
    /// How it is sent.
    pub encoding: BodyEncoding,
    /// Whether the caller must give it.
    pub required: bool,
    /// Its description.
    pub description: Option<String>,
}

/// How a request body is encoded on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json` (and `+json` types).
    Json,
    /// `application/x-www-form-urlencoded`: the same typed body, encoded as a form.
    Form,
    /// `multipart/form-data`: the typed body, each field a part ([`Type::File`] fields file parts).
    Multipart,
    /// Text (`text/*`, XML, YAML, NDJSON): the caller's string, sent as it is.
    Text {
        /// The `Content-Type` it is sent with.
        content_type: String,
    },
    /// Anything else (`application/octet-stream`, `image/*`, `application/pdf`, …): the caller's bytes.
    Binary {
        /// The `Content-Type` it is sent with.
        content_type: String,
    },
}

/// How a success response's body is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResponseEncoding {
    /// Decoded from JSON (or ignored, when the operation returns nothing).
    #[default]
    Json,
    /// Text (`text/*`, XML, YAML, NDJSON): a UTF-8 `String`.
    Text,
    /// Anything else: the bytes as received.
    Binary,
}

/// How to walk the pages of an entity listing.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// The type of one entity.
    pub item: Type,
    /// How the next page is asked for.
    pub walk: PageWalk,
}

/// How the next page of a listing is asked for: decided from the operation's parameters and the listing's fields.
#[derive(Clone, Debug, PartialEq)]
pub enum PageWalk {
    /// An integer query parameter selects the page (`pageNumber`); the listing has `pageCount`, `pageSize` or
    /// `nextUri` to tell when to stop.
    PageNumber {
        /// The parameter's wire name.
        param: String,
    },
    /// The listing links the next page in its `nextUri` field.
    NextUri,
    /// Time-ordered history (Chat's message listings): the `before` and `after` query parameters take a date-time,
    /// and the next page starts at the date-time of the oldest item (walking back) or the newest (walking
    /// forward).
    Cursor {
        /// The wire name of the parameter that ends the window (`before`).
        before: String,
        /// The wire name of the parameter that starts the window (`after`).
        after: String,
        /// The wire name of the page-size parameter (`limit`), when there is one.
        limit: Option<String>,
        /// The Rust name of the item's date-time field the cursors take (`dateCreated`).
        field: String,
        /// Whether the item always has that field.
        field_required: bool,
    },
}

/// A type in the API.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Type {
    /// A string.
    String,
    /// A boolean.
    Bool,
    /// `integer`/`int32`.
    I32,
    /// `integer`/`int64`.
    I64,
    /// `number`/`float`.
    F32,
    /// `number`/`double` (and plain `number`).
    F64,
    /// `string`/`date-time`.
    DateTime,
    /// `string`/`date`.
    Date,
    /// Any JSON value (free-form objects, untyped schemas).
    Any,
    /// Raw bytes: a binary request body or response (never a JSON value).
    Bytes,
    /// A file (bytes, file name, content type): a `format: binary` field of a multipart body's own model.
    File,
    /// An array.
    Array(Box<Type>),
    /// A map with string keys (`additionalProperties`).
    Map(Box<Type>),
    /// A named type: the Rust name of an entry of [`Api::types`].
    Named(String),
}

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust name, unique in the API.
    pub rust_name: String,
    /// Where it comes from in the spec.
    pub origin: TypeOrigin,
    /// Its description.
    pub description: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// The modules (groups) of the operations that use it, directly or through other types; empty when no operation
    /// uses it (it is then always compiled).
    pub used_by: BTreeSet<String>,
    /// Which ways it travels as JSON.
    pub serde: SerdeUse,
    /// Where it is in the spec.
    pub pointer: String,
}

impl TypeDef {
    /// The name of its component schema; `None` for an inline schema.
    pub fn schema_name(&self) -> Option<&str> {
        match &self.origin {
            TypeOrigin::Component(name) => Some(name),
            TypeOrigin::Inline => None,
        }
    }
}

/// Where a named type comes from in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeOrigin {
    /// A component schema (`components.schemas`), by its name there.
    Component(String),
    /// An inline schema (an object or enum written where it is used), named after that place; it is at
    /// [`TypeDef::pointer`].
    Inline,
}

/// Which ways a type travels as JSON. Decoding code is most of a large client's compile time, so `Deserialize` is
/// generated only for types received (or, with feature `serde-both`, for all); a type nothing uses gets both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SerdeUse {
    /// Sent in a request body.
    pub serialize: bool,
    /// Received in a response body.
    pub deserialize: bool,
}

impl SerdeUse {
    /// Both ways.
    pub const BOTH: Self = Self {
        serialize: true,
        deserialize: true,
    };
}

/// The shape of a named type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with known fields.
    Struct {
        /// Its fields, in spec order.
        fields: Vec<Field>,
        /// Whether every field has a default value, so the struct can derive `Default`.
        default: bool,
    },
    /// A string enum.
    Enum {
        /// Its values.
        variants: Vec<Variant>,
    },
    /// Another name for a type.
    Alias(Type),
    /// A `oneOf`/`anyOf` of two or more types: a Rust enum with one variant per type, plus an `Unknown` variant
    /// that keeps a value matching none of them.
    Union(Union),
}

/// A `oneOf`/`anyOf`, as [`TypeKind::Union`].
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// How a value's variant is told apart.
    pub tagging: Tagging,
    /// Its variants, in spec order.
    pub variants: Vec<UnionVariant>,
}

/// How a union's variant is told apart on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tagging {
    /// The `discriminator`: the wire name of the property (`petType`) whose value selects the variant (see
    /// [`UnionVariant::tags`]).
    Tagged(String),
    /// No discriminator: the first variant (in spec order) the value decodes as.
    Untagged,
}

/// One variant of a [`Union`].
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The type it holds.
    pub ty: Type,
    /// For a tagged union, the discriminator values that select it (the `mapping` keys naming its schema, else the
    /// schema name), the first being the one it is sent with; empty for an untagged union.
    pub tags: Vec<String>,
    /// Whether it needs a `Box` to break a cycle of types containing each other.
    pub boxed: bool,
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The JSON name.
    pub wire_name: String,
    /// The Rust name.
    pub rust_name: String,
    /// Its type.
    pub ty: Type,
    /// Whether it must be present; optional fields are `Option`.
    pub required: bool,
    /// Whether it needs a `Box` to break a cycle of types containing each other.
    pub boxed: bool,
    /// Its description.
    pub description: Option<String>,
    /// `readOnly`: set by the server only.
    pub read_only: bool,
}

/// An enum value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The value on the wire.
    pub wire_name: String,
    /// The Rust variant name.
    pub rust_name: String,
}

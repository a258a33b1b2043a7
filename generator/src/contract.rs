//! What generated code and the hand-written runtime (`generated-client/src/runtime/`) must agree on, beyond what
//! compiling the generated code checks: the runtime crate's names, the Cargo features generated code gates on, the
//! macros it calls and the methods those macros give every request type (a parameter must not take their names).
//! `tests/contract.rs` checks each fact against the runtime's source and manifest.

/// The runtime crate's package name, as a standalone crate's manifest depends on it.
pub const RUNTIME_PACKAGE: &str = "genesys-cloud";

/// The runtime crate's library name, as generated code and its doc examples spell it.
pub const RUNTIME_CRATE: &str = "genesys_cloud";

/// The dependencies the runtime crate re-exports (`pub use chrono;`), so doc examples reach them through it
/// (`genesys_cloud::chrono::Utc`) and a reader needs no dependency of their own to run one.
pub const REEXPORTED_CRATES: &[&str] = &["chrono", "serde_json"];

/// The Cargo feature that compiles the operations Genesys marks as preview.
pub const PREVIEW_FEATURE: &str = "preview";

/// The Cargo feature that derives `Deserialize` also on models the API only receives in requests.
pub const SERDE_BOTH_FEATURE: &str = "serde-both";

/// The `runtime` macro that gives a request type its shared methods ([`REQUEST_METHODS`]).
pub const REQUEST_METHODS_MACRO: &str = "request_methods";

/// The `runtime` macro that implements a string enum with an `Unknown(String)` catch-all.
pub const STRING_ENUM_MACRO: &str = "string_enum";

/// The `runtime` macro that implements `Serialize` and `Deserialize` for a model struct.
pub const SERDE_STRUCT_MACRO: &str = "serde_struct";

/// The `runtime` macro that implements `Serialize` for a union.
pub const SERIALIZE_UNION_MACRO: &str = "serialize_union";

/// The `runtime` macro that implements `Deserialize` for a union.
pub const DESERIALIZE_UNION_MACRO: &str = "deserialize_union";

/// The methods [`REQUEST_METHODS_MACRO`] defines on every request type (`pages` and `items` only on paginated
/// ones); parameter setters are renamed around them.
pub const REQUEST_METHODS: &[&str] = &[
    "header",
    "timeout",
    "retry",
    "send",
    "into_future",
    "into_request",
    "pages",
    "items",
];

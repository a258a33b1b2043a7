//! What a run tells its user: the cause of each diagnostic, warnings grouped by cause, and the closing summary.
//!
//! An upstream spec can produce thousands of warnings of one kind; listed one by one they drown the rest. Grouped,
//! each cause is one block with its count and first few locations (`--verbose` lists them all), and the closing
//! line says what was generated and what was skipped, by cause.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::model::Api;

/// Why a diagnostic was raised: one variant per kind of problem, so diagnostics can be counted and grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cause {
    /// A `$ref` that does not resolve in the document.
    UnresolvedRef,
    /// A path placeholder with no declared path parameter.
    UndeclaredPathParam,
    /// A declared path parameter that is not in the path.
    UnusedPathParam,
    /// A query, path or header parameter of object type.
    ObjectParam,
    /// A parameter described with `content` instead of `schema`.
    ContentParam,
    /// A cookie parameter.
    CookieParam,
    /// A query parameter style other than `form`.
    ParamStyle,
    /// Success responses with different schemas.
    MixedResponses,
    /// A schema typed as any JSON value: `not`, or a `oneOf`/`anyOf` without an alternative that has a type.
    UnionSchema,
    /// An `allOf` part that is not an object.
    AllOfPart,
    /// An `allOf` that references itself.
    AllOfCycle,
    /// Two method names equal after case conversion.
    NameCollision,
    /// One method name used by two operations.
    DuplicateMethodName,
    /// An HTTP method the client cannot send.
    HttpMethod,
    /// A vendor extension the generator reads whose value is malformed (see [`crate::extensions`]).
    Extension,
    /// A `paths` key that is not a path (no leading `/`).
    PathKey,
    /// A valid construct the generator does not use (callbacks, say).
    Ignored,
    /// A spec whose operations all had to be skipped.
    NothingGenerated,
    /// Anything else (a structural or file error).
    #[default]
    Other,
}

impl Cause {
    /// A short, stable name (used in grouped output and the corpus table).
    pub fn code(self) -> &'static str {
        match self {
            Self::UnresolvedRef => "unresolved-ref",
            Self::UndeclaredPathParam => "undeclared-path-param",
            Self::UnusedPathParam => "unused-path-param",
            Self::ObjectParam => "object-param",
            Self::ContentParam => "content-param",
            Self::CookieParam => "cookie-param",
            Self::ParamStyle => "param-style",
            Self::MixedResponses => "mixed-responses",
            Self::UnionSchema => "union-schema",
            Self::AllOfPart => "allof-part",
            Self::AllOfCycle => "allof-cycle",
            Self::NameCollision => "name-collision",
            Self::DuplicateMethodName => "duplicate-method-name",
            Self::HttpMethod => "http-method",
            Self::Extension => "extension",
            Self::PathKey => "path-key",
            Self::Ignored => "ignored",
            Self::NothingGenerated => "nothing-generated",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How many locations a grouped cause shows before it says how many more there are.
const FIRST_FEW: usize = 3;

/// The warnings and notes of a run, one block per cause (all of them when `verbose`).
pub fn grouped(diagnostics: &Diagnostics, verbose: bool) -> String {
    let mut by_cause: BTreeMap<(Severity, Cause), Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics
        .0
        .iter()
        .filter(|d| d.severity != Severity::Error)
    {
        by_cause.entry((d.severity, d.cause)).or_default().push(d);
    }
    let mut out = String::new();
    // Warnings before notes.
    for ((_, cause), list) in by_cause.iter().rev() {
        if verbose || list.len() <= FIRST_FEW {
            for d in list {
                let _ = writeln!(out, "{d}\n");
            }
            continue;
        }
        let level = list[0].severity;
        let _ = writeln!(
            out,
            "{}[{cause}]: {} times; the first {FIRST_FEW}:",
            level.label(),
            list.len()
        );
        for d in &list[..FIRST_FEW] {
            let _ = writeln!(out, "  {}\n    --> {}", d.message, d.location());
        }
        if let Some(help) = &list[0].help {
            let _ = writeln!(out, "  help: {help}");
        }
        let _ = writeln!(
            out,
            "  … and {} more (--verbose lists them all)\n",
            list.len() - FIRST_FEW
        );
    }
    out
}

/// What a run generated and skipped: the closing line of the binary, and one row of the corpus table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Operations generated.
    pub operations_generated: usize,
    /// API groups generated.
    pub groups: usize,
    /// Types generated.
    pub types: usize,
    /// Skipped operations, by the cause of their first problem.
    pub skipped: BTreeMap<Cause, usize>,
    /// Warnings, by cause.
    pub warnings: BTreeMap<Cause, usize>,
}

impl Summary {
    /// The summary of a lowered API and the diagnostics that came with it.
    pub fn new(api: &Api, diagnostics: &Diagnostics) -> Self {
        let mut warnings = BTreeMap::new();
        for d in diagnostics.warnings() {
            *warnings.entry(d.cause).or_default() += 1;
        }
        Self {
            operations_generated: api.operations().count(),
            groups: api.groups.len(),
            types: api.types.len(),
            skipped: skipped_by_cause(diagnostics),
            warnings,
        }
    }
}

/// Each skipped operation once, counted under the first cause (in cause order) of the problems that skipped it.
pub fn skipped_by_cause(diagnostics: &Diagnostics) -> BTreeMap<Cause, usize> {
    let mut first: BTreeMap<&str, Cause> = BTreeMap::new();
    for d in &diagnostics.0 {
        if let Some(operation) = &d.skipped_operation {
            first
                .entry(operation)
                .and_modify(|c| *c = (*c).min(d.cause))
                .or_insert(d.cause);
        }
    }
    let mut counts = BTreeMap::new();
    for cause in first.into_values() {
        *counts.entry(cause).or_default() += 1;
    }
    counts
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "generated {} operations in {} groups and {} types",
            self.operations_generated, self.groups, self.types
        )?;
        let skipped: usize = self.skipped.values().sum();
        if skipped > 0 {
            let causes: Vec<String> = self
                .skipped
                .iter()
                .map(|(cause, n)| format!("{n} {cause}"))
                .collect();
            write!(f, "; skipped {skipped} ({})", causes.join(", "))?;
        }
        let warnings: usize = self.warnings.values().sum();
        if warnings > 0 {
            write!(f, "; {warnings} warning(s)")?;
        }
        Ok(())
    }
}

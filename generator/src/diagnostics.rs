//! Located, human-readable problems found in a spec.
//!
//! Every stage collects diagnostics instead of stopping at the first problem, so a maintainer sees
//! everything that is wrong with a spec in one run.

use std::fmt;
use std::path::PathBuf;

pub use crate::report::Cause;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// A valid construct the generator ignores; nothing is lost that a client could use.
    Note,
    /// The item was skipped or degraded; generation still succeeds.
    Warning,
    /// Generation fails.
    Error,
}

impl Severity {
    /// How it is printed.
    pub fn label(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// One problem, with where it is, what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// The spec file it is in, when known.
    pub file: Option<PathBuf>,
    /// A JSON-pointer-like location inside the document, e.g. `/paths/~1api~1v2~1chats/get`.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// What kind of problem it is, for grouping and counting.
    pub cause: Cause,
    /// The method name of the operation this problem skipped, if it skipped one.
    pub skipped_operation: Option<Box<str>>,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, pointer, message)
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, pointer, message)
    }

    fn new(severity: Severity, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity,
            file: None,
            pointer: pointer.into(),
            message: message.into(),
            help: None,
            cause: Cause::Other,
            skipped_operation: None,
        }
    }

    /// A note at `pointer`: something valid that the generator ignores.
    pub fn note(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, pointer, message).with_cause(Cause::Ignored)
    }

    /// Says what kind of problem it is.
    pub fn with_cause(mut self, cause: Cause) -> Self {
        self.cause = cause;
        self
    }

    /// Where it is: `file#pointer`, or `#pointer` when the file is unknown.
    pub fn location(&self) -> String {
        match &self.file {
            Some(file) => format!("{}#{}", file.display(), self.pointer),
            None => format!("#{}", self.pointer),
        }
    }

    /// Adds how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the file it is in.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}\n  --> {}",
            self.severity.label(),
            self.message,
            self.location()
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Escapes one JSON-pointer segment (RFC 6901): `~` as `~0`, `/` as `~1`.
pub fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A list of diagnostics, reported together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Sorts them into a stable order (errors first, then by file and location).
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (b.severity, &a.file, &a.pointer, &a.message)
                .cmp(&(a.severity, &b.file, &b.pointer, &b.message))
        });
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        let errors = self
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = self.warnings().count();
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

impl std::error::Error for Diagnostics {}

//! The report: plain text (one line per change) and Markdown (release-notes style, grouped by API group).

use std::fmt::Write as _;

use super::{ApiDiff, Bump, Change, Impact, Subject};

const SHARED: &str = "Shared models";

/// The summary: the bump `generated-client` needs and the counts.
fn summary(diff: &ApiDiff) -> String {
    let counts = format!(
        "{} breaking, {} additive and {} documentation-only changes",
        diff.count(Impact::Breaking),
        diff.count(Impact::Additive),
        diff.count(Impact::Documentation)
    );
    match diff.semver_bump() {
        Bump::None => "no changes: generated-client needs no new version".to_owned(),
        Bump::Major => format!(
            "major version bump for generated-client ({counts}; while it is 0.x: 0.x → 0.(x+1))"
        ),
        bump => format!(
            "{bump} version bump for generated-client ({counts}; while it is 0.x: 0.x.y → 0.x.(y+1))"
        ),
    }
}

/// The changes grouped by API group, in diff order (shared models last).
fn groups(diff: &ApiDiff) -> Vec<(&str, Vec<&Change>)> {
    let mut out: Vec<(&str, Vec<&Change>)> = Vec::new();
    for change in &diff.changes {
        let name = change.group.as_deref().unwrap_or(SHARED);
        match out.last_mut() {
            Some((last, list)) if *last == name => list.push(change),
            _ => out.push((name, vec![change])),
        }
    }
    out
}

/// Plain text: a summary line naming both versions, then one section per group with one line per change.
pub fn render_text(diff: &ApiDiff, old_label: &str, new_label: &str) -> String {
    let mut out = format!("API diff {old_label} → {new_label}: {}\n", summary(diff));
    for (group, changes) in groups(diff) {
        let _ = write!(out, "\n{group}\n");
        for c in changes {
            let _ = writeln!(
                out,
                "  [{}] {}: {} — {}",
                c.class,
                c.subject,
                c.description(),
                c.reason
            );
        }
    }
    out
}

/// Markdown release notes: `## Group` sections with breaking, additive and documentation changes as bullet lists.
pub fn render_markdown(diff: &ApiDiff, old_label: &str, new_label: &str) -> String {
    let mut out = format!("# API changes: {old_label} → {new_label}\n\n");
    let _ = writeln!(out, "**{}**", capitalize(&summary(diff)));
    for (group, changes) in groups(diff) {
        let _ = write!(out, "\n## {group}\n");
        for (impact, title) in [
            (Impact::Breaking, "Breaking changes (major)"),
            (Impact::Additive, "Additive changes (minor)"),
            (Impact::Documentation, "Documentation changes (patch)"),
        ] {
            let of_class: Vec<&&Change> = changes.iter().filter(|c| c.class == impact).collect();
            if of_class.is_empty() {
                continue;
            }
            let _ = write!(out, "\n### {title}\n\n");
            for c in of_class {
                let subject = match &c.subject {
                    Subject::Operation(name) => format!("`{name}`"),
                    Subject::Model(name) => format!("model `{name}`"),
                };
                let _ = writeln!(out, "- {subject}: {} — {}", c.description(), c.reason);
            }
        }
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

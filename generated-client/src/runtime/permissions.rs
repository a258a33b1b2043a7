//! Which OAuth permissions operations need, and whether a set of grants covers them.
//!
//! Genesys Cloud permissions have the form `domain:entity:action` (e.g. `chat:room:view`).
//! A grant may use `*` for a segment: `chat:room:*`, `chat:*:*`, `*:*:*`; a trailing `*`
//! also covers any remaining segments (`chat:*`, `*`). Comparison ignores ASCII case.
//!
//! ```
//! use genesys_cloud::runtime::{is_permitted, HttpMethod, OperationMeta, Permissions};
//!
//! static GET_ROOM: OperationMeta = OperationMeta {
//!     group: "Chat",
//!     method_name: "getChatsRoom",
//!     http_method: HttpMethod::Get,
//!     path: "/api/v2/chats/rooms/{roomJid}",
//!     permissions: Permissions::Any(&["chat:room:view", "chat:room:admin"]),
//!     preview: false,
//!     deprecated: false,
//!     summary: "Get a room",
//! };
//! assert!(is_permitted(&GET_ROOM, &["chat:*:*"]));
//! assert!(!is_permitted(&GET_ROOM, &["chat:message:*"]));
//! ```

use std::collections::BTreeSet;
use std::fmt;

use super::operation::{OperationMeta, Permissions};

/// A set of granted permissions, parsed once for repeated checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PermissionSet {
    grants: Vec<Vec<String>>,
}

impl PermissionSet {
    /// Parses grants such as `chat:room:view` or `chat:*:*`. Blank entries are ignored.
    pub fn new<I, S>(grants: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let grants = grants
            .into_iter()
            .filter_map(|g| {
                let g = g.as_ref().trim();
                (!g.is_empty()).then(|| {
                    g.split(':')
                        .map(|s| s.trim().to_ascii_lowercase())
                        .collect()
                })
            })
            .collect();
        PermissionSet { grants }
    }

    /// Whether some grant covers `permission`.
    pub fn allows(&self, permission: &str) -> bool {
        let required: Vec<String> = permission
            .trim()
            .split(':')
            .map(|s| s.trim().to_ascii_lowercase())
            .collect();
        self.grants
            .iter()
            .any(|grant| grant_covers(grant, &required))
    }

    /// Whether these grants satisfy `op`'s permissions (ANY: one of them; ALL: every one).
    pub fn permits(&self, op: &OperationMeta) -> bool {
        match op.permissions {
            Permissions::None => true,
            Permissions::All(list) => list.iter().all(|p| self.allows(p)),
            Permissions::Any(list) => list.is_empty() || list.iter().any(|p| self.allows(p)),
        }
    }

    /// Whether these grants satisfy every requirement.
    pub fn satisfies(&self, required: &RequiredPermissions) -> bool {
        required.all.iter().all(|p| self.allows(p))
            && required
                .any_of
                .iter()
                .all(|set| set.iter().any(|p| self.allows(p)))
    }

    /// The requirements these grants do not satisfy.
    pub fn missing(&self, required: &RequiredPermissions) -> RequiredPermissions {
        RequiredPermissions {
            all: required
                .all
                .iter()
                .filter(|p| !self.allows(p))
                .cloned()
                .collect(),
            any_of: required
                .any_of
                .iter()
                .filter(|set| !set.iter().any(|p| self.allows(p)))
                .cloned()
                .collect(),
        }
    }
}

fn grant_covers(grant: &[String], required: &[String]) -> bool {
    for (i, g) in grant.iter().enumerate() {
        let last = i + 1 == grant.len();
        match required.get(i) {
            None => return false,
            Some(_) if g == "*" && last => return true,
            Some(r) if g == "*" || g == r => {}
            Some(_) => return false,
        }
    }
    grant.len() == required.len()
}

/// Whether `granted` satisfies `op`'s permissions, honouring ANY vs ALL and wildcard grants.
pub fn is_permitted(op: &OperationMeta, granted: &[&str]) -> bool {
    PermissionSet::new(granted).permits(op)
}

/// The permissions needed to call a set of operations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequiredPermissions {
    /// Permissions that are all needed.
    pub all: BTreeSet<String>,
    /// Sets of which at least one permission each is needed (already minimal: no set is
    /// satisfied by `all`, none is a superset of another).
    pub any_of: Vec<BTreeSet<String>>,
}

impl RequiredPermissions {
    /// The minimal requirement for every permission in `all` and one permission of each of `any_sets`: sets
    /// already satisfied by `all` (wildcards included) are dropped, as are empty sets, duplicates and supersets of
    /// other sets.
    pub fn new(
        all: BTreeSet<String>,
        any_sets: impl IntoIterator<Item = BTreeSet<String>>,
    ) -> Self {
        let granted_by_all = PermissionSet::new(&all);
        let mut any_sets: Vec<BTreeSet<String>> = any_sets
            .into_iter()
            .filter(|set| !set.is_empty() && !set.iter().any(|p| granted_by_all.allows(p)))
            .collect();
        // Smallest sets first so that supersets are found after their subsets.
        any_sets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        let mut any_of: Vec<BTreeSet<String>> = Vec::new();
        for set in any_sets {
            if !any_of.iter().any(|kept| kept.is_subset(&set)) {
                any_of.push(set);
            }
        }
        any_of.sort();
        RequiredPermissions { all, any_of }
    }

    /// Whether nothing is required.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.any_of.is_empty()
    }
}

impl fmt::Display for RequiredPermissions {
    /// E.g. `chat:message:create, chat:room:view, one of (chat:room:admin | chat:room:edit)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("no permissions required");
        }
        let mut first = true;
        for p in &self.all {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            f.write_str(p)?;
        }
        for set in &self.any_of {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            let alternatives: Vec<&str> = set.iter().map(String::as_str).collect();
            write!(f, "one of ({})", alternatives.join(" | "))?;
        }
        Ok(())
    }
}

/// The permissions an OAuth client needs to call all of `ops`: every permission of an ALL
/// operation, and for each ANY operation one of its permissions. ANY sets already satisfied by
/// the ALL permissions are dropped, as are duplicates and supersets of other ANY sets.
pub fn required_permissions<'m>(
    ops: impl IntoIterator<Item = &'m OperationMeta>,
) -> RequiredPermissions {
    let mut all = BTreeSet::new();
    let mut any_sets: Vec<BTreeSet<String>> = Vec::new();
    for op in ops {
        match op.permissions {
            Permissions::None => {}
            Permissions::All(list) => all.extend(list.iter().map(|p| (*p).to_owned())),
            Permissions::Any(list) => any_sets.push(list.iter().map(|p| (*p).to_owned()).collect()),
        }
    }
    RequiredPermissions::new(all, any_sets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covers(grant: &str, required: &str) -> bool {
        PermissionSet::new([grant]).allows(required)
    }

    #[test]
    fn wildcard_matching() {
        assert!(covers("chat:room:view", "chat:room:view"));
        assert!(covers("Chat:Room:View", "chat:room:view"));
        assert!(covers("chat:room:*", "chat:room:view"));
        assert!(covers("chat:*:*", "chat:room:view"));
        assert!(covers("*:*:*", "chat:room:view"));
        assert!(covers("chat:*", "chat:room:view"));
        assert!(covers("*", "chat:room:view"));
        assert!(covers("chat:*:view", "chat:room:view"));
        assert!(!covers("chat:*:edit", "chat:room:view"));
        assert!(!covers("chat:room", "chat:room:view"));
        assert!(!covers("chat:room:view:extra", "chat:room:view"));
        assert!(!covers("webchat:*:*", "chat:room:view"));
        assert!(!covers("chat:room:view", "chat:room:*"));
        assert!(!PermissionSet::new(["", "  "]).allows("chat:room:view"));
    }

    #[test]
    fn minimal_requirement() {
        let set = |items: &[&str]| -> BTreeSet<String> {
            items.iter().map(|p| (*p).to_owned()).collect()
        };
        let required = RequiredPermissions::new(
            set(&["chat:room:*"]),
            [
                set(&["chat:room:view", "chat:room:admin"]), // covered by the wildcard
                set(&["chat:message:create", "chat:message:admin"]), // superset of the next
                set(&["chat:message:create"]),
                set(&["chat:message:create"]), // duplicate
                set(&[]),                      // nothing to satisfy
            ],
        );
        assert_eq!(required.all, set(&["chat:room:*"]));
        assert_eq!(required.any_of, vec![set(&["chat:message:create"])]);
    }
}

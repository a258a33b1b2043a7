//! `cargo xtask permissions`: the API surface at a glance, and the permissions an OAuth client needs.
//!
//! - `cargo xtask permissions [--group G] [--format text|markdown|tsv]` prints every operation (or those of one
//!   group, named by tag, API name or module) with its HTTP method, path, permission type and list, and preview and
//!   deprecated flags, then a line counting operations per permission type (on stderr for `tsv`, so the table stays
//!   machine-readable).
//! - `cargo xtask permissions --required-for getChatsRoom,put_chats_settings` prints what an OAuth client needs to
//!   call those operations: every permission of their `ALL` lists, one permission of each `ANY` list (lists already
//!   satisfied by those, wildcards included, or implied by a smaller list, are shown as covered), and the operations
//!   needing nothing. What to grant is the runtime's own minimiser (`RequiredPermissions::new`, what
//!   `genesys_cloud::runtime::required_permissions` gives a program); this module only adds which operations need it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use genesys_cloud::runtime::{PermissionSet, RequiredPermissions};
use genesys_codegen::model::{Api, Group, Operation, Permissions};

use crate::workspace_root;

/// Arguments of `cargo xtask permissions`.
#[derive(clap::Args)]
pub struct Args {
    /// Only this group: its tag (`WebChat`), API name (`WebChatApi`) or module (`webchat`), in any case.
    #[arg(long)]
    pub group: Option<String>,
    /// How to print.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Instead of the table, print the permissions needed to call these operations: method names
    /// (`getChatsRoom`) or Rust names (`get_chats_room`), comma separated.
    #[arg(long, value_delimiter = ',', value_name = "METHODS")]
    pub required_for: Vec<String>,
    /// The spec (file or directory) to read instead of the workspace's `spec/`.
    #[arg(long)]
    pub spec: Option<PathBuf>,
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Text,
    /// A Markdown table.
    Markdown,
    /// Tab-separated values with a header line.
    Tsv,
}

pub fn run(args: &Args) -> Result<ExitCode, String> {
    let spec = args
        .spec
        .clone()
        .unwrap_or_else(|| workspace_root().join("spec"));
    let (api, warnings) =
        genesys_codegen::load_api(&genesys_codegen::Config::new(&spec)).map_err(|diagnostics| {
            format!("cannot read the spec at {}:\n{diagnostics}", spec.display())
        })?;
    if !warnings.0.is_empty() {
        eprintln!("{warnings}\n");
    }
    let operations = select(&api, args.group.as_deref())?;
    if args.required_for.is_empty() {
        let (table, summary) = render_table(&operations, args.format);
        print!("{table}");
        if args.format == Format::Tsv {
            eprintln!("{summary}");
        } else {
            println!("\n{summary}");
        }
    } else {
        print!(
            "{}",
            render_required(&operations, &args.required_for, args.format)?
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The operations of the whole API, or of the group named `group` (tag, API name or module, any case).
pub fn select<'a>(
    api: &'a Api,
    group: Option<&str>,
) -> Result<Vec<(&'a Group, &'a Operation)>, String> {
    let Some(name) = group else {
        return Ok(api.operations().collect());
    };
    let found = api.groups.iter().find(|g| {
        [&g.tag, &g.api_name, &g.module]
            .iter()
            .any(|candidate| candidate.eq_ignore_ascii_case(name))
    });
    match found {
        Some(group) => Ok(group.operations.iter().map(|op| (group, op)).collect()),
        None => {
            let known: Vec<String> = api
                .groups
                .iter()
                .map(|g| format!("{} ({})", g.module, g.api_name))
                .collect();
            Err(format!(
                "no group `{name}`; the groups are: {}",
                known.join(", ")
            ))
        }
    }
}

/// `ANY`, `ALL` or `NONE`, and the list.
fn kind_and_list(permissions: &Permissions) -> (&'static str, &[String]) {
    match permissions {
        Permissions::Any(list) if !list.is_empty() => ("ANY", list),
        Permissions::All(list) if !list.is_empty() => ("ALL", list),
        _ => ("NONE", &[]),
    }
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

/// The table of `operations` and the summary line counting them per permission type.
pub fn render_table(operations: &[(&Group, &Operation)], format: Format) -> (String, String) {
    let header = [
        "OPERATION",
        "GROUP",
        "HTTP",
        "PATH",
        "TYPE",
        "PERMISSIONS",
        "PREVIEW",
        "DEPRECATED",
    ];
    let mut counts = [0usize; 3];
    let rows: Vec<[String; 8]> = operations
        .iter()
        .map(|(group, op)| {
            let (kind, list) = kind_and_list(&op.permissions);
            counts[["ANY", "ALL", "NONE"]
                .iter()
                .position(|k| *k == kind)
                .unwrap_or(2)] += 1;
            let permissions = match format {
                Format::Text => list.join(", "),
                Format::Tsv => list.join(","),
                Format::Markdown => list
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            let (preview, deprecated) = match format {
                Format::Tsv => (op.preview.to_string(), op.deprecation.is_some().to_string()),
                _ => (
                    yes_no(op.preview).to_owned(),
                    yes_no(op.deprecation.is_some()).to_owned(),
                ),
            };
            let path = if format == Format::Markdown {
                format!("`{}`", op.path)
            } else {
                op.path.clone()
            };
            let name = if format == Format::Markdown {
                format!("`{}`", op.method_name)
            } else {
                op.method_name.clone()
            };
            [
                name,
                group.module.clone(),
                op.http_method.as_str().to_owned(),
                path,
                kind.to_owned(),
                permissions,
                preview,
                deprecated,
            ]
        })
        .collect();
    let total = operations.len();
    let summary = format!(
        "{total} operation{}: {} ANY, {} ALL, {} without permissions",
        if total == 1 { "" } else { "s" },
        counts[0],
        counts[1],
        counts[2]
    );
    let mut out = String::new();
    match format {
        Format::Text => {
            let mut widths = header.map(|h| h.chars().count());
            for row in &rows {
                for (width, cell) in widths.iter_mut().zip(row) {
                    *width = (*width).max(cell.chars().count());
                }
            }
            let header = header.map(str::to_owned);
            for row in std::iter::once(&header).chain(&rows) {
                let mut line = String::new();
                for (cell, width) in row.iter().zip(widths) {
                    let _ = write!(line, "{cell:width$}  ");
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
        Format::Markdown => {
            let header = [
                "Operation",
                "Group",
                "HTTP",
                "Path",
                "Type",
                "Permissions",
                "Preview",
                "Deprecated",
            ];
            let _ = writeln!(out, "| {} |", header.join(" | "));
            let _ = writeln!(out, "|{}", " --- |".repeat(header.len()));
            for row in &rows {
                let _ = writeln!(out, "| {} |", row.join(" | "));
            }
        }
        Format::Tsv => {
            let header = [
                "operation",
                "group",
                "http_method",
                "path",
                "permission_type",
                "permissions",
                "preview",
                "deprecated",
            ];
            let _ = writeln!(out, "{}", header.join("\t"));
            for row in &rows {
                let _ = writeln!(out, "{}", row.join("\t"));
            }
        }
    }
    (out, summary)
}

/// What an OAuth client needs for a set of operations.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Requirement {
    /// Permissions needed outright (from `ALL` lists), with the operations needing them.
    pub all: Vec<(String, Vec<String>)>,
    /// `ANY` lists still to satisfy (one permission of each), with the operations they come from.
    pub any: Vec<(Vec<String>, Vec<String>)>,
    /// `ANY` lists satisfied by the above: the list, its operations, and what covers it.
    pub covered: Vec<(Vec<String>, Vec<String>, String)>,
    /// Operations that need no permission.
    pub none: Vec<String>,
}

/// Resolves `names` (method or Rust names) among `operations` and works out what they need.
pub fn required(
    operations: &[(&Group, &Operation)],
    names: &[String],
) -> Result<Requirement, String> {
    let mut chosen: Vec<&Operation> = Vec::new();
    let mut unknown = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        match operations
            .iter()
            .find(|(_, op)| op.method_name == name || op.fn_name == name)
        {
            Some((_, op)) if !chosen.iter().any(|c| c.method_name == op.method_name) => {
                chosen.push(op)
            }
            Some(_) => {}
            None => unknown.push(format!("`{name}`")),
        }
    }
    if !unknown.is_empty() {
        return Err(format!(
            "unknown operation{} {} (run `cargo xtask permissions` to list them)",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", ")
        ));
    }
    if chosen.is_empty() {
        return Err("--required-for needs at least one operation".to_owned());
    }

    // What to grant is the runtime's minimal requirement (`required_permissions`); this report adds which
    // operations need each part, and what covers the ANY lists left out.
    let mut requirement = Requirement::default();
    let mut all_lists: Vec<(&[String], &String)> = Vec::new();
    let mut any_lists: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for op in &chosen {
        let name = op.method_name.clone();
        match kind_and_list(&op.permissions) {
            ("ALL", list) => all_lists.push((list, &op.method_name)),
            ("ANY", list) => {
                let set: BTreeSet<&String> = list.iter().collect();
                match any_lists
                    .iter_mut()
                    .find(|(l, _)| l.iter().collect::<BTreeSet<_>>() == set)
                {
                    Some((_, ops)) => ops.push(name),
                    None => any_lists.push((list.to_vec(), vec![name])),
                }
            }
            _ => requirement.none.push(name),
        }
    }
    let needed = RequiredPermissions::new(
        all_lists
            .iter()
            .flat_map(|(list, _)| list.iter().cloned())
            .collect(),
        any_lists
            .iter()
            .map(|(list, _)| list.iter().cloned().collect()),
    );
    requirement.all = needed
        .all
        .iter()
        .map(|permission| {
            let ops = all_lists
                .iter()
                .filter(|(list, _)| list.contains(permission))
                .map(|(_, op)| (*op).clone())
                .collect();
            (permission.clone(), ops)
        })
        .collect();
    // Smaller lists first, so a list is reported covered after the smaller one that covers it.
    any_lists.sort_by_key(|(list, _)| list.len());
    for (list, ops) in any_lists {
        let set: BTreeSet<String> = list.iter().cloned().collect();
        let by_all = needed.all.iter().find(|granted| {
            let grant = PermissionSet::new([granted]);
            list.iter().any(|p| grant.allows(p))
        });
        let by_smaller = needed
            .any_of
            .iter()
            .find(|kept| **kept != set && kept.is_subset(&set));
        let reason = match (by_all, by_smaller) {
            _ if needed.any_of.contains(&set) => None,
            (Some(permission), _) => Some(format!("`{permission}`")),
            (None, Some(kept)) if kept.len() == 1 => {
                Some(kept.iter().map(|p| format!("`{p}`")).collect())
            }
            (None, Some(kept)) => {
                let listed: Vec<String> = kept.iter().map(|p| format!("`{p}`")).collect();
                Some(format!("one of {}", listed.join(", ")))
            }
            (None, None) => None,
        };
        match reason {
            Some(reason) => requirement.covered.push((list, ops, reason)),
            None => requirement.any.push((list, ops)),
        }
    }
    Ok(requirement)
}

/// The `--required-for` report.
pub fn render_required(
    operations: &[(&Group, &Operation)],
    names: &[String],
    format: Format,
) -> Result<String, String> {
    let requirement = required(operations, names)?;
    let mut out = String::new();
    let ops = |ops: &[String]| ops.join(", ");
    match format {
        Format::Tsv => {
            out.push_str("requirement\tpermissions\toperations\n");
            for (permission, o) in &requirement.all {
                let _ = writeln!(out, "all\t{permission}\t{}", o.join(","));
            }
            for (list, o) in &requirement.any {
                let _ = writeln!(out, "any\t{}\t{}", list.join(","), o.join(","));
            }
            for (list, o, _) in &requirement.covered {
                let _ = writeln!(out, "covered\t{}\t{}", list.join(","), o.join(","));
            }
            if !requirement.none.is_empty() {
                let _ = writeln!(out, "none\t\t{}", requirement.none.join(","));
            }
        }
        Format::Text => {
            let strip = |s: &str| s.replace('`', "");
            if !requirement.all.is_empty() {
                out.push_str("Grant all of:\n");
                let width = requirement
                    .all
                    .iter()
                    .map(|(p, _)| p.chars().count())
                    .max()
                    .unwrap_or(0);
                for (permission, o) in &requirement.all {
                    let _ = writeln!(out, "  {permission:width$}  ({})", ops(o));
                }
            }
            if !requirement.any.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(if requirement.all.is_empty() {
                    "Grant one of each:\n"
                } else {
                    "And one of each:\n"
                });
                let lists: Vec<String> =
                    requirement.any.iter().map(|(l, _)| l.join(" | ")).collect();
                let width = lists.iter().map(|l| l.chars().count()).max().unwrap_or(0);
                for (list, (_, o)) in lists.iter().zip(&requirement.any) {
                    let _ = writeln!(out, "  {list:width$}  ({})", ops(o));
                }
            }
            if !requirement.covered.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str("Already covered:\n");
                for (list, o, reason) in &requirement.covered {
                    let _ = writeln!(
                        out,
                        "  {} (one of {}) by {}",
                        ops(o),
                        list.join(" | "),
                        strip(reason)
                    );
                }
            }
            if !requirement.none.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                let _ = writeln!(out, "Need no permissions: {}", ops(&requirement.none));
            }
        }
        Format::Markdown => {
            let code = |list: &[String], sep: &str| {
                list.iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            if !requirement.all.is_empty() {
                out.push_str("Grant all of:\n\n");
                for (permission, o) in &requirement.all {
                    let _ = writeln!(out, "- `{permission}` ({})", code(o, ", "));
                }
            }
            if !requirement.any.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(if requirement.all.is_empty() {
                    "Grant one of each:\n\n"
                } else {
                    "And one of each:\n\n"
                });
                for (list, o) in &requirement.any {
                    let _ = writeln!(out, "- {} ({})", code(list, " or "), code(o, ", "));
                }
            }
            if !requirement.covered.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str("Already covered:\n\n");
                for (list, o, reason) in &requirement.covered {
                    let _ = writeln!(
                        out,
                        "- {} (one of {}) by {reason}",
                        code(o, ", "),
                        code(list, ", ")
                    );
                }
            }
            if !requirement.none.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                let _ = writeln!(
                    out,
                    "Need no permissions: {}",
                    code(&requirement.none, ", ")
                );
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use genesys_codegen::model::{Deprecation, HttpMethod, ResponseEncoding};

    use super::*;

    fn op(name: &str, method: HttpMethod, path: &str, permissions: Permissions) -> Operation {
        Operation {
            method_name: name.to_owned(),
            fn_name: name.chars().fold(String::new(), |mut s, c| {
                if c.is_ascii_uppercase() {
                    s.push('_');
                }
                s.push(c.to_ascii_lowercase());
                s
            }),
            type_name: String::new(),
            http_method: method,
            path: path.to_owned(),
            summary: None,
            description: None,
            params: Vec::new(),
            body: None,
            response: None,
            response_encoding: ResponseEncoding::Json,
            permissions,
            preview: false,
            deprecation: None,
            pagination: None,
            pointer: String::new(),
        }
    }

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn api() -> Api {
        let mut old = op(
            "getOldSettings",
            HttpMethod::Get,
            "/api/v2/old",
            Permissions::Any(list(&["s:view", "s:edit"])),
        );
        old.deprecation = Some(Deprecation {
            replacement: Some("getSettings".to_owned()),
            ..Deprecation::default()
        });
        let mut preview = op(
            "putThing",
            HttpMethod::Put,
            "/api/v2/things/{id}",
            Permissions::All(list(&["t:edit", "t:view"])),
        );
        preview.preview = true;
        let things = Group {
            tag: "Things".to_owned(),
            api_name: "ThingsApi".to_owned(),
            module: "things".to_owned(),
            description: None,
            operations: vec![
                op(
                    "getThing",
                    HttpMethod::Get,
                    "/api/v2/things/{id}",
                    Permissions::Any(list(&["t:view", "t:edit"])),
                ),
                op(
                    "getThingCount",
                    HttpMethod::Get,
                    "/api/v2/things/count",
                    Permissions::Any(list(&["t:view"])),
                ),
                preview,
            ],
        };
        let settings = Group {
            tag: "Settings".to_owned(),
            api_name: "SettingsApi".to_owned(),
            module: "settings".to_owned(),
            description: None,
            operations: vec![
                old,
                op("getMe", HttpMethod::Get, "/api/v2/me", Permissions::None),
                op(
                    "getSettings",
                    HttpMethod::Get,
                    "/api/v2/settings",
                    Permissions::Any(list(&["s:edit", "s:view"])),
                ),
            ],
        };
        Api {
            title: "T".to_owned(),
            version: "1".to_owned(),
            server_url: "https://example.com".to_owned(),
            groups: vec![settings, things],
            types: Vec::new(),
        }
    }

    #[test]
    fn text_table() {
        let api = api();
        let ops = select(&api, None).unwrap();
        let (table, summary) = render_table(&ops, Format::Text);
        assert_eq!(
            table,
            "\
OPERATION       GROUP     HTTP  PATH                  TYPE  PERMISSIONS     PREVIEW  DEPRECATED
getOldSettings  settings  GET   /api/v2/old           ANY   s:view, s:edit  no       yes
getMe           settings  GET   /api/v2/me            NONE                  no       no
getSettings     settings  GET   /api/v2/settings      ANY   s:edit, s:view  no       no
getThing        things    GET   /api/v2/things/{id}   ANY   t:view, t:edit  no       no
getThingCount   things    GET   /api/v2/things/count  ANY   t:view          no       no
putThing        things    PUT   /api/v2/things/{id}   ALL   t:edit, t:view  yes      no
"
        );
        assert_eq!(summary, "6 operations: 4 ANY, 1 ALL, 1 without permissions");
    }

    #[test]
    fn group_selection_and_other_formats() {
        let api = api();
        assert_eq!(select(&api, Some("THINGSAPI")).unwrap().len(), 3);
        assert_eq!(select(&api, Some("things")).unwrap().len(), 3);
        assert_eq!(select(&api, Some("Settings")).unwrap().len(), 3);
        assert_eq!(
            select(&api, Some("nope")).unwrap_err(),
            "no group `nope`; the groups are: settings (SettingsApi), things (ThingsApi)"
        );
        let ops = select(&api, Some("things")).unwrap();
        let (table, summary) = render_table(&ops, Format::Tsv);
        assert_eq!(
            table,
            "operation\tgroup\thttp_method\tpath\tpermission_type\tpermissions\tpreview\tdeprecated\n\
             getThing\tthings\tGET\t/api/v2/things/{id}\tANY\tt:view,t:edit\tfalse\tfalse\n\
             getThingCount\tthings\tGET\t/api/v2/things/count\tANY\tt:view\tfalse\tfalse\n\
             putThing\tthings\tPUT\t/api/v2/things/{id}\tALL\tt:edit,t:view\ttrue\tfalse\n"
        );
        assert_eq!(summary, "3 operations: 2 ANY, 1 ALL, 0 without permissions");
        let (table, _) = render_table(&ops[2..], Format::Markdown);
        assert_eq!(
            table,
            "| Operation | Group | HTTP | Path | Type | Permissions | Preview | Deprecated |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- |\n\
             | `putThing` | things | PUT | `/api/v2/things/{id}` | ALL | `t:edit`, `t:view` | yes | no |\n"
        );
        let (_, summary) = render_table(&ops[..1], Format::Text);
        assert_eq!(summary, "1 operation: 1 ANY, 0 ALL, 0 without permissions");
    }

    #[test]
    fn required_permissions() {
        let api = api();
        let ops = select(&api, None).unwrap();
        let names = list(&[
            "putThing",
            "get_thing",
            "getThingCount",
            "getSettings",
            "getOldSettings",
            "getMe",
            "getMe",
        ]);
        let requirement = required(&ops, &names).unwrap();
        assert_eq!(
            requirement.all,
            vec![
                ("t:edit".to_owned(), list(&["putThing"])),
                ("t:view".to_owned(), list(&["putThing"]))
            ]
        );
        assert_eq!(
            requirement.any,
            vec![(
                list(&["s:edit", "s:view"]),
                list(&["getSettings", "getOldSettings"])
            )]
        );
        assert_eq!(
            requirement.covered,
            vec![
                (
                    list(&["t:view"]),
                    list(&["getThingCount"]),
                    "`t:view`".to_owned()
                ),
                (
                    list(&["t:view", "t:edit"]),
                    list(&["getThing"]),
                    "`t:edit`".to_owned()
                ),
            ]
        );
        assert_eq!(requirement.none, list(&["getMe"]));

        let text = render_required(&ops, &names, Format::Text).unwrap();
        assert_eq!(
            text,
            "Grant all of:\n  t:edit  (putThing)\n  t:view  (putThing)\n\n\
             And one of each:\n  s:edit | s:view  (getSettings, getOldSettings)\n\n\
             Already covered:\n  getThingCount (one of t:view) by t:view\n  getThing (one of t:view | t:edit) by t:edit\n\n\
             Need no permissions: getMe\n"
        );
        let tsv =
            render_required(&ops, &list(&["getThing", "getThingCount"]), Format::Tsv).unwrap();
        assert_eq!(
            tsv,
            "requirement\tpermissions\toperations\nany\tt:view\tgetThingCount\ncovered\tt:view,t:edit\tgetThing\n"
        );
        let markdown = render_required(&ops, &list(&["getThing"]), Format::Markdown).unwrap();
        assert_eq!(
            markdown,
            "Grant one of each:\n\n- `t:view` or `t:edit` (`getThing`)\n"
        );

        assert_eq!(
            required(&ops, &list(&["getThing", "nope", "getNothing"])).unwrap_err(),
            "unknown operations `nope`, `getNothing` (run `cargo xtask permissions` to list them)"
        );
        assert!(required(&ops, &list(&[" "])).is_err());
    }

    #[test]
    fn the_real_spec() {
        let root = workspace_root();
        let (api, _) =
            genesys_codegen::load_api(&genesys_codegen::Config::new(root.join("spec"))).unwrap();
        let ops = select(&api, Some("chat")).unwrap();
        let (table, summary) = render_table(&ops, Format::Text);
        assert!(
            table
                .lines()
                .any(|l| l.starts_with("getChatsRoomParticipant ") && l.contains(" NONE "))
        );
        assert!(summary.starts_with(&format!("{} operations: ", ops.len())));
        let text = render_required(
            &ops,
            &list(&["getChatsRoom", "putChatsSettings"]),
            Format::Text,
        )
        .unwrap();
        assert!(text.contains("chat:"), "{text}");
    }
}

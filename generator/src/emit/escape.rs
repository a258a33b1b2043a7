//! The one boundary spec text crosses on its way into generated documentation and files.
//!
//! Spec text is untrusted: a description, a schema name or an enum value must never become code. Rustdoc turns a
//! fenced block or a 4-space-indented block inside a doc comment into a doctest, which every `cargo test` of the
//! generated crate runs; Markdown pages render the same constructs. So every spec string that reaches a doc comment
//! or a Markdown page passes through one function here, chosen by where it lands:
//!
//! - `prose`: running text (descriptions, summaries). No code block can open, no HTML is kept, no CR remains;
//!   the text stays readable.
//! - `cell`: running text in one table cell; `table_cell` for Markdown the generator composed itself.
//! - `code`: a value shown as an inline code span (wire names, paths, permissions, defaults, enum values).
//! - `comment`: one line of a `//` comment in example code.
//! - `header_text`: a line of a generated file's header comment.
//! - `toml_string`: a TOML basic string.
//!
//! Rustdoc and the Markdown pages both read CommonMark (rustdoc through `pulldown-cmark`), so one function per
//! position serves both targets.

use std::fmt::Write as _;

/// Spec text as Markdown prose that renders as written, opens no code block and triggers no rustdoc lint.
///
/// Control characters go (a bare CR, which rustc refuses in a doc comment, breaks the line; a tab is a space; the
/// rest become `\u{FFFD}`). Lines are trimmed and runs of spaces collapse to one, so no line is indented, not even
/// after a list marker (`-     code` would be an indented code block inside the item); runs of blank lines collapse
/// to one. Outside code spans `<`, `>`, `[`, `]` and `\` are escaped and `http(s)://` URLs are wrapped in `<…>`; a
/// text containing a code fence (```` ``` ```` or `~~~`) has all its backticks and tildes escaped.
pub(crate) fn prose(text: &str) -> String {
    let text = without_controls(text);
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() && lines.last().is_none_or(String::is_empty) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let joined = lines.join("\n");
    let fenced = joined.contains("```") || joined.contains("~~~");
    escape_inline(&joined, fenced)
}

/// Spec text for one table cell: whitespace collapsed to single spaces, escaped as [`prose`], `|` escaped.
pub(crate) fn cell(text: &str) -> String {
    table_cell(&prose(&comment(text)))
}

/// Markdown the generator composed (from escaped pieces) made safe for a table cell: one line, `|` escaped (even
/// in code spans, as GFM wants).
pub(crate) fn table_cell(markdown: &str) -> String {
    markdown.replace('\n', " ").replace('|', "\\|")
}

/// `text` as a Markdown code span, whatever backticks it contains. Line breaks and other control characters are
/// shown escaped (`\n`), so the span cannot end early or spill over lines.
pub(crate) fn code(text: &str) -> String {
    let text = escaped_controls(text);
    if !text.contains('`') {
        return format!("`{text}`");
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// Spec text collapsed to one line without control characters, for a `//` comment in example code.
pub(crate) fn comment(text: &str) -> String {
    without_controls(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text for a line of a generated file's header comment: control characters (a newline would start a line of
/// its own) shown escaped.
pub(crate) fn header_text(text: &str) -> String {
    escaped_controls(text)
}

/// `text` as a TOML basic string, quotes included.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` with CR as a line break, tabs as spaces and other control characters replaced by `\u{FFFD}`.
fn without_controls(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .map(|c| match c {
            '\r' => '\n',
            '\n' => '\n',
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// `text` with control characters written as Rust escapes (`\n`, `\u{7f}`).
fn escaped_controls(text: &str) -> String {
    if !text.contains(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn escape_inline(text: &str, literal_backticks: bool) -> String {
    // Most spec text has nothing to escape; it is by far the common case on a large spec.
    if !text.contains(['`', '<', '>', '[', ']', '\\', '~']) && !text.contains("http") {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            if !literal_backticks && let Some(end) = closing_backticks(&chars, i + run, run) {
                out.extend(&chars[i..end + run]);
                i = end + run;
                continue;
            }
            for _ in 0..run {
                out.push_str("\\`");
            }
            i += run;
            continue;
        }
        if c == '<' && starts_url(&chars, i + 1) {
            let end = url_end(&chars, i + 1);
            if chars.get(end) == Some(&'>') {
                out.push('<');
                out.extend(&chars[i + 1..end]);
                out.push('>');
                i = end + 1;
                continue;
            }
        }
        if starts_url(&chars, i) {
            let end = url_end(&chars, i);
            out.push('<');
            out.extend(&chars[i..end]);
            out.push('>');
            i = end;
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '\\' => out.push_str("\\\\"),
            '~' if literal_backticks => out.push_str("\\~"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The start of the closing run of exactly `run` backticks at or after `from`.
fn closing_backticks(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let len = chars[i..].iter().take_while(|&&c| c == '`').count();
            if len == run {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

fn starts_url(chars: &[char], at: usize) -> bool {
    let rest = |prefix: &str| {
        prefix
            .chars()
            .enumerate()
            .all(|(k, p)| chars.get(at + k) == Some(&p))
    };
    chars.get(at) == Some(&'h')
        && (rest("https://") || rest("http://"))
        && (at == 0 || !chars[at - 1].is_alphanumeric())
}

/// Where a URL starting at `start` ends: at whitespace, a quote, `<`, `>`, a backtick or `|`, minus trailing
/// punctuation (and a closing parenthesis that has no opening one in the URL).
fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && !"<>\"'`|[]".contains(chars[end]) {
        end += 1;
    }
    while let Some(&last) = chars[start..end].last() {
        let opens = chars[start..end].iter().filter(|&&c| c == '(').count();
        let closes = chars[start..end].iter().filter(|&&c| c == ')').count();
        if ".,;:!?*_".contains(last) || (last == ')' && closes > opens) {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_keeps_text_readable() {
        assert_eq!(
            prose("a <b> [c] `<d>` e\\f"),
            "a &lt;b&gt; \\[c\\] `<d>` e\\\\f"
        );
        assert_eq!(
            prose("see <https://x.y/z>, or (https://x.y/(a)) now."),
            "see <https://x.y/z>, or (<https://x.y/(a)>) now."
        );
        assert_eq!(prose("``a ` b`` and `c"), "``a ` b`` and \\`c");
        assert_eq!(prose("  one\n\n\n   two  \n\n"), "one\n\ntwo");
        assert_eq!(prose("[10,3650]"), "\\[10,3650\\]");
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn prose_opens_no_code_block() {
        assert_eq!(prose("x\n    indented"), "x\nindented");
        assert_eq!(prose("-     code\n1.\tcode"), "- code\n1. code");
        assert_eq!(prose("```\nrun()\n```"), "\\`\\`\\`\nrun()\n\\`\\`\\`");
        assert_eq!(prose("~~~"), "\\~\\~\\~");
        assert_eq!(prose("a\rb\r\nc\u{0}"), "a\nb\nc\u{FFFD}");
    }

    #[test]
    fn code_spans_stay_on_one_line() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("a\n```\nb\r"), "```` a\\n```\\nb\\r ````");
    }

    #[test]
    fn toml_and_headers() {
        assert_eq!(toml_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000A\"");
        assert_eq!(header_text("x.yaml\nfn main() {}"), "x.yaml\\nfn main() {}");
        assert_eq!(comment(" a\n b\u{7}"), "a b\u{FFFD}");
    }
}

//! What a report prints from the repository, made safe for where it is printed.
//!
//! File names, file contents, commit authors and config values are written
//! by whoever wrote the repository, and a pull request is untrusted input.
//! Printed as they are, they could move the cursor, retitle or clear the
//! terminal (ESC and OSC sequences), reorder the text a reviewer reads
//! (bidirectional overrides), start a GitHub Actions workflow command (a
//! line that begins with `::`), or inject links and images into a Markdown
//! report. So:
//!
//! * [`controls`] turns every control character (C0, DEL, C1), line and
//!   paragraph separator and bidirectional control into a visible escape
//!   (`\x1b`, `\u{202e}`) in every format that prints for people or for
//!   GitHub (human, concise, Markdown, GitHub annotations); JSON and SARIF
//!   escape them as their syntax requires;
//! * [`LineGuard`] breaks any line of human, concise or Markdown output
//!   whose first non-blank characters would make GitHub's runner read it as
//!   a workflow command (`::` or `##[`), whichever part of it came from the
//!   repository;
//! * [`markdown_text`] and [`markdown_code`] escape Markdown and HTML
//!   metacharacters, and code spans are fenced with more backticks than the
//!   text holds.

use crate::findings::{Assessment, Evidence, Finding};
use crate::scan::source::Excerpt;
use std::borrow::Cow;
use std::io::{self, Write};

/// Whether `c` must not reach a terminal or a log as it is.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// `text` with every unsafe character shown as an escape; `keep_lines`
/// keeps line breaks (`\n`) and tabs in text that spans lines.
pub fn controls(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let kept = |c: char| keep_lines && matches!(c, '\n' | '\t');
    if !text.chars().any(|c| is_unsafe(c) && !kept(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) && !kept(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text that spans lines, with its unsafe characters escaped (line breaks
/// and tabs kept), and `span` moved to the same characters.
pub fn with_span(source: &str, span: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let mut text = String::with_capacity(source.len());
    let mut moved = span.clone();
    for (at, c) in source.char_indices() {
        if at == span.start {
            moved.start = text.len();
        }
        if at == span.end {
            moved.end = text.len();
        }
        if is_unsafe(c) && !matches!(c, '\n' | '\t') {
            push_escaped(&mut text, c);
        } else {
            text.push(c);
        }
    }
    if span.start >= source.len() {
        moved.start = text.len();
    }
    if span.end >= source.len() {
        moved.end = text.len();
    }
    (text, moved)
}

/// An excerpt with its unsafe characters escaped, its span moved to match.
fn excerpt(e: &Excerpt) -> Excerpt {
    let (text, span) = with_span(&e.text, e.span.clone());
    Excerpt {
        name: controls(&e.name, false).into_owned(),
        text,
        span,
        first_line: e.first_line,
        first_column: e.first_column,
    }
}

fn excerpt_is_safe(e: &Excerpt) -> bool {
    !e.name.chars().any(is_unsafe) && !e.text.chars().any(|c| is_unsafe(c) && !matches!(c, '\n' | '\t'))
}

fn evidence_is_safe(e: &Evidence) -> bool {
    !e.path.chars().any(is_unsafe) && !e.detail.chars().any(is_unsafe)
}

fn evidence(e: &Evidence) -> Evidence {
    Evidence {
        path: controls(&e.path, false).into_owned(),
        detail: controls(&e.detail, false).into_owned(),
        ..e.clone()
    }
}

fn finding_is_safe(f: &Finding) -> bool {
    !f.message.chars().any(is_unsafe)
        && !f.label.as_deref().unwrap_or_default().chars().any(is_unsafe)
        && !f.path.as_deref().unwrap_or_default().chars().any(is_unsafe)
        && !f.help.chars().any(|c| is_unsafe(c) && c != '\n')
        && f.excerpt.as_ref().is_none_or(excerpt_is_safe)
}

fn finding(f: &Finding) -> Finding {
    Finding {
        message: controls(&f.message, false).into_owned(),
        label: f.label.as_deref().map(|l| controls(l, false).into_owned()),
        path: f.path.as_deref().map(|p| controls(p, false).into_owned()),
        help: controls(&f.help, true).into(),
        excerpt: f.excerpt.as_ref().map(excerpt),
        ..f.clone()
    }
}

/// The assessment as people and GitHub's runner may see it: every string
/// that came from the repository with its unsafe characters escaped. Borrowed
/// as it is when nothing needs escaping (the usual case).
pub fn for_display(assessment: &Assessment) -> Cow<'_, Assessment> {
    let reasons_safe = |r: &Option<String>| !r.as_deref().unwrap_or_default().chars().any(is_unsafe);
    let safe = assessment.findings.iter().all(finding_is_safe)
        && assessment.verdicts.iter().all(|v| v.evidence.iter().all(evidence_is_safe) && reasons_safe(&v.reason))
        && assessment.facts.iter().all(|f| f.evidence.iter().all(evidence_is_safe))
        && assessment.changes.as_ref().is_none_or(|c| !c.reference.chars().any(is_unsafe));
    if safe {
        return Cow::Borrowed(assessment);
    }
    let mut shown = assessment.clone();
    for f in &mut shown.findings {
        if !finding_is_safe(f) {
            *f = finding(f);
        }
    }
    for v in &mut shown.verdicts {
        v.evidence = v.evidence.iter().map(evidence).collect();
        v.reason = v.reason.as_deref().map(|r| controls(r, false).into_owned());
    }
    for fact in &mut shown.facts {
        fact.evidence = fact.evidence.iter().map(evidence).collect();
    }
    if let Some(changes) = &mut shown.changes {
        changes.reference = controls(&changes.reference, false).into_owned();
    }
    Cow::Owned(shown)
}

/// Whether GitHub's runner would read `line` as a workflow command: it
/// trims leading blanks and looks for `::` (or the older `##[`).
pub fn starts_workflow_command(line: &[u8]) -> bool {
    let trimmed = line.iter().position(|b| !b.is_ascii_whitespace()).map_or(&line[..0], |at| &line[at..]);
    trimmed.starts_with(b"::") || trimmed.starts_with(b"##[")
}

/// A writer for line-oriented reports (human, concise, Markdown) that puts
/// a backslash before any line that would start a workflow command: no
/// repository text printed at the start of a line can make GitHub's runner
/// act on it, even when the report is the plain output of a CI step.
pub struct LineGuard<'a> {
    out: &'a mut dyn Write,
    /// The start of the current line, until it is known not to be a command.
    head: Vec<u8>,
    /// Whether the current line was already checked (and written through).
    decided: bool,
}

impl<'a> LineGuard<'a> {
    /// Guard what is written to `out`.
    pub fn new(out: &'a mut dyn Write) -> Self {
        LineGuard { out, head: Vec::new(), decided: false }
    }

    /// Write what is held back of the last line.
    pub fn finish(mut self) -> io::Result<()> {
        self.decide()?;
        self.out.flush()
    }

    fn decide(&mut self) -> io::Result<()> {
        if !self.decided && !self.head.is_empty() {
            if starts_workflow_command(&self.head) {
                self.out.write_all(b"\\")?;
            }
            self.out.write_all(&self.head)?;
            self.head.clear();
        }
        self.decided = true;
        Ok(())
    }
}

impl Write for LineGuard<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while !rest.is_empty() {
            let line_end = memchr::memchr(b'\n', rest);
            let (part, ends_line) = match line_end {
                Some(at) => (&rest[..=at], true),
                None => (rest, false),
            };
            if self.decided {
                self.out.write_all(part)?;
            } else {
                self.head.extend_from_slice(part);
                // Enough of the line is known once a non-blank character and two more are in.
                let known =
                    self.head.iter().position(|b| !b.is_ascii_whitespace()).is_some_and(|at| self.head.len() >= at + 3);
                if known || ends_line {
                    self.decide()?;
                }
            }
            if ends_line {
                self.decided = false;
            }
            rest = &rest[part.len()..];
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Text safe in Markdown prose and table cells: every character Markdown or
/// HTML gives a meaning is backslash-escaped or written as an entity, and
/// control characters are escaped (a line break too).
pub fn markdown_text(text: &str) -> String {
    let text = controls(text, false);
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // Brackets open links and images; `@` mentions people; the rest formats or splits cells.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '@' => {
                out.push('\\');
                out.push(c);
            }
            // `https://` would become a link of GitHub's own (an autolink).
            ':' if chars.peek() == Some(&'/') => out.push_str("\\:"),
            c => out.push(c),
        }
    }
    out
}

/// `text` as a Markdown code span: fenced with one backtick more than its
/// longest run of backticks (so none of them closes the span), padded when it
/// starts or ends with one, and with `|` escaped (GitHub splits table cells
/// on it even inside code).
pub fn markdown_code(text: &str) -> String {
    let text = controls(text, false).replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(controls("torch>=2  # \x1b]0;title\x07\x1b[2J", false), "torch>=2  # \\x1b]0;title\\x07\\x1b[2J");
        assert_eq!(controls("x\n::error::y.py", false), "x\\n::error::y.py");
        assert_eq!(controls("line\nnext", true), "line\nnext");
        assert_eq!(controls("a\u{202e}b\u{85}c", false), "a\\u{202e}b\\x85c");
        assert!(matches!(controls("plain text, é ✓", false), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_that_would_start_a_workflow_command_are_broken() {
        let mut out = Vec::new();
        let mut guard = LineGuard::new(&mut out);
        for piece in ["first line\n", "  ", ":", ":error title=x::injected\n", "##[error]old style\nok: ", "::tail"] {
            guard.write_all(piece.as_bytes()).unwrap();
        }
        guard.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "first line\n\\  ::error title=x::injected\n\\##[error]old style\nok: ::tail");
        assert!(text.lines().all(|l| !starts_workflow_command(l.as_bytes())));
    }

    #[test]
    fn markdown_cannot_be_injected() {
        let owner = "* @org/ml`![x](https://evil.example/p.png)`";
        let code = markdown_code(owner);
        assert_eq!(code, "`` * @org/ml`![x](https://evil.example/p.png)` ``");
        let text = markdown_text("<img src=x onerror=alert(1)> [link](javascript:x) | cell @alice https://x.example");
        assert_eq!(
            text,
            "&lt;img src=x onerror=alert(1)&gt; \\[link\\](javascript:x) \\| cell \\@alice https\\://x.example"
        );
    }
}

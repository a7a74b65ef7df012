//! Inline suppressions: `mlready: ignore[CODE, ...]` in a comment on a line
//! silences those codes on that line; `mlready: ignore-file[CODE]` in any
//! comment of a file silences them in the whole file. Any comment syntax
//! works (`#`, `//`, `<!-- -->`, `--`, `;`), since findings land in Python,
//! YAML, Markdown, requirements files and more.
//!
//! A directive that names no code in brackets (`# mlready: ignore`, `ignore[]`,
//! `ignore DEP002`) suppresses nothing; it is kept with one empty code, so that
//! it is reported (MLR001) rather than silently ignored.

use crate::scan::source::{Excerpt, Location, Origin, SourceFile};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static SUPPRESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)(?:#|//|<!--|--|;|/\*)[ \t]*(mlready:[ \t]*(ignore-file|ignore))(?:\[([^\]\n]*)\]|[ \t]*(?:$|-->|\*/)|[ \t]+[A-Za-z]+[0-9]+\b)",
    )
    .expect("valid regex")
});

static CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z][A-Za-z0-9-]*").expect("valid regex"));

/// One code named by a suppression comment.
#[derive(Debug, Clone)]
pub struct SuppressedCode {
    /// The code (or prefix, or rule name) as written.
    pub code: String,
    /// Where it is written.
    pub location: Location,
    /// The lines around it, to show when it suppresses nothing.
    pub excerpt: Excerpt,
}

/// One suppression comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The file it is in.
    pub path: String,
    /// The 1-based line it is on.
    pub line: usize,
    /// `ignore-file` rather than `ignore`.
    pub file_level: bool,
    /// The codes it names.
    pub codes: Vec<SuppressedCode>,
}

/// Every suppression comment of a file.
pub fn scan(file: &SourceFile) -> Vec<Suppression> {
    if memchr::memmem::find(file.text.as_bytes(), b"mlready:").is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for caps in SUPPRESSION.captures_iter(&file.text) {
        let whole = caps.get(0).expect("group 0");
        let code_at = |code: &str, span: Range<usize>| SuppressedCode {
            code: code.to_string(),
            location: file.location(Origin::File, span.clone()),
            excerpt: file.excerpt(Origin::File, span),
        };
        let mut codes: Vec<SuppressedCode> = match caps.get(3) {
            Some(list) => CODE
                .find_iter(list.as_str())
                .map(|m| code_at(m.as_str(), list.start() + m.start()..list.start() + m.end()))
                .collect(),
            None => Vec::new(),
        };
        if codes.is_empty() {
            codes.push(code_at("", caps.get(1).expect("directive group").range()));
        }
        out.push(Suppression {
            path: file.path.clone(),
            line: file.lines().line_of(whole.start()) + 1,
            file_level: &caps[2] == "ignore-file",
            codes,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_line_and_file_suppressions_in_any_comment_syntax() {
        let text = "numpy>=1  # mlready: ignore[DEP002]\n<!-- mlready: ignore-file[MET001, CARD] -->\nx = 'mlready: ignore[NOPE'\n";
        let file = SourceFile::new("requirements.txt".into(), text.into());
        let found = scan(&file);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, 1);
        assert!(!found[0].file_level);
        assert_eq!(found[0].codes[0].code, "DEP002");
        assert_eq!(found[0].codes[0].location.column, 29);
        assert!(found[1].file_level);
        assert_eq!(found[1].codes.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["MET001", "CARD"]);
    }

    #[test]
    fn a_directive_without_a_code_list_is_kept_to_be_reported() {
        let text = "a  # mlready: ignore\nb  # mlready: ignore[]\nc  # mlready: ignore DEP002\n<!-- mlready: ignore-file -->\nSee `# mlready: ignore[CODE]` and `# mlready: ignore` in prose.\n";
        let found = scan(&SourceFile::new("x.py".into(), text.into()));
        let lines: Vec<usize> = found.iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5], "{found:?}");
        for s in &found[..4] {
            assert_eq!(s.codes.len(), 1);
            assert_eq!(s.codes[0].code, "");
        }
        assert_eq!(found[0].codes[0].location.column, 6, "points at the directive");
        assert!(found[3].file_level);
        assert_eq!(found[4].codes[0].code, "CODE", "a bare directive inside backticks is prose, not a directive");
    }
}

//! Inline suppressions: `mlready: ignore[CODE, ...]` in a comment on a line
//! silences those codes on that line; `mlready: ignore-file[CODE]` in any
//! comment of a file silences them in the whole file. Any comment syntax
//! works (`#`, `//`, `<!-- -->`, `--`, `;`), since findings land in Python,
//! YAML, Markdown, requirements files and more.

use crate::scan::source::{Excerpt, Location, Origin, SourceFile};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static SUPPRESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:#|//|<!--|--|;|/\*)[ \t]*mlready:[ \t]*(ignore-file|ignore)\[([^\]\n]*)\]").expect("valid regex")
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
        let list = caps.get(2).expect("codes group");
        let codes = CODE
            .find_iter(list.as_str())
            .map(|m| {
                let span: Range<usize> = list.start() + m.start()..list.start() + m.end();
                SuppressedCode {
                    code: m.as_str().to_string(),
                    location: file.location(Origin::File, span.clone()),
                    excerpt: file.excerpt(Origin::File, span),
                }
            })
            .collect();
        out.push(Suppression {
            path: file.path.clone(),
            line: file.lines().line_of(whole.start()) + 1,
            file_level: &caps[1] == "ignore-file",
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
}

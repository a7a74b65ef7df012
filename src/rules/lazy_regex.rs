//! Rule regexes, checked when a pack is read and compiled when first used.
//!
//! Compiling the built-in packs' regexes takes longer than linting a small
//! repository; a pre-commit hook must feel instant, so a regex is compiled
//! only when a file its matcher selects is actually searched. Its syntax is
//! checked up front with the parser alone, which is cheap, so a bad pattern
//! is still an error that points at the config.
//!
//! `\w`, `\d` and `\s` (and `\W`, `\D`, `\S`) are ASCII, as with Python's
//! `re.ASCII`: the identifiers, keys and numbers rules look for are ASCII, and
//! Unicode classes make a pattern several times slower to compile, which a
//! hook running on three files pays on every commit. `\p{L}` still means any
//! letter. The same pattern in several rules is compiled once.

use super::prefilter::{self, Prefilter};
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Compile-time options of a rule regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Flags {
    /// `^` and `$` match at line boundaries (every rule pattern).
    pub multi_line: bool,
    /// Case-insensitive (heading patterns).
    pub case_insensitive: bool,
}

/// Limit on a compiled regex's size; a pattern this big is almost surely a mistake.
const SIZE_LIMIT: usize = 16 << 20;

/// A regex whose syntax is known to be valid, compiled on first use.
#[derive(Debug, Clone)]
pub struct LazyRegex {
    /// The pattern as written.
    source: String,
    /// What is compiled: `source` with ASCII `\w` and `\d`.
    compiled_source: String,
    flags: Flags,
    names: Vec<String>,
    prefilter: Prefilter,
    /// Shared by every rule regex with the same source and flags.
    compiled: SharedRegex,
    /// Where the pattern is written, for an error found when it is compiled.
    origin: Option<(crate::error::Document, std::ops::Range<usize>)>,
}

/// A regex compiled at most once, shared by every rule that uses it.
type SharedRegex = Arc<OnceLock<Regex>>;

/// Compiled regexes by what is compiled, so a pattern used by several rules compiles once.
fn shared(compiled_source: &str, flags: Flags) -> SharedRegex {
    static SHARED: OnceLock<Mutex<HashMap<(String, Flags), SharedRegex>>> = OnceLock::new();
    let mut shared = SHARED.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    shared.entry((compiled_source.to_string(), flags)).or_default().clone()
}

impl LazyRegex {
    /// Check the syntax of `source`; the error is a one-line description.
    pub fn new(source: &str, flags: Flags) -> Result<LazyRegex, String> {
        let parse = |pattern: &str| {
            regex_syntax::ParserBuilder::new()
                .multi_line(flags.multi_line)
                .case_insensitive(flags.case_insensitive)
                .build()
                .parse(pattern)
                .map_err(|e| {
                    let text = e.to_string();
                    text.lines().last().unwrap_or(&text).trim_start_matches("error: ").to_string()
                })
        };
        // What compiles is the ASCII form; an error describes the pattern as written.
        let compiled_source = ascii_classes(source);
        let hir = parse(&compiled_source).map_err(|error| parse(source).err().unwrap_or(error))?;
        let mut names = Vec::new();
        capture_names(&hir, &mut names);
        Ok(LazyRegex {
            source: source.to_string(),
            prefilter: prefilter::of(&hir),
            compiled: shared(&compiled_source, flags),
            compiled_source,
            flags,
            names,
            origin: None,
        })
    }

    /// Remember where the pattern is written (for [`LazyRegex::check_compiles`]).
    pub fn written_at(mut self, document: &crate::error::Document, span: std::ops::Range<usize>) -> Self {
        self.origin = Some((document.clone(), span));
        self
    }

    /// Compile now, and point at the pattern if it cannot be compiled (a
    /// pattern over the size limit parses, yet never compiles): a config's
    /// regexes are checked when it is read, so that such a pattern is an
    /// error, not a rule that silently matches nothing.
    pub fn check_compiles(&self) -> Result<(), crate::error::SourceError> {
        let Err(detail) = self.compile() else { return Ok(()) };
        let (document, span) = self.origin.clone().unwrap_or_else(|| {
            let document = crate::error::Document { name: "a rule".into(), text: self.source.as_str().into() };
            (document, 0..self.source.len())
        });
        let detail = detail.lines().last().unwrap_or(&detail).trim_start_matches("error: ").to_string();
        Err(crate::error::SourceError::new(
            &document,
            span,
            format!("regex cannot be compiled: {detail}"),
            "this regex",
        )
        .with_help("a pattern this large is usually a mistake; split it into several rules or signals"))
    }

    /// What the literal prefilter knows about the pattern.
    pub fn prefilter(&self) -> &Prefilter {
        &self.prefilter
    }

    /// Names of the pattern's named capture groups, in order.
    pub fn capture_names(&self) -> &[String] {
        &self.names
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled regex. A pattern that parsed but exceeds the size limit
    /// never matches (and says so once on stderr) rather than ending the run.
    pub fn get(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            RegexBuilder::new(&self.compiled_source)
                .multi_line(self.flags.multi_line)
                .case_insensitive(self.flags.case_insensitive)
                .size_limit(SIZE_LIMIT)
                .build()
                .unwrap_or_else(|e| {
                    eprintln!("mlready: warning: regex `{}` cannot be compiled ({e}); it matches nothing", self.source);
                    Regex::new(r"[^\s\S]").expect("an empty class compiles")
                })
        })
    }

    /// Compile now (tests check that every built-in pattern compiles).
    pub fn compile(&self) -> Result<(), String> {
        RegexBuilder::new(&self.compiled_source)
            .multi_line(self.flags.multi_line)
            .case_insensitive(self.flags.case_insensitive)
            .size_limit(SIZE_LIMIT)
            .build()
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// `pattern` with the Perl classes `\w`, `\d`, `\s` and their negations
/// spelled as ASCII classes. A nested class is valid inside a class too (`[\w.-]` becomes
/// `[[0-9A-Za-z_].-]`); escaped backslashes are kept as they are.
pub fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('w') => out.push_str("[0-9A-Za-z_]"),
            Some('W') => out.push_str("[^0-9A-Za-z_]"),
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some('s') => out.push_str("[\\t\\n\\x0B\\x0C\\r ]"),
            Some('S') => out.push_str("[^\\t\\n\\x0B\\x0C\\r ]"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn capture_names(hir: &regex_syntax::hir::Hir, out: &mut Vec<String>) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(capture) => {
            if let Some(name) = &capture.name {
                out.push(name.to_string());
            }
            capture_names(&capture.sub, out);
        }
        HirKind::Repetition(repetition) => capture_names(&repetition.sub, out),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().for_each(|p| capture_names(p, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: Flags = Flags { multi_line: true, case_insensitive: false };

    #[test]
    fn word_and_digit_classes_are_ascii() {
        assert_eq!(ascii_classes(r"\w+[\w.-]\d\\w\D"), r"[0-9A-Za-z_]+[[0-9A-Za-z_].-][0-9]\\w[^0-9]");
        let word = LazyRegex::new(r"^\w+$", LINES).unwrap();
        assert!(word.get().is_match("train_v2") && !word.get().is_match("entraîner"));
        assert!(LazyRegex::new(r"^\p{L}+$", LINES).unwrap().get().is_match("entraîner"));
        assert!(LazyRegex::new(r"[^\w\s]", LINES).unwrap().get().is_match("é"), "negated nested classes");
        assert!(
            LazyRegex::new(r"a\sb", LINES).unwrap().get().is_match("a\tb")
                && !LazyRegex::new(r"a\sb", LINES).unwrap().get().is_match("a\u{a0}b")
        );
        // The same pattern compiles once, wherever it is used.
        let (a, b) = (LazyRegex::new("x+y", LINES).unwrap(), LazyRegex::new("x+y", LINES).unwrap());
        a.get();
        assert!(b.compiled.get().is_some());
    }

    #[test]
    fn syntax_errors_are_found_without_compiling() {
        assert!(LazyRegex::new("load((", LINES).unwrap_err().contains("unclosed group"));
        assert!(LazyRegex::new("(?<=x)y", LINES).is_err(), "no look-around");
        let named = LazyRegex::new(r"(?P<pkg>\w+)(x|(?P<span>y))", LINES).unwrap();
        assert_eq!(named.capture_names(), ["pkg", "span"]);
        let ok = LazyRegex::new("^import torch$", LINES).unwrap();
        assert!(ok.get().is_match("x\nimport torch\n"));
    }
}

//! Rule regexes, checked when a pack is read and compiled when first used.
//!
//! Compiling the built-in packs' regexes takes longer than linting a small
//! repository; a pre-commit hook must feel instant, so a regex is compiled
//! only when a file its matcher selects is actually searched. Its syntax is
//! checked up front with the parser alone, which is cheap, so a bad pattern
//! is still an error that points at the config.

use regex::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// Compile-time options of a rule regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    source: String,
    flags: Flags,
    names: Vec<String>,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    /// Check the syntax of `source`; the error is a one-line description.
    pub fn new(source: &str, flags: Flags) -> Result<LazyRegex, String> {
        let hir = regex_syntax::ParserBuilder::new()
            .multi_line(flags.multi_line)
            .case_insensitive(flags.case_insensitive)
            .build()
            .parse(source)
            .map_err(|e| {
                let text = e.to_string();
                text.lines().last().unwrap_or(&text).trim_start_matches("error: ").to_string()
            })?;
        let mut names = Vec::new();
        capture_names(&hir, &mut names);
        Ok(LazyRegex { source: source.to_string(), flags, names, compiled: OnceLock::new() })
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
            RegexBuilder::new(&self.source)
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
        RegexBuilder::new(&self.source)
            .multi_line(self.flags.multi_line)
            .case_insensitive(self.flags.case_insensitive)
            .size_limit(SIZE_LIMIT)
            .build()
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
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
    fn syntax_errors_are_found_without_compiling() {
        assert!(LazyRegex::new("load((", LINES).unwrap_err().contains("unclosed group"));
        assert!(LazyRegex::new("(?<=x)y", LINES).is_err(), "no look-around");
        let named = LazyRegex::new(r"(?P<pkg>\w+)(x|(?P<span>y))", LINES).unwrap();
        assert_eq!(named.capture_names(), ["pkg", "span"]);
        let ok = LazyRegex::new("^import torch$", LINES).unwrap();
        assert!(ok.get().is_match("x\nimport torch\n"));
    }
}

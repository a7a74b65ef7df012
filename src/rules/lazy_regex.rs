//! Rule regexes, checked when a pack is read and compiled when first used.
//!
//! Compiling the built-in packs' regexes takes longer than linting a small
//! repository; a pre-commit hook must feel instant, so a regex is compiled
//! only when a file its matcher selects is actually searched. Even parsing
//! every pattern when the packs are read cost a small run a sixth of its time,
//! so a pattern is parsed when it is first analysed, except one with named
//! groups, whose names a rule's message may use. A config's patterns are all
//! compiled when it is read ([`LazyRegex::check_compiles`]), so a bad one is
//! still an error that points at the config; the built-in packs' are compiled
//! by a test. The analysis the literal prefilter needs (Unicode classes, case
//! folding) waits until a file some matcher of the pattern selects is about to
//! be searched.
//!
//! `\w`, `\d` and `\s` (and `\W`, `\D`, `\S`) are ASCII, as with Python's
//! `re.ASCII`: the identifiers, keys and numbers rules look for are ASCII, and
//! Unicode classes make a pattern several times slower to compile, which a
//! hook running on three files pays on every commit. `\p{L}` still means any
//! letter. The same pattern in several rules is analysed and compiled once.

use super::prefilter::{self, Prefilter};
use regex_automata::meta;
use regex_syntax::hir::Hir;
use std::sync::{Arc, Mutex, OnceLock};

/// Compile-time options of a rule regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Flags {
    /// `^` and `$` match at line boundaries (every rule pattern).
    pub multi_line: bool,
    /// Case-insensitive (heading patterns).
    pub case_insensitive: bool,
    /// Searched in one heading, table cell or value at a time, never in a
    /// whole file: the engine's literal prefilter and full DFA, which make a
    /// long search fast, would cost more to build than they save.
    pub short_haystacks: bool,
}

impl Flags {
    /// A pattern searched in files (`^` and `$` at line boundaries).
    pub const LINES: Flags = Flags { multi_line: true, case_insensitive: false, short_haystacks: false };
}

/// Limit on a compiled regex's size; a pattern this big is almost surely a mistake.
const SIZE_LIMIT: usize = 16 << 20;

/// A regex whose syntax is known to be valid, analysed and compiled on first use.
#[derive(Debug, Clone)]
pub struct LazyRegex {
    /// The pattern as written.
    source: String,
    /// What is compiled: `source` with ASCII `\w` and `\d`.
    compiled_source: String,
    flags: Flags,
    names: Vec<String>,
    /// Shared by every rule regex with the same source and flags.
    shared: Arc<Shared>,
    /// Where the pattern is written and under which key, for an error found when it is compiled.
    origin: Option<(crate::error::Document, std::ops::Range<usize>, String)>,
}

/// What every rule regex with the same compiled source and flags shares, each
/// part made at most once, when first needed.
#[derive(Debug, Default)]
struct Shared {
    /// The translated pattern, or why it does not translate.
    hir: OnceLock<Result<Hir, String>>,
    prefilter: OnceLock<Prefilter>,
    regex: OnceLock<Regex>,
}

/// A compiled rule pattern: `regex`'s own engine, built from the syntax tree
/// the prefilter was worked out from (so a pattern is parsed once, not twice).
pub type Regex = meta::Regex;

/// The shared parts of a pattern, by what is compiled, so a pattern used by several rules is analysed and compiled once.
fn shared(compiled_source: &str, flags: Flags) -> Arc<Shared> {
    type ByPattern = super::shared_by_key::SharedByKey<(String, Flags), Shared>;
    static SHARED: OnceLock<Mutex<ByPattern>> = OnceLock::new();
    let mut shared = SHARED.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let key = (compiled_source.to_string(), flags);
    if let Some(parts) = shared.get(&key) {
        return parts;
    }
    let parts = Arc::new(Shared::default());
    shared.insert(key, parts.clone());
    parts
}

/// The last line of a regex-syntax error, without its `error: ` prefix.
fn one_line(error: &impl std::fmt::Display) -> String {
    let text = error.to_string();
    text.lines().last().unwrap_or(&text).trim_start_matches("error: ").to_string()
}

impl LazyRegex {
    /// A rule regex. A pattern that may name groups (`(?P<` or `(?<` in
    /// it) is parsed now, for the names; the error is a one-line description.
    /// Any other is parsed when first used: [`LazyRegex::check_compiles`]
    /// finds its syntax errors.
    pub fn new(source: &str, flags: Flags) -> Result<LazyRegex, String> {
        let parse = |pattern: &str| regex_syntax::ast::parse::Parser::new().parse(pattern).map_err(|e| one_line(&e));
        // What compiles is the ASCII form; an error describes the pattern as written.
        let compiled_source = ascii_classes(source);
        let names = if source.contains("(?P<") || source.contains("(?<") {
            capture_names(&parse(&compiled_source).map_err(|error| parse(source).err().unwrap_or(error))?)
        } else {
            Vec::new()
        };
        Ok(LazyRegex {
            source: source.to_string(),
            names,
            shared: shared(&compiled_source, flags),
            compiled_source,
            flags,
            origin: None,
        })
    }

    /// Remember where the pattern is written, and the key that holds it (for
    /// [`LazyRegex::check_compiles`]).
    pub fn written_at(mut self, document: &crate::error::Document, span: std::ops::Range<usize>, key: &str) -> Self {
        self.origin = Some((document.clone(), span, key.to_string()));
        self
    }

    /// Compile now, and point at the pattern if it cannot be compiled: a
    /// config's regexes are checked when it is read, so that such a pattern
    /// is an error, not a rule that silently matches nothing: a syntax error,
    /// a pattern over the size limit, or one whose classes do not translate
    /// (an unknown `\p{...}` name).
    pub fn check_compiles(&self) -> Result<(), crate::error::SourceError> {
        let error = match self.build() {
            Ok(regex) => {
                // The run uses what was compiled here; another rule may have compiled it already.
                let _ = self.shared.regex.set(regex);
                return Ok(());
            }
            Err(error) => error,
        };
        let (document, span, key) = self.origin.clone().unwrap_or_else(|| {
            let document = crate::error::Document { name: "a rule".into(), text: self.source.as_str().into() };
            (document, 0..self.source.len(), String::new())
        });
        let in_key = if key.is_empty() { String::new() } else { format!(" in `{key}`") };
        Err(match error {
            BuildError::TooBig(detail) => crate::error::SourceError::new(
                &document,
                span,
                format!("regex{in_key} cannot be compiled: {detail}"),
                "this regex",
            )
            .with_help("a pattern this large is usually a mistake; split it into several rules or signals"),
            BuildError::Invalid(detail) => crate::error::SourceError::new(
                &document,
                span,
                format!("invalid regex{in_key}: {detail}"),
                "invalid regex",
            )
            .with_help("regexes use Rust's regex syntax: no look-around, no back-references"),
        })
    }

    /// The pattern translated (Unicode classes, case folding), once.
    fn hir(&self) -> &Result<Hir, String> {
        self.shared.hir.get_or_init(|| {
            regex_syntax::ParserBuilder::new()
                .multi_line(self.flags.multi_line)
                .case_insensitive(self.flags.case_insensitive)
                .build()
                .parse(&self.compiled_source)
                .map_err(|e| one_line(&e))
        })
    }

    /// What the literal prefilter knows about the pattern (analysed on first call).
    pub fn prefilter(&self) -> &Prefilter {
        self.shared.prefilter.get_or_init(|| {
            // A pattern that fails to translate never compiles either (it
            // matches nothing, or its config was refused): no literal to require.
            self.hir().as_ref().map(prefilter::of).unwrap_or_default()
        })
    }

    /// Whether the rule engine searches this pattern only on lines that hold
    /// one of its required literals (see `eval::candidate_lines`).
    fn searches_candidate_lines(&self) -> bool {
        let prefilter = self.prefilter();
        prefilter.line_bounded && !prefilter.requirement.is_empty()
    }

    /// Names of the pattern's named capture groups, in order.
    pub fn capture_names(&self) -> &[String] {
        &self.names
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the regex is compiled already (by this rule or another).
    pub fn is_compiled(&self) -> bool {
        self.shared.regex.get().is_some()
    }

    /// The compiled regex. A pattern that parsed but exceeds the size limit
    /// never matches (and says so once on stderr) rather than ending the run.
    pub fn get(&self) -> &Regex {
        self.shared.regex.get_or_init(|| {
            self.build().unwrap_or_else(|e| {
                eprintln!("mlready: warning: regex `{}` cannot be compiled ({e}); it matches nothing", self.source);
                Regex::new(r"[^\s\S]").expect("an empty class compiles")
            })
        })
    }

    /// Compile now (tests check that every built-in pattern compiles).
    pub fn compile(&self) -> Result<(), String> {
        self.build().map(|_| ()).map_err(|e| e.to_string())
    }

    /// Compile with `regex`'s configuration (`regex::RegexBuilder::size_limit`
    /// bounds the same two engines).
    fn build(&self) -> Result<Regex, BuildError> {
        let hir = self.hir().as_ref().map_err(|e| BuildError::Invalid(e.clone()))?;
        let mut config = meta::Config::new().nfa_size_limit(Some(SIZE_LIMIT)).onepass_size_limit(Some(SIZE_LIMIT));
        if self.flags.short_haystacks {
            // A literal prefilter only pays on long text, and its literal sets
            // were most of these patterns' build. The lazy DFA stays: without
            // it, the backtracker searching each of a monorepo's thousands of
            // headings cost 3% more than the build saved.
            config = config.auto_prefilter(false).dfa(false);
        } else if self.searches_candidate_lines() {
            // The rule engine's own literal scan already found the lines this
            // pattern can match on; a second literal search inside them does
            // not pay for building it.
            config = config.auto_prefilter(false);
        }
        meta::Builder::new().configure(config).build_from_hir(hir).map_err(|e| match e.size_limit() {
            Some(limit) => BuildError::TooBig(format!("compiled regex exceeds size limit of {limit} bytes")),
            None => BuildError::Invalid(one_line(&e)),
        })
    }
}

/// Why a pattern that passed the syntax check does not compile.
#[derive(Debug)]
enum BuildError {
    /// Its classes do not translate (an unknown `\p{...}` name).
    Invalid(String),
    /// It is over the size limit.
    TooBig(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Invalid(detail) => write!(f, "invalid regex: {detail}"),
            BuildError::TooBig(detail) => f.write_str(detail),
        }
    }
}

/// `pattern` with the Perl classes `\w`, `\d`, `\s` and their negations
/// spelled as ASCII classes. A nested class is valid inside a class too (`[\w.-]` becomes
/// `[[0-9A-Za-z_].-]`); escaped backslashes are kept as they are.
///
/// `\b` becomes the ASCII word boundary, to agree with `\w`, and because the
/// fast engine cannot decide a Unicode boundary next to a non-ASCII character:
/// one `é` or `—` in a file made the whole search fall back to the slowest
/// engine. `\b{start}` and the other special boundaries are kept.
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
            Some('b') if !chars.as_str().starts_with('{') => out.push_str("(?-u:\\b)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Names of the named capture groups in `ast`, in order.
fn capture_names(ast: &regex_syntax::ast::Ast) -> Vec<String> {
    use regex_syntax::ast::{Ast, GroupKind, Visitor};
    struct Names(Vec<String>);
    impl Visitor for Names {
        type Output = Vec<String>;
        type Err = std::convert::Infallible;
        fn finish(self) -> Result<Vec<String>, Self::Err> {
            Ok(self.0)
        }
        fn visit_pre(&mut self, ast: &Ast) -> Result<(), Self::Err> {
            if let Ast::Group(group) = ast
                && let GroupKind::CaptureName { name, .. } = &group.kind
            {
                self.0.push(name.name.clone());
            }
            Ok(())
        }
    }
    // The visitor keeps its stack on the heap: no recursion on deep nesting.
    match regex_syntax::ast::visit(ast, Names(Vec::new())) {
        Ok(names) => names,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: Flags = Flags::LINES;

    #[test]
    fn word_and_digit_classes_are_ascii() {
        assert_eq!(ascii_classes(r"\w+[\w.-]\d\\w\D"), r"[0-9A-Za-z_]+[[0-9A-Za-z_].-][0-9]\\w[^0-9]");
        assert_eq!(ascii_classes(r"\bfit\b\\b\b{start}x"), r"(?-u:\b)fit(?-u:\b)\\b\b{start}x");
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
        assert!(b.shared.regex.get().is_some());
    }

    #[test]
    fn syntax_errors_are_found_when_checked() {
        // Not parsed until used or checked: a config's patterns are checked when it is read.
        let unclosed = LazyRegex::new("load((", LINES).unwrap();
        assert!(unclosed.check_compiles().unwrap_err().message.contains("unclosed group"));
        assert!(LazyRegex::new("(?=x)y", LINES).unwrap().check_compiles().is_err(), "no look-around");
        // A pattern that may name groups is parsed at once, for the names.
        assert!(LazyRegex::new("(?P<x>a", LINES).unwrap_err().contains("unclosed group"));
        assert!(LazyRegex::new("(?<=x)y", LINES).is_err(), "no look-behind either");
        let named = LazyRegex::new(r"(?P<pkg>\w+)(x|(?P<span>y))", LINES).unwrap();
        assert_eq!(named.capture_names(), ["pkg", "span"]);
        // Classes are translated when the pattern is first analysed or compiled;
        // a config's patterns are compiled when it is read, and say why they fail.
        let unknown_class = LazyRegex::new(r"\p{Bogus}", LINES).unwrap();
        let error = unknown_class.check_compiles().unwrap_err();
        assert!(error.message.starts_with("invalid regex: "), "{}", error.message);
        assert!(unknown_class.prefilter().requirement.is_empty(), "no literal required of a pattern that never runs");
        let ok = LazyRegex::new("^import torch$", LINES).unwrap();
        assert!(ok.get().is_match("x\nimport torch\n"));
    }
}

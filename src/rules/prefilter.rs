//! One pass per file for all of its patterns.
//!
//! Running every applicable regex over every file costs one scan per rule;
//! a Python file in a large repository is selected by dozens of patterns. So
//! each pattern is reduced, from its syntax tree, to literals any match must
//! contain: a conjunction of alternatives ("`import` or `from`", and "one of
//! the library names"). One Aho-Corasick scan of a file finds where those
//! literals occur; only the patterns whose every clause is satisfied run, and
//! a pattern that cannot match across lines runs only on the lines where one
//! of its literals occurs. This is how ripgrep searches, and it makes a
//! pattern's cost proportional to its candidate lines, not to the file.
//!
//! A prefilter may let a pattern run needlessly, never skip a match, with one
//! deliberate exception: for `(?i)` patterns, the non-ASCII letters Unicode
//! folds onto ASCII ones (the Kelvin sign, the long s) are not looked for.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Shortest literal worth looking for: shorter ones occur everywhere.
const MIN_LITERAL: usize = 3;
/// Most alternatives in one clause: beyond that the clause is dropped (always true).
const MAX_ALTERNATIVES: usize = 64;
/// Most characters of a class that counts as a few fixed strings.
const SMALL_CLASS: usize = 4;
/// Words in nearly every Python, YAML or Markdown file: a clause made only of
/// them filters nothing and makes every file a candidate.
const COMMON_WORDS: &[&str] = &[
    "and", "async", "await", "class", "def", "elif", "else", "except", "false", "for", "from", "import", "lambda",
    "none", "not", "pass", "print", "raise", "return", "self", "the", "true", "try", "while", "with", "yield",
    // Every script's `if __name__ == "__main__":`.
    "__name__", "__main__",
];

/// A literal every match of a pattern contains.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Literal {
    /// The text; lower case unless `exact`.
    pub text: String,
    /// Whether case matters: the pattern spells it exactly (no `(?i)`).
    pub exact: bool,
}

impl Literal {
    fn is_common(&self) -> bool {
        COMMON_WORDS.iter().any(|w| w.eq_ignore_ascii_case(&self.text))
    }
}

/// Literals a match must contain: every clause needs one of its alternatives.
/// An empty list means "no useful literal": the pattern always runs. The
/// engine is sound with any number of clauses; [`of`] keeps one.
pub type Requirement = Vec<Vec<Literal>>;

/// What the prefilter knows about one pattern.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefilter {
    /// The literals its matches contain.
    pub requirement: Requirement,
    /// Whether a match never spans a line break and the pattern does not look
    /// at the text's start or end (`\A`, `\z`): then it can run line by line.
    pub line_bounded: bool,
}

/// The prefilter of a parsed pattern. Of the clauses a match satisfies, only
/// the most selective is looked for: any one is enough to rule a file out,
/// and every extra literal costs every file a little (`wandb\.(?:init|log)`
/// looks for `wandb.`, not for `log`, which Python code is full of).
pub fn of(hir: &Hir) -> Prefilter {
    let mut requirement: Requirement =
        best_clause(clauses(hir)).into_iter().filter(|c| !c.iter().all(Literal::is_common)).collect();
    for clause in &mut requirement {
        clause.sort();
        clause.dedup();
    }
    Prefilter { requirement, line_bounded: line_bounded(hir) }
}

/// The prefilter of a key path: the names of its most selective named step
/// (a key appears in its file as written, in YAML, JSON, TOML or front
/// matter alike). Wildcard steps name nothing; a path of only wildcards, or
/// whose names are all too short, has no prefilter and is always parsed.
pub fn of_key_path(path: &[crate::scan::formats::document::KeyStep]) -> Prefilter {
    use crate::scan::formats::document::KeyStep;
    let clauses = path
        .iter()
        .filter_map(|step| match step {
            KeyStep::Key(names) => {
                Some(names.iter().map(|name| Literal { text: name.clone(), exact: true }).collect::<Vec<_>>())
            }
            KeyStep::Any | KeyStep::Deep => None,
        })
        .collect();
    Prefilter { requirement: best_clause(clauses).into_iter().collect(), line_bounded: false }
}

fn usable(clause: &[Literal]) -> bool {
    !clause.is_empty() && clause.len() <= MAX_ALTERNATIVES && clause.iter().all(|l| l.text.len() >= MIN_LITERAL)
}

/// Whether no match of `hir` contains a line break or depends on the text's ends.
fn line_bounded(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Literal(lit) => !lit.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(class)) => !class.iter().any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(class)) => !class.iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Look(look) => !matches!(look, Look::Start | Look::End),
        HirKind::Repetition(rep) => line_bounded(&rep.sub),
        HirKind::Capture(capture) => line_bounded(&capture.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().all(line_bounded),
    }
}

/// A literal character: one byte, or one ASCII letter in either case.
fn literal_char(hir: &Hir) -> Option<Literal> {
    match hir.kind() {
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0).ok().map(|s| Literal { text: s.to_string(), exact: true }),
        HirKind::Class(Class::Unicode(class)) => {
            // Unicode case folding adds the Kelvin sign to `k` and the long s to `s`;
            // a literal that looks for the ASCII letters only is the useful approximation.
            let chars: Vec<char> =
                class.iter().flat_map(|r| r.start()..=r.end()).take(4).filter(char::is_ascii).collect();
            match chars.as_slice() {
                [a, b] if a.is_ascii_alphabetic() && a.eq_ignore_ascii_case(b) => {
                    Some(Literal { text: a.to_ascii_lowercase().to_string(), exact: false })
                }
                [a] => Some(Literal { text: a.to_string(), exact: true }),
                _ => None,
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let bytes: Vec<u8> = class.iter().flat_map(|r| r.start()..=r.end()).take(3).collect();
            match bytes.as_slice() {
                [a, b] if a.is_ascii_alphabetic() && a.eq_ignore_ascii_case(b) => {
                    Some(Literal { text: (a.to_ascii_lowercase() as char).to_string(), exact: false })
                }
                [a] if a.is_ascii() => Some(Literal { text: (*a as char).to_string(), exact: true }),
                _ => None,
            }
        }
        _ => None,
    }
}

impl Literal {
    /// The empty string: what a look-around or an optional part may add.
    fn empty() -> Literal {
        Literal { text: String::new(), exact: true }
    }

    /// This literal followed by `next`; case is kept only if both keep it.
    fn then(&self, next: &Literal) -> Literal {
        let exact = self.exact && next.exact;
        let mut text = format!("{}{}", self.text, next.text);
        if !exact {
            text.make_ascii_lowercase();
        }
        Literal { text, exact }
    }
}

/// Every string of `prefixes` followed by every string of `suffixes`, when there are few.
fn cross(prefixes: &[Literal], suffixes: &[Literal]) -> Option<Vec<Literal>> {
    if prefixes.len() * suffixes.len() > MAX_ALTERNATIVES {
        return None;
    }
    Some(prefixes.iter().flat_map(|p| suffixes.iter().map(|s| p.then(s))).collect())
}

/// The strings `hir` matches, when they are few and fixed: `(?:read|scan)_`
/// is `read_` or `scan_`, `https?` is `http` or `https`, `\b` is empty.
fn finite(hir: &Hir) -> Option<Vec<Literal>> {
    if let Some(ch) = literal_char(hir) {
        return Some(vec![ch]);
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Literal::empty()]),
        // A small class: each of its characters (`["']`).
        HirKind::Class(Class::Unicode(class)) => {
            let chars: Vec<char> = class.iter().flat_map(|r| r.start()..=r.end()).take(SMALL_CLASS + 1).collect();
            (chars.len() <= SMALL_CLASS)
                .then(|| chars.into_iter().map(|c| Literal { text: c.to_string(), exact: true }).collect())
        }
        HirKind::Capture(capture) => finite(&capture.sub),
        HirKind::Repetition(rep) if rep.min == 0 && rep.max == Some(1) => {
            let mut set = finite(&rep.sub)?;
            set.push(Literal::empty());
            (set.len() <= MAX_ALTERNATIVES).then_some(set)
        }
        HirKind::Concat(parts) => {
            parts.iter().try_fold(vec![Literal::empty()], |set, part| cross(&set, &finite(part)?))
        }
        HirKind::Alternation(branches) => {
            let mut set = Vec::new();
            for branch in branches {
                set.extend(finite(branch)?);
                if set.len() > MAX_ALTERNATIVES {
                    return None;
                }
            }
            Some(set)
        }
        _ => None,
    }
}

/// The clauses every match of `hir` satisfies.
fn clauses(hir: &Hir) -> Vec<Vec<Literal>> {
    if let Some(ch) = literal_char(hir) {
        return vec![vec![ch]];
    }
    match hir.kind() {
        HirKind::Capture(capture) => clauses(&capture.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => clauses(&rep.sub),
        HirKind::Concat(parts) => {
            // Adjacent fixed parts join into longer literals (`pd.read_`, `"https://`), which
            // are rarer than their pieces; other parts add their own clauses.
            let mut out = Vec::new();
            let mut run = vec![Literal::empty()];
            for part in parts {
                match finite(part) {
                    Some(set) => match cross(&run, &set) {
                        Some(joined) => run = joined,
                        None => out.push(std::mem::replace(&mut run, set)),
                    },
                    None => {
                        out.push(std::mem::replace(&mut run, vec![Literal::empty()]));
                        out.extend(clauses(part));
                    }
                }
            }
            out.push(run);
            out.retain(|clause| clause.iter().all(|l| !l.text.is_empty()));
            out
        }
        HirKind::Alternation(branches) => {
            // Each branch must offer one clause; the alternation needs one of their literals.
            let mut union = Vec::new();
            for branch in branches {
                match best_clause(clauses(branch)) {
                    Some(clause) => union.extend(clause),
                    None => return Vec::new(),
                }
            }
            vec![union]
        }
        _ => Vec::new(),
    }
}

/// The most selective usable clause: not only common words, long literals, few alternatives.
fn best_clause(clauses: Vec<Vec<Literal>>) -> Option<Vec<Literal>> {
    clauses.into_iter().filter(|c| usable(c)).max_by_key(|c| {
        (
            !c.iter().all(Literal::is_common),
            c.iter().map(|l| l.text.len()).min().unwrap_or(0),
            std::cmp::Reverse(c.len()),
        )
    })
}

/// Where a literal occurs in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// Position of the literal in the index.
    pub literal: usize,
    /// Byte offset where it starts.
    pub start: usize,
}

/// All the literals of a set of patterns, searched in one pass.
pub struct LiteralIndex {
    searcher: Option<AhoCorasick>,
    literals: Vec<Literal>,
}

impl LiteralIndex {
    /// Build an index over `literals`; occurrences name them by position.
    /// `large`: many bytes will be searched, so a DFA (slower to build,
    /// faster to run) pays for itself.
    pub fn new(literals: &[Literal], large: bool) -> LiteralIndex {
        let searcher = (!literals.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .kind(Some(if large { AhoCorasickKind::DFA } else { AhoCorasickKind::ContiguousNFA }))
                    .build(literals.iter().map(|l| &l.text))
                    .ok()
            })
            .flatten();
        LiteralIndex { searcher, literals: literals.to_vec() }
    }

    /// How many literals.
    pub fn len(&self) -> usize {
        self.literals.len()
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.literals.is_empty()
    }

    /// Every occurrence of every literal in `text`, overlapping ones included, appended to `out`.
    pub fn scan(&self, text: &str, out: &mut Vec<Occurrence>) {
        let Some(searcher) = &self.searcher else { return };
        for m in searcher.find_overlapping_iter(text) {
            let literal = &self.literals[m.pattern().as_usize()];
            if literal.exact && text[m.range()] != literal.text {
                continue;
            }
            out.push(Occurrence { literal: m.pattern().as_usize(), start: m.start() });
        }
    }
}

/// The lines (byte ranges, without their line break) that hold the given
/// offsets, in order, each once.
pub fn lines_at(text: &str, mut starts: Vec<usize>) -> Vec<std::ops::Range<usize>> {
    starts.sort_unstable();
    let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
    for start in starts {
        if lines.last().is_some_and(|l| start <= l.end) {
            continue;
        }
        let begin = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        lines.push(begin..end);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lazy_regex::{Flags, LazyRegex};

    /// What the engine knows about a rule pattern: through the path rules take.
    fn analyse(pattern: &str, case_insensitive: bool) -> Prefilter {
        LazyRegex::new(pattern, Flags { case_insensitive, ..Flags::LINES }).unwrap().prefilter().clone()
    }

    fn requirement(pattern: &str, case_insensitive: bool) -> Requirement {
        analyse(pattern, case_insensitive).requirement
    }

    fn lit(text: &str) -> Literal {
        Literal { text: text.to_string(), exact: true }
    }

    #[test]
    fn imports_need_a_library_name_not_the_keywords_every_file_has() {
        let r = requirement(r"^[ \t]*(?:from|import)[ \t]+(?P<lib>torch|sklearn|evidently)\b", false);
        assert_eq!(r, vec![vec![lit("evidently"), lit("sklearn"), lit("torch")]]);
    }

    #[test]
    fn alternations_union_their_branches_and_short_literals_are_dropped() {
        let r = requirement(r"\.(?:fit|train)[ \t]*\(|\bTrainer[ \t]*\(", false);
        assert_eq!(r, vec![vec![lit(".fit"), lit(".train"), lit("Trainer")]]);
        // A branch with nothing to look for makes the whole alternation always run.
        assert!(requirement(r"foo_bar|\d+", false).is_empty());
        // A branch offers its most selective clause: a name, not `def`.
        let r = requirement(r"^def[ \t]+train_model\(|\.fit\(", false);
        assert_eq!(r, vec![vec![lit(".fit("), lit("train_model(")]]);
    }

    #[test]
    fn fixed_parts_join_into_longer_literals() {
        let r = requirement(r"\b(?:pd|pandas)\.(?:read|scan)_\w+\(", false);
        let expected = ["pandas.read_", "pandas.scan_", "pd.read_", "pd.scan_"];
        assert_eq!(r, vec![expected.iter().map(|t| lit(t)).collect::<Vec<_>>()]);
        // An optional part doubles the set; a part with no fixed strings ends it.
        let r = requirement(r#"f?["']https?://\S+"#, false);
        assert_eq!(r[0].len(), 8);
        assert!(r[0].contains(&lit("f'https://")) && r[0].contains(&lit("\"http://")));
    }

    #[test]
    fn case_insensitive_patterns_fold_to_lower_case() {
        let folded = |t: &str| Literal { text: t.to_string(), exact: false };
        assert_eq!(requirement(r"(?i)\bthreshold_auc\b", false), vec![vec![folded("threshold_auc")]]);
        assert_eq!(requirement(r"Results", true), vec![vec![folded("results")]]);
    }

    #[test]
    fn patterns_that_stay_on_one_line_can_run_line_by_line() {
        assert!(analyse(r"^[ \t]*import[ \t]+torch\b[^\n]*$", false).line_bounded);
        assert!(!analyse(r"\Aversion https://git-lfs", false).line_bounded);
        assert!(!analyse(r"load\(\s*path", false).line_bounded, "\\s matches a line break");
        assert!(!analyse(r"a\nb", false).line_bounded);
    }

    #[test]
    fn lines_at_offsets_are_whole_lines_each_once() {
        let text = "a import b\nno\nimport x import y\nlast";
        let at = |w: &str| text.match_indices(w).map(|(i, _)| i).collect::<Vec<_>>();
        let lines: Vec<&str> = lines_at(text, at("import")).into_iter().map(|r| &text[r]).collect();
        assert_eq!(lines, ["a import b", "import x import y"]);
        assert_eq!(lines_at(text, at("last")).into_iter().map(|r| &text[r]).collect::<Vec<_>>(), ["last"]);
    }

    #[test]
    fn the_index_reports_where_literals_occur_and_respects_case() {
        let literals = [lit("import"), Literal { text: "torch".into(), exact: false }, lit("Trainer")];
        for large in [false, true] {
            let index = LiteralIndex::new(&literals, large);
            let mut found = Vec::new();
            index.scan("x = 1\nimport Torch\ntrainer = Trainer()\n", &mut found);
            let found: Vec<(usize, usize)> = found.iter().map(|o| (o.literal, o.start)).collect();
            assert_eq!(found, [(0, 6), (1, 13), (2, 29)]);
        }
    }
}

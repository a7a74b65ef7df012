//! One pass per file for all of its patterns.
//!
//! Running every applicable regex over every file costs one scan per rule;
//! a Python file in a large repository is selected by dozens of patterns. So
//! each pattern is reduced, from its syntax tree, to literals any match must
//! contain: a conjunction of alternatives ("`import` or `from`", and "one of
//! the library names"). One Aho-Corasick scan of a file finds which literals
//! occur; only the patterns whose every clause is satisfied run. Literals are
//! compared ignoring ASCII case, so `(?i)` patterns have prefilters too; a
//! prefilter may let a pattern run needlessly, never skip one that matches,
//! with one deliberate exception: the non-ASCII letters Unicode folds onto
//! ASCII ones (the Kelvin sign, the long s) are not looked for.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Shortest literal worth looking for: shorter ones occur everywhere.
const MIN_LITERAL: usize = 3;
/// Most alternatives in one clause: beyond that the clause is dropped (always true).
const MAX_ALTERNATIVES: usize = 64;

/// Literals a match must contain: every clause needs one of its alternatives.
/// An empty list means "no useful literal": the pattern always runs.
pub type Requirement = Vec<Vec<String>>;

/// What a pattern's matches must contain, as lower-case literals.
pub fn requirement(pattern: &str, case_insensitive: bool) -> Requirement {
    let Ok(hir) =
        regex_syntax::ParserBuilder::new().multi_line(true).case_insensitive(case_insensitive).build().parse(pattern)
    else {
        return Vec::new();
    };
    let mut clauses = clauses(&hir);
    clauses.retain(|c| !c.is_empty() && c.len() <= MAX_ALTERNATIVES && c.iter().all(|l| l.len() >= MIN_LITERAL));
    for clause in &mut clauses {
        clause.sort();
        clause.dedup();
    }
    clauses.sort();
    clauses.dedup();
    clauses
}

/// A literal character: a byte or a case-insensitive pair of one ASCII letter.
fn literal_char(hir: &Hir) -> Option<String> {
    match hir.kind() {
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0).ok().map(|s| s.to_ascii_lowercase()),
        HirKind::Class(Class::Unicode(class)) => {
            // Unicode case folding adds the Kelvin sign to `k` and the long s to `s`;
            // a literal that looks for the ASCII letters only is the useful approximation.
            let chars: Vec<char> =
                class.iter().flat_map(|r| r.start()..=r.end()).take(4).filter(char::is_ascii).collect();
            match chars.as_slice() {
                [a, b] if a.is_ascii_alphabetic() && a.eq_ignore_ascii_case(b) => {
                    Some(a.to_ascii_lowercase().to_string())
                }
                [a] => Some(a.to_ascii_lowercase().to_string()),
                _ => None,
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let bytes: Vec<u8> = class.iter().flat_map(|r| r.start()..=r.end()).take(3).collect();
            match bytes.as_slice() {
                [a, b] if a.is_ascii_alphabetic() && a.eq_ignore_ascii_case(b) => {
                    Some((a.to_ascii_lowercase() as char).to_string())
                }
                [a] if a.is_ascii() => Some((a.to_ascii_lowercase() as char).to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The clauses every match of `hir` satisfies.
fn clauses(hir: &Hir) -> Vec<Vec<String>> {
    if let Some(ch) = literal_char(hir) {
        return vec![vec![ch]];
    }
    match hir.kind() {
        HirKind::Capture(capture) => clauses(&capture.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => clauses(&rep.sub),
        HirKind::Concat(parts) => {
            // Adjacent literal characters form one literal; other parts add their own clauses.
            let mut out = Vec::new();
            let mut run = String::new();
            for part in parts {
                match literal_char(part) {
                    Some(ch) => run.push_str(&ch),
                    None => {
                        if !run.is_empty() {
                            out.push(vec![std::mem::take(&mut run)]);
                        }
                        out.extend(clauses(part));
                    }
                }
            }
            if !run.is_empty() {
                out.push(vec![run]);
            }
            out
        }
        HirKind::Alternation(branches) => {
            // Each branch must offer one clause; the alternation needs one of their literals.
            let mut union = Vec::new();
            for branch in branches {
                let best = best_clause(clauses(branch));
                match best {
                    Some(clause) => union.extend(clause),
                    None => return Vec::new(),
                }
            }
            vec![union]
        }
        _ => Vec::new(),
    }
}

/// The most selective usable clause: long literals, few alternatives.
fn best_clause(clauses: Vec<Vec<String>>) -> Option<Vec<String>> {
    clauses
        .into_iter()
        .filter(|c| !c.is_empty() && c.len() <= MAX_ALTERNATIVES && c.iter().all(|l| l.len() >= MIN_LITERAL))
        .max_by_key(|c| (c.iter().map(String::len).min().unwrap_or(0), std::cmp::Reverse(c.len())))
}

/// All the literals of a set of requirements, searched in one pass.
pub struct LiteralIndex {
    searcher: Option<AhoCorasick>,
    literals: usize,
}

impl LiteralIndex {
    /// Build an index over every literal of `requirements`; literal ids are positions in `literals`.
    pub fn new(literals: &[String]) -> LiteralIndex {
        let searcher = (!literals.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(literals)
                    .ok()
            })
            .flatten();
        LiteralIndex { searcher, literals: literals.len() }
    }

    /// Which literals occur in `text` (overlapping matches included).
    pub fn present(&self, text: &str, out: &mut Vec<bool>) {
        out.clear();
        out.resize(self.literals, false);
        let Some(searcher) = &self.searcher else { return };
        let mut remaining = self.literals;
        for m in searcher.find_overlapping_iter(text) {
            let seen = &mut out[m.pattern().as_usize()];
            if !*seen {
                *seen = true;
                remaining -= 1;
                if remaining == 0 {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_need_the_keyword_and_a_library_name() {
        let r = requirement(r"^[ \t]*(?:from|import)[ \t]+(?P<lib>torch|sklearn|evidently)\b", false);
        assert_eq!(
            r,
            vec![vec!["evidently".to_string(), "sklearn".into(), "torch".into()], vec!["from".into(), "import".into()]]
        );
    }

    #[test]
    fn alternations_union_their_branches_and_short_literals_are_dropped() {
        let r = requirement(r"\.(?:fit|train)[ \t]*\(|\bTrainer[ \t]*\(", false);
        assert_eq!(r, vec![vec!["fit".to_string(), "train".into(), "trainer".into()]]);
        // A branch with nothing to look for makes the whole alternation always run.
        assert!(requirement(r"foo_bar|\d+", false).is_empty());
    }

    #[test]
    fn case_insensitive_patterns_fold_to_lower_case() {
        let r = requirement(r"(?i)\bthreshold_auc\b", false);
        assert_eq!(r, vec![vec!["threshold_auc".to_string()]]);
        assert_eq!(requirement(r"Results", true), vec![vec!["results".to_string()]]);
    }

    #[test]
    fn the_index_reports_which_literals_occur() {
        let index = LiteralIndex::new(&["import".into(), "torch".into(), "evidently".into()]);
        let mut present = Vec::new();
        index.present("x = 1\nIMPORT Torch\n", &mut present);
        assert_eq!(present, [true, true, false]);
    }
}

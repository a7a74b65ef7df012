//! The built-in rule packs, embedded into the binary at build time.

use super::pack::{PACK_KEYS, PackSet};
use crate::error::{Document, SourceError};
use crate::toml_read::{self, TableReader};
use std::sync::Arc;

/// Every built-in pack: its path in the repository and its text.
pub const PACKS: &[(&str, &str)] = &[
    ("rules/facts.toml", include_str!("../../rules/facts.toml")),
    ("rules/owners.toml", include_str!("../../rules/owners.toml")),
    ("rules/monitoring.toml", include_str!("../../rules/monitoring.toml")),
    ("rules/data-versioning.toml", include_str!("../../rules/data-versioning.toml")),
    ("rules/metrics.toml", include_str!("../../rules/metrics.toml")),
    ("rules/validation.toml", include_str!("../../rules/validation.toml")),
    ("rules/dependencies.toml", include_str!("../../rules/dependencies.toml")),
    ("rules/reproducibility.toml", include_str!("../../rules/reproducibility.toml")),
    ("rules/ci.toml", include_str!("../../rules/ci.toml")),
    ("rules/model-card.toml", include_str!("../../rules/model-card.toml")),
];

/// Read every built-in pack into `packs`, in order. The packs are parsed once
/// per process and copied after: a run reads them once anyway, but a process
/// that builds many rule sets (the `config` fuzz target, one per input; the
/// test suite) spent most of its time parsing the same text again.
pub fn read_into(packs: &mut PackSet) -> Result<(), SourceError> {
    static BUILT_IN: std::sync::OnceLock<Result<PackSet, SourceError>> = std::sync::OnceLock::new();
    packs.extend(BUILT_IN.get_or_init(parse_all).clone()?);
    Ok(())
}

/// Every built-in pack, parsed in parallel: together they are the biggest
/// part of a small repository's lint.
fn parse_all() -> Result<PackSet, SourceError> {
    use rayon::prelude::*;
    let read: Vec<Result<PackSet, SourceError>> = PACKS
        .par_iter()
        .map(|(name, text)| {
            let mut pack = PackSet::default();
            read_pack(&mut pack, &format!("built-in pack {name}"), text).map(|()| pack)
        })
        .collect();
    let mut packs = PackSet::default();
    for pack in read {
        packs.extend(pack?);
    }
    Ok(packs)
}

/// Read one pack document (a built-in pack, or a user's rules file) into `packs`.
pub fn read_pack(packs: &mut PackSet, name: &str, text: &str) -> Result<(), SourceError> {
    let doc = Document { name: name.to_string(), text: Arc::from(text) };
    let table = toml_read::parse(&doc, text)?;
    let mut reader = TableReader::new(&doc, table.get_ref(), table.span(), name.to_string());
    packs.read(&mut reader)?;
    reader.finish(PACK_KEYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_pack_reads_and_resolves() {
        let mut packs = PackSet::default();
        if let Err(e) = read_into(&mut packs) {
            panic!("{}:{}: {}", e.document.name, e.line(), e.message);
        }
        let set = packs.resolve().unwrap_or_else(|e| panic!("{}:{}: {}", e.document.name, e.line(), e.message));
        assert!(set.rules.len() >= 20);
        // Regexes compile lazily; every built-in one must compile.
        for matcher in &set.matchers {
            for regex in matcher.regexes() {
                regex.compile().unwrap_or_else(|e| panic!("{}: {e}", regex.as_str()));
            }
        }
        for rule in &set.rules {
            assert!(rule.source.starts_with("built-in pack rules/"), "{}", rule.code);
            assert!(!rule.rationale.trim().is_empty() && !rule.fix.trim().is_empty(), "{} lacks docs", rule.code);
            assert!(rule.example.is_some() || rule.code == "CARD002", "{} lacks an example", rule.code);
        }
    }

    /// The literal prefilter may only skip files a pattern cannot match: on
    /// every fixture file, a pattern that matches satisfies its requirement.
    #[test]
    fn prefilters_never_hide_a_match_in_the_fixtures() {
        let mut packs = PackSet::default();
        read_into(&mut packs).unwrap();
        let set = packs.resolve().unwrap();
        let mut texts = Vec::new();
        let mut pending = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    texts.push((path, text));
                }
            }
        }
        let mut checked = 0;
        for matcher in &set.matchers {
            let crate::rules::matcher::Test::Pattern(regex) = &matcher.test else { continue };
            for (path, text) in &texts {
                if !regex.get().is_match(text) {
                    continue;
                }
                let lower = text.to_ascii_lowercase();
                for clause in &matcher.prefilter().requirement {
                    let found = |l: &crate::rules::prefilter::Literal| {
                        if l.exact { text.contains(l.text.as_str()) } else { lower.contains(l.text.as_str()) }
                    };
                    assert!(
                        clause.iter().any(found),
                        "{} matches {} but its prefilter {clause:?} would skip it",
                        regex.as_str(),
                        path.display()
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 50, "only {checked} pattern/file matches checked");
    }
}

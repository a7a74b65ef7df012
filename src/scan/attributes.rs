//! `.gitattributes`: which files git stores through git-lfs (`filter=lfs`).
//!
//! Git's rules: a pattern without a slash matches a file name at any depth
//! below the `.gitattributes` that contains it; a pattern with a slash is
//! relative to that folder; for each attribute the last matching line wins,
//! and files deeper in the tree override the root's.

use crate::scan::walk::compile_glob;
use globset::GlobMatcher;

/// The `filter` attribute lines of every `.gitattributes` of a tree.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    /// (depth of the .gitattributes folder, order, matcher, whether the line sets `filter=lfs`).
    lines: Vec<(usize, usize, GlobMatcher, bool)>,
}

impl Attributes {
    /// Add the lines of the `.gitattributes` in folder `dir` ("" for the root).
    pub fn add_file(&mut self, dir: &str, text: &str) {
        let depth = if dir.is_empty() { 0 } else { dir.matches('/').count() + 1 };
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let Some(pattern) = parts.next() else { continue };
            let mut filter: Option<bool> = None;
            for attr in parts {
                match attr {
                    "filter=lfs" => filter = Some(true),
                    "-filter" | "!filter" => filter = Some(false),
                    a if a.starts_with("filter=") => filter = Some(false),
                    _ => {}
                }
            }
            let Some(lfs) = filter else { continue };
            let anchored = pattern.trim_end_matches('/').contains('/');
            let pattern = pattern.trim_start_matches('/');
            let glob = match (dir.is_empty(), anchored) {
                (true, true) => pattern.to_string(),
                (true, false) => format!("**/{pattern}"),
                (false, true) => format!("{dir}/{pattern}"),
                (false, false) => format!("{dir}/**/{pattern}"),
            };
            if let Ok(compiled) = compile_glob(&glob) {
                let order = self.lines.len();
                self.lines.push((depth, order, compiled.compile_matcher(), lfs));
            }
        }
    }

    /// Whether git stores `path` through git-lfs.
    pub fn is_lfs(&self, path: &str) -> bool {
        self.lines
            .iter()
            .filter(|(_, _, glob, _)| glob.is_match(path))
            .max_by_key(|(depth, order, _, _)| (*depth, *order))
            .is_some_and(|(_, _, _, lfs)| *lfs)
    }

    /// Whether any `.gitattributes` line was read.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_match_wins_and_deeper_files_override() {
        let mut attrs = Attributes::default();
        attrs
            .add_file("", "*.csv filter=lfs diff=lfs merge=lfs -text\ndata/raw/*.csv -filter\n/models/** filter=lfs\n");
        attrs.add_file("sub", "*.csv -filter\n");
        assert!(attrs.is_lfs("train.csv"));
        assert!(attrs.is_lfs("data/train.csv"));
        assert!(!attrs.is_lfs("data/raw/x.csv"));
        assert!(attrs.is_lfs("models/a/b.bin"));
        assert!(!attrs.is_lfs("other/models/b.bin"));
        assert!(!attrs.is_lfs("sub/deep/x.csv"));
        assert!(!attrs.is_lfs("notes.txt"));
    }
}

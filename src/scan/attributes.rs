//! `.gitattributes`: which files git stores through git-lfs (`filter=lfs`),
//! and which it rewrites between the blob and the work tree (a `filter`
//! driver, `ident`, `working-tree-encoding`), so that a file on disk is not
//! byte for byte the blob it was staged as.
//!
//! Git's rules: a pattern without a slash matches a file name at any depth
//! below the `.gitattributes` that contains it; a pattern with a slash is
//! relative to that folder; for each attribute the last matching line wins,
//! and files deeper in the tree override the root's.

use crate::scan::walk::compile_glob;
use globset::GlobMatcher;

/// What one line says of the attributes mlready reads (`None`: not mentioned).
#[derive(Debug, Clone, Copy, Default)]
struct Settings {
    /// `filter`: `Some(Some(true))` for git-lfs, `Some(Some(false))` for another driver, `Some(None)` unset.
    filter: Option<Option<bool>>,
    /// `ident` set or unset.
    ident: Option<bool>,
    /// `working-tree-encoding` set or unset.
    encoding: Option<bool>,
}

/// The attribute lines of every `.gitattributes` of a tree.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    /// (depth of the .gitattributes folder, order, matcher, what the line sets).
    lines: Vec<(usize, usize, GlobMatcher, Settings)>,
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
            let mut settings = Settings::default();
            for attr in parts {
                let unset = attr.starts_with('-') || attr.starts_with('!');
                match attr.trim_start_matches(['-', '!']) {
                    "filter" => settings.filter = Some(None),
                    "filter=lfs" if !unset => settings.filter = Some(Some(true)),
                    a if a.starts_with("filter=") && !unset => settings.filter = Some(Some(false)),
                    "ident" => settings.ident = Some(!unset),
                    a if a == "working-tree-encoding" || a.starts_with("working-tree-encoding=") => {
                        settings.encoding = Some(!unset && a.contains('='));
                    }
                    _ => {}
                }
            }
            if settings.filter.is_none() && settings.ident.is_none() && settings.encoding.is_none() {
                continue;
            }
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
                self.lines.push((depth, order, compiled.compile_matcher(), settings));
            }
        }
    }

    /// The value the last matching line gives one attribute for `path`.
    fn last<T>(&self, path: &str, attribute: impl Fn(&Settings) -> Option<T>) -> Option<T> {
        self.lines
            .iter()
            .filter(|(_, _, glob, settings)| attribute(settings).is_some() && glob.is_match(path))
            .max_by_key(|(depth, order, _, _)| (*depth, *order))
            .and_then(|(_, _, _, settings)| attribute(settings))
    }

    /// Whether git stores `path` through git-lfs.
    pub fn is_lfs(&self, path: &str) -> bool {
        self.last(path, |s| s.filter).flatten() == Some(true)
    }

    /// Whether git rewrites `path` between its blob and the work tree (a
    /// filter driver such as git-lfs, `$Id$` expansion, another encoding):
    /// then the file on disk is not the blob, whatever `stat` says.
    pub fn rewrites(&self, path: &str) -> bool {
        !self.lines.is_empty()
            && (self.last(path, |s| s.filter).flatten().is_some()
                || self.last(path, |s| s.ident) == Some(true)
                || self.last(path, |s| s.encoding) == Some(true))
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

    #[test]
    fn filters_ident_and_encodings_rewrite_the_work_tree_copy() {
        let mut attrs = Attributes::default();
        attrs.add_file(
            "",
            "* text=auto\n*.csv filter=lfs\nsecrets/** filter=git-crypt\n*.c ident\nlegacy/*.txt working-tree-encoding=UTF-16LE\n",
        );
        attrs.add_file("secrets/open", "* -filter\n");
        for rewritten in ["data/a.csv", "secrets/key.yaml", "src/x.c", "legacy/notes.txt"] {
            assert!(attrs.rewrites(rewritten), "{rewritten}");
        }
        for plain in ["train.py", "secrets/open/readme.md", "notes.txt"] {
            assert!(!attrs.rewrites(plain), "{plain}");
        }
        assert!(attrs.is_lfs("data/a.csv") && !attrs.is_lfs("secrets/key.yaml"));
    }
}

//! Git attributes: which files git stores through git-lfs (`filter=lfs`),
//! and which it rewrites between the blob and the work tree (a `filter`
//! driver such as nbstripout or git-lfs, `ident`, `working-tree-encoding`),
//! so that a file on disk is not byte for byte the blob it was staged as.
//!
//! Git's rules: a pattern without a slash matches a file name at any depth
//! below the file that contains it; a pattern with a slash is relative to
//! that file's folder; for each attribute the last matching line wins. The
//! sources, weakest first: the user's `core.attributesFile`, the
//! `.gitattributes` files from the repository's top down to the file's
//! folder (deeper ones win), then `$GIT_DIR/info/attributes`. Patterns live
//! in the repository's path space; questions are asked with paths relative
//! to the linted root, which may be a folder of the repository.

use crate::scan::fs::walk::compile_glob;
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
    /// `linguist-vendored` or `linguist-generated` set or unset: someone else's code.
    vendored: Option<bool>,
}

/// Where a line comes from, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    /// `core.attributesFile`.
    User,
    /// A `.gitattributes`, at this depth below the repository's top.
    Tree(usize),
    /// `$GIT_DIR/info/attributes`.
    Repository,
}

/// The attribute lines that apply to a tree.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    /// The linted root's path in the repository (`""` or `"sub/dir/"`).
    prefix: String,
    /// (source, order, matcher, what the line sets).
    lines: Vec<(Source, usize, GlobMatcher, Settings)>,
}

impl Attributes {
    /// Attributes for a linted root at `prefix` in its repository (`""` or `"sub/dir/"`).
    pub fn new(prefix: &str) -> Attributes {
        Attributes { prefix: prefix.to_string(), lines: Vec::new() }
    }

    /// Add the lines of the `.gitattributes` in folder `dir`, relative to the
    /// repository's top (`""` for the top).
    pub fn add_file(&mut self, dir: &str, text: &str) {
        let depth = if dir.is_empty() { 0 } else { dir.matches('/').count() + 1 };
        self.add(Source::Tree(depth), dir, text);
    }

    /// Add the lines of `core.attributesFile` (patterns relative to the repository's top).
    pub fn add_user_file(&mut self, text: &str) {
        self.add(Source::User, "", text);
    }

    /// Add the lines of `$GIT_DIR/info/attributes` (patterns relative to the repository's top).
    pub fn add_repository_file(&mut self, text: &str) {
        self.add(Source::Repository, "", text);
    }

    fn add(&mut self, source: Source, dir: &str, text: &str) {
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
                    // GitHub's linguist: `linguist-vendored`, `linguist-generated`, `=true` / `=false`.
                    a if a.starts_with("linguist-vendored") || a.starts_with("linguist-generated") => {
                        let value = a.split_once('=').map(|(_, v)| v);
                        settings.vendored = Some(!unset && value.is_none_or(|v| v.eq_ignore_ascii_case("true")));
                    }
                    _ => {}
                }
            }
            if settings.filter.is_none()
                && settings.ident.is_none()
                && settings.encoding.is_none()
                && settings.vendored.is_none()
            {
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
                self.lines.push((source, order, compiled.compile_matcher(), settings));
            }
        }
    }

    /// The value the strongest matching line gives one attribute for `path` (root-relative).
    fn last<T>(&self, path: &str, attribute: impl Fn(&Settings) -> Option<T>) -> Option<T> {
        if self.lines.is_empty() {
            return None;
        }
        let full;
        let path = if self.prefix.is_empty() {
            path
        } else {
            full = format!("{}{path}", self.prefix);
            &full
        };
        self.lines
            .iter()
            .filter(|(_, _, glob, settings)| attribute(settings).is_some() && glob.is_match(path))
            .max_by_key(|(source, order, _, _)| (*source, *order))
            .and_then(|(_, _, _, settings)| attribute(settings))
    }

    /// Whether git stores `path` through git-lfs.
    pub fn is_lfs(&self, path: &str) -> bool {
        self.last(path, |s| s.filter).flatten() == Some(true)
    }

    /// Whether git rewrites `path` between its blob and the work tree (a
    /// filter driver, `$Id$` expansion, another encoding): then the file on
    /// disk is not the blob, whatever `stat` says.
    pub fn rewrites(&self, path: &str) -> bool {
        !self.lines.is_empty()
            && (self.last(path, |s| s.filter).flatten().is_some()
                || self.last(path, |s| s.ident) == Some(true)
                || self.last(path, |s| s.encoding) == Some(true))
    }

    /// Whether `.gitattributes` marks `path` as someone else's code
    /// (`linguist-vendored` or `linguist-generated`).
    pub fn is_vendored(&self, path: &str) -> bool {
        self.last(path, |s| s.vendored) == Some(true)
    }

    /// Whether any attribute line was read.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_match_wins_and_deeper_files_override() {
        let mut attrs = Attributes::new("");
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
        let mut attrs = Attributes::new("");
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

    #[test]
    fn info_attributes_win_and_the_user_file_loses_and_a_subfolder_sees_the_top() {
        // Linting `proj/`: the top's .gitattributes and the repository's files apply to it.
        let mut attrs = Attributes::new("proj/");
        attrs.add_user_file("*.ipynb filter=nbstripout\n*.md ident\n");
        attrs.add_file("", "*.md -ident\n");
        attrs.add_file("proj", "data/** filter=lfs\n");
        attrs.add_repository_file("*.csv filter=lfs\nkeep.ipynb -filter\n");
        assert!(attrs.rewrites("nb/explore.ipynb"), "the user's filter applies");
        assert!(!attrs.rewrites("nb/keep.ipynb"), "info/attributes wins");
        assert!(!attrs.rewrites("README.md"), "the tree's file beats the user's");
        assert!(attrs.is_lfs("data/train.parquet") && attrs.is_lfs("x.csv"));
    }
}

//! Someone else's code in the tree: a vendored copy of an upstream project,
//! an archived one, generated files. It does not say anything about this
//! repository's readiness: its facts must not make rules apply (an upstream
//! demo server is not this project serving a model), and its findings are
//! not this team's to fix. Vendored files are left out of the picture, and
//! `--verbose` says which.
//!
//! A file is vendored when:
//! * `.gitattributes` marks it `linguist-vendored` or `linguist-generated`
//!   (GitHub's own convention, which also hides such files from diffs and
//!   language statistics);
//! * it is in a subfolder of a vendor-like folder (`third_party/`,
//!   `vendor/`, `external/`, `extern/`, `legacy/`, ...) that has its own
//!   licence and its own packaging (a `LICENSE` and a `setup.py`,
//!   `pyproject.toml`, `package.json`...): a project of its own;
//! * the config's `vendored` globs say so.
//!
//! `include-vendored = true` in the config lints all of it like the
//! project's own code.

use super::FileEntry;
use super::fs::walk::Excludes;
use super::git::attributes::Attributes;
use std::collections::BTreeMap;

/// Folder names that hold other projects' code.
pub const VENDOR_FOLDERS: &[&str] = &[
    "third_party",
    "third-party",
    "thirdparty",
    "3rdparty",
    "vendor",
    "vendored",
    "external",
    "externals",
    "extern",
    "legacy",
    "archive",
    "archived",
];

/// Files that say a folder is a package of its own.
const PACKAGING: &[&str] = &[
    "setup.py",
    "setup.cfg",
    "pyproject.toml",
    "package.json",
    "cargo.toml",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "cmakelists.txt",
    "description",
];

fn is_licence(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["license", "licence", "copying"].iter().any(|l| lower == *l || lower.starts_with(&format!("{l}.")))
        || lower.starts_with("license-")
        || lower.starts_with("licence-")
}

/// What is vendored in a listing.
#[derive(Debug, Default)]
pub struct Vendored {
    /// Folders (ending in `/`) that are projects of their own under a vendor-like folder, with why.
    folders: Vec<(String, String)>,
}

impl Vendored {
    /// Find the vendored folders of `files` (sorted by path).
    pub fn find(files: &[FileEntry]) -> Vendored {
        // For each folder directly under a vendor-like folder: (has a licence, has packaging).
        let mut seen: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
        for file in files {
            let Some((folder, name)) = file.path.rsplit_once('/') else { continue };
            let parent_name = folder.rsplit_once('/').map_or("", |(p, _)| p.rsplit('/').next().unwrap_or(p));
            let parent_name = if folder.contains('/') { parent_name } else { "" };
            if !VENDOR_FOLDERS.contains(&parent_name) {
                continue;
            }
            let entry = seen.entry(format!("{folder}/")).or_default();
            if is_licence(name) {
                entry.0.get_or_insert_with(|| name.to_string());
            } else if PACKAGING.contains(&name.to_ascii_lowercase().as_str()) {
                entry.1.get_or_insert_with(|| name.to_string());
            }
        }
        let folders = seen
            .into_iter()
            .filter_map(|(folder, (licence, packaging))| {
                Some((folder, format!("its own {} and {}", licence?, packaging?)))
            })
            .collect();
        Vendored { folders }
    }

    /// Whether `path` is vendored: in a vendored folder, marked by `.gitattributes`, or by the config's globs.
    pub fn contains(&self, path: &str, attributes: &Attributes, extra: &Excludes) -> bool {
        self.why(path, attributes, extra).is_some()
    }

    /// Why `path` is someone else's code, if it is: the vendored folder it is
    /// in and what marks it (a licence and packaging of its own, a
    /// `.gitattributes` line, the config's `vendored` globs).
    pub fn why(&self, path: &str, attributes: &Attributes, extra: &Excludes) -> Option<(String, String)> {
        if let Some((folder, why)) = self.folders.iter().find(|(folder, _)| path.starts_with(folder.as_str())) {
            return Some((folder.clone(), why.clone()));
        }
        let why = if attributes.is_vendored(path) {
            "linguist-vendored or linguist-generated in .gitattributes"
        } else if !extra.is_empty() && extra.is_match(path) {
            "the config's `vendored` globs"
        } else {
            return None;
        };
        // Name the top folder the file is in: `legacy/` for `legacy/char-lm/model.py`.
        let folder = match path.split_once('/') {
            Some((top, _)) => format!("{top}/"),
            None => path.to_string(),
        };
        Some((folder, why.to_string()))
    }

    /// The vendored folders, with why.
    pub fn folders(&self) -> &[(String, String)] {
        &self.folders
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::Tracking;

    fn files(paths: &[&str]) -> Vec<FileEntry> {
        paths.iter().map(|p| FileEntry::new(p.to_string(), Tracking::Tracked)).collect()
    }

    #[test]
    fn a_project_of_its_own_under_a_vendor_folder_is_vendored() {
        let listing = files(&[
            "legacy/tiny-lm/LICENSE",
            "legacy/tiny-lm/serve.py",
            "legacy/tiny-lm/setup.py",
            "src/train.py",
            "third_party/deit/LICENSE.txt",
            "third_party/deit/demo/app.py",
            "third_party/deit/pyproject.toml",
            "third_party/notes/README.md",
            "third_party/script.py",
            "external/helpers/utils.py",
            "external/helpers/LICENSE",
        ]);
        let vendored = Vendored::find(&listing);
        let folders: Vec<&str> = vendored.folders().iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(folders, ["legacy/tiny-lm/", "third_party/deit/"]);
        let (attributes, none) = (Attributes::new(""), Excludes::new(&[]).unwrap());
        assert!(vendored.contains("third_party/deit/demo/app.py", &attributes, &none));
        // A script, a folder without packaging, the project's own code: not vendored.
        for own in ["third_party/script.py", "external/helpers/utils.py", "src/train.py"] {
            assert!(!vendored.contains(own, &attributes, &none), "{own}");
        }
        let mut marked = Attributes::new("");
        marked.add_file(
            "",
            "gen/** linguist-generated\nsrc/vendored.py linguist-vendored=true\nsrc/own.py linguist-vendored=false\n",
        );
        assert!(vendored.contains("gen/pb/model_pb2.py", &marked, &none));
        assert!(vendored.contains("src/vendored.py", &marked, &none));
        assert!(!vendored.contains("src/own.py", &marked, &none));
    }
}

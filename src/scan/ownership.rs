//! Who owns which path: the CODEOWNERS file the platform uses, plus
//! Kubernetes-style OWNERS files (which own their folder and everything
//! below it).

use super::Picture;
use super::Tracking;
use crate::scan::formats::codeowners::{CodeOwners, GITHUB_LOCATIONS, GITLAB_LOCATIONS};
use crate::scan::formats::document::parse_key_path;
use crate::scan::formats::yaml;
use crate::scan::git::GitRepo;
use std::collections::HashMap;

/// The ownership facts of a repository.
#[derive(Debug, Clone, Default)]
pub struct Ownership {
    /// The CODEOWNERS file the platform uses (path from the repository's top) and its rules.
    pub codeowners: Option<(String, CodeOwners)>,
    /// Folders (relative to the linted root, `""` for the root, else ending in `/`) with an OWNERS file that names approvers.
    pub owners_dirs: Vec<String>,
    /// The linted root's path from the repository's top (`""` or `"sub/dir/"`).
    pub prefix: String,
}

/// Paths whose text the ownership model needs (relative to the linted root).
pub fn wanted(path: &str) -> bool {
    GITHUB_LOCATIONS.contains(&path)
        || GITLAB_LOCATIONS.contains(&path)
        || path == "OWNERS"
        || path.ends_with("/OWNERS")
}

impl Ownership {
    /// Build the model from the texts read during the pass (`texts`: path → text)
    /// and, when the root is a subfolder of a repository, from git's index.
    pub fn build(picture: &Picture, texts: &HashMap<String, String>, repo: Option<&GitRepo>) -> Option<Ownership> {
        let prefix = picture.git.as_ref().map(|g| g.prefix.clone()).unwrap_or_default();
        let committed = |path: &str| picture.file(path).is_some_and(|f| f.tracking != Tracking::Untracked);
        // A GitLab project, by its CI file here or (a platform file) at the repository's top.
        let gitlab_project = committed(".gitlab-ci.yml")
            || committed("/.gitlab-ci.yml")
            || picture.files.iter().any(|f| f.glob_path().starts_with(".gitlab/"));
        let order = if gitlab_project { GITLAB_LOCATIONS } else { GITHUB_LOCATIONS };
        let codeowners = if prefix.is_empty() {
            order
                .iter()
                .find(|p| committed(p))
                .and_then(|p| texts.get(*p).map(|t| (p.to_string(), CodeOwners::parse(t))))
        } else {
            // The platform reads CODEOWNERS at the repository's top, which is above the linted root.
            repo.and_then(|r| {
                order.iter().find_map(|p| r.index_blob(p).map(|t| (p.to_string(), CodeOwners::parse(&t))))
            })
        };
        let approvers = parse_key_path("approvers.*");
        let mut owners_dirs: Vec<String> = texts
            .iter()
            .filter(|(path, _)| (*path == "OWNERS" || path.ends_with("/OWNERS")) && committed(path))
            .filter(|(_, text)| {
                yaml::parse(text).ok().is_some_and(|docs| docs.iter().any(|d| !d.find_path(&approvers).is_empty()))
            })
            .map(|(path, _)| path.strip_suffix("OWNERS").unwrap_or("").to_string())
            .collect();
        owners_dirs.sort();
        if codeowners.is_none() && owners_dirs.is_empty() {
            return None;
        }
        Some(Ownership { codeowners, owners_dirs, prefix })
    }

    /// Whether a path (relative to the linted root) has an owner.
    pub fn owns(&self, path: &str) -> bool {
        if self.owners_dirs.iter().any(|dir| path.starts_with(dir.as_str())) {
            return true;
        }
        self.codeowners.as_ref().is_some_and(|(_, c)| c.owners_of(&format!("{}{path}", self.prefix)).is_some())
    }

    /// What the model is read from, for messages.
    pub fn source(&self) -> String {
        let mut parts = Vec::new();
        if let Some((path, _)) = &self.codeowners {
            parts.push(path.clone());
        }
        if !self.owners_dirs.is_empty() {
            parts.push(format!(
                "{} OWNERS file{}",
                self.owners_dirs.len(),
                if self.owners_dirs.len() == 1 { "" } else { "s" }
            ));
        }
        parts.join(" and ")
    }
}

/// Unowned files grouped by folder: a handful of groups, not thousands of lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    /// The folder (relative to the linted root, ending in `/`), or a single file at the root.
    pub folder: String,
    /// The unowned files in it.
    pub paths: Vec<String>,
}

/// Group paths by their folder; when that gives too many groups, by their top folder.
pub fn group_by_folder(paths: &[String]) -> Vec<Uncovered> {
    const MAX_GROUPS: usize = 8;
    let group = |depth: Option<usize>| -> Vec<Uncovered> {
        let mut groups: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
        for path in paths {
            let key = match path.rfind('/') {
                None => path.clone(),
                Some(slash) => {
                    let parent = &path[..=slash];
                    match depth {
                        None => parent.to_string(),
                        Some(d) => parent.split_inclusive('/').take(d).collect(),
                    }
                }
            };
            groups.entry(key).or_default().push(path.clone());
        }
        groups.into_iter().map(|(folder, paths)| Uncovered { folder, paths }).collect()
    };
    let fine = group(None);
    if fine.len() <= MAX_GROUPS { fine } else { group(Some(1)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_collapse_to_top_folders_when_there_are_many() {
        let paths: Vec<String> =
            (0..12).map(|i| format!("pkg/m{i}/train.py")).chain(["train.py".to_string()]).collect();
        let groups = group_by_folder(&paths);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].folder, "pkg/");
        assert_eq!(groups[0].paths.len(), 12);
        assert_eq!(groups[1].folder, "train.py");
        let few = group_by_folder(&["a/x.py".into(), "a/y.py".into(), "b/c/z.py".into()]);
        assert_eq!(few.iter().map(|g| g.folder.as_str()).collect::<Vec<_>>(), ["a/", "b/c/"]);
    }
}

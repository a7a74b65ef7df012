//! ML projects inside one repository: a monorepo of services and pipelines,
//! a course with one project per module. Each project gets its own verdicts
//! from its own files; what the platform reads at the top (CODEOWNERS, CI)
//! counts for every project it applies to.
//!
//! A project is a folder with its own packaging or pipeline manifest
//! ([`MANIFESTS`]) and ML code of its own at or below it, outside the
//! projects nested in it (a hit of the `ml-project` or `pipeline-config`
//! facts, which a user's signal can provide too), or a folder the config
//! names (`projects = ["services/*"]`). The closest project folder owns a
//! file. A repository with one project or none is
//! judged as a whole, as before.

pub mod ci_paths;

use super::{Assessment, Policy, assess};
use crate::ingredient::Ingredient;
use crate::rules::eval::{Evaluation, FileSet};
use crate::rules::{Group, RuleSet};
use crate::scan::Picture;
use crate::scan::fs::walk::compile_glob;
use crate::scan::ownership::Ownership;
use globset::{GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use std::collections::HashMap;

/// File names that make their folder a project, besides `requirements*.txt`.
pub const MANIFESTS: &[&str] = &[
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "Pipfile",
    "environment.yml",
    "environment.yaml",
    "conda.yaml",
    "dvc.yaml",
    "MLproject",
    "bentofile.yaml",
    "project.yml",
];

/// Where a finding about a project as a whole points, first found wins.
const ANCHORS: &[&str] = &[
    "README.md",
    "README.rst",
    "README",
    "pyproject.toml",
    "setup.py",
    "requirements.txt",
    "dvc.yaml",
    "environment.yml",
];

/// `projects/b` → `projects/b/`; the root → `""`.
fn prefix_of(folder: &str) -> String {
    if folder.is_empty() { String::new() } else { format!("{folder}/") }
}

/// Whether a file is the platform's, applied to every project: one at the
/// repository's top above the linted root, or one of the platform's files at the root.
pub fn is_shared(path: &str) -> bool {
    // Most paths are in a project's folder: none of the platform's places.
    let place = path.split('/').next().unwrap_or(path);
    path.starts_with('/')
        || ((!path.contains('/') || place.starts_with('.') || place == "docs")
            && crate::scan::git::is_platform_file(path))
}

/// The facts that say a folder holds ML code.
const ML_FACTS: &[&str] = &["ml-project", "pipeline-config"];

/// How projects are found.
#[derive(Debug, Clone, Default)]
pub enum Discovery {
    /// Folders with a manifest and ML code at or below them.
    #[default]
    Manifests,
    /// The folders these globs name (the config's `projects`).
    Named(Vec<String>),
    /// None: the repository is judged as a whole (`projects = false`).
    Off,
}

fn is_manifest(name: &str) -> bool {
    MANIFESTS.contains(&name) || (name.starts_with("requirements") && name.ends_with(".txt"))
}

/// The folder a manifest makes a project: its own, or for the files of a
/// `requirements/` folder (`requirements/base.txt`, `requirements/prod.in`,
/// as many services split them), the folder that holds `requirements/`.
fn manifest_folder(path: &str) -> Option<&str> {
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    if is_manifest(name) {
        return Some(folder);
    }
    let (parent, last) = folder.rsplit_once('/').unwrap_or(("", folder));
    (last == "requirements" && (name.ends_with(".txt") || name.ends_with(".in"))).then_some(parent)
}

/// The folders that may be projects, and the closest one of each file.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// Folders (`""` for the root, else `services/churn`), sorted.
    pub folders: Vec<String>,
    /// Per file of the picture: the index of its closest candidate folder, or
    /// `folders.len()` for none (also for the platform's files at the top).
    pub file_group: Vec<u32>,
    /// Whether the config named them (then they are projects without ML code).
    named: bool,
}

impl Candidates {
    /// How many groups [`Self::file_group`] numbers.
    pub fn groups(&self) -> usize {
        self.folders.len() + 1
    }

    /// The candidates of a picture.
    pub fn of(picture: &Picture, discovery: &Discovery) -> Candidates {
        let local = || picture.files.iter().filter(|f| !f.path.starts_with('/'));
        let mut folders: Vec<String> = match discovery {
            Discovery::Off => Vec::new(),
            Discovery::Manifests => local().filter_map(|f| manifest_folder(&f.path)).map(str::to_string).collect(),
            Discovery::Named(globs) => {
                let set = glob_set(globs);
                let mut named = Vec::new();
                for file in local() {
                    let mut folder = file.path.as_str();
                    while let Some((parent, _)) = folder.rsplit_once('/') {
                        folder = parent;
                        if set.is_match(folder) {
                            named.push(folder.to_string());
                        }
                    }
                }
                named
            }
        };
        folders.sort();
        folders.dedup();
        let index: HashMap<&str, u32> = folders.iter().enumerate().map(|(i, f)| (f.as_str(), i as u32)).collect();
        let none = folders.len() as u32;
        let file_group = picture
            .files
            .iter()
            .map(|f| if f.path.starts_with('/') { none } else { closest(&index, &f.path).unwrap_or(none) })
            .collect();
        Candidates { folders, file_group, named: matches!(discovery, Discovery::Named(_)) }
    }
}

/// The closest folder of `index` at or above the folder of `path`.
fn closest(index: &HashMap<&str, u32>, path: &str) -> Option<u32> {
    let mut folder = path;
    while let Some((parent, _)) = folder.rsplit_once('/') {
        folder = parent;
        if let Some(&i) = index.get(folder) {
            return Some(i);
        }
    }
    index.get("").copied()
}

/// Globs as one set (those that do not compile are left out).
pub fn glob_set(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        if let Ok(glob) = compile_glob(glob.trim_end_matches('/')) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// One project's verdicts and findings.
#[derive(Debug, Clone)]
pub struct ProjectReport {
    /// Its folder, relative to the linted root (`.` for the root itself).
    pub root: String,
    /// Its verdicts and findings, judged from its own files and the platform's.
    pub assessment: Assessment,
    /// The platform's files that apply to it (CODEOWNERS; CI as its path filters say).
    pub platform_files: Vec<String>,
}

/// The project a path (relative to the linted root) belongs to: the one
/// with the longest root that holds it. `None` for a path of no project
/// (and for the platform's files at the top).
pub fn project_of<'a>(projects: &'a [ProjectReport], path: &str) -> Option<&'a str> {
    project_among(projects.iter().map(|p| p.root.as_str()), path)
}

/// [`project_of`], among project roots.
pub fn project_among<'a>(roots: impl Iterator<Item = &'a str>, path: &str) -> Option<&'a str> {
    if path.starts_with('/') {
        return None;
    }
    roots
        .filter(|root| *root == "." || path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/')))
        .max_by_key(|root| if *root == "." { 0 } else { root.len() })
}

/// Whether a file above a project documents or versions what is below it:
/// Markdown and reST docs (a README, a model card) and DVC's files. Not code,
/// configs or dependency manifests: a project is judged on its own manifest,
/// and a `docker-compose.yml` at the top does not make every project a service.
fn inheritable(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    [".md", ".markdown", ".rst", ".dvc"].iter().any(|ext| lower.ends_with(ext))
        || lower.starts_with("readme")
        || name == "dvc.yaml"
        || name == "dvc.lock"
}

/// Whether `path` counts for the project at `project_root` although no project
/// owns it: a doc or a DVC file in a folder above the project that is no
/// project itself (the repository's top, `services/`). A model kept as
/// `training/` and `serving/`, each with its own requirements, documents its
/// metrics and its model card once, at the top: both halves have them. The
/// platform's files are not inherited this way; they apply by their own rules
/// ([`is_shared`]).
pub fn inherited_by<'a>(roots: impl Iterator<Item = &'a str>, project_root: &str, path: &str) -> bool {
    if path.starts_with('/') || is_shared(path) || !inheritable(path) || project_among(roots, path).is_some() {
        return false;
    }
    let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
    folder.is_empty() || project_root.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/'))
}

/// What judging projects apart needs besides the evaluation.
pub struct Judging<'a> {
    /// The rules.
    pub set: &'a RuleSet,
    /// The repository.
    pub picture: &'a Picture,
    /// The whole repository's evaluation (grouped by [`Candidates`]).
    pub evaluation: &'a Evaluation,
    /// Severities, selection, ignores.
    pub policy: &'a Policy,
    /// What CODEOWNERS and OWNERS say.
    pub ownership: Option<&'a Ownership>,
    /// The candidates the evaluation was grouped by.
    pub candidates: &'a Candidates,
    /// The linted root's path from the repository's top (`""` or `projects/b/`),
    /// where CI path filters are written from.
    pub top_prefix: &'a str,
    /// Fewer projects than this are no projects: the repository is judged as a whole.
    pub min_projects: usize,
}

impl Judging<'_> {
    /// The candidates that are projects, as indexes into `candidates.folders`.
    fn projects(&self) -> Vec<usize> {
        let folders = &self.candidates.folders;
        if self.candidates.named {
            return (0..folders.len()).collect();
        }
        let mut has_ml = vec![false; folders.len()];
        for fact in self.set.facts.iter().enumerate().filter(|(_, f)| ML_FACTS.contains(&f.id.as_str())) {
            for signal in self.set.signals_of(crate::rules::Ref::Group(Group::Fact(fact.0))) {
                for file in self.evaluation.files_hit[self.set.signals[signal].matcher].iter() {
                    let Some(&group) = self.candidates.file_group.get(file) else { continue };
                    // A folder's own ML code, not that of a project nested in it: a course
                    // folder whose modules are projects is no project of its own.
                    if let Some(mark) = has_ml.get_mut(group as usize) {
                        *mark = true;
                    }
                }
            }
        }
        (0..folders.len()).filter(|&i| has_ml[i]).collect()
    }

    /// Each project's verdicts and findings; empty when the repository holds
    /// fewer than `min_projects` (it is then judged as a whole only).
    pub fn judge(&self) -> Vec<ProjectReport> {
        let projects = self.projects();
        if projects.len() < self.min_projects.max(1) {
            return Vec::new();
        }
        let folders = &self.candidates.folders;
        // Per candidate: the project that owns its files (itself, or the closest project above it).
        let project_index: HashMap<&str, usize> =
            projects.iter().enumerate().map(|(p, &c)| (folders[c].as_str(), p)).collect();
        let owner_of_group: Vec<Option<usize>> = folders
            .iter()
            .map(|folder| {
                let mut at = Some(folder.as_str());
                while let Some(f) = at {
                    if let Some(&p) = project_index.get(f) {
                        return Some(p);
                    }
                    at = match f.rsplit_once('/') {
                        Some((parent, _)) => Some(parent),
                        None if !f.is_empty() => Some(""),
                        None => None,
                    };
                }
                None
            })
            .collect();
        let files = &self.picture.files;
        let owner: Vec<Option<usize>> =
            self.candidates.file_group.iter().map(|&g| owner_of_group.get(g as usize).copied().flatten()).collect();
        // The platform's files apply to every project, CI definitions as their path filters say.
        let shared: Vec<usize> = (0..files.len()).filter(|&f| is_shared(&files[f].path)).collect();
        let applies: Vec<Vec<bool>> =
            shared.iter().map(|&f| self.workflow_applies(&files[f].path, &projects, &owner)).collect();
        // Per project: the range of file indexes it owns (nested projects leave holes).
        let mut ranges = vec![(usize::MAX, 0usize); projects.len()];
        for (f, o) in owner.iter().enumerate() {
            if let Some(p) = *o {
                ranges[p] = (ranges[p].0.min(f), ranges[p].1.max(f + 1));
            }
        }
        let groups = self.candidates.groups();
        // Per project: the groups whose files it owns, and the group of files of no folder.
        let mut groups_of: Vec<Vec<usize>> = vec![vec![groups - 1]; projects.len()];
        for (g, owner) in owner_of_group.iter().enumerate() {
            if let Some(p) = *owner {
                groups_of[p].push(g);
            }
        }
        // Docs and DVC files no project owns, by folder: each project inherits those of the
        // folders above it (see [`inherited_by`]).
        let mut orphans_in: HashMap<&str, Vec<usize>> = HashMap::new();
        for (f, file) in files.iter().enumerate() {
            if owner[f].is_none() && !file.path.starts_with('/') && !is_shared(&file.path) && inheritable(&file.path) {
                let folder = file.path.rsplit_once('/').map_or("", |(folder, _)| folder);
                orphans_in.entry(folder).or_default().push(f);
            }
        }
        let inherited_by_project = |candidate: usize| -> Vec<usize> {
            let folder = folders[candidate].as_str();
            let mut above: Vec<&str> = vec![""];
            above.extend(folder.match_indices('/').map(|(i, _)| &folder[..i]));
            let mut inherited: Vec<usize> = above.iter().filter_map(|a| orphans_in.get(a)).flatten().copied().collect();
            inherited.sort_unstable();
            inherited
        };
        let judge_one = |(p, &candidate): (usize, &usize)| {
            let (lo, hi) = ranges[p];
            let lo = lo.min(hi);
            let own = |f: usize| owner[f] == Some(p);
            let shared_here: Vec<usize> = shared.iter().zip(&applies).filter(|(_, a)| a[p]).map(|(&f, _)| f).collect();
            let inherited = if folders[candidate].is_empty() { Vec::new() } else { inherited_by_project(candidate) };
            // Files outside the project that count for it: the platform's, and those above it.
            let mut outside: Vec<usize> = shared_here.iter().chain(&inherited).copied().collect();
            outside.sort_unstable();
            let in_view = |f: usize| own(f) || outside.binary_search(&f).is_ok();
            let count = self.set.matchers.len();
            let mut view = Evaluation {
                hits: vec![Vec::new(); count],
                files_hit: vec![FileSet::default(); count],
                capped: vec![false; count],
                ..Default::default()
            };
            for m in 0..count {
                let all = &self.evaluation.files_hit[m];
                for f in all
                    .iter_range(lo..hi)
                    .filter(|&f| own(f))
                    .chain(outside.iter().copied().filter(|&f| all.contains(f)))
                {
                    view.files_hit[m].insert(f);
                }
                if !view.files_hit[m].is_empty() {
                    // Hits are in path order, as the files: the project's are one stretch of them.
                    let hits = &self.evaluation.hits[m];
                    let stretch = |range: std::ops::Range<usize>| {
                        let from = hits.partition_point(|h| h.file < range.start);
                        let to = hits.partition_point(|h| h.file < range.end);
                        &hits[from..to.max(from)]
                    };
                    let mut kept: Vec<_> = outside.iter().flat_map(|&f| stretch(f..f + 1)).cloned().collect();
                    kept.extend(stretch(lo..hi).iter().filter(|h| own(h.file)).cloned());
                    kept.sort_by_key(|h| h.file);
                    view.hits[m] = kept;
                }
                view.capped[m] = groups_of[p]
                    .iter()
                    .any(|g| self.evaluation.capped_in_group.get(m * groups + g).copied().unwrap_or(false));
            }
            let index_of = |path: &str| files.binary_search_by(|f| f.path.as_str().cmp(path)).ok();
            view.suppressions = self
                .evaluation
                .suppressions
                .iter()
                .filter(|s| index_of(&s.path).is_some_and(in_view))
                .cloned()
                .collect();
            // The closest config at or above the project's folder decides for it.
            let policy = self.policy.scoped(&prefix_of(&folders[candidate]));
            let mut assessment = assess(self.set, self.picture, &view, &policy, self.ownership);
            // What is wrong in the platform's files, or in the files above the project, is the
            // repository's, said once, not per project. (Something missing, such as a CODEOWNERS
            // line for the project, stays the project's.)
            let is_inherited = |path: &str| inherited.binary_search_by(|&f| files[f].path.as_str().cmp(path)).is_ok();
            assessment.findings.retain(|finding| {
                finding.absence || finding.path.as_deref().is_none_or(|p| !is_shared(p) && !is_inherited(p))
            });
            // What the project lacks is said in the project, not at a README above it.
            for finding in assessment.findings.iter_mut().filter(|f| f.path.as_deref().is_some_and(is_inherited)) {
                finding.path = None;
                finding.location = None;
                finding.excerpt = None;
            }
            // Findings about the project as a whole come first, as a run sorts them.
            assessment.findings.sort_by_key(|f| f.path.is_some());
            for verdict in &mut assessment.verdicts {
                verdict.rejudge(&assessment.findings);
            }
            // A finding about the project as a whole points at its README or manifest (any of
            // them: a course module may have only a `Pipfile`), else at its first file: never
            // at the repository's root, which would read as a finding about another project.
            let file_name = |f: usize| files[f].path.rsplit('/').next().unwrap_or_default();
            let anchor = ANCHORS
                .iter()
                .chain(MANIFESTS)
                .map(|name| format!("{}{name}", prefix_of(&folders[candidate])))
                .find(|path| index_of(path).is_some())
                .or_else(|| {
                    let mine = || (lo..hi).filter(|&f| own(f));
                    mine()
                        .find(|&f| {
                            let path = &files[f].path;
                            (file_name(f).starts_with("requirements") && file_name(f).ends_with(".txt"))
                                || path.strip_prefix(&prefix_of(&folders[candidate])).is_some_and(|rest| {
                                    rest.starts_with("requirements/") && rest.matches('/').count() == 1
                                })
                        })
                        .or_else(|| mine().next())
                        .map(|f| files[f].path.clone())
                });
            for finding in assessment.findings.iter_mut().filter(|f| f.path.is_none()) {
                finding.path.clone_from(&anchor);
            }
            // The repository has CI that never runs for this project: say which, and the fix there.
            let filtered_out: Vec<&str> = shared
                .iter()
                .zip(&applies)
                .filter(|(_, a)| !a[p])
                .map(|(&f, _)| files[f].path.trim_start_matches('/'))
                .collect();
            if !filtered_out.is_empty() {
                let (folder, glob) = match folders[candidate].as_str() {
                    "" => (".", "**".to_string()),
                    folder => (folder, format!("{folder}/**")),
                };
                for finding in
                    assessment.findings.iter_mut().filter(|f| f.absence && f.ingredient == Some(Ingredient::Ci))
                {
                    finding.message = format!(
                        "No CI runs checks on changes to {folder}: {} run{} only for the paths {} filters name, none of them here",
                        filtered_out.join(", "),
                        if filtered_out.len() == 1 { "s" } else { "" },
                        if filtered_out.len() == 1 { "its" } else { "their" },
                    );
                    finding.help = format!(
                        "Add {glob} to the path filters of {} (`on.pull_request.paths` in a GitHub workflow, `rules: changes:` in a GitLab job), or give {folder} a pipeline of its own.",
                        filtered_out.join(" or ")
                    )
                    .into();
                }
            }
            let root = if folders[candidate].is_empty() { ".".to_string() } else { folders[candidate].clone() };
            let platform_files = shared_here.iter().map(|&f| files[f].path.clone()).collect();
            ProjectReport { root, assessment, platform_files }
        };
        // Projects are judged apart from each other, on as many threads as the pass used.
        projects.par_iter().enumerate().map(judge_one).collect()
    }

    /// Per project: whether a platform file applies to it. A CI definition
    /// whose path filters say which changes it runs on (see [`ci_paths`])
    /// applies to the projects with a file they match; anything else applies
    /// to every project.
    fn workflow_applies(&self, path: &str, projects: &[usize], owner: &[Option<usize>]) -> Vec<bool> {
        let every = vec![true; projects.len()];
        let place = path.strip_prefix('/').unwrap_or(path);
        if !place.starts_with(".github/workflows/") && place != ".gitlab-ci.yml" {
            return every;
        }
        // A file by its path from the repository's top, if it is inside the linted root.
        let read = |from_top: &str| {
            let inside = from_top.strip_prefix(self.top_prefix)?;
            crate::scan::fs::open::read_inside_root(&self.picture.root, inside, 1 << 20).ok()
        };
        let text = match path.strip_prefix('/') {
            Some(_) => self.picture.top_files.get(path).cloned(),
            None => read(&format!("{}{path}", self.top_prefix)),
        };
        let Some(conditions) = text.as_deref().and_then(|text| ci_paths::path_conditions(place, text, &read)) else {
            return every;
        };
        let sets: Vec<GlobSet> = conditions.iter().map(|globs| glob_set(globs)).collect();
        let mut met = vec![vec![false; sets.len()]; projects.len()];
        for (f, file) in self.picture.files.iter().enumerate() {
            let Some(p) = owner[f] else { continue };
            if met[p].iter().all(|&m| m) {
                continue;
            }
            let from_top = format!("{}{}", self.top_prefix, file.path);
            for (condition, set) in sets.iter().enumerate() {
                if !met[p][condition] && set.is_match(&from_top) {
                    met[p][condition] = true;
                }
            }
        }
        met.into_iter().map(|met| met.into_iter().all(|m| m)).collect()
    }
}

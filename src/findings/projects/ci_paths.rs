//! Which projects of a monorepo a CI definition runs for, read from the
//! path filters written in it: a GitHub workflow's `on.<event>.paths`, a
//! GitLab pipeline's `rules: changes:` (and the older `only: changes:`).
//!
//! Every answer errs towards "runs for every project": a definition that
//! cannot be read, or has one way to run on any change, counts for all of
//! them, as it did before projects were judged apart.

use crate::scan::formats::document::{Entry, Node, NodeKind};
use crate::scan::formats::yaml;

/// The path conditions under which the CI definition at `path` (from the
/// repository's top) runs, each a list of globs from the repository's top of
/// which some file of a project must match; a project must meet all of them.
/// `None` when it runs on any change. `read` gives the text of another file
/// of the repository, by its path from the top (for GitLab's local includes).
pub fn path_conditions(path: &str, text: &str, read: &dyn Fn(&str) -> Option<String>) -> Option<Vec<Vec<String>>> {
    if path.starts_with(".github/workflows/") {
        github(text).map(|globs| vec![globs])
    } else if path == ".gitlab-ci.yml" {
        gitlab(text, read)
    } else {
        None
    }
}

fn entry<'a>(map: &'a [Entry], key: &str) -> Option<&'a Node> {
    map.iter().find(|e| e.key == key).map(|e| &e.value)
}

fn scalars(node: &Node) -> Option<Vec<String>> {
    let NodeKind::Seq(items) = &node.kind else { return None };
    items.iter().map(|item| if let NodeKind::Scalar(s) = &item.kind { Some(s.clone()) } else { None }).collect()
}

/// The `paths` globs of a workflow whose every push and pull-request trigger
/// has them; `None` when some trigger runs on any change (no filter, a
/// schedule, a merge queue) or the file does not parse.
pub fn github(workflow: &str) -> Option<Vec<String>> {
    let nodes = yaml::parse(workflow).ok()?;
    let NodeKind::Map(top) = &nodes.first()?.kind else { return None };
    let on = top.iter().find(|e| e.key == "on" || e.key == "true")?;
    let NodeKind::Map(triggers) = &on.value.kind else { return None };
    let mut globs = Vec::new();
    for trigger in triggers {
        match trigger.key.as_str() {
            "push" | "pull_request" | "pull_request_target" => {
                let NodeKind::Map(filters) = &trigger.value.kind else { return None };
                let paths = scalars(entry(filters, "paths")?)?;
                globs.extend(paths.into_iter().filter(|glob| !glob.starts_with('!')));
            }
            "schedule" | "merge_group" => return None,
            _ => {}
        }
    }
    (!globs.is_empty()).then_some(globs)
}

/// When a GitLab job (or pipeline, or include) runs.
#[derive(Debug, Clone, PartialEq)]
enum Runs {
    /// On any change, or in a way this reader does not follow.
    Always,
    /// Only when a changed file matches one of these globs.
    OnChanges(Vec<String>),
    /// Never on its own (every rule says `when: never`).
    Never,
}

impl Runs {
    /// Runs when either does.
    fn or(self, other: Runs) -> Runs {
        match (self, other) {
            (Runs::Always, _) | (_, Runs::Always) => Runs::Always,
            (Runs::Never, other) | (other, Runs::Never) => other,
            (Runs::OnChanges(mut a), Runs::OnChanges(b)) => {
                a.extend(b);
                Runs::OnChanges(a)
            }
        }
    }
}

/// Top-level keys of `.gitlab-ci.yml` that are not jobs.
const GLOBAL_KEYWORDS: &[&str] = &[
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
    "spec",
];

/// How many local files one pipeline may include before the reader gives up
/// (GitLab's own limit is 150; a monorepo needs one per project).
const MAX_INCLUDES: usize = 256;

/// How much included text one pipeline may read in all.
const MAX_INCLUDED_BYTES: usize = 8 << 20;

/// A `changes:` value: a list of globs, or a map with `paths`.
fn changes_globs(node: &Node) -> Option<Vec<String>> {
    match &node.kind {
        NodeKind::Map(map) => scalars(entry(map, "paths")?),
        _ => scalars(node),
    }
}

/// What a `rules:` list lets through. GitLab takes the first rule that
/// matches; a rule without `changes` (only `if`, `exists`, or nothing) may
/// match on any change, so it makes the whole list [`Runs::Always`]. A
/// `!reference [.template, rules]` (read as a list of names) splices in
/// that template's rules.
fn rules(node: &Node, jobs: &[&Entry], depth: usize) -> Runs {
    if depth > MAX_REFERENCES {
        return Runs::Always;
    }
    if let Some(referenced) = reference(node, jobs) {
        return rules(referenced, jobs, depth + 1);
    }
    let NodeKind::Seq(items) = &node.kind else { return Runs::Always };
    let mut runs = Runs::Never;
    for item in items {
        let rule = match &item.kind {
            NodeKind::Map(rule) => rule,
            _ => match reference(item, jobs) {
                Some(referenced) => match rules(referenced, jobs, depth + 1) {
                    Runs::Always => return Runs::Always,
                    spliced => {
                        runs = runs.or(spliced);
                        continue;
                    }
                },
                None => return Runs::Always,
            },
        };
        let never = entry(rule, "when").is_some_and(|w| matches!(&w.kind, NodeKind::Scalar(s) if s == "never"));
        if never {
            continue;
        }
        match entry(rule, "changes").map(changes_globs) {
            Some(Some(globs)) => runs = runs.or(Runs::OnChanges(globs)),
            _ => return Runs::Always,
        }
    }
    runs
}

/// How deep `!reference`s and `extends` are followed.
const MAX_REFERENCES: usize = 10;

/// The node a `!reference [.job, key, ...]` names (the tag itself is not
/// kept: a list of two or more plain names whose first is a job is read as one).
fn reference<'a>(node: &Node, jobs: &[&'a Entry]) -> Option<&'a Node> {
    let path = scalars(node).filter(|path| path.len() >= 2)?;
    let mut at = &jobs.iter().find(|e| e.key == path[0])?.value;
    for key in &path[1..] {
        let NodeKind::Map(map) = &at.kind else { return None };
        at = entry(map, key)?;
    }
    Some(at)
}

/// The templates a job inherits from, in the order they apply: YAML merge
/// keys (`<<: *template`) first, then `extends` (the last one wins).
fn parents<'a>(jobs: &[&'a Entry], map: &'a [Entry]) -> Vec<&'a [Entry]> {
    let mut found: Vec<&[Entry]> = Vec::new();
    if let Some(merged) = entry(map, "<<") {
        match &merged.kind {
            NodeKind::Map(m) => found.push(m),
            // In a list of merged maps the first one wins: apply it last.
            NodeKind::Seq(items) => found.extend(items.iter().rev().filter_map(|i| match &i.kind {
                NodeKind::Map(m) => Some(m.as_slice()),
                _ => None,
            })),
            _ => {}
        }
    }
    let names = match entry(map, "extends").map(|e| &e.kind) {
        Some(NodeKind::Scalar(name)) => vec![name.clone()],
        Some(_) => entry(map, "extends").and_then(scalars).unwrap_or_default(),
        None => Vec::new(),
    };
    for name in names {
        if let Some(NodeKind::Map(parent)) = jobs.iter().find(|e| e.key == name).map(|e| &e.value.kind) {
            found.push(parent);
        }
    }
    found
}

/// When one job runs, following `extends` and merge keys to the templates
/// it inherits its `rules` or `only` from (the last one that has them wins,
/// as in GitLab).
fn job(jobs: &[&Entry], map: &[Entry], depth: usize) -> Runs {
    if let Some(node) = entry(map, "rules") {
        return rules(node, jobs, 0);
    }
    if let Some(only) = entry(map, "only") {
        return match &only.kind {
            NodeKind::Map(only) => match entry(only, "changes").map(changes_globs) {
                Some(Some(globs)) => Runs::OnChanges(globs),
                _ => Runs::Always,
            },
            _ => Runs::Always,
        };
    }
    if depth >= MAX_REFERENCES {
        return Runs::Always;
    }
    for parent in parents(jobs, map).into_iter().rev() {
        if ["rules", "only", "extends", "<<"].iter().any(|key| entry(parent, key).is_some()) {
            return job(jobs, parent, depth + 1);
        }
    }
    Runs::Always
}

/// A GitLab pipeline: its `workflow: rules:` is one condition, and the
/// union of what its jobs (its own and those of the local files it
/// includes) run on is another.
fn gitlab(text: &str, read: &dyn Fn(&str) -> Option<String>) -> Option<Vec<Vec<String>>> {
    let nodes = yaml::parse_resolving_aliases(text).ok()?;
    let NodeKind::Map(top) = &nodes.first()?.kind else { return None };
    let mut files = vec![(top.clone(), Runs::Always)];
    let mut documents: Vec<Node> = Vec::new();
    let mut jobs_run = Runs::Never;
    let mut seen = 0;
    let mut read_bytes = 0;
    let mut at = 0;
    while at < files.len() {
        let (map, included_under) = files[at].clone();
        at += 1;
        if let Some(include) = entry(&map, "include") {
            let entries = match &include.kind {
                NodeKind::Seq(items) => items.iter().collect(),
                _ => vec![include],
            };
            for item in entries {
                // A local file by its exact path is read; a template, a remote file, another
                // project's or a wildcard brings jobs this reader cannot see.
                let (local, under) = match &item.kind {
                    NodeKind::Scalar(path) if !path.contains("://") => (path.clone(), Runs::Always),
                    NodeKind::Map(fields) => match entry(fields, "local").map(|n| &n.kind) {
                        Some(NodeKind::Scalar(path)) => {
                            (path.clone(), entry(fields, "rules").map_or(Runs::Always, |r| rules(r, &[], 0)))
                        }
                        _ => return None,
                    },
                    _ => return None,
                };
                seen += 1;
                if local.contains('*') || seen > MAX_INCLUDES {
                    return None;
                }
                let included = read(local.trim_start_matches('/'))?;
                read_bytes += included.len();
                if read_bytes > MAX_INCLUDED_BYTES {
                    return None;
                }
                let mut parsed = yaml::parse_resolving_aliases(&included).ok()?;
                if parsed.is_empty() {
                    continue;
                }
                let NodeKind::Map(fields) = parsed.swap_remove(0).kind else { return None };
                let under = match (&included_under, under) {
                    (Runs::Always, under) => under,
                    (outer, Runs::Always) => outer.clone(),
                    (_, inner) => inner,
                };
                files.push((fields, under));
            }
        }
        documents.push(Node { kind: NodeKind::Map(map), span: 0..0 });
    }
    // Templates (`.name`) may be defined in any of the files.
    let all: Vec<&Entry> = documents
        .iter()
        .flat_map(|d| match &d.kind {
            NodeKind::Map(map) => map.iter().collect::<Vec<_>>(),
            _ => Vec::new(),
        })
        .collect();
    for ((_, under), document) in files.iter().zip(&documents) {
        let NodeKind::Map(map) = &document.kind else { continue };
        for (name, value) in map.iter().map(|e| (&e.key, &e.value)) {
            if name.starts_with('.') || GLOBAL_KEYWORDS.contains(&name.as_str()) {
                continue;
            }
            let NodeKind::Map(fields) = &value.kind else { continue };
            let runs = match (job(&all, fields, 0), under) {
                (Runs::Always, under) => under.clone(),
                (own, _) => own,
            };
            jobs_run = jobs_run.or(runs);
        }
    }
    let mut conditions = Vec::new();
    let workflow = entry(top, "workflow").and_then(|w| match &w.kind {
        NodeKind::Map(w) => entry(w, "rules"),
        _ => None,
    });
    for runs in [workflow.map_or(Runs::Always, |r| rules(r, &all, 0)), jobs_run] {
        match runs {
            Runs::Always => {}
            Runs::OnChanges(globs) => conditions.push(globs),
            // A pipeline with no job that runs on a change runs for no project.
            Runs::Never => conditions.push(Vec::new()),
        }
    }
    (!conditions.is_empty()).then_some(conditions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn a_workflow_filtered_on_every_trigger_names_its_paths() {
        let filtered = "on:\n  push:\n    branches: [main]\n    paths: ['services/churn/**']\n  pull_request:\n    paths:\n      - 'services/churn/**'\n      - 'libs/**'\n      - '!**/*.md'\njobs: {}\n";
        assert_eq!(github(filtered).unwrap(), ["services/churn/**", "services/churn/**", "libs/**"]);
        // Near misses: one trigger without a filter, a schedule, a list of events.
        assert!(github("on:\n  push:\n    paths: ['a/**']\n  pull_request: {}\n").is_none());
        assert!(github("on:\n  push:\n    paths: ['a/**']\n  schedule:\n    - cron: '0 3 * * *'\n").is_none());
        assert!(github("on: [push, pull_request]\n").is_none());
    }

    fn gitlab_of(text: &str) -> Option<Vec<Vec<String>>> {
        path_conditions(".gitlab-ci.yml", text, &no_files)
    }

    #[test]
    fn gitlab_jobs_with_changes_rules_name_their_paths() {
        let text = "stages: [test]\nvariables:\n  PIP_CACHE_DIR: .cache\n.python:\n  image: python:3.11\nchurn:\n  extends: .python\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n      changes: [services/churn/**/*]\n    - changes:\n        paths: ['libs/**/*']\n        compare_to: main\n    - when: never\nforecast:\n  only:\n    changes: ['pipelines/forecast/**/*']\n  script: [pytest]\n";
        assert_eq!(gitlab_of(text).unwrap(), [vec!["services/churn/**/*", "libs/**/*", "pipelines/forecast/**/*"]]);
    }

    #[test]
    fn gitlab_jobs_that_run_on_any_change_count_for_every_project() {
        // A job without rules, a rule without `changes`, an alias, `only` by branch.
        for job in [
            "lint:\n  script: [ruff check .]\n",
            "lint:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n  script: [x]\n",
            "lint:\n  rules: *undefined\n  script: [x]\n",
            "lint:\n  rules:\n    - !reference [.missing, rules]\n  script: [x]\n",
            ".any: &any\n  - when: always\nlint:\n  rules: *any\n  script: [x]\n",
            "lint:\n  only: [main]\n  script: [x]\n",
        ] {
            let text = format!("churn:\n  rules:\n    - changes: [services/churn/**/*]\n  script: [x]\n{job}");
            assert_eq!(gitlab_of(&text), None, "{job}");
        }
        // A remote include brings jobs that cannot be seen.
        let text = "include:\n  - template: Jobs/SAST.gitlab-ci.yml\nchurn:\n  rules:\n    - changes: [a/**]\n";
        assert_eq!(gitlab_of(text), None);
    }

    #[test]
    fn gitlab_templates_and_local_includes_are_followed() {
        let text = ".churn-rules:\n  rules:\n    - changes: [services/churn/**/*]\nchurn:\n  extends: [.python, .churn-rules]\n  script: [x]\n";
        assert_eq!(gitlab_of(text).unwrap(), [vec!["services/churn/**/*"]]);
        let read = |path: &str| match path {
            "services/churn/.gitlab-ci.yml" => Some("churn-test:\n  script: [pytest]\n".to_string()),
            "ci/templates.yml" => Some(".python:\n  image: python\n".to_string()),
            _ => None,
        };
        let parent = "include:\n  - local: /ci/templates.yml\n  - local: services/churn/.gitlab-ci.yml\n    rules:\n      - changes: [services/churn/**/*]\n";
        assert_eq!(path_conditions(".gitlab-ci.yml", parent, &read).unwrap(), [vec!["services/churn/**/*"]]);
        // An include that cannot be read counts for every project.
        assert_eq!(gitlab_of(parent), None);
    }

    #[test]
    fn gitlab_anchors_merge_keys_and_references_are_followed() {
        let text = ".churn-rules: &churn\n  - changes: [services/churn/**/*]\n.forecast: &forecast\n  rules:\n    - changes: [pipelines/forecast/**/*]\n.shared:\n  rules:\n    - changes: [libs/**/*]\nchurn:\n  rules: *churn\n  script: [x]\nforecast:\n  <<: *forecast\n  script: [x]\nlibs:\n  rules:\n    - !reference [.shared, rules]\n    - when: never\n  script: [x]\n";
        assert_eq!(gitlab_of(text).unwrap(), [vec!["services/churn/**/*", "pipelines/forecast/**/*", "libs/**/*"]]);
    }

    #[test]
    fn gitlab_workflow_rules_are_a_condition_of_their_own() {
        let text = "workflow:\n  rules:\n    - changes: [services/**/*]\ntest:\n  script: [pytest]\n";
        assert_eq!(gitlab_of(text).unwrap(), [vec!["services/**/*"]]);
        let never = "test:\n  rules:\n    - when: never\n  script: [x]\n";
        assert_eq!(gitlab_of(never).unwrap(), [Vec::<String>::new()]);
    }
}

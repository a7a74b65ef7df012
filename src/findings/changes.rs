//! Pull-request mode (`--changed-since REF`): keep the findings that the
//! change makes, leave out those that were there before it.
//!
//! - A finding at lines of a file (a `forbid` rule's hit) is kept when the
//!   diff touched those lines; one about a whole file, when the file was
//!   added or modified since the merge base (committed, staged, unstaged or
//!   untracked).
//! - A finding that something is missing (a `require` rule) is kept when the
//!   rule did not fire at the merge base: its evidence was there (in a file
//!   the change modified or deleted: deleting CODEOWNERS removes the owners),
//!   or what it applies to was not (the first training script makes "no
//!   data versioning" new). The merge base's versions of the changed and
//!   deleted files are read from git for this, and only those files; where
//!   the finding happens to point (README.md) plays no part, so editing the
//!   README does not repeat "no metrics documented".
//! - A finding of an `owned` rule is kept when CODEOWNERS or a file that
//!   needs an owner changed; one of a rule whose places are in precedence
//!   order (OWN005), when any of those places changed.
//!
//! A rename counts as the new path changed and the old path deleted.

use super::{Assessment, Finding, HitIndex, projects};
use crate::ingredient::Ingredient;
use crate::rules::eval::Evaluation;
use crate::rules::selector::FileSelector;
use crate::rules::{Check, Group, Ref, Rule, RuleSet};
use crate::scan::Picture;
use crate::scan::git::ChangeSet;
use crate::scan::source::SourceFile;

/// What PR mode reports about itself.
#[derive(Debug, Clone)]
pub struct ChangeSummary {
    /// The revision named on the command line.
    pub reference: String,
    /// The merge base of that revision and HEAD (`None` before the first commit).
    pub merge_base: Option<String>,
    /// Files added or modified.
    pub changed: usize,
    /// Files deleted (renames count their old path here).
    pub deleted: usize,
    /// Findings left out because nothing they depend on changed.
    pub hidden: usize,
}

/// Restrict an assessment to what a change set touches. `read_before` reads
/// a blob of the merge base (see [`ChangeSet::before`]).
pub fn restrict(
    set: &RuleSet,
    picture: &Picture,
    evaluation: &Evaluation,
    assessment: &mut Assessment,
    changes: &ChangeSet,
    read_before: &dyn Fn(&[u8; 20]) -> Option<String>,
) {
    let before = assessment.findings.len();
    let key = |f: &Finding| (f.code.clone(), f.path.clone(), f.location.as_ref().map(|l| l.line));
    let listed: std::collections::HashSet<_> = assessment.findings.iter().map(key).collect();
    let missing: Vec<&Rule> = set
        .rules
        .iter()
        .filter(|r| r.check == Check::Require && assessment.findings.iter().any(|f| f.code == r.code))
        .collect();
    let hit_before = hits_before(set, changes, &missing, read_before);
    let roots: Vec<String> = assessment.projects.iter().map(|p| p.root.clone()).collect();
    let platform_files = assessment.projects.iter().map(|p| (p.root.clone(), p.platform_files.clone())).collect();
    // A CI definition the change edits or deletes ran, before it, for the projects its old path filters matched.
    let top_prefix = picture.git.as_ref().map_or("", |g| g.prefix.as_str());
    let owners: Vec<Option<&str>> =
        picture.files.iter().map(|f| projects::project_among(roots.iter().map(String::as_str), &f.path)).collect();
    let mut ran_before = std::collections::HashMap::new();
    for (path, blob) in changes.before.iter().filter(|(path, _)| projects::is_shared(path)) {
        let Some(text) = read_before(blob) else { continue };
        let Some(conditions) = projects::ci_paths::path_conditions(path, &text, &|_| None) else { continue };
        let sets: Vec<_> = conditions.iter().map(|globs| projects::glob_set(globs)).collect();
        let mut met: std::collections::HashMap<&str, Vec<bool>> = std::collections::HashMap::new();
        for (file, owner) in picture.files.iter().zip(&owners) {
            let Some(root) = owner else { continue };
            let from_top = format!("{top_prefix}{}", file.path);
            let marks = met.entry(root).or_insert_with(|| vec![false; sets.len()]);
            for (mark, set) in marks.iter_mut().zip(&sets) {
                *mark = *mark || set.is_match(&from_top);
            }
        }
        let roots = met.into_iter().filter(|(_, marks)| marks.iter().all(|&m| m)).map(|(r, _)| r.to_string());
        ran_before.insert(path.clone(), roots.collect());
    }
    let context = Context { set, picture, evaluation, changes, hit_before, roots, platform_files, ran_before };
    assessment.findings.retain(|f| context.keep(f));
    // Only the projects the change touched are judged (all of them when a platform file changed),
    // with the findings of theirs that the change makes.
    let touched = |root: &str| {
        changes
            .changed
            .iter()
            .chain(&changes.deleted)
            .any(|path| projects::is_shared(path) || context.counts_for(root, path))
    };
    assessment.projects.retain(|p| touched(&p.root));
    let kept: std::collections::HashSet<_> = assessment.findings.iter().map(key).collect();
    for project in &mut assessment.projects {
        // A project's findings are the run's, judged above. What the whole repository lacks is
        // listed once, at the top: a project's copy of it is new when the project had it before.
        let root = project.root.clone();
        project.assessment.findings.retain(|f| match listed.contains(&key(f)) {
            true => kept.contains(&key(f)),
            false => context
                .set
                .rules
                .iter()
                .find(|r| r.code == f.code && r.check == Check::Require)
                .is_some_and(|rule| !context.fired_before(rule, Some(&root))),
        });
        for verdict in &mut project.assessment.verdicts {
            let findings = &project.assessment.findings;
            verdict.findings = findings.iter().filter(|f| f.ingredient == Some(verdict.ingredient)).count();
            retain_codes(&mut verdict.codes, findings, verdict.ingredient);
        }
    }
    for verdict in &mut assessment.verdicts {
        let refs = [Ref::Group(Group::Ingredient(verdict.ingredient))];
        verdict.evidence_changed = Some(context.touched(&refs));
        verdict.findings = assessment.findings.iter().filter(|f| f.ingredient == Some(verdict.ingredient)).count();
        retain_codes(&mut verdict.codes, &assessment.findings, verdict.ingredient);
    }
    assessment.changes = Some(ChangeSummary {
        reference: changes.reference.clone(),
        merge_base: changes.merge_base.clone(),
        changed: changes.changed.len(),
        deleted: changes.deleted.len(),
        hidden: before - assessment.findings.len(),
    });
}

fn retain_codes(codes: &mut Vec<String>, findings: &[Finding], ingredient: Ingredient) {
    codes.retain(|c| findings.iter().any(|f| &f.code == c && f.ingredient == Some(ingredient)));
}

/// What a repository-level finding is about: its evidence (and, for owned
/// rules, the files that need owners). `when` facts are not: a pull request
/// that edits training code is not a reason to repeat "no CI" on it.
fn looked_at(rule: &Rule) -> Vec<Ref> {
    [&rule.evidence, &rule.cover].into_iter().flatten().copied().collect()
}

/// The references a `require` rule's firing depends on.
fn decided_by(rule: &Rule) -> impl Iterator<Item = &Ref> {
    rule.evidence.iter().chain(&rule.when).chain(&rule.when_not)
}

/// Per matcher: the changed or deleted files whose version at the merge base
/// it hits. Only the matchers behind `rules` run, on only the files they select.
fn hits_before(
    set: &RuleSet,
    changes: &ChangeSet,
    rules: &[&Rule],
    read_before: &dyn Fn(&[u8; 20]) -> Option<String>,
) -> Vec<Vec<String>> {
    let mut wanted = vec![false; set.matchers.len()];
    for reference in rules.iter().flat_map(|r| decided_by(r)) {
        for signal in set.signals_of(*reference) {
            wanted[set.signals[signal].matcher] = true;
        }
    }
    let mut hit: Vec<Vec<String>> = vec![Vec::new(); set.matchers.len()];
    if !wanted.contains(&true) {
        return hit;
    }
    let selector = FileSelector::new(set, &wanted);
    let (mut scratch, mut selected, mut found) = (Vec::new(), Vec::new(), Vec::new());
    let mut paths: Vec<(&String, &[u8; 20])> = changes.before.iter().collect();
    paths.sort();
    for (path, blob) in paths {
        selector.select(path, &mut scratch, &mut selected);
        selected.retain(|&m| !set.matchers[m].is_excluded(path));
        if selected.is_empty() {
            continue;
        }
        let Some(text) = read_before(blob) else { continue };
        let file = SourceFile::new(path.clone(), text);
        for &m in &selected {
            found.clear();
            set.matchers[m].find(&file, &mut found);
            if !found.is_empty() {
                hit[m].push(path.clone());
            }
        }
    }
    hit
}

/// What restricting to a change set looks at.
struct Context<'a> {
    set: &'a RuleSet,
    picture: &'a Picture,
    evaluation: &'a Evaluation,
    changes: &'a ChangeSet,
    /// Per matcher: the changed or deleted files whose merge-base version it hit.
    hit_before: Vec<Vec<String>>,
    /// The roots of the repository's ML projects.
    roots: Vec<String>,
    /// Per project root: the platform's files that apply to it.
    platform_files: std::collections::HashMap<String, Vec<String>>,
    /// The changed or deleted CI definitions whose merge-base version had path
    /// filters: the projects they ran for then.
    ran_before: std::collections::HashMap<String, std::collections::HashSet<String>>,
}

impl Context<'_> {
    fn keep(&self, finding: &Finding) -> bool {
        let rule = self.set.rules.iter().find(|r| r.code == finding.code);
        if let Some(rule) = rule.filter(|r| r.check == Check::Require) {
            // What the repository lacks is judged on all of it; what one project lacks
            // (the repository has it elsewhere) on that project's files.
            let scope = match self.fires_now(rule) {
                true => None,
                false => finding.path.as_deref().and_then(|p| self.project_of(p)),
            };
            return !self.fired_before(rule, scope);
        }
        if let Some(path) = finding.path.as_ref().filter(|p| self.changes.changed.contains(*p)) {
            // A finding at lines of a file (a `forbid` rule's hit) is new when the diff
            // touched those lines; one about a file or the repository, when the file changed.
            return match (rule.map(|r| r.check), &finding.location) {
                (Some(Check::Forbid), Some(at)) => self.changes.touches_lines(path, at.line, at.end_line),
                _ => true,
            };
        }
        let Some(rule) = rule else { return false };
        match rule.check {
            // Which of a precedence matcher's places is read depends on all of them: adding
            // .github/CODEOWNERS shadows the root one without touching it.
            Check::Forbid => rule.matcher.is_some_and(|m| {
                let matcher = &self.set.matchers[m];
                matcher.precedence.is_some()
                    && matcher
                        .files
                        .iter()
                        .any(|p| self.changes.changed.contains(p) || self.changes.deleted.contains(p))
            }),
            Check::Require | Check::Owned => self.touched(&looked_at(rule)),
        }
    }

    /// Whether a `require` rule that fires now fired at the merge base too:
    /// it applied then (its `when` held, its `when-not` did not), and its
    /// evidence was missing then as now. Unchanged files say the same as
    /// then; changed and deleted files say what their old version hit.
    /// In `scope` (a project's root), only that project's files and the platform's count.
    fn fired_before(&self, rule: &Rule, scope: Option<&str>) -> bool {
        let index = HitIndex { set: self.set, picture: self.picture, evaluation: self.evaluation };
        let applies =
            |root: &str, path: &str| self.platform_files.get(root).is_some_and(|p| p.iter().any(|f| f == path));
        let in_scope =
            |path: &str| {
                scope.is_none_or(|root| {
                    if projects::is_shared(path) { applies(root, path) } else { self.counts_for(root, path) }
                })
            };
        // A changed or deleted platform file counts as its old version applied.
        let in_scope_before = |path: &str| {
            scope.is_none_or(|root| {
                if !projects::is_shared(path) {
                    return self.counts_for(root, path);
                }
                self.ran_before.get(path).is_none_or(|roots| roots.contains(root))
            })
        };
        let held = |reference: &Ref| {
            self.set.signals_of(*reference).into_iter().any(|s| {
                let unchanged =
                    index.committed_files(s).any(|path| !self.changes.changed.contains(&path) && in_scope(&path));
                unchanged || self.hit_before[self.set.signals[s].matcher].iter().any(|p| in_scope_before(p))
            })
        };
        rule.when.iter().all(held) && !rule.when_not.iter().any(held) && !rule.evidence.iter().any(held)
    }

    /// Whether a `require` rule fires for the repository as a whole now.
    fn fires_now(&self, rule: &Rule) -> bool {
        let index = HitIndex { set: self.set, picture: self.picture, evaluation: self.evaluation };
        super::applies(&index, rule) && !index.any_evidence(&rule.evidence)
    }

    /// Whether a file (not the platform's) counts for the project at `root`:
    /// it is the project's, or a doc or DVC file above it that no project owns.
    fn counts_for(&self, root: &str, path: &str) -> bool {
        self.project_of(path) == Some(root) || projects::inherited_by(self.roots.iter().map(String::as_str), root, path)
    }

    /// The project a path belongs to.
    fn project_of(&self, path: &str) -> Option<&str> {
        projects::project_among(self.roots.iter().map(String::as_str), path)
    }

    /// Whether any signal behind `refs` hit a changed file, or looks for a file that was deleted.
    fn touched(&self, refs: &[Ref]) -> bool {
        refs.iter().flat_map(|r| self.set.signals_of(*r)).any(|s| {
            let m = self.set.signals[s].matcher;
            let matcher = &self.set.matchers[m];
            self.evaluation.files_hit[m].iter().any(|f| self.changes.changed.contains(&self.picture.files[f].path))
                || self.changes.deleted.iter().any(|path| {
                    !matcher.is_excluded(path)
                        && matcher.files.iter().any(|g| {
                            crate::scan::fs::walk::compile_glob(g).is_ok_and(|g| g.compile_matcher().is_match(path))
                        })
                })
        })
    }
}

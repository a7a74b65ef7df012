//! Pull-request mode (`--changed-since REF`): keep the findings that sit in
//! changed files, plus the repository-level findings whose evidence changed.
//!
//! A finding in a file is kept when that file was added or modified since
//! the merge base (committed, staged, unstaged or untracked). A finding about
//! the repository as a whole (a `require` or `owned` rule) is kept when its
//! evidence changed (or, for `owned` rules, a file that needs an owner), or
//! when a deleted file matches what it looks for: deleting CODEOWNERS is an
//! owners change. A finding of a rule whose places are in precedence order
//! (OWN005) is kept when any of those places changed. A rename counts as the
//! new path changed and the old path deleted.

use super::{Assessment, Finding};
use crate::ingredient::Ingredient;
use crate::rules::eval::Evaluation;
use crate::rules::{Check, Group, Ref, Rule, RuleSet};
use crate::scan::Picture;
use crate::scan::git::ChangeSet;

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

/// Restrict an assessment to what a change set touches.
pub fn restrict(
    set: &RuleSet,
    picture: &Picture,
    evaluation: &Evaluation,
    assessment: &mut Assessment,
    changes: &ChangeSet,
) {
    let before = assessment.findings.len();
    let context = Context { set, picture, evaluation, changes };
    assessment.findings.retain(|f| context.keep(f));
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

/// What restricting to a change set looks at.
struct Context<'a> {
    set: &'a RuleSet,
    picture: &'a Picture,
    evaluation: &'a Evaluation,
    changes: &'a ChangeSet,
}

impl Context<'_> {
    fn keep(&self, finding: &Finding) -> bool {
        let rule = self.set.rules.iter().find(|r| r.code == finding.code);
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

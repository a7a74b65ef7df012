//! One verdict per ingredient (`present`, `partial`, `missing`,
//! `not-applicable`) with the evidence behind it.

use super::Finding;
use crate::ingredient::Ingredient;
use crate::rules::eval::Evaluation;
use crate::rules::template::{human_size, render};
use crate::rules::{Fact, Group, RuleSet};
use crate::scan::{Picture, Tracking};
use std::collections::HashSet;
use std::fmt;

/// Evidence items kept per ingredient or fact; the total is reported separately.
pub const EVIDENCE_SHOWN: usize = 20;

/// The verdict on one ingredient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Evidence found, and no finding of this ingredient remains.
    Present,
    /// Evidence found, but findings remain.
    Partial,
    /// No evidence at all.
    Missing,
    /// The ingredient cannot apply, by the repository's facts or the user's config.
    NotApplicable,
    /// None of the ingredient's rules ran (`--select`, `ignore`): nothing was judged.
    NotChecked,
}

impl Status {
    /// The id used in outputs.
    pub fn id(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Partial => "partial",
            Status::Missing => "missing",
            Status::NotApplicable => "not-applicable",
            Status::NotChecked => "not-checked",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The file, relative to the root.
    pub path: String,
    /// The 1-based line, or `None` when the file's existence is the evidence.
    pub line: Option<usize>,
    /// What was found.
    pub detail: String,
    /// For notebooks, the 1-based cell the line is in.
    pub cell: Option<usize>,
}

/// The verdict on one ingredient, with its evidence.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The ingredient.
    pub ingredient: Ingredient,
    /// The verdict.
    pub status: Status,
    /// Evidence (at most [`EVIDENCE_SHOWN`] items), in path order.
    pub evidence: Vec<Evidence>,
    /// How many evidence items were found in all.
    pub evidence_total: usize,
    /// Whether `evidence_total` is exact; `false` when a signal stopped being
    /// searched after its first files (the verdict needed only to know evidence exists).
    pub evidence_complete: bool,
    /// Why the status is what it is (always set except for `present`).
    pub reason: Option<String>,
    /// How many findings of this ingredient remain.
    pub findings: usize,
    /// The codes of those findings, each once, in order.
    pub codes: Vec<String>,
    /// In pull-request mode, whether the change touched this ingredient's evidence.
    pub evidence_changed: Option<bool>,
    /// For a partial verdict: how far the findings reach, per rule that says so.
    pub coverage: Vec<Coverage>,
}

/// How much of what a rule judges passed: "9 of 11 runtime requirements pinned".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// The rule's code.
    pub code: String,
    /// Items that passed.
    pub covered: usize,
    /// Items judged.
    pub total: usize,
    /// The rule's `coverage` sentence, filled in.
    pub text: String,
}

/// A reported fact and its evidence.
#[derive(Debug, Clone)]
pub struct FactReport {
    /// Fact id.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Evidence (at most [`EVIDENCE_SHOWN`] items).
    pub evidence: Vec<Evidence>,
    /// How many evidence items were found in all.
    pub evidence_total: usize,
    /// Whether `evidence_total` is exact (see [`Verdict::evidence_complete`]).
    pub evidence_complete: bool,
}

/// The evidence of one group.
pub struct EvidenceList {
    /// The first [`EVIDENCE_SHOWN`] items, in path order.
    pub items: Vec<Evidence>,
    /// How many items were found.
    pub total: usize,
    /// Whether `total` is exact: no signal of the group stopped early.
    pub complete: bool,
}

/// Evidence for a group: one item per signal and file (its first hit there).
/// Ingredient evidence counts only files git tracks (a file that exists but is
/// not committed is not evidence yet); facts describe the work tree as it is.
pub fn evidence_of(set: &RuleSet, picture: &Picture, evaluation: &Evaluation, group: Group) -> EvidenceList {
    let committed_only = matches!(group, Group::Ingredient(_));
    let counts = |f: &usize| !committed_only || picture.files[*f].tracking != Tracking::Untracked;
    let complete = set.signals.iter().filter(|s| s.provides.contains(&group)).all(|s| !evaluation.capped[s.matcher]);
    let total: usize = set
        .signals
        .iter()
        .filter(|s| s.provides.contains(&group))
        .map(|s| evaluation.files_hit[s.matcher].iter().filter(counts).count())
        .sum();
    let mut seen = HashSet::new();
    let mut all = Vec::new();
    for (index, signal) in set.signals.iter().enumerate() {
        if !signal.provides.contains(&group) {
            continue;
        }
        let hits = evaluation.hits[signal.matcher].iter();
        for hit in hits.filter(|h| !committed_only || h.tracking != crate::scan::Tracking::Untracked) {
            if !seen.insert((index, hit.file)) {
                continue;
            }
            let size = hit.size.map(human_size).unwrap_or_default();
            let mut vars: Vec<(&str, &str)> = vec![("match", &hit.text), ("path", &hit.path), ("size", &size)];
            vars.extend(hit.captures.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            all.push(Evidence {
                path: hit.path.clone(),
                line: hit.location.as_ref().map(|l| l.line),
                detail: render(&signal.detail, &vars),
                cell: hit.location.as_ref().and_then(|l| l.cell).map(|c| c.cell),
            });
        }
    }
    all.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    all.dedup();
    all.truncate(EVIDENCE_SHOWN);
    EvidenceList { items: all, total, complete }
}

/// What a verdict weighs besides evidence and findings.
pub struct Circumstances {
    /// Why the ingredient does not apply, when none of its rules' `when` holds.
    pub inapplicable: Option<String>,
    /// The reason and the config file, when the user declared it not applicable.
    pub declared: Option<(String, String)>,
    /// How far the findings of rules with a coverage sentence reach.
    pub coverage: Vec<Coverage>,
    /// Whether any of the ingredient's rules ran.
    pub checked: bool,
}

/// Judge one ingredient.
pub fn judge(
    set: &RuleSet,
    picture: &Picture,
    evaluation: &Evaluation,
    ingredient: Ingredient,
    findings: &[Finding],
    circumstances: Circumstances,
) -> Verdict {
    let Circumstances { inapplicable, declared, coverage, checked } = circumstances;
    let EvidenceList { items: evidence, total: evidence_total, complete: evidence_complete } =
        evidence_of(set, picture, evaluation, Group::Ingredient(ingredient));
    let mine: Vec<&Finding> = findings.iter().filter(|f| f.ingredient == Some(ingredient)).collect();
    let remaining = mine.len();
    let mut codes: Vec<String> = Vec::new();
    for f in &mine {
        if !codes.contains(&f.code) {
            codes.push(f.code.clone());
        }
    }
    let (status, reason) = if let Some((reason, source)) = declared {
        (Status::NotApplicable, Some(format!("declared not applicable in {source}: {reason}")))
    } else if !checked {
        // Evidence alone is not a verdict: the rules that weigh it did not run.
        (Status::NotChecked, Some("none of its rules were selected".to_string()))
    } else if evidence_total == 0 {
        match inapplicable {
            Some(reason) if remaining == 0 => (Status::NotApplicable, Some(reason)),
            _ => (Status::Missing, Some("no evidence found".to_string())),
        }
    } else if remaining > 0 {
        (Status::Partial, Some(partial_reason(remaining, &coverage)))
    } else {
        (Status::Present, None)
    };
    Verdict {
        ingredient,
        status,
        evidence,
        evidence_total,
        evidence_complete,
        reason,
        findings: remaining,
        codes,
        evidence_changed: None,
        coverage: if status == Status::Partial { coverage } else { Vec::new() },
    }
}

/// Why a verdict with evidence is partial: how far its rules' coverage reaches,
/// else how many findings remain.
fn partial_reason(remaining: usize, coverage: &[Coverage]) -> String {
    match coverage.is_empty() {
        true => {
            let plural = if remaining == 1 { "finding remains" } else { "findings remain" };
            format!("evidence found, but {remaining} {plural}")
        }
        false => coverage.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("; "),
    }
}

impl Verdict {
    /// Judges again after findings that are someone else's were taken away (a
    /// project's verdict, without what is wrong in the platform's files, which
    /// the repository answers for): the count, codes and coverage follow, and a
    /// partial verdict none of whose findings remain is present.
    pub fn rejudge(&mut self, findings: &[Finding]) {
        let ingredient = self.ingredient;
        let mine = || findings.iter().filter(move |f| f.ingredient == Some(ingredient));
        self.findings = mine().count();
        self.codes.retain(|c| mine().any(|f| &f.code == c));
        let codes = &self.codes;
        self.coverage.retain(|c| codes.contains(&c.code));
        if self.status == Status::Partial {
            match self.findings {
                0 => {
                    self.status = Status::Present;
                    self.reason = None;
                }
                remaining => self.reason = Some(partial_reason(remaining, &self.coverage)),
            }
        }
    }
}

/// The report of one fact, if it has evidence.
pub fn fact_report(
    set: &RuleSet,
    picture: &Picture,
    evaluation: &Evaluation,
    group: Group,
    fact: &Fact,
) -> Option<FactReport> {
    let list = evidence_of(set, picture, evaluation, group);
    (list.total > 0).then(|| FactReport {
        id: fact.id.clone(),
        title: fact.title.clone(),
        evidence: list.items,
        evidence_total: list.total,
        evidence_complete: list.complete,
    })
}

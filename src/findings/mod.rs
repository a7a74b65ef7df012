//! From hits to what the user reads: findings (with severity, location,
//! suppression applied) and one verdict per ingredient with its evidence.

pub mod baseline;
pub mod changes;
pub mod fingerprint;
pub mod projects;
pub mod suppress;
pub mod verdict;

use crate::ingredient::Ingredient;
use crate::rules::eval::{Evaluation, Hit};
use crate::rules::select::{SelectionInput, selects, selects_rule};
use crate::rules::template::{human_size, render};
use crate::rules::{Check, Group, Ref, Rule, RuleSet, Severity};
use crate::scan::fs::walk::Excludes;
use crate::scan::ownership::{Ownership, group_by_folder};
use crate::scan::source::{Excerpt, Location};
use crate::scan::{Picture, Tracking};
use std::sync::Arc;
pub use verdict::{Evidence, FactReport, Status, Verdict};

/// Where rule documentation lives; a built-in rule's `url` is this plus `#<code>-<name>`.
pub const RULE_DOCS: &str = "https://github.com/mlready/mlready/blob/main/docs/rules.md";

/// One finding.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Rule code.
    pub code: String,
    /// Rule name.
    pub name: String,
    /// The ingredient it belongs to (`None` for mlready's own checks).
    pub ingredient: Option<Ingredient>,
    /// Severity after overrides.
    pub severity: Severity,
    /// What is missing or wrong, and where.
    pub message: String,
    /// The label under the span.
    pub label: Option<String>,
    /// The smallest fix (shared by the findings of one rule).
    pub help: Arc<str>,
    /// Why it matters in production.
    pub rationale: Arc<str>,
    /// Documentation link.
    pub url: Option<String>,
    /// The file, relative to the root; `None` for a finding about the repository as a whole.
    pub path: Option<String>,
    /// Where in the file.
    pub location: Option<Location>,
    /// The lines around it.
    pub excerpt: Option<Excerpt>,
    /// Structured facts behind the finding (unowned folders, suggested owners), for tools.
    pub details: Option<serde_json::Value>,
    /// Whether the finding is about something absent (a require or owned rule): its
    /// location is an anchor, not the problem itself.
    pub absence: bool,
}

/// What the user configured about findings (beyond which rules run).
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Which rules are enabled.
    pub selection: SelectionInput,
    /// Severity overrides, by selector, applied in order.
    pub severities: Vec<(String, Severity)>,
    /// Per-path ignores: glob set, its text, and the selectors it ignores.
    pub per_file_ignores: Vec<(Excludes, String, Vec<String>)>,
    /// Ingredients declared not applicable, with the reason and where it was declared.
    pub not_applicable: Vec<(Ingredient, String, String)>,
    /// Findings accepted in a baseline, not reported.
    pub baseline: Option<Arc<baseline::Baseline>>,
    /// The configs of folders below the linted root, by folder (`services/churn/`),
    /// shallowest first: the closest one decides for the findings in its folder,
    /// as ruff's closest config does for each file. Their own `nested` is empty.
    pub nested: Vec<(String, Arc<Policy>)>,
}

impl Policy {
    /// Whether the rule is enabled.
    pub fn enables(&self, rule: &Rule) -> bool {
        self.selection.enables(&rule.code, &rule.name, Some(rule.ingredient))
    }

    /// Whether the rule is enabled here or in the config of some folder below.
    pub fn enables_anywhere(&self, rule: &Rule) -> bool {
        self.enables(rule) || self.nested.iter().any(|(_, nested)| nested.enables(rule))
    }

    /// The policy that decides for a path (relative to the linted root): the
    /// config of the deepest folder that holds it, else this one.
    pub fn at(&self, path: Option<&str>) -> &Policy {
        let Some(path) = path else { return self };
        self.nested.iter().rev().find(|(folder, _)| path.starts_with(folder.as_str())).map_or(self, |(_, p)| p)
    }

    /// This policy as seen from a folder (`services/churn/`): the closest
    /// config at or above it decides for what has no path of its own (a
    /// project's verdicts, what it lacks); deeper configs still decide below.
    pub fn scoped(&self, folder: &str) -> Policy {
        let closest = self.at(Some(folder));
        Policy {
            selection: closest.selection.clone(),
            severities: closest.severities.clone(),
            per_file_ignores: closest.per_file_ignores.clone(),
            not_applicable: closest.not_applicable.clone(),
            baseline: self.baseline.clone(),
            nested: self.nested.clone(),
        }
    }

    fn declared_not_applicable(&self, ingredient: Ingredient) -> Option<&(Ingredient, String, String)> {
        self.not_applicable.iter().find(|(i, _, _)| *i == ingredient)
    }

    /// Whether the finding's rule is enabled and its ingredient not declared
    /// not applicable by the config that decides for its path.
    fn keeps(&self, finding: &Finding) -> bool {
        let here = self.at(finding.path.as_deref());
        here.selection.enables(&finding.code, &finding.name, finding.ingredient)
            && finding.ingredient.is_none_or(|i| here.declared_not_applicable(i).is_none())
    }
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// Findings that remain, sorted by path, line and column (rule order at the same place).
    pub findings: Vec<Finding>,
    /// One verdict per ingredient, in [`Ingredient::ALL`] order.
    pub verdicts: Vec<Verdict>,
    /// Facts worth reporting (experiment tracking, serving entrypoints...).
    pub facts: Vec<FactReport>,
    /// Findings silenced by inline comments or per-path ignores.
    pub suppressed: usize,
    /// Files listed.
    pub files_scanned: usize,
    /// Files whose content rules used: read in this run, or unchanged since
    /// an earlier run whose results the cache kept.
    pub files_read: usize,
    /// Of `files_read`, those whose results came from the cache.
    pub files_from_cache: usize,
    /// Files a rule wanted to read but could not (binary, too large, not UTF-8, unreadable).
    pub files_skipped: usize,
    /// In pull-request mode, what changed and what was left out.
    pub changes: Option<changes::ChangeSummary>,
    /// With `--baseline`, what it matched and which of its entries are fixed.
    pub baseline: Option<baseline::BaselineSummary>,
    /// In a repository of several ML projects, each one's verdicts and findings
    /// (the rest of the assessment is the repository's as a whole); else empty.
    pub projects: Vec<projects::ProjectReport>,
}

/// Hits of every signal behind a reference.
struct HitIndex<'a> {
    set: &'a RuleSet,
    picture: &'a Picture,
    evaluation: &'a Evaluation,
}

impl<'a> HitIndex<'a> {
    /// Every hit of one signal.
    fn signal_hits(&self, signal: usize) -> &'a [Hit] {
        &self.evaluation.hits[self.set.signals[signal].matcher]
    }

    /// The files a signal hit (exact, even when only its first hits are kept).
    fn signal_files(&self, signal: usize) -> &'a crate::rules::eval::FileSet {
        &self.evaluation.files_hit[self.set.signals[signal].matcher]
    }

    /// The paths of the committed files (or any files, outside git) a signal hit.
    fn committed_files(&self, signal: usize) -> impl Iterator<Item = String> + 'a {
        let picture = self.picture;
        self.signal_files(signal)
            .iter()
            .map(move |f| &picture.files[f])
            .filter(|f| f.tracking != Tracking::Untracked)
            .map(|f| f.path.clone())
    }

    fn any(&self, refs: &[Ref]) -> bool {
        refs.iter().any(|r| self.set.signals_of(*r).into_iter().any(|s| !self.signal_files(s).is_empty()))
    }

    /// Whether any hit is evidence: in a file git tracks (or anywhere, outside git).
    /// A file that exists but is not committed is not evidence yet.
    fn any_evidence(&self, refs: &[Ref]) -> bool {
        refs.iter().any(|r| {
            self.set
                .signals_of(*r)
                .into_iter()
                .any(|s| self.signal_files(s).iter().any(|f| self.picture.files[f].tracking != Tracking::Untracked))
        })
    }

    /// The first hit in an untracked file, if evidence exists only there.
    fn untracked_evidence(&self, refs: &[Ref]) -> Option<Hit> {
        refs.iter()
            .flat_map(|r| self.set.signals_of(*r))
            .filter_map(|s| {
                let file =
                    self.signal_files(s).iter().find(|&f| self.picture.files[f].tracking == Tracking::Untracked)?;
                Some(self.signal_hits(s).iter().find(|h| h.file == file).cloned().unwrap_or_else(|| Hit {
                    file,
                    path: self.picture.files[file].path.clone(),
                    location: None,
                    first_line: None,
                    excerpt: None,
                    text: self.picture.files[file].path.clone(),
                    captures: Vec::new(),
                    size: None,
                    tracking: Tracking::Untracked,
                }))
            })
            .min_by_key(|h| h.file)
    }
    /// The first hit of the first reference that has one.
    /// Source files win over notebooks (exploration is rarely where the fix belongs), then path order.
    fn first(&self, refs: &[Ref]) -> Option<&'a Hit> {
        refs.iter().find_map(|r| {
            self.set
                .signals_of(*r)
                .into_iter()
                .flat_map(|s| self.signal_hits(s).iter())
                .min_by_key(|h| (h.path.ends_with(".ipynb"), h.file, h.location.as_ref().map(|l| (l.line, l.column))))
        })
    }
}

impl<'a> HitIndex<'a> {
    /// The files any signal of `reference` hit.
    fn files_of(&self, reference: Ref) -> Vec<&'a crate::rules::eval::FileSet> {
        self.set.signals_of(reference).into_iter().map(|s| self.signal_files(s)).collect()
    }

    /// Where a finding about something absent points: the first hit of the
    /// first `anchor` reference that has one outside the files `avoid` names,
    /// in files `prefer` names first (in its order), source files before
    /// notebooks, then path order. With every candidate avoided, the first hit.
    fn anchor(&self, rule: &Rule) -> Option<&'a Hit> {
        if rule.prefer.is_empty() && rule.avoid.is_empty() {
            return self.first(&rule.anchor);
        }
        let avoided: Vec<&crate::rules::eval::FileSet> = rule.avoid.iter().flat_map(|r| self.files_of(*r)).collect();
        let preferred: Vec<Vec<&crate::rules::eval::FileSet>> = rule.prefer.iter().map(|r| self.files_of(*r)).collect();
        let rank = |file: usize| {
            preferred.iter().position(|sets| sets.iter().any(|s| s.contains(file))).unwrap_or(preferred.len())
        };
        for reference in &rule.anchor {
            let best = self
                .set
                .signals_of(*reference)
                .into_iter()
                .flat_map(|s| self.signal_hits(s).iter())
                .filter(|h| !avoided.iter().any(|s| s.contains(h.file)))
                .min_by_key(|h| {
                    (rank(h.file), h.path.ends_with(".ipynb"), h.file, h.location.as_ref().map(|l| (l.line, l.column)))
                });
            if best.is_some() {
                return best;
            }
        }
        self.first(&rule.anchor)
    }
}

/// Whether the repository has what the rule's `when` asks for (evidence for every reference).
fn when_holds(index: &HitIndex<'_>, rule: &Rule) -> bool {
    rule.when.iter().all(|r| index.any(std::slice::from_ref(r)))
}

/// Whether a rule applies to this repository, by its `when` / `when-not` facts.
/// `when` needs evidence for every reference it lists; `when-not` for none.
fn applies(index: &HitIndex<'_>, rule: &Rule) -> bool {
    when_holds(index, rule) && !index.any(&rule.when_not)
}

/// Turn an evaluation into findings and verdicts. `ownership` is what
/// CODEOWNERS / OWNERS say, when the repository has either.
pub fn assess(
    set: &RuleSet,
    picture: &Picture,
    evaluation: &Evaluation,
    policy: &Policy,
    ownership: Option<&Ownership>,
) -> Assessment {
    let index = HitIndex { set, picture, evaluation };
    let mut findings = Vec::new();
    for rule in &set.rules {
        let somewhere = |p: &Policy| p.enables(rule) && p.declared_not_applicable(rule.ingredient).is_none();
        if !(somewhere(policy) || policy.nested.iter().any(|(_, p)| somewhere(p))) || !applies(&index, rule) {
            continue;
        }
        match rule.check {
            Check::Require => {
                if !index.any_evidence(&rule.evidence) {
                    findings.push(absent(set, picture, &index, rule));
                }
            }
            Check::Forbid => {
                let matcher = rule.matcher.expect("forbid rules have a matcher");
                // Thousands of findings of one rule share its texts, not copies of them.
                let texts = RuleTexts::of(rule);
                findings.extend(evaluation.hits[matcher].iter().map(|hit| finding_with(rule, &texts, Some(hit), &[])));
            }
            Check::Owned => findings.extend(ownership.and_then(|o| unowned(set, &index, rule, o))),
        }
    }
    if !policy.nested.is_empty() {
        findings.retain(|f| policy.keeps(f));
    }
    for finding in &mut findings {
        for (selector, severity) in &policy.at(finding.path.as_deref()).severities {
            if selects(selector, &finding.code, &finding.name, finding.ingredient) {
                finding.severity = *severity;
            }
        }
    }

    let before = findings.len();
    findings.retain(|f| !ignored_by_path(policy, f));
    let mut suppressed = before - findings.len();
    let (kept, silenced, unused) = apply_suppressions(set, policy, evaluation, findings);
    findings = kept;
    suppressed += silenced;
    findings.extend(unused);
    sort(&mut findings);

    // A baseline hides accepted findings, like suppressions: they do not count against verdicts.
    let baseline_summary = policy.baseline.as_ref().map(|b| b.apply(&mut findings));

    let verdicts = Ingredient::ALL
        .iter()
        .map(|&ingredient| {
            let rules: Vec<&Rule> = set.rules.iter().filter(|r| r.ingredient == ingredient).collect();
            // Not applicable means the repository lacks what the rules need (`when`). A rule that
            // steps aside for a more precise one (`when-not`) says nothing about applicability.
            let inapplicable_reason = {
                let required: Vec<&&Rule> = rules.iter().filter(|r| r.check == Check::Require).collect();
                let all_inapplicable = !required.is_empty() && required.iter().all(|r| !when_holds(&index, r));
                all_inapplicable.then(|| required.iter().find_map(|r| r.not_applicable.clone())).flatten()
            };
            verdict::judge(
                set,
                picture,
                evaluation,
                ingredient,
                &findings,
                verdict::Circumstances {
                    inapplicable: inapplicable_reason,
                    declared: policy
                        .declared_not_applicable(ingredient)
                        .map(|(_, reason, source)| (reason.clone(), source.clone())),
                    coverage: coverage(&index, &rules, &findings),
                    checked: rules.iter().any(|r| policy.enables(r)),
                },
            )
        })
        .collect();
    let facts = set
        .facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.report)
        .filter_map(|(i, fact)| verdict::fact_report(set, picture, evaluation, Group::Fact(i), fact))
        .collect();
    Assessment {
        findings,
        verdicts,
        facts,
        suppressed,
        files_scanned: picture.files.len(),
        files_read: evaluation.files_read,
        files_from_cache: evaluation.files_from_cache,
        files_skipped: evaluation.read_skips.len(),
        changes: None,
        baseline: baseline_summary,
        projects: Vec::new(),
    }
}

/// How far the findings of each rule that has a `coverage` sentence reach:
/// of the items its `coverage-of` references hit (a forbid rule) or of the
/// folders its covered files are in (an owned rule), how many passed.
fn coverage(index: &HitIndex<'_>, rules: &[&Rule], findings: &[Finding]) -> Vec<verdict::Coverage> {
    let mut out = Vec::new();
    for rule in rules {
        let Some(template) = &rule.coverage else { continue };
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.code == rule.code).collect();
        if mine.is_empty() {
            continue;
        }
        let (covered, total) = match rule.check {
            Check::Owned => {
                let details = mine.iter().find_map(|f| f.details.as_ref());
                let total = details.and_then(|d| d["folders"].as_u64()).unwrap_or(0) as usize;
                let uncovered = details.and_then(|d| d["uncovered_folders"].as_u64()).unwrap_or(0) as usize;
                (total.saturating_sub(uncovered), total.max(uncovered))
            }
            _ => {
                let items: usize = rule
                    .coverage_of
                    .iter()
                    .flat_map(|r| index.set.signals_of(*r))
                    .map(|s| index.signal_hits(s).len())
                    .sum();
                let total = items.max(mine.len());
                (total - mine.len(), total)
            }
        };
        let (covered_text, total_text) = (covered.to_string(), total.to_string());
        let source =
            mine.iter().find_map(|f| f.details.as_ref()?["source"].as_str().map(String::from)).unwrap_or_default();
        let vars = [("covered", covered_text.as_str()), ("total", total_text.as_str()), ("source", source.as_str())];
        out.push(verdict::Coverage { code: rule.code.clone(), covered, total, text: render(template, &vars) });
    }
    out
}

/// The finding of a require rule whose evidence is absent. When the evidence
/// exists but is not committed, or exists but is ignored, the finding points
/// at it and says so: that is the smallest fix.
fn absent(set: &RuleSet, picture: &Picture, index: &HitIndex<'_>, rule: &Rule) -> Finding {
    if let Some(hit) = index.untracked_evidence(&rule.evidence) {
        let mut f = finding(rule, Some(&hit));
        f.message = format!("{} exists but is not committed, so it is not {} evidence yet", hit.path, rule.ingredient);
        f.label = Some("not committed".into());
        f.help = format!("Commit it: `git add {}`.", hit.path).into();
        if f.location.is_none() {
            f.excerpt = None;
        }
        return f;
    }
    let mut f = finding(rule, index.anchor(rule));
    if let Some(path) = ignored_evidence_file(set, picture, rule) {
        match &picture.staged {
            Some(staged) if staged.excluded.binary_search(&path).is_ok() => f.message.push_str(&format!(
                " ({path} is staged but excluded by the config's `exclude` or a default folder exclusion, so it does not count)"
            )),
            Some(_) => match picture.skipped.iter().find(|s| s.path == path) {
                Some(skip) => f.message.push_str(&format!(" ({path} is staged but not read: {})", skip.reason)),
                None => {
                    f.message.push_str(&format!(" ({path} exists but is not staged, so the commit does not hold it)"));
                    f.help = format!("{} Stage it: `git add {path}`.", f.help).into();
                }
            },
            None => f
                .message
                .push_str(&format!(" ({path} exists but is ignored by .gitignore or excluded, so it does not count)")),
        }
    }
    f
}

/// A file named literally by the rule's evidence (`.github/CODEOWNERS`) that
/// exists on disk but was not listed: git ignores it or the config excludes
/// it, or (`--staged`) it is not staged.
fn ignored_evidence_file(set: &RuleSet, picture: &Picture, rule: &Rule) -> Option<String> {
    rule.evidence
        .iter()
        .flat_map(|r| set.signals_of(*r))
        .flat_map(|s| set.matchers[set.signals[s].matcher].files.iter())
        .filter(|glob| !glob.contains(['*', '?', '[', '{', '\\']))
        .find(|path| picture.file(path).is_none() && picture.root.join(path).is_file())
        .cloned()
}

/// Sort findings by path, line and column. Stable: findings at the same
/// place keep rule order (owners first, model card last).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let key = |f: &Finding| (f.path.clone(), f.location.as_ref().map(|l| (l.line, l.column)));
        key(a).cmp(&key(b))
    });
}

/// Committed files that some `owned` rule says need an owner, sorted.
pub fn files_needing_owners(set: &RuleSet, picture: &Picture, evaluation: &Evaluation) -> Vec<String> {
    let index = HitIndex { set, picture, evaluation };
    let mut paths: Vec<String> = set
        .rules
        .iter()
        .filter(|r| r.check == Check::Owned)
        .flat_map(|r| r.cover.iter())
        .flat_map(|r| set.signals_of(*r))
        .flat_map(|s| index.committed_files(s))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The finding of an owned rule: every committed file its `cover` hits must
/// have an owner; the unowned ones are listed by folder.
fn unowned(set: &RuleSet, index: &HitIndex<'_>, rule: &Rule, ownership: &Ownership) -> Option<Finding> {
    let mut paths: Vec<String> =
        rule.cover.iter().flat_map(|r| set.signals_of(*r)).flat_map(|s| index.committed_files(s)).collect();
    paths.sort();
    paths.dedup();
    // Folders (each file's own) that hold ML files, and those holding an unowned one.
    let folder_of = |p: &String| p.rfind('/').map_or(String::new(), |slash| p[..=slash].to_string());
    let ml_folders: std::collections::BTreeSet<String> = paths.iter().map(folder_of).collect();
    paths.retain(|p| !ownership.owns(p));
    if paths.is_empty() {
        return None;
    }
    let uncovered_folders: std::collections::BTreeSet<String> = paths.iter().map(folder_of).collect();
    let groups = group_by_folder(&paths);
    const LISTED: usize = 6;
    let mut folders: Vec<String> =
        groups.iter().take(LISTED).map(|g| format!("{} ({})", g.folder, g.paths.len())).collect();
    if groups.len() > LISTED {
        folders.push(format!("and {} more folders", groups.len() - LISTED));
    }
    let count = paths.len().to_string();
    let folders = folders.join(", ");
    let source = ownership.source();
    let extra = [("count", count.as_str()), ("folders", folders.as_str()), ("source", source.as_str())];
    let mut f = finding_with(rule, &RuleTexts::of(rule), index.anchor(rule), &extra);
    f.details = Some(serde_json::json!({
        "source": source,
        "folders": ml_folders.len(),
        "uncovered_folders": uncovered_folders.len(),
        "uncovered": groups.iter().map(|g| serde_json::json!({
            "folder": g.folder,
            "files": g.paths.len(),
            "paths": g.paths.iter().take(10).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }));
    Some(f)
}

/// A rule's fix and rationale, as findings carry them.
struct RuleTexts {
    help: Arc<str>,
    rationale: Arc<str>,
}

impl RuleTexts {
    fn of(rule: &Rule) -> RuleTexts {
        RuleTexts { help: rule.fix.trim().into(), rationale: rule.rationale.trim().into() }
    }
}

fn finding(rule: &Rule, hit: Option<&Hit>) -> Finding {
    finding_with(rule, &RuleTexts::of(rule), hit, &[])
}

fn finding_with(rule: &Rule, texts: &RuleTexts, hit: Option<&Hit>, extra: &[(&str, &str)]) -> Finding {
    let mut vars: Vec<(&str, &str)> = extra.to_vec();
    let size = hit.and_then(|h| h.size).map(human_size).unwrap_or_default();
    if let Some(hit) = hit {
        vars.push(("match", &hit.text));
        vars.push(("path", &hit.path));
        vars.push(("size", &size));
        vars.extend(hit.captures.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    } else {
        vars.push(("path", "the repository root"));
    }
    let url = crate::rules::docs::url_of(rule);
    Finding {
        code: rule.code.clone(),
        name: rule.name.clone(),
        ingredient: Some(rule.ingredient),
        severity: rule.severity,
        message: render(&rule.message, &vars),
        label: rule.label.as_ref().map(|l| render(l, &vars)),
        help: texts.help.clone(),
        rationale: texts.rationale.clone(),
        url,
        path: hit.map(|h| h.path.clone()),
        location: hit.and_then(|h| h.location.clone().or_else(|| h.first_line.clone())),
        excerpt: hit.and_then(|h| h.excerpt.clone()),
        details: None,
        absence: rule.check != Check::Forbid,
    }
}

fn ignored_by_path(policy: &Policy, finding: &Finding) -> bool {
    let Some(path) = &finding.path else { return false };
    policy.at(Some(path)).per_file_ignores.iter().any(|(globs, _, selectors)| {
        globs.is_match(path) && selectors.iter().any(|s| selects(s, &finding.code, &finding.name, finding.ingredient))
    })
}

/// Apply inline suppressions. Returns the findings that remain, how many were
/// silenced, and a finding for every suppression code that silenced nothing.
fn apply_suppressions(
    set: &RuleSet,
    policy: &Policy,
    evaluation: &Evaluation,
    findings: Vec<Finding>,
) -> (Vec<Finding>, usize, Vec<Finding>) {
    let suppressions = &evaluation.suppressions;
    let mut used: Vec<Vec<bool>> = suppressions.iter().map(|s| vec![false; s.codes.len()]).collect();
    let mut kept = Vec::with_capacity(findings.len());
    let mut silenced = 0;
    // Suppressions by file and line (line 0: the whole file): a finding looks up its
    // own, so thousands of findings and comments cost no more than their number.
    let mut by_place: std::collections::HashMap<(&str, usize), Vec<usize>> = std::collections::HashMap::new();
    for (si, s) in suppressions.iter().enumerate() {
        by_place.entry((s.path.as_str(), if s.file_level { 0 } else { s.line })).or_default().push(si);
    }
    for finding in findings {
        let mut hit = false;
        if let Some(path) = &finding.path {
            let line = finding.location.as_ref().map_or(usize::MAX, |l| l.line);
            let here = [line, 0].into_iter().flat_map(|l| by_place.get(&(path.as_str(), l)).into_iter().flatten());
            for si in here.copied().collect::<Vec<usize>>() {
                let s = &suppressions[si];
                for (ci, code) in s.codes.iter().enumerate() {
                    if selects(&code.code, &finding.code, &finding.name, finding.ingredient) {
                        used[si][ci] = true;
                        hit = true;
                    }
                }
            }
        }
        if hit {
            silenced += 1;
        } else {
            kept.push(finding);
        }
    }
    let mut unused = Vec::new();
    let (help, rationale): (Arc<str>, Arc<str>) = (UNUSED_SUPPRESSION.fix.into(), UNUSED_SUPPRESSION.rationale.into());
    for (si, s) in suppressions.iter().enumerate() {
        let policy = policy.at(Some(&s.path));
        if !policy.selection.enables(UNUSED_SUPPRESSION.code, UNUSED_SUPPRESSION.name, None) {
            continue;
        }
        for (ci, code) in s.codes.iter().enumerate() {
            if used[si][ci] {
                continue;
            }
            let known: Vec<&Rule> = set.rules.iter().filter(|r| selects_rule(&code.code, r)).collect();
            // A suppression for a rule this run did not enable may well be needed by the full run.
            if !known.is_empty() && !known.iter().any(|r| policy.enables(r)) {
                continue;
            }
            let what = if code.code.is_empty() {
                format!(
                    "`mlready: {}` names no rule, so it suppresses nothing: the codes go in brackets, `mlready: {}[DEP002]`",
                    kind(s),
                    kind(s)
                )
            } else if known.is_empty() {
                format!(
                    "`{}` is not a rule code, so `mlready: {}[{}]` suppresses nothing",
                    code.code,
                    kind(s),
                    code.code
                )
            } else {
                format!(
                    "`mlready: {}[{}]` suppresses nothing: no {} finding is {}",
                    kind(s),
                    code.code,
                    code.code,
                    if s.file_level { "in this file" } else { "on this line" }
                )
            };
            unused.push(Finding {
                code: UNUSED_SUPPRESSION.code.to_string(),
                name: UNUSED_SUPPRESSION.name.to_string(),
                ingredient: None,
                severity: UNUSED_SUPPRESSION.severity,
                message: what,
                label: Some("unused suppression".to_string()),
                help: help.clone(),
                rationale: rationale.clone(),
                url: Some(format!("{RULE_DOCS}#mlr001-unused-suppression")),
                path: Some(s.path.clone()),
                location: Some(code.location.clone()),
                excerpt: Some(code.excerpt.clone()),
                details: None,
                absence: false,
            });
        }
    }
    (kept, silenced, unused)
}

fn kind(s: &suppress::Suppression) -> &'static str {
    if s.file_level { "ignore-file" } else { "ignore" }
}

/// Documentation of a check the engine itself performs (not a matcher rule).
#[derive(Debug, Clone, Copy)]
pub struct MetaRule {
    /// Code.
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Why it matters.
    pub rationale: &'static str,
    /// How to fix.
    pub fix: &'static str,
    /// Example.
    pub example: &'static str,
}

/// MLR001: a suppression comment that suppresses nothing (ruff's RUF100 idea).
pub const UNUSED_SUPPRESSION: MetaRule = MetaRule {
    code: "MLR001",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "An `mlready: ignore[...]` comment suppresses no finding",
    rationale: "A suppression that no longer suppresses anything hides the next real finding on that line and tells readers a problem exists where none does. Stale suppressions pile up as code changes; removing them keeps the remaining ones meaningful.",
    fix: "Delete the suppression comment (or the code in it that no longer matches a finding).",
    example: "# before\nnumpy==1.26.4  # mlready: ignore[DEP002]\n# after\nnumpy==1.26.4",
};

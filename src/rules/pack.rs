//! Reading rule packs (`[[fact]]`, `[[signal]]`, `[[rule]]` tables) from TOML
//! and resolving them into a [`RuleSet`]. Built-in packs and the user's
//! config go through exactly this code.

use super::lazy_regex::{Flags, LazyRegex};
use super::matcher::{FileFilter, Format, Matcher, Precedence, Size, SpanMode, Test, Within};
use super::template;
use super::{Check, Fact, Group, Ref, Rule, RuleSet, Setting, Severity, Signal};
use crate::error::{Document, SourceError};
use crate::ingredient::Ingredient;
use crate::scan::formats::document::parse_key_path;
use crate::scan::fs::walk::compile_glob;
use crate::scan::source::Scope;
use crate::toml_read::{Sp, TableReader, closest};
use globset::{GlobSet, GlobSetBuilder};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};
use toml::de::DeValue;

/// Keys a matcher accepts (in a signal, a forbid rule, or an inline reference).
pub const MATCHER_KEYS: &[&str] = &[
    "files",
    "exclude",
    "pattern",
    "heading",
    "key",
    "value",
    "scope",
    "within",
    "also",
    "unless",
    "span",
    "once-per-file",
    "lfs",
    "min-size",
    "max-size",
    "tracked",
    "invalid",
    "precedence",
    "column",
    "min-hits",
    "file-has",
    "file-lacks",
    "mentioned-in",
];

const RULE_KEYS: &[&str] = &[
    "code",
    "name",
    "ingredient",
    "severity",
    "check",
    "summary",
    "message",
    "label",
    "rationale",
    "fix",
    "example",
    "url",
    "evidence",
    "when",
    "when-not",
    "anchor",
    "cover",
    "not-applicable",
    "prefer",
    "avoid",
    "coverage",
    "coverage-of",
];
const SIGNAL_KEYS: &[&str] = &["id", "provides", "detail", "when-not"];
const FACT_KEYS: &[&str] = &["id", "title", "summary", "report"];

/// A reference as written: a name, or an inline matcher.
#[derive(Debug, Clone)]
enum RefSpec {
    Name(Sp<String>),
    Inline { matcher: Box<Matcher>, detail: String, conditions: Conditions },
}

/// A matcher's `file-has` / `file-lacks` references, as written.
#[derive(Debug, Clone, Default)]
struct Conditions {
    has: Vec<RefSpec>,
    lacks: Vec<RefSpec>,
}

fn read_conditions(t: &mut TableReader<'_, '_>) -> Result<Conditions, SourceError> {
    Ok(Conditions { has: read_refs(t, "file-has")?, lacks: read_refs(t, "file-lacks")? })
}

#[derive(Debug, Clone)]
struct RuleSpec {
    doc: Document,
    code: Sp<String>,
    name: Sp<String>,
    ingredient: Sp<String>,
    severity: Sp<String>,
    check: Check,
    summary: String,
    message: Sp<String>,
    label: Option<Sp<String>>,
    rationale: String,
    fix: String,
    example: Option<String>,
    url: Option<String>,
    evidence: Vec<RefSpec>,
    when: Vec<RefSpec>,
    when_not: Vec<RefSpec>,
    anchor: Vec<RefSpec>,
    cover: Vec<RefSpec>,
    not_applicable: Option<String>,
    prefer: Vec<RefSpec>,
    avoid: Vec<RefSpec>,
    coverage: Option<Sp<String>>,
    coverage_of: Vec<RefSpec>,
    matcher: Option<Matcher>,
    conditions: Conditions,
    header: Range<usize>,
}

#[derive(Debug, Clone)]
struct SignalSpec {
    doc: Document,
    id: Sp<String>,
    provides: Vec<Sp<String>>,
    detail: String,
    matcher: Matcher,
    conditions: Conditions,
    when_not: Vec<RefSpec>,
}

#[derive(Debug, Clone)]
struct SettingSpec {
    doc: Document,
    id: Sp<String>,
    default: u64,
    summary: String,
}

#[derive(Debug, Clone)]
struct FactSpec {
    doc: Document,
    id: Sp<String>,
    fact: Fact,
}

/// Packs read so far, not yet resolved.
#[derive(Debug, Clone, Default)]
pub struct PackSet {
    rules: Vec<RuleSpec>,
    signals: Vec<SignalSpec>,
    facts: Vec<FactSpec>,
    settings: Vec<SettingSpec>,
    overrides: Vec<(Document, Sp<String>, u64)>,
}

/// The keys [`PackSet::read`] consumes from a table.
pub const PACK_KEYS: &[&str] = &["rule", "signal", "fact", "setting"];

impl PackSet {
    /// Whether the packs define no rule, signal, fact or setting.
    pub fn defines_nothing(&self) -> bool {
        self.rules.is_empty() && self.signals.is_empty() && self.facts.is_empty() && self.settings.is_empty()
    }

    /// Whether the packs set no setting's value (`[settings]`).
    pub fn overrides_nothing(&self) -> bool {
        self.overrides.is_empty()
    }

    /// Compile every regex of these packs now, pointing at the first that
    /// cannot be compiled. A config's rules are checked when it is read (a
    /// few patterns); the built-in packs' regexes are compiled by a test, and
    /// at run time only when a file needs them.
    pub fn check_compiles(&self) -> Result<(), SourceError> {
        fn inline(r: &RuleSpec) -> impl Iterator<Item = &Matcher> {
            [&r.evidence, &r.when, &r.when_not, &r.anchor, &r.cover].into_iter().flatten().filter_map(|reference| {
                match reference {
                    RefSpec::Inline { matcher, .. } => Some(&**matcher),
                    RefSpec::Name(_) => None,
                }
            })
        }
        let matchers = self
            .signals
            .iter()
            .map(|s| &s.matcher)
            .chain(self.rules.iter().flat_map(|r| r.matcher.iter().chain(inline(r))));
        for matcher in matchers {
            for regex in matcher.regexes() {
                regex.check_compiles()?;
            }
        }
        Ok(())
    }

    /// Read the `[[fact]]`, `[[signal]]` and `[[rule]]` tables of `table`.
    pub fn read(&mut self, table: &mut TableReader<'_, '_>) -> Result<(), SourceError> {
        let doc = table.document().clone();
        for mut t in table.tables("setting", "a [[setting]] table")? {
            let id = t.required_string("id")?;
            t.describe(format!("setting `{}`", id.value));
            let default_value = t.raw("default").ok_or_else(|| t.missing("default"))?;
            let default = size_value(&doc, "default", default_value)?;
            let summary = t.string("summary")?.map(|s| s.value).unwrap_or_default();
            t.finish(&["id", "default", "summary"])?;
            self.settings.push(SettingSpec { doc: doc.clone(), id, default, summary });
        }
        for mut t in table.tables("fact", "a [[fact]] table")? {
            let id = t.required_string("id")?;
            t.describe(format!("fact `{}`", id.value));
            let fact = Fact {
                id: id.value.clone(),
                title: t.string("title")?.map_or_else(|| id.value.replace('-', " "), |s| s.value),
                summary: t.string("summary")?.map(|s| s.value).unwrap_or_default(),
                report: t.boolean("report")?.unwrap_or(false),
            };
            t.finish(FACT_KEYS)?;
            self.facts.push(FactSpec { doc: doc.clone(), id, fact });
        }
        for mut t in table.tables("signal", "a [[signal]] table")? {
            let id = t.required_string("id")?;
            t.describe(format!("signal `{}`", id.value));
            let provides = t.strings("provides")?.ok_or_else(|| t.missing("provides"))?;
            let detail = t.string("detail")?.map_or_else(|| id.value.replace('-', " "), |s| s.value);
            let matcher = read_matcher(&mut t)?.ok_or_else(|| t.missing("files"))?;
            let conditions = read_conditions(&mut t)?;
            let when_not = read_refs(&mut t, "when-not")?;
            t.finish(&[SIGNAL_KEYS, MATCHER_KEYS].concat())?;
            self.signals.push(SignalSpec { doc: doc.clone(), id, provides, detail, matcher, conditions, when_not });
        }
        for mut t in table.tables("rule", "a [[rule]] table")? {
            let header = t.span();
            let code = t.required_string("code")?;
            t.describe(format!("rule `{}`", code.value));
            let check_sp = t.required_string("check")?;
            let check = match check_sp.value.as_str() {
                "require" => Check::Require,
                "forbid" => Check::Forbid,
                "owned" => Check::Owned,
                other => {
                    return Err(SourceError::new(
                        &doc,
                        check_sp.span,
                        format!("unknown check `{other}`"),
                        "unknown check",
                    )
                    .with_help("use `require` (fires when evidence is absent), `forbid` (fires at each match) or `owned` (fires when covered files have no owner)"));
                }
            };
            let spec = RuleSpec {
                doc: doc.clone(),
                name: t.required_string("name")?,
                ingredient: t.required_string("ingredient")?,
                severity: t.required_string("severity")?,
                check,
                summary: t.required_string("summary")?.value,
                message: t.required_string("message")?,
                label: t.string("label")?,
                rationale: t.required_string("rationale")?.value,
                fix: t.required_string("fix")?.value,
                example: t.string("example")?.map(|s| s.value),
                url: t.string("url")?.map(|s| s.value),
                evidence: read_refs(&mut t, "evidence")?,
                when: read_refs(&mut t, "when")?,
                when_not: read_refs(&mut t, "when-not")?,
                anchor: read_refs(&mut t, "anchor")?,
                cover: read_refs(&mut t, "cover")?,
                not_applicable: t.string("not-applicable")?.map(|s| s.value),
                prefer: read_refs(&mut t, "prefer")?,
                avoid: read_refs(&mut t, "avoid")?,
                coverage: t.string("coverage")?,
                coverage_of: read_refs(&mut t, "coverage-of")?,
                matcher: read_matcher(&mut t)?,
                conditions: read_conditions(&mut t)?,
                header,
                code,
            };
            if spec.coverage.is_some() == spec.coverage_of.is_empty() && spec.check != Check::Owned {
                let span = spec.coverage.as_ref().map_or(spec.header.clone(), |c| c.span.clone());
                return Err(SourceError::new(&doc, span, "`coverage` and `coverage-of` go together", "this rule")
                    .with_help("`coverage-of` lists the items a forbid rule judges; `coverage` says how many passed: \"{covered} of {total} requirements pinned\""));
            }
            match spec.check {
                Check::Require if spec.evidence.is_empty() => return Err(t.missing("evidence")),
                Check::Require if spec.matcher.is_some() => {
                    return Err(SourceError::new(&doc, spec.header.clone(), format!("rule `{}` mixes `check = \"require\"` with matcher keys", spec.code.value), "this rule")
                        .with_help("a require rule lists its evidence in `evidence = [...]`; matcher keys (files, pattern...) belong to forbid rules and signals"));
                }
                Check::Forbid if spec.matcher.is_none() => return Err(t.missing("files")),
                Check::Owned if spec.cover.is_empty() => return Err(t.missing("cover")),
                Check::Owned if spec.matcher.is_some() || !spec.evidence.is_empty() => {
                    return Err(SourceError::new(
                        &doc,
                        spec.header.clone(),
                        format!("rule `{}` is an owned rule with matcher keys or `evidence`", spec.code.value),
                        "this rule",
                    )
                    .with_help("an owned rule lists the files that need owners in `cover = [...]`"));
                }
                Check::Forbid if !spec.evidence.is_empty() || !spec.anchor.is_empty() => {
                    return Err(SourceError::new(&doc, spec.header.clone(), format!("rule `{}` is a forbid rule with `evidence` or `anchor`", spec.code.value), "this rule")
                        .with_help("forbid rules fire where their own matcher matches; `evidence` and `anchor` belong to require rules"));
                }
                _ => {}
            }
            t.finish(&[RULE_KEYS, MATCHER_KEYS].concat())?;
            self.rules.push(spec);
        }
        Ok(())
    }

    /// Append another set of packs (a config's rules after the built-in packs).
    pub fn extend(&mut self, other: PackSet) {
        self.rules.extend(other.rules);
        self.signals.extend(other.signals);
        self.facts.extend(other.facts);
        self.settings.extend(other.settings);
        self.overrides.extend(other.overrides);
    }

    /// Read a config's `[settings]` table: setting id → size.
    pub fn read_overrides(&mut self, table: &mut TableReader<'_, '_>) -> Result<(), SourceError> {
        let doc = table.document().clone();
        for (id, value) in table.entries() {
            let bytes = size_value(&doc, &id.value, value)?;
            self.overrides.push((doc.clone(), id, bytes));
        }
        Ok(())
    }

    /// Resolve names, check uniqueness, and produce the rule set.
    pub fn resolve(self) -> Result<RuleSet, SourceError> {
        let mut set = RuleSet::default();
        let mut names: HashMap<String, Ref> = HashMap::new();

        let mut settings: HashMap<String, u64> = HashMap::new();
        for spec in &self.settings {
            check_id(&spec.doc, &spec.id, "setting")?;
            if settings.insert(spec.id.value.clone(), spec.default).is_some() {
                return Err(SourceError::new(
                    &spec.doc,
                    spec.id.span.clone(),
                    format!("setting `{}` is already defined", spec.id.value),
                    "duplicate setting",
                ));
            }
        }
        for (doc, id, bytes) in &self.overrides {
            match settings.get_mut(&id.value) {
                Some(value) => *value = *bytes,
                None => {
                    let known: Vec<&str> = self.settings.iter().map(|s| s.id.value.as_str()).collect();
                    return Err(unknown_name(doc, id, "a setting", &known));
                }
            }
        }
        set.settings = self
            .settings
            .iter()
            .map(|s| Setting {
                id: s.id.value.clone(),
                value: settings[&s.id.value],
                default: s.default,
                summary: s.summary.clone(),
            })
            .collect();

        for spec in self.facts {
            check_id(&spec.doc, &spec.id, "fact")?;
            claim(&mut names, &spec.doc, &spec.id, Ref::Group(Group::Fact(set.facts.len())))?;
            set.facts.push(spec.fact);
        }
        let group_of =
            |names: &HashMap<String, Ref>, doc: &Document, name: &Sp<String>| -> Result<Group, SourceError> {
                if let Some(i) = Ingredient::from_id(&name.value) {
                    return Ok(Group::Ingredient(i));
                }
                match names.get(&name.value) {
                    Some(Ref::Group(g)) => Ok(*g),
                    _ => Err(unknown_name(doc, name, "an ingredient or a fact", &group_names(names))),
                }
            };
        // Every named signal is claimed before any reference is resolved: `file-has`,
        // `file-lacks` and `when-not` may name signals defined later.
        let mut pending = Vec::new();
        for spec in self.signals {
            check_id(&spec.doc, &spec.id, "signal")?;
            let provides =
                spec.provides.iter().map(|p| group_of(&names, &spec.doc, p)).collect::<Result<Vec<_>, _>>()?;
            claim(&mut names, &spec.doc, &spec.id, Ref::Signal(set.signals.len()))?;
            let mut matcher = spec.matcher;
            resolve_sizes(&mut matcher, &spec.doc, &settings)?;
            matcher.skips_placeholders = true;
            set.matchers.push(matcher);
            set.signals.push(Signal {
                id: spec.id.value.clone(),
                provides,
                detail: spec.detail,
                matcher: set.matchers.len() - 1,
                source: spec.doc.name.clone(),
                when_not: Vec::new(),
            });
            pending.push((set.signals.len() - 1, spec.doc, spec.id.value, spec.conditions, spec.when_not));
        }
        let mut resolver = Resolver { names: &names, settings: &settings, set: &mut set };
        for (signal, doc, id, conditions, when_not) in pending {
            let matcher = resolver.set.signals[signal].matcher;
            resolver.conditions(matcher, conditions, &doc, &id)?;
            let when_not = resolver.refs(when_not, &doc, &format!("{id}:when-not"), Vec::new())?;
            resolver.set.signals[signal].when_not = when_not;
        }

        let mut codes: HashMap<String, ()> = HashMap::new();
        let mut rule_names: HashMap<String, ()> = HashMap::new();
        for spec in self.rules {
            let doc = &spec.doc;
            if !valid_code(&spec.code.value) {
                return Err(SourceError::new(
                    doc,
                    spec.code.span.clone(),
                    format!("invalid rule code `{}`", spec.code.value),
                    "not a rule code",
                )
                .with_help("a code is 2 to 6 capital letters and three digits, such as `OWN001` or `ACME042`"));
            }
            if codes.insert(spec.code.value.clone(), ()).is_some() {
                return Err(SourceError::new(
                    doc,
                    spec.code.span.clone(),
                    format!("rule code `{}` is already used", spec.code.value),
                    "duplicate code",
                )
                .with_help("built-in codes are listed by `mlready rules`; give a custom rule its own prefix"));
            }
            if !valid_kebab(&spec.name.value) {
                return Err(SourceError::new(
                    doc,
                    spec.name.span.clone(),
                    format!("invalid rule name `{}`", spec.name.value),
                    "not kebab-case",
                )
                .with_help("names are kebab-case and name the problem, such as `missing-owners`"));
            }
            if rule_names.insert(spec.name.value.clone(), ()).is_some() {
                return Err(SourceError::new(
                    doc,
                    spec.name.span.clone(),
                    format!("rule name `{}` is already used", spec.name.value),
                    "duplicate name",
                ));
            }
            let ingredient = Ingredient::from_id(&spec.ingredient.value).ok_or_else(|| {
                let ids: Vec<&str> = Ingredient::ALL.iter().map(|i| i.id()).collect();
                unknown_name(doc, &spec.ingredient, "an ingredient", &ids)
            })?;
            let severity = Severity::from_id(&spec.severity.value)
                .ok_or_else(|| unknown_name(doc, &spec.severity, "a severity", &["error", "warning", "info"]))?;
            let captures = spec.matcher.as_ref().map(capture_names).unwrap_or_default();
            template::check(doc, &spec.message, &captures)?;
            if let Some(label) = &spec.label {
                template::check(doc, label, &captures)?;
            }
            let mut resolver = Resolver { names: &names, settings: &settings, set: &mut set };
            let code = spec.code.value.clone();
            let mut list = |list: Vec<RefSpec>, what: &str, provides: Vec<Group>| {
                resolver.refs(list, doc, &format!("{code}:{what}"), provides)
            };
            let evidence = list(spec.evidence, "evidence", vec![Group::Ingredient(ingredient)])?;
            let when = list(spec.when, "when", Vec::new())?;
            let when_not = list(spec.when_not, "when-not", Vec::new())?;
            let anchor = list(spec.anchor, "anchor", Vec::new())?;
            let cover = list(spec.cover, "cover", Vec::new())?;
            let prefer = list(spec.prefer, "prefer", Vec::new())?;
            let avoid = list(spec.avoid, "avoid", Vec::new())?;
            let coverage_of = list(spec.coverage_of, "coverage-of", Vec::new())?;
            if let Some(coverage) = &spec.coverage {
                // An owned rule's sentence may also name the ownership file (`{source}`).
                let mut names = vec!["covered".to_string(), "total".to_string()];
                if spec.check == Check::Owned {
                    names.push("source".to_string());
                }
                template::check(doc, coverage, &names)?;
            }
            let matcher = match spec.matcher {
                Some(mut m) => {
                    resolve_sizes(&mut m, doc, &settings)?;
                    set.matchers.push(m);
                    let index = set.matchers.len() - 1;
                    let mut resolver = Resolver { names: &names, settings: &settings, set: &mut set };
                    resolver.conditions(index, spec.conditions, doc, &code)?;
                    Some(index)
                }
                None => None,
            };
            set.rules.push(Rule {
                code: spec.code.value,
                name: spec.name.value,
                ingredient,
                severity,
                check: spec.check,
                summary: spec.summary,
                message: spec.message.value,
                label: spec.label.map(|l| l.value),
                rationale: spec.rationale,
                fix: spec.fix,
                example: spec.example,
                url: spec.url,
                evidence,
                when,
                when_not,
                anchor,
                cover,
                not_applicable: spec.not_applicable,
                prefer,
                avoid,
                coverage: spec.coverage.map(|c| c.value),
                coverage_of,
                matcher,
                source: doc.name.clone(),
            });
        }
        // A matcher with `mentioned-in` gets a companion that finds, in those documents,
        // the paths they mention; its hits decide which files count (see `eval::apply_conditions`).
        for m in 0..set.matchers.len() {
            if set.matchers[m].mentioned_in.is_empty() {
                continue;
            }
            let companion = mentions_matcher(set.matchers[m].mentioned_in.clone());
            set.matchers.push(companion);
            set.matchers[m].mentions = Some(set.matchers.len() - 1);
        }
        Ok(set)
    }
}

/// A path as a document mentions it: a file with a data or document
/// extension (`results/eval.json`, `../scores.csv`) or a folder (`results/`).
const MENTIONED_PATH: &str =
    r"[\w./-]*[\w-]\.(?:json|jsonl|ya?ml|csv|tsv|txt|md|parquet|log)\b|(?:\.{1,2}/)?(?:[\w.-]+/)+";

/// The matcher that finds the paths documents mention.
fn mentions_matcher(files: Vec<String>) -> Matcher {
    let regex = LazyRegex::new(MENTIONED_PATH, Flags::LINES).expect("the mention pattern is valid");
    Matcher {
        prefilter: Default::default(),
        files,
        exclude: None,
        exclude_globs: Vec::new(),
        test: Test::Pattern(regex),
        scope: Scope::Text,
        within: Within::Match,
        also: Vec::new(),
        unless: Vec::new(),
        span: SpanMode::Match,
        once_per_file: false,
        min_hits: 1,
        precedence: None,
        filter: FileFilter::default(),
        file_has: Vec::new(),
        file_lacks: Vec::new(),
        mentioned_in: Vec::new(),
        mentions: None,
        skips_placeholders: false,
    }
}

/// Resolves references to refs once every named signal is known, adding an
/// anonymous signal for each inline matcher.
struct Resolver<'a> {
    names: &'a HashMap<String, Ref>,
    settings: &'a HashMap<String, u64>,
    set: &'a mut RuleSet,
}

impl Resolver<'_> {
    /// The refs a list names; inline matchers become signals `<owner>:<n>` providing `provides`.
    fn refs(
        &mut self,
        list: Vec<RefSpec>,
        doc: &Document,
        owner: &str,
        provides: Vec<Group>,
    ) -> Result<Vec<Ref>, SourceError> {
        let mut out = Vec::new();
        for (n, item) in list.into_iter().enumerate() {
            match item {
                RefSpec::Name(name) => {
                    if let Some(i) = Ingredient::from_id(&name.value) {
                        out.push(Ref::Group(Group::Ingredient(i)));
                    } else {
                        let known: Vec<&str> = self.names.keys().map(String::as_str).collect();
                        let r = self
                            .names
                            .get(&name.value)
                            .copied()
                            .ok_or_else(|| unknown_name(doc, &name, "an ingredient, fact or signal", &known))?;
                        out.push(r);
                    }
                }
                RefSpec::Inline { mut matcher, detail, conditions } => {
                    resolve_sizes(&mut matcher, doc, self.settings)?;
                    matcher.skips_placeholders = true;
                    self.set.matchers.push(*matcher);
                    let index = self.set.matchers.len() - 1;
                    let id = format!("{owner}:{}", n + 1);
                    self.set.signals.push(Signal {
                        id: id.clone(),
                        provides: provides.clone(),
                        detail,
                        matcher: index,
                        source: doc.name.clone(),
                        when_not: Vec::new(),
                    });
                    out.push(Ref::Signal(self.set.signals.len() - 1));
                    self.conditions(index, conditions, doc, &id)?;
                }
            }
        }
        Ok(out)
    }

    /// Resolve a matcher's `file-has` / `file-lacks`.
    fn conditions(
        &mut self,
        matcher: usize,
        conditions: Conditions,
        doc: &Document,
        owner: &str,
    ) -> Result<(), SourceError> {
        let has = self.refs(conditions.has, doc, &format!("{owner}:file-has"), Vec::new())?;
        let lacks = self.refs(conditions.lacks, doc, &format!("{owner}:file-lacks"), Vec::new())?;
        let m = &mut self.set.matchers[matcher];
        m.file_has = has;
        m.file_lacks = lacks;
        Ok(())
    }
}

/// Replace `"{setting}"` sizes with the setting's value.
fn resolve_sizes(matcher: &mut Matcher, doc: &Document, settings: &HashMap<String, u64>) -> Result<(), SourceError> {
    for size in [&mut matcher.filter.min_size, &mut matcher.filter.max_size].into_iter().flatten() {
        if let Size::Setting(name, span) = size {
            let value = settings.get(name.as_str()).copied().ok_or_else(|| {
                let known: Vec<&str> = settings.keys().map(String::as_str).collect();
                unknown_name(doc, &Sp::new(name.clone(), span.clone()), "a setting", &known)
            })?;
            *size = Size::Bytes(value);
        }
    }
    Ok(())
}

fn group_names(names: &HashMap<String, Ref>) -> Vec<&str> {
    let mut out: Vec<&str> = Ingredient::ALL.iter().map(|i| i.id()).collect();
    out.extend(names.iter().filter(|(_, r)| matches!(r, Ref::Group(_))).map(|(k, _)| k.as_str()));
    out
}

fn claim(names: &mut HashMap<String, Ref>, doc: &Document, id: &Sp<String>, r: Ref) -> Result<(), SourceError> {
    if Ingredient::from_id(&id.value).is_some() || names.contains_key(&id.value) {
        return Err(SourceError::new(
            doc,
            id.span.clone(),
            format!("`{}` is already defined", id.value),
            "duplicate id",
        )
        .with_help("ingredient, fact and signal ids share one namespace"));
    }
    names.insert(id.value.clone(), r);
    Ok(())
}

fn check_id(doc: &Document, id: &Sp<String>, what: &str) -> Result<(), SourceError> {
    if valid_kebab(&id.value) {
        Ok(())
    } else {
        Err(SourceError::new(doc, id.span.clone(), format!("invalid {what} id `{}`", id.value), "not kebab-case"))
    }
}

fn unknown_name(doc: &Document, name: &Sp<String>, expected: &str, known: &[&str]) -> SourceError {
    let error = SourceError::new(doc, name.span.clone(), format!("`{}` is not {expected}", name.value), "unknown name");
    match closest(&name.value, known) {
        Some(best) => error.with_help(format!("did you mean `{best}`?")),
        None => {
            let mut sorted = known.to_vec();
            sorted.sort_unstable();
            error.with_help(format!("known: {}", sorted.join(", ")))
        }
    }
}

fn valid_code(code: &str) -> bool {
    let letters = code.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = &code[letters..];
    (2..=6).contains(&letters) && digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit())
}

fn valid_kebab(name: &str) -> bool {
    !name.is_empty()
        && name.as_bytes()[0].is_ascii_lowercase()
        && !name.ends_with('-')
        && !name.contains("--")
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn capture_names(matcher: &Matcher) -> Vec<String> {
    match &matcher.test {
        Test::Pattern(r) => r.capture_names().to_vec(),
        Test::Invalid(_) => vec!["reason".into()],
        Test::Column { .. } => vec!["column".into()],
        _ => Vec::new(),
    }
}

fn read_refs(t: &mut TableReader<'_, '_>, key: &str) -> Result<Vec<RefSpec>, SourceError> {
    let doc = t.document().clone();
    let Some(value) = t.raw(key) else { return Ok(Vec::new()) };
    let DeValue::Array(items) = value.get_ref() else {
        return Err(SourceError::new(&doc, value.span(), format!("`{key}` must be an array"), "expected an array")
            .with_help("list ingredient, fact or signal ids, or inline matchers: [\"monitoring\", { files = [\"docs/runbook.md\"] }]"));
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref() {
            DeValue::String(s) => out.push(RefSpec::Name(Sp::new(s.to_string(), item.span()))),
            DeValue::Table(table) => {
                let mut inline = TableReader::new(&doc, table, item.span(), format!("an inline matcher in `{key}`"));
                let detail = inline.string("detail")?.map(|s| s.value);
                let matcher = read_matcher(&mut inline)?.ok_or_else(|| inline.missing("files"))?;
                let conditions = read_conditions(&mut inline)?;
                inline.finish(&[&["detail"], MATCHER_KEYS].concat())?;
                let detail = detail.unwrap_or_else(|| match &matcher.test {
                    Test::Exists => "{path} exists".to_string(),
                    _ => "{match}".to_string(),
                });
                out.push(RefSpec::Inline { matcher: Box::new(matcher), detail, conditions });
            }
            _ => {
                return Err(SourceError::new(
                    &doc,
                    item.span(),
                    format!("items of `{key}` must be strings or tables"),
                    "neither a string nor a table",
                ));
            }
        }
    }
    Ok(out)
}

/// Read the matcher keys of a table; `None` when the table has no `files`.
pub fn read_matcher(t: &mut TableReader<'_, '_>) -> Result<Option<Matcher>, SourceError> {
    let doc = t.document().clone();
    let Some(files) = t.strings("files")? else {
        if let Some(key) = MATCHER_KEYS.iter().find(|k| t.has(k)) {
            let span = t.raw(key).map(|v| v.span()).unwrap_or_default();
            return Err(SourceError::new(&doc, span, format!("`{key}` needs `files`"), "matcher key without `files`")
                .with_help("a matcher selects files first: files = [\"**/*.py\"]"));
        }
        return Ok(None);
    };
    if files.is_empty() {
        return Err(
            SourceError::new(&doc, t.span(), "`files` is empty", "no globs").with_help("list at least one glob")
        );
    }
    for glob in &files {
        compile_glob(&glob.value).map_err(|e| bad_glob(&doc, glob, &e))?;
    }
    let exclude_list = t.strings("exclude")?;
    let exclude_globs: Vec<String> = exclude_list.iter().flatten().map(|g| g.value.clone()).collect();
    let exclude = match exclude_list {
        None => None,
        Some(globs) => {
            let mut builder = GlobSetBuilder::new();
            for glob in &globs {
                builder.add(compile_glob(&glob.value).map_err(|e| bad_glob(&doc, glob, &e))?);
            }
            Some(shared_glob_set(&exclude_globs, builder).map_err(|e| SourceError::new(&doc, t.span(), e, "here"))?)
        }
    };
    let pattern = t.string("pattern")?;
    let heading = t.string("heading")?;
    let key = t.string("key")?;
    let value = t.string("value")?;
    let invalid = t.string("invalid")?;
    let column = t.string("column")?;
    let tests = [&pattern, &heading, &key, &invalid, &column].iter().filter(|x| x.is_some()).count();
    if tests > 1 {
        return Err(SourceError::new(
            &doc,
            t.span(),
            "a matcher has more than one of `pattern`, `heading`, `key`, `column` and `invalid`",
            "this matcher",
        )
        .with_help("split it into several signals, or combine conditions with `also` / `unless`"));
    }
    if let (Some(value), None, None) = (&value, &key, &column) {
        return Err(SourceError::new(&doc, value.span.clone(), "`value` needs `key` or `column`", "value without key"));
    }
    let test = if let Some(p) = &pattern {
        Test::Pattern(regex(&doc, p, "pattern", Flags::LINES)?)
    } else if let Some(h) = &heading {
        Test::Heading(regex(&doc, h, "heading", SHORT_FOLDED)?)
    } else if let Some(format) = &invalid {
        Test::Invalid(
            Format::from_id(&format.value).ok_or_else(|| unknown_name(&doc, format, "a format", Format::IDS))?,
        )
    } else if let Some(c) = &column {
        Test::Column {
            header: regex(&doc, c, "column", SHORT_FOLDED)?,
            value: value.as_ref().map(|v| regex(&doc, v, "value", SHORT)).transpose()?,
        }
    } else if let Some(k) = &key {
        if k.value.is_empty() || k.value.split('.').any(str::is_empty) {
            return Err(SourceError::new(&doc, k.span.clone(), "invalid key path", "empty step")
                .with_help("write keys separated by dots, `*` for any key or element: model-index.*.results"));
        }
        Test::Key {
            path: parse_key_path(&k.value),
            display: k.value.clone(),
            value: value.as_ref().map(|v| regex(&doc, v, "value", SHORT)).transpose()?,
        }
    } else {
        Test::Exists
    };
    let scope = match t.string("scope")? {
        None => Scope::Text,
        Some(s) => match s.value.as_str() {
            "code" => Scope::Code,
            "prose" => Scope::Prose,
            "text" => Scope::Text,
            _ => return Err(unknown_name(&doc, &s, "a scope", &["code", "prose", "text"])),
        },
    };
    let default_within = match test {
        Test::Heading(_) => Within::Section,
        Test::Key { .. } | Test::Column { .. } => Within::Match,
        _ => Within::Line,
    };
    let within = match t.string("within")? {
        None => default_within,
        Some(s) => match s.value.as_str() {
            "match" => Within::Match,
            "line" => Within::Line,
            "call" => Within::Call,
            "section" => Within::Section,
            "file" => Within::File,
            _ => {
                return Err(unknown_name(&doc, &s, "a `within` extent", &["match", "line", "call", "section", "file"]));
            }
        },
    };
    // Lists let several matchers share a regex (each distinct one is compiled once).
    let regexes = |t: &mut TableReader, key: &str| -> Result<Vec<LazyRegex>, SourceError> {
        t.string_or_strings(key)?.unwrap_or_default().iter().map(|s| regex(&doc, s, key, Flags::LINES)).collect()
    };
    let also = regexes(t, "also")?;
    let unless = regexes(t, "unless")?;
    if matches!(test, Test::Exists) && (!also.is_empty() || !unless.is_empty()) {
        return Err(SourceError::new(
            &doc,
            t.span(),
            "`also` / `unless` need `pattern`, `heading` or `key`",
            "this matcher",
        )
        .with_help("to require text in a file, use `pattern`"));
    }
    let span = match t.string("span")? {
        None => SpanMode::Match,
        Some(s) => match s.value.as_str() {
            "match" => SpanMode::Match,
            "line" => SpanMode::Line,
            "call" => SpanMode::Call,
            "heading" => SpanMode::Heading,
            _ => return Err(unknown_name(&doc, &s, "a span mode", &["match", "line", "call", "heading"])),
        },
    };
    let once_per_file = t.boolean("once-per-file")?.unwrap_or(false);
    let mentioned_in = t.strings("mentioned-in")?.unwrap_or_default();
    for glob in &mentioned_in {
        compile_glob(&glob.value).map_err(|e| bad_glob(&doc, glob, &e))?;
    }
    let min_hits = match t.unsigned("min-hits")? {
        None => 1,
        Some(n) if n.value >= 1 => n.value as usize,
        Some(n) => {
            return Err(SourceError::new(&doc, n.span, "`min-hits` must be at least 1", "zero")
                .with_help("`min-hits = 2`: the matcher hits a file only where it finds at least two matches"));
        }
    };
    let precedence = match t.string("precedence")? {
        None => None,
        Some(s) => {
            let value = match s.value.as_str() {
                "first" => Precedence::First,
                "shadowed" => Precedence::Shadowed,
                _ => return Err(unknown_name(&doc, &s, "a precedence", &["first", "shadowed"])),
            };
            // The order is the order of `files`: each must name one path, not a pattern.
            if let Some(glob) = files.iter().find(|g| g.value.contains(['*', '?', '[', '{'])) {
                return Err(SourceError::new(
                    &doc,
                    glob.span.clone(),
                    "`precedence` needs `files` to list paths, in the order a tool looks for them",
                    "a pattern",
                )
                .with_help(
                    "list each location: files = [\".github/CODEOWNERS\", \"CODEOWNERS\", \"docs/CODEOWNERS\"]",
                ));
            }
            Some(value)
        }
    };
    let filter = FileFilter {
        lfs: t.boolean("lfs")?,
        tracked: t.boolean("tracked")?,
        min_size: size(t, "min-size")?,
        max_size: size(t, "max-size")?,
    };
    Ok(Some(Matcher {
        prefilter: Default::default(),
        files: files.into_iter().map(|f| f.value).collect(),
        exclude,
        exclude_globs,
        test,
        scope,
        within,
        also,
        unless,
        span,
        once_per_file,
        min_hits,
        precedence,
        filter,
        file_has: Vec::new(),
        file_lacks: Vec::new(),
        mentioned_in: mentioned_in.into_iter().map(|g| g.value).collect(),
        mentions: None,
        skips_placeholders: false,
    }))
}

/// A size: an integer number of bytes, or a string with a unit ("10MB", "512 KiB").
/// A size: bytes as an integer, a string with a unit ("10MB", "512 KiB"),
/// or a setting reference ("{large-file-size}").
fn size(t: &mut TableReader<'_, '_>, key: &str) -> Result<Option<Size>, SourceError> {
    let doc = t.document().clone();
    let Some(value) = t.raw(key) else { return Ok(None) };
    if let DeValue::String(s) = value.get_ref()
        && let Some(name) = s.strip_prefix('{').and_then(|n| n.strip_suffix('}'))
    {
        return Ok(Some(Size::Setting(name.trim().to_string(), value.span())));
    }
    size_value(&doc, key, value).map(|b| Some(Size::Bytes(b)))
}

/// A size value written as bytes or with a unit.
pub fn size_value(doc: &Document, key: &str, value: &toml::Spanned<DeValue<'_>>) -> Result<u64, SourceError> {
    let parsed = match value.get_ref() {
        DeValue::Integer(i) => i.as_str().replace('_', "").parse::<u64>().ok(),
        DeValue::String(s) => parse_size(s),
        _ => None,
    };
    parsed.ok_or_else(|| {
        SourceError::new(doc, value.span(), format!("`{key}` must be a size"), "not a size").with_help(
            "write bytes as an integer (10485760), a string with a unit (\"10MB\", \"512 KiB\") or a setting (\"{large-file-size}\")",
        )
    })
}

/// Parse "10MB", "1.5 GiB", "512" into bytes.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let number: f64 = text[..split].parse().ok()?;
    let factor: f64 = match text[split..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((number * factor) as u64)
}

/// The glob set of an `exclude` list, built once for every matcher that
/// lists the same globs (most share "tests are not evidence").
fn shared_glob_set(globs: &[String], builder: GlobSetBuilder) -> Result<Arc<GlobSet>, String> {
    static BUILT: OnceLock<Mutex<super::shared_by_key::SharedByKey<Vec<String>, GlobSet>>> = OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    if let Some(set) = built.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(globs) {
        return Ok(set);
    }
    let set = Arc::new(builder.build().map_err(|e| e.to_string())?);
    built.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(globs.to_vec(), set.clone());
    Ok(set)
}

fn bad_glob(doc: &Document, glob: &Sp<String>, error: &str) -> SourceError {
    SourceError::new(doc, glob.span.clone(), format!("invalid glob `{}`: {error}", glob.value), "invalid glob")
        .with_help("globs are relative to the linted root; `*` stays in one folder, `**` crosses folders")
}

/// Check a rule regex (compiled later, on first use). Patterns are
/// multi-line (`^`/`$` match at line boundaries); heading patterns are also
/// case-insensitive.
/// Heading and column patterns: one heading or header cell at a time, case-insensitive.
const SHORT_FOLDED: Flags = Flags { multi_line: true, case_insensitive: true, short_haystacks: true };
/// Value patterns: one table cell or key's value at a time.
const SHORT: Flags = Flags { multi_line: true, case_insensitive: false, short_haystacks: true };

fn regex(doc: &Document, source: &Sp<String>, key: &str, flags: Flags) -> Result<LazyRegex, SourceError> {
    LazyRegex::new(&source.value, flags).map(|regex| regex.written_at(doc, source.span.clone(), key)).map_err(
        |detail| {
            SourceError::new(doc, source.span.clone(), format!("invalid regex in `{key}`: {detail}"), "invalid regex")
                .with_help("regexes use Rust's regex syntax: no look-around, no back-references")
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::toml_read;
    use std::sync::Arc;

    fn read(text: &str) -> Result<RuleSet, SourceError> {
        let doc = Document { name: "test.toml".into(), text: Arc::from(text) };
        let table = toml_read::parse(&doc, text)?;
        let mut reader = TableReader::new(&doc, table.get_ref(), table.span(), "the pack");
        let mut packs = PackSet::default();
        packs.read(&mut reader)?;
        reader.finish(PACK_KEYS)?;
        // As a config is read: its patterns are compiled (and checked) at once.
        packs.check_compiles()?;
        packs.resolve()
    }

    const RULE: &str = r#"
[[fact]]
id = "serving"

[[signal]]
id = "fastapi"
provides = ["serving"]
files = ["**/*.py"]
pattern = 'FastAPI\('

[[rule]]
code = "MON001"
name = "missing-monitoring"
ingredient = "monitoring"
severity = "error"
check = "require"
summary = "s"
message = "no monitoring at {path}"
rationale = "r"
fix = "f"
evidence = ["monitoring", { files = ["alerts.yml"] }]
when = ["serving"]
anchor = ["fastapi"]
"#;

    #[test]
    fn resolves_names_and_inline_matchers() {
        let set = read(RULE).unwrap();
        assert_eq!(set.rules.len(), 1);
        assert_eq!(set.signals.len(), 2);
        assert_eq!(set.signals[1].id, "MON001:evidence:2");
        assert_eq!(set.signals[1].provides, vec![Group::Ingredient(Ingredient::Monitoring)]);
        assert_eq!(set.rules[0].when, vec![Ref::Group(Group::Fact(0))]);
        assert_eq!(set.rules[0].anchor, vec![Ref::Signal(0)]);
    }

    #[test]
    fn errors_point_at_the_offending_value() {
        let bad_regex = RULE.replace(r"FastAPI\(", r"FastAPI(");
        let err = read(&bad_regex).unwrap_err();
        assert!(err.message.starts_with("invalid regex in `pattern`"), "{}", err.message);
        assert_eq!(&err.document.text[err.span.clone()], "'FastAPI('");

        let bad_ref = RULE.replace("when = [\"serving\"]", "when = [\"serve\"]");
        let err = read(&bad_ref).unwrap_err();
        assert_eq!(&err.document.text[err.span.clone()], "\"serve\"");

        let bad_glob = RULE.replace("alerts.yml", "alerts[.yml");
        let err = read(&bad_glob).unwrap_err();
        assert!(err.message.starts_with("invalid glob"), "{}", err.message);

        let unknown = RULE.replace("fix = \"f\"", "fix = \"f\"\nfxi = 1");
        let err = read(&unknown).unwrap_err();
        assert_eq!(&err.document.text[err.span.clone()], "fxi");

        let bad_placeholder = RULE.replace("at {path}", "at {paht}");
        let err = read(&bad_placeholder).unwrap_err();
        assert!(err.message.contains("paht"), "{}", err.message);

        let bad_code = RULE.replace("MON001", "mon1");
        assert!(read(&bad_code).unwrap_err().message.contains("invalid rule code"));
    }
}

//! Rules as data: signals (evidence), facts (what the repository is) and
//! rules (what is missing or wrong), read from TOML packs, the built-in ones
//! and the user's, into one [`RuleSet`] evaluated by one engine.
//!
//! * A **signal** is a matcher whose hits are evidence. It `provides` one or
//!   more groups: ingredients (`monitoring`) or facts (`serving-entrypoint`).
//! * A **fact** is a named group that is not an ingredient: something the
//!   repository is or has, used to decide whether rules apply and where an
//!   absence finding should point.
//! * A **rule** is a finding waiting to happen. A `require` rule fires when
//!   its evidence groups have no hit (and its `when` groups do); a `forbid`
//!   rule fires at every hit of its own matcher; an `owned` rule fires when
//!   the files its `cover` references hit have no owner.

pub mod builtin;
pub mod cache;
pub mod docs;
pub mod eval;
pub mod lazy_regex;
pub mod matcher;
pub mod pack;
pub mod placeholder;
pub mod prefilter;
pub mod select;
pub mod selector;
pub mod shared_by_key;
pub mod template;

use crate::ingredient::Ingredient;
use matcher::Matcher;
use std::fmt;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Should be fixed before production.
    Warning,
    /// Blocks production.
    Error,
}

impl Severity {
    /// The id used in configs and outputs.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parse a severity id.
    pub fn from_id(id: &str) -> Option<Severity> {
        match id {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// When a rule fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Fires once when none of its evidence is found.
    Require,
    /// Fires at every hit of its matcher.
    Forbid,
    /// Fires once when files that its `cover` references hit have no owner
    /// in CODEOWNERS or an OWNERS file.
    Owned,
}

impl Check {
    /// The id used in packs.
    pub fn id(self) -> &'static str {
        match self {
            Check::Require => "require",
            Check::Forbid => "forbid",
            Check::Owned => "owned",
        }
    }
}

/// A group of evidence: an ingredient or a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// Evidence for an ingredient.
    Ingredient(Ingredient),
    /// Evidence for a fact (index into [`RuleSet::facts`]).
    Fact(usize),
}

/// What a rule's `evidence`, `when`, `when-not` and `anchor` lists name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    /// Every signal that provides the group.
    Group(Group),
    /// One signal (index into [`RuleSet::signals`]).
    Signal(usize),
}

/// A named fact about a repository.
#[derive(Debug, Clone)]
pub struct Fact {
    /// Kebab-case id.
    pub id: String,
    /// Short title for reports ("experiment tracking").
    pub title: String,
    /// What counts, in one line.
    pub summary: String,
    /// Whether reports list it (noisy facts such as "has Python code" are not listed).
    pub report: bool,
}

/// A source of evidence.
#[derive(Debug, Clone)]
pub struct Signal {
    /// Kebab-case id (`prometheus-client`); anonymous inline signals get `<rule code>:<list>:<n>`.
    pub id: String,
    /// The groups its hits are evidence for.
    pub provides: Vec<Group>,
    /// What a hit means, for the evidence list (`{match}` and `{path}` are filled in).
    pub detail: String,
    /// Index into [`RuleSet::matchers`].
    pub matcher: usize,
    /// Where it was defined (a built-in pack or a config file).
    pub source: String,
    /// Its hits are evidence only when none of these has a hit anywhere.
    pub when_not: Vec<Ref>,
}

/// A rule: its identity, its documentation and when it fires.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable code (`OWN001`).
    pub code: String,
    /// Kebab-case name naming the problem (`missing-owners`).
    pub name: String,
    /// The ingredient its findings belong to.
    pub ingredient: Ingredient,
    /// Default severity.
    pub severity: Severity,
    /// Require or forbid.
    pub check: Check,
    /// One line for tables.
    pub summary: String,
    /// The finding's message (templated).
    pub message: String,
    /// The label under the span (templated).
    pub label: Option<String>,
    /// Why it matters in production.
    pub rationale: String,
    /// The smallest fix.
    pub fix: String,
    /// An example of the fix.
    pub example: Option<String>,
    /// Documentation link.
    pub url: Option<String>,
    /// Require: the evidence whose absence fires the rule.
    pub evidence: Vec<Ref>,
    /// The rule applies only if one of these has a hit (empty: always).
    pub when: Vec<Ref>,
    /// The rule does not apply if one of these has a hit.
    pub when_not: Vec<Ref>,
    /// Require and owned: where the finding points, first hit wins (else the repository root).
    pub anchor: Vec<Ref>,
    /// Owned: the files that must have an owner (every file these references hit).
    pub cover: Vec<Ref>,
    /// Why the ingredient does not apply when `when` has no hit.
    pub not_applicable: Option<String>,
    /// Require and owned: anchors in files these hit are preferred.
    pub prefer: Vec<Ref>,
    /// Require and owned: files these hit are never anchors while another candidate exists.
    pub avoid: Vec<Ref>,
    /// How a partial verdict says how far this rule's findings reach (`{covered} of {total} ...`).
    pub coverage: Option<String>,
    /// Forbid: the items the rule judges (its findings are those that fail).
    pub coverage_of: Vec<Ref>,
    /// Forbid: index into [`RuleSet::matchers`].
    pub matcher: Option<usize>,
    /// Where it was defined.
    pub source: String,
}

/// A named value rules can refer to (`min-size = "{large-file-size}"`),
/// declared by a pack and overridable in the config's `[settings]`.
#[derive(Debug, Clone)]
pub struct Setting {
    /// Kebab-case id.
    pub id: String,
    /// The value in effect, in bytes.
    pub value: u64,
    /// The pack's default, in bytes.
    pub default: u64,
    /// What it controls.
    pub summary: String,
}

/// Every rule, signal, fact and matcher, resolved and compiled.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Settings, with the config's overrides applied.
    pub settings: Vec<Setting>,
    /// Rules, built-ins first, in pack order.
    pub rules: Vec<Rule>,
    /// Signals, including anonymous inline ones.
    pub signals: Vec<Signal>,
    /// Facts.
    pub facts: Vec<Fact>,
    /// Matchers of signals and forbid rules.
    pub matchers: Vec<Matcher>,
}

impl RuleSet {
    /// The rule with this code (case-insensitive) or name.
    pub fn rule(&self, code_or_name: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
    }

    /// The id of a group.
    pub fn group_id(&self, group: Group) -> &str {
        match group {
            Group::Ingredient(i) => i.id(),
            Group::Fact(f) => &self.facts[f].id,
        }
    }

    /// The signals a reference stands for.
    pub fn signals_of(&self, reference: Ref) -> Vec<usize> {
        match reference {
            Ref::Signal(s) => vec![s],
            Ref::Group(g) => (0..self.signals.len()).filter(|&s| self.signals[s].provides.contains(&g)).collect(),
        }
    }
}

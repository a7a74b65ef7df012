//! Rule documentation, generated from the rule data: the `mlready explain`
//! page, the `mlready rules` table and `docs/rules.md` (which finding URLs
//! point to) all come from here, so docs cannot drift from the rules.

use super::matcher::Precedence;
use super::{Check, Ref, Rule, RuleSet};
use crate::findings::{MetaRule, UNUSED_SUPPRESSION};

/// Everything documented about one rule.
#[derive(Debug, Clone)]
pub struct RuleDoc {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Ingredient id, or `None` for mlready's own checks.
    pub ingredient: Option<String>,
    /// Default severity.
    pub severity: String,
    /// `require`, `forbid` or `meta`.
    pub check: String,
    /// One line.
    pub summary: String,
    /// When it fires, generated from its matchers.
    pub what: String,
    /// Why it matters in production.
    pub why: String,
    /// How to fix.
    pub fix: String,
    /// Example of the fix.
    pub example: Option<String>,
    /// Documentation link.
    pub url: Option<String>,
}

/// The documentation link of a rule: its own `url`, or the built-in reference.
pub fn url_of(rule: &Rule) -> Option<String> {
    rule.url.clone().or_else(|| {
        rule.source
            .starts_with("built-in")
            .then(|| format!("{}#{}-{}", crate::findings::RULE_DOCS, rule.code.to_ascii_lowercase(), rule.name))
    })
}

/// Documentation of every rule, plus mlready's own checks.
pub fn all(set: &RuleSet) -> Vec<RuleDoc> {
    let mut docs: Vec<RuleDoc> = set.rules.iter().map(|r| of_rule(set, r)).collect();
    docs.push(of_meta(&UNUSED_SUPPRESSION));
    docs
}

/// Documentation of the rule or meta check with this code or name.
pub fn find(set: &RuleSet, wanted: &str) -> Option<RuleDoc> {
    all(set).into_iter().find(|d| d.code.eq_ignore_ascii_case(wanted) || d.name == wanted)
}

fn of_meta(rule: &MetaRule) -> RuleDoc {
    RuleDoc {
        code: rule.code.into(),
        name: rule.name.into(),
        ingredient: None,
        severity: rule.severity.id().into(),
        check: "meta".into(),
        summary: rule.summary.into(),
        what: format!(
            "{}.\n\nChecked for every `mlready: ignore[...]` and `mlready: ignore-file[...]` comment in the files mlready reads, for rules that the run enables.",
            rule.summary
        ),
        why: rule.rationale.into(),
        fix: rule.fix.into(),
        example: Some(rule.example.into()),
        url: Some(format!("{}#{}-{}", crate::findings::RULE_DOCS, rule.code.to_ascii_lowercase(), rule.name)),
    }
}

/// Documentation of one rule.
pub fn of_rule(set: &RuleSet, rule: &Rule) -> RuleDoc {
    let describe = |refs: &[Ref]| -> String {
        refs.iter()
            .map(|r| match r {
                Ref::Group(g) => {
                    let signals: Vec<&str> = set
                        .signals
                        .iter()
                        .filter(|s| s.provides.contains(g) && !s.id.contains(':'))
                        .map(|s| s.id.as_str())
                        .collect();
                    format!("any `{}` evidence (signals: {})", set.group_id(*g), signals.join(", "))
                }
                Ref::Signal(s) => {
                    let signal = &set.signals[*s];
                    if signal.id.contains(':') {
                        format!("a match in {}", set.matchers[signal.matcher].files.join(", "))
                    } else {
                        format!("signal `{}`", signal.id)
                    }
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut what = format!("{}.", rule.summary.trim_end_matches('.'));
    match rule.check {
        Check::Require => {
            what.push_str(&format!("\n\nFires once when none of this is found: {}.", describe(&rule.evidence)));
            if !rule.anchor.is_empty() {
                what.push_str(&format!(
                    "\nThe finding points at the first of: {}; otherwise at the repository root.",
                    describe(&rule.anchor)
                ));
            }
        }
        Check::Forbid => {
            if let Some(m) = rule.matcher {
                let matcher = &set.matchers[m];
                let files = matcher.files.join(", ");
                what.push_str(&match matcher.precedence {
                    None => format!("\n\nFires at every match in {files}."),
                    Some(Precedence::First) => {
                        format!("\n\nFires at every match in the first of these that exists: {files}.")
                    }
                    Some(Precedence::Shadowed) => format!(
                        "\n\nFires at every match in the files of this list after the first that exists: {files}."
                    ),
                });
            }
        }
        Check::Owned => {
            what.push_str(&format!(
                "\n\nFires once when a file hit by any of these has no owner in the CODEOWNERS file the platform uses or an OWNERS file: {}.",
                describe(&rule.cover)
            ));
        }
    }
    if !rule.when.is_empty() {
        what.push_str(&format!("\nApplies only when the repository has: {}.", describe(&rule.when)));
    }
    if !rule.when_not.is_empty() {
        what.push_str(&format!("\nDoes not apply when the repository has: {}.", describe(&rule.when_not)));
    }
    RuleDoc {
        code: rule.code.clone(),
        name: rule.name.clone(),
        ingredient: Some(rule.ingredient.id().into()),
        severity: rule.severity.id().into(),
        check: rule.check.id().into(),
        summary: rule.summary.clone(),
        what,
        why: rule.rationale.trim().into(),
        fix: rule.fix.trim().into(),
        example: rule.example.as_ref().map(|e| e.trim_end().to_string()),
        url: url_of(rule),
    }
}

fn indent(text: &str) -> String {
    text.trim()
        .lines()
        .map(|l| if l.trim().is_empty() { String::new() } else { format!("  {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Indent and wrap prose at `width` columns (examples are indented, never wrapped).
fn wrap(text: &str, width: usize) -> String {
    // Break at spaces only, as the prose is written: never inside `out-of-scope` or a path.
    let options = textwrap::Options::new(width)
        .initial_indent("  ")
        .subsequent_indent("  ")
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| if line.trim().is_empty() { String::new() } else { textwrap::fill(line.trim(), &options) })
        .collect();
    lines.join("\n")
}

/// The `mlready explain` page, prose wrapped at `width` columns.
pub fn to_text(doc: &RuleDoc, width: usize) -> String {
    let ingredient = doc.ingredient.as_deref().unwrap_or("none (mlready's own check)");
    let mut page = format!(
        "{} {}\ningredient: {ingredient} · default severity: {} · check: {}\n\nWhat it checks\n{}\n\nWhy it matters in production\n{}\n\nHow to fix\n{}\n",
        doc.code,
        doc.name,
        doc.severity,
        doc.check,
        wrap(&doc.what, width),
        wrap(&doc.why, width),
        wrap(&doc.fix, width)
    );
    if let Some(example) = &doc.example {
        page.push_str(&format!("\nExample\n{}\n", indent(example)));
    }
    page
}

/// `docs/rules.md`: every rule, ruff-style (what it does, why it matters, how to fix, example).
pub fn to_markdown(docs: &[RuleDoc]) -> String {
    let mut out = String::from(
        "<!-- Generated by `mlready rules --format markdown`; do not edit by hand. -->\n# mlready rules\n\n\
         Every rule mlready ships, generated from the rule packs in `rules/`. `mlready explain CODE` shows the same page \
         in the terminal.\n\n| Code | Name | Ingredient | Severity | Summary |\n|---|---|---|---|---|\n",
    );
    for d in docs {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} | {} |\n",
            d.code,
            anchor(d),
            d.name,
            d.ingredient.as_deref().unwrap_or("-"),
            d.severity,
            d.summary.replace('|', "\\|")
        ));
    }
    for d in docs {
        out.push_str(&format!(
            "\n## {} {}\n\n**Ingredient:** {} · **Default severity:** {} · **Check:** {}\n\n### What it does\n\n{}\n\n### Why it matters in production\n\n{}\n\n### How to fix\n\n{}\n",
            d.code,
            d.name,
            d.ingredient.as_deref().unwrap_or("none (mlready's own check)"),
            d.severity,
            d.check,
            d.what.replace('\n', "\n\n").replace("\n\n\n\n", "\n\n"),
            d.why,
            d.fix
        ));
        if let Some(example) = &d.example {
            out.push_str(&format!("\n### Example\n\n```\n{example}\n```\n"));
        }
    }
    out
}

/// The GitHub anchor of a rule's heading in `docs/rules.md`.
pub fn anchor(doc: &RuleDoc) -> String {
    format!("{}-{}", doc.code.to_ascii_lowercase(), doc.name)
}

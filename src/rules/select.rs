//! Rule selection, ruff-style: `select` sets the base, `extend-select` adds,
//! `ignore` removes. A selector is `ALL`, a code or code prefix (`MON`,
//! `DATA002`), a rule name (`missing-monitoring`) or an ingredient id
//! (`monitoring`).

use super::{Rule, RuleSet};
use crate::ingredient::Ingredient;

/// Codes of the engine's own checks (not matcher rules), selectable like rules.
pub const META_CODES: &[&str] = &["MLR001"];

/// Whether `selector` selects `code` / `name` / `ingredient`.
pub fn selects(selector: &str, code: &str, name: &str, ingredient: Option<Ingredient>) -> bool {
    let upper = selector.to_ascii_uppercase();
    upper == "ALL"
        || (!upper.is_empty() && code.starts_with(&upper))
        || selector == name
        || ingredient.is_some_and(|i| i.id() == selector)
}

/// Whether `selector` selects `rule`.
pub fn selects_rule(selector: &str, rule: &Rule) -> bool {
    selects(selector, &rule.code, &rule.name, Some(rule.ingredient))
}

/// Whether a selector names at least one rule (or meta check).
pub fn is_known(set: &RuleSet, selector: &str) -> bool {
    set.rules.iter().any(|r| selects_rule(selector, r))
        || META_CODES.iter().any(|c| selects(selector, c, "unused-suppression", None))
}

/// The known selector closest to an unknown one, if it is a likely typo
/// (`unpined-requirement`: `unpinned-requirement`): codes, rule names and
/// ingredient ids.
pub fn closest(set: &RuleSet, selector: &str) -> Option<String> {
    let ingredients: Vec<&str> = Ingredient::ALL.iter().map(|i| i.id()).collect();
    let candidates: Vec<&str> = set
        .rules
        .iter()
        .flat_map(|r| [r.code.as_str(), r.name.as_str()])
        .chain(ingredients)
        .chain(META_CODES.iter().copied())
        .collect();
    crate::toml_read::closest(selector, &candidates).map(String::from)
}

/// The selection's inputs, in order of precedence (CLI before config).
#[derive(Debug, Clone, Default)]
pub struct SelectionInput {
    /// Base selection; `None` means every rule.
    pub select: Option<Vec<String>>,
    /// Added to the base.
    pub extend_select: Vec<String>,
    /// Removed at the end.
    pub ignore: Vec<String>,
}

impl SelectionInput {
    /// Whether a rule with this code / name / ingredient is enabled.
    pub fn enables(&self, code: &str, name: &str, ingredient: Option<Ingredient>) -> bool {
        let in_base = match &self.select {
            None => true,
            Some(list) => list.iter().any(|s| selects(s, code, name, ingredient)),
        };
        let extended = self.extend_select.iter().any(|s| selects(s, code, name, ingredient));
        let ignored = self.ignore.iter().any(|s| selects(s, code, name, ingredient));
        (in_base || extended) && !ignored
    }
}

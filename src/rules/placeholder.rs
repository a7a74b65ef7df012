//! Template placeholders: text a template asks someone to replace.
//!
//! A model card fresh from a template says `Owner: [TODO: the team ...,
//! e.g. @your-org/ml-team]`; a cookiecutter project says `maintainer:
//! {{ cookiecutter.author }}`. Both look like what a signal looks for (an
//! owner line, a handle), and neither is evidence: nobody filled them in. A
//! signal's hit on a line (or in a `within` extent) holding a placeholder is
//! therefore never evidence, for built-in and user signals alike. Rules are
//! not filtered: a rule may look for placeholders (CARD002 does).

use regex::Regex;
use std::sync::LazyLock;

/// What counts as a placeholder. Only forms that a filled-in document never
/// holds: a bracketed `[TODO ...]`, the Hugging Face template's `[More
/// Information Needed]`, an angle-bracketed `<owner>` or `<your-team>`, an
/// `@your-...` handle, an address at `example.com`, a cookiecutter variable.
/// A bare `TODO:` is not one: `assert acc > 0.9  # TODO: raise` is a real gate.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \[ [\ \t]* (?: todo | tbd | tba | fixme | xxx | to\ be\ (?:filled|added|completed|determined)
                      | add\ | insert\ | your\ ) [^\]\n]* \]
        | \[more\ information\ needed\]
        | < (?: owners? | team | team[\ _-]name | (?:owner|maintainer|contact)[\ _-]?(?:name|email|handle)
              | name | e-?mail | handle | org | your[\ _-][^<>\n]{1,40} ) >
        | (?-u:\B) @your[-_][A-Za-z0-9_/-]*
        | (?-u:\b) [A-Za-z0-9._%+-]+ @ example \. (?:com|org|net) (?-u:\b)
        | \{\{ [\ \t]* cookiecutter\. [^}\n]* \}\}
        ",
    )
    .expect("the placeholder pattern compiles")
});

/// Whether `text` holds a template placeholder.
pub fn holds(text: &str) -> bool {
    PLACEHOLDER.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::holds;

    #[test]
    fn template_forms_are_placeholders() {
        for text in [
            "- **Owner:** [TODO: the team or person who answers for this model, e.g. @your-org/ml-team]",
            "[More Information Needed]",
            "owner: <owner>",
            "Contact: <your team's channel>",
            "* @your-team",
            "maintainer: ml@example.com",
            "author: {{ cookiecutter.author_name }}",
            "| accuracy | [TBD] |",
            "Owner: [to be filled]",
        ] {
            assert!(holds(text), "{text}");
        }
    }

    #[test]
    fn filled_in_text_is_not() {
        for text in [
            "- **Owner:** @acme/churn-ml",
            "Owner: ml-team@acme.com",
            "assert acc > 0.9  # TODO: raise the bar",
            "TODO: add a drift monitor",
            "<details>",
            "See [the dashboard](https://grafana.acme.com/d/churn)",
            "email me at someone@example.co.uk",
            "values: List<String>",
        ] {
            assert!(!holds(text), "{text}");
        }
    }
}

//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//!
//! Every rule is described in `tool.driver.rules` (with help text and
//! Markdown); every result has a location relative to `%SRCROOT%` and a
//! region (a file-level finding gets line 1; a finding about the repository
//! as a whole is placed on its README, or another top-level file, since
//! GitHub hides results without a location) and `partialFingerprints` that
//! survive line shifts. The ingredient verdicts ride in the run's property bag.

use super::{Context, root_note};
use crate::findings::projects::project_of;
use crate::findings::{Assessment, Finding, fingerprint};
use crate::rules::docs::RuleDoc;
use serde_json::{Value, json};
use std::io::{self, Write};

/// The schema GitHub documents for `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

fn problem_severity(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "recommendation",
    }
}

fn rule(doc: &RuleDoc) -> Value {
    let mut markdown =
        format!("{}\n\n**Why it matters in production.** {}\n\n**How to fix.** {}", doc.summary, doc.why, doc.fix);
    if let Some(example) = &doc.example {
        markdown.push_str(&format!("\n\n**Example**\n\n```\n{example}\n```"));
    }
    let mut tags = vec!["ml-readiness".to_string()];
    tags.extend(doc.ingredient.clone());
    json!({
        "id": doc.code,
        "name": doc.name,
        "shortDescription": { "text": doc.summary },
        "fullDescription": { "text": doc.what.replace('\n', " ").split_whitespace().collect::<Vec<_>>().join(" ") },
        "help": { "text": format!("{} Why: {}", doc.fix, doc.why), "markdown": markdown },
        "helpUri": doc.url,
        "defaultConfiguration": { "level": level(&doc.severity) },
        "properties": {
            "ingredient": doc.ingredient,
            "tags": tags,
            "precision": "high",
            "problem.severity": problem_severity(&doc.severity),
        },
    })
}

/// Percent-encode a relative path for a SARIF `uri` (a URI reference).
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn location(context: &Context, f: &Finding) -> Option<Value> {
    let (path, region) = match (&f.path, &f.location) {
        (Some(path), Some(loc)) => (
            path.clone(),
            json!({
                "startLine": loc.line,
                "startColumn": loc.column,
                "endLine": loc.end_line,
                "endColumn": loc.end_column.max(if loc.end_line == loc.line { loc.column + 1 } else { 1 }),
            }),
        ),
        (Some(path), None) => (path.clone(), json!({ "startLine": 1 })),
        (None, _) => (context.root_anchor.clone()?, json!({ "startLine": 1 })),
    };
    Some(json!({
        "physicalLocation": {
            // Code scanning resolves locations from the repository's top, whatever folder was linted.
            "artifactLocation": { "uri": uri(&context.from_top(&path)), "uriBaseId": "%SRCROOT%" },
            "region": region,
        }
    }))
}

/// Build the SARIF log.
pub fn document(context: &Context, assessment: &Assessment) -> Value {
    let mut log = outline(context, assessment);
    log["runs"][0]["results"] = results(context, assessment).collect();
    log
}

/// A result per finding, built one at a time.
fn results<'a>(context: &'a Context, assessment: &'a Assessment) -> impl Iterator<Item = Value> + 'a {
    // Fingerprints number identical findings in order: computed for all first (a short string each).
    let prints = fingerprint::fingerprints(&assessment.findings);
    assessment.findings.iter().zip(prints).map(move |(f, print)| {
        let mut text = f.message.clone();
        if f.path.is_none() {
            text.push_str(root_note(context));
        }
        let mut result = json!({
            "ruleId": f.code,
            "level": level(f.severity.id()),
            "message": { "text": text },
            "partialFingerprints": { "primaryLocationLineHash": print, "mlready/v1": print },
            "properties": { "ingredient": f.ingredient.map(|i| i.id()), "help": &*f.help },
        });
        if let Some(project) = f.path.as_deref().and_then(|p| project_of(&assessment.projects, p)) {
            let top = context.top_prefix.as_deref().unwrap_or("").trim_end_matches('/');
            let from_top = match project {
                "." if top.is_empty() => ".".to_string(),
                "." => top.to_string(),
                _ => context.from_top(project),
            };
            result["properties"]["project"] = json!(from_top);
        }
        if let Some(index) = context.rules.iter().position(|r| r.code == f.code) {
            result["ruleIndex"] = json!(index);
        }
        if let Some(loc) = location(context, f) {
            result["locations"] = json!([loc]);
        }
        result
    })
}

/// The log with an empty `results` list.
fn outline(context: &Context, assessment: &Assessment) -> Value {
    let root_uri = format!("file://{}/", uri(&context.top_abs().trim_end_matches('/').replace('\\', "/")));
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "mlready",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": context.rules.iter().map(rule).collect::<Vec<_>>(),
                }
            },
            "automationDetails": { "id": "mlready/" },
            "originalUriBaseIds": { "%SRCROOT%": { "uri": root_uri } },
            "columnKind": "unicodeCodePoints",
            "results": [],
            "properties": {
                "ingredients": super::json::ingredients(assessment),
            },
        }],
    })
}

/// Render the SARIF format, results written one at a time.
pub fn render(context: &Context, assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let items = || Box::new(results(context, assessment)) as Box<dyn Iterator<Item = Value> + '_>;
    super::write_spliced(out, &outline(context, assessment), &["runs", "0", "results"], &items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_references() {
        assert_eq!(uri("src/train model.py"), "src/train%20model.py");
        assert_eq!(uri("a\n::error file=x::y.py"), "a%0A%3A%3Aerror%20file%3Dx%3A%3Ay.py");
        assert_eq!(uri("données/é.csv"), "donn%C3%A9es/%C3%A9.csv");
    }
}

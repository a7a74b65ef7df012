//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues),
//! which GitLab shows in merge requests when a job uploads it as
//! `artifacts: reports: codequality`.
//!
//! GitLab resolves `location.path` from the repository's top, so paths are
//! written from there also when a subfolder is linted. A finding about the
//! repository as a whole is placed on its README (or another top-level
//! file), as in SARIF: GitLab needs a file for every issue.

use super::Context;
use crate::findings::{Assessment, Finding, fingerprint};
use crate::rules::Severity;
use serde_json::{Value, json};
use std::io::{self, Write};

/// GitLab's severity names: `info`, `minor`, `major`, `critical`, `blocker`.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

fn issue(context: &Context, finding: &Finding, fingerprint: String) -> Value {
    let path = finding.path.clone().or_else(|| context.root_anchor.clone()).unwrap_or_default();
    let line = finding.location.as_ref().map_or(1, |l| l.line);
    let mut description = format!("{} {}: {}", finding.code, finding.name, finding.message);
    if finding.path.is_none() {
        description.push_str(super::root_note(context));
    }
    json!({
        "description": description,
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": severity(finding.severity),
        "location": { "path": context.from_top(&path), "lines": { "begin": line } },
        "categories": ["Bug Risk"],
        "content": { "body": format!("{}\n\nWhy: {}", finding.help, finding.rationale.trim()) },
    })
}

/// Render the GitLab Code Quality report.
pub fn render(context: &Context, assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let prints = fingerprint::fingerprints(&assessment.findings);
    let issues: Vec<Value> =
        assessment.findings.iter().zip(prints).map(|(finding, print)| issue(context, finding, print)).collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

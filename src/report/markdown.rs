//! `--format markdown`: the readiness report as a document, for a pull
//! request comment, a wiki page or GitHub's step summary.

use super::escape::{markdown_code, markdown_text};
use super::{Context, Counts};
use crate::findings::{Assessment, Evidence, Finding, Status};
use crate::ingredient::Ingredient;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Findings listed in full; the rest are counted (GitHub caps a step summary at 1 MiB).
const LISTED: usize = 300;

fn status_cell(status: Status) -> &'static str {
    match status {
        Status::Present => "✅ present",
        Status::Partial => "🟡 partial",
        Status::Missing => "❌ missing",
        Status::NotApplicable => "➖ not applicable",
        Status::NotChecked => "⏸️ not checked",
    }
}

fn severity_mark(finding: &Finding) -> &'static str {
    match finding.severity {
        crate::rules::Severity::Error => "❌",
        crate::rules::Severity::Warning => "⚠️",
        crate::rules::Severity::Info => "ℹ️",
    }
}

/// Every piece of text from the repository (paths, details, messages,
/// reasons from the config) goes through `markdown_text` or `markdown_code`:
/// none can open a link, an image, HTML, a mention or another table cell.
fn evidence(e: &Evidence) -> String {
    let place = match (e.line, e.cell) {
        (Some(line), Some(c)) => format!("{} (cell {c})", markdown_code(&format!("{}:{line}", e.path))),
        (Some(line), None) => markdown_code(&format!("{}:{line}", e.path)),
        _ => markdown_code(&e.path),
    };
    format!("{place} {}", markdown_text(&e.detail))
}

fn place(f: &Finding) -> String {
    match (&f.path, &f.location) {
        (Some(path), Some(loc)) => markdown_code(&format!("{path}:{}", loc.line)),
        (Some(path), None) => markdown_code(path),
        (None, _) => "repository root".to_string(),
    }
}

/// A rule's code, linked to its documentation when that is a web address
/// (a custom rule's `url` comes from a config a pull request may edit).
fn code_link(f: &Finding) -> String {
    let web = |url: &str| url.starts_with("https://") || url.starts_with("http://");
    match &f.url {
        Some(url) if web(url) && !url.contains([' ', ')', '<', '>', '\n']) => {
            format!("[{}]({url})", markdown_text(&f.code))
        }
        _ => markdown_text(&f.code),
    }
}

/// The report as Markdown.
pub fn document(context: &Context, assessment: &Assessment) -> String {
    let mut out = String::new();
    let counts = Counts::of(assessment);
    let _ = writeln!(out, "## mlready: production readiness of {}\n", markdown_code(&context.root));
    let _ = writeln!(out, "**{}**\n", counts.sentence(assessment.suppressed));
    if let Some(line) = super::changes_sentence(assessment) {
        let _ = writeln!(out, "{}\n", markdown_text(&line));
    }
    if let Some(line) = super::baseline_sentence(assessment) {
        let _ = writeln!(out, "{line}\n");
    }
    let _ = writeln!(out, "| Ingredient | Verdict | Evidence or reason |\n|---|---|---|");
    for v in &assessment.verdicts {
        let mut detail = match (v.status, v.evidence.first()) {
            (Status::Partial, _) if !v.coverage.is_empty() => markdown_text(v.reason.as_deref().unwrap_or_default()),
            (Status::Present | Status::Partial, Some(first)) => {
                format!("{}{}", evidence(first), super::more(v.evidence_total, v.evidence_complete))
            }
            _ => markdown_text(v.reason.as_deref().unwrap_or_default()),
        };
        if !v.codes.is_empty() {
            detail = format!("{} · {detail}", v.codes.join(", "));
        }
        let changed = if v.evidence_changed == Some(true) { " *(changed)*" } else { "" };
        let _ = writeln!(out, "| **{}**{changed} | {} | {detail} |", v.ingredient.id(), status_cell(v.status));
    }
    if !assessment.projects.is_empty() {
        let rows = super::matrix::project_rows(assessment);
        let _ = writeln!(out, "\n### {} ML projects\n", rows.len());
        let _ = write!(out, "{}", super::matrix::markdown("Project", &rows));
    }
    if !assessment.findings.is_empty() {
        let _ = writeln!(out, "\n### Findings");
        let mut listed = 0;
        let groups: Vec<Option<Ingredient>> =
            Ingredient::ALL.iter().map(|i| Some(*i)).chain(std::iter::once(None)).collect();
        for group in groups {
            let mine: Vec<&Finding> = assessment.findings.iter().filter(|f| f.ingredient == group).collect();
            if mine.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n#### {}\n", group.map_or("mlready", |i| i.id()));
            for f in mine {
                if listed == LISTED {
                    break;
                }
                listed += 1;
                let _ = writeln!(
                    out,
                    "- {} **{}** {} · {}  ",
                    severity_mark(f),
                    code_link(f),
                    place(f),
                    markdown_text(&f.message)
                );
                let _ = writeln!(out, "  Fix: {}", markdown_text(f.help.lines().next().unwrap_or_default()));
            }
        }
        if assessment.findings.len() > listed {
            let _ = writeln!(
                out,
                "\n…and {} more findings (run `mlready lint` to see them all).",
                assessment.findings.len() - listed
            );
        }
    }
    if !assessment.facts.is_empty() {
        let _ = writeln!(out, "\n### Facts\n");
        for fact in &assessment.facts {
            let first = fact.evidence.first().map(evidence).unwrap_or_default();
            let more = super::more(fact.evidence_total, fact.evidence_complete);
            let _ = writeln!(out, "- **{}**: {first}{more}", markdown_text(&fact.title));
        }
    }
    let _ =
        writeln!(out, "\n<sub>mlready {} · [rules]({})</sub>", env!("CARGO_PKG_VERSION"), crate::findings::RULE_DOCS);
    out
}

/// Render the Markdown format.
pub fn render(context: &Context, assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(document(context, assessment).as_bytes())
}

//! `--format json`: the stable, documented machine format (schema version 1).
//! Fields are only ever added; none is renamed or removed within a version.

use super::{Context, Counts};
use crate::findings::projects::project_of;
use crate::findings::{Assessment, Evidence, Finding};
use serde_json::{Value, json};
use std::io::{self, Write};

/// Version of the JSON document's schema.
pub const SCHEMA_VERSION: u32 = 1;

/// Build the JSON document.
pub fn document(context: &Context, assessment: &Assessment) -> Value {
    let mut doc = outline(context, assessment);
    doc["findings"] = assessment.findings.iter().map(|f| top_finding(assessment, f)).collect();
    doc
}

/// A finding of the whole repository, with the project it belongs to.
fn top_finding(assessment: &Assessment, f: &Finding) -> Value {
    let mut value = finding(f);
    value["project"] = json!(f.path.as_deref().and_then(|p| project_of(&assessment.projects, p)));
    value
}

/// Each project's verdicts and findings.
fn projects(context: &Context, assessment: &Assessment) -> Value {
    assessment
        .projects
        .iter()
        .map(|project| {
            let counts = Counts::of(&project.assessment);
            let from_top = match project.root.as_str() {
                "." => context.top_prefix.as_deref().map(|p| p.trim_end_matches('/').to_string()),
                root => context.top_prefix.as_deref().map(|p| format!("{p}{root}")),
            };
            json!({
                "root": project.root,
                "root_from_top": from_top,
                "ingredients": ingredients(&project.assessment),
                "findings": project.assessment.findings.iter().map(finding).collect::<Vec<_>>(),
                "summary": {
                    "findings": counts.total(),
                    "error": counts.error,
                    "warning": counts.warning,
                    "info": counts.info,
                },
            })
        })
        .collect()
}

/// The ingredient verdicts, as the document lists them.
pub fn ingredients(assessment: &Assessment) -> Value {
    assessment
        .verdicts
        .iter()
        .map(|v| {
            json!({
                "id": v.ingredient.id(),
                "status": v.status.id(),
                "evidence": v.evidence.iter().map(evidence).collect::<Vec<_>>(),
                "evidence_total": v.evidence_total,
                "evidence_complete": v.evidence_complete,
                "reason": v.reason,
                "findings": v.findings,
                "evidence_changed": v.evidence_changed,
                "coverage": v.coverage.iter().map(|c| json!({
                    "code": c.code, "covered": c.covered, "total": c.total, "text": c.text,
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// The document with an empty `findings` list, in its place among the keys.
fn outline(context: &Context, assessment: &Assessment) -> Value {
    let counts = Counts::of(assessment);
    let status_count = |id: &str| assessment.verdicts.iter().filter(|v| v.status.id() == id).count();
    json!({
        "version": SCHEMA_VERSION,
        "tool": { "name": "mlready", "version": env!("CARGO_PKG_VERSION") },
        "root": context.root,
        "root_from_top": context.top_prefix.as_deref().map(|p| p.trim_end_matches('/')),
        "ingredients": ingredients(assessment),
        "facts": assessment.facts.iter().map(|f| json!({
            "id": f.id,
            "title": f.title,
            "evidence": f.evidence.iter().map(evidence).collect::<Vec<_>>(),
            "evidence_total": f.evidence_total,
            "evidence_complete": f.evidence_complete,
        })).collect::<Vec<_>>(),
        "findings": [],
        "projects": projects(context, assessment),
        "baseline": assessment.baseline.as_ref().map(|b| json!({
            "matched": b.matched,
            "fixed": b.fixed.iter().map(|e| json!({
                "fingerprint": e.fingerprint, "code": e.code, "path": e.path, "message": e.message,
            })).collect::<Vec<_>>(),
        })),
        "changed_since": assessment.changes.as_ref().map(|c| json!({
            "ref": c.reference,
            "merge_base": c.merge_base,
            "changed_files": c.changed,
            "deleted_files": c.deleted,
            "findings_outside_changes": c.hidden,
        })),
        "summary": {
            "findings": counts.total(),
            "error": counts.error,
            "warning": counts.warning,
            "info": counts.info,
            "suppressed": assessment.suppressed,
            "baselined": assessment.baseline.as_ref().map_or(0, |b| b.matched),
            "files_scanned": assessment.files_scanned,
            "files_read": assessment.files_read,
            "files_skipped": assessment.files_skipped,
            "ingredients": {
                "present": status_count("present"),
                "partial": status_count("partial"),
                "missing": status_count("missing"),
                "not-applicable": status_count("not-applicable"),
                "not-checked": status_count("not-checked"),
            },
        },
    })
}

fn evidence(e: &Evidence) -> Value {
    json!({ "path": e.path, "line": e.line, "cell": e.cell, "detail": e.detail })
}

fn finding(f: &Finding) -> Value {
    let loc = f.location.as_ref();
    json!({
        "code": f.code,
        "name": f.name,
        "ingredient": f.ingredient.map(|i| i.id()),
        "severity": f.severity.id(),
        "message": f.message,
        "help": &*f.help,
        "rationale": &*f.rationale,
        "url": f.url,
        "path": f.path,
        "line": loc.map(|l| l.line),
        "column": loc.map(|l| l.column),
        "end_line": loc.map(|l| l.end_line),
        "end_column": loc.map(|l| l.end_column),
        "cell": loc.and_then(|l| l.cell).map(|c| json!({ "number": c.cell, "line": c.line, "column": c.column })),
        "details": f.details,
    })
}

/// Render the JSON format. Findings are written one at a time: a run with a
/// hundred thousand of them holds one finding's document at once, not all.
pub fn render(context: &Context, assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let items = || {
        Box::new(assessment.findings.iter().map(|f| top_finding(assessment, f))) as Box<dyn Iterator<Item = Value> + '_>
    };
    super::write_spliced(out, &outline(context, assessment), &["findings"], &items)
}

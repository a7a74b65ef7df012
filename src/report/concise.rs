//! `--format concise`: one `path:line:col: CODE message` line per finding
//! (`1:1` for a whole file), then the verdicts on one line and the counts.

use super::{Counts, position};
use crate::findings::Assessment;
use std::io::{self, Write};

/// Render the concise format (`quiet`: the finding lines only).
pub fn render(assessment: &Assessment, quiet: bool, out: &mut dyn Write) -> io::Result<()> {
    for finding in &assessment.findings {
        let cell = finding
            .location
            .as_ref()
            .and_then(|l| l.cell)
            .map(|c| format!(" (cell {}, line {})", c.cell, c.line))
            .unwrap_or_default();
        writeln!(out, "{}: {} {}{cell}", position(finding), finding.code, finding.message)?;
    }
    if quiet {
        return Ok(());
    }
    let verdicts: Vec<String> =
        assessment.verdicts.iter().map(|v| format!("{}={}", v.ingredient.id(), v.status.id())).collect();
    writeln!(out, "ingredients: {}", verdicts.join(" "))?;
    if let Some(line) = super::changes_sentence(assessment) {
        writeln!(out, "{line}")?;
    }
    if let Some(line) = super::baseline_sentence(assessment) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}", Counts::of(assessment).sentence(assessment.suppressed))
}

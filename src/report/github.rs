//! `--format github`: GitHub Actions workflow commands (`::error`,
//! `::warning`, `::notice`), most severe first, within GitHub's limit of 10
//! annotations per level per step, with a count of what was left out.
//!
//! Every property and message is escaped the way GitHub's toolkit does it,
//! so no file name or message can start a workflow command of its own.

use super::escape::controls;
use super::{Context, Counts};
use crate::findings::{Assessment, Finding};
use crate::rules::Severity;
use std::io::{self, Write};

/// Annotations GitHub shows per level in one step.
pub const PER_LEVEL: usize = 10;

/// Escape message data: `%`, `\r`, `\n`.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value: message escaping plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn annotation(context: &Context, f: &Finding) -> String {
    let mut properties = Vec::new();
    if let Some(path) = &f.path {
        // GitHub resolves `file` from the repository's top, whatever folder was linted.
        properties.push(format!("file={}", escape_property(&context.from_top(path))));
    }
    if let Some(loc) = &f.location {
        properties.push(format!("line={}", loc.line));
        properties.push(format!("endLine={}", loc.end_line));
        // GitHub refuses columns on annotations that span several lines.
        if loc.line == loc.end_line {
            properties.push(format!("col={}", loc.column));
            properties.push(format!("endColumn={}", loc.end_column));
        }
    }
    properties.push(format!("title={}", escape_property(&format!("mlready {} {}", f.code, f.name))));
    let where_ = if f.path.is_none() { " (repository root)" } else { "" };
    // GitHub shows messages in its log viewer, which acts on escape sequences.
    let message = format!("{}{where_}\n\nFix: {}", controls(&f.message, false), controls(&f.help, true));
    format!("::{} {}::{}", command(f.severity), properties.join(","), escape_data(&message))
}

/// Render the GitHub format.
pub fn render(context: &Context, assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let mut ordered: Vec<&Finding> = assessment.findings.iter().collect();
    ordered.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let mut shown = [0usize; 3];
    let mut left_out = 0usize;
    for f in ordered {
        let slot = &mut shown[f.severity as usize];
        if *slot == PER_LEVEL {
            left_out += 1;
            continue;
        }
        *slot += 1;
        writeln!(out, "{}", annotation(context, f))?;
    }
    if left_out > 0 {
        writeln!(
            out,
            "mlready: {left_out} more findings are not annotated (GitHub shows at most {PER_LEVEL} errors, {PER_LEVEL} warnings and {PER_LEVEL} notices per step); the step summary and `mlready lint` list them all"
        )?;
    }
    let verdicts: Vec<String> =
        assessment.verdicts.iter().map(|v| format!("{}={}", v.ingredient.id(), v.status.id())).collect();
    writeln!(out, "mlready: ingredients: {}", verdicts.join(" "))?;
    if let Some(line) = super::changes_sentence(assessment) {
        writeln!(out, "mlready: {}", controls(&line, false))?;
    }
    if let Some(line) = super::baseline_sentence(assessment) {
        writeln!(out, "mlready: {line}")?;
    }
    writeln!(out, "mlready: {}", Counts::of(assessment).sentence(assessment.suppressed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(escape_data("100% sure\r\nnext"), "100%25 sure%0D%0Anext");
        assert_eq!(escape_property("a\n::error file=x::y.py,z"), "a%0A%3A%3Aerror file=x%3A%3Ay.py%2Cz");
    }
}

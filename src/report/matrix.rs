//! The readiness matrix: one row per ML project (or per repository, for
//! `mlready report`), one column per ingredient, one symbol per verdict. It
//! tells a platform team at a glance which project lacks what.

use super::escape::markdown_code;
use crate::findings::{Assessment, Status};
use crate::ingredient::Ingredient;
use std::fmt::Write as _;

/// One row: a name (a project's folder, a repository) and its verdicts in
/// [`Ingredient::ALL`] order (`None` where the report had none).
#[derive(Debug, Clone)]
pub struct Row {
    /// What the row is about.
    pub name: String,
    /// Its verdicts.
    pub statuses: Vec<Option<Status>>,
}

/// The rows of an assessment's projects.
pub fn project_rows(assessment: &Assessment) -> Vec<Row> {
    assessment
        .projects
        .iter()
        .map(|project| Row { name: project.root.clone(), statuses: statuses(&project.assessment) })
        .collect()
}

/// An assessment's verdicts in [`Ingredient::ALL`] order.
pub fn statuses(assessment: &Assessment) -> Vec<Option<Status>> {
    Ingredient::ALL.iter().map(|i| assessment.verdicts.iter().find(|v| v.ingredient == *i).map(|v| v.status)).collect()
}

/// A verdict as one character, as the terminal's verdict table marks it.
pub fn mark(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::Present) => "✓",
        Some(Status::Partial) => "~",
        Some(Status::Missing) => "✗",
        Some(Status::NotApplicable) => "-",
        Some(Status::NotChecked) | None => "?",
    }
}

/// A verdict as a Markdown cell.
pub fn emoji(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::Present) => "✅",
        Some(Status::Partial) => "🟡",
        Some(Status::Missing) => "❌",
        Some(Status::NotApplicable) => "➖",
        Some(Status::NotChecked) | None => "⏸️",
    }
}

/// Column headings short enough for a terminal.
const SHORT: [&str; 9] = ["own", "mon", "data", "met", "val", "dep", "rep", "ci", "card"];

/// The matrix for a terminal, at most `width` columns (a long name keeps its end).
pub fn text(title: &str, rows: &[Row], width: usize) -> String {
    let cells = SHORT.iter().map(|h| h.len().max(1) + 1).sum::<usize>();
    let longest = rows.iter().map(|r| r.name.chars().count()).max().unwrap_or(0).max(7);
    let name_width = longest.min(width.saturating_sub(cells + 2).max(12));
    let fit = |name: &str| {
        let len = name.chars().count();
        if len <= name_width {
            name.to_string()
        } else {
            format!("…{}", name.chars().skip(len + 1 - name_width).collect::<String>())
        }
    };
    let mut out = String::new();
    let _ = writeln!(out, "{title}");
    let _ = write!(out, "  {:name_width$}", "");
    for heading in SHORT {
        let _ = write!(out, " {heading}");
    }
    let _ = writeln!(out);
    for row in rows {
        let mut line = format!("  {:name_width$}", fit(&row.name));
        for (heading, status) in SHORT.iter().zip(&row.statuses) {
            let _ = write!(line, " {:^w$}", mark(*status), w = heading.len());
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let legend = "✓ present  ~ partial  ✗ missing  - not applicable  ? not checked";
    let wrap = textwrap::Options::new(width.max(20)).initial_indent("  ").subsequent_indent("  ").break_words(false);
    let _ = writeln!(out, "{}", textwrap::fill(legend, &wrap));
    out
}

/// The matrix as a Markdown table; names are code spans.
pub fn markdown(first_heading: &str, rows: &[Row]) -> String {
    let mut out = format!("| {first_heading} |");
    for ingredient in Ingredient::ALL {
        let _ = write!(out, " {} |", ingredient.id());
    }
    out.push_str("\n|---|");
    out.push_str(&":---:|".repeat(Ingredient::ALL.len()));
    out.push('\n');
    for row in rows {
        let _ = write!(out, "| {} |", markdown_code(&row.name));
        for status in &row.statuses {
            let _ = write!(out, " {} |", emoji(*status));
        }
        out.push('\n');
    }
    out.push_str("\n✅ present · 🟡 partial · ❌ missing · ➖ not applicable · ⏸️ not checked\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_keeps_its_end_and_the_matrix_fits() {
        let rows = vec![Row {
            name: "projects/a-very-long-team-name/and-an-even-longer-project-name".into(),
            statuses: vec![Some(Status::Present); 9],
        }];
        let text = text("Projects", &rows, 60);
        assert!(text.lines().all(|l| l.chars().count() <= 60), "{text}");
        assert!(text.contains("…"), "{text}");
        assert!(text.contains("project-name"), "{text}");
    }
}

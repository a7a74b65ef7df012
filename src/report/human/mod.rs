//! `--format human`: every finding as a miette diagnostic (code and docs
//! link, message, the source lines with a label at the span, why it matters,
//! the smallest fix), then the ingredient table and the counts.

mod fit;

use super::{Context, Counts};
use crate::findings::{Assessment, Finding, Status};
use crate::rules::Severity;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode, SourceSpan};
use std::fmt;
use std::io::{self, Write};

/// A finding as a miette diagnostic.
struct Shown<'a> {
    finding: &'a Finding,
    /// The fix, why it matters and where the rule's page is.
    help: String,
    /// The finding's excerpt, its lines fitted to the terminal.
    excerpt: Option<fit::Fitted>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.finding.path, &self.finding.excerpt) {
            (None, _) => write!(f, "{} (repository root)", self.finding.message),
            // Without a snippet the path would be lost: say it in the message.
            (Some(path), None) => write!(f, "{} ({path})", self.finding.message),
            (Some(_), Some(_)) => f.write_str(&self.finding.message),
        }
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("{} {}", self.finding.code, self.finding.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.excerpt.as_ref().map(|e| e as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let excerpt = &self.excerpt.as_ref()?.excerpt;
        let len = excerpt.text.len();
        let start = excerpt.span.start.min(len);
        let mut end = excerpt.span.end.clamp(start, len);
        if end == start && start < len {
            end = start + excerpt.text[start..].chars().next().map_or(0, char::len_utf8);
        }
        let span = SourceSpan::new(start.into(), end - start);
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(self.finding.label.clone(), span))))
    }
}

/// How the line with a rule's page starts, under its `help:`.
const DOCS: &str = "  docs: ";

/// A rule's findings after its first, listed one line each under it.
const MORE_LISTED: usize = 20;

/// Render the human format.
pub fn render(context: &Context, assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let theme = if context.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(context.width)
        .with_links(false)
        .with_urls(false)
        .with_context_lines(1);
    // A rule is explained once, at its first finding: its fix, why and docs
    // link, and the snippet. Its other findings follow as one line each
    // (seven unpinned requirements need one explanation, not seven).
    // `--verbose` shows every finding in full, in path order.
    let mut by_code: std::collections::HashMap<&str, Vec<&Finding>> = std::collections::HashMap::new();
    for finding in &assessment.findings {
        by_code.entry(finding.code.as_str()).or_default().push(finding);
    }
    // Several ML projects: which lacks what, before the findings that say why.
    if !assessment.projects.is_empty() {
        let rows = super::matrix::project_rows(assessment);
        let title = format!("{} in {}", super::counted(rows.len(), "ML project", "ML projects"), context.root);
        writeln!(out, "{}", super::matrix::text(&paint(context.color, "1", &title), &rows, context.width))?;
    }
    let mut explained = std::collections::HashSet::new();
    for finding in &assessment.findings {
        if !explained.insert(finding.code.as_str()) && !context.verbose {
            continue;
        }
        let help = match first_sentence(&finding.rationale) {
            "" => finding.help.to_string(),
            why => format!("{}\nwhy: {why}", finding.help),
        };
        let excerpt = finding.excerpt.as_ref().map(|e| fit::Fitted::new(e, context.width, finding.label.as_deref()));
        let mut text = String::new();
        handler
            .render_report(&mut text, &Shown { finding, help, excerpt })
            .map_err(|_| io::Error::other("could not format a finding"))?;
        writeln!(out, "{}", text.trim_end())?;
        // The rule's page, where the link fits on its line; else the command that
        // shows the same page. A link is never broken across lines.
        if let Some(url) = &finding.url {
            match DOCS.len() + url.chars().count() <= context.width {
                true => writeln!(out, "{DOCS}{url}")?,
                false => writeln!(out, "{DOCS}`mlready explain {}`", finding.code)?,
            }
        }
        let others = &by_code[finding.code.as_str()][1..];
        if !context.verbose && !others.is_empty() {
            writeln!(out, "  {} more {}:", others.len(), finding.code)?;
            let wrap = textwrap::Options::new(context.width.max(20)).initial_indent("    ").subsequent_indent("      ");
            for other in others.iter().take(MORE_LISTED) {
                let line = format!("{} {}", super::position(other), other.message);
                writeln!(out, "{}", textwrap::fill(&line, &wrap))?;
            }
            if others.len() > MORE_LISTED {
                writeln!(out, "    ... and {} more (`--verbose` shows each in full)", others.len() - MORE_LISTED)?;
            }
        }
        writeln!(out)?;
    }
    if context.quiet {
        return Ok(());
    }
    table(context, assessment, out)
}

const RESET: &str = "\x1b[0m";

fn paint(color: bool, code: &str, text: &str) -> String {
    if color { format!("\x1b[{code}m{text}{RESET}") } else { text.to_string() }
}

fn table(context: &Context, assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let c = context.color;
    // A long root keeps its end (the folder's own name) to fit the terminal.
    let title = "Production readiness of ";
    let room = context.width.saturating_sub(title.len()).max(12);
    let root_len = context.root.chars().count();
    let root = match root_len > room {
        true => format!("…{}", context.root.chars().skip(root_len + 1 - room).collect::<String>()),
        false => context.root.clone(),
    };
    writeln!(out, "{}", paint(c, "1", &format!("{title}{root}")))?;
    for verdict in &assessment.verdicts {
        let (code, mark) = match verdict.status {
            Status::Present => ("32", "✓"),
            Status::Partial => ("33", "~"),
            Status::Missing => ("31", "✗"),
            Status::NotApplicable => ("2", "-"),
            Status::NotChecked => ("2", "?"),
        };
        let status = paint(c, code, &format!("{mark} {:<14}", verdict.status.id()));
        let codes = if verdict.codes.is_empty() { String::new() } else { format!(" [{}]", verdict.codes.join(", ")) };
        let detail = match (verdict.status, verdict.evidence.first()) {
            // Reasons are never cut: a not-applicable reason may be the user's own words.
            (Status::NotApplicable | Status::Missing | Status::NotChecked, _) => {
                format!("{}{codes}", verdict.reason.as_deref().unwrap_or_default())
            }
            // A partial verdict says how partial, when its rules can count.
            (Status::Partial, _) if !verdict.coverage.is_empty() => {
                format!("{}{codes}", verdict.reason.as_deref().unwrap_or_default())
            }
            // Codes first: the evidence after them may be shortened to fit, never the count
            // of further evidence (it says how far the verdict reaches).
            (_, Some(first)) => {
                let (place, what) = evidence_parts(first);
                let more = super::more(verdict.evidence_total, verdict.evidence_complete);
                let codes = codes.trim_start();
                if codes.is_empty() {
                    fit_evidence(&place, what, &more, context.width, TABLE_INDENT)
                } else {
                    // The codes are never cut: the evidence fits in what they leave.
                    let used = TABLE_INDENT + codes.chars().count() + 1;
                    format!("{codes} {}", fit_evidence(&place, what, &more, context.width, used))
                }
            }
            (_, None) => codes,
        };
        // In pull-request mode, `*` marks the ingredients whose evidence the change touched.
        let mark = if verdict.evidence_changed == Some(true) { "*" } else { " " };
        // A reason is never cut, but wraps under itself to stay within the terminal.
        let room = context.width.saturating_sub(TABLE_INDENT).max(20);
        let mut lines = textwrap::wrap(&detail, room).into_iter();
        let first = lines.next().unwrap_or_default();
        writeln!(out, " {mark}{:<16} {status} {first}", verdict.ingredient.id())?;
        for line in lines {
            writeln!(out, "{:TABLE_INDENT$}{line}", "")?;
        }
    }
    if !assessment.facts.is_empty() {
        writeln!(out, "{}", paint(c, "1", "Facts"))?;
        for fact in &assessment.facts {
            let (place, what) = fact.evidence.first().map(evidence_parts).unwrap_or_default();
            let more = super::more(fact.evidence_total, fact.evidence_complete);
            writeln!(out, "  {:<31} {}", fact.title, fit_evidence(&place, what, &more, context.width, 34))?;
        }
    }
    writeln!(out)?;
    // Sentences wrap at the terminal's width, breaking only between words.
    let sentence = textwrap::Options::new(context.width.max(20)).break_words(false);
    if let Some(line) = super::changes_sentence(assessment) {
        writeln!(out, "{}", textwrap::fill(&line, &sentence))?;
    }
    if let Some(line) = super::baseline_sentence(assessment) {
        writeln!(out, "{}", textwrap::fill(&line, &sentence))?;
    }
    if assessment.files_skipped > 0 {
        let (n, verb) = if assessment.files_skipped == 1 {
            ("1 file".to_string(), "was")
        } else {
            (format!("{} files", assessment.files_skipped), "were")
        };
        let note = format!(
            "note: {n} that rules wanted to read {verb} skipped (binary, too large or not UTF-8); `--verbose` lists them"
        );
        writeln!(out, "{}", textwrap::fill(&note, &sentence))?;
    }
    writeln!(out, "{}", textwrap::fill(&Counts::of(assessment).sentence(assessment.suppressed), &sentence))
}

/// Columns before a verdict's detail: mark, ingredient, status.
const TABLE_INDENT: usize = 36;

/// `place what tail` on a line with `used` columns before it, fitted to
/// `width`: what the evidence is gets shortened first, then the start of its
/// path; where it is (file and line) and how much more there is stay.
fn fit_evidence(place: &str, what: &str, tail: &str, width: usize, used: usize) -> String {
    let room = width.saturating_sub(used).max(24);
    let (place_len, what_len, tail_len) = (place.chars().count(), what.chars().count(), tail.chars().count());
    if place_len + 1 + what_len + tail_len <= room {
        return format!("{place} {what}{tail}");
    }
    // Room for the description after the place and the tail, if a few words fit.
    let left = room.saturating_sub(place_len + 1 + tail_len);
    if left >= 8 {
        let cut: String = what.chars().take(left - 1).collect();
        return format!("{place} {}…{tail}", cut.trim_end());
    }
    // Only the place fits: keep its end (the file name and line).
    let keep = room.saturating_sub(tail_len + 1).max(12).min(place_len);
    let end: String = place.chars().skip(place_len - keep).collect();
    let end = if keep < place_len { format!("…{end}") } else { end };
    format!("{end}{tail}")
}

/// The first sentence of a paragraph: the terminal shows why in one line, `explain` shows the rest.
fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    match text.find(". ") {
        Some(end) => &text[..=end],
        None => text,
    }
}

/// Where a piece of evidence is, and what it is.
fn evidence_parts(e: &crate::findings::Evidence) -> (String, &str) {
    let place = match (e.line, e.cell) {
        (Some(line), Some(cell)) => format!("{}:{line} (cell {cell})", e.path),
        (Some(line), None) => format!("{}:{line}", e.path),
        _ => e.path.clone(),
    };
    (place, &e.detail)
}

#[cfg(test)]
mod fitting_tests {
    use super::fit_evidence;

    #[test]
    fn the_count_of_more_evidence_is_never_cut() {
        // Everything fits.
        let wide = fit_evidence("src/pkg/train.py:12", "sets a seed", " (+3 more)", 100, 35);
        assert_eq!(wide, "src/pkg/train.py:12 sets a seed (+3 more)");
        // The description is shortened first.
        let middle = fit_evidence("train.py:12", "sets a seed: random_state=SEED", " (+3 more)", 72, 35);
        assert_eq!(middle, "train.py:12 sets a seed: r… (+3 more)");
        // Then it goes, and the place stays whole while it fits.
        let place = fit_evidence("src/pkg/train.py:12", "sets a seed", " (+ at least 31 more)", 80, 35);
        assert_eq!(place, "src/pkg/train.py:12 (+ at least 31 more)");
        // A long place keeps its end: the file name and line.
        let deep = fit_evidence("projects/ads-data-137/src/pkg0/module_0.py:67", "sets", " (+3 more)", 70, 35);
        assert_eq!(deep, "…/src/pkg0/module_0.py:67 (+3 more)");
        assert_eq!(deep.chars().count(), 35);
    }
}

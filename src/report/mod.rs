//! Rendering an assessment: for people (`human`, `concise`) and for tools
//! (`json`). Every format carries the findings and the ingredient verdicts.

pub mod concise;
pub mod escape;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod matrix;
pub mod organisation;
pub mod sarif;

use crate::findings::Assessment;
use crate::rules::Severity;
use std::io::{self, Write};

/// Output formats of `mlready lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Rich diagnostics with source snippets, then the ingredient table.
    Human,
    /// One line per finding, then one line of verdicts.
    Concise,
    /// The documented, stable JSON document.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations), plus the step summary.
    Github,
    /// The readiness report as a Markdown document.
    Markdown,
    /// A GitLab Code Quality report.
    Gitlab,
    /// JUnit XML, for CI systems' test reports.
    Junit,
}

impl Format {
    /// Every format's id.
    pub const IDS: &[&str] = &["human", "concise", "json", "sarif", "github", "gitlab", "junit", "markdown"];

    /// The format with this id.
    pub fn from_id(id: &str) -> Option<Format> {
        match id {
            "human" => Some(Format::Human),
            "concise" => Some(Format::Concise),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            "github" => Some(Format::Github),
            "markdown" => Some(Format::Markdown),
            "gitlab" => Some(Format::Gitlab),
            "junit" => Some(Format::Junit),
            _ => None,
        }
    }
}

/// What a report is about.
#[derive(Debug, Clone)]
pub struct Context {
    /// The linted root as shown to the user.
    pub root: String,
    /// The linted root, absolute and canonical.
    pub root_abs: String,
    /// Whether to use ANSI colours.
    pub color: bool,
    /// Terminal width for wrapping (human format).
    pub width: usize,
    /// Documentation of every rule (SARIF lists them all).
    pub rules: Vec<crate::rules::docs::RuleDoc>,
    /// A top-level file to place repository-level findings on, for formats that need a file (SARIF).
    pub root_anchor: Option<String>,
    /// The linted root's path from the top of its git repository (`""` at the top, else
    /// `"sub/dir/"`), or `None` outside git. Formats a platform resolves from the top of
    /// the repository (github, sarif) write paths from there.
    pub top_prefix: Option<String>,
    /// `--verbose`: the human format repeats each rule's help with every finding.
    pub verbose: bool,
    /// `--quiet`: the findings and nothing else (no verdict table, no counts).
    pub quiet: bool,
}

impl Context {
    /// A path relative to the linted root, from the repository's top instead
    /// (a platform file at the top, `/.github/CODEOWNERS`, is there already).
    pub fn from_top(&self, path: &str) -> String {
        match path.strip_prefix('/') {
            Some(at_top) => at_top.to_string(),
            None => format!("{}{path}", self.top_prefix.as_deref().unwrap_or("")),
        }
    }

    /// The top of the repository, absolute (the linted root outside git).
    pub fn top_abs(&self) -> String {
        let depth = self.top_prefix.as_deref().unwrap_or("").split('/').filter(|p| !p.is_empty()).count();
        let root = std::path::Path::new(&self.root_abs);
        root.ancestors().nth(depth).unwrap_or(root).display().to_string()
    }
}

/// How a finding about the repository as a whole says so.
pub fn root_note(_context: &Context) -> &'static str {
    " (repository root)"
}

/// Render `assessment` in `format` to `out`. What came from the repository
/// is escaped for where it is printed (see [`escape`]): JSON and SARIF by
/// their syntax; the other formats show control characters as escapes, and
/// the line-oriented ones never print a line GitHub's runner would take for
/// a workflow command.
pub fn render(format: Format, context: &Context, assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => return json::render(context, assessment, out),
        Format::Sarif => return sarif::render(context, assessment, out),
        Format::Gitlab => return gitlab::render(context, assessment, out),
        Format::Junit => return junit::render(context, assessment, out),
        _ => {}
    }
    // Annotations name files as they are (GitHub finds them by path); their own
    // escaping keeps a path on its line, and their messages are escaped there.
    if format == Format::Github {
        return github::render(context, assessment, out);
    }
    let shown = escape::for_display(assessment);
    let mut guarded = escape::LineGuard::new(out);
    match format {
        Format::Human => human::render(context, &shown, &mut guarded)?,
        Format::Concise => concise::render(&shown, context.quiet, &mut guarded)?,
        _ => markdown::render(context, &shown, &mut guarded)?,
    }
    guarded.finish()
}

/// Write `value` as pretty JSON, with the (empty) array at the path `at`
/// (object keys, or array indexes as text) filled from `items` as it is
/// written: a report with a hundred thousand findings holds one at a time.
pub fn write_spliced<'a>(
    out: &mut dyn Write,
    value: &'a serde_json::Value,
    at: &'a [&'a str],
    items: &'a dyn Fn() -> Box<dyn Iterator<Item = serde_json::Value> + 'a>,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Spliced { value, at, items })?;
    writeln!(out)
}

struct Spliced<'a> {
    value: &'a serde_json::Value,
    at: &'a [&'a str],
    items: &'a dyn Fn() -> Box<dyn Iterator<Item = serde_json::Value> + 'a>,
}

impl serde::Serialize for Spliced<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        use serde_json::Value;
        let Some((step, rest)) = self.at.split_first() else {
            return serializer.collect_seq((self.items)());
        };
        let inner = |value| Spliced { value, at: rest, items: self.items };
        match self.value {
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (key, value) in map {
                    match key == step {
                        true => out.serialize_entry(key, &inner(value))?,
                        false => out.serialize_entry(key, value)?,
                    }
                }
                out.end()
            }
            Value::Array(list) => {
                let mut out = serializer.serialize_seq(Some(list.len()))?;
                for (index, value) in list.iter().enumerate() {
                    match index.to_string() == *step {
                        true => out.serialize_element(&inner(value))?,
                        false => out.serialize_element(value)?,
                    }
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Errors.
    pub error: usize,
    /// Warnings.
    pub warning: usize,
    /// Infos.
    pub info: usize,
}

impl Counts {
    /// Count the findings of an assessment.
    pub fn of(assessment: &Assessment) -> Counts {
        let mut counts = Counts::default();
        for f in &assessment.findings {
            match f.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }

    /// All findings.
    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }

    /// "3 findings: 1 error, 2 warnings" / "No findings".
    pub fn sentence(&self, suppressed: usize) -> String {
        let plural = counted;
        let mut text = if self.total() == 0 {
            "No findings".to_string()
        } else {
            let mut parts = Vec::new();
            if self.error > 0 {
                parts.push(plural(self.error, "error", "errors"));
            }
            if self.warning > 0 {
                parts.push(plural(self.warning, "warning", "warnings"));
            }
            if self.info > 0 {
                parts.push(plural(self.info, "info", "infos"));
            }
            format!("{}: {}", plural(self.total(), "finding", "findings"), parts.join(", "))
        };
        if suppressed > 0 {
            text.push_str(&format!(" ({suppressed} suppressed)"));
        }
        text.push('.');
        text
    }
}

/// "1 finding" / "2 findings": a count and the noun that agrees with it.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line about pull-request mode, for people.
pub fn changes_sentence(assessment: &Assessment) -> Option<String> {
    let c = assessment.changes.as_ref()?;
    let base = match &c.merge_base {
        Some(sha) => format!("merge base {}", sha.chars().take(12).collect::<String>()),
        None => "no commits yet".to_string(),
    };
    let plural = |n: usize, one: &str| counted(n, one, &format!("{one}s"));
    // The rest are the repository's as it was: say how to see them.
    let rest = if c.hidden == 0 { "" } else { " (`mlready lint` without `--changed-since` shows them)" };
    Some(format!(
        "Changes since {} ({base}): {} changed, {} deleted; {} outside the changes not shown{rest}.",
        c.reference,
        plural(c.changed, "file"),
        plural(c.deleted, "file"),
        plural(c.hidden, "finding"),
    ))
}

/// One line about the baseline, for people.
pub fn baseline_sentence(assessment: &Assessment) -> Option<String> {
    let b = assessment.baseline.as_ref()?;
    let mut line = format!(
        "{} finding{} recorded in the baseline {} not shown",
        b.matched,
        if b.matched == 1 { "" } else { "s" },
        if b.matched == 1 { "is" } else { "are" }
    );
    if !b.fixed.is_empty() {
        line.push_str(&format!(
            "; {} baseline entr{} fixed: rewrite the baseline with --write-baseline to shrink it",
            b.fixed.len(),
            if b.fixed.len() == 1 { "y is" } else { "ies are" }
        ));
    }
    line.push('.');
    Some(line)
}

/// `--statistics`: how many findings each rule has, most first (ruff's form:
/// count, code, name), then the total.
pub fn statistics(assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: Vec<(usize, &str, &str)> = Vec::new();
    for finding in &assessment.findings {
        match counts.iter_mut().find(|(_, code, _)| *code == finding.code) {
            Some(entry) => entry.0 += 1,
            None => counts.push((1, &finding.code, &finding.name)),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let width = counts.iter().map(|c| c.0.to_string().len()).max().unwrap_or(1);
    for (count, code, name) in &counts {
        writeln!(out, "{count:>width$}\t{code}\t{name}")?;
    }
    writeln!(out, "{}", Counts::of(assessment).sentence(assessment.suppressed))
}

/// A finding's location for line-oriented output: always `path:line:col`, which problem matchers and errorformat parse: a
/// finding about a whole file is at `1:1`, one about the repository at `.:1:1`.
pub fn position(finding: &crate::findings::Finding) -> String {
    let (line, column) = finding.location.as_ref().map_or((1, 1), |loc| (loc.line, loc.column));
    format!("{}:{line}:{column}", finding.path.as_deref().unwrap_or("."))
}

/// " (+4 more)" after the first evidence item of `total`; " (+ at least 31 more)"
/// when counting stopped early; nothing for a single item.
pub fn more(total: usize, complete: bool) -> String {
    match (total, complete) {
        (0 | 1, true) => String::new(),
        (_, true) => format!(" (+{} more)", total - 1),
        (_, false) => format!(" (+ at least {} more)", total.saturating_sub(1)),
    }
}

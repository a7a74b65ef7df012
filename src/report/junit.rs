//! `--format junit`: JUnit XML, which CI systems (GitLab, Jenkins, Azure
//! Pipelines, CircleCI) show as test results. As ruff does: one test suite
//! per file (paths from the repository's top), one failing test case per finding; findings about the
//! repository as a whole are in a suite named `.`; a run without findings is
//! one passing case.

use super::Context;
use crate::findings::{Assessment, Finding};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// `text` escaped for XML attribute values and text: the five markup
/// characters, and the control characters XML 1.0 cannot hold at all
/// (shown as `\u{1b}`, as the other formats do).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || ('\u{7f}'..='\u{9f}').contains(&c) || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

fn case(out: &mut dyn Write, path: &str, finding: &Finding) -> io::Result<()> {
    let line = finding.location.as_ref().map_or(1, |l| l.line);
    let column = finding.location.as_ref().map_or(1, |l| l.column);
    writeln!(
        out,
        "    <testcase name=\"{} {}\" classname=\"{}\" file=\"{}\" line=\"{line}\">",
        escape(&finding.code),
        escape(&finding.name),
        escape(path),
        escape(path)
    )?;
    writeln!(
        out,
        "      <failure message=\"{}\" type=\"{}\">{path}:{line}:{column}: {}&#10;&#10;Fix: {}</failure>",
        escape(&finding.message),
        escape(finding.severity.id()),
        escape(&finding.message),
        escape(&finding.help),
        path = escape(path),
    )?;
    writeln!(out, "    </testcase>")
}

/// Render JUnit XML.
pub fn render(context: &Context, assessment: &Assessment, out: &mut dyn Write) -> io::Result<()> {
    // CI systems show files from the repository's top, also when a subfolder is linted.
    let mut by_file: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for finding in &assessment.findings {
        let path = finding.path.as_deref().map_or_else(|| ".".to_string(), |p| context.from_top(p));
        by_file.entry(path).or_default().push(finding);
    }
    let total = assessment.findings.len().max(1);
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"mlready\" tests=\"{total}\" failures=\"{}\" errors=\"0\">",
        assessment.findings.len()
    )?;
    if by_file.is_empty() {
        writeln!(out, "  <testsuite name=\"mlready\" tests=\"1\" failures=\"0\" errors=\"0\">")?;
        writeln!(out, "    <testcase name=\"No findings\" classname=\"mlready\"/>")?;
        writeln!(out, "  </testsuite>")?;
    }
    for (path, findings) in &by_file {
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">",
            escape(path),
            n = findings.len()
        )?;
        for finding in findings {
            case(out, path, finding)?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_controls_are_escaped() {
        assert_eq!(escape("a<b>&\"c'\n\u{1b}]0;x\u{7}"), "a&lt;b&gt;&amp;&quot;c&apos;&#10;\\u{1b}]0;x\\u{7}");
    }
}

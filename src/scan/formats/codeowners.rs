//! CODEOWNERS, parsed with the platforms' own semantics.
//!
//! GitHub: gitignore-like patterns (a leading or inner `/` anchors to the
//! repository root, otherwise a pattern matches at any depth; `dir/` matches
//! everything below; `docs/*` only the files directly in `docs`), the last
//! matching line wins, and a line without owners removes ownership. No `!`
//! negation, no `[...]` ranges, no `\` escapes.
//!
//! GitLab adds sections (`[Section]`, `^[Optional]`, `[Section][2]`) with
//! default owners for their lines; within a section the last match wins, and
//! a file is owned if any section owns it. `\#` and `\ ` escapes are allowed.
//! A file with section headers is read as GitLab's dialect.

use crate::scan::fs::walk::compile_glob;
use globset::GlobMatcher;
use std::ops::Range;

/// Where GitHub looks, in order; the first that exists is used.
pub const GITHUB_LOCATIONS: &[&str] = &[".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];
/// Where GitLab looks, in order; the first that exists is used.
pub const GITLAB_LOCATIONS: &[&str] = &["CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"];

/// One rule line.
#[derive(Debug, Clone)]
pub struct OwnerRule {
    /// 1-based line.
    pub line: usize,
    /// The pattern as written.
    pub pattern: String,
    /// Owners (after GitLab section defaults); empty means "no owner".
    pub owners: Vec<String>,
    /// Index of the section (0 for lines before any section header).
    pub section: usize,
    matchers: Vec<GlobMatcher>,
}

/// A line that GitHub or GitLab would reject or misread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line.
    pub line: usize,
    /// Byte range in the file of the offending part.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
}

/// A parsed CODEOWNERS file.
#[derive(Debug, Clone, Default)]
pub struct CodeOwners {
    /// Rule lines, in file order.
    pub rules: Vec<OwnerRule>,
    /// Lines the platform would reject.
    pub errors: Vec<LineError>,
    /// Whether the file uses GitLab sections.
    pub gitlab: bool,
}

impl CodeOwners {
    /// Parse CODEOWNERS text.
    pub fn parse(text: &str) -> CodeOwners {
        let gitlab = text.lines().any(|l| section_header(l.trim()).is_some());
        let mut out = CodeOwners { gitlab, ..Default::default() };
        let mut section = 0usize;
        let mut section_owners: Vec<String> = Vec::new();
        let mut offset = 0usize;
        for (index, raw) in text.split_inclusive('\n').enumerate() {
            let line_no = index + 1;
            let line_start = offset;
            offset += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let lead = line.len() - line.trim_start().len();
            if gitlab && (trimmed.starts_with('[') || trimmed.starts_with("^[")) {
                match section_header(trimmed) {
                    Some(owners) => {
                        section += 1;
                        section_owners = owners.iter().map(|o| o.to_string()).collect();
                        for owner in &owners {
                            if !valid_owner(owner, true) {
                                out.errors.push(error_at(line_no, line, line_start, owner, format!("`{owner}` is not an owner: use @user, @group, @@role or an e-mail address")));
                            }
                        }
                    }
                    None => out.errors.push(LineError {
                        line: line_no,
                        span: line_start + lead..line_start + line.len(),
                        message: "malformed section header: write `[Section name]`, optionally `^[...]` or `[...][N]`, then default owners".into(),
                    }),
                }
                continue;
            }
            // GitHub reads ` #` as the start of a comment; GitLab reads owners inside comments.
            let content = if gitlab { line } else { line.split(" #").next().unwrap_or(line) };
            let tokens = split_tokens(content, gitlab);
            let Some((pattern, pattern_range)) = tokens.first().cloned() else { continue };
            let owners: Vec<String> = tokens[1..].iter().map(|(t, _)| t.clone()).collect();
            let span_of = |r: &Range<usize>| line_start + r.start..line_start + r.end;
            let mut bad = None;
            if pattern.starts_with('@') {
                bad = Some("the line starts with an owner: a path pattern must come first".to_string());
            } else if pattern.starts_with('!') {
                bad = Some("`!` negation is not supported in CODEOWNERS: a later line without owners removes ownership instead".into());
            } else if !gitlab && pattern.contains(['[', ']']) {
                bad = Some("`[...]` character ranges are not supported by GitHub CODEOWNERS".into());
            } else if !gitlab && pattern.contains('\\') {
                bad = Some("`\\` escapes are not supported by GitHub CODEOWNERS".into());
            }
            let matchers = if bad.is_none() {
                match pattern_matchers(&pattern) {
                    Ok(m) => m,
                    Err(e) => {
                        bad = Some(format!("invalid pattern: {e}"));
                        Vec::new()
                    }
                }
            } else {
                Vec::new()
            };
            if let Some(message) = bad {
                out.errors.push(LineError { line: line_no, span: span_of(&pattern_range), message });
                continue;
            }
            // GitHub skips a line with an invalid owner entirely: it assigns nothing.
            let errors_before = out.errors.len();
            for (owner, range) in &tokens[1..] {
                if !valid_owner(owner, gitlab) {
                    out.errors.push(LineError {
                        line: line_no,
                        span: span_of(range),
                        message: format!("`{owner}` is not an owner: use @user, @org/team or an e-mail address"),
                    });
                }
            }
            if out.errors.len() > errors_before {
                continue;
            }
            let owners = if owners.is_empty() && gitlab { section_owners.clone() } else { owners };
            out.rules.push(OwnerRule { line: line_no, pattern, owners, section, matchers });
        }
        out
    }

    /// The owners of a path (relative to the repository's top), or `None`
    /// when no rule gives it an owner.
    pub fn owners_of(&self, path: &str) -> Option<Vec<String>> {
        // Within a section the last matching line wins. Sections only grow down the file, so one
        // pass from the end finds every section's winner: a pass per section was quadratic, and a
        // GitLab file of many one-line sections took seconds (180 KB) to minutes per path.
        let mut winners: Vec<&OwnerRule> = Vec::new();
        let mut decided: Option<usize> = None;
        for rule in self.rules.iter().rev() {
            if decided == Some(rule.section) || !rule.matchers.iter().any(|m| m.is_match(path)) {
                continue;
            }
            decided = Some(rule.section);
            winners.push(rule);
            if !self.gitlab {
                break;
            }
        }
        let owners: Vec<String> = winners.iter().rev().flat_map(|r| r.owners.iter().cloned()).collect();
        (!owners.is_empty()).then_some(owners)
    }
}

/// Owners of a GitLab section header line, or `None` if it is malformed.
fn section_header(line: &str) -> Option<Vec<&str>> {
    let rest = line.strip_prefix('^').unwrap_or(line);
    let rest = rest.strip_prefix('[')?;
    let close = rest.find(']')?;
    if rest[..close].trim().is_empty() {
        return None;
    }
    let mut rest = &rest[close + 1..];
    if let Some(approvals) = rest.strip_prefix('[') {
        let close = approvals.find(']')?;
        if !approvals[..close].chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        rest = &approvals[close + 1..];
    }
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(rest.split_whitespace().collect())
}

fn valid_owner(owner: &str, gitlab: bool) -> bool {
    let handle =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if let Some(role) = owner.strip_prefix("@@") {
        return gitlab && handle(role);
    }
    if let Some(name) = owner.strip_prefix('@') {
        return handle(name) && !name.starts_with('/') && !name.ends_with('/');
    }
    match owner.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !domain.starts_with('.'),
        None => false,
    }
}

/// Split a line into whitespace-separated tokens with their byte ranges;
/// GitLab allows `\ ` inside a pattern.
fn split_tokens(line: &str, gitlab: bool) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(start, _)) = chars.peek() {
        if chars.next_if(|(_, c)| c.is_ascii_whitespace()).is_some() {
            continue;
        }
        let mut token = String::new();
        let mut end = start;
        while let Some((at, c)) = chars.next_if(|(_, c)| !c.is_ascii_whitespace()) {
            end = at + c.len_utf8();
            // GitLab: `\ ` and `\#` escape the next character, whatever it is.
            if gitlab
                && c == '\\'
                && let Some((at, escaped)) = chars.next()
            {
                token.push(escaped);
                end = at + escaped.len_utf8();
                continue;
            }
            token.push(c);
        }
        out.push((token, start..end));
    }
    out
}

/// Globs for a CODEOWNERS pattern: the path itself, and everything below it when it names a folder.
fn pattern_matchers(pattern: &str) -> Result<Vec<GlobMatcher>, String> {
    let dir_only = pattern.ends_with('/');
    let trimmed = pattern.trim_end_matches('/');
    if trimmed.is_empty() {
        return Err("empty pattern".into());
    }
    let anchored = trimmed.starts_with('/') || trimmed.contains('/');
    let relative = trimmed.trim_start_matches('/');
    let base = if anchored { relative.to_string() } else { format!("**/{relative}") };
    let mut globs = Vec::new();
    if !dir_only {
        globs.push(base.clone());
    }
    // `docs/*` owns the files directly in docs, not its subfolders (GitHub's documented example).
    if !relative.ends_with("/*") && relative != "*" {
        globs.push(format!("{base}/**"));
    } else if relative == "*" {
        globs.push("**".to_string());
    }
    globs.iter().map(|g| compile_glob(g).map(|g| g.compile_matcher())).collect()
}

fn error_at(line_no: usize, line: &str, line_start: usize, needle: &str, message: String) -> LineError {
    let at = line.find(needle).unwrap_or(0);
    LineError { line: line_no, span: line_start + at..line_start + at + needle.len(), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners(text: &str, path: &str) -> Option<Vec<String>> {
        CodeOwners::parse(text).owners_of(path)
    }

    #[test]
    fn github_patterns_last_match_wins_and_unowning() {
        let text = "# comment\n*       @acme/all\n*.py    @acme/python  # inline comment\n/training/ @acme/ml\ndocs/*  docs@acme.com\nserving/generated\napps/   @octocat\n";
        assert_eq!(owners(text, "README.md"), Some(vec!["@acme/all".into()]));
        assert_eq!(owners(text, "lib/x.py"), Some(vec!["@acme/python".into()]));
        assert_eq!(owners(text, "training/deep/train.py"), Some(vec!["@acme/ml".into()]));
        assert_eq!(owners(text, "docs/a.md"), Some(vec!["docs@acme.com".into()]));
        assert_eq!(owners(text, "docs/sub/a.md"), Some(vec!["@acme/all".into()]), "docs/* is not recursive");
        assert_eq!(owners(text, "serving/generated/client.py"), None, "a pattern without owners unowns");
        assert_eq!(owners(text, "x/apps/y/z.js"), Some(vec!["@octocat".into()]), "apps/ matches at any depth");
        assert!(CodeOwners::parse(text).errors.is_empty());
    }

    #[test]
    fn unanchored_and_anchored_paths() {
        let text = "/build/logs/ @a\nlogs @b\n";
        assert_eq!(owners(text, "build/logs/x"), Some(vec!["@b".into()]), "last match wins");
        assert_eq!(owners(text, "deep/logs/x"), Some(vec!["@b".into()]));
        assert_eq!(owners("/build/logs/ @a\n", "deep/build/logs/x"), None);
    }

    #[test]
    fn malformed_lines_are_errors_at_their_line() {
        let text = "*.py ml-team\n!secret/ @a\n[abc] @b\n@owner-first\n/ok/ @good\n";
        let parsed = CodeOwners::parse(text);
        let lines: Vec<usize> = parsed.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 4], "{:?}", parsed.errors);
        assert_eq!(&text[parsed.errors[0].span.clone()], "ml-team");
        assert_eq!(parsed.owners_of("src/x.py"), None, "a line with an invalid owner assigns nothing");
        assert!(parsed.gitlab, "a [Section] header reads the file as GitLab's dialect");
    }

    #[test]
    fn github_rejects_ranges_and_escapes() {
        let parsed = CodeOwners::parse("data/[ab].csv @a\nwith\\ space @b\n");
        assert_eq!(parsed.errors.len(), 2, "{:?}", parsed.errors);
        assert_eq!(parsed.errors[0].line, 1);
    }

    #[test]
    fn gitlab_sections_default_owners_and_union() {
        let text = "* @all\n\n[Models] @ml-team\n/training/\n/serving/ @sre\n\n^[Docs][2] @docs\n*.md\n[Broken\n";
        let parsed = CodeOwners::parse(text);
        assert!(parsed.gitlab);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].line, 9);
        assert_eq!(parsed.owners_of("training/a.py"), Some(vec!["@all".into(), "@ml-team".into()]));
        assert_eq!(parsed.owners_of("serving/a.py"), Some(vec!["@all".into(), "@sre".into()]));
        assert_eq!(
            parsed.owners_of("training/README.md"),
            Some(vec!["@all".into(), "@ml-team".into(), "@docs".into()])
        );
    }

    /// Within a section the last matching line wins; sections keep file order (one pass from the
    /// end: a pass per section was quadratic, found by fuzzing).
    #[test]
    fn the_last_match_of_each_section_in_file_order() {
        let text = "[A] @a\n/src/ @a1\n/src/x/ @a2\n[B] @b\n/src/x/ @b1\n/docs/ @b2\n[C] @c\n/src/x/y/ @c1\n";
        let parsed = CodeOwners::parse(text);
        assert_eq!(parsed.owners_of("src/x/y/z.py"), Some(vec!["@a2".into(), "@b1".into(), "@c1".into()]));
        assert_eq!(parsed.owners_of("src/x/z.py"), Some(vec!["@a2".into(), "@b1".into()]));
        assert_eq!(parsed.owners_of("src/z.py"), Some(vec!["@a1".into()]));
        assert_eq!(parsed.owners_of("other.py"), None);
        let many: String = (0..2_000).map(|i| format!("[s{i}] @t\n/m{}/ @o{i}\n", i % 3)).collect();
        let parsed = CodeOwners::parse(&many);
        assert_eq!(parsed.owners_of("m1/a.py").map(|o| o.len()), Some(667));
    }
}

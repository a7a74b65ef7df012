//! The links of README.md and docs/ lead somewhere. README.md is also the
//! package's page on PyPI and crates.io, which do not resolve a relative link:
//! its links into the repository are absolute (to the repository on GitHub),
//! and each names a file that exists and, after `#`, a heading in it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Where README's absolute links into this repository start.
const REPOSITORY: &str = "https://github.com/mlready/mlready/blob/main/";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The targets of the Markdown links `[text](target)` outside code blocks
/// and code spans.
fn links(markdown: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Code spans hold examples, not links.
        let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            found.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    found
}

/// GitHub's anchor for a heading: lower case, punctuation other than `-` and
/// `_` dropped, each space a `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings (GitHub numbers repeats `-1`, `-2`, ...).
fn anchors(markdown: &str) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if fenced || !line.starts_with('#') {
            continue;
        }
        let base = slug(line.trim_start_matches('#'));
        let mut anchor = base.clone();
        let mut n = 0;
        while !seen.insert(anchor.clone()) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
    }
    seen
}

/// Checks that `target` (a path from the repository's root, maybe with
/// `#anchor`) names a file that exists and a heading in it.
fn check(target: &str, from: &str, problems: &mut Vec<String>) {
    let (path, anchor) = target.split_once('#').map_or((target, None), |(p, a)| (p, Some(a)));
    let file = root().join(path);
    if !file.exists() {
        problems.push(format!("{from}: {target}: no such file"));
        return;
    }
    if let Some(anchor) = anchor.filter(|_| path.ends_with(".md")) {
        let text = std::fs::read_to_string(&file).unwrap();
        if !anchors(&text).contains(anchor) {
            problems.push(format!("{from}: {target}: no heading with that anchor"));
        }
    }
}

#[test]
fn readme_links_are_absolute_and_resolve() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let own = anchors(&readme);
    let mut problems = Vec::new();
    for target in links(&readme) {
        if let Some(anchor) = target.strip_prefix('#') {
            if !own.contains(anchor) {
                problems.push(format!("README.md: {target}: no heading with that anchor"));
            }
        } else if let Some(path) = target.strip_prefix(REPOSITORY) {
            check(path, "README.md", &mut problems);
        } else if !target.starts_with("https://") && !target.starts_with("http://") && !target.starts_with("mailto:") {
            problems
                .push(format!("README.md: {target}: relative, so broken on PyPI and crates.io (use {REPOSITORY}...)"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn docs_links_resolve() {
    let mut problems = Vec::new();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.push(root().join("fuzz/README.md"));
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        let name = page.strip_prefix(root()).unwrap().display().to_string();
        let folder = Path::new(&name).parent().unwrap_or(Path::new("")).to_path_buf();
        for target in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            if let Some(anchor) = target.strip_prefix('#') {
                if !anchors(&text).contains(anchor) {
                    problems.push(format!("{name}: {target}: no heading with that anchor"));
                }
                continue;
            }
            // Relative to the page's folder; `..` is resolved by hand, the
            // file system has no say in a link.
            let mut parts: Vec<String> = folder.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            let (path, anchor) = target.split_once('#').map_or((target.as_str(), None), |(p, a)| (p, Some(a)));
            for part in path.split('/') {
                match part {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    part => parts.push(part.to_string()),
                }
            }
            let resolved = match anchor {
                Some(anchor) => format!("{}#{anchor}", parts.join("/")),
                None => parts.join("/"),
            };
            check(&resolved, &name, &mut problems);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

//! `{placeholder}` templates in rule messages, labels and evidence details.
//!
//! `{match}` is the matched text, `{path}` the file, `{size}` its size, and any named capture
//! group of the rule's pattern is available by its name. `{{` and `}}` are
//! literal braces.

use crate::error::{Document, SourceError};
use crate::toml_read::Sp;

/// Placeholders every template may use.
/// `count`, `folders` and `source` are filled in by `owned` rules.
pub const BUILTIN_PLACEHOLDERS: &[&str] = &["match", "path", "size", "count", "folders", "source"];

/// Check that every placeholder of a template is known.
pub fn check(doc: &Document, template: &Sp<String>, captures: &[String]) -> Result<(), SourceError> {
    for (range, name) in placeholders(&template.value) {
        if !BUILTIN_PLACEHOLDERS.contains(&name) && !captures.iter().any(|c| c == name) {
            // +1: the span of a TOML string starts at its opening quote.
            let start = template.span.start + 1 + range.start;
            return Err(SourceError::new(
                doc,
                start..start + range.len(),
                format!("unknown placeholder `{{{name}}}`"),
                "unknown placeholder",
            )
            .with_help("use {match}, {path}, {size}, {count}/{folders}/{source} (owned rules), or a capture group of the rule's pattern"));
        }
    }
    Ok(())
}

fn placeholders(template: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let bytes = template.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' {
            if bytes.get(i + 1) == Some(&b'{') {
                i += 2;
                continue;
            }
            if let Some(close) = template[i..].find('}') {
                out.push((i..i + close + 1, &template[i + 1..i + close]));
                i += close + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A file size for people: "812 B", "48.2 MB", "3.1 GB".
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64;
    let mut unit = "B";
    for u in UNITS {
        if value < 1000.0 {
            break;
        }
        value /= 1000.0;
        unit = u;
    }
    format!("{value:.1} {unit}")
}

/// Fill a template. Unknown placeholders are left as written.
pub fn render(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('{')
            && let Some(close) = tail.find('}')
        {
            let name = &tail[1..close];
            match vars.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => out.push_str(v),
                None => out.push_str(&tail[..=close]),
            }
            rest = &tail[close + 1..];
            continue;
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(48_200_000), "48.2 MB");
        assert_eq!(human_size(20 * 1024 * 1024), "21.0 MB");
    }

    #[test]
    fn renders_known_placeholders_and_escapes() {
        let out = render("`{match}` in {path} {{literal}} {other}", &[("match", "numpy>=1"), ("path", "req.txt")]);
        assert_eq!(out, "`numpy>=1` in req.txt {literal} {other}");
    }
}

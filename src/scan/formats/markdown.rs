//! Markdown structure: front matter, headings and the sections under them.

use crate::scan::formats::lexer::Regions;
use std::ops::Range;

/// A heading and the section it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##` (and setext `---`), up to 6.
    pub level: u8,
    /// The heading's text, without `#` marks.
    pub text: Range<usize>,
    /// The section: from the line after the heading to the next heading of the same or a higher level.
    pub section: Range<usize>,
}

/// The YAML between a leading `---` line and the next `---` (or `...`) line.
pub fn front_matter(text: &str) -> Option<Range<usize>> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let start = first_end + 1;
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some(start..offset);
        }
        offset += line.len();
    }
    None
}

/// The headings of a Markdown text, skipping front matter and anything in
/// `non_prose` (fenced code, HTML comments).
pub fn headings(text: &str, non_prose: &Regions) -> Vec<Heading> {
    let body_start = front_matter(text).map_or(0, |fm| {
        let close = fm.end;
        text[close..].find('\n').map_or(text.len(), |n| close + n + 1)
    });
    let mut found: Vec<(u8, Range<usize>, usize)> = Vec::new(); // level, text, end of heading line
    let mut offset = body_start;
    let mut previous: Option<(Range<usize>, bool)> = None; // (line text span, can be setext title)
    for line in text[body_start..].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        if non_prose.contains(line_start) {
            previous = None;
            continue;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start_matches(' ');
        let indent = content.len() - trimmed.len();
        if indent <= 3 && trimmed.starts_with('#') {
            let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
            let rest = &trimmed[hashes..];
            if hashes <= 6 && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
                let title = rest.trim().trim_end_matches('#').trim_end();
                let title_start = line_start + indent + hashes + (rest.len() - rest.trim_start().len());
                found.push((hashes as u8, title_start..title_start + title.len(), offset));
                previous = None;
                continue;
            }
        }
        let underline = trimmed.trim_end();
        let is_underline = indent <= 3
            && !underline.is_empty()
            && (underline.bytes().all(|b| b == b'=') || underline.bytes().all(|b| b == b'-'));
        if is_underline && let Some((title, true)) = previous.take() {
            let level = if underline.starts_with('=') { 1 } else { 2 };
            found.push((level, title, offset));
            continue;
        }
        let is_paragraph = !trimmed.is_empty()
            && indent <= 3
            && !trimmed.starts_with(['-', '*', '+', '>', '|', '<'])
            && !trimmed.starts_with(|c: char| c.is_ascii_digit());
        previous = if trimmed.is_empty() {
            None
        } else {
            let start = line_start + indent;
            Some((start..start + trimmed.trim_end().len(), is_paragraph))
        };
    }
    let mut out = Vec::with_capacity(found.len());
    for (i, (level, title, body_start)) in found.iter().enumerate() {
        let end = found[i + 1..]
            .iter()
            .find(|(l, _, _)| l <= level)
            .map_or(text.len(), |(_, next_title, _)| line_start_of(text, next_title.start));
        out.push(Heading { level: *level, text: title.clone(), section: *body_start..end.max(*body_start) });
    }
    out
}

fn line_start_of(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |n| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::formats::lexer::markdown_non_prose;

    fn titles(text: &str) -> Vec<(u8, String, String)> {
        headings(text, &markdown_non_prose(text))
            .into_iter()
            .map(|h| (h.level, text[h.text].to_string(), text[h.section].trim().to_string()))
            .collect()
    }

    #[test]
    fn atx_and_setext_headings_with_nested_sections() {
        let text = "---\ntitle: x\n---\n# Model\nintro\n## Metrics ##\nacc 0.9\n### Slices\nf1 0.8\n## Owners\n@ml\nTail\n====\n";
        let t = titles(text);
        assert_eq!(
            t[0],
            (1, "Model".into(), "intro\n## Metrics ##\nacc 0.9\n### Slices\nf1 0.8\n## Owners\n@ml".into())
        );
        assert_eq!(t[1], (2, "Metrics".into(), "acc 0.9\n### Slices\nf1 0.8".into()));
        assert_eq!(t[2], (3, "Slices".into(), "f1 0.8".into()));
        assert_eq!(t[3], (2, "Owners".into(), "@ml".into()));
        assert_eq!(t[4].1, "Tail");
        assert_eq!(t.len(), 5);
    }

    #[test]
    fn fenced_headings_and_hashtags_are_not_headings() {
        let text = "```\n# comment\n```\n#hashtag\n- item\n---\n";
        assert!(titles(text).is_empty());
    }

    #[test]
    fn front_matter_is_found() {
        let text = "---\nlicense: mit\nmodel-index:\n  - name: x\n---\n# Card\n";
        assert_eq!(&text[front_matter(text).unwrap()], "license: mit\nmodel-index:\n  - name: x\n");
        assert!(front_matter("# no\n---\n").is_none());
    }
}

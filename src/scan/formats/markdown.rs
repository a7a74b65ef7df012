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
    // A section ends at the next heading of the same or a higher level: found from the
    // last heading back with a stack of the headings still open, in linear time
    // (a file of a hundred thousand headings must not take quadratic work).
    let mut ends = vec![text.len(); found.len()];
    let mut open: Vec<usize> = Vec::new();
    for i in (0..found.len()).rev() {
        let level = found[i].0;
        while open.last().is_some_and(|&j| found[j].0 > level) {
            open.pop();
        }
        if let Some(&next) = open.last() {
            ends[i] = line_start_of(text, found[next].1.start);
        }
        open.push(i);
    }
    found
        .into_iter()
        .zip(ends)
        .map(|((level, title, body_start), end)| Heading {
            level,
            text: title,
            section: body_start..end.max(body_start),
        })
        .collect()
}

fn line_start_of(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |n| n + 1)
}

/// A GitHub-flavoured Markdown table: a header row, a delimiter row
/// (`|---|:---:|`), then body rows until a blank line or a line without `|`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header cells, trimmed.
    pub header: Vec<Range<usize>>,
    /// The body rows.
    pub rows: Vec<Row>,
    /// From the header row to the end of the last row.
    pub span: Range<usize>,
}

/// One body row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row's line, without its line break.
    pub line: Range<usize>,
    /// Its cells, trimmed, in column order.
    pub cells: Vec<Range<usize>>,
}

/// The tables of a Markdown text, skipping front matter and anything in `non_prose`.
pub fn tables(text: &str, non_prose: &Regions) -> Vec<Table> {
    let body_start =
        front_matter(text).map_or(0, |fm| text[fm.end..].find('\n').map_or(text.len(), |n| fm.end + n + 1));
    let mut lines = Vec::new();
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        lines.push(offset..offset + content.len());
        offset += line.len();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let (head, delimiter) = (&lines[i], &lines[i + 1]);
        let prose = |r: &Range<usize>| !non_prose.contains(r.start);
        if !prose(head) || !text[head.clone()].contains('|') {
            i += 1;
            continue;
        }
        let header = cells(text, head.clone());
        if delimiter_columns(&text[delimiter.clone()]) != Some(header.len()) {
            i += 1;
            continue;
        }
        let mut rows = Vec::new();
        let mut j = i + 2;
        while let Some(line) = lines.get(j).filter(|l| prose(l) && text[(*l).clone()].contains('|')) {
            rows.push(Row { line: line.clone(), cells: cells(text, line.clone()) });
            j += 1;
        }
        let end = rows.last().map_or(delimiter.end, |r| r.line.end);
        out.push(Table { header, rows, span: head.start..end });
        i = j;
    }
    out
}

/// How many columns a delimiter row (`| --- | :---: |`) declares, if it is one.
fn delimiter_columns(line: &str) -> Option<usize> {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    if !trimmed.contains('-') {
        return None;
    }
    let mut count = 0;
    for part in inner.split('|') {
        let part = part.trim();
        let dashes = part.trim_start_matches(':').trim_end_matches(':');
        if dashes.is_empty() || !dashes.bytes().all(|b| b == b'-') {
            return None;
        }
        count += 1;
    }
    Some(count)
}

/// The cells of a table row, trimmed: split on `|` that are not escaped (`\|`),
/// without the optional leading and trailing pipes.
fn cells(text: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let row = &text[line.clone()];
    let mut start = row.len() - row.trim_start().len();
    let mut end = row.trim_end().len();
    if start >= end {
        // A blank line has no cells (and its trimmed start lies past its trimmed end).
        return Vec::new();
    }
    let bytes = row.as_bytes();
    // Pipes that separate cells: not escaped with a backslash.
    let separators: Vec<usize> =
        (start..end).filter(|&at| bytes[at] == b'|' && (at == 0 || bytes[at - 1] != b'\\')).collect();
    let mut inner: &[usize] = &separators;
    if inner.first() == Some(&start) {
        start += 1;
        inner = &inner[1..];
    }
    if end > start && inner.last() == Some(&(end - 1)) {
        end -= 1;
        inner = &inner[..inner.len() - 1];
    }
    let mut out = Vec::with_capacity(inner.len() + 1);
    let mut from = start;
    for &to in inner.iter().chain(std::iter::once(&end)) {
        let cell = &row[from..to];
        let lead = from + (cell.len() - cell.trim_start().len());
        out.push(line.start + lead..line.start + lead + cell.trim().len());
        from = to + 1;
    }
    out
}

#[cfg(test)]
mod table_tests {
    use super::*;
    use crate::scan::formats::lexer::markdown_non_prose;

    fn texts<'a>(text: &'a str, cells: &[Range<usize>]) -> Vec<&'a str> {
        cells.iter().map(|c| &text[c.clone()]).collect()
    }

    #[test]
    fn blank_lines_have_no_cells() {
        // Found by fuzzing: a blank line's trimmed start lies past its trimmed end.
        let text = "\t\t\n-\n# T\n  \n| a |\n|---|\n   \n";
        assert_eq!(cells(text, 0..2), Vec::<Range<usize>>::new());
        assert!(tables(text, &markdown_non_prose(text)).len() == 1);
    }

    #[test]
    fn tables_have_headers_and_rows_by_column() {
        let text = "# Zoo\n\n| model | params | top-1 acc |\n|:---|---:|:--:|\n| ViT-S | 22M | 81.2 |\n| ViT-B | 86M | 83.1 |\n\nafter\n";
        let found = tables(text, &markdown_non_prose(text));
        assert_eq!(found.len(), 1);
        assert_eq!(texts(text, &found[0].header), ["model", "params", "top-1 acc"]);
        assert_eq!(found[0].rows.len(), 2);
        assert_eq!(texts(text, &found[0].rows[1].cells), ["ViT-B", "86M", "83.1"]);
        // Without outer pipes, with an escaped pipe, inside a fence (not a table).
        let text = "a | b\n--|--\n1 \\| x | 2\n\n```\n| x |\n|---|\n| 1 |\n```\n";
        let found = tables(text, &markdown_non_prose(text));
        assert_eq!(found.len(), 1);
        assert_eq!(texts(text, &found[0].header), ["a", "b"]);
        assert_eq!(texts(text, &found[0].rows[0].cells), ["1 \\| x", "2"]);
        // A delimiter row must match the header's cell count.
        assert!(tables("| a | b |\n|---|\n| 1 | 2 |\n", &Regions::default()).is_empty());
    }

    #[test]
    fn sections_end_at_the_next_heading_of_the_same_or_higher_level() {
        let text = "# A\n## B\n### C\n## D\n# E\n";
        let found = headings(text, &Regions::default());
        let ends: Vec<&str> = found.iter().map(|h| text[h.section.end..].lines().next().unwrap_or("")).collect();
        assert_eq!(ends, ["# E", "## D", "## D", "# E", ""]);
        let many = "## x\n".repeat(100_000);
        assert_eq!(headings(&many, &Regions::default()).len(), 100_000);
    }
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

//! Just enough tokenizing to tell code from comments and strings.
//!
//! Rules that ask for `scope = "code"` must not fire on a library named in a
//! comment, a TODO, a docstring or a string literal. A parser crate would be
//! overkill (and would reject half-edited files); a tokenizer that knows where
//! comments and string literals start and end is enough, and it never fails.

use std::ops::Range;

/// Sorted, non-overlapping byte ranges of one text that are *not* code
/// (comments, string literals) or *not* prose (fenced code, HTML comments).
#[derive(Debug, Clone, Default)]
pub struct Regions {
    ranges: Vec<Range<usize>>,
}

impl Regions {
    /// Whether `offset` falls inside one of the regions.
    pub fn contains(&self, offset: usize) -> bool {
        let idx = self.ranges.partition_point(|r| r.end <= offset);
        self.ranges.get(idx).is_some_and(|r| r.start <= offset)
    }

    /// The regions, in order.
    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges
    }

    fn push(&mut self, range: Range<usize>) {
        if range.start < range.end {
            self.ranges.push(range);
        }
    }
}

/// Comments and string literals (docstrings included) of Python source.
pub fn python_non_code(text: &str) -> Regions {
    let bytes = text.as_bytes();
    let mut regions = Regions::default();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                let end = line_end(bytes, i);
                regions.push(i..end);
                i = end;
            }
            b'\'' | b'"' => {
                let start = string_prefix_start(bytes, i);
                let is_f = bytes[start..i].iter().any(|b| matches!(b, b'f' | b'F'));
                i = if is_f {
                    fstring(bytes, start, i, &mut regions)
                } else {
                    let end = python_string_end(bytes, i);
                    regions.push(start..end);
                    end
                };
            }
            _ => i += 1,
        }
    }
    regions
}

/// Where the prefix letters (`r`, `b`, `f`, `u`, two at most) of a string
/// literal whose quote is at `quote` start.
fn string_prefix_start(bytes: &[u8], quote: usize) -> usize {
    let mut start = quote;
    while start > 0 && quote - start < 2 && matches!(bytes[start - 1].to_ascii_lowercase(), b'r' | b'b' | b'f' | b'u') {
        start -= 1;
    }
    // `if x:return"a"` has no prefix; `lower"..."` is not valid Python anyway.
    if start > 0 && start < quote && is_ident_byte(bytes[start - 1]) {
        return quote;
    }
    start
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// An f-string: its literal parts are strings, its `{expressions}` are code
/// (`f"{accuracy_score(y, p):.3f}"` computes a metric). Returns its end.
fn fstring(bytes: &[u8], start: usize, open: usize, regions: &mut Regions) -> usize {
    let quote = bytes[open];
    let triple = bytes.len() >= open + 3 && bytes[open + 1] == quote && bytes[open + 2] == quote;
    let mut i = open + if triple { 3 } else { 1 };
    let mut literal_start = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'{' => {
                regions.push(literal_start..i + 1);
                let mut depth = 1;
                let mut j = i + 1;
                while j < bytes.len() && depth > 0 {
                    match bytes[j] {
                        b'{' => depth += 1,
                        b'}' => depth -= 1,
                        b'\n' if !triple => break,
                        b'\'' | b'"' if bytes[j] != quote => {
                            // A nested string in the expression: skip to its closing quote on this line.
                            let q = bytes[j];
                            j += 1;
                            while j < bytes.len() && bytes[j] != q && bytes[j] != b'\n' {
                                j += 1;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                literal_start = j.saturating_sub(1).max(i + 1);
                i = j;
            }
            b'\n' if !triple => {
                regions.push(literal_start..i);
                return i;
            }
            b if b == quote => {
                if !triple {
                    regions.push(literal_start..i + 1);
                    return i + 1;
                }
                if bytes.len() >= i + 3 && bytes[i + 1] == quote && bytes[i + 2] == quote {
                    regions.push(literal_start..i + 3);
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    regions.push(literal_start..bytes.len());
    bytes.len()
}

/// End (exclusive) of the Python string literal whose opening quote is at `open`.
fn python_string_end(bytes: &[u8], open: usize) -> usize {
    let quote = bytes[open];
    let triple = bytes.len() >= open + 3 && bytes[open + 1] == quote && bytes[open + 2] == quote;
    let mut i = open + if triple { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return i,
            b if b == quote => {
                if !triple {
                    return i + 1;
                }
                if bytes.len() >= i + 3 && bytes[i + 1] == quote && bytes[i + 2] == quote {
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| from + p)
}

/// `#` comments of shell, YAML, TOML, requirements files, Dockerfiles and
/// friends. A `#` starts a comment at the start of a line or after
/// whitespace, and not inside a quoted value (`url: "a#b"`).
pub fn hash_comments(text: &str) -> Regions {
    let bytes = text.as_bytes();
    let mut regions = Regions::default();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if b == q || b == b'\n' {
                    quote = None;
                }
                i += 1;
            }
            None => match b {
                b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                    let end = line_end(bytes, i);
                    regions.push(i..end);
                    i = end;
                }
                b'\'' | b'"'
                    if i == 0
                        || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'=' | b':' | b'[' | b',' | b'(' | b'{') =>
                {
                    quote = Some(b);
                    i += 1;
                }
                _ => i += 1,
            },
        }
    }
    regions
}

/// Parts of Markdown that are not prose: fenced code blocks and HTML comments.
/// A heading inside a fence is an example, not a heading.
pub fn markdown_non_prose(text: &str) -> Regions {
    let mut regions = Regions::default();
    let mut fence: Option<(u8, usize, usize)> = None; // (char, length, start offset)
    let mut offset = 0;
    let mut comment_start: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some((ch, len, start)) = fence {
            let run = trimmed.bytes().take_while(|&b| b == ch).count();
            if indent <= 3 && run >= len && trimmed[run..].trim().is_empty() {
                regions.push(start..offset);
                fence = None;
            }
            continue;
        }
        if let Some(start) = comment_start {
            if let Some(end) = line.find("-->") {
                regions.push(start..line_start + end + 3);
                comment_start = None;
            }
            continue;
        }
        let first = trimmed.as_bytes().first().copied();
        if indent <= 3 && matches!(first, Some(b'`') | Some(b'~')) {
            let ch = first.unwrap();
            let run = trimmed.bytes().take_while(|&b| b == ch).count();
            if run >= 3 {
                fence = Some((ch, run, line_start));
                continue;
            }
        }
        let mut search_from = 0;
        while let Some(open) = line[search_from..].find("<!--") {
            let open = search_from + open;
            match line[open + 4..].find("-->") {
                Some(close) => {
                    let close = open + 4 + close + 3;
                    regions.push(line_start + open..line_start + close);
                    search_from = close;
                }
                None => {
                    comment_start = Some(line_start + open);
                    break;
                }
            }
        }
    }
    if let Some((_, _, start)) = fence {
        regions.push(start..text.len());
    }
    if let Some(start) = comment_start {
        regions.push(start..text.len());
    }
    regions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(text: &str, regions: &Regions) -> String {
        text.char_indices().map(|(i, c)| if regions.contains(i) && c != '\n' { ' ' } else { c }).collect()
    }

    #[test]
    fn python_blanks_comments_strings_and_docstrings() {
        let src = "import os  # import evidently\n\"\"\"Uses whylogs.\n\"\"\"\nx = f'{a}' + r\"\\\"q\" + b'#'\nprint(\"it's\")\n";
        let code = code_of(src, &python_non_code(src));
        assert!(code.contains("import os"));
        assert!(!code.contains("evidently"));
        assert!(!code.contains("whylogs"));
        assert!(code.contains("x = "));
        assert!(!code.contains("q"));
        assert!(code.contains("print("));
        assert!(!code.contains("it"));
    }

    #[test]
    fn fstring_expressions_are_code() {
        let src = "print(f\"MSE {mean_squared_error(y, p):.3f} {{not_code}} {d['k']}\")  # done\nx = 1\n";
        let code = code_of(src, &python_non_code(src));
        assert!(code.contains("mean_squared_error(y, p)"), "{code}");
        assert!(!code.contains("MSE"), "{code}");
        assert!(!code.contains("not_code"), "{code}");
        assert!(!code.contains("done"), "{code}");
        assert!(code.contains("x = 1"), "{code}");
    }

    #[test]
    fn identifiers_ending_in_prefix_letters_are_not_prefixes() {
        let src = "bar'x'";
        let regions = python_non_code(src);
        assert!(!regions.contains(2));
        assert!(regions.contains(3));
    }

    #[test]
    fn unterminated_string_stops_at_line_end() {
        let src = "a = 'oops\nimport torch\n";
        let code = code_of(src, &python_non_code(src));
        assert!(code.contains("import torch"));
    }

    #[test]
    fn hash_comments_respect_quotes_and_words() {
        let src = "url: \"http://x/#frag\" # real comment\nname: don't # c2\nkey: a#b\n";
        let code = code_of(src, &hash_comments(src));
        assert!(code.contains("#frag"));
        assert!(!code.contains("real comment"));
        assert!(!code.contains("c2"));
        assert!(code.contains("a#b"));
    }

    #[test]
    fn markdown_fences_and_comments_are_not_prose() {
        let src =
            "# Title\n```python\n# not a heading\nimport x\n```\ntext <!-- hidden --> shown\n<!--\nmulti\n-->\nend\n";
        let prose = code_of(src, &markdown_non_prose(src));
        assert!(prose.contains("# Title"));
        assert!(!prose.contains("not a heading"));
        assert!(!prose.contains("hidden"));
        assert!(prose.contains("shown"));
        assert!(!prose.contains("multi"));
        assert!(prose.contains("end"));
    }
}

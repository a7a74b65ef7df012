//! Byte offsets to 1-based lines and columns.
//!
//! Every location mlready prints is a line and a column counted in Unicode
//! scalar values (SARIF's `unicodeCodePoints`), so editors, GitHub annotations
//! and SARIF viewers agree on where a finding starts and ends.

use std::ops::Range;

/// The start offset of every line of one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the lines of `text` (`\n` ends a line; a `\r` before it belongs to the line).
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// Number of lines (a trailing newline does not start a new, empty line).
    pub fn line_count(&self, text: &str) -> usize {
        let n = self.starts.len();
        if n > 1 && *self.starts.last().unwrap() == text.len() { n - 1 } else { n }
    }

    /// 0-based line that contains `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// 1-based line and 1-based column (in characters) of `offset`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// Byte range of 0-based `line`, without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(text.len());
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Byte offset of a 1-based line and 1-based character column (clamped to the line).
    pub fn offset_of(&self, text: &str, line: usize, column: usize) -> usize {
        let range = self.line_range(text, line.saturating_sub(1));
        let line_text = &text[range.clone()];
        let skip = column.saturating_sub(1);
        match line_text.char_indices().nth(skip) {
            Some((i, _)) => range.start + i,
            None => range.end,
        }
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest char boundary at or above `offset`.
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "a\nçé = 1\r\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        let eq = text.find('=').unwrap();
        assert_eq!(index.position(text, eq), (2, 4));
        assert_eq!(index.line_range(text, 1), 2..text.find('\r').unwrap());
        assert_eq!(index.offset_of(text, 2, 4), eq);
        assert_eq!(index.line_count(text), 3);
        assert_eq!(LineIndex::new("x\n").line_count("x\n"), 1);
    }
}

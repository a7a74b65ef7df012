//! Byte offsets to 1-based lines and columns.
//!
//! Every location mlready prints is a line and a column counted in Unicode
//! scalar values (SARIF's `unicodeCodePoints`), so editors, GitHub annotations
//! and SARIF viewers agree on where a finding starts and ends.

use std::ops::Range;

/// The start offset of every line of one text.
///
/// Columns are counted in characters, which takes a count from the line's
/// start. A file can hold one line of megabytes with thousands of findings on
/// it: counting from the start each time would be quadratic. Past
/// [`STRIDE`] bytes, counts start from checkpoints taken every `STRIDE` bytes
/// of the text (built once, on first need), so every position costs at most
/// a few strides.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `checkpoints[k]`: how many characters start in the text's first `k * STRIDE` bytes.
    checkpoints: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes between two character-count checkpoints.
const STRIDE: usize = 4096;

/// How many characters start in `bytes` (bytes that are not UTF-8 continuation bytes).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl LineIndex {
    /// Index the lines of `text` (`\n` ends a line; a `\r` before it belongs to the line).
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        LineIndex { starts, checkpoints: std::sync::OnceLock::new() }
    }

    fn checkpoints(&self, text: &str) -> &[usize] {
        self.checkpoints.get_or_init(|| {
            let mut counts = Vec::with_capacity(text.len() / STRIDE + 2);
            let mut total = 0;
            counts.push(0);
            for chunk in text.as_bytes().chunks(STRIDE) {
                total += chars_in(chunk);
                counts.push(total);
            }
            counts
        })
    }

    /// How many characters start in `text[from..to]`.
    fn chars_between(&self, text: &str, from: usize, to: usize) -> usize {
        let bytes = text.as_bytes();
        if to <= from {
            return 0;
        }
        if to - from <= 2 * STRIDE {
            return chars_in(&bytes[from..to]);
        }
        let checkpoints = self.checkpoints(text);
        let (first, last) = (from.div_ceil(STRIDE), to / STRIDE);
        chars_in(&bytes[from..first * STRIDE]) + checkpoints[last] - checkpoints[first]
            + chars_in(&bytes[last * STRIDE..to])
    }

    /// The byte offset where the `n`-th character (0-based) after `from` starts,
    /// or `limit` if there are fewer characters before it.
    fn skip_chars(&self, text: &str, from: usize, n: usize, limit: usize) -> usize {
        let bytes = text.as_bytes();
        let mut at = from;
        let mut left = n;
        if limit - from > 2 * STRIDE && n > STRIDE {
            // Jump whole strides while they hold fewer characters than are left.
            let checkpoints = self.checkpoints(text);
            let first = from.div_ceil(STRIDE);
            let head = chars_in(&bytes[from..(first * STRIDE).min(limit)]);
            if head <= left && first * STRIDE <= limit {
                left -= head;
                let mut k = first;
                while (k + 1) * STRIDE <= limit && checkpoints[k + 1] - checkpoints[k] <= left {
                    left -= checkpoints[k + 1] - checkpoints[k];
                    k += 1;
                }
                at = k * STRIDE;
            }
        }
        for (i, &b) in bytes[at..limit].iter().enumerate() {
            if (b as i8) >= -0x40 {
                if left == 0 {
                    return at + i;
                }
                left -= 1;
            }
        }
        limit
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
        (line + 1, self.chars_between(text, start, offset) + 1)
    }

    /// How many characters precede `offset` on its line.
    pub fn column_chars(&self, text: &str, offset: usize) -> usize {
        self.position(text, offset).1 - 1
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
        self.skip_chars(text, range.start, column.saturating_sub(1), range.end)
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

    /// On long lines, counts start from checkpoints: they must agree with a
    /// count from the line's start, for ASCII and multi-byte text alike.
    #[test]
    fn long_lines_count_the_same_from_checkpoints() {
        let mut text = String::from("first\n");
        for i in 0..6000 {
            text.push_str(if i % 7 == 0 {
                "é"
            } else if i % 11 == 0 {
                "日本"
            } else {
                "ab"
            });
        }
        text.push_str("\nlast line\n");
        let index = LineIndex::new(&text);
        for offset in (0..text.len()).step_by(97).filter(|&o| text.is_char_boundary(o)) {
            let line = index.line_of(offset);
            let start = index.line_range(&text, line).start;
            let expected = (line + 1, text[start..offset].chars().count() + 1);
            assert_eq!(index.position(&text, offset), expected, "offset {offset}");
            assert_eq!(index.offset_of(&text, expected.0, expected.1), offset, "offset {offset}");
        }
        let long = index.line_range(&text, 1);
        assert_eq!(index.offset_of(&text, 2, usize::MAX), long.end, "clamped to the line");
    }
}

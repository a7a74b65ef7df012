//! A small JSON reader that remembers where every value is.
//!
//! serde_json throws positions away; rules need them (the line of a key, the
//! exact characters of a notebook cell's source), and scanned JSON is
//! untrusted, so nesting depth is bounded and errors are values, not panics.

use crate::scan::formats::document::{Entry, Node, NodeKind};
use crate::scan::formats::lines::floor_char_boundary;
use std::ops::Range;

const MAX_DEPTH: usize = 256;

/// Why a JSON text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset where reading stopped.
    pub offset: usize,
    /// What was wrong there.
    pub message: &'static str,
}

/// Parse a whole JSON document.
pub fn parse(text: &str) -> Result<Node, JsonError> {
    let mut parser = Parser { bytes: text.as_bytes(), text, pos: 0 };
    parser.skip_ws();
    let node = parser.value(0)?;
    parser.skip_ws();
    if parser.pos != parser.bytes.len() {
        return Err(parser.error("trailing characters after the JSON value"));
    }
    Ok(node)
}

/// Decode the JSON string literal at `span` (quotes included), returning the
/// text and, for every byte of it, the offset in the file it came from (plus
/// one entry for the end), so a match inside the decoded text maps back
/// exactly to the file.
pub fn decode_string_with_offsets(text: &str, span: Range<usize>) -> (String, Vec<u32>) {
    // The span comes from the parser, but an offset is never trusted to land on a character.
    let start = floor_char_boundary(text, span.start.saturating_add(1));
    let end = floor_char_boundary(text, span.end.saturating_sub(1)).max(start);
    let mut out = String::with_capacity(end - start);
    let mut map: Vec<u32> = Vec::with_capacity(end - start + 1);
    let mut chars = text[start..end].char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        let at = start + k;
        if c == '\\' && at + 1 < end {
            let (decoded, len) = decode_escape(text, at);
            out.push(decoded);
            map.extend(std::iter::repeat_n(at as u32, decoded.len_utf8()));
            // Escapes end on a character boundary; skip the characters they took.
            while chars.next_if(|(j, _)| start + j < at + len).is_some() {}
        } else {
            out.push(c);
            map.extend((0..c.len_utf8()).map(|b| (at + b) as u32));
        }
    }
    map.push(end as u32);
    (out, map)
}

/// Decode the escape at `i` (a backslash); returns the char and the escape's
/// length in bytes, which always ends on a character boundary.
fn decode_escape(text: &str, i: usize) -> (char, usize) {
    let bytes = text.as_bytes();
    match bytes.get(i + 1) {
        Some(b'n') => ('\n', 2),
        Some(b't') => ('\t', 2),
        Some(b'r') => ('\r', 2),
        Some(b'b') => ('\u{8}', 2),
        Some(b'f') => ('\u{c}', 2),
        Some(b'u') => {
            let hex = |at: usize| -> Option<u32> {
                let digits = bytes.get(at..at + 4)?;
                u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
            };
            match hex(i + 2) {
                Some(high @ 0xD800..=0xDBFF) => {
                    if bytes.get(i + 6) == Some(&b'\\')
                        && bytes.get(i + 7) == Some(&b'u')
                        && let Some(low @ 0xDC00..=0xDFFF) = hex(i + 8)
                    {
                        let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        return (char::from_u32(c).unwrap_or('\u{FFFD}'), 12);
                    }
                    ('\u{FFFD}', 6)
                }
                Some(code) => (char::from_u32(code).unwrap_or('\u{FFFD}'), 6),
                None => ('\u{FFFD}', 2),
            }
        }
        // `\"`, `\\`, `\/`, and (leniently) any other character, whole: `\é` is two bytes after the backslash.
        Some(_) => match text.get(i + 1..).and_then(|rest| rest.chars().next()) {
            Some(c) => (c, 1 + c.len_utf8()),
            None => ('\u{FFFD}', 1),
        },
        None => ('\\', 1),
    }
}

/// The cells of a notebook: for each cell, its `cell_type` and the spans of
/// its `source` strings. Everything else (outputs, metadata) is skipped
/// without being built, which matters: outputs are often most of the bytes.
pub fn notebook_cells(text: &str) -> Option<Vec<(String, Vec<Range<usize>>)>> {
    let mut p = Parser { bytes: text.as_bytes(), text, pos: 0 };
    let mut cells = None;
    p.skip_ws();
    p.object_entries(0, &mut |p, key, depth| {
        if key != "cells" {
            return p.skip(depth);
        }
        let mut list = Vec::new();
        p.array_items(depth, &mut |p, depth| {
            let mut kind = String::new();
            let mut sources = Vec::new();
            p.object_entries(depth, &mut |p, key, depth| match key {
                "cell_type" if p.bytes.get(p.pos) == Some(&b'"') => {
                    kind = p.string()?.0;
                    Ok(())
                }
                "source" => match p.bytes.get(p.pos) {
                    Some(b'"') => {
                        sources.push(p.string()?.1);
                        Ok(())
                    }
                    Some(b'[') => p.array_items(depth, &mut |p, depth| {
                        if p.bytes.get(p.pos) == Some(&b'"') {
                            sources.push(p.string()?.1);
                            Ok(())
                        } else {
                            p.skip(depth)
                        }
                    }),
                    _ => p.skip(depth),
                },
                _ => p.skip(depth),
            })?;
            list.push((kind, sources));
            Ok(())
        })?;
        cells = Some(list);
        Ok(())
    })
    .ok()?;
    cells
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &'static str) -> JsonError {
        JsonError { offset: self.pos, message }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.bytes.len() && matches!(self.bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        let start = self.pos;
        match self.bytes.get(self.pos) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let (value, span) = self.string()?;
                Ok(Node { kind: NodeKind::Scalar(value), span })
            }
            Some(b't') => self.literal("true", NodeKind::Scalar("true".into())),
            Some(b'f') => self.literal("false", NodeKind::Scalar("false".into())),
            Some(b'n') => self.literal("null", NodeKind::Null),
            Some(b'-' | b'0'..=b'9') => {
                while self.pos < self.bytes.len()
                    && matches!(self.bytes[self.pos], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    self.pos += 1;
                }
                Ok(Node { kind: NodeKind::Scalar(self.text[start..self.pos].to_string()), span: start..self.pos })
            }
            Some(_) => Err(self.error("unexpected character")),
            None => Err(self.error("unexpected end of input")),
        }
    }

    /// Skip one value, checking its syntax, building nothing.
    fn skip(&mut self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        match self.bytes.get(self.pos) {
            Some(b'{') => self.object_entries(depth, &mut |p, _, depth| p.skip(depth)),
            Some(b'[') => self.array_items(depth, &mut |p, depth| p.skip(depth)),
            Some(b'"') => {
                // Find the closing quote without decoding: notebook outputs are long strings.
                self.pos += 1;
                while let Some(found) = memchr::memchr2(b'"', b'\\', &self.bytes[self.pos.min(self.bytes.len())..]) {
                    self.pos += found;
                    if self.bytes[self.pos] == b'"' {
                        self.pos += 1;
                        return Ok(());
                    }
                    self.pos += 2;
                }
                self.pos = self.bytes.len();
                Err(self.error("unterminated string"))
            }
            _ => self.value(depth).map(|_| ()),
        }
    }

    /// Visit the entries of an object: `visit(parser, key, depth)` must consume the value.
    fn object_entries(
        &mut self,
        depth: usize,
        visit: &mut dyn FnMut(&mut Self, &str, usize) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        if self.bytes.get(self.pos) != Some(&b'{') {
            return Err(self.error("expected an object"));
        }
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a string key"));
            }
            let (key, _) = self.string()?;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected ':'"));
            }
            self.pos += 1;
            self.skip_ws();
            visit(self, &key, depth + 1)?;
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    /// Visit the items of an array: `visit(parser, depth)` must consume the item.
    fn array_items(
        &mut self,
        depth: usize,
        visit: &mut dyn FnMut(&mut Self, usize) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        if self.bytes.get(self.pos) != Some(&b'[') {
            return Err(self.error("expected an array"));
        }
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            visit(self, depth + 1)?;
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn literal(&mut self, word: &str, kind: NodeKind) -> Result<Node, JsonError> {
        let start = self.pos;
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(Node { kind, span: start..self.pos })
        } else {
            Err(self.error("invalid literal"))
        }
    }

    fn string(&mut self) -> Result<(String, Range<usize>), JsonError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            match self.bytes.get(self.pos) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    out.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    return Ok((out, start..self.pos));
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run_start..self.pos]);
                    if self.pos + 1 >= self.bytes.len() {
                        return Err(self.error("unterminated string"));
                    }
                    let (ch, len) = decode_escape(self.text, self.pos);
                    out.push(ch);
                    self.pos += len;
                    run_start = self.pos;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Node, JsonError> {
        let start = self.pos;
        self.pos += 1;
        let mut entries = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Node { kind: NodeKind::Map(entries), span: start..self.pos });
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a string key"));
            }
            let (key, key_span) = self.string()?;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected ':'"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            entries.push(Entry { key, key_span, value });
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Node { kind: NodeKind::Map(entries), span: start..self.pos });
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Node, JsonError> {
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Node { kind: NodeKind::Seq(items), span: start..self.pos });
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Node { kind: NodeKind::Seq(items), span: start..self.pos });
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::formats::document::parse_key_path;

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let text = r#"{"a": {"b": [1, "x\"y"]}, "c": null}"#;
        let doc = parse(text).unwrap();
        let hits = doc.find_path(&parse_key_path("a.b.*"));
        assert_eq!(hits.len(), 2);
        assert_eq!(&text[hits[1].span.clone()], r#""x\"y""#);
        assert_eq!(hits[1].value.as_scalar(), Some("x\"y"));
        let key = doc.find_path(&parse_key_path("c"));
        assert_eq!(&text[key[0].span.clone()], "\"c\"");
    }

    #[test]
    fn rejects_garbage_and_deep_nesting_without_panicking() {
        assert!(parse("{\"a\": }").is_err());
        assert!(parse("[1, 2").is_err());
        assert!(parse("\"abc").is_err());
        assert!(parse(&"[".repeat(100_000)).is_err());
        assert!(parse("{} x").is_err());
    }

    #[test]
    fn decoded_offsets_map_back_to_the_file() {
        let text = r#"["a\tb\u00e9c"]"#;
        let doc = parse(text).unwrap();
        let NodeKind::Seq(items) = &doc.kind else { panic!() };
        let (decoded, map) = decode_string_with_offsets(text, items[0].span.clone());
        assert_eq!(decoded, "a\tbéc");
        let c = decoded.find('c').unwrap();
        assert_eq!(&text[map[c] as usize..map[c] as usize + 1], "c");
        assert_eq!(map.len(), decoded.len() + 1);
    }
}

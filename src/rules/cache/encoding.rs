//! The byte layout of what the cache stores about a file (its hits,
//! suppression comments and skip reason): little-endian, length-prefixed,
//! decoded defensively, since a cache file is data from disk that may be
//! truncated or damaged. Anything malformed decodes as `None`.

use super::FileOutcome;
use crate::findings::suppress::{SuppressedCode, Suppression};
use crate::rules::eval::Hit;
use crate::scan::Tracking;
use crate::scan::fs::open::SkipReason;
use crate::scan::source::{CellLocation, Excerpt, Location};

/// Little-endian encoding of what a cache file holds.
#[derive(Default)]
pub(super) struct Writer {
    pub(super) buf: Vec<u8>,
}

impl Writer {
    pub(super) fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
    pub(super) fn u32(&mut self, n: u32) {
        self.buf.extend_from_slice(&n.to_le_bytes());
    }
    pub(super) fn u64(&mut self, n: u64) {
        self.buf.extend_from_slice(&n.to_le_bytes());
    }
    pub(super) fn usize(&mut self, n: usize) {
        self.u64(n as u64);
    }
    pub(super) fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes(s.as_bytes());
    }
    pub(super) fn flag(&mut self, b: bool) {
        self.buf.push(u8::from(b));
    }
    pub(super) fn location(&mut self, l: &Location) {
        [l.line, l.column, l.end_line, l.end_column].iter().for_each(|&n| self.usize(n));
        self.flag(l.cell.is_some());
        if let Some(c) = &l.cell {
            [c.cell, c.line, c.column].iter().for_each(|&n| self.usize(n));
        }
    }
    pub(super) fn excerpt(&mut self, e: &Excerpt) {
        self.str(&e.name);
        self.str(&e.text);
        [e.first_line, e.span.start, e.span.end, e.first_column].iter().for_each(|&n| self.usize(n));
    }
    pub(super) fn hit(&mut self, h: &Hit) {
        self.flag(h.location.is_some());
        if let Some(l) = &h.location {
            self.location(l);
        }
        self.flag(h.first_line.is_some());
        if let Some(l) = &h.first_line {
            self.location(l);
        }
        self.flag(h.excerpt.is_some());
        if let Some(e) = &h.excerpt {
            self.excerpt(e);
        }
        self.str(&h.text);
        self.u32(h.captures.len() as u32);
        for (name, value) in &h.captures {
            self.str(name);
            self.str(value);
        }
    }
    pub(super) fn outcome_parts(
        &mut self,
        hits: &[(usize, Hit)],
        suppressions: &[Suppression],
        skip: Option<&SkipReason>,
    ) {
        self.u32(hits.len() as u32);
        for (m, hit) in hits {
            self.u32(*m as u32);
            self.hit(hit);
        }
        self.u32(suppressions.len() as u32);
        for s in suppressions {
            self.usize(s.line);
            self.flag(s.file_level);
            self.u32(s.codes.len() as u32);
            for c in &s.codes {
                self.str(&c.code);
                self.location(&c.location);
                self.excerpt(&c.excerpt);
            }
        }
        match skip {
            None => self.buf.push(0),
            Some(SkipReason::Binary) => self.buf.push(1),
            Some(SkipReason::NotUtf8) => self.buf.push(2),
            Some(SkipReason::TooLarge { size, limit }) => {
                self.buf.push(3);
                self.u64(*size);
                self.u64(*limit);
            }
            Some(_) => self.buf.push(0), // never stored: see `is_content_skip`
        }
    }
}

/// Decoding; `None` for anything truncated or malformed.
pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }
    pub(super) fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    pub(super) fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
    }
    pub(super) fn u64(&mut self) -> Option<u64> {
        self.take(8).map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
    }
    pub(super) fn usize(&mut self) -> Option<usize> {
        self.u64().and_then(|n| usize::try_from(n).ok())
    }
    pub(super) fn str(&mut self) -> Option<String> {
        let len = self.u32()? as usize;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }
    pub(super) fn flag(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    pub(super) fn location(&mut self) -> Option<Location> {
        let (line, column, end_line, end_column) = (self.usize()?, self.usize()?, self.usize()?, self.usize()?);
        let cell = if self.flag()? {
            Some(CellLocation { cell: self.usize()?, line: self.usize()?, column: self.usize()? })
        } else {
            None
        };
        Some(Location { line, column, end_line, end_column, cell })
    }
    pub(super) fn excerpt(&mut self) -> Option<Excerpt> {
        let (name, text) = (self.str()?, self.str()?);
        let (first_line, start, end, first_column) = (self.usize()?, self.usize()?, self.usize()?, self.usize()?);
        // Reports slice the text at the span.
        let valid = start <= end && text.is_char_boundary(start) && text.is_char_boundary(end);
        valid.then_some(Excerpt { name, text, first_line, span: start..end, first_column })
    }
    pub(super) fn hit(&mut self) -> Option<Hit> {
        let location = if self.flag()? { Some(self.location()?) } else { None };
        let first_line = if self.flag()? { Some(self.location()?) } else { None };
        let excerpt = if self.flag()? { Some(self.excerpt()?) } else { None };
        let text = self.str()?;
        let captures = (0..self.u32()?).map(|_| Some((self.str()?, self.str()?))).collect::<Option<Vec<_>>>()?;
        Some(Hit {
            file: 0,
            path: String::new(),
            location,
            first_line,
            excerpt,
            text,
            captures,
            size: None,
            tracking: Tracking::Unknown,
        })
    }
    pub(super) fn outcome(&mut self) -> Option<FileOutcome> {
        let hits = (0..self.u32()?).map(|_| Some((self.u32()? as usize, self.hit()?))).collect::<Option<Vec<_>>>()?;
        let suppressions = (0..self.u32()?)
            .map(|_| {
                let (line, file_level) = (self.usize()?, self.flag()?);
                let codes = (0..self.u32()?)
                    .map(|_| {
                        Some(SuppressedCode { code: self.str()?, location: self.location()?, excerpt: self.excerpt()? })
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(Suppression { path: String::new(), line, file_level, codes })
            })
            .collect::<Option<Vec<_>>>()?;
        let skip = match self.u8()? {
            0 => None,
            1 => Some(SkipReason::Binary),
            2 => Some(SkipReason::NotUtf8),
            3 => Some(SkipReason::TooLarge { size: self.u64()?, limit: self.u64()? }),
            _ => return None,
        };
        Some(FileOutcome { hits, suppressions, skip })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_span_off_the_text_does_not_decode() {
        let mut w = Writer::default();
        let bad = Excerpt { name: "a.py".into(), text: "é".into(), first_line: 0, span: 1..2, first_column: 0 };
        w.excerpt(&bad);
        assert!(Reader { bytes: &w.buf, at: 0 }.excerpt().is_none(), "not a character boundary");
        let mut w = Writer::default();
        w.excerpt(&Excerpt { span: 0..9, ..bad.clone() });
        assert!(Reader { bytes: &w.buf, at: 0 }.excerpt().is_none(), "past the end");
        let mut w = Writer::default();
        w.excerpt(&Excerpt { span: 0..2, ..bad });
        assert!(Reader { bytes: &w.buf, at: 0 }.excerpt().is_some());
    }
}

//! Reading TOML tables by hand, so that every mistake in a config file or a
//! rule pack becomes an error that points at the offending span: an unknown
//! key (with a did-you-mean), a value of the wrong type, a missing key.

use crate::error::{Document, SourceError};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Range<usize>,
}

impl<T> Sp<T> {
    /// Wrap a value with its span.
    pub fn new(value: T, span: Range<usize>) -> Self {
        Sp { value, span }
    }
}

/// Parse a whole TOML document into its top-level table.
pub fn parse<'i>(doc: &Document, text: &'i str) -> Result<Spanned<DeTable<'i>>, SourceError> {
    DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        SourceError::new(doc, span, format!("invalid TOML: {}", e.message().trim()), "here")
    })
}

/// Reads the keys of one table and remembers which were read, so that
/// anything left over can be reported as unknown.
pub struct TableReader<'a, 'i> {
    doc: &'a Document,
    table: &'a DeTable<'i>,
    span: Range<usize>,
    what: String,
    seen: Vec<String>,
}

impl<'a, 'i> TableReader<'a, 'i> {
    /// Read `table` (at `span` of `doc`), described to the user as `what` ("rule `OWN001`", "config").
    pub fn new(doc: &'a Document, table: &'a DeTable<'i>, span: Range<usize>, what: impl Into<String>) -> Self {
        TableReader { doc, table, span, what: what.into(), seen: Vec::new() }
    }

    /// The document being read.
    pub fn document(&self) -> &'a Document {
        self.doc
    }

    /// The span of the whole table.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Rename the table in messages (once its identity is known).
    pub fn describe(&mut self, what: impl Into<String>) {
        self.what = what.into();
    }

    /// The raw value of `key`, marking it as read.
    pub fn raw(&mut self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        let value = self.table.get(key)?;
        self.seen.push(key.to_string());
        Some(value)
    }

    /// Whether `key` is present (without marking it read).
    pub fn has(&self, key: &str) -> bool {
        self.table.get(key).is_some()
    }

    fn type_error(&self, key: &str, value: &Spanned<DeValue<'_>>, expected: &str) -> SourceError {
        SourceError::new(
            self.doc,
            value.span(),
            format!("`{key}` in {} must be {expected}, not {}", self.what, value.get_ref().type_str()),
            format!("expected {expected}"),
        )
    }

    /// An optional string.
    pub fn string(&mut self, key: &str) -> Result<Option<Sp<String>>, SourceError> {
        let Some(value) = self.raw(key) else { return Ok(None) };
        match value.get_ref() {
            DeValue::String(s) => Ok(Some(Sp::new(s.to_string(), value.span()))),
            _ => Err(self.type_error(key, value, "a string")),
        }
    }

    /// A required string.
    pub fn required_string(&mut self, key: &str) -> Result<Sp<String>, SourceError> {
        self.string(key)?.ok_or_else(|| self.missing(key))
    }

    /// The error for a missing required key.
    pub fn missing(&self, key: &str) -> SourceError {
        SourceError::new(
            self.doc,
            self.header_span(),
            format!("{} is missing the required key `{key}`", self.what),
            format!("add `{key} = ...` to this table"),
        )
    }

    /// The first line of the table, where "missing key" errors point.
    fn header_span(&self) -> Range<usize> {
        let text = &self.doc.text;
        let start = self.span.start.min(text.len());
        let end = text[start..].find('\n').map_or(text.len(), |n| start + n).min(self.span.end.max(start + 1));
        start..end.max(start)
    }

    /// An optional array of strings.
    pub fn strings(&mut self, key: &str) -> Result<Option<Vec<Sp<String>>>, SourceError> {
        let Some(value) = self.raw(key) else { return Ok(None) };
        let DeValue::Array(items) = value.get_ref() else {
            return Err(self.type_error(key, value, "an array of strings"));
        };
        items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) => Ok(Sp::new(s.to_string(), item.span())),
                _ => Err(self.type_error(key, item, "a string")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// An optional string or array of strings (a single string is a list of one).
    pub fn string_or_strings(&mut self, key: &str) -> Result<Option<Vec<Sp<String>>>, SourceError> {
        let Some(value) = self.raw(key) else { return Ok(None) };
        match value.get_ref() {
            DeValue::String(s) => Ok(Some(vec![Sp::new(s.to_string(), value.span())])),
            DeValue::Array(items) => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(s) => Ok(Sp::new(s.to_string(), item.span())),
                    _ => Err(self.type_error(key, item, "a string")),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            _ => Err(self.type_error(key, value, "a string or an array of strings")),
        }
    }

    /// An optional boolean.
    pub fn boolean(&mut self, key: &str) -> Result<Option<bool>, SourceError> {
        let Some(value) = self.raw(key) else { return Ok(None) };
        match value.get_ref() {
            DeValue::Boolean(b) => Ok(Some(*b)),
            _ => Err(self.type_error(key, value, "true or false")),
        }
    }

    /// An optional non-negative integer.
    pub fn unsigned(&mut self, key: &str) -> Result<Option<Sp<u64>>, SourceError> {
        let Some(value) = self.raw(key) else { return Ok(None) };
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => {
                let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
                u64::from_str_radix(
                    digits.trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b"),
                    i.radix(),
                )
                .ok()
            }
            _ => None,
        };
        parsed
            .map(|n| Some(Sp::new(n, value.span())))
            .ok_or_else(|| self.type_error(key, value, "a non-negative integer"))
    }

    /// An optional sub-table.
    pub fn table(&mut self, key: &str, what: &str) -> Result<Option<TableReader<'a, 'i>>, SourceError> {
        let Some(value) = self.raw(key) else { return Ok(None) };
        match value.get_ref() {
            DeValue::Table(t) => Ok(Some(TableReader::new(self.doc, t, value.span(), what))),
            _ => Err(self.type_error(key, value, "a table")),
        }
    }

    /// An optional array of tables (`[[key]]`).
    pub fn tables(&mut self, key: &str, what: &str) -> Result<Vec<TableReader<'a, 'i>>, SourceError> {
        let Some(value) = self.raw(key) else { return Ok(Vec::new()) };
        let DeValue::Array(items) = value.get_ref() else {
            return Err(self.type_error(key, value, "an array of tables"));
        };
        items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::Table(t) => Ok(TableReader::new(self.doc, t, item.span(), what)),
                _ => Err(self.type_error(key, item, "a table")),
            })
            .collect()
    }

    /// Every entry, as (key, key span, value), marking all as read.
    pub fn entries(&mut self) -> Vec<(Sp<String>, &'a Spanned<DeValue<'i>>)> {
        let out: Vec<_> = self.table.iter().map(|(k, v)| (Sp::new(k.get_ref().to_string(), k.span()), v)).collect();
        self.seen.extend(out.iter().map(|(k, _)| k.value.clone()));
        out
    }

    /// Fail on the first key that was never read, suggesting the closest known key.
    pub fn finish(self, known: &[&str]) -> Result<(), SourceError> {
        for (key, _) in self.table.iter() {
            let name = key.get_ref();
            if self.seen.iter().any(|s| s == name.as_ref()) {
                continue;
            }
            let mut error = SourceError::new(
                self.doc,
                key.span(),
                format!("unknown key `{name}` in {}", self.what),
                "not a known key",
            );
            error = match closest(name, known) {
                Some(best) => error.with_help(format!("did you mean `{best}`?")),
                None => error.with_help(format!("known keys: {}", known.join(", "))),
            };
            return Err(error);
        }
        Ok(())
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(&word.to_ascii_lowercase(), &c.to_ascii_lowercase()), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn doc(text: &str) -> Document {
        Document { name: "mlready.toml".into(), text: Arc::from(text) }
    }

    #[test]
    fn unknown_keys_point_at_the_key_with_a_suggestion() {
        let text = "select = [\"OWN\"]\nignroe = [\"DEP002\"]\n";
        let d = doc(text);
        let table = parse(&d, text).unwrap();
        let mut reader = TableReader::new(&d, table.get_ref(), table.span(), "the config");
        reader.strings("select").unwrap();
        let err = reader.finish(&["select", "ignore"]).unwrap_err();
        assert_eq!(&text[err.span.clone()], "ignroe");
        assert_eq!(err.help.as_deref(), Some("did you mean `ignore`?"));
        assert_eq!(err.line(), 2);
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let text = "select = \"OWN\"\n";
        let d = doc(text);
        let table = parse(&d, text).unwrap();
        let mut reader = TableReader::new(&d, table.get_ref(), table.span(), "the config");
        let err = reader.strings("select").unwrap_err();
        assert_eq!(&text[err.span.clone()], "\"OWN\"");
    }

    #[test]
    fn syntax_errors_have_spans() {
        let text = "select = [\n";
        let d = doc(text);
        let err = parse(&d, text).unwrap_err();
        assert!(err.message.starts_with("invalid TOML"));
    }
}

//! Matchers: the one mechanism every rule and signal uses to look at files.
//!
//! A matcher names the files it looks at (globs) and one test: the file
//! exists, a regex matches (in code, prose or any text), a Markdown heading
//! exists, or a key exists in YAML / TOML / JSON / front matter. `also` and
//! `unless` refine a match by what else is (or is not) found around it: on
//! its line, inside its call's parentheses, in its section, or in the file.

use super::lazy_regex::LazyRegex;
use super::lazy_regex::Regex;
use crate::scan::formats::document::KeyStep;
use crate::scan::source::{Origin, Scope, Segment, SourceFile};
use globset::GlobSet;
use regex_automata::PatternID;
use std::ops::Range;

/// What a matcher tests in each file its globs select.
#[derive(Debug, Clone)]
pub enum Test {
    /// The file exists (nothing is read).
    Exists,
    /// A regex matches the file's text in the matcher's scope.
    Pattern(LazyRegex),
    /// A Markdown heading's text matches (case-insensitive).
    Heading(LazyRegex),
    /// The file does not parse as this format: a hit at each error, with `{reason}`.
    Invalid(Format),
    /// A Markdown table has a column whose header matches (case-insensitive):
    /// a hit at each cell below it, or each cell `value` matches.
    Column {
        /// A regex on the header cell.
        header: LazyRegex,
        /// A regex a body cell must match.
        value: Option<LazyRegex>,
    },
    /// A key path exists in the file's structured documents; optionally its scalar value matches.
    Key {
        /// The key path.
        path: Vec<KeyStep>,
        /// The path as written, for docs and messages.
        display: String,
        /// A regex the scalar value must match.
        value: Option<LazyRegex>,
    },
}

/// A format whose syntax errors an `invalid` matcher reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CODEOWNERS (GitHub's, or GitLab's when the file has sections).
    Codeowners,
    /// YAML.
    Yaml,
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl Format {
    /// Every format's id.
    pub const IDS: &[&str] = &["codeowners", "yaml", "toml", "json"];

    /// The format with this id.
    pub fn from_id(id: &str) -> Option<Format> {
        match id {
            "codeowners" => Some(Format::Codeowners),
            "yaml" => Some(Format::Yaml),
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Where `also` / `unless` look around a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Within {
    /// The matched text itself (for keys: the value).
    Match,
    /// The lines the match is on.
    Line,
    /// The parentheses of the call that the match opens (`load_dataset(...)`).
    Call,
    /// The Markdown section under a matched heading.
    Section,
    /// The whole file.
    File,
}

/// Which span a hit reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanMode {
    /// The matched text (a key, a heading's text).
    Match,
    /// The whole line, without surrounding blanks.
    Line,
    /// The whole call, from the match to its closing parenthesis.
    Call,
    /// The Markdown heading of the section the match is in (the match itself outside any section).
    Heading,
}

/// A compiled matcher.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Globs selecting the files, relative to the root.
    pub files: Vec<String>,
    /// Globs removing files from the selection.
    pub exclude: Option<std::sync::Arc<GlobSet>>,
    /// The same globs as written: matchers with the same list share one check per file.
    pub exclude_globs: Vec<String>,
    /// The test.
    pub test: Test,
    /// Where patterns may match.
    pub scope: Scope,
    /// Where `also` / `unless` look.
    pub within: Within,
    /// Must each also be found within the extent.
    pub also: Vec<LazyRegex>,
    /// None may be found within the extent.
    pub unless: Vec<LazyRegex>,
    /// Which span hits report.
    pub span: SpanMode,
    /// Report only the first hit in each file.
    pub once_per_file: bool,
    /// Hit a file only where there are at least this many matches (1: any).
    pub min_hits: usize,
    /// Hits count only in files every one of these references hits too.
    pub file_has: Vec<super::Ref>,
    /// Hits count only in files none of these references hits.
    pub file_lacks: Vec<super::Ref>,
    /// Hits count only in files that a file these globs select mentions (by
    /// path, relative path or folder), such as a results file a README links.
    pub mentioned_in: Vec<String>,
    /// The matcher that finds the mentions (set when the rule set is resolved).
    pub mentions: Option<usize>,
    /// `files` lists the places a tool looks for one file, in its order, and
    /// the tool reads only the first that exists: match only there, or only
    /// in the others (the ones it ignores).
    pub precedence: Option<Precedence>,
    /// Conditions on the file itself (git-lfs, size), checked before anything is read.
    pub filter: FileFilter,
    /// A hit on a template placeholder is dropped (every signal's matcher:
    /// evidence is never a `[TODO ...]`; see [`super::placeholder`]).
    pub skips_placeholders: bool,
    /// Literals every match must contain, found in one pass per file before
    /// the regex runs: worked out on first use (see [`Matcher::prefilter`]).
    pub(super) prefilter: std::sync::OnceLock<super::prefilter::Prefilter>,
}

/// Which of the places `files` lists, in order, a matcher looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precedence {
    /// Only the first that exists: the one the tool reads.
    First,
    /// Every one after the first that exists: those the tool never reads.
    Shadowed,
}

impl Precedence {
    /// Whether a matcher with this precedence looks at `path`, when the
    /// first of its places that exists is `first`.
    pub fn allows(self, path: &str, first: Option<&str>) -> bool {
        let is_first = first == Some(path);
        match self {
            Precedence::First => is_first,
            Precedence::Shadowed => !is_first,
        }
    }
}

/// Conditions on a file that do not need its content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFilter {
    /// The file is (or is not) stored through git-lfs, per `.gitattributes`.
    pub lfs: Option<bool>,
    /// The file is (or is not) in git's index. Outside git neither holds.
    pub tracked: Option<bool>,
    /// The file is at least this big.
    pub min_size: Option<Size>,
    /// The file is at most this big.
    pub max_size: Option<Size>,
}

/// A size bound: bytes, or a setting resolved to bytes when the rule set is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Size {
    /// A number of bytes.
    Bytes(u64),
    /// `"{setting-id}"`: a setting's value (see `[[setting]]` and the config's `[settings]`).
    Setting(String, Range<usize>),
}

impl Size {
    fn bytes(&self) -> Option<u64> {
        match self {
            Size::Bytes(b) => Some(*b),
            Size::Setting(..) => None,
        }
    }
}

/// What a file filter needs to know about a file.
pub struct FileFacts<'a> {
    /// Whether `.gitattributes` sends it through git-lfs.
    pub is_lfs: &'a dyn Fn() -> bool,
    /// Whether git tracks it (`None` outside git).
    pub tracked: Option<bool>,
    /// Its size.
    pub size: &'a mut dyn FnMut() -> Option<u64>,
}

impl FileFilter {
    /// Whether a size condition needs the file's size.
    pub fn needs_size(&self) -> bool {
        self.min_size.is_some() || self.max_size.is_some()
    }

    /// Whether a file passes.
    pub fn passes(&self, facts: FileFacts<'_>) -> bool {
        if let Some(want) = self.lfs
            && (facts.is_lfs)() != want
        {
            return false;
        }
        if let Some(want) = self.tracked
            && facts.tracked != Some(want)
        {
            return false;
        }
        if self.needs_size() {
            let Some(size) = (facts.size)() else { return false };
            let min = self.min_size.as_ref().map(|s| s.bytes());
            let max = self.max_size.as_ref().map(|s| s.bytes());
            if min.is_some_and(|m| m.is_none_or(|m| size < m)) || max.is_some_and(|m| m.is_none_or(|m| size > m)) {
                return false;
            }
        }
        true
    }
}

/// One place a matcher matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Which text of the file the span is in.
    pub origin: Origin,
    /// The span, or `None` for a whole-file hit (an existence test).
    pub span: Option<Range<usize>>,
    /// The matched text (first line, trimmed), for messages.
    pub text: String,
    /// Named capture groups, for messages.
    pub captures: Vec<(String, String)>,
}

/// For each searched text of a file (by origin), the byte ranges of the lines
/// a line-bounded pattern can match on.
pub type CandidateLines = [(Origin, Vec<Range<usize>>)];

const CALL_SCAN_LIMIT: usize = 16 * 1024;
const SHOWN_MATCH_CHARS: usize = 80;

impl Matcher {
    /// Every regex of the matcher: its pattern, heading or value, `also` and `unless`.
    pub fn regexes(&self) -> impl Iterator<Item = &LazyRegex> {
        let test = match &self.test {
            Test::Pattern(regex) | Test::Heading(regex) => Some(regex),
            Test::Key { value, .. } => value.as_ref(),
            Test::Column { header, .. } => Some(header),
            Test::Exists | Test::Invalid(_) => None,
        };
        let column_value = match &self.test {
            Test::Column { value, .. } => value.as_ref(),
            _ => None,
        };
        test.into_iter().chain(column_value).chain(&self.also).chain(&self.unless)
    }

    /// Whether the matcher must read files (everything but an existence test).
    pub fn reads_content(&self) -> bool {
        !matches!(self.test, Test::Exists)
    }

    /// The literals every match must contain. Working them out means
    /// analysing the pattern, so it is done when a file the matcher selects
    /// is first searched, not when the pack is read.
    pub fn prefilter(&self) -> &super::prefilter::Prefilter {
        self.prefilter.get_or_init(|| match &self.test {
            Test::Pattern(regex) => regex.prefilter().clone(),
            Test::Key { path, .. } => super::prefilter::of_key_path(path),
            _ => super::prefilter::Prefilter::default(),
        })
    }

    /// Whether `path` is removed by `exclude`.
    pub fn is_excluded(&self, path: &str) -> bool {
        self.exclude.as_ref().is_some_and(|set| set.is_match(path))
    }

    /// The hit of an existence test.
    pub fn exists_hit(path: &str) -> Found {
        Found { origin: Origin::File, span: None, text: path.to_string(), captures: Vec::new() }
    }

    /// Every hit in `file` (which the globs selected).
    pub fn find(&self, file: &SourceFile, out: &mut Vec<Found>) {
        self.find_in(file, None, out)
    }

    /// Every hit in `file`; a pattern searches only `lines`, when given
    /// (see [`super::prefilter`]: its matches cannot be anywhere else).
    pub fn find_in(&self, file: &SourceFile, lines: Option<&CandidateLines>, out: &mut Vec<Found>) {
        if self.min_hits <= 1 {
            return self.find_all(file, lines, out);
        }
        // Count every match, then keep them (or the first) only if there are enough.
        let counting = Matcher { once_per_file: false, min_hits: 1, ..self.clone() };
        let mut found = Vec::new();
        counting.find_all(file, lines, &mut found);
        if found.len() >= self.min_hits {
            found.truncate(if self.once_per_file { 1 } else { found.len() });
            out.extend(found);
        }
    }

    fn find_all(&self, file: &SourceFile, lines: Option<&CandidateLines>, out: &mut Vec<Found>) {
        match &self.test {
            Test::Exists => out.push(Matcher::exists_hit(&file.path)),
            Test::Pattern(regex) => self.find_pattern(regex.get(), file, lines, out),
            Test::Heading(regex) => self.find_heading(regex.get(), file, out),
            Test::Key { path, value, .. } => self.find_key(path, value.as_ref().map(LazyRegex::get), file, out),
            Test::Invalid(format) => find_invalid(*format, file, out),
            Test::Column { header, value } => {
                self.find_column(header.get(), value.as_ref().map(LazyRegex::get), file, out)
            }
        }
    }

    fn find_column(&self, header: &Regex, value: Option<&Regex>, file: &SourceFile, out: &mut Vec<Found>) {
        let (tables, origin) = file.tables();
        let text = file.origin_text(origin);
        let segment = Segment::whole(text, origin);
        for table in tables {
            for (column, head) in table.header.iter().enumerate() {
                let title = &text[head.clone()];
                if !header.is_match(title) {
                    continue;
                }
                for row in &table.rows {
                    let Some(cell) = row.cells.get(column) else { continue };
                    let content = &text[cell.clone()];
                    if content.is_empty() || value.is_some_and(|v| !v.is_match(content)) {
                        continue;
                    }
                    let extent = match self.within {
                        Within::Match => cell.clone(),
                        Within::Line | Within::Call => row.line.clone(),
                        Within::Section => table.span.clone(),
                        Within::File => 0..text.len(),
                    };
                    if !self.conditions_hold(&segment, extent) || self.on_placeholder(text, row.line.clone()) {
                        continue;
                    }
                    let span = match self.span {
                        SpanMode::Heading => enclosing_heading(file, origin, cell.start).unwrap_or(cell.clone()),
                        SpanMode::Line => row.line.clone(),
                        _ => cell.clone(),
                    };
                    out.push(Found {
                        origin,
                        text: shown(&text[span.clone()]),
                        span: Some(span),
                        captures: vec![("column".into(), shown(title))],
                    });
                    if self.once_per_file {
                        return;
                    }
                }
            }
        }
    }

    fn find_pattern(&self, regex: &Regex, file: &SourceFile, lines: Option<&CandidateLines>, out: &mut Vec<Found>) {
        let names: Vec<&str> = regex.group_info().pattern_names(PatternID::ZERO).flatten().collect();
        let named = !names.is_empty();
        let span_group = names.contains(&"span");
        for segment in file.segments(self.scope) {
            let text = segment.text;
            let everything = 0..text.len();
            let ranges: &[Range<usize>] = match lines {
                None => std::slice::from_ref(&everything),
                Some(lines) => lines.iter().find(|(o, _)| *o == segment.origin).map_or(&[], |(_, r)| r.as_slice()),
            };
            let mut push = |range: Range<usize>, captures: Vec<(String, String)>| -> bool {
                if range.is_empty() || !segment.allows(range.start) {
                    return false;
                }
                let extent = self.extent(text, range.clone(), None);
                if !self.conditions_hold(&segment, extent) || self.on_placeholder(text, range.clone()) {
                    return false;
                }
                let span = match self.span {
                    SpanMode::Match => range.clone(),
                    SpanMode::Line => trimmed(text, line_extent(text, range.clone())),
                    SpanMode::Call => call_extent(text, range.clone()),
                    SpanMode::Heading => enclosing_heading(file, segment.origin, range.start).unwrap_or(range.clone()),
                };
                // Messages quote what the finding points at: the match, or its whole line or call.
                out.push(Found {
                    origin: segment.origin,
                    span: Some(span.clone()),
                    text: shown(&text[span]),
                    captures,
                });
                true
            };
            for range in ranges {
                // A line is searched on its own: the pattern's `^`, `$` and `\b` see the same neighbours there.
                let (base, part) = (range.start, &text[range.clone()]);
                if named {
                    for caps in regex.captures_iter(part) {
                        let Some(whole) = caps.get_match() else { continue };
                        // `(?P<span>...)` narrows the hit to what the rule is about, past any context the pattern needed.
                        let hit = caps.get_group_by_name("span").filter(|_| span_group).unwrap_or_else(|| whole.span());
                        // A group on the branch of an alternation that did not match reads as empty:
                        // `{package}{url}` shows whichever of the two the line has.
                        let captures = names
                            .iter()
                            .filter(|name| **name != "span")
                            .map(|&name| {
                                let group = caps.get_group_by_name(name);
                                (name.to_string(), group.map(|g| shown(&part[g.range()])).unwrap_or_default())
                            })
                            .collect();
                        if push(base + hit.start..base + hit.end, captures) && self.once_per_file {
                            return;
                        }
                    }
                } else {
                    for m in regex.find_iter(part) {
                        if push(base + m.start()..base + m.end(), Vec::new()) && self.once_per_file {
                            return;
                        }
                    }
                }
            }
        }
    }

    fn find_heading(&self, regex: &Regex, file: &SourceFile, out: &mut Vec<Found>) {
        let (headings, origin) = file.headings();
        let text = file.origin_text(origin);
        // `scope` says where in a section `also` / `unless` look: with `prose`, not in its code blocks.
        let segment =
            file.segments(self.scope).into_iter().find(|s| s.origin == origin).unwrap_or(Segment::whole(text, origin));
        for heading in headings {
            let title = &text[heading.text.clone()];
            if !regex.is_match(title) {
                continue;
            }
            let extent = self.extent(text, heading.text.clone(), Some(heading.section.clone()));
            if !self.conditions_hold(&segment, extent) || self.on_placeholder(text, heading.text.clone()) {
                continue;
            }
            out.push(Found { origin, span: Some(heading.text.clone()), text: shown(title), captures: Vec::new() });
            if self.once_per_file {
                return;
            }
        }
    }

    fn find_key(&self, path: &[KeyStep], value: Option<&Regex>, file: &SourceFile, out: &mut Vec<Found>) {
        let text = &file.text;
        if !keys_may_be_present(path, &file.path, text) {
            return;
        }
        let segment = Segment::whole(text, Origin::File);
        for doc in file.documents() {
            for hit in doc.find_path(path) {
                let scalar = hit.value.as_matched_scalar();
                if let Some(value) = value
                    && !scalar.is_some_and(|s| value.is_match(s))
                {
                    continue;
                }
                let value_span = hit.value.span.start.min(text.len())..hit.value.span.end.min(text.len());
                // `also` / `unless` read the value: its scalar, or its text in the file.
                let passes = match (scalar, self.within) {
                    (Some(s), Within::Match) => {
                        self.also.iter().all(|r| r.get().is_match(s))
                            && !self.unless.iter().any(|r| r.get().is_match(s))
                    }
                    _ => self.conditions_hold(&segment, self.extent(text, value_span.clone(), None)),
                };
                let on_placeholder = self.skips_placeholders
                    && (scalar.is_some_and(super::placeholder::holds) || self.on_placeholder(text, value_span));
                if !passes || on_placeholder {
                    continue;
                }
                let shown_text = hit.value.as_scalar().map(shown).unwrap_or_else(|| shown(&text[hit.span.clone()]));
                out.push(Found {
                    origin: Origin::File,
                    span: Some(hit.span.clone()),
                    text: shown_text,
                    captures: Vec::new(),
                });
                if self.once_per_file {
                    return;
                }
            }
        }
    }

    /// The text `also` / `unless` look in, around a match.
    fn extent(&self, text: &str, range: Range<usize>, section: Option<Range<usize>>) -> Range<usize> {
        match self.within {
            Within::Match => range,
            Within::Line => line_extent(text, range),
            Within::Call => call_extent(text, range),
            Within::Section => section.unwrap_or(0..text.len()),
            Within::File => 0..text.len(),
        }
    }

    /// Whether a hit at `range` of `text` is on a template placeholder (on
    /// one of its lines), when this matcher skips them.
    fn on_placeholder(&self, text: &str, range: Range<usize>) -> bool {
        self.skips_placeholders && super::placeholder::holds(&text[line_extent(text, range)])
    }

    fn conditions_hold(&self, segment: &Segment<'_>, extent: Range<usize>) -> bool {
        let found = |regex: &LazyRegex, skip_placeholders: bool| {
            regex.get().find_iter(&segment.text[extent.clone()]).any(|m| {
                let at = extent.start + m.start()..extent.start + m.end();
                segment.allows(at.start) && !(skip_placeholders && self.on_placeholder(segment.text, at))
            })
        };
        // What `also` finds is evidence too: never a placeholder's example (`e.g. @your-org/ml`).
        self.also.iter().all(|r| found(r, true)) && !self.unless.iter().any(|r| found(r, false))
    }
}

/// Whether a YAML or JSON file may hold `path`: each named step of the path
/// appears in the text as a key (`name:`, `"name":`). Parsing a document is
/// the most a key test costs, and most configs hold none of the keys a rule
/// asks for. Other formats (TOML tables, Markdown front matter) are parsed.
fn keys_may_be_present(path: &[KeyStep], file: &str, text: &str) -> bool {
    let structured = [".json", ".yaml", ".yml"].iter().any(|ext| file.ends_with(ext));
    if !structured {
        return true;
    }
    let bytes = text.as_bytes();
    let as_key = |name: &str| {
        memchr::memmem::find_iter(bytes, name.as_bytes()).any(|at| {
            let mut rest = &bytes[at + name.len()..];
            if let Some((b'"' | b'\'', tail)) = rest.split_first() {
                rest = tail;
            }
            let rest = rest.iter().skip_while(|b| **b == b' ' || **b == b'\t');
            rest.take(1).any(|b| *b == b':')
        })
    };
    path.iter().all(|step| match step {
        KeyStep::Key(names) => names.iter().any(|name| as_key(name)),
        KeyStep::Any | KeyStep::Deep => true,
    })
}

/// The text of the heading whose section holds `offset` (the innermost), in `origin`'s text.
fn enclosing_heading(file: &SourceFile, origin: Origin, offset: usize) -> Option<Range<usize>> {
    let (headings, heading_origin) = file.headings();
    if heading_origin != origin {
        return None;
    }
    // Headings are in text order: start from the last one before `offset` (a binary search, so
    // that a file of many headings and many hits costs no more than its hits), which is the
    // innermost section unless the offset is past that section's end.
    let before = headings.partition_point(|h| h.text.start <= offset);
    headings[..before].iter().rev().find(|h| h.section.end > offset).map(|h| h.text.clone())
}

/// Syntax errors of a file, one hit per error, pointing at the offending part or line.
fn find_invalid(format: Format, file: &SourceFile, out: &mut Vec<Found>) {
    let text = &file.text;
    let mut push = |span: Range<usize>, reason: String| {
        let span = if span.is_empty() { trimmed(text, line_extent(text, span.start..span.start)) } else { span };
        out.push(Found {
            origin: Origin::File,
            span: Some(span.clone()),
            text: shown(&text[span]),
            captures: vec![("reason".into(), reason)],
        });
    };
    match format {
        Format::Codeowners => {
            for error in crate::scan::formats::codeowners::CodeOwners::parse(text).errors {
                push(error.span, error.message);
            }
        }
        Format::Yaml => {
            if let Some((reason, at)) = crate::scan::formats::yaml::syntax_error(text) {
                push(at.min(text.len())..at.min(text.len()), reason);
            }
        }
        Format::Toml => {
            if let Err(e) = toml::de::DeTable::parse(text) {
                let at = e.span().map_or(0, |s| s.start).min(text.len());
                push(at..at, e.message().trim().to_string());
            }
        }
        Format::Json => {
            if let Err(e) = crate::scan::formats::json::parse(text) {
                let at = e.offset.min(text.len());
                push(at..at, e.message.to_string());
            }
        }
    }
}

/// The full lines a range touches.
fn line_extent(text: &str, range: Range<usize>) -> Range<usize> {
    let start = text[..range.start].rfind('\n').map_or(0, |n| n + 1);
    let end = text[range.end..].find('\n').map_or(text.len(), |n| range.end + n);
    start..end
}

/// A range without leading and trailing whitespace.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    start..start + slice.trim().len()
}

/// From the match to the parenthesis that closes the call it opens. The
/// opening parenthesis is the last one in the match, or the first after it.
/// Strings are skipped, so `f(")")` closes where Python would.
fn call_extent(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let open = match text[range.clone()].rfind('(') {
        Some(p) => range.start + p,
        None => {
            let rest = &text[range.end..];
            let skipped = rest.len() - rest.trim_start().len();
            if rest[skipped..].starts_with('(') {
                range.end + skipped
            } else {
                return range;
            }
        }
    };
    let limit = (open + CALL_SCAN_LIMIT).min(bytes.len());
    let mut depth = 0usize;
    let mut i = open;
    let mut quote: Option<u8> = None;
    while i < limit {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'\'' | b'"' => quote = Some(b),
                b'#' => {
                    // A comment inside a call runs to the end of its line.
                    i = text[i..limit].find('\n').map_or(limit, |n| i + n);
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return range.start..i + 1;
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    range.start..limit
}

/// A match as shown in messages: its first line, trimmed, runs of blanks
/// collapsed (CODEOWNERS aligns owners with spaces), shortened.
fn shown(text: &str) -> String {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").split_whitespace().collect::<Vec<_>>();
    let first = first.join(" ");
    let first = first.as_str();
    if first.chars().count() > SHOWN_MATCH_CHARS {
        let cut: String = first.chars().take(SHOWN_MATCH_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        first.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::formats::document::parse_key_path;

    fn matcher(test: Test) -> Matcher {
        Matcher {
            files: vec!["**".into()],
            exclude: None,
            exclude_globs: Vec::new(),
            test,
            scope: Scope::Code,
            within: Within::Line,
            also: Vec::new(),
            unless: Vec::new(),
            span: SpanMode::Match,
            once_per_file: false,
            min_hits: 1,
            precedence: None,
            filter: FileFilter::default(),
            prefilter: Default::default(),
            file_has: Vec::new(),
            file_lacks: Vec::new(),
            mentioned_in: Vec::new(),
            mentions: None,
            skips_placeholders: false,
        }
    }

    fn re(p: &str) -> LazyRegex {
        LazyRegex::new(p, crate::rules::lazy_regex::Flags::LINES).unwrap()
    }

    #[test]
    fn calls_extend_to_their_closing_parenthesis() {
        let text = "ds = load_dataset(\n    \"imdb\",  # revision=\"x\"\n    split=f(\")\"),\n)\nrest";
        let at = text.find("load_dataset").unwrap();
        let call = call_extent(text, at..at + "load_dataset(".len());
        assert_eq!(&text[call.end - 1..call.end], ")");
        assert!(text[call.clone()].ends_with("),\n)"));
    }

    #[test]
    fn unless_in_call_ignores_comments_in_code_scope() {
        let src = SourceFile::new(
            "t.py".into(),
            "a = load_dataset(\"imdb\")  # revision='abc'\nb = load_dataset(\"imdb\", revision=\"0123456\")\n".into(),
        );
        let mut m = matcher(Test::Pattern(re(r"\bload_dataset\s*\(")));
        m.within = Within::Call;
        m.unless = vec![re(r"\brevision\s*=")];
        m.span = SpanMode::Call;
        let mut out = Vec::new();
        m.find(&src, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(&src.text[out[0].span.clone().unwrap()], "load_dataset(\"imdb\")");
    }

    #[test]
    fn code_scope_skips_comments_and_docstrings() {
        let src = SourceFile::new(
            "m.py".into(),
            "\"\"\"import evidently is planned\"\"\"\n# import evidently\nimport evidently\n".into(),
        );
        let m = matcher(Test::Pattern(re(r"^\s*import\s+evidently\b")));
        let mut out = Vec::new();
        m.find(&src, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(src.location(out[0].origin, out[0].span.clone().unwrap()).line, 3);
    }

    #[test]
    fn headings_with_section_conditions() {
        let src = SourceFile::new(
            "README.md".into(),
            "# M\n## Metrics\n[More Information Needed]\n## Results\n| acc | 0.93 |\n".into(),
        );
        let mut m = matcher(Test::Heading(re(r"(?i)^(metrics|results)$")));
        m.within = Within::Section;
        m.also = vec![re(r"\d")];
        let mut out = Vec::new();
        m.find(&src, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "Results");
    }

    #[test]
    fn keys_with_value_patterns() {
        let src = SourceFile::new(
            "environment.yml".into(),
            "channels:\n  - conda-forge\ndependencies:\n  - numpy=1.26\n  - pandas==2.1.0\n  - pip:\n    - torch\n"
                .into(),
        );
        let m = matcher(Test::Key {
            path: parse_key_path("dependencies.*"),
            display: "dependencies.*".into(),
            value: Some(re(r"^[A-Za-z0-9_.-]+(=[^=]*)?$")),
        });
        let mut out = Vec::new();
        m.find(&src, &mut out);
        assert_eq!(out.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(), ["numpy=1.26"]);
    }
}

#[cfg(test)]
mod precedence_tests {
    use super::Precedence;

    #[test]
    fn the_first_place_found_is_read_and_the_others_are_shadowed() {
        let first = Some(".github/CODEOWNERS");
        assert!(Precedence::First.allows(".github/CODEOWNERS", first));
        assert!(!Precedence::First.allows("CODEOWNERS", first));
        assert!(Precedence::Shadowed.allows("CODEOWNERS", first));
        assert!(!Precedence::Shadowed.allows(".github/CODEOWNERS", first));
        // None of the places exists: nothing is read, nothing is shadowed by another.
        assert!(!Precedence::First.allows("CODEOWNERS", None));
    }
}

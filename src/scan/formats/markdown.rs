//! Markdown structure: front matter, headings and the sections under them, tables.
//!
//! A line-based reader, not a CommonMark parser: it knows the few block structures that
//! decide whether a line is a heading or a table row (fenced and indented code, HTML comments,
//! block quotes, HTML blocks), in one pass over the lines. Every file in a scanned tree may be
//! hostile: the work is linear in the text, and every offset is a character boundary.
//!
//! Measured against pulldown-cmark (0.13, default features off) on 3,000 generated READMEs
//! and model cards (27 MB), the shared `markdown_non_prose` pass left out: 4.0 ms/MB for
//! `headings` and `tables` here, HTML included, against 5.3 ms/MB for one pulldown-cmark pass
//! given the same HTML scan (it leaves `<h2>` and `<table>` as raw HTML), 4.4 without it.

use crate::scan::formats::lexer::Regions;
use std::ops::Range;

/// A heading and the section it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##` (and setext `---`), up to 6.
    pub level: u8,
    /// The heading's text, without `#` marks (of an HTML heading, without the tags around it).
    pub text: Range<usize>,
    /// The section: from the line after the heading (after an HTML heading's closing tag) to the
    /// next heading of the same or a higher level; in a block quote, to the quote's end at most.
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

/// Where the body starts: after the front matter and its closing line.
fn body_start(text: &str) -> usize {
    front_matter(text).map_or(0, |fm| text[fm.end..].find('\n').map_or(text.len(), |n| fm.end + n + 1))
}

/// One line of a Markdown text, as the readers see it.
#[derive(Debug, Clone)]
struct Line {
    /// Where the line starts.
    start: usize,
    /// Where its content starts: after its block-quote markers (`> `, `> > `), if any.
    inner: usize,
    /// Where it ends, before its line break.
    end: usize,
    /// Where the next line starts.
    next: usize,
    /// How many block quotes hold it (0 outside any).
    depth: usize,
    /// Not in fenced code (also a fence inside a block quote) or an HTML comment.
    prose: bool,
    /// In an HTML block: from a line that starts with a tag to the next blank line.
    html: bool,
    /// The first line of an HTML block.
    html_start: bool,
}

/// The lines of a Markdown text from `start`, with their block quotes, fences and HTML blocks.
/// A single pass: each line is looked at once, its quote markers from the left.
struct Lines<'a> {
    text: &'a str,
    non_prose: &'a Regions,
    offset: usize,
    /// The first region of `non_prose` that does not end before `offset`.
    cursor: usize,
    /// A fence opened inside a block quote (the lexer sees only fences outside quotes):
    /// its quote depth, character and length.
    quoted_fence: Option<(usize, u8, usize)>,
    /// The quote depth of the HTML block the previous line was in.
    html: Option<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, non_prose: &'a Regions, start: usize) -> Self {
        Lines { text, non_prose, offset: start, cursor: 0, quoted_fence: None, html: None }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let start = self.offset;
        let rest = self.text.get(start..).filter(|rest| !rest.is_empty())?;
        let next = memchr::memchr(b'\n', rest.as_bytes()).map_or(self.text.len(), |n| start + n + 1);
        self.offset = next;
        let content = self.text[start..next].trim_end_matches(['\n', '\r']);
        let (depth, markers) = quote_markers(content);
        let body = &content[markers..];
        // Lines come in order: a walk through the regions finds the one a line may start in.
        let regions = self.non_prose.ranges();
        while regions.get(self.cursor).is_some_and(|r| r.end <= start) {
            self.cursor += 1;
        }
        let mut prose = regions.get(self.cursor).is_none_or(|r| r.start > start);
        let mut in_quoted_fence = false;
        match self.quoted_fence {
            Some((fence_depth, ch, len)) if depth >= fence_depth => {
                prose = false;
                in_quoted_fence = true;
                let closes = fence(body).is_some_and(|(c, run, rest)| c == ch && run >= len && rest.trim().is_empty());
                if depth == fence_depth && closes {
                    self.quoted_fence = None;
                }
            }
            _ => {
                // A fence in a quote ends with the quote, if not before.
                self.quoted_fence = None;
                if depth > 0
                    && prose
                    && let Some((ch, run, _)) = fence(body)
                {
                    self.quoted_fence = Some((depth, ch, run));
                    prose = false;
                    in_quoted_fence = true;
                }
            }
        }
        let blank = body.trim().is_empty();
        let (html, html_start) = match self.html {
            Some(d) if d == depth && !blank && !in_quoted_fence => (true, false),
            _ => {
                let opens = prose && opens_html_block(body);
                self.html = opens.then_some(depth);
                (opens, opens)
            }
        };
        Some(Line { start, inner: start + markers, end: start + content.len(), next, depth, prose, html, html_start })
    }
}

/// The block-quote markers that open a line (`>`, `> > `, `>>`, each after at most three
/// spaces and followed by an optional space or tab): how many, and the length they take.
fn quote_markers(line: &str) -> (usize, usize) {
    let bytes = line.as_bytes();
    let (mut depth, mut at) = (0, 0);
    loop {
        let spaces = bytes[at..].iter().take_while(|&&b| b == b' ').count();
        if spaces > 3 || bytes.get(at + spaces) != Some(&b'>') {
            return (depth, at);
        }
        at += spaces + 1;
        if matches!(bytes.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        depth += 1;
    }
}

/// A code fence (three or more backticks or tildes, after at most three spaces): its
/// character, its length and what follows it.
fn fence(body: &str) -> Option<(u8, usize, &str)> {
    let trimmed = body.trim_start_matches(' ');
    let ch = *trimmed.as_bytes().first().filter(|&&c| c == b'`' || c == b'~')?;
    let run = trimmed.bytes().take_while(|&b| b == ch).count();
    (body.len() - trimmed.len() <= 3 && run >= 3).then(|| (ch, run, &trimmed[run..]))
}

/// Whether a line opens an HTML block: after at most three spaces (four make an indented
/// code block), an opening or closing tag (`<h2`, `</div`, `<table>`).
fn opens_html_block(body: &str) -> bool {
    let trimmed = body.trim_start_matches(' ');
    let b = trimmed.as_bytes();
    body.len() - trimmed.len() <= 3
        && b.first() == Some(&b'<')
        && match b.get(1) {
            Some(b'/') => b.get(2).is_some_and(u8::is_ascii_alphabetic),
            Some(c) => c.is_ascii_alphabetic(),
            None => false,
        }
}

/// An HTML tag in an HTML block.
struct Tag<'a> {
    /// The element's name, as written (`h2`, `TD`).
    name: &'a str,
    /// A closing tag (`</td>`).
    close: bool,
    /// Where the tag starts (its `<`) and ends (after its `>`).
    span: Range<usize>,
    /// Where the line of its `<` starts.
    line_start: usize,
}

/// The tags of an HTML block (`block`, whose first line starts at `line_start`), outside
/// HTML comments: each byte is looked at once. `cursor` walks `non_prose` across blocks,
/// which come in text order.
fn html_tags(
    text: &str,
    block: Range<usize>,
    mut line_start: usize,
    non_prose: &Regions,
    cursor: &mut usize,
    mut found: impl FnMut(Tag<'_>),
) {
    let bytes = text.as_bytes();
    let regions = non_prose.ranges();
    let (mut at, end) = (block.start, block.end.min(bytes.len()));
    let mut seen = at; // bytes before this have been searched for line breaks
    while at < end {
        let Some(lt) = memchr::memchr(b'<', &bytes[at..end]).map(|n| at + n) else { return };
        while regions.get(*cursor).is_some_and(|r| r.end <= lt) {
            *cursor += 1;
        }
        if let Some(region) = regions.get(*cursor).filter(|r| r.start <= lt) {
            at = region.end; // a comment (`<!-- <h2>Metrics</h2> -->`) or fenced code
            continue;
        }
        let close = bytes.get(lt + 1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(close);
        let name_end = name_start
            + bytes.get(name_start..end).unwrap_or_default().iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        let named = name_end > name_start && bytes[name_start].is_ascii_alphabetic();
        if !named || !matches!(bytes.get(name_end), Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')) {
            at = name_end.max(lt + 1);
            continue;
        }
        let Some(gt) = memchr::memchr(b'>', &bytes[name_end..end]).map(|n| name_end + n) else { return };
        if let Some(n) = memchr::memrchr(b'\n', &bytes[seen..lt]) {
            line_start = seen + n + 1;
        }
        seen = lt;
        found(Tag { name: &text[name_start..name_end], close, span: lt..gt + 1, line_start });
        at = gt + 1;
    }
}

/// `range` without the whitespace and the tags around its text: `<b>0.91</b>` is `0.91`,
/// `<a id="m"></a> Metrics` is `Metrics`. Linear: each byte is passed over once.
fn inner_text(text: &str, mut range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let is_tag = |at: usize| bytes.get(at + 1).is_some_and(|&b| b.is_ascii_alphabetic() || b == b'/' || b == b'!');
    loop {
        let s = &text[range.clone()];
        let lead = s.len() - s.trim_start().len();
        range = range.start + lead..range.start + lead + s.trim().len();
        let s = &bytes[range.clone()];
        if s.first() == Some(&b'<')
            && is_tag(range.start)
            && let Some(gt) = memchr::memchr(b'>', s)
        {
            range.start += gt + 1;
        } else if s.last() == Some(&b'>')
            && let Some(lt) = memchr::memrchr(b'<', s).filter(|&lt| is_tag(range.start + lt))
        {
            range.end = range.start + lt;
        } else {
            return range;
        }
    }
}

/// The level of a heading element (`h1` .. `h6`).
fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [h, d @ b'1'..=b'6'] if h.eq_ignore_ascii_case(&b'h') => Some(d - b'0'),
        _ => None,
    }
}

/// A heading as it is found, before its section is known.
struct Found {
    level: u8,
    title: Range<usize>,
    /// Where its section starts: the line after it (after the closing tag of an HTML heading).
    body: usize,
    /// Where the heading's first line starts: the section before it ends there.
    begin: usize,
    /// The block quote that holds it (an index into the quotes), if any.
    quote: Option<usize>,
}

/// The headings of a Markdown text, skipping front matter and anything in
/// `non_prose` (fenced code, HTML comments): ATX (`## Metrics`) and setext
/// (`Metrics` over `---`) headings, also inside block quotes (`> ## Metrics`),
/// and HTML headings (`<h2 id="m">Metrics</h2>`) in HTML blocks.
///
/// A heading in a block quote opens a section that ends with the quote at the
/// latest, and does not end the sections of the headings around the quote.
pub fn headings(text: &str, non_prose: &Regions) -> Vec<Heading> {
    let mut found: Vec<Found> = Vec::new();
    let mut quotes: Vec<Range<usize>> = Vec::new(); // runs of quoted lines
    let mut in_quote = false;
    let mut blocks: Vec<(Range<usize>, usize, Option<usize>)> = Vec::new(); // HTML blocks: span, line start, quote
    // The previous line, which a setext underline makes a heading: its text, whether it can be a
    // title (a paragraph line), its quote depth and where it starts.
    let mut previous: Option<(Range<usize>, bool, usize, usize)> = None;
    for line in Lines::new(text, non_prose, body_start(text)) {
        if line.depth == 0 {
            in_quote = false;
        } else if in_quote && let Some(quote) = quotes.last_mut() {
            quote.end = line.next;
        } else {
            quotes.push(line.start..line.next);
            in_quote = true;
        }
        let quote = (line.depth > 0).then(|| quotes.len() - 1);
        if line.html_start {
            blocks.push((line.inner..line.end, line.start, quote));
        } else if line.html
            && let Some(block) = blocks.last_mut()
        {
            block.0.end = line.end;
        }
        if !line.prose {
            previous = None;
            continue;
        }
        let content = &text[line.inner..line.end];
        let trimmed = content.trim_start_matches(' ');
        let indent = content.len() - trimmed.len();
        if indent <= 3 && trimmed.starts_with('#') {
            let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
            let rest = &trimmed[hashes..];
            if hashes <= 6 && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
                let title = rest.trim().trim_end_matches('#').trim_end();
                let title_start = line.inner + indent + hashes + (rest.len() - rest.trim_start().len());
                let title = title_start..title_start + title.len();
                found.push(Found { level: hashes as u8, title, body: line.next, begin: line.start, quote });
                previous = None;
                continue;
            }
        }
        let underline = trimmed.trim_end();
        let is_underline = indent <= 3
            && !underline.is_empty()
            && (underline.bytes().all(|b| b == b'=') || underline.bytes().all(|b| b == b'-'));
        if is_underline
            && let Some((title, true, depth, begin)) = previous.take()
            && depth == line.depth
        {
            let level = if underline.starts_with('=') { 1 } else { 2 };
            found.push(Found { level, title, body: line.next, begin, quote });
            continue;
        }
        let is_paragraph = !trimmed.is_empty()
            && indent <= 3
            && !trimmed.starts_with(['-', '*', '+', '>', '|', '<'])
            && !trimmed.starts_with(|c: char| c.is_ascii_digit());
        previous = if trimmed.is_empty() {
            None
        } else {
            let start = line.inner + indent;
            Some((start..start + trimmed.trim_end().len(), is_paragraph, line.depth, line.start))
        };
    }
    let before_html = found.len();
    let mut cursor = 0;
    for (block, line_start, quote) in blocks {
        // An HTML heading opens and closes within its block: `<h2>Metrics</h2>`, over lines too.
        let mut open: Option<(u8, usize, usize)> = None; // level, content start, line start
        html_tags(text, block, line_start, non_prose, &mut cursor, |tag| {
            let Some(level) = heading_level(tag.name) else { return };
            if !tag.close {
                open = Some((level, tag.span.end, tag.line_start));
            } else if let Some((open_level, content, begin)) = open.take() {
                let title = inner_text(text, content..tag.span.start);
                if open_level == level && !title.is_empty() {
                    found.push(Found { level, title, body: tag.span.end, begin, quote });
                }
            }
        });
    }
    if found.len() > before_html {
        found.sort_by_key(|f| f.title.start); // stable, and both halves are in order already
    }
    // A section ends at the next heading of the same or a higher level (in the same block
    // quote, or at the quote's end): found from the last heading back with a stack of the
    // headings still open, in linear time (a file of a hundred thousand headings must not
    // take quadratic work). Headings in a quote are consecutive, and open a stack of their own.
    let mut ends = vec![text.len(); found.len()];
    let mut open: Vec<usize> = Vec::new();
    let mut open_in_quote: (Option<usize>, Vec<usize>) = (None, Vec::new());
    for i in (0..found.len()).rev() {
        let (level, quote) = (found[i].level, found[i].quote);
        let open = match quote {
            None => &mut open,
            Some(q) => {
                if open_in_quote.0 != Some(q) {
                    open_in_quote = (Some(q), Vec::new());
                }
                &mut open_in_quote.1
            }
        };
        while open.last().is_some_and(|&j| found[j].level > level) {
            open.pop();
        }
        ends[i] = match (open.last(), quote) {
            (Some(&next), _) => found[next].begin,
            (None, Some(q)) => quotes[q].end,
            (None, None) => text.len(),
        };
        open.push(i);
    }
    found
        .into_iter()
        .zip(ends)
        .map(|(f, end)| Heading { level: f.level, text: f.title, section: f.body..end.max(f.body) })
        .collect()
}

/// A table: a GitHub-flavoured Markdown table (a header row, a delimiter row
/// `|---|:---:|`, then body rows until a blank line or a line without `|`),
/// or an HTML `<table>` (its first row is the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header cells, trimmed.
    pub header: Vec<Range<usize>>,
    /// The body rows.
    pub rows: Vec<Row>,
    /// From the header row to the end of the last row (of an HTML table: from `<table>` to `</table>`).
    pub span: Range<usize>,
}

/// One body row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row's line, without its line break (and its block-quote markers); of an HTML
    /// table, the row from `<tr>` to `</tr>`.
    pub line: Range<usize>,
    /// Its cells, trimmed (of an HTML table, also of the tags around their text), in column order.
    pub cells: Vec<Range<usize>>,
}

/// The tables of a Markdown text, skipping front matter and anything in `non_prose`:
/// Markdown tables (also in block quotes) and HTML tables (`<table>` in HTML blocks), in
/// text order. One pass over the lines, each HTML block read for tags once it ends.
pub fn tables(text: &str, non_prose: &Regions) -> Vec<Table> {
    let mut out = Vec::new();
    let mut html = HtmlTables::default();
    let mut block: Option<(Range<usize>, usize)> = None; // the HTML block so far, and its line start
    let mut previous: Option<Line> = None; // a line with `|` that may be a header row
    let mut table: Option<(Table, usize)> = None; // the Markdown table being read, and its quote depth
    for line in Lines::new(text, non_prose, body_start(text)) {
        if line.html
            && !line.html_start
            && let Some((span, _)) = block.as_mut()
        {
            span.end = line.end;
        } else if let Some((span, line_start)) = block.take() {
            html.block(text, span, line_start, non_prose, &mut out);
        }
        if line.html_start {
            block = Some((line.inner..line.end, line.start));
        }
        let row = line.prose && text[line.inner..line.end].contains('|');
        if let Some((open, depth)) = table.as_mut() {
            if row && line.depth == *depth {
                open.rows.push(Row { line: line.inner..line.end, cells: cells(text, line.inner..line.end) });
                open.span.end = line.end;
                continue;
            }
            out.extend(table.take().map(|(t, _)| t));
        }
        if let Some(head) = previous.take().filter(|h| line.prose && line.depth == h.depth)
            && let Some(columns) = delimiter_columns(&text[line.inner..line.end])
        {
            let header = cells(text, head.inner..head.end);
            if header.len() == columns {
                table = Some((Table { header, rows: Vec::new(), span: head.inner..line.end }, line.depth));
                continue;
            }
        }
        previous = row.then_some(line);
    }
    out.extend(table.map(|(t, _)| t));
    if let Some((span, line_start)) = block {
        html.block(text, span, line_start, non_prose, &mut out);
    }
    html.finish(text, &mut out);
    // HTML tables come out as they close, after the Markdown tables before their end.
    if out.windows(2).any(|w| w[0].span.start > w[1].span.start) {
        out.sort_by_key(|t| t.span.start);
    }
    out
}

/// An HTML table still open.
struct OpenTable {
    start: usize,
    header: Option<Vec<Range<usize>>>,
    rows: Vec<Row>,
    /// The row being read: its span so far and its cells.
    row: Option<(Range<usize>, Vec<Range<usize>>)>,
    /// Where the text of the cell being read starts.
    cell: Option<usize>,
}

impl OpenTable {
    fn end_cell(&mut self, text: &str, at: usize) {
        if let Some(start) = self.cell.take() {
            let row = self.row.get_or_insert_with(|| (start..start, Vec::new()));
            row.1.push(inner_text(text, start..at));
            // A cell whose closing tag is left out ends with its text, not with the line break after it.
            row.0.end = row.0.end.max(start + text[start..at].trim_end().len());
        }
    }

    fn end_row(&mut self, text: &str, at: usize) {
        self.end_cell(text, at);
        match self.row.take() {
            Some((_, cells)) if self.header.is_none() => self.header = Some(cells),
            Some((line, cells)) => self.rows.push(Row { line, cells }),
            None => {}
        }
    }

    fn finish(mut self, text: &str, at: usize, end: usize) -> Table {
        self.end_row(text, at);
        Table { header: self.header.unwrap_or_default(), rows: self.rows, span: self.start..end }
    }
}

/// The HTML tables of a text's HTML blocks: `<table>`, `<tr>`, `<th>` and `<td>`, whose
/// closing tags HTML lets one leave out. A table may span several blocks (blank lines between
/// its rows), and hold tables in its cells.
#[derive(Default)]
struct HtmlTables {
    /// The tables still open, the innermost last.
    open: Vec<OpenTable>,
    /// Where the walk through `non_prose` is.
    cursor: usize,
    /// The end of the last block read.
    last: usize,
}

impl HtmlTables {
    /// Reads the tags of one HTML block (the blocks come in text order).
    fn block(&mut self, text: &str, block: Range<usize>, line_start: usize, non_prose: &Regions, out: &mut Vec<Table>) {
        self.last = block.end;
        let (open, cursor) = (&mut self.open, &mut self.cursor);
        html_tags(text, block, line_start, non_prose, cursor, |tag| {
            let name = tag.name;
            let is = |n: &str| name.eq_ignore_ascii_case(n);
            if is("table") {
                if !tag.close {
                    // A table in a cell ends the cell's text: each byte is in one cell at most.
                    if let Some(outer) = open.last_mut() {
                        outer.end_cell(text, tag.span.start);
                    }
                    open.push(OpenTable {
                        start: tag.span.start,
                        header: None,
                        rows: Vec::new(),
                        row: None,
                        cell: None,
                    });
                } else if let Some(table) = open.pop() {
                    out.push(table.finish(text, tag.span.start, tag.span.end));
                }
                return;
            }
            let Some(table) = open.last_mut() else { return };
            if is("tr") && tag.close {
                // `</tr>` ends the row it closes, and belongs to it.
                table.end_cell(text, tag.span.start);
                if let Some(row) = table.row.as_mut() {
                    row.0.end = tag.span.end;
                }
                table.end_row(text, tag.span.end);
            } else if is("tr") || is("thead") || is("tbody") || is("tfoot") {
                table.end_row(text, tag.span.start);
                if is("tr") {
                    table.row = Some((tag.span.clone(), Vec::new()));
                }
            } else if is("td") || is("th") {
                table.end_cell(text, tag.span.start);
                let row = table.row.get_or_insert_with(|| (tag.span.clone(), Vec::new()));
                row.0.end = tag.span.end;
                if !tag.close {
                    table.cell = Some(tag.span.end);
                }
            }
        });
    }

    /// Tables left open at the end of the text end with its last HTML block.
    fn finish(mut self, text: &str, out: &mut Vec<Table>) {
        while let Some(table) = self.open.pop() {
            out.push(table.finish(text, self.last, self.last));
        }
    }
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

#[cfg(test)]
mod quote_and_html_tests {
    use super::*;
    use crate::scan::formats::lexer::markdown_non_prose;

    /// (level, title, section trimmed) of each heading.
    fn titles(text: &str) -> Vec<(u8, &str, &str)> {
        headings(text, &markdown_non_prose(text))
            .into_iter()
            .map(|h| (h.level, &text[h.text], text[h.section].trim()))
            .collect()
    }

    /// Each table as its header and rows of cell texts.
    fn cell_texts(text: &str) -> Vec<(Vec<&str>, Vec<Vec<&str>>)> {
        let texts = |cells: &[Range<usize>]| cells.iter().map(|c| &text[c.clone()]).collect::<Vec<_>>();
        tables(text, &markdown_non_prose(text))
            .iter()
            .map(|t| (texts(&t.header), t.rows.iter().map(|r| texts(&r.cells)).collect()))
            .collect()
    }

    #[test]
    fn headings_in_block_quotes() {
        let text = "# Card\n> ## Metrics\n> accuracy on test 0.91\n>\n> > ### Slices\n> > f1 0.8\n\nafter\n";
        assert_eq!(
            titles(text),
            [
                (1, "Card", "> ## Metrics\n> accuracy on test 0.91\n>\n> > ### Slices\n> > f1 0.8\n\nafter"),
                // A quoted heading's section ends with the quote.
                (2, "Metrics", "> accuracy on test 0.91\n>\n> > ### Slices\n> > f1 0.8"),
                (3, "Slices", "> > f1 0.8"),
            ]
        );
        // No space after `>`, nesting written `>>`, a setext heading inside a quote.
        let text = ">## Metrics\n\n>> ### Results\n\n> Summary\n> -------\n> done\n";
        assert_eq!(titles(text), [(2, "Metrics", ""), (3, "Results", ""), (2, "Summary", "> done")]);
    }

    #[test]
    fn quoted_headings_do_not_end_the_sections_around_them() {
        let text = "## Results\n> # Note\n> preliminary\n\n| model | acc |\n## Next\n";
        let found = titles(text);
        assert_eq!(found[0], (2, "Results", "> # Note\n> preliminary\n\n| model | acc |"));
        assert_eq!(found[1], (1, "Note", "> preliminary"));
        assert_eq!(found[2], (2, "Next", ""));
    }

    #[test]
    fn html_headings() {
        let text =
            "## Intro\ntext\n<h2>Metrics</h2>\naccuracy 0.91\n<h3 id=\"x\">Evaluation results</h3>\nf1 0.8\n## Next\n";
        assert_eq!(
            titles(text),
            [
                (2, "Intro", "text"),
                (2, "Metrics", "accuracy 0.91\n<h3 id=\"x\">Evaluation results</h3>\nf1 0.8"),
                (3, "Evaluation results", "f1 0.8"),
                (2, "Next", ""),
            ]
        );
        // Over lines, in upper case, in a quote, around tags of their own, with non-ASCII text.
        let text = "<H2>\nMetrics\n</H2>\nacc 0.9\n\n> <h4>Quoted</h4>\n\n<div align=\"center\"><h1><a id=\"top\"></a> Modèle 📊 </h1></div>\n";
        assert_eq!(
            titles(text),
            [(2, "Metrics", "acc 0.9\n\n> <h4>Quoted</h4>"), (4, "Quoted", ""), (1, "Modèle 📊", "</div>")]
        );
        // In an HTML block, the heading's line may be indented: `<div>` then `    <h2>`.
        assert_eq!(titles("<div>\n    <h2>Results</h2>\n</div>\n")[0].1, "Results");
    }

    #[test]
    fn near_misses_are_not_headings() {
        for text in [
            // In fenced code, in an HTML comment (on its line, after a tag, over lines).
            "```html\n<h2>Metrics</h2>\n```\n",
            "<!-- <h2>Metrics</h2> -->\n",
            "<p>Card</p> <!-- <h2>Metrics</h2> -->\n",
            "<!--\n<h2>Metrics</h2>\n## Results\n-->\n",
            // In an indented code block.
            "text\n\n    ## x\n",
            "text\n\n    <h2>x</h2>\n",
            // A quote line with no heading; a quoted fence; a setext underline outside the quote.
            "> Metrics are reported below.\n> #hashtag\n",
            "> ```python\n> # Results\n> print(1)\n> ```\n",
            "> Title\n---\n",
            // In prose (an inline code span), not an HTML block.
            "Write `<h2>Metrics</h2>` in your card.\n",
            // Mismatched, empty, or not closed before the block ends.
            "<h2>Metrics</h3>\n",
            "<h2> <br> </h2>\n",
            "<h2>Metrics\n\nmore</h2>\n",
            // Not tags.
            "<h2x>Metrics</h2x>\n<h7>Metrics</h7>\n",
        ] {
            assert_eq!(titles(text), [], "{text:?}");
        }
    }

    #[test]
    fn html_tables() {
        let text = "<table><tr><th>metric</th><th>value</th></tr><tr><td>accuracy</td><td>0.91</td></tr></table>\n";
        assert_eq!(cell_texts(text), [(vec!["metric", "value"], vec![vec!["accuracy", "0.91"]])]);
        let found = tables(text, &markdown_non_prose(text));
        assert_eq!(&text[found[0].span.clone()], text.trim_end());
        assert_eq!(&text[found[0].rows[0].line.clone()], "<tr><td>accuracy</td><td>0.91</td></tr>");

        // Over lines, with thead and tbody, attributes, tags around cell text, closing tags left
        // out, non-ASCII text, and a blank line between rows (the next row indented less than four
        // spaces: four would make it an indented code block).
        let text = "# Results\n\n<table>\n  <thead>\n    <tr>\n      <th align=\"left\">Model</th>\n      <TH>Top-1 Acc</TH>\n    </tr>\n  </thead>\n  <tbody>\n    <tr><td><a href=\"x\">ViT-S</a></td><td><b>81.2</b></td></tr>\n\n  <tr><td>日本語 BERT<td>79.0\n  </tbody>\n</table>\n";
        assert_eq!(
            cell_texts(text),
            [(vec!["Model", "Top-1 Acc"], vec![vec!["ViT-S", "81.2"], vec!["日本語 BERT", "79.0"]])]
        );
        let found = tables(text, &markdown_non_prose(text));
        let rows: Vec<&str> = found[0].rows.iter().map(|r| &text[r.line.clone()]).collect();
        assert_eq!(
            rows,
            ["<tr><td><a href=\"x\">ViT-S</a></td><td><b>81.2</b></td></tr>", "<tr><td>日本語 BERT<td>79.0"]
        );
    }

    #[test]
    fn tables_in_quotes_and_in_text_order() {
        let text = "<table><tr><td>a</td></tr><tr><td>1</td></tr></table>\n\n> | b | c |\n> |---|---|\n> | 2 | 3 |\n\n<table><tr><th>d<tr><td>4</table>\n";
        assert_eq!(
            cell_texts(text),
            [(vec!["a"], vec![vec!["1"]]), (vec!["b", "c"], vec![vec!["2", "3"]]), (vec!["d"], vec![vec!["4"]]),]
        );
        let found = tables(text, &markdown_non_prose(text));
        assert_eq!(&text[found[1].rows[0].line.clone()], "| 2 | 3 |");
    }

    #[test]
    fn near_misses_are_not_tables() {
        for text in [
            "```html\n<table><tr><th>acc</th></tr><tr><td>0.9</td></tr></table>\n```\n",
            "<!-- <table><tr><th>acc</th></tr><tr><td>0.9</td></tr></table> -->\n",
            "text\n\n    <table><tr><th>acc</th></tr><tr><td>0.9</td></tr></table>\n",
            "Use `<table><tr><th>acc</th></tr><tr><td>0.9</td></tr></table>` for results.\n",
            "> ```\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n> ```\n",
            "> | a | b |\n|---|---|\n",
        ] {
            assert_eq!(cell_texts(text), [], "{text:?}");
        }
    }

    #[test]
    fn hostile_input_takes_linear_time() {
        // Each of these is half a megabyte or more: quadratic work would not finish.
        let many = "<h2>a</h2>".repeat(50_000);
        assert_eq!(headings(&many, &Regions::default()).len(), 50_000);
        for text in [
            "<h2>".repeat(125_000),
            "<table><tr><td>".repeat(35_000),
            "<td".repeat(150_000),
            format!("<h2>{}x{}</h2>", "<b>".repeat(100_000), "</b>".repeat(100_000)),
            format!("{}# x\n", "> ".repeat(250_000)),
            "> ```\n".repeat(100_000),
        ] {
            let _ = headings(&text, &markdown_non_prose(&text));
            let _ = tables(&text, &markdown_non_prose(&text));
        }
        let nested = "<table><tr><td>".repeat(35_000);
        assert_eq!(tables(&nested, &Regions::default()).len(), 35_000);
    }
}

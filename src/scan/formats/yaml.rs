//! YAML documents as [`Node`] trees with byte spans (via yaml-rust2's event
//! parser, which reports positions; its DOM does not).

use crate::scan::formats::document::{Entry, Node, NodeKind};
use crate::scan::formats::lines::{LineIndex, ceil_char_boundary};
use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deepest nesting read: real configs nest a dozen levels; a crafted file
/// nested ten thousand deep is refused as an error, not followed.
const MAX_DEPTH: usize = 256;

/// Where and why a YAML text does not parse: (message, byte offset).
pub fn syntax_error(text: &str) -> Option<(String, usize)> {
    let lines = LineIndex::new(text);
    let mut sink = Builder::new(text, &lines, None);
    read_events(text, &mut sink).err().map(|(message, mark)| {
        let offset = lines.offset_of(text, mark.line().max(1), mark.col() + 1);
        (message, offset)
    })
}

/// Parse every document of a YAML stream. Errors carry a message with the line.
pub fn parse(text: &str) -> Result<Vec<Node>, String> {
    parse_with(text, None)
}

/// [`parse`], with each alias (`*name`) replaced by a copy of the node its
/// anchor (`&name`) marks, as a YAML loader does; GitLab pipelines share
/// `rules` that way. Rules' key matching does not use this: a copy would be
/// a second hit at the anchor. The copies are bounded so that a few lines of
/// aliases of aliases cannot grow into billions of nodes: in all they hold
/// no more nodes than the text has bytes, and none nests deeper than
/// [`MAX_DEPTH`]; an alias past either bound reads as null.
pub fn parse_resolving_aliases(text: &str) -> Result<Vec<Node>, String> {
    parse_with(text, Some(Anchors { nodes: HashMap::new(), budget: text.len() }))
}

fn parse_with(text: &str, anchors: Option<Anchors>) -> Result<Vec<Node>, String> {
    let lines = LineIndex::new(text);
    let mut builder = Builder::new(text, &lines, anchors);
    read_events(text, &mut builder).map_err(|(message, mark)| format!("{message} at line {}", mark.line()))?;
    Ok(builder.docs)
}

/// Anchored nodes, by anchor id: the node, its size in nodes and its depth.
struct Anchors {
    nodes: HashMap<usize, (Node, usize, usize)>,
    /// How many more nodes copies may hold.
    budget: usize,
}

/// (nodes, depth) of a tree, without recursion.
fn size_and_depth(node: &Node) -> (usize, usize) {
    let (mut size, mut deepest) = (0, 0);
    let mut pending = vec![(node, 1)];
    while let Some((node, depth)) = pending.pop() {
        size += 1;
        deepest = deepest.max(depth);
        match &node.kind {
            NodeKind::Map(entries) => pending.extend(entries.iter().map(|e| (&e.value, depth + 1))),
            NodeKind::Seq(items) => pending.extend(items.iter().map(|i| (i, depth + 1))),
            _ => {}
        }
    }
    (size, deepest)
}

/// Feed the parser's events to `builder`, one at a time. yaml-rust2's own
/// loader recurses once per nesting level (a 20 KB file of `- - - ...`
/// overflows the stack); this loop keeps its own stack and bounds its depth.
fn read_events(text: &str, builder: &mut Builder<'_>) -> Result<(), (String, Marker)> {
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token().map_err(|e| (e.info().to_string(), *e.marker()))?;
        match event {
            Event::StreamEnd => return Ok(()),
            Event::MappingStart(..) | Event::SequenceStart(..) if builder.stack.len() >= MAX_DEPTH => {
                return Err((format!("nested deeper than {MAX_DEPTH} levels"), mark));
            }
            _ => builder.on_event(event, mark),
        }
    }
}

enum Frame {
    Map { start: usize, anchor: usize, entries: Vec<Entry>, key: Option<(String, std::ops::Range<usize>)> },
    Seq { start: usize, anchor: usize, items: Vec<Node> },
}

struct Builder<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    stack: Vec<Frame>,
    docs: Vec<Node>,
    /// Present when aliases are resolved.
    anchors: Option<Anchors>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, lines: &'a LineIndex, anchors: Option<Anchors>) -> Self {
        Builder { text, lines, stack: Vec::new(), docs: Vec::new(), anchors }
    }

    /// Remember a node its anchor marks (id 0: none).
    fn anchor(&mut self, id: usize, node: &Node) {
        if let Some(anchors) = self.anchors.as_mut().filter(|_| id > 0) {
            let (size, depth) = size_and_depth(node);
            anchors.nodes.insert(id, (node.clone(), size, depth));
        }
    }

    /// A copy of an anchored node, or null past the bounds.
    fn alias(&mut self, id: usize, at: usize) -> Node {
        let null = Node { kind: NodeKind::Null, span: at..at };
        let depth = self.stack.len();
        let Some(anchors) = self.anchors.as_mut() else { return null };
        match anchors.nodes.get(&id) {
            Some((node, size, deepest)) if *size <= anchors.budget && depth + deepest <= MAX_DEPTH => {
                anchors.budget -= size;
                node.clone()
            }
            _ => null,
        }
    }
}

impl Builder<'_> {
    fn offset(&self, mark: &Marker) -> usize {
        // yaml-rust2 counts columns in characters from 0; lines from 1.
        self.lines.offset_of(self.text, mark.line(), mark.col() + 1)
    }

    fn add(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    let text = match &node.kind {
                        NodeKind::Scalar(s) => s.clone(),
                        NodeKind::Null => String::new(),
                        _ => String::from("<complex key>"),
                    };
                    *key = Some((text, node.span));
                }
                Some((k, key_span)) => entries.push(Entry { key: k, key_span, value: node }),
            },
        }
    }
}

impl Builder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let at = self.offset(&mark);
        match event {
            Event::MappingStart(anchor, _) => {
                self.stack.push(Frame::Map { start: at, anchor, entries: Vec::new(), key: None })
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq { start: at, anchor, items: Vec::new() }),
            Event::MappingEnd | Event::SequenceEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Map { start, anchor, entries, .. }) => {
                        (Node { kind: NodeKind::Map(entries), span: start..at.max(start) }, anchor)
                    }
                    Some(Frame::Seq { start, anchor, items }) => {
                        (Node { kind: NodeKind::Seq(items), span: start..at.max(start) }, anchor)
                    }
                    None => return,
                };
                self.anchor(anchor, &node);
                self.add(node);
            }
            Event::Scalar(value, style, anchor, _) => {
                let quoted = !matches!(style, TScalarStyle::Plain);
                let kind = if !quoted && matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL") {
                    NodeKind::Null
                } else {
                    NodeKind::Scalar(value.clone())
                };
                let end = scalar_end(self.text, at, style, value.len());
                let node = Node { kind, span: at..end.max(at) };
                self.anchor(anchor, &node);
                self.add(node);
            }
            Event::Alias(id) => {
                let node = self.alias(id, at);
                self.add(node);
            }
            _ => {}
        }
    }
}

/// Where the source of a scalar that starts at `at` ends. A quoted scalar
/// ends at its closing quote: its value is shorter than its source wherever
/// it has an escape (`"\x61"`, `'it''s'`), so the value's length can land
/// inside a character. A plain or block scalar's source is its value with
/// line breaks folded, so its length is close; it is rounded up to a
/// character. Linear in the scalar's source.
fn scalar_end(text: &str, at: usize, style: TScalarStyle, value_len: usize) -> usize {
    let bytes = text.as_bytes();
    let quote = match style {
        TScalarStyle::DoubleQuoted => b'"',
        TScalarStyle::SingleQuoted => b'\'',
        _ => return ceil_char_boundary(text, at.saturating_add(value_len)),
    };
    if bytes.get(at) != Some(&quote) {
        return ceil_char_boundary(text, at.saturating_add(value_len + 2));
    }
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::formats::document::parse_key_path;

    #[test]
    fn a_scalar_spans_its_source_not_its_value() {
        // Found by fuzzing: the value's length (7 bytes) ended inside `€`.
        let text = "dependencies:\n  - \"\\x61=1=\u{20ac}\"\n  - 'it''s'\n  - plain \u{e9}t\u{e9}\n  - \"\\\"\"\n";
        let docs = parse(text).unwrap();
        let items = docs[0].find_path(&parse_key_path("dependencies.*"));
        let sources: Vec<&str> = items.iter().map(|hit| &text[hit.value.span.clone()]).collect();
        assert_eq!(sources, ["\"\\x61=1=\u{20ac}\"", "'it''s'", "plain \u{e9}t\u{e9}", "\"\\\"\""]);
    }

    #[test]
    fn keys_point_at_their_line() {
        let text = "stages:\n  train:\n    cmd: python train.py\n    metrics:\n      - metrics.json:\n          cache: false\n";
        let docs = parse(text).unwrap();
        let hits = docs[0].find_path(&parse_key_path("stages.*.metrics"));
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].span.clone()], "metrics");
        let cmd = docs[0].find_path(&parse_key_path("stages.train.cmd"));
        assert_eq!(cmd[0].value.as_scalar(), Some("python train.py"));
    }

    #[test]
    fn multi_document_streams_and_unicode() {
        let text = "name: é\n---\nkind: Rule\nalert: \"x\"\n";
        let docs = parse(text).unwrap();
        assert_eq!(docs.len(), 2);
        let alert = docs[1].find_path(&parse_key_path("alert"));
        assert_eq!(&text[alert[0].span.clone()], "alert");
        assert_eq!(&text[alert[0].value.span.clone()], "\"x\"");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("dependencies:\n  {}x\n", "- ".repeat(10_000));
        assert!(parse(&deep).unwrap_err().contains("nested deeper than"));
        assert!(syntax_error(&deep).is_some());
        let flow = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&flow).is_err());
        let fine = format!("a: {}1{}\n", "[".repeat(100), "]".repeat(100));
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn aliases_are_copies_of_their_anchors_within_bounds() {
        let text = ".rules: &churn\n  - changes: [a/**]\njob:\n  rules: *churn\n";
        let docs = parse_resolving_aliases(text).unwrap();
        let rules = docs[0].find_path(&parse_key_path("job.rules"));
        assert!(matches!(&rules[0].value.kind, NodeKind::Seq(items) if items.len() == 1));
        // Without resolving, an alias is null; rules' key matching sees one hit.
        let plain = parse(text).unwrap();
        assert!(matches!(plain[0].find_path(&parse_key_path("job.rules"))[0].value.kind, NodeKind::Null));
        // A billion laughs stays within the text's size in nodes.
        let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..30 {
            let p = i - 1;
            laughs.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let docs = parse_resolving_aliases(&laughs).unwrap();
        assert!(size_and_depth(&docs[0]).0 <= 2 * laughs.len());
    }

    #[test]
    fn invalid_yaml_is_an_error_not_a_panic() {
        assert!(parse("a: [1, 2\nb: }").is_err());
        assert!(parse("key: 'unterminated").is_err());
    }
}

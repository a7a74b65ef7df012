//! Structured documents (YAML, TOML, JSON, Markdown front matter) as one tree
//! with byte spans, so a rule can ask "does key `a.b` exist?" and point at it.

use std::ops::Range;

/// A value in a structured document, with its byte span in the file.
#[derive(Debug, Clone)]
pub struct Node {
    /// What the value is.
    pub kind: NodeKind,
    /// Where the value is, in bytes of the file it was parsed from.
    pub span: Range<usize>,
}

/// The shape of a [`Node`].
#[derive(Debug, Clone)]
pub enum NodeKind {
    /// A mapping (YAML mapping, TOML table, JSON object), in source order.
    Map(Vec<Entry>),
    /// A sequence (YAML sequence, TOML array, JSON array).
    Seq(Vec<Node>),
    /// A scalar, as text (strings decoded, numbers and booleans as written).
    Scalar(String),
    /// An explicit null / empty value.
    Null,
}

/// One key of a mapping.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key, decoded.
    pub key: String,
    /// Where the key is written.
    pub key_span: Range<usize>,
    /// The value under the key.
    pub value: Node,
}

/// One step of a key path: literal keys (`push|pull_request`), `*` (any key,
/// any element) or `**` (any number of steps, none included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyStep {
    /// One of these literal keys of a mapping.
    Key(Vec<String>),
    /// Any key of a mapping or any element of a sequence.
    Any,
    /// Any depth: zero or more steps of any key or element.
    Deep,
}

/// A key path such as `model-index.*.results.*.metrics`, `on.push|pull_request`
/// or `**.acc|accuracy` (a key at any depth). Repeated `**` steps are one.
pub fn parse_key_path(path: &str) -> Vec<KeyStep> {
    let mut steps: Vec<KeyStep> = Vec::new();
    for step in path.split('.') {
        let step = match step {
            "*" => KeyStep::Any,
            "**" => KeyStep::Deep,
            keys => KeyStep::Key(keys.split('|').map(String::from).collect()),
        };
        if !(step == KeyStep::Deep && steps.last() == Some(&KeyStep::Deep)) {
            steps.push(step);
        }
    }
    steps
}

/// What a key path reached: where to point, and the scalar there if any.
#[derive(Debug, Clone)]
pub struct KeyHit<'a> {
    /// The key (for a mapping step) or the element (for a sequence step) reached last.
    pub span: Range<usize>,
    /// The value reached.
    pub value: &'a Node,
}

impl Node {
    /// All places the key path reaches, in document order.
    pub fn find_path<'a>(&'a self, path: &[KeyStep]) -> Vec<KeyHit<'a>> {
        let mut out = Vec::new();
        self.walk_path(path, self.span.clone(), &mut out);
        if path.contains(&KeyStep::Deep) {
            // A deep step finds a node's own keys before its children's.
            out.sort_by_key(|hit| hit.span.start);
        }
        out
    }

    fn walk_path<'a>(&'a self, path: &[KeyStep], here: Range<usize>, out: &mut Vec<KeyHit<'a>>) {
        let Some((step, rest)) = path.split_first() else {
            out.push(KeyHit { span: here, value: self });
            return;
        };
        match (&self.kind, step) {
            // Zero steps here, or one step down with `**` still ahead.
            (kind, KeyStep::Deep) => {
                self.walk_path(rest, here, out);
                match kind {
                    NodeKind::Map(entries) => {
                        entries.iter().for_each(|e| e.value.walk_path(path, e.key_span.clone(), out));
                    }
                    NodeKind::Seq(items) => items.iter().for_each(|i| i.walk_path(path, i.span.clone(), out)),
                    _ => {}
                }
            }
            (NodeKind::Map(entries), KeyStep::Key(keys)) => {
                for entry in entries.iter().filter(|e| keys.contains(&e.key)) {
                    entry.value.walk_path(rest, entry.key_span.clone(), out);
                }
            }
            (NodeKind::Map(entries), KeyStep::Any) => {
                for entry in entries {
                    entry.value.walk_path(rest, entry.key_span.clone(), out);
                }
            }
            (NodeKind::Seq(items), KeyStep::Any) => {
                for item in items {
                    item.walk_path(rest, item.span.clone(), out);
                }
            }
            _ => {}
        }
    }

    /// The scalar text, if this is a scalar.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar a `value` regex reads: a null (`~`, `null`, nothing) reads
    /// as the empty string, so that `value = '^$'` finds an unset key.
    pub fn as_matched_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            NodeKind::Null => Some(""),
            _ => None,
        }
    }

    /// Whether the value is empty (null, empty string, empty mapping or sequence).
    pub fn is_empty(&self) -> bool {
        match &self.kind {
            NodeKind::Null => true,
            NodeKind::Scalar(s) => s.trim().is_empty(),
            NodeKind::Map(e) => e.is_empty(),
            NodeKind::Seq(i) => i.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(s: &str, at: usize) -> Node {
        Node { kind: NodeKind::Scalar(s.into()), span: at..at + s.len() }
    }

    #[test]
    fn wildcard_paths_reach_every_element() {
        let doc = Node {
            span: 0..100,
            kind: NodeKind::Map(vec![Entry {
                key: "a".into(),
                key_span: 0..1,
                value: Node { span: 3..20, kind: NodeKind::Seq(vec![scalar("x", 5), scalar("y", 9)]) },
            }]),
        };
        let hits = doc.find_path(&parse_key_path("a.*"));
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[1].span, 9..10);
        assert_eq!(doc.find_path(&parse_key_path("a"))[0].span, 0..1);
        assert!(doc.find_path(&parse_key_path("b")).is_empty());
        assert_eq!(doc.find_path(&parse_key_path("b|a")).len(), 1);
    }

    #[test]
    fn deep_steps_reach_keys_at_any_depth() {
        // {"results": {"arc_easy": {"acc": 0.61}, "acc": 0.5}}
        let leaf = |key: &str, at: usize| Entry {
            key: key.into(),
            key_span: at..at + key.len(),
            value: scalar("0.6", at + 10),
        };
        let inner = Node { span: 20..60, kind: NodeKind::Map(vec![leaf("acc", 22)]) };
        let results = Node {
            span: 10..90,
            kind: NodeKind::Map(vec![
                Entry { key: "arc_easy".into(), key_span: 11..19, value: inner },
                leaf("acc", 70),
            ]),
        };
        let doc = Node {
            span: 0..100,
            kind: NodeKind::Map(vec![Entry { key: "results".into(), key_span: 1..8, value: results }]),
        };
        let spans: Vec<_> = doc.find_path(&parse_key_path("**.acc")).iter().map(|h| h.span.clone()).collect();
        assert_eq!(spans, [22..25, 70..73], "in document order");
        assert_eq!(doc.find_path(&parse_key_path("results.**.acc")).len(), 2);
        assert_eq!(parse_key_path("**.**.acc"), parse_key_path("**.acc"));
        assert_eq!(doc.find_path(&parse_key_path("**")).len(), 5, "every node, the root included");
    }
}

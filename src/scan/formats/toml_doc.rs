//! TOML documents as [`Node`] trees with byte spans.

use crate::scan::formats::document::{Entry, Node, NodeKind};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Parse a TOML document. The error message includes what toml reported.
pub fn parse(text: &str) -> Result<Node, String> {
    let table = DeTable::parse(text).map_err(|e| e.message().to_string())?;
    let span = table.span();
    Ok(Node { kind: table_kind(table.get_ref()), span })
}

fn table_kind(table: &DeTable<'_>) -> NodeKind {
    NodeKind::Map(
        table
            .iter()
            .map(|(key, value)| Entry { key: key.get_ref().to_string(), key_span: key.span(), value: node(value) })
            .collect(),
    )
}

fn node(value: &Spanned<DeValue<'_>>) -> Node {
    let kind = match value.get_ref() {
        DeValue::String(s) => NodeKind::Scalar(s.to_string()),
        DeValue::Integer(i) => NodeKind::Scalar(i.as_str().to_string()),
        DeValue::Float(f) => NodeKind::Scalar(f.as_str().to_string()),
        DeValue::Boolean(b) => NodeKind::Scalar(b.to_string()),
        DeValue::Datetime(d) => NodeKind::Scalar(d.to_string()),
        DeValue::Array(items) => NodeKind::Seq(items.iter().map(node).collect()),
        DeValue::Table(table) => table_kind(table),
    };
    Node { kind, span: value.span() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::formats::document::parse_key_path;

    #[test]
    fn dotted_tables_and_arrays_have_spans() {
        let text = "[project]\nname = \"x\"\nauthors = [{ name = \"A\" }]\n\n[tool.mlready]\nignore = [\"DEP002\"]\n";
        let doc = parse(text).unwrap();
        let authors = doc.find_path(&parse_key_path("project.authors"));
        assert_eq!(&text[authors[0].span.clone()], "authors");
        let ignore = doc.find_path(&parse_key_path("tool.mlready.ignore.*"));
        assert_eq!(ignore[0].value.as_scalar(), Some("DEP002"));
        assert_eq!(&text[ignore[0].span.clone()], "\"DEP002\"");
    }

    #[test]
    fn invalid_toml_is_an_error() {
        assert!(parse("a = [1,").is_err());
        assert!(parse(&format!("a = {}", "[".repeat(50_000))).is_err());
    }
}

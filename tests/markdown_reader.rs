//! How documents are read: a model card's metrics count wherever Markdown renders a heading
//! or a table, also under a heading in a block quote (`> ## Metrics`), under an HTML heading
//! (`<h2>Metrics</h2>`) and in an HTML table; not where it renders code or hides a comment.

mod common;
use common::*;

/// Evidence of an ingredient, as (path, line, detail).
type Evidence = Vec<(String, u64, String)>;

/// What the metrics rules make of a repository with a model (`train.py`) and `files`: the
/// MET findings as (code, path, line), the verdict, and the evidence.
fn metrics(files: &[(&str, &str)]) -> (Vec<(String, String, u64)>, String, Evidence) {
    let mut all = vec![("train.py", TRAIN_PY)];
    all.extend_from_slice(files);
    let repo = temp_repo(&all);
    let (json, _) = lint_json(repo.path(), &["--select", "MET"]);
    let verdict = verdict(&json, "metrics");
    let evidence = verdict["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let detail = e["detail"].as_str().unwrap_or("").to_string();
            (e["path"].as_str().unwrap_or("").to_string(), e["line"].as_u64().unwrap_or(0), detail)
        })
        .collect();
    (findings(&json), verdict["status"].as_str().unwrap().to_string(), evidence)
}

fn evidence(items: &[(&str, u64, &str)]) -> Evidence {
    items.iter().map(|(p, l, d)| (p.to_string(), *l, d.to_string())).collect()
}

/// Values that count only under a metrics heading: no prose pattern reads
/// "Accuracy on the March holdout: 0.91" as a metric with its value.
const VALUES: &str = "Accuracy on the March holdout: 0.91\n";

#[test]
fn metrics_under_a_heading_in_a_block_quote_count() {
    let readme = format!("# Churn model\n\nPredicts churn.\n\n> ## Metrics\n> {VALUES}");
    let (found, status, seen) = metrics(&[("README.md", &readme)]);
    // Values, no threshold: MET002 at the heading in the quote, not MET001.
    assert_eq!(found, expected(&[("MET002", "README.md", 5)]));
    assert_eq!(status, "partial");
    assert_eq!(seen, evidence(&[("README.md", 5, "reports metric values under \"Metrics\"")]));

    // A quote in a quote.
    let readme = format!("# Churn model\n\n> **Note**\n>\n> > ### Evaluation results\n> > {VALUES}");
    let (found, status, _) = metrics(&[("README.md", &readme)]);
    assert_eq!(found, expected(&[("MET002", "README.md", 5)]));
    assert_eq!(status, "partial");
}

#[test]
fn metrics_under_an_html_heading_count() {
    for (card, line) in [
        (format!("# Churn model\n\n<h2>Metrics</h2>\n\n{VALUES}"), 3),
        (format!("# Churn model\n\nPredicts churn.\n\n<h3 id=\"eval\">Evaluation results</h3>\n{VALUES}"), 5),
        // Over lines, and inside a centred block.
        (format!("# Churn model\n\n<div align=\"center\">\n<h2>\nMetrics\n</h2>\n</div>\n\n{VALUES}"), 5),
    ] {
        let (found, status, seen) = metrics(&[("MODEL_CARD.md", &card)]);
        assert_eq!(found, expected(&[("MET002", "MODEL_CARD.md", line)]), "{card}");
        assert_eq!(status, "partial", "{card}");
        assert_eq!(seen.len(), 1, "{card}");
        assert_eq!(seen[0].1, line, "{card}");
    }

    // An HTML Metrics heading with nothing under it is an empty metrics section, as `## Metrics` is.
    let card = "# Churn model\n\n<h2>Metrics</h2>\n\n[More Information Needed]\n";
    let (found, status, _) = metrics(&[("README.md", card)]);
    assert_eq!(found, expected(&[("MET003", "README.md", 3)]));
    assert_eq!(status, "missing");
}

#[test]
fn metrics_in_an_html_table_count() {
    // A results table with a metric column, as a Markdown table with one counts: under any heading.
    let card = "# Churn model\n\n## Evaluation\n\n<table>\n  <tr><th>Model</th><th>Accuracy</th><th>F1</th></tr>\n  <tr><td>churn-gbm</td><td><b>0.91</b></td><td>0.87</td></tr>\n</table>\n";
    let (found, status, seen) = metrics(&[("MODEL_CARD.md", card)]);
    assert_eq!(found, expected(&[("MET002", "MODEL_CARD.md", 3)]));
    assert_eq!(status, "partial");
    assert_eq!(seen, evidence(&[("MODEL_CARD.md", 3, "reports Accuracy in a table under \"Evaluation\"")]));
}

#[test]
fn a_metric_value_html_table_is_not_an_empty_metrics_section() {
    // A metric / value table, as Hugging Face model cards write them, under a Metrics heading:
    // the value ends at `</td>`, as a Markdown cell's at `|`. Not MET003 any more.
    let card = "# Churn model\n\n## Metrics\n\n<table><tr><th>metric</th><th>value</th></tr><tr><td>accuracy</td><td>0.91</td></tr></table>\n";
    let (found, status, seen) = metrics(&[("README.md", card)]);
    assert_eq!(found, expected(&[("MET002", "README.md", 3)]));
    assert_eq!(status, "partial");
    assert_eq!(seen, evidence(&[("README.md", 3, "reports metric values under \"Metrics\"")]));
}

#[test]
fn near_misses_are_still_no_metrics() {
    let html_table = "<table><tr><th>Model</th><th>Accuracy</th></tr><tr><td>gbm</td><td>0.91</td></tr></table>";
    for readme in [
        // An HTML heading or table in fenced code, in an HTML comment, in an inline code span.
        format!("# Churn model\n\n```html\n<h2>Metrics</h2>\n{VALUES}```\n"),
        format!("# Churn model\n\n<!-- <h2>Metrics</h2> -->\n{VALUES}"),
        format!("# Churn model\n\nWrite `<h2>Metrics</h2>` above the values.\n{VALUES}"),
        format!("# Churn model\n\n```html\n{html_table}\n```\n"),
        format!("# Churn model\n\n<!--\n{html_table}\n-->\n"),
        // A heading in an indented code block.
        format!("# Churn model\n\nA model card looks like this:\n\n    ## Metrics\n    {VALUES}"),
        // A quote with no heading in it, and a heading in a quoted code fence.
        format!("# Churn model\n\n> Metrics: see the dashboard.\n> {VALUES}"),
        format!("# Churn model\n\n> ```python\n> # Results\n> ```\n> {VALUES}"),
    ] {
        let (found, status, seen) = metrics(&[("README.md", &readme)]);
        assert_eq!(found, expected(&[("MET001", "README.md", 1)]), "{readme}");
        assert_eq!((status.as_str(), seen.len()), ("missing", 0), "{readme}");
    }
}

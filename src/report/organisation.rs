//! `mlready report A.json B.json ...`: the readiness of a whole organisation,
//! from the JSON reports of many repositories (written by a CI matrix or a
//! script). One row per repository and one per ML project inside it, one
//! column per ingredient; as Markdown, or as a self-contained HTML page
//! (no network, no framework: a table, its style and a few lines of script
//! that sort it).
//!
//! The reports are input from elsewhere: each is size-capped, must be an
//! mlready JSON report of a known schema version, and every text taken from
//! it is escaped for the format it is written in.

use super::counted;
use super::escape::markdown_code;
use super::matrix::{Row, emoji, mark};
use crate::error::Error;
use crate::findings::Status;
use crate::ingredient::Ingredient;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

/// The most a JSON report may hold.
pub const MAX_REPORT_SIZE: u64 = 64 * 1024 * 1024;

/// One repository's report, as the matrix needs it.
#[derive(Debug, Clone)]
pub struct Repository {
    /// Its name: the report file's name without `.json`.
    pub name: String,
    /// Its verdicts, then one row per ML project (named `name/root`).
    pub rows: Vec<Row>,
    /// Its findings by severity: errors, warnings, infos.
    pub counts: [u64; 3],
}

fn status_of(id: &str) -> Option<Status> {
    [Status::Present, Status::Partial, Status::Missing, Status::NotApplicable, Status::NotChecked]
        .into_iter()
        .find(|s| s.id() == id)
}

fn statuses(ingredients: &Value) -> Vec<Option<Status>> {
    Ingredient::ALL
        .iter()
        .map(|i| {
            ingredients.as_array()?.iter().find(|v| v["id"] == i.id()).and_then(|v| status_of(v["status"].as_str()?))
        })
        .collect()
}

/// Read one JSON report.
pub fn read(path: &Path) -> Result<Repository, Error> {
    let shown = path.display().to_string();
    let invalid = |why: String| Error::Usage(format!("{shown} is not an mlready JSON report: {why}"));
    let text = crate::scan::fs::open::read_text(path, MAX_REPORT_SIZE)
        .map_err(|reason| Error::Io { context: format!("cannot read {shown}"), error: reason.into_io() })?;
    let report: Value = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    if report["tool"]["name"] != "mlready" {
        return Err(invalid("no `tool.name` of \"mlready\" (write it with `mlready lint --format json`)".into()));
    }
    if report["version"] != super::json::SCHEMA_VERSION {
        return Err(invalid(format!(
            "schema version {} (this mlready reads version {})",
            report["version"],
            super::json::SCHEMA_VERSION
        )));
    }
    if !report["ingredients"].is_array() {
        return Err(invalid("no `ingredients` list".into()));
    }
    let name = path.file_stem().map_or(shown.clone(), |s| s.to_string_lossy().into_owned());
    let mut rows = vec![Row { name: name.clone(), statuses: statuses(&report["ingredients"]) }];
    for project in report["projects"].as_array().into_iter().flatten() {
        let root = project["root"].as_str().unwrap_or("?");
        rows.push(Row { name: format!("{name}/{root}"), statuses: statuses(&project["ingredients"]) });
    }
    let count = |key: &str| report["summary"][key].as_u64().unwrap_or(0);
    Ok(Repository { name, rows, counts: [count("error"), count("warning"), count("info")] })
}

/// The rows that count in the **Present** line: a monorepo's ML projects, else
/// the repository itself. A monorepo's own row reads present where any one of
/// its projects has the ingredient; counting it would call a repository ready
/// whose other projects are not.
fn judged_rows(repository: &Repository) -> &[Row] {
    match repository.rows.len() {
        0 | 1 => &repository.rows,
        _ => &repository.rows[1..],
    }
}

/// How many of the judged rows have the ingredient, of those where it applies.
fn present_share(repositories: &[Repository], ingredient: usize) -> (usize, usize) {
    let rows = repositories.iter().flat_map(judged_rows);
    let judged: Vec<Option<Status>> =
        rows.map(|r| r.statuses[ingredient]).filter(|s| *s != Some(Status::NotApplicable)).collect();
    (judged.iter().filter(|s| **s == Some(Status::Present)).count(), judged.len())
}

/// What the **Present** line counts, under both tables.
const PRESENT_NOTE: &str = "**Present** counts the ML projects where the ingredient applies: each project of a monorepo, \
     and each other repository as one";

/// The organisation's matrix as Markdown.
pub fn markdown(repositories: &[Repository]) -> String {
    let mut out = String::new();
    let projects: usize = repositories.iter().map(|r| r.rows.len() - 1).sum();
    let _ = writeln!(
        out,
        "## mlready: production readiness of {} ({} in them)\n",
        counted(repositories.len(), "repository", "repositories"),
        counted(projects, "ML project", "ML projects"),
    );
    let _ = write!(out, "| Repository | Project |");
    for ingredient in Ingredient::ALL {
        let _ = write!(out, " {} |", ingredient.id());
    }
    out.push_str(" Errors | Warnings |\n|---|---|");
    out.push_str(&":---:|".repeat(Ingredient::ALL.len()));
    out.push_str("---:|---:|\n");
    for repository in repositories {
        for (index, row) in repository.rows.iter().enumerate() {
            let (name, project) = match index {
                0 => (markdown_code(&repository.name), "*(whole repository)*".to_string()),
                _ => (String::new(), markdown_code(&row.name[repository.name.len() + 1..])),
            };
            let _ = write!(out, "| {name} | {project} |");
            for status in &row.statuses {
                let _ = write!(out, " {} |", emoji(*status));
            }
            match index {
                0 => {
                    let _ = writeln!(out, " {} | {} |", repository.counts[0], repository.counts[1]);
                }
                _ => out.push_str(" | |\n"),
            }
        }
    }
    out.push_str("| **Present** | |");
    for ingredient in 0..Ingredient::ALL.len() {
        let (present, judged) = present_share(repositories, ingredient);
        let _ = write!(out, " {present}/{judged} |");
    }
    out.push_str(" | |\n");
    out.push_str("\n✅ present · 🟡 partial · ❌ missing · ➖ not applicable · ⏸️ not checked. ");
    out.push_str(PRESENT_NOTE);
    out.push_str(".\n");
    let _ = writeln!(out, "\n<sub>mlready {} · `mlready report`</sub>", env!("CARGO_PKG_VERSION"));
    out
}

/// Text for HTML content and attribute values.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The sort order of a verdict: missing first when a column is sorted.
fn rank(status: Option<Status>) -> u8 {
    match status {
        Some(Status::Missing) => 0,
        Some(Status::Partial) => 1,
        Some(Status::Present) => 2,
        Some(Status::NotApplicable) => 3,
        Some(Status::NotChecked) | None => 4,
    }
}

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1f2328}\
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:center}\
th{background:#f6f8fa;cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:' ▲'}\
th[aria-sort=descending]::after{content:' ▼'}td.name{text-align:left;font-family:ui-monospace,monospace}\
tr.project td.name{padding-left:2em;color:#57606a}.present{background:#dafbe1}.partial{background:#fff8c5}\
.missing{background:#ffebe9}.not-applicable,.not-checked{background:#f6f8fa;color:#57606a}\
tfoot td{font-weight:600}";

/// Sorts by a column when its heading is clicked (or named in the address:
/// `#sort=metrics`), keeping each repository's projects under it.
const SCRIPT: &str = "const t=document.querySelector('table'),b=t.tBodies[0];\
function sortBy(i,dir){const g=[];let cur=null;for(const r of Array.from(b.rows)){\
if(r.classList.contains('repository')){cur=[r];g.push(cur)}else if(cur){cur.push(r)}}\
g.sort((x,y)=>dir*((x[0].cells[i].dataset.rank||x[0].cells[i].textContent).localeCompare(\
y[0].cells[i].dataset.rank||y[0].cells[i].textContent,undefined,{numeric:true})));\
for(const rows of g)for(const r of rows)b.appendChild(r);\
for(const h of t.tHead.rows[0].cells)h.removeAttribute('aria-sort');\
t.tHead.rows[0].cells[i].setAttribute('aria-sort',dir>0?'ascending':'descending')}\
for(const h of t.tHead.rows[0].cells)h.addEventListener('click',()=>\
sortBy(h.cellIndex,h.getAttribute('aria-sort')==='ascending'?-1:1));\
const m=location.hash.match(/^#sort=([a-z-]+)$/);if(m){const h=document.getElementById('col-'+m[1]);\
if(h)sortBy(h.cellIndex,1)}";

/// The organisation's matrix as a self-contained HTML page.
pub fn html(repositories: &[Repository]) -> String {
    let mut out = String::new();
    let projects: usize = repositories.iter().map(|r| r.rows.len() - 1).sum();
    let title = format!("Production readiness of {}", counted(repositories.len(), "repository", "repositories"));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
         <title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n\
         <p>{} in them. Click a column to sort; missing comes first.</p>\n\
         <table>\n<thead><tr><th id=\"col-repository\">Repository</th>",
        counted(projects, "ML project", "ML projects"),
    );
    for ingredient in Ingredient::ALL {
        let _ = write!(out, "<th id=\"col-{0}\">{0}</th>", ingredient.id());
    }
    out.push_str("<th id=\"col-errors\">errors</th><th id=\"col-warnings\">warnings</th></tr></thead>\n<tbody>\n");
    for repository in repositories {
        for (index, row) in repository.rows.iter().enumerate() {
            let class = if index == 0 { "repository" } else { "project" };
            let _ = write!(out, "<tr class=\"{class}\"><td class=\"name\">{}</td>", html_escape(&row.name));
            for status in &row.statuses {
                let id = status.map_or("not-checked", |s| s.id());
                let _ = write!(
                    out,
                    "<td class=\"{id}\" data-rank=\"{}\" title=\"{id}\">{}</td>",
                    rank(*status),
                    mark(*status)
                );
            }
            match index {
                0 => {
                    let _ = write!(out, "<td>{}</td><td>{}</td>", repository.counts[0], repository.counts[1]);
                }
                _ => out.push_str("<td></td><td></td>"),
            }
            out.push_str("</tr>\n");
        }
    }
    out.push_str("</tbody>\n<tfoot><tr><td class=\"name\">present</td>");
    for ingredient in 0..Ingredient::ALL.len() {
        let (present, judged) = present_share(repositories, ingredient);
        let _ = write!(out, "<td>{present}/{judged}</td>");
    }
    let _ = write!(
        out,
        "<td></td><td></td></tr></tfoot>\n</table>\n<p><span class=\"present\">✓ present</span> <span class=\"partial\">~ partial</span> \
         <span class=\"missing\">✗ missing</span> <span class=\"not-applicable\">- not applicable</span> <span class=\"not-checked\">? not checked</span>. \
         {}. mlready {}.</p>\n<script>{SCRIPT}</script>\n</body></html>\n",
        html_escape(&PRESENT_NOTE.replace("**Present**", "\"present\"")),
        env!("CARGO_PKG_VERSION")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_reports_cannot_break_out_of_the_page() {
        let repository = Repository {
            name: "<script>alert(1)</script>".into(),
            rows: vec![Row { name: "<script>alert(1)</script>".into(), statuses: vec![Some(Status::Present); 9] }],
            counts: [0, 0, 0],
        };
        let page = html(&[repository]);
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}

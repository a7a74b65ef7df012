//! A file's text and the views rules search in it: code, prose, structure.
//!
//! Everything beyond the raw text is computed on first use, so a file that
//! only one regex looks at never pays for a tokenizer or a YAML parse.

use crate::scan::formats::document::Node;
use crate::scan::formats::json;
use crate::scan::formats::lexer::{self, Regions};
use crate::scan::formats::lines::{LineIndex, ceil_char_boundary, floor_char_boundary};
use crate::scan::formats::markdown::{self, Heading, Table};
use crate::scan::formats::notebook::{self, CellView, Notebook};
use crate::scan::formats::toml_doc;
use crate::scan::formats::yaml;
use std::ops::Range;
use std::sync::OnceLock;

/// What syntax a file is written in, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Python source (`.py`, `.pyi`).
    Python,
    /// A Jupyter notebook (`.ipynb`).
    Notebook,
    /// Markdown (`.md`, `.markdown`, `.mdx`).
    Markdown,
    /// YAML (`.yaml`, `.yml`, `.dvc`, `dvc.lock`, `OWNERS`, `.cff`).
    Yaml,
    /// TOML (`.toml`, `poetry.lock`, `uv.lock`, `pdm.lock`).
    Toml,
    /// JSON (`.json`, `Pipfile.lock`).
    Json,
    /// A language whose comments start with `#`: shell, requirements, Dockerfile, Makefile, INI, CODEOWNERS...
    HashComments,
    /// Anything else, searched as plain text.
    Text,
}

impl FileKind {
    /// Guess the syntax of a file from its path.
    pub fn of(path: &str) -> FileKind {
        let name = path.rsplit('/').next().unwrap_or(path);
        // Asked for every file of a large tree: file names are lowered on the stack.
        let mut buffer = [0u8; 64];
        let owned;
        let lower: &str = match buffer.get_mut(..name.len()) {
            Some(slot) => {
                slot.copy_from_slice(name.as_bytes());
                slot.make_ascii_lowercase();
                std::str::from_utf8(slot).unwrap_or(name)
            }
            None => {
                owned = name.to_ascii_lowercase();
                &owned
            }
        };
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match lower {
            "dvc.lock" | "owners" | "owners_aliases" | ".clang-format" => return FileKind::Yaml,
            "poetry.lock" | "uv.lock" | "pdm.lock" | "pixi.lock" | "cargo.lock" => return FileKind::Toml,
            "pipfile.lock" => return FileKind::Json,
            "dockerfile" | "containerfile" | "makefile" | "gnumakefile" | "codeowners" | "procfile" | "pipfile"
            | "jenkinsfile" | ".gitattributes" | ".gitignore" | ".dockerignore" | ".dvcignore" | "requirements.in"
            | "maintainers" | "justfile" => return FileKind::HashComments,
            _ => {}
        }
        if lower.starts_with("dockerfile") || lower.ends_with(".dockerfile") {
            return FileKind::HashComments;
        }
        match ext {
            "py" | "pyi" | "pyw" => FileKind::Python,
            "ipynb" => FileKind::Notebook,
            "md" | "markdown" | "mdx" => FileKind::Markdown,
            "yaml" | "yml" | "dvc" | "cff" => FileKind::Yaml,
            "toml" => FileKind::Toml,
            "json" | "jsonc" => FileKind::Json,
            "txt" if lower.contains("requirements") || lower.contains("constraints") => FileKind::HashComments,
            "sh" | "bash" | "zsh" | "in" | "cfg" | "ini" | "conf" | "r" | "mk" | "env" | "tf" | "hcl" | "pbtxt" => {
                FileKind::HashComments
            }
            _ => FileKind::Text,
        }
    }
}

/// Which part of a file a pattern may match in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Code only: not comments, not strings, not docstrings, not Markdown.
    Code,
    /// Prose only: Markdown outside code fences and comments, notebook Markdown cells, plain text.
    Prose,
    /// Any text of the file (for notebooks: every cell's source, never outputs).
    Text,
}

/// Which text of a file a match was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The file's own text.
    File,
    /// The concatenated code cells of a notebook.
    NotebookCode,
    /// The concatenated Markdown cells of a notebook.
    NotebookProse,
}

/// A searchable text of a file, with the regions a match must not start in.
pub struct Segment<'a> {
    /// The text to search.
    pub text: &'a str,
    /// Where offsets in `text` come from.
    pub origin: Origin,
    /// Regions a match may not start in (comments and strings for code, fences
    /// for prose), found only when a match needs checking: most files have none.
    excluded: Option<(&'a SourceFile, Exclusion)>,
}

/// Which regions a segment excludes.
#[derive(Debug, Clone, Copy)]
enum Exclusion {
    FileNonCode,
    FileNonProse,
    NotebookNonCode,
    NotebookNonProse,
}

impl<'a> Segment<'a> {
    /// A segment where every offset is in scope.
    pub fn whole(text: &'a str, origin: Origin) -> Self {
        Segment { text, origin, excluded: None }
    }

    /// Whether a match starting at `offset` is in scope.
    pub fn allows(&self, offset: usize) -> bool {
        let Some((file, exclusion)) = self.excluded else { return true };
        let regions = match exclusion {
            Exclusion::FileNonCode => Some(file.non_code()),
            Exclusion::FileNonProse => Some(file.non_prose()),
            Exclusion::NotebookNonCode => file.notebook().map(NotebookViews::code_non_code),
            Exclusion::NotebookNonProse => file.notebook().map(NotebookViews::prose_non_prose),
        };
        regions.is_none_or(|r| !r.contains(offset))
    }
}

/// Where a finding or piece of evidence is, for people and for tools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column (characters) in the file.
    pub column: usize,
    /// 1-based line where the span ends.
    pub end_line: usize,
    /// 1-based column just past the span's last character.
    pub end_column: usize,
    /// For notebooks: the 1-based cell and the line/column inside that cell.
    pub cell: Option<CellLocation>,
}

/// A position inside a notebook cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellLocation {
    /// 1-based cell number, counting every cell of the notebook.
    pub cell: usize,
    /// 1-based line inside the cell's source.
    pub line: usize,
    /// 1-based column inside that line.
    pub column: usize,
}

/// A few lines of a file around a span, kept so a finding can be shown
/// after the file itself has been dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// Name shown in the snippet header (the path, plus the cell for notebooks).
    pub name: String,
    /// The lines.
    pub text: String,
    /// 0-based line number of the first line of `text` in its source.
    pub first_line: usize,
    /// The span, relative to `text`.
    pub span: Range<usize>,
    /// Characters of the first line left out before `text` starts (a long
    /// line is shown as a window around the span): columns on that line count them.
    pub first_column: usize,
}

const EXCERPT_CONTEXT: usize = 2;
/// Bytes of a long line kept on either side of a span: an excerpt stays small
/// whatever the line, so memory grows with findings, not findings times line length.
const EXCERPT_WINDOW: usize = 240;
/// Bytes of a span shown at most (a call spanning a whole file is cut).
const EXCERPT_MAX_SPAN: usize = 1024;
/// Marks text left out of an excerpt.
const ELLIPSIS: &str = "…";

/// A file that has been read, with its lazily built views.
pub struct SourceFile {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// The file's syntax.
    pub kind: FileKind,
    /// The file's text (UTF-8, BOM removed).
    pub text: String,
    lines: OnceLock<LineIndex>,
    non_code: OnceLock<Regions>,
    non_prose: OnceLock<Regions>,
    notebook: OnceLock<Option<NotebookViews>>,
    headings: OnceLock<Vec<Heading>>,
    tables: OnceLock<Vec<Table>>,
    documents: OnceLock<Vec<Node>>,
}

struct NotebookViews {
    notebook: Notebook,
    code_non_code: OnceLock<Regions>,
    prose_non_prose: OnceLock<Regions>,
    code_lines: OnceLock<LineIndex>,
    prose_lines: OnceLock<LineIndex>,
}

impl NotebookViews {
    fn code_non_code(&self) -> &Regions {
        self.code_non_code.get_or_init(|| lexer::python_non_code(&self.notebook.code.text))
    }

    fn prose_non_prose(&self) -> &Regions {
        self.prose_non_prose.get_or_init(|| lexer::markdown_non_prose(&self.notebook.prose.text))
    }
}

impl SourceFile {
    /// Wrap text read from `path`.
    pub fn new(path: String, text: String) -> Self {
        let kind = FileKind::of(&path);
        SourceFile {
            path,
            kind,
            text,
            lines: OnceLock::new(),
            non_code: OnceLock::new(),
            non_prose: OnceLock::new(),
            notebook: OnceLock::new(),
            headings: OnceLock::new(),
            tables: OnceLock::new(),
            documents: OnceLock::new(),
        }
    }

    /// The file's line index.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    fn non_code(&self) -> &Regions {
        self.non_code.get_or_init(|| match self.kind {
            FileKind::Python => lexer::python_non_code(&self.text),
            FileKind::Yaml | FileKind::Toml | FileKind::HashComments => lexer::hash_comments(&self.text),
            _ => Regions::default(),
        })
    }

    fn non_prose(&self) -> &Regions {
        self.non_prose.get_or_init(|| lexer::markdown_non_prose(&self.text))
    }

    fn notebook(&self) -> Option<&NotebookViews> {
        self.notebook
            .get_or_init(|| {
                let notebook = notebook::parse(&self.text)?;
                Some(NotebookViews {
                    notebook,
                    code_non_code: OnceLock::new(),
                    prose_non_prose: OnceLock::new(),
                    code_lines: OnceLock::new(),
                    prose_lines: OnceLock::new(),
                })
            })
            .as_ref()
    }

    /// The texts a pattern with `scope` searches, in order.
    pub fn segments(&self, scope: Scope) -> Vec<Segment<'_>> {
        let file = |exclusion: Option<Exclusion>| Segment {
            text: &self.text,
            origin: Origin::File,
            excluded: exclusion.map(|e| (self, e)),
        };
        match (self.kind, scope) {
            (FileKind::Notebook, _) => {
                let Some(nb) = self.notebook() else { return Vec::new() };
                let code = Segment {
                    text: &nb.notebook.code.text,
                    origin: Origin::NotebookCode,
                    excluded: (scope == Scope::Code).then_some((self, Exclusion::NotebookNonCode)),
                };
                let prose = Segment {
                    text: &nb.notebook.prose.text,
                    origin: Origin::NotebookProse,
                    excluded: (scope == Scope::Prose).then_some((self, Exclusion::NotebookNonProse)),
                };
                match scope {
                    Scope::Code => vec![code],
                    Scope::Prose => vec![prose],
                    Scope::Text => vec![code, prose],
                }
            }
            (_, Scope::Text) => vec![file(None)],
            (FileKind::Markdown, Scope::Code) => Vec::new(),
            (FileKind::Markdown, Scope::Prose) => vec![file(Some(Exclusion::FileNonProse))],
            (FileKind::Text, _) => vec![file(None)],
            (_, Scope::Code) => vec![file(Some(Exclusion::FileNonCode))],
            (_, Scope::Prose) => Vec::new(),
        }
    }

    /// The text behind an origin.
    pub fn origin_text(&self, origin: Origin) -> &str {
        match (origin, self.notebook()) {
            (Origin::NotebookCode, Some(nb)) => &nb.notebook.code.text,
            (Origin::NotebookProse, Some(nb)) => &nb.notebook.prose.text,
            _ => &self.text,
        }
    }

    fn cell_view(&self, origin: Origin) -> Option<&CellView> {
        self.cell_view_lines(origin).map(|(view, _)| view)
    }

    /// A notebook's view of one kind of cell, with its line index (built once:
    /// every hit in a notebook asks where it is).
    fn cell_view_lines(&self, origin: Origin) -> Option<(&CellView, &LineIndex)> {
        let nb = self.notebook()?;
        let (view, lines) = match origin {
            Origin::NotebookCode => (&nb.notebook.code, &nb.code_lines),
            Origin::NotebookProse => (&nb.notebook.prose, &nb.prose_lines),
            Origin::File => return None,
        };
        Some((view, lines.get_or_init(|| LineIndex::new(&view.text))))
    }

    /// Markdown headings (of a Markdown file, or of a notebook's Markdown cells).
    pub fn headings(&self) -> (&[Heading], Origin) {
        if self.kind == FileKind::Notebook {
            let headings = self.headings.get_or_init(|| {
                self.notebook()
                    .map(|nb| markdown::headings(&nb.notebook.prose.text, nb.prose_non_prose()))
                    .unwrap_or_default()
            });
            return (headings, Origin::NotebookProse);
        }
        (self.headings.get_or_init(|| markdown::headings(&self.text, self.non_prose())), Origin::File)
    }

    /// Markdown tables (of a Markdown file, or of a notebook's Markdown cells).
    pub fn tables(&self) -> (&[Table], Origin) {
        if self.kind == FileKind::Notebook {
            let tables = self.tables.get_or_init(|| {
                self.notebook()
                    .map(|nb| markdown::tables(&nb.notebook.prose.text, nb.prose_non_prose()))
                    .unwrap_or_default()
            });
            return (tables, Origin::NotebookProse);
        }
        if self.kind != FileKind::Markdown {
            return (&[], Origin::File);
        }
        (self.tables.get_or_init(|| markdown::tables(&self.text, self.non_prose())), Origin::File)
    }

    /// The structured documents of the file: YAML documents, the TOML or
    /// JSON document, or a Markdown file's front matter. Empty when the file
    /// has none or does not parse.
    pub fn documents(&self) -> &[Node] {
        self.documents.get_or_init(|| match self.kind {
            FileKind::Yaml => yaml::parse(&self.text).unwrap_or_default(),
            FileKind::Toml => toml_doc::parse(&self.text).map(|n| vec![n]).unwrap_or_default(),
            FileKind::Json => json::parse(&self.text).map(|n| vec![n]).unwrap_or_default(),
            FileKind::Markdown => markdown::front_matter(&self.text)
                .and_then(|range| {
                    let mut docs = yaml::parse(&self.text[range.clone()]).ok()?;
                    docs.iter_mut().for_each(|d| shift(d, range.start));
                    Some(docs)
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        })
    }

    /// Convert a span of an origin's text into a file span.
    pub fn file_span(&self, origin: Origin, span: Range<usize>) -> Range<usize> {
        match self.cell_view(origin) {
            Some(view) => view.file_offset(span.start)..view.file_offset(span.end),
            None => span,
        }
    }

    /// Where a span of an origin's text is, for output.
    pub fn location(&self, origin: Origin, span: Range<usize>) -> Location {
        let file_span = self.file_span(origin, span.clone());
        let lines = self.lines();
        let (line, column) = lines.position(&self.text, file_span.start);
        let (end_line, end_column) = lines.position(&self.text, file_span.end.max(file_span.start));
        // Cells start on a line of their view: a line within the cell is a line of the view, less the cell's first.
        let cell = self.cell_view_lines(origin).and_then(|(view, view_lines)| {
            let pos = view.cell_at(span.start)?;
            let (line, column) = view_lines.position(&view.text, span.start);
            let (first, _) = view_lines.position(&view.text, pos.cell_start);
            Some(CellLocation { cell: pos.cell + 1, line: line - first + 1, column })
        });
        Location { line, column, end_line, end_column, cell }
    }

    /// A few lines around a span, for showing the finding later.
    pub fn excerpt(&self, origin: Origin, span: Range<usize>) -> Excerpt {
        if let Some((view, view_lines)) = self.cell_view_lines(origin)
            && let Some(pos) = view.cell_at(span.start)
        {
            let cell = pos.cell_start..pos.cell_start + view.cell_source(pos.cell_start).len();
            let name = format!("{} (cell {})", self.path, pos.cell + 1);
            return excerpt_of(name, &view.text, view_lines, cell, span);
        }
        excerpt_of(self.path.clone(), &self.text, self.lines(), 0..self.text.len(), span)
    }

    /// The span of the file's first non-blank line (where file-level findings point).
    pub fn first_line_span(&self) -> Range<usize> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let start = offset + (line.len() - line.trim_start().len());
                return start..start + trimmed.len();
            }
            offset += line.len();
        }
        0..0
    }
}

fn shift(node: &mut Node, by: usize) {
    use crate::scan::formats::document::NodeKind;
    node.span = node.span.start + by..node.span.end + by;
    match &mut node.kind {
        NodeKind::Map(entries) => {
            for e in entries {
                e.key_span = e.key_span.start + by..e.key_span.end + by;
                shift(&mut e.value, by);
            }
        }
        NodeKind::Seq(items) => items.iter_mut().for_each(|n| shift(n, by)),
        _ => {}
    }
}

/// The lines around `span` within `bound` (a notebook cell, or the whole
/// text), at most [`EXCERPT_CONTEXT`] on either side; a long line is cut to a
/// window of [`EXCERPT_WINDOW`] bytes around the span (marked with `…`), and a
/// long span to [`EXCERPT_MAX_SPAN`] bytes.
fn excerpt_of(name: String, text: &str, lines: &LineIndex, bound: Range<usize>, span: Range<usize>) -> Excerpt {
    let bound = floor_char_boundary(text, bound.start)..floor_char_boundary(text, bound.end.max(bound.start));
    let start = floor_char_boundary(text, span.start.clamp(bound.start, bound.end));
    let end = ceil_char_boundary(text, span.end.clamp(start, bound.end));
    let end = floor_char_boundary(text, end.min(start.saturating_add(EXCERPT_MAX_SPAN))).max(start);
    let top = lines.line_of(bound.start);
    let bottom = lines.line_of(bound.end.saturating_sub(1).max(bound.start));
    let first = lines.line_of(start).saturating_sub(EXCERPT_CONTEXT).max(top);
    let last = (lines.line_of(end.saturating_sub(1).max(start)) + EXCERPT_CONTEXT).min(bottom);
    let mut from = lines.line_range(text, first).start.max(bound.start);
    let mut to = lines.line_range(text, last).end.min(bound.end).max(end);
    if from + EXCERPT_WINDOW < start {
        from = floor_char_boundary(text, start - EXCERPT_WINDOW);
    }
    if to > end + EXCERPT_WINDOW {
        to = floor_char_boundary(text, end + EXCERPT_WINDOW).max(end);
    }
    // What is cut mid-line is marked; lines left out whole are not.
    let cut_before = lines.column_chars(text, from) > 0 && from > lines.line_range(text, first).start;
    let cut_after = !(to == text.len() || text.as_bytes()[to] == b'\n' || to >= lines.line_range(text, last).end);
    let from_line = lines.line_of(from);
    let mut shown = String::with_capacity(to - from + 2 * ELLIPSIS.len());
    // The ellipsis takes a column of the first line: it stands for characters left out.
    let mut first_column = lines.column_chars(text, from);
    if cut_before {
        shown.push_str(ELLIPSIS);
        first_column -= 1;
    }
    let shift = shown.len();
    shown.push_str(&text[from..to]);
    if cut_after {
        shown.push_str(ELLIPSIS);
    }
    Excerpt {
        name,
        text: shown,
        first_line: from_line - top,
        span: start - from + shift..end - from + shift,
        first_column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::fs::open;

    #[test]
    fn kinds_by_name() {
        assert_eq!(FileKind::of("src/train.py"), FileKind::Python);
        assert_eq!(FileKind::of("requirements-dev.txt"), FileKind::HashComments);
        assert_eq!(FileKind::of("notes.txt"), FileKind::Text);
        assert_eq!(FileKind::of("data/raw.csv.dvc"), FileKind::Yaml);
        assert_eq!(FileKind::of("k8s/OWNERS"), FileKind::Yaml);
        assert_eq!(FileKind::of("Dockerfile.gpu"), FileKind::HashComments);
        assert_eq!(FileKind::of(".github/CODEOWNERS"), FileKind::HashComments);
    }

    #[test]
    fn python_code_scope_skips_comments() {
        let src = SourceFile::new("a.py".into(), "# import evidently\nimport evidently\n".into());
        let seg = &src.segments(Scope::Code)[0];
        assert!(!seg.allows(2));
        assert!(seg.allows(src.text.rfind("import").unwrap()));
    }

    #[test]
    fn excerpts_keep_context_lines() {
        let text = "l1\nl2\nl3\nl4 target\nl5\nl6\nl7\n";
        let src = SourceFile::new("a.txt".into(), text.into());
        let at = text.find("target").unwrap();
        let ex = src.excerpt(Origin::File, at..at + 6);
        assert_eq!(ex.first_line, 1);
        assert_eq!(ex.text, "l2\nl3\nl4 target\nl5\nl6");
        assert_eq!(&ex.text[ex.span.clone()], "target");
        let loc = src.location(Origin::File, at..at + 6);
        assert_eq!((loc.line, loc.column, loc.end_line, loc.end_column), (4, 4, 4, 10));
    }

    #[test]
    fn front_matter_keys_have_file_offsets() {
        let text = "---\nlicense: mit\n---\n# Card\n";
        let src = SourceFile::new("README.md".into(), text.into());
        let docs = src.documents();
        let hits = docs[0].find_path(&crate::scan::formats::document::parse_key_path("license"));
        assert_eq!(&text[hits[0].span.clone()], "license");
    }

    /// Where a file must be itself (`--staged` proving it holds its blob), a
    /// link put in its place is not opened, let alone read through.
    #[cfg(unix)]
    #[test]
    fn a_refused_link_is_not_read_through() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret.py"), "token = 1\n").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.py"), dir.path().join("train.py")).unwrap();
        let link = dir.path().join("train.py");
        let (refused, meta) = open::read_text_stamped(&link, 1024, open::Links::Refuse);
        assert!(matches!(refused, Err(open::SkipReason::Symlink)) && meta.is_none(), "{refused:?}");
        assert_eq!(open::read_text_stamped(&link, 1024, open::Links::Follow).0.unwrap(), "token = 1\n");
    }
}

//! Errors that end a run with exit code 2, and how they point at their cause.

use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// A TOML document (a rule pack or a config file) that errors can point into.
#[derive(Debug, Clone)]
pub struct Document {
    /// How to name it to the user (a path, or `built-in pack rules/x.toml`).
    pub name: String,
    /// Its text.
    pub text: Arc<str>,
}

/// An error at a span of a [`Document`]: a bad key, glob, regex or reference.
/// Boxed, so that the many `Result<_, SourceError>` stay small.
#[derive(Debug, Clone)]
pub struct SourceError(Box<SourceErrorDetail>);

/// What a [`SourceError`] says.
#[derive(Debug, Clone)]
pub struct SourceErrorDetail {
    /// Where.
    pub document: Document,
    /// The offending bytes.
    pub span: Range<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The label under the span.
    pub label: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
}

impl std::ops::Deref for SourceError {
    type Target = SourceErrorDetail;
    fn deref(&self) -> &SourceErrorDetail {
        &self.0
    }
}

impl SourceError {
    /// An error at `span` of `document`.
    pub fn new(document: &Document, span: Range<usize>, message: impl Into<String>, label: impl Into<String>) -> Self {
        SourceError(Box::new(SourceErrorDetail {
            document: document.clone(),
            span,
            message: message.into(),
            label: label.into(),
            help: None,
        }))
    }

    /// Add a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }

    /// The error as it may be printed: the document's control characters
    /// shown as escapes (the span moved to match), its message and label too.
    pub fn for_display(&self) -> SourceError {
        let (text, span) = crate::report::escape::with_span(&self.document.text, self.span.clone());
        let escape = |t: &str| crate::report::escape::controls(t, false).into_owned();
        SourceError(Box::new(SourceErrorDetail {
            document: Document { name: escape(&self.document.name), text: Arc::from(text.as_str()) },
            span,
            message: escape(&self.message),
            label: escape(&self.label),
            help: self.help.as_deref().map(|h| crate::report::escape::controls(h, true).into_owned()),
        }))
    }

    /// 1-based line of the error, for plain-text rendering and tests.
    pub fn line(&self) -> usize {
        self.document.text[..self.span.start.min(self.document.text.len())].matches('\n').count() + 1
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for SourceError {}

impl Diagnostic for SourceError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("mlready::config"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.document.text.len();
        let start = self.span.start.min(len);
        let end = self.span.end.clamp(start, len);
        // miette hides a label that starts at the very end of the source; point at the last byte instead.
        let (start, end) = if start == len && len > 0 { (len - 1, len) } else { (start, end) };
        let span = SourceSpan::new(start.into(), end - start);
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(Some(self.label.clone()), span))))
    }
}

impl SourceCode for SourceError {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let contents = self.document.text.read_span(span, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.document.name.clone(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

/// Everything that makes mlready exit with code 2.
#[derive(Debug)]
pub enum Error {
    /// The command line asked for something impossible.
    Usage(String),
    /// A file or directory could not be used.
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        error: std::io::Error,
    },
    /// A config file or rule pack is invalid.
    Source(SourceError),
}

impl From<SourceError> for Error {
    fn from(e: SourceError) -> Self {
        Error::Source(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) => write!(f, "{m}"),
            Error::Io { context, error } => write!(f, "{context}: {error}"),
            Error::Source(e) => write!(f, "{}: {}", e.document.name, e.message),
        }
    }
}

impl std::error::Error for Error {}

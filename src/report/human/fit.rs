//! Source lines fitted to the terminal: an excerpt keeps up to 240 bytes
//! around a span whatever the width, and miette prints its lines as they
//! are. Here each line is cut to the columns the terminal has, as a window
//! that keeps the span's start (and as much of the span and its label as
//! fit) in view; what is cut is marked with `…`, and the header still names
//! the span's real column.

use crate::scan::source::Excerpt;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::ops::Range;

/// Marks text left out.
const ELLIPSIS: &str = "…";

/// An excerpt whose lines fit a width, with what each line's window left out.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// The narrowed excerpt (its `first_column` is unused: see `shifts`).
    pub excerpt: Excerpt,
    /// Per line of `excerpt.text`: the characters of the source line before what is shown.
    shifts: Vec<usize>,
}

/// Characters from `text`'s start to byte `at`.
fn chars_before(text: &str, at: usize) -> usize {
    text[..at].chars().count()
}

/// The byte offset of character `n` of `text` (its length past the end).
fn byte_of_char(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

impl Fitted {
    /// `excerpt` with every line at most `width` columns once miette adds its
    /// gutter (` 28 │ `), keeping room for a `label` under the span.
    pub fn new(excerpt: &Excerpt, width: usize, label: Option<&str>) -> Fitted {
        let lines: Vec<&str> = excerpt.text.split('\n').collect();
        let last_number = excerpt.first_line + lines.len();
        let gutter = last_number.to_string().len() + 4;
        let len = excerpt.text.len();
        let span = excerpt.span.start.min(len)..excerpt.span.end.clamp(excerpt.span.start.min(len), len);
        // A span over several lines is drawn in a second gutter (`│ ├─▶ `).
        let gutter = gutter + if excerpt.text[span.clone()].contains('\n') { 4 } else { 0 };
        let room = width.saturating_sub(gutter).max(24);
        // The line of the span's start, and its column within the excerpt's text.
        let span_line = excerpt.text[..span.start].matches('\n').count();
        let line_start = excerpt.text[..span.start].rfind('\n').map_or(0, |n| n + 1);
        let span_column = chars_before(&excerpt.text[line_start..], span.start - line_start);
        let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        // miette writes a label after `╰── ` under the middle of the underline.
        let label_len = label.map_or(0, |l| l.chars().count() + 4);
        // Where the span's start may sit for its label to fit, keeping some text before it.
        let target = room.saturating_sub(label_len + 1).min(room / 2).max(4);
        let from = span_column.saturating_sub(target);
        let from = if from <= 1 { 0 } else { from };
        if longest <= room && from == 0 {
            let mut shifts = vec![0; lines.len()];
            shifts[0] = excerpt.first_column;
            let mut excerpt = excerpt.clone();
            excerpt.span = span.start..shorten_underline(&excerpt.text, span.clone(), span_column, room, label_len);
            return Fitted { excerpt, shifts };
        }
        let mut text = String::with_capacity(excerpt.text.len());
        let mut shifts = Vec::with_capacity(lines.len());
        let mut new_span = 0..0;
        let mut offset = 0;
        for (index, line) in lines.iter().enumerate() {
            if index > 0 {
                text.push('\n');
            }
            let chars = line.chars().count();
            // The span's line is shown from the window; another line whole when it fits,
            // else from the same window when it reaches into it (its columns line up).
            let windowed = from > 0 && (index == span_line || (chars > room && chars > from + 1));
            // Characters shown: a leading `…` takes the first column of the window.
            let (cut_before, first) = if windowed { (true, from + 1) } else { (false, 0) };
            let visible = room - usize::from(cut_before);
            let cut_after = chars > first + visible;
            let last = if cut_after { first + visible - 1 } else { chars };
            let (a, b) = (byte_of_char(line, first.min(chars)), byte_of_char(line, last.max(first).min(chars)));
            if cut_before {
                text.push_str(ELLIPSIS);
            }
            let body_at = text.len();
            text.push_str(&line[a..b]);
            if cut_after {
                text.push_str(ELLIPSIS);
            }
            shifts.push(if index == 0 { excerpt.first_column } else { 0 } + first - usize::from(cut_before));
            // Where a byte of the original line lands: clipped to what is shown.
            let map = |at: usize| -> usize {
                let at = at - offset;
                body_at + at.clamp(a, b) - a
            };
            let line_range: Range<usize> = offset..offset + line.len();
            if line_range.contains(&span.start) || (span.start == line_range.end && index == span_line) {
                new_span.start = map(span.start);
                new_span.end = new_span.start;
            }
            if span.end >= line_range.start && span.end <= line_range.end && index >= span_line {
                new_span.end = map(span.end).max(new_span.start);
            } else if index >= span_line && span.end > line_range.end {
                new_span.end = text.len();
            }
            offset += line.len() + 1;
        }
        let line_start = text[..new_span.start].rfind('\n').map_or(0, |n| n + 1);
        let column = chars_before(&text[line_start..], new_span.start - line_start);
        new_span.end = shorten_underline(&text, new_span.clone(), column, room, label_len);
        let excerpt = Excerpt { text, span: new_span, first_column: 0, ..excerpt.clone() };
        Fitted { excerpt, shifts }
    }
}

/// The end of `span` (starting at `column` of its line) underlined short
/// enough that the label under its middle ends within `room` columns. A
/// span over several lines is drawn at the gutter and keeps its end.
fn shorten_underline(text: &str, span: Range<usize>, column: usize, room: usize, label_len: usize) -> usize {
    let on_line = &text[span.clone()];
    if on_line.contains('\n') || label_len == 0 {
        return span.end;
    }
    let length = on_line.chars().count();
    let most = 2 * room.saturating_sub(label_len + column);
    if length <= most {
        return span.end;
    }
    span.start + byte_of_char(on_line, most.max(1))
}

impl SourceCode for Fitted {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = &self.excerpt.text;
        let inner = text.as_str().read_span(span, before, after)?;
        // miette counts columns in bytes; mlready counts characters, and a window's
        // columns count what it left out.
        let at = inner.span().offset().min(text.len());
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let line = text[..at].matches('\n').count();
        let column = chars_before(&text[line_start..], at - line_start) + self.shifts.get(line).copied().unwrap_or(0);
        Ok(Box::new(MietteSpanContents::new_named(
            self.excerpt.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.excerpt.first_line,
            column,
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str, span: Range<usize>) -> Excerpt {
        Excerpt { name: "f".into(), text: text.into(), first_line: 0, span, first_column: 0 }
    }

    #[test]
    fn any_span_in_any_text_fits_without_panicking() {
        let text = "é".repeat(70) + "\n" + &"ab€ ".repeat(40) + "\n🙂\n\n" + &"x".repeat(300);
        let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).step_by(7).collect();
        for &start in &boundaries {
            for &end in boundaries.iter().filter(|&&e| e >= start).take(12) {
                for width in [40, 61, 100] {
                    let fitted = Fitted::new(&excerpt(&text, start..end), width, Some("a label"));
                    let shown = &fitted.excerpt;
                    assert!(shown.span.start <= shown.span.end && shown.span.end <= shown.text.len());
                    assert!(
                        shown.text.is_char_boundary(shown.span.start) && shown.text.is_char_boundary(shown.span.end)
                    );
                    for line in shown.text.lines() {
                        assert!(line.chars().count() <= width.saturating_sub(5).max(24), "{line:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_window_keeps_the_span_and_the_real_column() {
        let line = format!("{}target{}", "a".repeat(200), "b".repeat(200));
        let fitted = Fitted::new(&excerpt(&line, 200..206), 80, Some("here"));
        assert_eq!(&fitted.excerpt.text[fitted.excerpt.span.clone()], "target");
        let contents = fitted.read_span(&SourceSpan::new(fitted.excerpt.span.start.into(), 6), 0, 0).unwrap();
        assert_eq!(contents.column(), 200, "0-based: the 201st character");
    }
}

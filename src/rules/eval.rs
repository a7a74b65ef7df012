//! The engine: one pass over the picture's files, each read at most once and
//! only when a matcher needs its content, every matcher that selects the
//! file run on that one read.

use super::RuleSet;
use super::matcher::{FileFacts, Found};
use crate::findings::suppress::{self, Suppression};
use crate::scan::source::{self, Excerpt, Location, SourceFile};
use crate::scan::{FileEntry, Picture, Skipped};
use globset::GlobSetBuilder;
use rayon::prelude::*;

/// Notebooks may be this many times bigger than `max-file-size`.
pub const NOTEBOOK_SIZE_FACTOR: u64 = 8;

/// One place a matcher matched, ready for findings and evidence.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Index of the file in [`Picture::files`].
    pub file: usize,
    /// The file's path.
    pub path: String,
    /// Where in the file; `None` for a hit on the whole file (an existence test).
    pub location: Option<Location>,
    /// For whole-file hits kept as anchors: where the file's first line is.
    pub first_line: Option<Location>,
    /// The lines around the hit, when the hit may become a finding.
    pub excerpt: Option<Excerpt>,
    /// The matched text, for messages.
    pub text: String,
    /// Named capture groups, for messages.
    pub captures: Vec<(String, String)>,
    /// The file's size, when a matcher needed it.
    pub size: Option<u64>,
    /// Whether git tracks the file.
    pub tracking: crate::scan::Tracking,
}

/// What one pass produced.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// Hits of every matcher (indexed like [`RuleSet::matchers`]), in path order.
    pub hits: Vec<Vec<Hit>>,
    /// Files a matcher wanted to read but could not, and why.
    pub read_skips: Vec<Skipped>,
    /// Suppression comments of the files that were read.
    pub suppressions: Vec<Suppression>,
    /// Full texts of the files the plan asked to retain (path → text).
    pub retained: std::collections::HashMap<String, String>,
    /// How many files were read.
    pub files_read: usize,
}

/// Which matchers run, and which keep excerpts.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Per matcher: whether it runs.
    pub active: Vec<bool>,
    /// Per matcher: whether its hits may become findings (and so keep a few lines of context).
    pub keep_excerpt: Vec<bool>,
    /// Files over this many bytes are not read.
    pub max_file_size: u64,
    /// Files whose whole text the caller needs after the pass (CODEOWNERS, OWNERS), read in the same pass.
    pub retain: Option<fn(&str) -> bool>,
}

struct FileResult {
    hits: Vec<(usize, Hit)>,
    retained: Option<(String, String)>,
    skip: Option<Skipped>,
    suppressions: Vec<Suppression>,
    read: bool,
}

/// Run every active matcher over the picture.
pub fn evaluate(set: &RuleSet, picture: &Picture, plan: &Plan) -> Evaluation {
    let mut builder = GlobSetBuilder::new();
    let mut glob_owner = Vec::new();
    for (index, matcher) in set.matchers.iter().enumerate() {
        if !plan.active[index] {
            continue;
        }
        for glob in &matcher.files {
            // Globs were validated when the pack was read.
            if let Ok(compiled) = crate::scan::walk::compile_glob(glob) {
                builder.add(compiled);
                glob_owner.push(index);
            }
        }
    }
    let globs = builder.build().unwrap_or_else(|_| globset::GlobSet::empty());
    let pass = Pass { set, picture, plan, globs: &globs, glob_owner: &glob_owner };

    let results: Vec<Option<FileResult>> = picture
        .files
        .par_iter()
        .enumerate()
        .map_init(Vec::new, |scratch, (index, entry)| pass.file(scratch, index, entry))
        .collect();

    let mut evaluation = Evaluation { hits: vec![Vec::new(); set.matchers.len()], ..Default::default() };
    for result in results.into_iter().flatten() {
        for (matcher, hit) in result.hits {
            evaluation.hits[matcher].push(hit);
        }
        evaluation.read_skips.extend(result.skip);
        evaluation.suppressions.extend(result.suppressions);
        evaluation.files_read += usize::from(result.read);
        evaluation.retained.extend(result.retained);
    }
    evaluation
}

/// What every file of one pass is evaluated against.
struct Pass<'a> {
    set: &'a RuleSet,
    picture: &'a Picture,
    plan: &'a Plan,
    globs: &'a globset::GlobSet,
    /// For each glob of `globs`, the matcher it belongs to.
    glob_owner: &'a [usize],
}

impl Pass<'_> {
    fn file(&self, scratch: &mut Vec<usize>, index: usize, entry: &FileEntry) -> Option<FileResult> {
        let Pass { set, picture, plan, globs, glob_owner } = *self;
        scratch.clear();
        globs.matches_into(entry.path.as_str(), scratch);
        let retain = plan.retain.is_some_and(|wanted| wanted(&entry.path));
        if scratch.is_empty() && !retain {
            return None;
        }
        let mut matchers: Vec<usize> = scratch.iter().map(|&g| glob_owner[g]).collect();
        matchers.sort_unstable();
        matchers.dedup();
        let mut size: Option<Option<u64>> = None;
        // git's index knows committed sizes; only untracked files need a stat.
        let mut file_size =
            || *size.get_or_insert_with(|| entry.size.or_else(|| std::fs::metadata(&entry.abs).ok().map(|m| m.len())));
        let is_lfs = || picture.attributes.is_lfs(&entry.path);
        let tracked = match entry.tracking {
            crate::scan::Tracking::Tracked => Some(true),
            crate::scan::Tracking::Untracked => Some(false),
            crate::scan::Tracking::Unknown => None,
        };
        matchers.retain(|&m| {
            let matcher = &set.matchers[m];
            !matcher.is_excluded(&entry.path)
                && matcher.filter.passes(FileFacts { is_lfs: &is_lfs, tracked, size: &mut file_size })
        });
        let size = size.flatten();
        if matchers.is_empty() && !retain {
            return None;
        }
        let wants_content = matchers.iter().any(|&m| set.matchers[m].reads_content());
        // A first-line excerpt for a file-level hit needs a text file; data files are not read for it.
        let wants_first_line = matchers.iter().any(|&m| plan.keep_excerpt[m])
            && crate::scan::source::FileKind::of(&entry.path) != crate::scan::source::FileKind::Text;
        let mut result =
            FileResult { hits: Vec::new(), retained: None, skip: None, suppressions: Vec::new(), read: false };

        let file = if wants_content || wants_first_line || retain {
            // Notebooks carry outputs (often images) that are never searched: give them more room.
            let limit = if entry.path.ends_with(".ipynb") {
                plan.max_file_size.saturating_mul(NOTEBOOK_SIZE_FACTOR)
            } else {
                plan.max_file_size
            };
            match source::read_text(&entry.abs, limit) {
                Ok(text) => Some(SourceFile::new(entry.path.clone(), text)),
                Err(reason) => {
                    if wants_content {
                        result.skip = Some(Skipped { path: entry.path.clone(), reason });
                    }
                    None
                }
            }
        } else {
            None
        };
        result.read = file.is_some();

        let mut found = Vec::new();
        for &m in &matchers {
            let matcher = &set.matchers[m];
            found.clear();
            match (&file, matcher.reads_content()) {
                (Some(file), true) => matcher.find(file, &mut found),
                (_, false) => found.push(super::matcher::Matcher::exists_hit(&entry.path)),
                (None, true) => continue,
            }
            for f in found.drain(..) {
                let mut hit = make_hit(index, entry, file.as_ref(), f, plan.keep_excerpt[m]);
                hit.size = size;
                result.hits.push((m, hit));
            }
        }
        if let Some(file) = &file {
            result.suppressions = suppress::scan(file);
            if retain {
                result.retained = Some((entry.path.clone(), file.text.clone()));
            }
        }
        Some(result)
    }
}

fn make_hit(index: usize, entry: &FileEntry, file: Option<&SourceFile>, found: Found, keep: bool) -> Hit {
    let mut hit = Hit {
        file: index,
        path: entry.path.clone(),
        location: None,
        first_line: None,
        excerpt: None,
        text: found.text,
        captures: found.captures,
        size: None,
        tracking: entry.tracking,
    };
    let Some(file) = file else { return hit };
    match found.span {
        Some(span) => {
            hit.location = Some(file.location(found.origin, span.clone()));
            if keep {
                hit.excerpt = Some(file.excerpt(found.origin, span));
            }
        }
        None if keep => {
            let span = file.first_line_span();
            hit.first_line = Some(file.location(source::Origin::File, span.clone()));
            hit.excerpt = Some(file.excerpt(source::Origin::File, span));
        }
        None => {}
    }
    hit
}

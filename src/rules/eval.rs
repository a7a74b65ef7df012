//! The engine: one pass over the picture's files, each read at most once and
//! only when a matcher needs its content, every matcher that selects the
//! file run on that one read, after a single literal scan has ruled out the
//! patterns that cannot match.
//!
//! Files are processed in chunks, in parallel within a chunk: what a pass
//! keeps is hits, never file contents, so memory does not grow with the
//! repository's bytes. A signal that hits thousands of files (every Python
//! file imports something) keeps its first hits in full and a bitset of the
//! files it hit; rules, findings and anchors keep every hit.

use super::RuleSet;
use super::matcher::{FileFacts, Found};
use super::prefilter::LiteralIndex;
use crate::findings::suppress::{self, Suppression};
use crate::scan::source::{self, Excerpt, Location, Scope, SourceFile};
use crate::scan::{FileEntry, Picture, Skipped, Tracking};
use globset::GlobSetBuilder;
use rayon::prelude::*;
use std::collections::HashMap;

/// Notebooks may be this many times bigger than `max-file-size`.
pub const NOTEBOOK_SIZE_FACTOR: u64 = 8;

/// Hits kept in full for a signal that only feeds evidence lists (which show 20).
pub const CAPPED_HITS: usize = 32;

/// Files processed per parallel batch.
const CHUNK: usize = 4096;

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
    pub tracking: Tracking,
}

/// A set of file indexes.
#[derive(Debug, Clone, Default)]
pub struct FileSet {
    words: Vec<u64>,
    len: usize,
}

impl FileSet {
    fn insert(&mut self, index: usize) {
        let word = index / 64;
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        let bit = 1u64 << (index % 64);
        if self.words[word] & bit == 0 {
            self.words[word] |= bit;
            self.len += 1;
        }
    }

    /// Whether the set holds `index`.
    pub fn contains(&self, index: usize) -> bool {
        self.words.get(index / 64).is_some_and(|w| w & (1u64 << (index % 64)) != 0)
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The file indexes, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .flat_map(|(w, &word)| (0..64).filter(move |b| word & (1u64 << b) != 0).map(move |b| w * 64 + b))
    }
}

/// What one pass produced.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// Hits of every matcher (indexed like [`RuleSet::matchers`]), in path order;
    /// capped at [`CAPPED_HITS`] for matchers whose plan says so.
    pub hits: Vec<Vec<Hit>>,
    /// For every matcher, the files it hit (exact, capped or not).
    pub files_hit: Vec<FileSet>,
    /// Files a matcher wanted to read but could not, and why.
    pub read_skips: Vec<Skipped>,
    /// Suppression comments of the files that were read.
    pub suppressions: Vec<Suppression>,
    /// How many files were read.
    pub files_read: usize,
    /// Full texts of the files the plan asked to retain (path → text).
    pub retained: HashMap<String, String>,
}

/// Which matchers run, and what they keep.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Per matcher: whether it runs.
    pub active: Vec<bool>,
    /// Per matcher: whether its hits may become findings (and so keep a few lines of context).
    pub keep_excerpt: Vec<bool>,
    /// Per matcher: whether all its hits are needed (rules, anchors, owned-file lists), not only the first.
    pub keep_all: Vec<bool>,
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

/// Per-thread buffers, reused from file to file.
#[derive(Default)]
struct Scratch {
    globs: Vec<usize>,
    present: Vec<bool>,
    found: Vec<Found>,
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

    // One literal index for every active pattern; each matcher's clauses as literal ids.
    let mut literals: Vec<String> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let clauses: Vec<Vec<Vec<usize>>> = set
        .matchers
        .iter()
        .enumerate()
        .map(|(m, matcher)| {
            if !plan.active[m] {
                return Vec::new();
            }
            matcher
                .requirement
                .iter()
                .map(|clause| {
                    clause
                        .iter()
                        .map(|literal| {
                            *ids.entry(literal.clone()).or_insert_with(|| {
                                literals.push(literal.clone());
                                literals.len() - 1
                            })
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let index = LiteralIndex::new(&literals);
    let pass = Pass {
        set,
        picture,
        plan,
        globs: &globs,
        glob_owner: &glob_owner,
        literals: &index,
        literal_count: literals.len(),
        clauses: &clauses,
    };

    let mut evaluation = Evaluation {
        hits: vec![Vec::new(); set.matchers.len()],
        files_hit: vec![FileSet::default(); set.matchers.len()],
        ..Default::default()
    };
    for (chunk_no, chunk) in picture.files.chunks(CHUNK).enumerate() {
        let results: Vec<Option<FileResult>> = chunk
            .par_iter()
            .enumerate()
            .map_init(Scratch::default, |scratch, (offset, entry)| pass.file(scratch, chunk_no * CHUNK + offset, entry))
            .collect();
        for result in results.into_iter().flatten() {
            for (matcher, hit) in result.hits {
                evaluation.files_hit[matcher].insert(hit.file);
                let kept = &mut evaluation.hits[matcher];
                if plan.keep_all[matcher] || kept.len() < CAPPED_HITS {
                    kept.push(hit);
                }
            }
            evaluation.read_skips.extend(result.skip);
            evaluation.suppressions.extend(result.suppressions);
            evaluation.files_read += usize::from(result.read);
            evaluation.retained.extend(result.retained);
        }
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
    literals: &'a LiteralIndex,
    literal_count: usize,
    /// Per matcher: clauses of literal ids, every one of which must be present.
    clauses: &'a [Vec<Vec<usize>>],
}

impl Pass<'_> {
    fn file(&self, scratch: &mut Scratch, index: usize, entry: &FileEntry) -> Option<FileResult> {
        let Pass { set, picture, plan, globs, glob_owner, literals, literal_count, clauses } = *self;
        scratch.globs.clear();
        globs.matches_into(entry.path.as_str(), &mut scratch.globs);
        let retain = plan.retain.is_some_and(|wanted| wanted(&entry.path));
        if scratch.globs.is_empty() && !retain {
            return None;
        }
        let mut matchers: Vec<usize> = scratch.globs.iter().map(|&g| glob_owner[g]).collect();
        matchers.sort_unstable();
        matchers.dedup();
        let mut size: Option<Option<u64>> = None;
        // git's index knows committed sizes; only untracked files need a stat.
        let mut file_size =
            || *size.get_or_insert_with(|| entry.size.or_else(|| std::fs::metadata(&entry.abs).ok().map(|m| m.len())));
        let is_lfs = || picture.attributes.is_lfs(&entry.path);
        let tracked = match entry.tracking {
            Tracking::Tracked => Some(true),
            Tracking::Untracked => Some(false),
            Tracking::Unknown => None,
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
            && source::FileKind::of(&entry.path) != source::FileKind::Text;
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

        // One literal scan decides which patterns can match at all.
        if let Some(file) = &file
            && matchers.iter().any(|&m| !clauses[m].is_empty())
        {
            scratch.present.clear();
            scratch.present.resize(literal_count, false);
            let mut seen = Vec::new();
            for segment in file.segments(Scope::Text) {
                literals.present(segment.text, &mut seen);
                for (id, found) in seen.iter().enumerate() {
                    if *found {
                        scratch.present[id] = true;
                    }
                }
            }
            let present = &scratch.present;
            matchers
                .retain(|&m| clauses[m].iter().all(|clause| clause.iter().any(|&id| present.get(id) == Some(&true))));
        }

        for &m in &matchers {
            let matcher = &set.matchers[m];
            scratch.found.clear();
            match (&file, matcher.reads_content()) {
                (Some(file), true) => matcher.find(file, &mut scratch.found),
                (_, false) => scratch.found.push(super::matcher::Matcher::exists_hit(&entry.path)),
                (None, true) => continue,
            }
            for f in scratch.found.drain(..) {
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

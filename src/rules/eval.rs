//! The engine: one pass over the picture's files, each read at most once and
//! only when a matcher needs its content, every matcher that selects the
//! file run on that one read, after a single literal scan has ruled out the
//! patterns that cannot match.
//!
//! Files are processed in path order, in chunks, in parallel within a chunk:
//! what a pass keeps is hits, never file contents, so memory does not grow
//! with the repository's bytes. A signal that only feeds evidence lists and
//! conditions needs to know that evidence exists, not how much: it stops being
//! searched once [`CAPPED_FILES`] files have it (every Python file of a
//! monorepo imports an ML library; the verdict needs one). Findings keep
//! every hit, anchors and owned-file lists every file (see [`Keep`]). Chunks
//! start small and grow, so that stopping happens early.

use super::RuleSet;
use super::cache::{self, EncodedOutcome, Evaluated, FileOutcome, FreshResults, ResultCache};
use super::lazy_regex::LazyRegex;
use super::matcher::{FileFacts, Found};
use super::prefilter::{self, Literal, LiteralIndex, Occurrence};
use super::selector::FileSelector;
use crate::findings::suppress::{self, Suppression};
use crate::scan::fs::open;
use crate::scan::git::stamp::{BlobStamp, StampCheck};
use crate::scan::source::{self, Excerpt, Location, Scope, SourceFile};
use crate::scan::{FileEntry, Picture, Skipped, Tracking};
use rayon::prelude::*;
use std::collections::HashMap;

/// Notebooks may be this many times bigger than `max-file-size`.
pub const NOTEBOOK_SIZE_FACTOR: u64 = 8;

/// Files with evidence after which a signal that only feeds evidence lists
/// (which show 20) and conditions stops being searched.
pub const CAPPED_FILES: usize = 32;

/// Files beyond which the literal index is built for speed of search rather than of building.
const LARGE_REPOSITORY: usize = 200;

/// Files processed in the first parallel batch; each next batch is twice as big, up to [`LAST_CHUNK`].
const FIRST_CHUNK: usize = 256;
/// Largest batch: bounds what a pass holds at once.
const LAST_CHUNK: usize = 4096;

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
    /// Add `index`; whether it was new.
    pub fn insert(&mut self, index: usize) -> bool {
        let word = index / 64;
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        let bit = 1u64 << (index % 64);
        let new = self.words[word] & bit == 0;
        if new {
            self.words[word] |= bit;
            self.len += 1;
        }
        new
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

    /// The file indexes in `range`, ascending: only the words the range covers are read.
    pub fn iter_range(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let first = range.start / 64;
        let last = range.end.div_ceil(64).min(self.words.len());
        self.words[first.min(last)..last]
            .iter()
            .enumerate()
            .flat_map(move |(w, &word)| {
                (0..64).filter(move |b| word & (1u64 << b) != 0).map(move |b| (first + w) * 64 + b)
            })
            .filter(move |index| range.contains(index))
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
    /// for matchers whose plan does not keep all, the first hit of each file.
    pub hits: Vec<Vec<Hit>>,
    /// For every matcher, the files it hit.
    pub files_hit: Vec<FileSet>,
    /// For every matcher, whether it stopped after [`CAPPED_FILES`] files with
    /// evidence (in some group): its hits and files are then the first ones in path order.
    pub capped: Vec<bool>,
    /// Per matcher and group (`m * groups + g`): whether it stopped in that group.
    pub capped_in_group: Vec<bool>,
    /// Files a matcher wanted to read but could not, and why.
    pub read_skips: Vec<Skipped>,
    /// Suppression comments of the files that were read.
    pub suppressions: Vec<Suppression>,
    /// How many files' content was used: read now, or unchanged since the run whose results the cache holds.
    pub files_read: usize,
    /// Of those, how many were not read because the cache had their results.
    pub files_from_cache: usize,
    /// Results to store in the cache for the next run.
    pub fresh: FreshResults,
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
    /// Per matcher: which of its hits are kept.
    pub keep: Vec<Keep>,
    /// Files over this many bytes are not read.
    pub max_file_size: u64,
    /// Files whose whole text the caller needs after the pass (CODEOWNERS, OWNERS), read in the same pass.
    pub retain: Option<fn(&str) -> bool>,
    /// Per file of the picture: the group it belongs to (a project's folder),
    /// when the caller judges groups apart. A matcher stops looking for
    /// evidence in a group once its share of [`CAPPED_FILES`] (at least one)
    /// of its files have it, so every group's verdict has its evidence.
    /// Empty: one group.
    pub file_groups: Vec<u32>,
    /// How many groups `file_groups` numbers (at least 1).
    pub groups: usize,
}

/// Which hits of a matcher the caller needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Keep {
    /// Evidence and conditions: whether it hits, and its first files. The
    /// matcher stops after [`CAPPED_FILES`] files with evidence.
    FirstFiles,
    /// Anchors, owned-file lists, pull-request mode: every file it hits, and
    /// the hits of its first files and of its first file that is not a notebook
    /// (anchors prefer source files).
    EveryFile,
    /// Findings: every hit.
    EveryHit,
}

struct FileResult {
    /// Index of the file in [`Picture::files`].
    index: usize,
    hits: Vec<(usize, Hit)>,
    retained: Option<(String, String)>,
    skip: Option<Skipped>,
    suppressions: Vec<Suppression>,
    read: bool,
    /// Whether the results came from the cache (`read` then says whether the content could be used).
    reused: bool,
    /// Results for the cache: which matchers ran, which select the file, and what they found.
    fresh: Option<(Evaluated, Vec<u32>, Option<EncodedOutcome>)>,
}

/// Per-thread buffers, reused from file to file.
#[derive(Default)]
struct Scratch {
    globs: Vec<usize>,
    /// Per distinct `exclude` set: whether it excludes the current file, once asked.
    excluded: Vec<Option<bool>>,
    /// Per literal: its occurrences in the current file.
    counts: Vec<u32>,
    /// Occurrence lists to reuse.
    spare: Vec<Vec<Occurrence>>,
    stamps: StampCheck,
    /// With `--staged`: which folders stay inside the root (work-tree reads only go there).
    inside: crate::scan::InsideRoot,
}

/// The lines a line-bounded pattern needs to search: those holding a literal
/// of its rarest clause. `None` (search everything) when that is most of the text.
fn candidate_lines(
    clauses: &[Vec<usize>],
    counts: &[u32],
    segments: &[(source::Origin, &str, Vec<Occurrence>)],
) -> Option<Vec<(source::Origin, Vec<std::ops::Range<usize>>)>> {
    let rarest = clauses.iter().min_by_key(|clause| clause.iter().map(|&id| counts[id]).sum::<u32>())?;
    let mut lines = Vec::new();
    let (mut searched, mut total) = (0, 0);
    for (origin, text, found) in segments {
        let starts = found.iter().filter(|o| rarest.contains(&o.literal)).map(|o| o.start).collect();
        let ranges = prefilter::lines_at(text, starts);
        searched += ranges.iter().map(|r| r.len() + 1).sum::<usize>();
        total += text.len();
        lines.push((*origin, ranges));
    }
    (searched * 2 <= total).then_some(lines)
}

/// The order files are searched in, and its chunks (searched in parallel,
/// one after the other). One group: path order, in chunks that double from
/// [`FIRST_CHUNK`] to [`LAST_CHUNK`] files. Several groups: in rounds, each
/// taking the next [`ROUND`] files of every group, so that a group's evidence
/// cap takes effect after its first files with evidence, wherever the group is
/// in the repository, not after the chunk that holds it.
fn search_order(file_groups: &[u32], groups: usize, files: usize) -> (Vec<usize>, Vec<std::ops::Range<usize>>) {
    let mut chunks = Vec::new();
    if groups <= 1 || file_groups.len() != files {
        let (mut start, mut size) = (0, FIRST_CHUNK);
        while start < files {
            let end = (start + size).min(files);
            chunks.push(start..end);
            start = end;
            size = (size * 2).min(LAST_CHUNK);
        }
        return ((0..files).collect(), chunks);
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); groups];
    for (file, &group) in file_groups.iter().enumerate() {
        members[(group as usize).min(groups - 1)].push(file);
    }
    let mut order = Vec::with_capacity(files);
    let mut taken = vec![0usize; groups];
    while order.len() < files {
        let start = order.len();
        // Groups are taken in turns until a chunk is big enough to share between threads.
        while order.len() < files && order.len() - start < FIRST_CHUNK {
            for (group, files) in members.iter().enumerate() {
                let end = (taken[group] + ROUND).min(files.len());
                order.extend_from_slice(&files[taken[group]..end]);
                taken[group] = end;
            }
        }
        chunks.push(start..order.len());
    }
    (order, chunks)
}

/// Files of each group in one round of [`search_order`].
const ROUND: usize = 16;

/// Run every active matcher over the picture, reusing what `cache` holds
/// for files git proves unchanged.
pub fn evaluate(set: &RuleSet, picture: &Picture, plan: &Plan, cache: Option<&ResultCache>) -> Evaluation {
    // Selections go into the cache whatever the run's `--select`: then they are of every matcher.
    let every = vec![true; set.matchers.len()];
    let selector = FileSelector::new(set, if cache.is_some() { &every } else { &plan.active });
    // Many matchers share an `exclude` list (tests are not evidence): each list is checked once per file.
    let mut exclude_lists: Vec<&[String]> = Vec::new();
    let mut exclude_sets: Vec<&globset::GlobSet> = Vec::new();
    let exclude_of: Vec<Option<usize>> = set
        .matchers
        .iter()
        .map(|m| {
            let compiled = m.exclude.as_ref()?;
            let list = m.exclude_globs.as_slice();
            Some(exclude_lists.iter().position(|l| *l == list).unwrap_or_else(|| {
                exclude_lists.push(list);
                exclude_sets.push(compiled);
                exclude_lists.len() - 1
            }))
        })
        .collect();

    // For matchers whose places are in precedence order: the first that exists.
    let first_found: Vec<Option<&str>> = set
        .matchers
        .iter()
        .map(|m| {
            // The platform reads its own file at the top of the repository, above a linted subfolder.
            let found = |path: &String| {
                let top = format!("/{path}");
                picture.file(&top).or_else(|| picture.file(path)).map(|entry| entry.path.as_str())
            };
            m.precedence.and(m.files.iter().find_map(found))
        })
        .collect();

    let count = set.matchers.len();
    let groups = plan.groups.max(1);
    // A group needs one file of evidence for its verdict: with many groups, each looks
    // for fewer, so that together they look at about as many files as one group would.
    let cap = if groups > 1 { (CAPPED_FILES / (groups - 1)).max(1) } else { CAPPED_FILES };
    let group_of = |file: usize| plan.file_groups.get(file).map_or(0, |&g| g as usize);
    let mut evaluation = Evaluation {
        hits: vec![Vec::new(); count],
        files_hit: vec![FileSet::default(); count],
        capped: vec![false; count],
        capped_in_group: vec![false; count * groups],
        ..Default::default()
    };
    // Per matcher and group: files with evidence so far. Per matcher: whether the
    // current file's hits are kept; whether a hit in a file that is not a notebook is kept.
    let mut evidence_files = vec![0usize; count * groups];
    let mut storing = vec![false; count];
    let mut source_stored = vec![false; count * groups];
    let (order, chunks) = search_order(&plan.file_groups, groups, picture.files.len());
    let selecting = Selecting { selector: &selector, exclude_sets: &exclude_sets, exclude_of: &exclude_of, cache };
    // Matchers some file selected so far: only their patterns are analysed
    // for literals, so a run that selects few files pays for few patterns.
    let mut selected_once = vec![false; count];
    let mut literals: Option<(Vec<bool>, Literals)> = None;
    for chunk in chunks {
        let indexes = &order[chunk];
        // Per group: the matchers still looking (one group: `capped_in_group` is `capped`).
        let live_in: Vec<Vec<bool>> = (0..groups)
            .map(|g| (0..count).map(|m| plan.active[m] && !evaluation.capped_in_group[m * groups + g]).collect())
            .collect();
        let live: Vec<bool> = (0..count).map(|m| live_in.iter().any(|l| l[m])).collect();
        let selections: Vec<Selection> = indexes
            .par_iter()
            .map_init(Scratch::default, |scratch, &index| {
                selecting.select(scratch, &live_in[group_of(index)], index, &picture.files[index])
            })
            .collect();
        for &m in selections.iter().flat_map(|(matchers, _)| matchers) {
            selected_once[m] = true;
        }
        // Signals that stopped no longer need their literals looked for.
        let wanted: Vec<bool> = live.iter().zip(&selected_once).map(|(&live, &selected)| live && selected).collect();
        // Rebuilt when a newly wanted pattern needs its literals, or when an eighth of those
        // looked for are no longer wanted (looking for a few more is cheaper than rebuilding).
        let stale = |for_wanted: &Vec<bool>| {
            let (now, then) = (wanted.iter().filter(|w| **w).count(), for_wanted.iter().filter(|w| **w).count());
            wanted.iter().zip(for_wanted).any(|(&w, &f)| w && !f) || (then - now.min(then)) * 8 > then
        };
        if literals.as_ref().is_none_or(|(for_wanted, _)| stale(for_wanted)) {
            literals = Some((wanted.clone(), Literals::of(set, &wanted, picture.files.len() > LARGE_REPOSITORY)));
        }
        let (_, literals) = literals.as_ref().expect("just built");
        let pass = Pass { set, picture, plan, first_found: &first_found, literals, clauses: &literals.clauses, cache };
        let results: Vec<Option<FileResult>> = indexes
            .par_iter()
            .zip(selections)
            .map_init(Scratch::default, |scratch, (&index, selection)| {
                pass.file(scratch, &live_in[group_of(index)], index, &picture.files[index], selection)
            })
            .collect();
        // Results are in path order within each group, so where a signal stops does not
        // depend on the chunks.
        for result in results.into_iter().flatten() {
            for (m, hit) in result.hits {
                let slot = m * groups + group_of(hit.file);
                if evaluation.capped_in_group[slot] {
                    continue;
                }
                let first_in_file = evaluation.files_hit[m].insert(hit.file);
                let keep = plan.keep[m];
                if first_in_file {
                    // Whether this file's hits are kept is decided at its first hit.
                    let is_source = !hit.path.ends_with(".ipynb");
                    storing[m] = keep == Keep::EveryHit
                        || evidence_files[slot] < cap
                        || (keep == Keep::EveryFile && is_source && !source_stored[slot]);
                    source_stored[slot] |= storing[m] && is_source;
                    if hit.tracking != Tracking::Untracked {
                        evidence_files[slot] += 1;
                        let capped = keep == Keep::FirstFiles && evidence_files[slot] >= cap;
                        evaluation.capped_in_group[slot] = capped;
                        evaluation.capped[m] |= capped;
                    }
                }
                if storing[m] && (first_in_file || keep != Keep::FirstFiles) {
                    evaluation.hits[m].push(hit);
                }
            }
            evaluation.read_skips.extend(result.skip);
            evaluation.suppressions.extend(result.suppressions);
            evaluation.files_read += usize::from(result.read);
            evaluation.files_from_cache += usize::from(result.reused && result.read);
            if let Some((evaluated, selected, outcome)) = result.fresh {
                evaluation.fresh.add(result.index, evaluated, selected, outcome);
            }
            evaluation.retained.extend(result.retained);
        }
    }
    if groups > 1 {
        // Groups were searched in turns: back to path order.
        for hits in &mut evaluation.hits {
            hits.sort_by_key(|hit| hit.file);
        }
        evaluation.read_skips.sort_by(|a, b| a.path.cmp(&b.path));
        evaluation.suppressions.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    }
    evaluation
}

/// Apply what a matcher's hits depend on besides its own file: `file-has` and
/// `file-lacks` (hits count only in files other references hit, or do not),
/// then a signal's `when-not` (its hits are evidence only when none of those
/// references hits anywhere). Conditions may depend on each other: applied
/// until nothing changes (each pass only removes, so this ends).
pub fn apply_conditions(set: &RuleSet, picture: &Picture, evaluation: &mut Evaluation) {
    // Files documents mention: only they count for a matcher with `mentioned-in`.
    for (m, matcher) in set.matchers.iter().enumerate() {
        let Some(companion) = matcher.mentions else { continue };
        let mentioned: std::collections::HashSet<String> =
            evaluation.hits[companion].iter().flat_map(|hit| mentioned_paths(&hit.path, &hit.text)).collect();
        let named = |path: &str| {
            mentioned.contains(path) || path.match_indices('/').any(|(slash, _)| mentioned.contains(&path[..=slash]))
        };
        let mut kept = FileSet::default();
        for file in evaluation.files_hit[m].iter() {
            if named(&picture.files[file].path) {
                kept.insert(file);
            }
        }
        evaluation.hits[m].retain(|hit| kept.contains(hit.file));
        evaluation.files_hit[m] = kept;
    }
    let conditional: Vec<usize> = (0..set.matchers.len())
        .filter(|&m| !set.matchers[m].file_has.is_empty() || !set.matchers[m].file_lacks.is_empty())
        .collect();
    let guarded: Vec<&super::Signal> = set.signals.iter().filter(|s| !s.when_not.is_empty()).collect();
    if conditional.is_empty() && guarded.is_empty() {
        return;
    }
    let files_of = |evaluation: &Evaluation, reference: super::Ref| -> FileSet {
        let mut files = FileSet::default();
        for s in set.signals_of(reference) {
            evaluation.files_hit[set.signals[s].matcher].iter().for_each(|f| {
                files.insert(f);
            });
        }
        files
    };
    loop {
        let mut changed = false;
        for &m in &conditional {
            let matcher = &set.matchers[m];
            let has: Vec<FileSet> = matcher.file_has.iter().map(|r| files_of(evaluation, *r)).collect();
            let lacks: Vec<FileSet> = matcher.file_lacks.iter().map(|r| files_of(evaluation, *r)).collect();
            let keeps = |f: usize| has.iter().all(|set| set.contains(f)) && !lacks.iter().any(|set| set.contains(f));
            let before = evaluation.files_hit[m].len();
            let mut kept = FileSet::default();
            evaluation.files_hit[m].iter().filter(|&f| keeps(f)).for_each(|f| {
                kept.insert(f);
            });
            if kept.len() != before {
                evaluation.hits[m].retain(|hit| kept.contains(hit.file));
                evaluation.files_hit[m] = kept;
                changed = true;
            }
        }
        for signal in &guarded {
            let m = signal.matcher;
            if evaluation.files_hit[m].is_empty() {
                continue;
            }
            if signal.when_not.iter().any(|r| !files_of(evaluation, *r).is_empty()) {
                evaluation.hits[m].clear();
                evaluation.files_hit[m] = FileSet::default();
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// The paths (relative to the root) a mention `token` in the document at
/// `document` can name: as written from the root, and relative to the
/// document's folder (`../x` resolved; a path leaving the root names nothing).
fn mentioned_paths(document: &str, token: &str) -> Vec<String> {
    let token = token.trim_start_matches("./");
    let folder = document.rsplit_once('/').map_or("", |(f, _)| f);
    let mut out = vec![token.to_string()];
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    let mut rest = token;
    loop {
        if let Some(up) = rest.strip_prefix("../") {
            if parts.pop().is_none() {
                return out;
            }
            rest = up;
        } else if let Some(here) = rest.strip_prefix("./") {
            rest = here;
        } else {
            break;
        }
    }
    if !parts.is_empty() || rest != token {
        let mut joined = parts.join("/");
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str(rest);
        out.push(joined);
    }
    out
}

/// The literals of the live matchers, in one index, built when a file is
/// first read (a run that takes every result from the cache reads none).
struct Literals {
    literals: Vec<Literal>,
    large: bool,
    index: std::sync::OnceLock<LiteralIndex>,
    /// Per matcher: its clauses as literal ids (none for matchers that are not live).
    clauses: Vec<Vec<Vec<usize>>>,
}

impl Literals {
    fn of(set: &RuleSet, live: &[bool], large: bool) -> Literals {
        // Working out a pattern's literals means translating it (a case-insensitive
        // vocabulary takes half a millisecond): both threads take a share.
        live.par_iter().zip(&set.matchers).filter(|(live, _)| **live).for_each(|(_, matcher)| {
            matcher.prefilter();
        });
        let mut literals: Vec<Literal> = Vec::new();
        let mut ids: HashMap<&Literal, usize> = HashMap::new();
        let clauses = set
            .matchers
            .iter()
            .zip(live)
            .map(|(matcher, &live)| {
                if !live {
                    return Vec::new();
                }
                let mut id = |literal| {
                    *ids.entry(literal).or_insert_with(|| {
                        literals.push(Literal::clone(literal));
                        literals.len() - 1
                    })
                };
                let requirement = &matcher.prefilter().requirement;
                requirement.iter().map(|clause| clause.iter().map(&mut id).collect()).collect()
            })
            .collect();
        Literals { literals, large, index: std::sync::OnceLock::new(), clauses }
    }

    fn index(&self) -> &LiteralIndex {
        self.index.get_or_init(|| LiteralIndex::new(&self.literals, self.large))
    }
}

/// The matchers a file's path selects, and what the cache should record of
/// them: matched now, or stored.
type Selection = (Vec<usize>, Option<Vec<u32>>);

/// How files are matched to the matchers whose globs select them.
struct Selecting<'a> {
    selector: &'a FileSelector,
    /// The distinct `exclude` sets of the matchers.
    exclude_sets: &'a [&'a globset::GlobSet],
    /// Per matcher: its `exclude` set in `exclude_sets`.
    exclude_of: &'a [Option<usize>],
    cache: Option<&'a ResultCache>,
}

impl Selecting<'_> {
    /// The matchers whose globs select the file, `exclude` globs applied:
    /// stored in the cache, or matched now. A file git can prove unchanged
    /// gets a cache record, and its selection is part of it (returned as the
    /// second value when it was matched now), so the next run need not match
    /// globs again.
    fn select(&self, scratch: &mut Scratch, live: &[bool], index: usize, entry: &FileEntry) -> Selection {
        let Selecting { selector, exclude_sets, exclude_of, cache } = *self;
        if let Some(stored) = cache.and_then(|c| c.selection(index)) {
            return (stored.iter().map(|&m| m as usize).collect(), None);
        }
        let recordable = cache.is_some() && entry.blob.is_some();
        let mut matchers = Vec::new();
        match entry.path.strip_prefix('/') {
            Some(at_top) => selector.select_at_top(at_top, &mut scratch.globs, &mut matchers),
            None => selector.select(&entry.path, &mut scratch.globs, &mut matchers),
        }
        if !recordable {
            // Only the live matchers' `exclude` globs need matching.
            matchers.retain(|&m| live[m]);
        }
        scratch.excluded.clear();
        scratch.excluded.resize(exclude_sets.len(), None);
        matchers.retain(|&m| {
            let Some(list) = exclude_of[m] else { return true };
            !*scratch.excluded[list].get_or_insert_with(|| exclude_sets[list].is_match(entry.glob_path()))
        });
        let selected = recordable.then(|| matchers.iter().map(|&m| m as u32).collect());
        (matchers, selected)
    }
}

/// What every file of one pass is evaluated against.
struct Pass<'a> {
    set: &'a RuleSet,
    picture: &'a Picture,
    plan: &'a Plan,
    /// Per matcher with a precedence: the first of its places that exists.
    first_found: &'a [Option<&'a str>],
    literals: &'a Literals,
    /// Per matcher: clauses of literal ids, every one of which must be present.
    clauses: &'a [Vec<Vec<usize>>],
    cache: Option<&'a ResultCache>,
}

impl Pass<'_> {
    /// Evaluate one file against the `live` matchers.
    fn file(
        &self,
        scratch: &mut Scratch,
        live: &[bool],
        index: usize,
        entry: &FileEntry,
        (mut matchers, selected): Selection,
    ) -> Option<FileResult> {
        let Pass { set, picture, plan, literals, clauses, cache, .. } = *self;
        let retain = plan.retain.is_some_and(|wanted| wanted(&entry.path));
        // Which file comes first depends on the tree, not on the path: decided each run.
        let first_found = self.first_found;
        matchers
            .retain(|&m| live[m] && set.matchers[m].precedence.is_none_or(|p| p.allows(&entry.path, first_found[m])));
        let mut result = FileResult {
            index,
            hits: Vec::new(),
            retained: None,
            skip: None,
            suppressions: Vec::new(),
            read: false,
            reused: false,
            fresh: None,
        };
        if matchers.is_empty() && !retain {
            // Nothing to run; remember the selection only.
            result.fresh = selected.map(|selected| (Vec::new(), selected, None));
            return result.fresh.is_some().then_some(result);
        }
        let mut size: Option<Option<u64>> = None;
        // git's index knows committed sizes; only untracked files need a stat.
        let mut file_size = || {
            *size.get_or_insert_with(|| {
                entry.size.or_else(|| std::fs::metadata(picture.disk_path(entry)).ok().map(|m| m.len()))
            })
        };
        let is_lfs = || picture.attributes.is_lfs(&entry.path);
        let tracked = match entry.tracking {
            Tracking::Tracked => Some(true),
            Tracking::Untracked => Some(false),
            Tracking::Unknown => None,
        };
        matchers.retain(|&m| {
            let matcher = &set.matchers[m];
            matcher.filter.passes(FileFacts { is_lfs: &is_lfs, tracked, size: &mut file_size })
        });
        let size = size.flatten();
        if matchers.is_empty() && !retain {
            result.fresh = selected.map(|selected| (Vec::new(), selected, None));
            return result.fresh.is_some().then_some(result);
        }
        let wants_content = matchers.iter().any(|&m| set.matchers[m].reads_content());
        // A first-line excerpt for a file-level hit needs a text file; data files are not read for it.
        let wants_first_line = matchers.iter().any(|&m| plan.keep_excerpt[m])
            && source::FileKind::of(&entry.path) != source::FileKind::Text;
        let reads = wants_content || wants_first_line || retain;
        // A committed file `stat` proves unchanged holds the blob the index names:
        // what an earlier run found in that blob still holds. With `--staged` the
        // blob is the content, whatever the work tree holds. Retained files are
        // always read (their text is needed).
        let cacheable = cache.filter(|_| entry.blob.is_some() && reads && !retain);
        let staged = picture.staged.as_ref().map(|s| &s.blobs);
        // A file git rewrites on checkout (a filter driver, `ident`, an encoding) is never its blob on disk.
        let rewritten = || picture.attributes.rewrites(&entry.path);
        let mut needed: Evaluated = Vec::new();
        if let Some(cache) = cacheable {
            needed = matchers.iter().map(|&m| cache::evaluated_key(m, plan.keep_excerpt[m])).collect();
            needed.sort_unstable();
            // Stored results were found in the blob itself. With `--staged` that is the content;
            // in the work tree, only a file `stat` proves unchanged, of the size the result was
            // found in (line endings converted on checkout or commit change it), holds it.
            let work_tree_size = staged.is_none().then(|| cache::file_size(entry));
            if let Some(outcome) = cache.lookup(index, &needed, work_tree_size)
                && (staged.is_some()
                    || (!rewritten()
                        && entry
                            .stamp
                            .is_some_and(|stamp| scratch.stamps.unchanged(&picture.root, &entry.path, &stamp))))
            {
                // Its content was used, as in the run that stored it, unless it could not be.
                result.read = outcome.as_ref().is_none_or(|o| o.skip.is_none());
                if let Some(outcome) = outcome {
                    reuse(&mut result, outcome, &matchers, entry, size, wants_content);
                }
                result.reused = true;
                return Some(result);
            }
        }

        let mut read_skip = None;
        let mut proven = false;
        let file = if reads {
            // Notebooks carry outputs (often images) that are never searched: give them more room.
            let limit = if entry.path.ends_with(".ipynb") {
                plan.max_file_size.saturating_mul(NOTEBOOK_SIZE_FACTOR)
            } else {
                plan.max_file_size
            };
            let (text, holds_blob) = self.read(scratch, entry, limit, cacheable.is_some() || staged.is_some());
            proven = holds_blob && cacheable.is_some();
            match text {
                Ok(text) => Some(SourceFile::new(entry.path.clone(), text)),
                Err(reason) => {
                    proven &= cache::is_content_skip(&reason);
                    if wants_content {
                        result.skip = Some(Skipped { path: entry.path.clone(), reason: reason.clone() });
                    }
                    read_skip = Some(reason);
                    None
                }
            }
        } else {
            None
        };
        result.read = file.is_some();

        // One literal scan decides which patterns can match at all, and where.
        let mut segments = Vec::new();
        if let Some(file) = &file
            && matchers.iter().any(|&m| !clauses[m].is_empty())
        {
            let literals = literals.index();
            scratch.counts.clear();
            scratch.counts.resize(literals.len(), 0);
            for segment in file.segments(Scope::Text) {
                let mut found = scratch.spare.pop().unwrap_or_default();
                found.clear();
                literals.scan(segment.text, &mut found);
                for occurrence in &found {
                    scratch.counts[occurrence.literal] += 1;
                }
                segments.push((segment.origin, segment.text, found));
            }
            let counts = &scratch.counts;
            matchers.retain(|&m| clauses[m].iter().all(|clause| clause.iter().any(|&id| counts[id] > 0)));
        }

        let search = |m: usize| {
            let matcher = &set.matchers[m];
            let mut found = Vec::new();
            match (&file, matcher.reads_content()) {
                (Some(file), true) => {
                    let lines = if matcher.prefilter().line_bounded && !clauses[m].is_empty() {
                        candidate_lines(&clauses[m], &scratch.counts, &segments)
                    } else {
                        None
                    };
                    matcher.find_in(file, lines.as_deref(), &mut found)
                }
                (_, false) => found.push(super::matcher::Matcher::exists_hit(&entry.path)),
                (None, true) => {}
            }
            (m, found)
        };
        // A regex compiles when a file first needs it. Those still to compile
        // are searched as tasks of their own, so that the other thread takes
        // some: otherwise the first README (a dozen patterns to compile) keeps
        // one thread busy while the other waits for the run to end.
        let is_cold = |m: &&usize| !set.matchers[**m].regexes().all(LazyRegex::is_compiled);
        let mut found_by_matcher: Vec<(usize, Vec<Found>)> = if matchers.iter().filter(is_cold).nth(1).is_some() {
            let (cold, warm): (Vec<usize>, Vec<usize>) = matchers.iter().partition(is_cold);
            let mut found: Vec<_> = warm.iter().map(|&m| search(m)).collect();
            found.par_extend(cold.par_iter().map(|&m| search(m)));
            found
        } else {
            // The rest of a run: everything compiled, a file's matchers on its own thread.
            matchers.iter().map(|&m| search(m)).collect()
        };
        found_by_matcher.sort_by_key(|(m, _)| *m);
        for (m, found) in found_by_matcher {
            for f in found {
                let mut hit = make_hit(index, entry, file.as_ref(), f, plan.keep_excerpt[m]);
                hit.size = size;
                result.hits.push((m, hit));
            }
        }
        scratch.spare.extend(segments.into_iter().map(|(_, _, found)| found));
        if let Some(file) = &file {
            result.suppressions = suppress::scan(file);
            if retain {
                result.retained = Some((entry.path.clone(), file.text.clone()));
            }
        }
        // What was found is stored only for the blob `stat` proved the file holds;
        // a selection, for any file with a stamp (unless the cache has it already).
        if proven {
            let selected = selected.or_else(|| cache.and_then(|c| c.selection(index)).map(<[u32]>::to_vec));
            if let Some(selected) = selected {
                let outcome = EncodedOutcome::of(&result.hits, &result.suppressions, read_skip.as_ref());
                result.fresh = Some((needed, selected, outcome));
            }
        } else {
            result.fresh = selected.map(|selected| (Vec::new(), selected, None));
        }
        Some(result)
    }
}

impl Pass<'_> {
    /// The text of `entry` (refused over `limit` bytes), and whether it is
    /// proven to be the blob git's index names for it (`prove`: worth a
    /// `stat` to know). With `--staged` the text is that blob: from the work
    /// tree when it holds it, else from git's object database. A work-tree
    /// run reuses what was found in a blob only where `stat`, size and
    /// attributes show the file is that blob (see `file`).
    fn read(
        &self,
        scratch: &mut Scratch,
        entry: &FileEntry,
        limit: u64,
        prove: bool,
    ) -> (Result<String, open::SkipReason>, bool) {
        let picture = self.picture;
        if let Some(text) = picture.top_files.get(&entry.path) {
            // Read from git's index when the picture was built: nothing outside the root is opened.
            let size = text.len() as u64;
            let text = if size > limit { Err(open::SkipReason::TooLarge { size, limit }) } else { Ok(text.clone()) };
            return (text, false);
        }
        let path = picture.disk_path(entry);
        // A file git rewrites on checkout (a filter driver, `ident`, an encoding) is never its blob on disk.
        let stamp = entry.stamp.filter(|_| prove && !picture.attributes.rewrites(&entry.path));
        // A file `stat` proves unchanged since it was staged holds its blob. Line breaks are
        // read as `\n`, so a copy git converted to CRLF (or an LF blob of a CRLF file) reads
        // the same; a text left with carriage returns is still never taken for the blob.
        let holds_blob =
            |text: &Result<String, open::SkipReason>, meta: Option<std::fs::Metadata>, stamp: &BlobStamp| {
                use open::SkipReason::{Binary, NotUtf8};
                meta.is_some_and(|meta| stamp.matches(&meta))
                    && match text {
                        Ok(text) => !text.contains('\r'),
                        // Git converts no line endings in binary data; a converted text may be
                        // over the size cap on disk and not in its blob.
                        Err(reason) => matches!(reason, Binary | NotUtf8),
                    }
            };
        match (picture.staged.as_ref(), entry.blob) {
            (Some(staged), Some(blob)) => {
                // Work-tree reads go only where the root's folders lead, not through a link out of it.
                // The file itself, not what a link put in its place points at.
                let on_disk = stamp.filter(|_| scratch.inside.holds(&picture.root, &entry.path)).and_then(|stamp| {
                    let (text, meta) = open::read_text_stamped(&path, limit, open::Links::Refuse);
                    holds_blob(&text, meta, &stamp).then_some(text)
                });
                // What git's object database holds is the blob by definition: a file git
                // rewrites (nbstripout's notebooks) is found once, then reused.
                match on_disk {
                    Some(text) => (text, true),
                    None => (staged.blobs.text(&blob, limit), true),
                }
            }
            _ => match stamp {
                Some(stamp) => {
                    let (text, meta) = open::read_text_stamped(&path, limit, open::Links::Follow);
                    let proven = holds_blob(&text, meta, &stamp);
                    (text, proven)
                }
                None => (open::read_text(&path, limit), false),
            },
        }
    }
}

/// Fill `result` from a cached outcome, for the matchers that select the file now.
fn reuse(
    result: &mut FileResult,
    outcome: FileOutcome,
    matchers: &[usize],
    entry: &FileEntry,
    size: Option<u64>,
    wants_content: bool,
) {
    for (m, hit) in outcome.hits.into_iter().filter(|(m, _)| matchers.contains(m)) {
        result.hits.push((m, cache::revive_hit(hit, result.index, &entry.path, size, entry.tracking)));
    }
    result.suppressions =
        outcome.suppressions.into_iter().map(|s| Suppression { path: entry.path.clone(), ..s }).collect();
    if wants_content && let Some(reason) = outcome.skip {
        result.skip = Some(Skipped { path: entry.path.clone(), reason });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::builtin;
    use crate::rules::pack::PackSet;

    /// Searching only the candidate lines finds exactly what searching whole
    /// files finds: every built-in pattern, on every fixture file it selects.
    #[test]
    fn candidate_lines_find_what_whole_files_find() {
        let mut packs = PackSet::default();
        builtin::read_into(&mut packs).unwrap();
        let set = packs.resolve().unwrap();
        let live = vec![true; set.matchers.len()];
        let literals = Literals::of(&set, &live, false);
        let (index, clauses) = (literals.index(), &literals.clauses);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let excludes = crate::scan::fs::walk::Excludes::new(&[]).unwrap();
        let paths = crate::scan::fs::walk::walk(&root, &excludes, &Default::default()).unwrap().files;
        let (mut compared, mut narrowed) = (0, 0);
        for path in paths {
            let Ok(text) = open::read_text(&root.join(&path), 1 << 20) else { continue };
            let file = SourceFile::new(path.clone(), text);
            let mut counts = vec![0u32; index.len()];
            let segments: Vec<_> = file
                .segments(Scope::Text)
                .into_iter()
                .map(|segment| {
                    let mut found = Vec::new();
                    index.scan(segment.text, &mut found);
                    found.iter().for_each(|o| counts[o.literal] += 1);
                    (segment.origin, segment.text, found)
                })
                .collect();
            for (m, matcher) in set.matchers.iter().enumerate() {
                let selected = matcher
                    .files
                    .iter()
                    .any(|g| crate::scan::fs::walk::compile_glob(g).unwrap().compile_matcher().is_match(&path));
                if !selected || !matcher.prefilter().line_bounded || clauses[m].is_empty() {
                    continue;
                }
                let (mut whole, mut lined) = (Vec::new(), Vec::new());
                matcher.find(&file, &mut whole);
                let lines = candidate_lines(&clauses[m], &counts, &segments);
                narrowed += usize::from(lines.is_some());
                matcher.find_in(&file, lines.as_deref(), &mut lined);
                let key = |f: &Found| (f.origin, f.span.clone(), f.text.clone(), f.captures.clone());
                assert_eq!(
                    whole.iter().map(key).collect::<Vec<_>>(),
                    lined.iter().map(key).collect::<Vec<_>>(),
                    "matcher {m} on {}",
                    path
                );
                compared += 1;
            }
        }
        assert!(compared > 100 && narrowed > 50, "{compared} compared, {narrowed} on candidate lines");
    }
}

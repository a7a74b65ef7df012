//! What earlier runs found in files git proves unchanged, reused instead of
//! reading them again.
//!
//! A pre-commit hook lints the same repository many times a day, and most of
//! its files have not changed between two runs. For a committed file whose
//! `stat` still matches what git's index recorded (see
//! [`crate::scan::git::stamp`]), the content is the blob the index names, so what
//! the matchers found in it last time is what they would find now. The cache
//! maps `(path, blob id)` to those results: the hits of every matcher that
//! was run on the file, its suppression comments, or why it could not be
//! read.
//!
//! One cache file per linted root, outside the repository (under
//! `$XDG_CACHE_HOME/mlready` by default): mlready never writes into what it
//! scans. Its header carries a fingerprint of everything else a result
//! depends on (mlready's version and the sources it was built from, the
//! built-in and configured rules, the size cap); any change starts a fresh
//! cache. A cache that cannot be read is ignored, one that cannot be written
//! is skipped, and neither fails a run. `dir` says where caches live and
//! writes them; `encoding` is the byte layout of a file's results.

mod dir;
mod encoding;

pub use dir::default_dir;

use super::eval::Hit;
use crate::findings::suppress::Suppression;
use crate::scan::fs::open::SkipReason;
use crate::scan::{Picture, Tracking};
use dir::{prune, resolve, write_atomically};
use encoding::{Reader, Writer};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Changes whenever the layout of a cache file changes.
const FORMAT: u32 = 3;
/// The biggest cache file read: results take about a hundred bytes per file.
pub const MAX_CACHE_SIZE: u64 = 2 << 30;
const MAGIC: &[u8; 4] = b"MLRC";
/// Marks "none": a file without a usable record, a record whose file yielded nothing.
const NONE: u32 = u32::MAX;

/// What the matchers found in one file.
#[derive(Debug, Clone, Default)]
pub struct FileOutcome {
    /// Hits by matcher; `file`, `path`, `size` and `tracking` are the run's to fill in.
    pub hits: Vec<(usize, Hit)>,
    /// Its suppression comments; `path` is the run's to fill in.
    pub suppressions: Vec<Suppression>,
    /// Why its content could not be used (only reasons that depend on the content).
    pub skip: Option<SkipReason>,
}

/// What the matchers found in one file, encoded as the cache stores it
/// (done where the file was read, in parallel, not where results are gathered).
#[derive(Debug)]
pub struct EncodedOutcome(Vec<u8>);

impl EncodedOutcome {
    /// The encoding of a file's hits (their `file`, `path`, `size` and
    /// `tracking` are not stored), suppressions and content-based skip
    /// reason; `None` when there is nothing.
    pub fn of(hits: &[(usize, Hit)], suppressions: &[Suppression], skip: Option<&SkipReason>) -> Option<Self> {
        if hits.is_empty() && suppressions.is_empty() && skip.is_none() {
            return None;
        }
        let mut w = Writer::default();
        w.outcome_parts(hits, suppressions, skip);
        Some(EncodedOutcome(w.buf))
    }
}

/// Which matchers were run on a file, as sorted `matcher * 2 + keeps excerpts`
/// keys: a matcher asked to keep excerpts yields other hits than one that is not.
pub type Evaluated = Vec<u32>;

/// The key of a matcher in an [`Evaluated`] list.
pub fn evaluated_key(matcher: usize, keeps_excerpt: bool) -> u32 {
    (matcher as u32) * 2 + u32::from(keeps_excerpt)
}

/// The cache of one linted root, loaded at the start of a run and matched
/// to the picture's files.
pub struct ResultCache {
    file: PathBuf,
    fingerprint: [u8; 20],
    /// Per file of the picture: its stored record, when the cache holds the
    /// blob the index names for it.
    by_file: Vec<Option<Stored>>,
    /// Lists of matcher keys ([`Evaluated`]) and of matcher indexes (selections).
    lists: Vec<Vec<u32>>,
    outcomes: Outcomes,
    /// How many records the cache file held.
    stored: usize,
    /// Records (lists, outcomes, file rows) whose checksum did not match: ignored.
    damaged: std::sync::atomic::AtomicUsize,
    /// Why the stored cache was not used (for `--verbose`).
    pub note: Option<String>,
}

/// One file's record: indexes into the cache's lists and outcomes.
#[derive(Debug, Clone, Copy)]
struct Stored {
    /// The matchers run on it ([`Evaluated`]).
    evaluated: u32,
    /// The matchers whose globs select its path, `exclude` globs applied.
    selected: u32,
    /// What they found; [`NONE`] for nothing.
    outcome: u32,
    /// The file's size (as git's index records it): a work-tree file that
    /// `stat` proves unchanged holds the blob only if it is this long (one
    /// staged with line endings git converts is not).
    size: u32,
}

/// Results computed in one run, to store.
#[derive(Debug, Default)]
pub struct FreshResults {
    lists: Vec<Vec<u32>>,
    ids: HashMap<Vec<u32>, u32>,
    /// The ids last given for an evaluated list and for a selection: files in
    /// one folder mostly repeat them, and a comparison is cheaper than a hash.
    last: [Option<u32>; 2],
    /// `(file index, record)`, in path order; outcomes are in `outcomes`.
    files: Vec<(u32, Stored)>,
    outcomes: Outcomes,
}

/// Outcomes, encoded: a run holds what it reuses and what it found as
/// compact bytes, decoded only for the files whose results are reused.
/// Outcomes read from a cache file keep the checksum it stored, checked
/// when (and only if) one is decoded.
#[derive(Debug, Default)]
struct Outcomes {
    bytes: Vec<u8>,
    ranges: Vec<std::ops::Range<usize>>,
    checksums: Vec<Option<u64>>,
}

impl Outcomes {
    fn push_encoded(&mut self, encoded: &[u8]) -> u32 {
        self.push_checked(encoded, None)
    }

    fn push_checked(&mut self, encoded: &[u8], checksum: Option<u64>) -> u32 {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(encoded);
        self.ranges.push(start..self.bytes.len());
        self.checksums.push(checksum);
        (self.ranges.len() - 1) as u32
    }

    fn encoded(&self, id: u32) -> &[u8] {
        &self.bytes[self.ranges[id as usize].clone()]
    }

    /// `None` for bytes that fail their checksum or do not decode (a damaged
    /// file): the caller reads the file instead.
    fn decode(&self, id: u32) -> Option<FileOutcome> {
        let bytes = self.encoded(id);
        if self.checksums[id as usize].is_some_and(|sum| sum != checksum(&[bytes])) {
            return None;
        }
        let mut r = Reader { bytes, at: 0 };
        r.outcome().filter(|_| r.at == bytes.len())
    }

    fn len(&self) -> usize {
        self.ranges.len()
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ranges.clear();
        self.checksums.clear();
    }
}

impl FreshResults {
    /// Record that the matchers `evaluated` found `outcome` in the file at
    /// `index`, whose path the matchers `selected` select (files must come
    /// in path order).
    pub fn add(&mut self, index: usize, evaluated: Evaluated, selected: Vec<u32>, outcome: Option<EncodedOutcome>) {
        let evaluated = self.intern(evaluated, 0);
        let selected = self.intern(selected, 1);
        let outcome = outcome.map_or(NONE, |encoded| self.outcomes.push_encoded(&encoded.0));
        self.files.push((index as u32, Stored { evaluated, selected, outcome, size: 0 }));
    }

    fn intern(&mut self, list: Vec<u32>, slot: usize) -> u32 {
        if let Some(id) = self.last[slot]
            && self.lists[id as usize] == list
        {
            return id;
        }
        let id = match self.ids.get(&list) {
            Some(&id) => id,
            None => {
                self.lists.push(list.clone());
                self.ids.insert(list, (self.lists.len() - 1) as u32);
                (self.lists.len() - 1) as u32
            }
        };
        self.last[slot] = Some(id);
        id
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The checksum every record of a cache file carries: FNV-1a over its bytes.
/// Each step of FNV-1a is a bijection of its state, so a record that differs
/// from what was written in one byte (a flipped bit, a torn write) never
/// passes; a random change passes with odds of 2^-64.
fn checksum(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The bytes of a list of keys, as the cache file stores them.
fn list_bytes(list: &[u32]) -> Vec<u8> {
    list.iter().flat_map(|key| key.to_le_bytes()).collect()
}

/// The bytes of a file row, as the cache file stores them (lengths included).
fn row_bytes(path: &[u8], oid: &[u8], fields: [u32; 4]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(path.len() + 40);
    bytes.extend_from_slice(&(path.len() as u32).to_le_bytes());
    bytes.extend_from_slice(path);
    bytes.extend_from_slice(oid);
    fields.iter().for_each(|f| bytes.extend_from_slice(&f.to_le_bytes()));
    bytes
}

/// A SHA-1 of `parts`, each length-prefixed so that boundaries count.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Option<[u8; 20]> {
    let mut all = Vec::new();
    for part in parts {
        all.extend_from_slice(&(part.len() as u64).to_le_bytes());
        all.extend_from_slice(part);
    }
    let oid = git2::Oid::hash_object(git2::ObjectType::Blob, &all).ok()?;
    oid.as_bytes().try_into().ok()
}

impl ResultCache {
    /// The cache of `root` (canonical) in `dir`, for results that depend on
    /// `fingerprint`, matched to the files of `picture`. Refuses a directory
    /// inside `root`. A missing, unreadable or outdated cache file gives an
    /// empty cache (with a note).
    /// `matchers` is how many the rule set has: a stored list naming another
    /// one is damage.
    pub fn open(dir: &Path, picture: &Picture, matchers: usize, fingerprint: [u8; 20]) -> Result<ResultCache, String> {
        let dir = resolve(dir);
        if dir.starts_with(&picture.root) {
            return Err(format!(
                "the cache directory {} is inside the linted root, and mlready never writes there",
                dir.display()
            ));
        }
        let name: String = self::fingerprint([picture.root.as_os_str().as_encoded_bytes()])
            .ok_or("cannot hash the root's path")?
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut cache = ResultCache {
            file: dir.join(format!("{name}.bin")),
            fingerprint,
            by_file: vec![None; picture.files.len()],
            lists: Vec::new(),
            outcomes: Outcomes::default(),
            stored: 0,
            damaged: std::sync::atomic::AtomicUsize::new(0),
            note: None,
        };
        match crate::scan::fs::mapped::MappedFile::read(&cache.file, MAX_CACHE_SIZE) {
            Ok(bytes) => {
                if let Err(why) = cache.load(&bytes, picture, matchers) {
                    cache.note = Some(why);
                    cache.by_file.fill(None);
                    cache.lists.clear();
                    cache.outcomes.clear();
                    cache.stored = 0;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => cache.note = Some("no cache yet".into()),
            Err(e) => cache.note = Some(format!("cache unreadable ({e})")),
        }
        Ok(cache)
    }

    /// The cache file.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The matchers whose globs select file `index` of the picture (with
    /// their `exclude` globs applied), as the run that stored it found them:
    /// the same path under the same rules selects the same matchers.
    pub fn selection(&self, index: usize) -> Option<&[u32]> {
        let stored = self.by_file.get(index)?.as_ref()?;
        Some(&self.lists[stored.selected as usize])
    }

    /// The stored result for file `index` of the picture, if the cache holds
    /// its blob and the matchers run on it then cover every key of `needed`
    /// (sorted). `Some(None)`: the file yielded nothing. With `size`, only a
    /// result found in a file of that size (a work-tree file's, as git's
    /// index records it) is returned.
    pub fn lookup(&self, index: usize, needed: &[u32], size: Option<u32>) -> Option<Option<FileOutcome>> {
        let stored = self.by_file.get(index)?.as_ref()?;
        if !is_subset(needed, &self.lists[stored.evaluated as usize]) || size.is_some_and(|s| s != stored.size) {
            return None;
        }
        match stored.outcome {
            NONE => Some(None),
            id => match self.outcomes.decode(id) {
                Some(outcome) => Some(Some(outcome)),
                None => {
                    self.damaged.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    None
                }
            },
        }
    }

    /// How many records failed their checksum (or did not decode) and were ignored so far.
    pub fn damaged(&self) -> usize {
        self.damaged.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Write the cache for the next run: this run's results, and the stored
    /// ones that still describe a file of the picture (same path, same blob).
    /// Nothing is written when that is what the file already holds.
    pub fn save(&self, picture: &Picture, fresh: &FreshResults) -> Result<(), String> {
        let matched = self.by_file.iter().flatten().count();
        if fresh.is_empty() && matched == self.stored && self.stored > 0 {
            return Ok(());
        }
        let mut lists: Vec<&[u32]> = Vec::new();
        let mut list_ids: HashMap<&[u32], u32> = HashMap::new();
        let mut outcomes: Vec<&[u8]> = Vec::new();
        // (file, evaluated, selected, outcome, size) in path order: fresh results first, stored ones otherwise.
        let mut rows: Vec<(u32, u32, u32, u32, u32)> = Vec::with_capacity(matched + fresh.len());
        let mut fresh_files = fresh.files.iter().peekable();
        for index in 0..picture.files.len() {
            let (from_lists, from_outcomes, stored) =
                if let Some((_, stored)) = fresh_files.next_if(|f| f.0 as usize == index) {
                    // Fresh results were found in a file as long as the index says.
                    let size = file_size(&picture.files[index]);
                    (&fresh.lists, &fresh.outcomes, Stored { size, ..*stored })
                } else if let Some(stored) = self.by_file[index] {
                    // A damaged outcome is not copied on, under a fresh checksum.
                    if stored.outcome != NONE && self.outcomes.decode(stored.outcome).is_none() {
                        continue;
                    }
                    (&self.lists, &self.outcomes, stored)
                } else {
                    continue;
                };
            let mut id = |list: u32| -> u32 {
                let list = from_lists[list as usize].as_slice();
                *list_ids.entry(list).or_insert_with(|| {
                    lists.push(list);
                    (lists.len() - 1) as u32
                })
            };
            let (evaluated, selected) = (id(stored.evaluated), id(stored.selected));
            let outcome = if stored.outcome == NONE {
                NONE
            } else {
                outcomes.push(from_outcomes.encoded(stored.outcome));
                (outcomes.len() - 1) as u32
            };
            rows.push((index as u32, evaluated, selected, outcome, stored.size));
        }
        let written = write_atomically(&self.file, |out| {
            out.bytes(MAGIC)?;
            out.u32(FORMAT)?;
            out.bytes(&self.fingerprint)?;
            // Every record ends with its checksum (see `checksum`).
            out.u32(lists.len() as u32)?;
            for list in &lists {
                let bytes = list_bytes(list);
                out.u32(list.len() as u32)?;
                out.bytes(&bytes)?;
                out.u64(checksum(&[&bytes]))?;
            }
            out.u32(outcomes.len() as u32)?;
            for encoded in &outcomes {
                out.u32(encoded.len() as u32)?;
                out.bytes(encoded)?;
                out.u64(checksum(&[encoded]))?;
            }
            out.u32(rows.len() as u32)?;
            for &(index, evaluated, selected, outcome, size) in &rows {
                let entry = &picture.files[index as usize];
                let bytes = row_bytes(
                    entry.path.as_bytes(),
                    entry.blob.as_ref().expect("rows name blobs"),
                    [evaluated, selected, outcome, size],
                );
                out.bytes(&bytes)?;
                out.u64(checksum(&[&bytes]))?;
            }
            Ok(())
        });
        if written.is_ok()
            && let Some(dir) = self.file.parent()
        {
            prune(dir, std::time::SystemTime::now());
        }
        written
    }

    /// Read a cache file, keeping the records that match a file of `picture`.
    fn load(&mut self, bytes: &[u8], picture: &Picture, matchers: usize) -> Result<(), String> {
        let mut r = Reader { bytes, at: 0 };
        let damaged = || "cache file damaged; starting afresh".to_string();
        if r.take(4) != Some(MAGIC) || r.u32() != Some(FORMAT) {
            return Err("cache from another version of mlready; starting afresh".into());
        }
        if r.take(20) != Some(&self.fingerprint[..]) {
            return Err("rules, config or mlready changed since the cache was written; starting afresh".into());
        }
        // A record whose checksum fails is ignored, and so is every file row that names it.
        let mut bad = 0usize;
        let lists = r.u32().ok_or_else(damaged)?;
        let mut sound_lists = Vec::new();
        for _ in 0..lists {
            let len = r.u32().ok_or_else(damaged)? as usize;
            let bytes = r.take(len.checked_mul(4).ok_or_else(damaged)?).ok_or_else(damaged)?;
            let sound = r.u64().ok_or_else(damaged)? == checksum(&[bytes]);
            bad += usize::from(!sound);
            sound_lists.push(sound);
            self.lists
                .push(bytes.chunks_exact(4).map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes"))).collect());
        }
        // Per list, its largest value (0 for an empty list), to check records against the rule set.
        let largest: Vec<u32> = self.lists.iter().map(|list| list.iter().copied().max().unwrap_or(0)).collect();
        let outcomes = r.u32().ok_or_else(damaged)?;
        for _ in 0..outcomes {
            let len = r.u32().ok_or_else(damaged)? as usize;
            let encoded = r.take(len).ok_or_else(damaged)?;
            let sum = r.u64().ok_or_else(damaged)?;
            self.outcomes.push_checked(encoded, Some(sum));
        }
        let records = r.u32().ok_or_else(damaged)?;
        // Records and the picture's files are both sorted by path: one merge pairs them.
        let mut files = picture.files.iter().enumerate().peekable();
        let mut previous: &[u8] = &[];
        for _ in 0..records {
            let row_start = r.at;
            let len = r.u32().ok_or_else(damaged)? as usize;
            let path = r.take(len).ok_or_else(damaged)?;
            let oid = r.take(20).ok_or_else(damaged)?;
            let stored = Stored {
                evaluated: r.u32().ok_or_else(damaged)?,
                selected: r.u32().ok_or_else(damaged)?,
                outcome: r.u32().ok_or_else(damaged)?,
                size: r.u32().ok_or_else(damaged)?,
            };
            let row = &bytes[row_start..r.at];
            if r.u64().ok_or_else(damaged)? != checksum(&[row]) {
                // Its path may be what is damaged: it cannot say where it belongs in the order.
                bad += 1;
                continue;
            }
            let sound = |id: u32| sound_lists.get(id as usize).copied().unwrap_or(false);
            if !sound(stored.evaluated) || !sound(stored.selected) {
                bad += 1;
                continue;
            }
            // Evaluated lists hold `matcher * 2 + excerpt` keys, selections matcher indexes.
            let within = |id: u32, limit: usize| largest.get(id as usize).is_some_and(|&m| (m as usize) < limit);
            if !within(stored.evaluated, matchers * 2)
                || !within(stored.selected, matchers)
                || (stored.outcome != NONE && stored.outcome as usize >= self.outcomes.len())
                || path <= previous
            {
                return Err(damaged());
            }
            previous = path;
            while files.next_if(|(_, f)| f.path.as_bytes() < path).is_some() {}
            if let Some((index, _)) =
                files.next_if(|(_, f)| f.path.as_bytes() == path && f.blob.is_some_and(|blob| blob[..] == *oid))
            {
                self.by_file[index] = Some(stored);
            }
        }
        if r.at != bytes.len() {
            return Err(damaged());
        }
        self.stored = records as usize;
        self.damaged.store(bad, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

/// Decode a cache file's `bytes` as a run would, for the fuzz targets and
/// the property test: every record matched against `paths` (sorted; blob ids
/// all zero), then every outcome decoded. Returns how many records matched;
/// anything damaged is an error or is ignored, never a panic.
pub fn decode_for_testing(bytes: &[u8], paths: &[&str], matchers: usize, fingerprint: [u8; 20]) -> usize {
    let files = paths
        .iter()
        .map(|p| {
            let mut entry = crate::scan::FileEntry::new(p.to_string(), Tracking::Tracked);
            entry.blob = Some([0; 20]);
            entry
        })
        .collect();
    let picture = Picture {
        root: PathBuf::from("/nonexistent"),
        files,
        skipped: Vec::new(),
        notes: Vec::new(),
        attributes: Default::default(),
        git: None,
        staged: None,
        top_files: Default::default(),
    };
    let mut cache = ResultCache {
        file: PathBuf::new(),
        fingerprint,
        by_file: vec![None; picture.files.len()],
        lists: Vec::new(),
        outcomes: Outcomes::default(),
        stored: 0,
        damaged: std::sync::atomic::AtomicUsize::new(0),
        note: None,
    };
    if cache.load(bytes, &picture, matchers).is_err() {
        return 0;
    }
    let every: Vec<u32> = Vec::new();
    let matched = (0..picture.files.len()).filter(|&i| cache.lookup(i, &every, None).is_some()).count();
    // Every stored outcome, its checksum unchecked: a fuzzer seldom forges one.
    for id in 0..cache.outcomes.len() {
        let bytes = cache.outcomes.encoded(id as u32);
        Reader { bytes, at: 0 }.outcome();
    }
    matched
}

/// `bytes` with every record's checksum made to match, as far as the layout
/// reads (the rest copied as it is): for the fuzz targets, which would seldom
/// forge a checksum and so would never reach what a sound record leads to.
pub fn reseal_for_testing(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut r = Reader { bytes, at: 0 };
    // Overwrite the checksum that follows `r.at` with the checksum of `bytes[start..r.at]`.
    let seal = |r: &mut Reader, out: &mut Vec<u8>, start: usize| -> Option<()> {
        let at = r.at;
        r.u64()?;
        out[at..at + 8].copy_from_slice(&checksum(&[&bytes[start..at]]).to_le_bytes());
        Some(())
    };
    let _ = (|| -> Option<()> {
        r.take(4 + 4 + 20)?;
        for _ in 0..r.u32()? {
            let len = r.u32()? as usize;
            let start = r.at;
            r.take(len.checked_mul(4)?)?;
            seal(&mut r, &mut out, start)?;
        }
        for _ in 0..r.u32()? {
            let len = r.u32()? as usize;
            let start = r.at;
            r.take(len)?;
            seal(&mut r, &mut out, start)?;
        }
        for _ in 0..r.u32()? {
            let start = r.at;
            let len = r.u32()? as usize;
            r.take(len)?;
            r.take(20 + 4 * 4)?;
            seal(&mut r, &mut out, start)?;
        }
        Some(())
    })();
    out
}

/// Decode `bytes` as one file's stored outcome (hits, suppressions, skip reason).
pub fn decode_outcome_for_testing(bytes: &[u8]) -> bool {
    let mut r = Reader { bytes, at: 0 };
    r.outcome().is_some()
}

/// A file's size as the cache records it: git's index keeps 32 bits.
pub fn file_size(entry: &crate::scan::FileEntry) -> u32 {
    entry.size.map_or(u32::MAX, |size| size as u32)
}

/// Fill in what a stored hit leaves to the run.
pub fn revive_hit(stored: Hit, file: usize, path: &str, size: Option<u64>, tracking: Tracking) -> Hit {
    Hit { file, path: path.to_string(), size, tracking, ..stored }
}

/// Whether a skip reason depends only on the file's content (and so may be cached).
pub fn is_content_skip(reason: &SkipReason) -> bool {
    matches!(reason, SkipReason::Binary | SkipReason::NotUtf8 | SkipReason::TooLarge { .. })
}

fn is_subset(needed: &[u32], have: &[u32]) -> bool {
    let mut have = have.iter();
    needed.iter().all(|n| have.any(|h| h == n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::suppress::SuppressedCode;
    use crate::scan::source::{CellLocation, Excerpt, Location};

    fn location(line: usize, cell: Option<CellLocation>) -> Location {
        Location { line, column: 5, end_line: line, end_column: 17, cell }
    }

    fn excerpt() -> Excerpt {
        Excerpt {
            name: "notebooks/eda.ipynb [cell 3]".into(),
            text: "df = load_dataset('x')\n".into(),
            first_line: 40,
            span: 5..17,
            first_column: 3,
        }
    }

    #[test]
    fn outcomes_come_back_as_they_were_stored() {
        let hit = Hit {
            file: 0,
            path: String::new(),
            location: Some(location(41, Some(CellLocation { cell: 3, line: 2, column: 5 }))),
            first_line: Some(location(1, None)),
            excerpt: Some(excerpt()),
            text: "load_dataset('x')".into(),
            captures: vec![("name".into(), "x".into()), ("ünïcode".into(), "✓".into())],
            size: None,
            tracking: Tracking::Unknown,
        };
        let suppression = Suppression {
            path: String::new(),
            line: 7,
            file_level: true,
            codes: vec![SuppressedCode { code: "DATA002".into(), location: location(7, None), excerpt: excerpt() }],
        };
        for skip in [
            None,
            Some(SkipReason::Binary),
            Some(SkipReason::NotUtf8),
            Some(SkipReason::TooLarge { size: 9, limit: 8 }),
        ] {
            let outcome = FileOutcome { hits: vec![(12, hit.clone())], suppressions: vec![suppression.clone()], skip };
            let mut stored = Outcomes::default();
            let encoded = EncodedOutcome::of(&outcome.hits, &outcome.suppressions, outcome.skip.as_ref()).unwrap();
            let id = stored.push_encoded(&encoded.0);
            let back = stored.decode(id).expect("decodes");
            assert_eq!(format!("{back:?}"), format!("{outcome:?}"));
        }
    }

    #[test]
    fn a_damaged_outcome_is_a_miss_not_a_wrong_answer() {
        let outcome = FileOutcome { hits: Vec::new(), suppressions: Vec::new(), skip: Some(SkipReason::Binary) };
        let mut w = Writer::default();
        w.outcome_parts(&outcome.hits, &outcome.suppressions, outcome.skip.as_ref());
        let mut stored = Outcomes::default();
        let whole = stored.push_encoded(&w.buf);
        let cut = stored.push_encoded(&w.buf[..w.buf.len() - 1]);
        let padded = stored.push_encoded(&[w.buf.as_slice(), &[0]].concat());
        assert!(stored.decode(whole).is_some());
        assert!(stored.decode(cut).is_none());
        assert!(stored.decode(padded).is_none());
    }

    #[test]
    fn evaluated_lists_cover_what_a_run_needs() {
        assert!(is_subset(&[2, 9], &[1, 2, 5, 9]));
        assert!(is_subset(&[], &[1]));
        assert!(!is_subset(&[3], &[1, 2, 5, 9]));
        // The same matcher with and without excerpts are different keys.
        assert_ne!(evaluated_key(4, true), evaluated_key(4, false));
        assert!(!is_subset(&[evaluated_key(4, true)], &[evaluated_key(4, false)]));
    }

    /// A picture of one committed file, with a stamp.
    fn picture_of(root: &Path, path: &str) -> Picture {
        let entry = crate::scan::git::index_file::Entry {
            path: path.as_bytes(),
            ctime: (1, 0),
            mtime: (1, 0),
            dev: 1,
            ino: 1,
            mode: 0o100644,
            size: 1,
            oid: [3; 20],
            flags: path.len() as u16,
            flags_extended: 0,
        };
        let mut file = crate::scan::FileEntry::new(path.to_string(), Tracking::Tracked);
        file.blob = crate::scan::git::stamp::staged_blob(&entry);
        file.stamp = crate::scan::git::stamp::BlobStamp::of_entry(&entry, (2, 0));
        Picture {
            root: root.to_path_buf(),
            files: vec![file],
            skipped: Vec::new(),
            notes: Vec::new(),
            attributes: Default::default(),
            git: None,
            staged: None,
            top_files: Default::default(),
        }
    }

    #[test]
    fn a_cache_naming_matchers_the_rules_lack_is_damage_not_a_crash() {
        let root = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let picture = picture_of(root.path(), "train.py");
        let cache = ResultCache::open(dir.path(), &picture, 2_000_000, [9; 20]).unwrap();
        let mut fresh = FreshResults::default();
        fresh.add(0, vec![evaluated_key(1_000_000, false)], vec![1_000_000], None);
        cache.save(&picture, &fresh).unwrap();
        // Read back under the rules that wrote it: the record is there.
        let same = ResultCache::open(dir.path(), &picture, 2_000_000, [9; 20]).unwrap();
        assert_eq!(same.selection(0), Some(&[1_000_000][..]));
        // Under a rule set of 3 matchers the same file is damage.
        let fewer = ResultCache::open(dir.path(), &picture, 3, [9; 20]).unwrap();
        assert_eq!(fewer.note.as_deref(), Some("cache file damaged; starting afresh"));
        assert!(fewer.selection(0).is_none() && fewer.lookup(0, &[], None).is_none());
    }

    #[test]
    fn a_cache_directory_inside_the_root_is_refused_through_links_too() {
        let root = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(root.path()).unwrap();
        let outside = tempfile::tempdir().unwrap();
        let picture = Picture {
            root: root.clone(),
            files: Vec::new(),
            skipped: Vec::new(),
            notes: Vec::new(),
            attributes: Default::default(),
            git: None,
            staged: None,
            top_files: Default::default(),
        };
        assert!(ResultCache::open(&root.join("not/yet/there"), &picture, 1, [0; 20]).is_err());
        #[cfg(unix)]
        {
            let link = outside.path().join("to-root");
            std::os::unix::fs::symlink(&root, &link).unwrap();
            assert!(ResultCache::open(&link.join("cache"), &picture, 1, [0; 20]).is_err());
        }
        let cache = ResultCache::open(outside.path(), &picture, 1, [0; 20]).unwrap();
        assert_eq!(cache.note.as_deref(), Some("no cache yet"));
        assert!(!root.join("not").exists());
    }
}

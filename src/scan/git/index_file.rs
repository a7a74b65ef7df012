//! Git's index file (`.git/index`), read directly.
//!
//! Listing a large repository starts with its index: 100k entries, about
//! 10 MB. libgit2 reads it by hashing the whole file to verify its checksum,
//! validating every path and building a hash map of the entries, then hands
//! each entry out as an owned copy; mlready needs only each entry's path,
//! mode, size, blob id and `stat` data, in order, once. This reader parses
//! the documented format (versions 2, 3 and 4, see git's
//! `Documentation/gitformat-index.txt`) in one pass over the bytes. Like
//! git, it does not verify the trailing checksum.
//!
//! A split index (`git update-index --split-index`, `core.splitIndex`) keeps
//! most entries in a shared index file and only changes in the index itself:
//! [`read_split`] merges the two, as git does (libgit2 cannot read it).
//!
//! It declines what it does not know rather than guess: other versions, a
//! sparse index (directory entries), anything truncated or malformed. The
//! caller then reads the index with libgit2.

use memchr::memchr;

/// Entry mode bits that say "directory" (only in a sparse index).
const MODE_DIRECTORY: u32 = 0o040000;
/// Flag: the entry has a second flags word (version 3 and later).
const FLAG_EXTENDED: u16 = 0x4000;
/// Bytes of an entry before its path (without the extended flags word).
const ENTRY_HEADER: usize = 62;
/// Longest path accepted: no file system opens a longer one, and a version 4
/// index could otherwise grow each path by a byte per entry, making memory
/// quadratic in the index's size.
const MAX_PATH: usize = 4096;

/// One entry of the index, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    /// Path from the top of the work tree, `/`-separated.
    pub path: &'a [u8],
    /// `stat` change time: seconds, nanoseconds.
    pub ctime: (u32, u32),
    /// `stat` modification time: seconds, nanoseconds.
    pub mtime: (u32, u32),
    /// `stat` device, truncated to 32 bits.
    pub dev: u32,
    /// `stat` inode, truncated to 32 bits.
    pub ino: u32,
    /// Object type and permissions (`0o100644`, `0o120000`, `0o160000`...).
    pub mode: u32,
    /// `stat` size, truncated to 32 bits.
    pub size: u32,
    /// The blob's id.
    pub oid: [u8; 20],
    /// Flags: assume-valid, extended, stage, name length.
    pub flags: u16,
    /// Extended flags: skip-worktree, intent-to-add.
    pub flags_extended: u16,
}

impl Entry<'_> {
    /// The merge stage: 0 normally, 1 to 3 in a conflict.
    pub fn stage(&self) -> u16 {
        (self.flags >> 12) & 0x3
    }
}

/// Why an index was not read here.
pub type Declined = &'static str;

/// What [`read`] says of a split index: its entries are in a shared index
/// file too; read it with [`read_split`].
pub const SPLIT_INDEX: Declined = "split index (entries in a shared index file)";

/// Call `each` on every entry of the index `bytes`, in order. On `Err`, the
/// entries already passed to `each` must be discarded.
pub fn read(bytes: &[u8], mut each: impl FnMut(&Entry<'_>)) -> Result<(), Declined> {
    parse(bytes, &mut each, None)
}

/// The shared index a split index needs: the id of the shared index file
/// (`$GIT_DIR/sharedindex.<id>`), or `None` when it needs none.
pub fn shared_index_id(bytes: &[u8]) -> Result<Option<[u8; 20]>, Declined> {
    let mut link = None;
    parse(bytes, &mut |_| {}, Some(&mut link))?;
    let link = link.ok_or("not a split index")?;
    let id: [u8; 20] = link.get(..20).and_then(|b| b.try_into().ok()).ok_or("a malformed split index link")?;
    Ok((id != [0; 20]).then_some(id))
}

/// An entry of a split index, owned: the merge reorders entries.
struct Owned {
    path: Vec<u8>,
    fields: Entry<'static>,
}

impl Owned {
    fn of(entry: &Entry<'_>) -> Owned {
        Owned { path: entry.path.to_vec(), fields: Entry { path: &[], ..*entry } }
    }
}

/// Call `each` on every entry of the split index `bytes`, whose shared
/// index file holds `shared` (`None` when [`shared_index_id`] says it needs
/// none), in order, as git merges them: entries of the shared index, with
/// those the split index replaces or deletes (its two bitmaps) replaced or
/// left out, and the split index's own new entries, sorted by path and stage.
pub fn read_split(bytes: &[u8], shared: Option<&[u8]>, mut each: impl FnMut(&Entry<'_>)) -> Result<(), Declined> {
    let mut own = Vec::new();
    let mut link = None;
    parse(bytes, &mut |e| own.push(Owned::of(e)), Some(&mut link))?;
    let link = link.ok_or("not a split index")?;
    let mut base = Vec::new();
    if let Some(shared) = shared {
        let id = link.get(..20).ok_or("a malformed split index link")?;
        // The shared file is named by, and ends with, its own checksum.
        if shared.len() < 20 || &shared[shared.len() - 20..] != id {
            return Err("the shared index file does not match the split index");
        }
        parse(shared, &mut |e| base.push(Owned::of(e)), None)?;
    }
    let mut rest = link.get(20..).unwrap_or_default();
    let (delete, replace) = if rest.is_empty() {
        (vec![false; base.len()], vec![false; base.len()])
    } else {
        let (delete, used) = ewah_bits(rest, base.len())?;
        rest = &rest[used..];
        let (replace, used) = ewah_bits(rest, base.len())?;
        if used != rest.len() {
            return Err("a malformed split index link");
        }
        (delete, replace)
    };
    let mut own = own.into_iter();
    let mut merged: Vec<Owned> = Vec::with_capacity(base.len());
    for (position, mut entry) in base.into_iter().enumerate() {
        if replace[position] {
            let replacement = own.next().ok_or("a split index replaces more entries than it holds")?;
            // A replacement may leave its path empty: it keeps the replaced entry's.
            if !replacement.path.is_empty() {
                entry.path = replacement.path;
            }
            entry.fields = replacement.fields;
        }
        if !delete[position] {
            merged.push(entry);
        }
    }
    merged.extend(own);
    merged.sort_by(|a, b| a.path.cmp(&b.path).then(a.fields.stage().cmp(&b.fields.stage())));
    for entry in &merged {
        each(&Entry { path: &entry.path, ..entry.fields.clone() });
    }
    Ok(())
}

/// Decode one of git's EWAH-compressed bitmaps (`ewah/ewah_io.c`) over
/// `len` positions: which bits are set, and how many bytes it took. A bit
/// set past `len` is malformed (it would name an entry that does not exist),
/// so the work is bounded by `len`, whatever the run lengths claim.
fn ewah_bits(bytes: &[u8], len: usize) -> Result<(Vec<bool>, usize), Declined> {
    let malformed = "a malformed split index bitmap";
    let be32 = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let words = be32(4).ok_or(malformed)?;
    let body = bytes.get(8..).ok_or(malformed)?;
    let word = |i: usize| -> Option<u64> {
        let at = i.checked_mul(8)?;
        body.get(at..at + 8).map(|b| u64::from_be_bytes(b.try_into().expect("8 bytes")))
    };
    let used = words.checked_mul(8).and_then(|n| n.checked_add(12)).ok_or(malformed)?;
    if used > bytes.len() {
        return Err(malformed);
    }
    let mut bits = vec![false; len];
    let (mut i, mut position) = (0usize, 0usize);
    while i < words {
        let marker = word(i).ok_or(malformed)?;
        let (ones, run, literals) = (marker & 1 == 1, ((marker >> 1) & 0xffff_ffff) as usize, (marker >> 33) as usize);
        let run_bits = run.checked_mul(64).ok_or(malformed)?;
        if ones {
            if position.checked_add(run_bits).is_none_or(|end| end > len) {
                return Err(malformed);
            }
            bits[position..position + run_bits].iter_mut().for_each(|b| *b = true);
        }
        position = position.checked_add(run_bits).ok_or(malformed)?;
        for k in 0..literals {
            let value = word(i + 1 + k).ok_or(malformed)?;
            for bit in (0..64).filter(|bit| value & (1 << bit) != 0) {
                *bits.get_mut(position + bit).ok_or(malformed)? = true;
            }
            position = position.checked_add(64).ok_or(malformed)?;
        }
        i = i.checked_add(1 + literals).ok_or(malformed)?;
    }
    Ok((bits, used))
}

/// The entry loop of [`read`]. A `link` extension is stored in `link`, or
/// declined as [`SPLIT_INDEX`] when the caller does not read split indexes.
fn parse(
    bytes: &[u8],
    each: &mut dyn FnMut(&Entry<'_>),
    mut link: Option<&mut Option<Vec<u8>>>,
) -> Result<(), Declined> {
    let be32 = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let be16 = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let truncated = "the index is truncated";
    if bytes.get(..4) != Some(b"DIRC") {
        return Err("not a git index");
    }
    let version = be32(4).ok_or(truncated)?;
    if !(2..=4).contains(&version) {
        return Err("index version not read directly");
    }
    let count = be32(8).ok_or(truncated)?;
    // The last 20 bytes are the checksum.
    let end = bytes.len().checked_sub(20).ok_or(truncated)?;
    let mut at = 12;
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let word = |i: usize| be32(at + 4 * i).ok_or(truncated);
        let mut oid = [0u8; 20];
        oid.copy_from_slice(bytes.get(at + 40..at + 60).ok_or(truncated)?);
        let flags = be16(at + 60).ok_or(truncated)?;
        let mut path_at = at + ENTRY_HEADER;
        let mut flags_extended = 0;
        if flags & FLAG_EXTENDED != 0 {
            if version < 3 {
                return Err("extended flags in a version 2 index");
            }
            flags_extended = be16(path_at).ok_or(truncated)?;
            path_at += 2;
        }
        let mode = word(6)?;
        if mode & 0o170000 == MODE_DIRECTORY {
            return Err("sparse index (directory entries)");
        }
        let entry_end;
        let path: &[u8] = if version == 4 {
            // The path is the previous one minus N bytes at its end, plus a NUL-terminated suffix.
            let (strip, varint_len) = offset_varint(bytes.get(path_at..end).ok_or(truncated)?).ok_or(truncated)?;
            let suffix_at = path_at + varint_len;
            let suffix_len = memchr(0, bytes.get(suffix_at..end).ok_or(truncated)?).ok_or(truncated)?;
            let keep = previous.len().checked_sub(strip).ok_or("malformed path compression")?;
            if keep + suffix_len > MAX_PATH {
                return Err("a path longer than any file system allows");
            }
            previous.truncate(keep);
            previous.extend_from_slice(&bytes[suffix_at..suffix_at + suffix_len]);
            entry_end = suffix_at + suffix_len + 1;
            &previous
        } else {
            let len = memchr(0, bytes.get(path_at..end).ok_or(truncated)?).ok_or(truncated)?;
            if len > MAX_PATH {
                return Err("a path longer than any file system allows");
            }
            // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
            entry_end = at + ((path_at - at + len + 8) & !7);
            if entry_end > end {
                return Err(truncated);
            }
            &bytes[path_at..path_at + len]
        };
        let name_len = usize::from(flags & 0x0fff);
        if name_len < 0x0fff && name_len != path.len() {
            return Err("an entry's path length does not match its flags");
        }
        each(&Entry {
            path,
            ctime: (word(0)?, word(1)?),
            mtime: (word(2)?, word(3)?),
            dev: word(4)?,
            ino: word(5)?,
            mode,
            size: word(9)?,
            oid,
            flags,
            flags_extended,
        });
        at = entry_end;
    }
    // Extensions: an optional one (first letter upper case) can be skipped; a
    // required one changes what the entries mean, and git refuses an index
    // with one it does not know.
    while at + 8 <= end {
        let signature = &bytes[at..at + 4];
        if signature == b"link" {
            let Some(slot) = link.as_deref_mut() else { return Err(SPLIT_INDEX) };
            let size = be32(at + 4).ok_or(truncated)? as usize;
            let data = at.checked_add(8).and_then(|from| bytes.get(from..from.checked_add(size)?)).ok_or(truncated)?;
            *slot = Some(data.to_vec());
        }
        if signature == b"sdir" {
            return Err("sparse index");
        }
        if signature != b"link" && !signature[0].is_ascii_uppercase() {
            return Err("a required index extension not read directly");
        }
        let size = be32(at + 4).ok_or(truncated)? as usize;
        at = size.checked_add(8).and_then(|step| at.checked_add(step)).ok_or(truncated)?;
    }
    if at != end {
        return Err(truncated);
    }
    Ok(())
}

/// Git's "offset" varint (big-endian groups of 7 bits, each continuation
/// adding one): the value and how many bytes it took.
fn offset_varint(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut used = 0;
    let mut byte = *bytes.first()?;
    let mut value = usize::from(byte & 0x7f);
    while byte & 0x80 != 0 {
        used += 1;
        byte = *bytes.get(used)?;
        value = value.checked_add(1)?.checked_mul(128)?.checked_add(usize::from(byte & 0x7f))?;
    }
    Some((value, used + 1))
}

/// Whether a path from the index is one mlready may join to the work tree:
/// relative, with no empty, `.`, `..` or `.git` component, so that it names
/// a file inside the work tree and outside git's own folder.
pub fn is_safe_path(path: &str) -> bool {
    // On Windows a backslash or a drive letter would also lead elsewhere.
    let foreign = cfg!(windows) && (path.contains('\\') || path.contains(':'));
    !path.is_empty()
        && !foreign
        && !path.contains('\0')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.eq_ignore_ascii_case(".git"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_varints_decode_as_git_writes_them() {
        assert_eq!(offset_varint(&[0x00]), Some((0, 1)));
        assert_eq!(offset_varint(&[0x7f]), Some((127, 1)));
        // 128 is written as 0x80 0x00 in git's encoding.
        assert_eq!(offset_varint(&[0x80, 0x00]), Some((128, 2)));
        assert_eq!(offset_varint(&[0x80]), None);
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in [
            "",
            "../x",
            "a/../b",
            "./a",
            "a//b",
            "/etc/passwd",
            ".git/config",
            "a/.GIT/b",
            "a/",
            "a/..",
            "a/.",
            "..",
            "a\0b",
        ] {
            assert!(!is_safe_path(bad), "{bad}");
        }
        for good in ["src/.github/x.py", ".gitignore", "train.py", "a/b.c/d", "a/..b/c", "x.git/y"] {
            assert!(is_safe_path(good), "{good}");
        }
    }

    /// An index with one entry (version 2) whose path is `path`, followed by `extension`.
    fn index_with(path: &[u8], extension: &[u8]) -> Vec<u8> {
        let mut bytes = b"DIRC\0\0\0\x02\0\0\0\x01".to_vec();
        let mut entry = vec![0u8; ENTRY_HEADER];
        entry[24..28].copy_from_slice(&0o100644u32.to_be_bytes());
        let flags = path.len().min(0xfff) as u16;
        entry[60..62].copy_from_slice(&flags.to_be_bytes());
        entry.extend_from_slice(path);
        let padded = (ENTRY_HEADER + path.len() + 8) & !7;
        entry.resize(padded, 0);
        bytes.extend_from_slice(&entry);
        bytes.extend_from_slice(extension);
        bytes.extend_from_slice(&[0; 20]);
        bytes
    }

    #[test]
    fn extensions_are_skipped_only_when_optional() {
        let mut paths = Vec::new();
        assert!(read(&index_with(b"src/train.py", b""), |e| paths.push(e.path.to_vec())).is_ok());
        assert_eq!(paths, [b"src/train.py".to_vec()]);
        let optional = [b"TREE".as_slice(), &2u32.to_be_bytes(), b"xy"].concat();
        assert!(read(&index_with(b"a.py", &optional), |_| {}).is_ok());
        let required = [b"zzzz".as_slice(), &0u32.to_be_bytes()].concat();
        assert!(read(&index_with(b"a.py", &required), |_| {}).is_err());
        let huge = [b"TREE".as_slice(), &u32::MAX.to_be_bytes()].concat();
        assert!(read(&index_with(b"a.py", &huge), |_| {}).is_err());
    }

    #[test]
    fn overlong_paths_are_declined() {
        assert!(read(&index_with(&vec![b'a'; MAX_PATH + 1], b""), |_| {}).is_err());
        assert!(read(&index_with(&vec![b'a'; MAX_PATH], b""), |_| {}).is_ok());
    }

    #[test]
    fn garbage_is_declined_not_misread() {
        let mut seen = 0;
        assert!(read(b"", |_| seen += 1).is_err());
        assert!(read(b"DIRC\0\0\0\x02\0\0\0\x05", |_| seen += 1).is_err());
        assert!(read(b"DIRC\0\0\0\x09\0\0\0\0aaaaaaaaaaaaaaaaaaaa", |_| seen += 1).is_err());
        assert_eq!(seen, 0);
    }
}

//! Files read whole and at once, without copying them (see [`MappedFile`]).

/// The bytes of a file that is only ever replaced whole (renamed over), never
/// rewritten in place: git's index, mlready's result cache. The file is
/// mapped, not copied, so the mapped bytes stay as they were (git maps its
/// index too). Copying 10 MB into fresh memory costs more than parsing it.
pub enum MappedFile {
    /// Mapped with every page read in at once.
    Mapped(memmap2::Mmap),
    /// Read into memory: empty files, and where mapping failed.
    Copied(Vec<u8>),
}

impl MappedFile {
    /// The content of the file at `path`: a regular file (opened without
    /// blocking, so a FIFO put in its place is refused, not waited on) of
    /// at most `limit` bytes.
    pub fn read(path: &std::path::Path, limit: u64) -> std::io::Result<MappedFile> {
        use super::open::{Links, SkipReason, open_regular_io};
        let (file, meta) = open_regular_io(path, Links::Follow)?;
        if meta.len() > limit {
            return Err(SkipReason::TooLarge { size: meta.len(), limit }.into_io());
        }
        if meta.len() > 0 {
            // SAFETY: a read-only private mapping of a regular file that its writers
            // (git, mlready's cache) replace by renaming, never rewrite in place.
            // `populate` asks Linux to read every page now rather than fault them in one by one.
            if let Ok(map) = unsafe { memmap2::MmapOptions::new().len(meta.len() as usize).populate().map(&file) } {
                return Ok(MappedFile::Mapped(map));
            }
        }
        let mut copied = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(&file, limit.saturating_add(1)), &mut copied)?;
        if copied.len() as u64 > limit {
            return Err(SkipReason::TooLarge { size: copied.len() as u64, limit }.into_io());
        }
        Ok(MappedFile::Copied(copied))
    }
}

impl std::ops::Deref for MappedFile {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            MappedFile::Mapped(map) => map,
            MappedFile::Copied(bytes) => bytes,
        }
    }
}

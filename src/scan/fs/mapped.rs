//! Files read whole and at once, without copying them (see [`MappedFile`]).

/// The bytes of a file that is only ever replaced whole (renamed over), never
/// rewritten in place: git's index, mlready's result cache. On Unix the file
/// is mapped, not copied, so the mapped bytes stay as they were (git maps its
/// index too). Copying 10 MB into fresh memory costs more than parsing it.
pub struct MappedFile {
    #[cfg(unix)]
    mapped: Option<(*mut libc::c_void, usize)>,
    copied: Vec<u8>,
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
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            let len = meta.len() as usize;
            if len > 0 {
                // SAFETY: a read-only private mapping of a file we opened; unmapped on drop.
                let at = unsafe {
                    libc::mmap(
                        std::ptr::null_mut(),
                        len,
                        libc::PROT_READ,
                        libc::MAP_PRIVATE | populate(),
                        file.as_raw_fd(),
                        0,
                    )
                };
                if at != libc::MAP_FAILED {
                    return Ok(MappedFile { mapped: Some((at, len)), copied: Vec::new() });
                }
            }
        }
        let mut copied = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(&file, limit.saturating_add(1)), &mut copied)?;
        if copied.len() as u64 > limit {
            return Err(SkipReason::TooLarge { size: copied.len() as u64, limit }.into_io());
        }
        Ok(MappedFile {
            #[cfg(unix)]
            mapped: None,
            copied,
        })
    }
}

/// Ask Linux to map every page at once rather than fault them in one by one.
#[cfg(unix)]
fn populate() -> libc::c_int {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    return libc::MAP_POPULATE;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    return 0;
}

impl std::ops::Deref for MappedFile {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        #[cfg(unix)]
        if let Some((at, len)) = self.mapped {
            // SAFETY: the mapping is `len` readable bytes, alive until drop.
            return unsafe { std::slice::from_raw_parts(at.cast::<u8>(), len) };
        }
        &self.copied
    }
}

impl Drop for MappedFile {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some((at, len)) = self.mapped {
            // SAFETY: unmapping what `read` mapped, once.
            unsafe { libc::munmap(at, len) };
        }
    }
}

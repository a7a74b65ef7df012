//! Where caches live and how they are written: a directory outside the
//! linted root, one file per root written through a temporary file and a
//! rename, and old files pruned.

use std::path::{Path, PathBuf};

/// Where caches live unless `--cache-dir` says otherwise.
pub fn default_dir() -> Option<PathBuf> {
    let from = |var: &str| std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from);
    from("XDG_CACHE_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| from("HOME").map(|home| home.join(".cache")))
        .map(|base| base.join("mlready"))
}

/// `dir` made absolute, with the part that exists resolved through its links,
/// so that "inside the root" is judged on real paths.
pub(super) fn resolve(dir: &Path) -> PathBuf {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Cache files not written for this long are removed when another one is
/// written, so that the caches of roots that are gone (temporary checkouts,
/// deleted clones) do not pile up.
const UNUSED_FOR: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);
/// Temporary files older than this were left by a run that was killed.
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Remove old cache files (and abandoned temporary ones) from `dir`. Only
/// names mlready writes are touched: `--cache-dir` may be shared.
pub(super) fn prune(dir: &Path, now: std::time::SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_hex = |s: &str| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit());
        let age_limit = if name.strip_suffix(".bin").is_some_and(is_hex) {
            UNUSED_FOR
        } else if name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.split_once(".bin."))
            .is_some_and(|(hash, pid)| is_hex(hash) && pid.bytes().all(|b| b.is_ascii_digit()))
        {
            ABANDONED_AFTER
        } else {
            continue;
        };
        let old = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > age_limit);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Write `file` through a temporary file renamed over it: a reader never
/// sees half a cache.
pub(super) fn write_atomically(
    file: &Path,
    write: impl FnOnce(&mut Sink) -> std::io::Result<()>,
) -> Result<(), String> {
    let dir = file.parent().ok_or("cache file has no directory")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let temp = dir.join(format!(".{}.{}.tmp", file.file_name().unwrap_or_default().display(), std::process::id()));
    // A name left by a crashed run (or a link put there) is removed, never written through.
    let _ = std::fs::remove_file(&temp);
    let written = std::fs::File::options().write(true).create_new(true).open(&temp).and_then(|created| {
        let mut sink = Sink(std::io::BufWriter::new(created));
        write(&mut sink)?;
        // No fsync: a cache need not survive a crash; a torn file reads as damaged.
        sink.0.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(&temp, file)
    });
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write {}: {e}", file.display())
    })
}

/// A cache file being written.
pub(super) struct Sink(std::io::BufWriter<std::fs::File>);

impl Sink {
    pub(super) fn bytes(&mut self, b: &[u8]) -> std::io::Result<()> {
        std::io::Write::write_all(&mut self.0, b)
    }
    pub(super) fn u32(&mut self, n: u32) -> std::io::Result<()> {
        self.bytes(&n.to_le_bytes())
    }
    pub(super) fn u64(&mut self, n: u64) -> std::io::Result<()> {
        self.bytes(&n.to_le_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_caches_are_pruned_and_nothing_else_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let hash = "0123456789abcdef0123456789abcdef01234567";
        let names = [
            format!("{hash}.bin"),
            format!(".{hash}.bin.4242.tmp"),
            "notes.txt".to_string(),
            format!("{hash}.bin.bak"),
            "fedcba9876543210fedcba9876543210fedcba98.bin".to_string(),
        ];
        for name in &names {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let day = std::time::Duration::from_secs(24 * 3600);
        let long_ago = std::time::SystemTime::now() - 40 * day;
        for name in &names[..4] {
            std::fs::File::options().write(true).open(dir.path().join(name)).unwrap().set_modified(long_ago).unwrap();
        }
        prune(dir.path(), std::time::SystemTime::now());
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(
            left,
            [format!("{hash}.bin.bak"), "fedcba9876543210fedcba9876543210fedcba98.bin".into(), "notes.txt".into()]
        );
    }
}

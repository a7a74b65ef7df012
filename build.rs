//! Gives the build an identity for the result cache: a hash of everything
//! that decides what mlready finds (its sources, rule packs, manifest and
//! locked dependencies). Two builds of the same sources share cached
//! results, on any machine (a CI job restoring the previous job's cache);
//! any change to them starts a fresh cache, even within one version number
//! (a pre-commit `rev` between releases, a development build).

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "rules"] {
        collect(&root.join(dir), &mut files);
        println!("cargo::rerun-if-changed={dir}");
    }
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        files.push(root.join(file));
        println!("cargo::rerun-if-changed={file}");
    }
    files.sort();
    // FNV-1a over each file's path (relative, so the checkout's location does not
    // matter) and content, length-prefixed.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for chunk in [&(bytes.len() as u64).to_le_bytes()[..], bytes] {
            for &b in chunk {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
    };
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        feed(relative.to_string_lossy().replace('\\', "/").as_bytes());
        feed(&std::fs::read(file).unwrap_or_default());
    }
    println!("cargo::rustc-env=MLREADY_SOURCE_HASH={hash:016x}");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => collect(&path, out),
            Ok(kind) if kind.is_file() => out.push(path),
            _ => {}
        }
    }
}

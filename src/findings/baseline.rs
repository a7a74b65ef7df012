//! Baselines, for adopting mlready on a legacy repository: record today's
//! findings, then report (and fail on) only findings that are not in the
//! record. Entries whose finding disappeared are reported as fixed, so the
//! baseline can be shrunk. Entries are matched by fingerprint (rule, file,
//! content of the located line; a finding about something absent by its rule
//! alone), so they survive line shifts and new files.

use super::{Finding, fingerprint};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::path::Path;

/// Version of the baseline file's format.
pub const FORMAT_VERSION: u64 = 1;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its fingerprint.
    pub fingerprint: String,
    /// Rule code.
    pub code: String,
    /// File, if any.
    pub path: Option<String>,
    /// Message when recorded (for people reading the file).
    pub message: String,
}

/// A loaded baseline.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// Recorded findings.
    pub entries: Vec<Entry>,
}

/// What applying a baseline did.
#[derive(Debug, Clone, Default)]
pub struct BaselineSummary {
    /// Findings that matched an entry and are not reported.
    pub matched: usize,
    /// Entries whose finding is gone.
    pub fixed: Vec<Entry>,
}

/// The biggest baseline read (a baseline records about 200 bytes per finding).
pub const MAX_BASELINE_SIZE: u64 = 256 * 1024 * 1024;

impl Baseline {
    /// Read a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        // The user names it, but a CI script may name a file the pull request controls: a regular
        // file of bounded size, opened without blocking.
        let text = crate::scan::fs::open::read_text(path, MAX_BASELINE_SIZE)
            .map_err(|reason| format!("cannot read baseline {}: {reason}", path.display()))?;
        let doc: Value =
            serde_json::from_str(&text).map_err(|e| format!("baseline {} is not valid JSON: {e}", path.display()))?;
        if doc["version"].as_u64() != Some(FORMAT_VERSION) {
            return Err(format!(
                "baseline {} has an unknown format (expected \"version\": {FORMAT_VERSION}); write it again with --write-baseline",
                path.display()
            ));
        }
        let entries = doc["findings"]
            .as_array()
            .ok_or_else(|| format!("baseline {} has no \"findings\" array", path.display()))?
            .iter()
            .map(|e| Entry {
                fingerprint: e["fingerprint"].as_str().unwrap_or_default().to_string(),
                code: e["code"].as_str().unwrap_or_default().to_string(),
                path: e["path"].as_str().map(String::from),
                message: e["message"].as_str().unwrap_or_default().to_string(),
            })
            .filter(|e| !e.fingerprint.is_empty())
            .collect();
        Ok(Baseline { entries })
    }

    /// Drop the findings the baseline records; say which entries are fixed.
    pub fn apply(&self, findings: &mut Vec<Finding>) -> BaselineSummary {
        let prints = fingerprint::fingerprints(findings);
        // A baseline written by an earlier release recorded absence findings with their file.
        let earlier = fingerprint::earlier_fingerprints(findings);
        let known: HashSet<&str> = self.entries.iter().map(|e| e.fingerprint.as_str()).collect();
        let present: HashSet<&str> = prints.iter().chain(&earlier).map(String::as_str).collect();
        let fixed = self.entries.iter().filter(|e| !present.contains(e.fingerprint.as_str())).cloned().collect();
        let before = findings.len();
        let mut keep =
            prints.iter().zip(&earlier).map(|(p, e)| !known.contains(p.as_str()) && !known.contains(e.as_str()));
        findings.retain(|_| keep.next().unwrap_or(true));
        BaselineSummary { matched: before - findings.len(), fixed }
    }
}

/// The baseline document recording `findings`.
pub fn document(findings: &[Finding]) -> Value {
    let prints = fingerprint::fingerprints(findings);
    let mut entries: Vec<Value> = findings
        .iter()
        .zip(prints)
        .map(|(f, print)| json!({ "fingerprint": print, "code": f.code, "path": f.path, "message": f.message }))
        .collect();
    entries.sort_by(|a, b| {
        let key = |v: &Value| {
            (
                v["path"].as_str().unwrap_or("").to_string(),
                v["code"].as_str().unwrap_or("").to_string(),
                v["fingerprint"].as_str().unwrap_or("").to_string(),
            )
        };
        key(a).cmp(&key(b))
    });
    json!({
        "version": FORMAT_VERSION,
        "tool": "mlready",
        "comment": "Findings accepted when mlready was adopted. `mlready lint --baseline <this file>` reports only new ones; rewrite it with --write-baseline as they are fixed.",
        "findings": entries,
    })
}

/// Write a file atomically: a temporary file beside it, then a rename, so a
/// reader never sees half of it and an interrupted write leaves the old one.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "mlready".into());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    // A name left by a crashed run (or a link put there) is removed, never written through.
    let _ = std::fs::remove_file(&temp);
    let result = (|| {
        let mut file = std::fs::File::options().write(true).create_new(true).open(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

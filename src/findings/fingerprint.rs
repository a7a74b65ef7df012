//! Fingerprints that survive line shifts and unrelated edits: a finding is
//! identified by its rule, its file and the normalised content of the line
//! it points at (a finding about something absent: by its rule alone), never
//! by a line number. Identical findings in one file get
//! an occurrence number, in order.
//!
//! SARIF `partialFingerprints` and the baseline use the same value.

use super::Finding;
use std::collections::HashMap;

/// The fingerprints of `findings`, in the same order.
pub fn fingerprints(findings: &[Finding]) -> Vec<String> {
    numbered(findings, content_hash)
}

/// The fingerprints earlier releases (0.1.0) gave `findings`: an absence finding
/// was identified by its file too. A baseline written then still matches.
pub fn earlier_fingerprints(findings: &[Finding]) -> Vec<String> {
    numbered(findings, |f| hash_of(f, true, if f.absence { String::new() } else { content_of(f) }))
}

fn numbered(findings: &[Finding], hash_of: impl Fn(&Finding) -> u64) -> Vec<String> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let hash = hash_of(f);
            let occurrence = seen.entry(hash).or_insert(0);
            *occurrence += 1;
            format!("{hash:016x}:{occurrence}")
        })
        .collect()
}

/// Hash of what identifies a finding regardless of where its line moved. A
/// finding about something absent (at most one per rule) is identified by its
/// rule alone: the file it is anchored to is whichever evidence sorts first,
/// so adding an unrelated file that sorts earlier must not make it new.
fn content_hash(finding: &Finding) -> u64 {
    if finding.absence { hash_of(finding, false, String::new()) } else { hash_of(finding, true, content_of(finding)) }
}

/// The located line, or the message for a finding without one.
fn content_of(finding: &Finding) -> String {
    located_line(finding).unwrap_or_else(|| finding.message.clone())
}

fn hash_of(finding: &Finding, with_path: bool, content: String) -> u64 {
    let path = if with_path { finding.path.as_deref().unwrap_or("") } else { "" };
    let mut hash = Fnv::default();
    hash.write(finding.code.as_bytes());
    hash.write(&[0]);
    hash.write(path.as_bytes());
    hash.write(&[0]);
    hash.write(content.as_bytes());
    hash.0
}

/// The line a finding points at, with blanks trimmed and collapsed.
fn located_line(finding: &Finding) -> Option<String> {
    let excerpt = finding.excerpt.as_ref()?;
    let text = &excerpt.text;
    let at = excerpt.span.start.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    Some(text[start..end].split_whitespace().collect::<Vec<_>>().join(" "))
}

/// FNV-1a, 64 bits: stable across platforms and releases, which a fingerprint must be.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;
    use crate::scan::source::Excerpt;

    fn finding(line_text: &str, first_line: usize) -> Finding {
        Finding {
            code: "DEP002".into(),
            name: "unpinned-requirement".into(),
            ingredient: None,
            severity: Severity::Warning,
            message: "m".into(),
            label: None,
            help: "".into(),
            rationale: "".into(),
            url: None,
            path: Some("requirements.txt".into()),
            location: None,
            excerpt: Some(Excerpt {
                name: "requirements.txt".into(),
                text: format!("before\n{line_text}\nafter"),
                first_line,
                span: 7..7 + line_text.len(),
                first_column: 0,
            }),
            details: None,
            absence: false,
        }
    }

    #[test]
    fn an_absence_finding_is_identified_by_its_rule_alone() {
        let absent = |path: &str| Finding { absence: true, path: Some(path.into()), ..finding("torch>=2", 1) };
        let (a, b) = (absent("requirements.txt"), absent("a/requirements.txt"));
        assert_eq!(fingerprints(std::slice::from_ref(&a)), fingerprints(std::slice::from_ref(&b)));
        // A baseline written by 0.1.0 recorded the file: those fingerprints still differ.
        assert_ne!(earlier_fingerprints(&[a]), earlier_fingerprints(&[b]));
        let present = finding("torch>=2", 1);
        assert_eq!(fingerprints(std::slice::from_ref(&present)), earlier_fingerprints(&[present]));
    }

    #[test]
    fn line_shifts_and_spacing_do_not_change_fingerprints() {
        let a = fingerprints(&[finding("pandas>=2", 3)]);
        let b = fingerprints(&[finding("pandas>=2   ", 40)]);
        assert_eq!(a, b);
        assert_ne!(a, fingerprints(&[finding("numpy>=1", 3)]));
        let twice = fingerprints(&[finding("pandas>=2", 3), finding("pandas>=2", 9)]);
        assert!(twice[0].ends_with(":1") && twice[1].ends_with(":2"));
        assert_eq!(twice[0].len(), 18);
    }
}

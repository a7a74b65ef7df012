//! Entry points for the fuzz targets (`fuzz/`) and the property test
//! (`tests/parsers.rs`): every reader of untrusted input, each called the
//! way a run calls it, with whatever bytes the fuzzer makes up. None may
//! panic, recurse without bound or take more than linear work; errors are
//! values. Not part of the command line; hidden from the documentation.

use crate::rules::RuleSet;
use crate::scan::formats::{codeowners, json, lexer, markdown, notebook, toml_doc, yaml};
use crate::scan::git::{attributes, index_file};
use crate::scan::source::{Scope, SourceFile};
use std::path::Path;
use std::sync::OnceLock;

/// Paths a fuzzed text is read as: every kind of file mlready reads.
pub const PATHS: &[&str] = &[
    "train.py",
    "notebooks/eda.ipynb",
    "README.md",
    "docs/MODEL_CARD.md",
    "requirements.txt",
    "requirements/prod.txt",
    "environment.yml",
    "conda.yaml",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
    "dvc.yaml",
    "dvc.lock",
    "data/train.csv.dvc",
    "pyproject.toml",
    "poetry.lock",
    "uv.lock",
    "Pipfile.lock",
    "config.json",
    "results/metrics.json",
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "OWNERS",
    "MAINTAINERS",
    "Dockerfile",
    "setup.py",
    "Makefile",
    "params.yaml",
    "k8s/inference.yaml",
    "grafana/dashboard.json",
    "data/train.csv",
];

fn built_in_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut packs = crate::rules::pack::PackSet::default();
        crate::rules::builtin::read_into(&mut packs).expect("the built-in packs are valid");
        packs.resolve().expect("the built-in packs resolve")
    })
}

/// The built-in matchers that select `path` (computed once per path of [`PATHS`]).
fn selected(path: &str) -> Vec<usize> {
    static SELECTIONS: OnceLock<Vec<Vec<usize>>> = OnceLock::new();
    let of = |path: &str| -> Vec<usize> {
        let rules = built_in_rules();
        (0..rules.matchers.len())
            .filter(|&m| {
                let matcher = &rules.matchers[m];
                let glob = |g: &String| {
                    crate::scan::fs::walk::compile_glob(g).is_ok_and(|g| g.compile_matcher().is_match(path))
                };
                matcher.files.iter().any(glob) && !matcher.is_excluded(path)
            })
            .collect()
    };
    match PATHS.iter().position(|p| *p == path) {
        Some(i) => SELECTIONS.get_or_init(|| PATHS.iter().map(|p| of(p)).collect())[i].clone(),
        None => of(path),
    }
}

/// A text read as the file at `path`: every view of it built (tokens,
/// notebook cells, headings, structured documents) and every built-in
/// matcher that selects the path run on it, locations and excerpts included.
pub fn lint_file(path: &str, text: &str) {
    lint_file_part(path, text, 0, 1);
}

/// [`lint_file`] with a share of the matchers: those whose position among
/// the matchers that select `path` is `part` modulo `parts`. Every view is
/// still built. The fuzz targets run one part per input (the regex engine is
/// most of the time a matcher takes), and so run several times as many inputs.
pub fn lint_file_part(path: &str, text: &str, part: usize, parts: usize) {
    let file = SourceFile::new(path.to_string(), text.to_string());
    for scope in [Scope::Code, Scope::Prose, Scope::Text] {
        for segment in file.segments(scope) {
            for offset in (0..segment.text.len()).step_by(segment.text.len() / 16 + 1) {
                segment.allows(offset);
            }
        }
    }
    file.headings();
    file.tables();
    file.documents();
    let mut found = Vec::new();
    let rules = built_in_rules();
    let parts = parts.max(1);
    for matcher in selected(path).iter().skip(part % parts).step_by(parts).map(|&m| &rules.matchers[m]) {
        found.clear();
        matcher.find(&file, &mut found);
        for hit in found.iter().take(64) {
            if let Some(span) = &hit.span {
                file.location(hit.origin, span.clone());
                file.excerpt(hit.origin, span.clone());
            }
        }
    }
    crate::findings::suppress::scan(&file);
}

/// A config file's text, as `.mlready.toml` and as `pyproject.toml`; when it
/// reads, its rules are resolved with the built-in packs and compiled.
pub fn config(text: &str) {
    for name in ["mlready.toml", "pyproject.toml"] {
        if let Ok(config) = crate::config::parse_text(Path::new(name), name, text.to_string()) {
            let _ = crate::lint::rule_set(&config);
        }
    }
}

/// CODEOWNERS text, in whichever dialect it reads as, asked about a few paths.
pub fn codeowners(text: &str) {
    let parsed = codeowners::CodeOwners::parse(text);
    for path in PATHS {
        parsed.owners_of(path);
    }
}

/// `.gitattributes` text, from every source, asked about a few paths.
pub fn gitattributes(text: &str) {
    let mut attributes = attributes::Attributes::new("sub/");
    attributes.add_file("", text);
    attributes.add_file("sub/data", text);
    attributes.add_user_file(text);
    attributes.add_repository_file(text);
    for path in PATHS {
        attributes.is_lfs(path);
        attributes.rewrites(path);
    }
}

/// `.gitignore` text, asked about a few paths.
pub fn gitignore(text: &str) {
    let folder = Path::new("/repo");
    if let Ok(matcher) = crate::scan::fs::gitignore::matcher_of(folder, &folder.join(".gitignore"), text) {
        for path in PATHS {
            matcher.matched(folder.join(path), false);
            matcher.matched(folder.join(path), true);
        }
    }
}

/// JSON text, as a document and as a notebook.
pub fn json(text: &str) {
    let _ = json::parse(text);
    if let Some(cells) = json::notebook_cells(text) {
        for (_, spans) in cells {
            for span in spans {
                json::decode_string_with_offsets(text, span);
            }
        }
    }
    let _ = notebook::parse(text);
}

/// YAML text: documents (aliases left null and resolved), the first syntax
/// error, and the path filters of a GitHub workflow and a GitLab pipeline.
pub fn yaml(text: &str) {
    let _ = yaml::parse(text);
    let _ = yaml::parse_resolving_aliases(text);
    let _ = yaml::syntax_error(text);
    use crate::findings::projects::ci_paths::path_conditions;
    let _ = path_conditions(".github/workflows/ci.yml", text, &|_| None);
    let _ = path_conditions(".gitlab-ci.yml", text, &|path| (path == "ci/jobs.yml").then(|| text.to_string()));
}

/// TOML text as a structured document.
pub fn toml(text: &str) {
    let _ = toml_doc::parse(text);
}

/// Markdown text: front matter, headings and tables.
pub fn markdown(text: &str) {
    let _ = markdown::front_matter(text);
    let non_prose = lexer::markdown_non_prose(text);
    let _ = markdown::headings(text, &non_prose);
    let _ = markdown::tables(text, &non_prose);
}

/// Text through the tokenizers: Python, `#` comments, Markdown.
pub fn lexer(text: &str) {
    let _ = lexer::python_non_code(text);
    let _ = lexer::hash_comments(text);
    let _ = lexer::markdown_non_prose(text);
}

/// Bytes as git's index, and as a split index whose shared index they also
/// are; when a second `DIRC` header follows the first, the bytes are also
/// read as a split index (before it) and its shared index file (from it on),
/// which is how the seeds store the two files of a split index.
pub fn git_index(bytes: &[u8]) {
    let _ = index_file::read(bytes, |_| {});
    let _ = index_file::shared_index_id(bytes);
    let _ = index_file::read_split(bytes, Some(bytes), |_| {});
    let _ = index_file::read_split(bytes, None, |_| {});
    if let Some(at) = bytes.get(4..).and_then(|rest| memchr::memmem::find(rest, b"DIRC")) {
        let (split, shared) = bytes.split_at(at + 4);
        let _ = index_file::shared_index_id(split);
        let _ = index_file::read_split(split, Some(shared), |_| {});
    }
}

/// Bytes as a result cache file (matched against a few paths), as the same
/// file with its checksums made to match, and as one stored outcome.
pub fn cache(bytes: &[u8]) {
    let mut paths: Vec<&str> = PATHS.to_vec();
    paths.sort_unstable();
    // The fingerprint is read from the bytes, so that inputs can get past the header.
    let fingerprint: [u8; 20] = bytes.get(8..28).and_then(|b| b.try_into().ok()).unwrap_or([0; 20]);
    let matchers = built_in_rules().matchers.len();
    crate::rules::cache::decode_for_testing(bytes, &paths, matchers, fingerprint);
    crate::rules::cache::decode_outcome_for_testing(bytes);
    // And with every checksum made to match, so that records get past their checks.
    crate::rules::cache::decode_for_testing(
        &crate::rules::cache::reseal_for_testing(bytes),
        &paths,
        matchers,
        fingerprint,
    );
}

/// Every entry point on one input: bytes that are not UTF-8 go to the byte readers only.
pub fn everything(bytes: &[u8]) {
    git_index(bytes);
    cache(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    for path in PATHS {
        lint_file(path, text);
    }
    config(text);
    codeowners(text);
    gitattributes(text);
    gitignore(text);
    json(text);
    yaml(text);
    toml(text);
    markdown(text);
    lexer(text);
}

/// The files each path-choosing fuzz target reads its input as: the first
/// byte of the input chooses one (modulo the count), the rest is the text.
/// Every path is one of [`PATHS`], whose matcher selections are computed once.
pub mod paths {
    /// Requirements and lock files.
    pub const REQUIREMENTS: &[&str] =
        &["requirements.txt", "requirements/prod.txt", "poetry.lock", "uv.lock", "Pipfile.lock", "dvc.lock"];
    /// Notebooks and JSON documents.
    pub const JSON: &[&str] = &["notebooks/eda.ipynb", "config.json", "results/metrics.json", "grafana/dashboard.json"];
    /// YAML: workflows, environments, pipelines, manifests.
    pub const YAML: &[&str] = &[
        ".github/workflows/ci.yml",
        "environment.yml",
        "conda.yaml",
        ".gitlab-ci.yml",
        "dvc.yaml",
        "params.yaml",
        "k8s/inference.yaml",
        "data/train.csv.dvc",
        "OWNERS",
    ];
    /// Markdown, front matter included.
    pub const MARKDOWN: &[&str] = &["README.md", "docs/MODEL_CARD.md"];
    /// Python and other `#`-commented sources.
    pub const SOURCE: &[&str] = &["train.py", "setup.py", "Dockerfile", "Makefile"];
    /// CODEOWNERS (the target reads bit 0 of the first byte as "GitLab", the rest as the path).
    pub const CODEOWNERS: &[&str] = &[".github/CODEOWNERS", "CODEOWNERS"];
    /// The config file.
    pub const PYPROJECT: &[&str] = &["pyproject.toml"];
}

/// A fuzz target: what `fuzz/fuzz_targets/<name>.rs` runs on one input.
/// The property test (`tests/parsers.rs`) runs the same functions, on the
/// same seeds (`fuzz/seeds/<name>/`), so both test the same code.
pub struct Target {
    /// The target's name (and the name of its seed folder).
    pub name: &'static str,
    /// For a target that chooses a path with its input's first byte: the paths.
    pub paths: &'static [&'static str],
    /// Run one input.
    pub run: fn(&[u8]),
}

/// Text as mlready reads a file: bytes that are not UTF-8 are replaced (a
/// run skips such a file; here they would only waste the fuzzer's time).
fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// How many parts the matchers of a path are split into (see [`lint_file_part`]).
pub const PARTS: usize = 4;

/// The input of a path-choosing target: its first byte chooses a path among
/// `paths` (modulo their count) and, with what is left of it, which part of
/// the matchers runs; the rest is the text.
pub fn choose<'a>(paths: &[&'static str], bytes: &'a [u8]) -> (&'static str, usize, std::borrow::Cow<'a, str>) {
    let (first, rest) = bytes.split_first().map_or((0, bytes), |(f, r)| (usize::from(*f), r));
    (paths[first % paths.len()], first / paths.len() % PARTS, text_of(rest))
}

/// Every fuzz target.
pub const TARGETS: &[Target] = &[
    Target { name: "config", paths: &[], run: |bytes| config(&text_of(bytes)) },
    Target {
        name: "pyproject",
        paths: paths::PYPROJECT,
        run: |bytes| {
            let (path, part, text) = choose(paths::PYPROJECT, bytes);
            toml(&text);
            lint_file_part(path, &text, part, PARTS);
        },
    },
    Target {
        name: "codeowners",
        paths: paths::CODEOWNERS,
        run: |bytes| {
            let (first, rest) = bytes.split_first().map_or((0, bytes), |(f, r)| (*f, r));
            let mut text = if first & 1 == 1 { String::from("[Section] @owner\n") } else { String::new() };
            text.push_str(&text_of(rest));
            codeowners(&text);
            lint_file(paths::CODEOWNERS[usize::from(first >> 1) % paths::CODEOWNERS.len()], &text);
        },
    },
    Target { name: "gitattributes", paths: &[], run: |bytes| gitattributes(&text_of(bytes)) },
    Target { name: "gitignore", paths: &[], run: |bytes| gitignore(&text_of(bytes)) },
    Target {
        name: "json",
        paths: paths::JSON,
        run: |bytes| {
            let (path, part, text) = choose(paths::JSON, bytes);
            json(&text);
            lint_file_part(path, &text, part, PARTS);
        },
    },
    Target {
        name: "yaml",
        paths: paths::YAML,
        run: |bytes| {
            let (path, part, text) = choose(paths::YAML, bytes);
            yaml(&text);
            lint_file_part(path, &text, part, PARTS);
        },
    },
    Target {
        name: "requirements",
        paths: paths::REQUIREMENTS,
        run: |bytes| {
            let (path, part, text) = choose(paths::REQUIREMENTS, bytes);
            lint_file_part(path, &text, part, PARTS);
        },
    },
    Target {
        name: "markdown",
        paths: paths::MARKDOWN,
        run: |bytes| {
            let (path, part, text) = choose(paths::MARKDOWN, bytes);
            markdown(&text);
            lint_file_part(path, &text, part, PARTS);
        },
    },
    Target {
        name: "lexer",
        paths: paths::SOURCE,
        run: |bytes| {
            let (path, part, text) = choose(paths::SOURCE, bytes);
            lexer(&text);
            lint_file_part(path, &text, part, PARTS);
        },
    },
    Target { name: "git_index", paths: &[], run: git_index },
    Target { name: "cache", paths: &[], run: cache },
];

/// The target called `name`.
pub fn target(name: &str) -> &'static Target {
    TARGETS.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no fuzz target {name}"))
}

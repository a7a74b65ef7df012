//! Configuration: discovered at the linted root the way ruff finds its own
//! (`.mlready.toml`, then `mlready.toml`, then `[tool.mlready]` in
//! `pyproject.toml`), or named with `--config`. Every key is checked; a
//! mistake is an error pointing at its span.

use crate::error::{Document, Error, SourceError};
use crate::ingredient::Ingredient;
use crate::rules::pack::{PACK_KEYS, PackSet};
use crate::rules::{RuleSet, Severity, select};
use crate::scan::fs::open::{read_inside_root, read_text};
use crate::scan::fs::walk::compile_glob;
use crate::toml_read::{self, Sp, TableReader};

pub mod extend;
pub mod nested;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::de::DeValue;

/// Config file names looked for at the root, in order of precedence.
pub const CONFIG_FILES: &[&str] = &[".mlready.toml", "mlready.toml", "pyproject.toml"];

const CONFIG_KEYS: &[&str] = &[
    "extend",
    "select",
    "extend-select",
    "ignore",
    "exclude",
    "extend-exclude",
    "per-file-ignores",
    "severity",
    "not-applicable",
    "max-file-size",
    "vendored",
    "include-vendored",
    "fail-on",
    "settings",
    "projects",
];

/// The default size cap: bigger files are never read.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// A loaded configuration. Selectors keep their spans until they are checked against the rule set.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from and its text, `None` when no config was found.
    pub document: Option<Document>,
    /// `select`.
    pub select: Option<Vec<Sp<String>>>,
    /// `extend-select`.
    pub extend_select: Vec<Sp<String>>,
    /// `ignore`.
    pub ignore: Vec<Sp<String>>,
    /// `exclude` globs (`None`: not set, the built-in defaults).
    pub exclude: Option<Vec<Sp<String>>>,
    /// `extend-exclude` globs, added to `exclude`'s (or `--exclude`'s).
    pub extend_exclude: Vec<Sp<String>>,
    /// `per-file-ignores`: glob → selectors.
    pub per_file_ignores: Vec<(Sp<String>, Vec<Sp<String>>)>,
    /// `[severity]`: selector → severity.
    pub severities: Vec<(Sp<String>, Severity)>,
    /// `[not-applicable]`: ingredient → reason.
    pub not_applicable: Vec<(Ingredient, String)>,
    /// `max-file-size` in bytes.
    pub max_file_size: Option<u64>,
    /// `vendored`: globs of someone else's code, besides what is found.
    pub vendored: Vec<Sp<String>>,
    /// `include-vendored`: lint vendored code like the project's own.
    pub include_vendored: Option<bool>,
    /// `fail-on`.
    pub fail_on: Option<Sp<String>>,
    /// `[[rule]]`, `[[signal]]`, `[[fact]]` tables.
    pub packs: PackSet,
    /// `projects`: globs of project folders, or `false` (`None`: found by their manifests).
    pub projects: Option<crate::findings::projects::Discovery>,
    /// Found above the linted root (its globs rebased to the root).
    pub inherited: bool,
    /// `extend`: the config this one builds on, until it is read.
    pub extend: Option<Sp<String>>,
    /// The configs it extends, closest first, as shown to the user.
    pub bases: Vec<Document>,
    /// Every selector to check against the rule set, with the file it is written in.
    pub selectors: Vec<(Document, Vec<Sp<String>>)>,
    /// Exclude globs from an extended config: shared by other folders, so
    /// one that matches nothing here is no mistake of this root's.
    pub shared_excludes: Vec<String>,
}

/// The most a config file may hold: configs are small, and a bigger one is not read.
pub const MAX_CONFIG_SIZE: u64 = 4 * 1024 * 1024;

/// A config file found at the root, with its text (read once).
#[derive(Debug, Clone)]
pub struct Discovered {
    /// Where it is.
    pub path: PathBuf,
    /// What it says.
    pub text: String,
}

/// Find the config file for `root`: the first of [`CONFIG_FILES`] that exists
/// (a `pyproject.toml` counts only if it has a `[tool.mlready]` table, or
/// does not parse and seems to have one: then its error is the run's).
///
/// The root is part of the scanned tree, so a config there is read as any
/// file of an untrusted tree is: a regular file, or a link to one that stays
/// inside the root, and no bigger than [`MAX_CONFIG_SIZE`]. One that exists but
/// cannot be read that way is an error: the run does not quietly fall back to
/// the defaults.
pub fn discover(root: &Path) -> Result<Option<Discovered>, Error> {
    let root = std::fs::canonicalize(root)
        .map_err(|error| Error::Io { context: format!("cannot lint {}", root.display()), error })?;
    for name in CONFIG_FILES {
        let path = root.join(name);
        if std::fs::symlink_metadata(&path).is_err() {
            continue;
        }
        let text = read_inside_root(&root, name, MAX_CONFIG_SIZE).map_err(|reason| Error::Io {
            context: format!("cannot read config {}", path.display()),
            error: reason.into_io(),
        })?;
        if *name == "pyproject.toml" && !configures_mlready(&text) {
            continue;
        }
        return Ok(Some(Discovered { path, text }));
    }
    Ok(None)
}

/// The config for linting `root`, as ruff finds its own: the closest folder
/// at or above `root`, up to the top of the git work tree that holds it (the
/// root alone outside git), with one of [`CONFIG_FILES`]. Returns it with
/// the root's path from its folder (`""` at the root, else `"projects/b/"`).
pub fn discover_upward(root: &Path) -> Result<Option<(Discovered, String)>, Error> {
    let root = std::fs::canonicalize(root)
        .map_err(|error| Error::Io { context: format!("cannot lint {}", root.display()), error })?;
    // `.git` is a folder in a clone, a file in a linked work tree or a submodule.
    let top = root.ancestors().find(|folder| std::fs::symlink_metadata(folder.join(".git")).is_ok());
    for folder in root.ancestors() {
        if let Some(found) = discover(folder)? {
            let below = root.strip_prefix(folder).unwrap_or(Path::new(""));
            return Ok(Some((found, extend::prefix_of(below))));
        }
        if top.is_none_or(|top| folder == top) {
            break;
        }
    }
    Ok(None)
}

/// A glob written relative to a config's folder, relative to a root `prefix`
/// below that folder instead: `projects/b/data/**` becomes `data/**`, a glob
/// that starts with `**` applies anywhere, and one for another folder
/// (`projects/a/**`) does not apply (`None`). A `None` prefix is a root that
/// is not below the config's folder at all: only `**` globs apply there.
pub fn rebase_glob(glob: &str, prefix: Option<&str>) -> Option<String> {
    if glob.starts_with("**") || prefix == Some("") {
        return Some(glob.to_string());
    }
    let glob = glob.strip_prefix('/').unwrap_or(glob);
    glob.strip_prefix(prefix?).filter(|rest| !rest.is_empty()).map(String::from)
}

impl Config {
    /// Make the config's path globs relative to a root at `prefix` below its
    /// folder, dropping those for other folders (see [`rebase_glob`]).
    pub fn rebase(&mut self, prefix: Option<&str>) {
        // Rewrites the glob in place; false when it is for another folder.
        let applies = |glob: &mut Sp<String>| match rebase_glob(&glob.value, prefix) {
            Some(rebased) => {
                glob.value = rebased;
                true
            }
            None => false,
        };
        if let Some(exclude) = &mut self.exclude {
            exclude.retain_mut(applies);
        }
        self.extend_exclude.retain_mut(applies);
        self.vendored.retain_mut(applies);
        self.per_file_ignores.retain_mut(|(glob, _)| applies(glob));
        self.shared_excludes.retain_mut(|glob| match rebase_glob(glob, prefix) {
            Some(rebased) => {
                *glob = rebased;
                true
            }
            None => false,
        });
    }

    /// The selectors written in this file (not in the configs it extends).
    fn own_selectors(&self) -> Vec<Sp<String>> {
        self.select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&self.ignore)
            .chain(self.per_file_ignores.iter().flat_map(|(_, s)| s))
            .chain(self.severities.iter().map(|(s, _)| s))
            .cloned()
            .collect()
    }
}

/// Whether a `pyproject.toml` holds a `[tool.mlready]` table. A file that is
/// not valid TOML counts when a line opens that table: its syntax error must
/// stop the run, as a broken `.mlready.toml` does, rather than leave it on the
/// built-in defaults.
fn configures_mlready(pyproject: &str) -> bool {
    match toml::de::DeTable::parse(pyproject) {
        Ok(table) => match table.get_ref().get("tool").map(|v| v.get_ref()) {
            Some(DeValue::Table(tool)) => tool.get("mlready").is_some(),
            _ => false,
        },
        Err(_) => pyproject.lines().any(opens_mlready_table),
    }
}

/// `[tool.mlready]`, `[tool.mlready.severity]`, `[[tool.mlready.rule]]`, quoted or spaced.
fn opens_mlready_table(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix('[') else { return false };
    let name: String =
        rest.trim_start_matches('[').chars().filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'').collect();
    name.starts_with("tool.mlready]") || name.starts_with("tool.mlready.")
}

/// Load the config file the user named (`--config`), which may be anywhere,
/// but must be a regular file of at most [`MAX_CONFIG_SIZE`] bytes; the
/// configs it extends must be inside the work tree that holds it.
pub fn load(path: &Path, display: &str) -> Result<Config, Error> {
    let text = read_text(path, MAX_CONFIG_SIZE).map_err(|reason| Error::Io {
        context: format!("cannot read config {}", path.display()),
        error: reason.into_io(),
    })?;
    load_text(path, display, text)
}

/// Read a config's text (`display` is how to name it in messages), and the
/// configs it extends (see [`extend`]).
pub fn load_text(path: &Path, display: &str, text: String) -> Result<Config, Error> {
    let config = parse_text(path, display, text)?;
    extend::resolve(config, path, display)
}

/// Read one config file's text, leaving its `extend` unread.
pub fn parse_text(path: &Path, display: &str, text: String) -> Result<Config, SourceError> {
    let doc = Document { name: display.to_string(), text: Arc::from(text.as_str()) };
    let table = toml_read::parse(&doc, &text)?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let mut top = TableReader::new(&doc, table.get_ref(), table.span(), "the config");
    let mut config = Config { document: Some(doc.clone()), ..Config::default() };
    if is_pyproject {
        let Some(mut tool) = top.table("tool", "[tool]")? else { return Ok(config) };
        let Some(mut ours) = tool.table("mlready", "[tool.mlready]")? else { return Ok(config) };
        read_keys(&mut ours, &mut config)?;
        ours.finish(&[CONFIG_KEYS, PACK_KEYS].concat())?;
    } else {
        read_keys(&mut top, &mut config)?;
        top.finish(&[CONFIG_KEYS, PACK_KEYS].concat())?;
    }
    config.selectors = vec![(doc, config.own_selectors())];
    Ok(config)
}

fn read_keys(t: &mut TableReader<'_, '_>, config: &mut Config) -> Result<(), SourceError> {
    let doc = t.document().clone();
    config.extend = t.string("extend")?;
    config.select = t.strings("select")?;
    config.extend_select = t.strings("extend-select")?.unwrap_or_default();
    config.ignore = t.strings("ignore")?.unwrap_or_default();
    config.exclude = t.strings("exclude")?;
    config.extend_exclude = t.strings("extend-exclude")?.unwrap_or_default();
    config.vendored = t.strings("vendored")?.unwrap_or_default();
    for glob in &config.vendored {
        check_glob(&doc, glob)?;
    }
    config.include_vendored = t.boolean("include-vendored")?;
    for glob in config.exclude.iter().flatten().chain(&config.extend_exclude) {
        check_glob(&doc, glob)?;
    }
    if let Some(mut table) = t.table("per-file-ignores", "[per-file-ignores]")? {
        for (glob, value) in table.entries() {
            check_glob(&doc, &glob)?;
            let codes = string_list(&doc, &glob.value, value)?;
            config.per_file_ignores.push((glob, codes));
        }
    }
    if let Some(mut table) = t.table("severity", "[severity]")? {
        for (selector, value) in table.entries() {
            let level = match value.get_ref() {
                DeValue::String(s) => Severity::from_id(s),
                _ => None,
            };
            let level = level.ok_or_else(|| {
                SourceError::new(
                    &doc,
                    value.span(),
                    format!("severity of `{}` must be \"error\", \"warning\" or \"info\"", selector.value),
                    "not a severity",
                )
            })?;
            config.severities.push((selector, level));
        }
    }
    if let Some(mut table) = t.table("not-applicable", "[not-applicable]")? {
        for (id, value) in table.entries() {
            let ingredient = Ingredient::from_id(&id.value).ok_or_else(|| {
                let ids: Vec<&str> = Ingredient::ALL.iter().map(|i| i.id()).collect();
                let e = SourceError::new(
                    &doc,
                    id.span.clone(),
                    format!("`{}` is not an ingredient", id.value),
                    "unknown ingredient",
                );
                match toml_read::closest(&id.value, &ids) {
                    Some(best) => e.with_help(format!("did you mean `{best}`?")),
                    None => e.with_help(format!("ingredients: {}", ids.join(", "))),
                }
            })?;
            let reason = match value.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => s.to_string(),
                _ => {
                    return Err(SourceError::new(&doc, value.span(), "give a reason why the ingredient does not apply", "expected a non-empty string")
                        .with_help("the reason is shown in every report: monitoring = \"batch job; the platform team's Airflow checks watch it\""));
                }
            };
            config.not_applicable.push((ingredient, reason));
        }
    }
    config.max_file_size = t.unsigned("max-file-size")?.map(|n| n.value);
    if let Some(value) = t.raw("projects") {
        use crate::findings::projects::Discovery;
        config.projects = Some(match value.get_ref() {
            DeValue::Boolean(true) => Discovery::Manifests,
            DeValue::Boolean(false) => Discovery::Off,
            DeValue::Array(_) => {
                let globs = string_list(&doc, "projects", value)?;
                for glob in &globs {
                    check_glob(&doc, glob)?;
                }
                Discovery::Named(globs.into_iter().map(|g| g.value).collect())
            }
            _ => {
                return Err(SourceError::new(
                    &doc,
                    value.span(),
                    "`projects` must list project folders (globs) or be `false`",
                    "expected an array of globs or a boolean",
                )
                .with_help("projects = [\"services/*\", \"pipelines/*\"], or projects = false to judge the repository as a whole"));
            }
        });
    }
    config.fail_on = t.string("fail-on")?;
    if let Some(fail_on) = &config.fail_on
        && !matches!(fail_on.value.as_str(), "error" | "warning" | "info" | "never")
    {
        {
            return Err(SourceError::new(
                &doc,
                fail_on.span.clone(),
                format!("unknown fail-on level `{}`", fail_on.value),
                "expected error, warning, info or never",
            ));
        }
    }
    if let Some(mut settings) = t.table("settings", "[settings]")? {
        config.packs.read_overrides(&mut settings)?;
    }
    config.packs.read(t)?;
    config.packs.check_compiles()?;
    Ok(())
}

fn check_glob(doc: &Document, glob: &Sp<String>) -> Result<(), SourceError> {
    compile_glob(&glob.value).map(|_| ()).map_err(|e| {
        SourceError::new(doc, glob.span.clone(), format!("invalid glob `{}`: {e}", glob.value), "invalid glob")
            .with_help("globs are relative to the linted root; `*` stays in one folder, `**` crosses folders")
    })
}

fn string_list(doc: &Document, key: &str, value: &toml::Spanned<DeValue<'_>>) -> Result<Vec<Sp<String>>, SourceError> {
    let DeValue::Array(items) = value.get_ref() else {
        return Err(SourceError::new(
            doc,
            value.span(),
            format!("`{key}` must list rule codes"),
            "expected an array of strings",
        ));
    };
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(s) => Ok(Sp::new(s.to_string(), item.span())),
            _ => Err(SourceError::new(doc, item.span(), "expected a rule code", "not a string")),
        })
        .collect()
}

impl Config {
    /// Check every selector against the rule set: an unknown code is an error at its span.
    pub fn check_selectors(&self, set: &RuleSet) -> Result<(), SourceError> {
        for (doc, selectors) in &self.selectors {
            if let Some(unknown) = selectors.iter().find(|s| !select::is_known(set, &s.value)) {
                return Err(unknown_selector(doc, unknown, set));
            }
        }
        Ok(())
    }
}

/// The error for a selector that selects nothing.
pub fn unknown_selector(doc: &Document, selector: &Sp<String>, set: &RuleSet) -> SourceError {
    let error = SourceError::new(
        doc,
        selector.span.clone(),
        format!("`{}` selects no rule", selector.value),
        "unknown rule code",
    )
    .with_help(
        "use a code (`DEP002`), a prefix (`DEP`), a rule name, an ingredient id or `ALL`; `mlready rules` lists them",
    );
    match select::closest(set, &selector.value) {
        Some(best) => error.with_help(format!("did you mean `{best}`? `mlready rules` lists every rule")),
        None => error,
    }
}

//! The configs of folders below the linted root. Linting a monorepo from
//! its top, a project's own `mlready.toml` decides for the files in its
//! folder, as ruff's closest config does for each file: which rules run,
//! their severities, per-file ignores, what is not applicable, and files to
//! leave out. What changes how the whole tree is read (rules of its own,
//! vendored code, the size cap, project discovery, `fail-on`) applies when
//! that folder is linted on its own; the run says so instead of guessing.

use super::{CONFIG_FILES, Config, discover, extend, parse_text};
use crate::error::Error;
use crate::toml_read::Sp;
use std::path::Path;

/// One folder's config.
#[derive(Debug)]
pub struct Nested {
    /// The folder, from the linted root, with a trailing `/` (`services/churn/`).
    pub folder: String,
    /// The config, its path globs rewritten from the linted root.
    pub config: Config,
    /// The keys it sets itself that a run from above does not apply.
    pub unapplied: Vec<&'static str>,
}

/// The configs of the folders below the root that hold one of
/// [`CONFIG_FILES`], shallowest first. `files` are the walked files'
/// paths; `shown_root` is the root as the user named it. A config that does
/// not read is an error of the run, at its span, as the root's is.
pub fn below<'a>(root: &Path, shown_root: &Path, files: impl Iterator<Item = &'a str>) -> Result<Vec<Nested>, Error> {
    let mut folders: Vec<&str> = files
        .filter_map(|path| path.rsplit_once('/'))
        .filter(|(_, name)| CONFIG_FILES.contains(name))
        .map(|(folder, _)| folder)
        .collect();
    folders.sort_by_key(|folder| (folder.matches('/').count(), *folder));
    folders.dedup();
    let canonical_root = std::fs::canonicalize(root).ok();
    let mut found = Vec::new();
    for folder in folders {
        let Some(discovered) = discover(&root.join(folder))? else { continue };
        let name = discovered.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let display = shown_root.join(folder).join(name).display().to_string();
        let display = display.strip_prefix("./").map(String::from).unwrap_or(display);
        let own = parse_text(&discovered.path, &display, discovered.text)?;
        let unapplied = unapplied(&own);
        let mut config = extend::resolve_within(own, &discovered.path, &display, canonical_root.as_deref())?;
        let folder = format!("{folder}/");
        config.move_under(&folder);
        found.push(Nested { folder, config, unapplied });
    }
    Ok(found)
}

/// The keys a config sets itself that only a run of its own folder applies.
fn unapplied(own: &Config) -> Vec<&'static str> {
    [
        ("[[rule]]/[[signal]]/[[fact]]", !own.packs.defines_nothing()),
        ("[settings]", !own.packs.overrides_nothing()),
        ("vendored", !own.vendored.is_empty()),
        ("include-vendored", own.include_vendored.is_some()),
        ("max-file-size", own.max_file_size.is_some()),
        ("projects", own.projects.is_some()),
        ("fail-on", own.fail_on.is_some()),
    ]
    .into_iter()
    .filter_map(|(key, set)| set.then_some(key))
    .collect()
}

impl Config {
    /// Rewrite the config's path globs, written from its folder, from the
    /// linted root `folder` is in (`services/churn/`): `tests/**` becomes
    /// `services/churn/tests/**`, and `**/*.py` only the files below it.
    pub fn move_under(&mut self, folder: &str) {
        let move_glob = |glob: &mut Sp<String>| {
            glob.value = format!("{folder}{}", glob.value.trim_start_matches('/'));
        };
        self.exclude.iter_mut().flatten().for_each(move_glob);
        self.extend_exclude.iter_mut().for_each(move_glob);
        self.vendored.iter_mut().for_each(move_glob);
        self.per_file_ignores.iter_mut().for_each(|(glob, _)| move_glob(glob));
    }
}

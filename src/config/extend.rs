//! `extend = "../../mlready.toml"`: a config that builds on another, as
//! ruff's `extend` does. A team keeps one config at the top of a monorepo and
//! each project's config changes what differs.
//!
//! The extended file is named by the tree, so by whoever wrote the pull
//! request: it must be a regular file inside the work tree that holds the
//! extending config (a link may point to one there, never out of it), and
//! chains are short and acyclic. Each file is read and checked on its own
//! first, so an error points into the file that has it.

use super::{Config, MAX_CONFIG_SIZE, parse_text};
use crate::error::{Error, SourceError};
use crate::scan::fs::open::read_canonical_inside;
use crate::toml_read::Sp;
use std::path::{Component, Path, PathBuf};

/// The most configs one chain of `extend` may hold, the first one included.
pub const MAX_CHAIN: usize = 8;

/// `config` (read from `path`, shown as `display`) merged onto the configs
/// its `extend` names, recursively.
pub fn resolve(config: Config, path: &Path, display: &str) -> Result<Config, Error> {
    resolve_within(config, path, display, None)
}

/// [`resolve`] for a config found below the linted root `root` (canonical):
/// outside git, the root bounds what it may extend, not its own folder.
pub fn resolve_within(config: Config, path: &Path, display: &str, root: Option<&Path>) -> Result<Config, Error> {
    let mut chain = Vec::new();
    resolve_in(config, path, display, &mut chain, root)
}

fn resolve_in(
    mut config: Config,
    path: &Path,
    display: &str,
    chain: &mut Vec<PathBuf>,
    root: Option<&Path>,
) -> Result<Config, Error> {
    let Some(extend) = config.extend.take() else { return Ok(config) };
    let Some(doc) = config.document.clone() else { return Ok(config) };
    let error = |message: String, label: &str| SourceError::new(&doc, extend.span.clone(), message, label);
    let here = std::fs::canonicalize(path)
        .map_err(|e| error(format!("cannot find the folder of {display}: {e}"), "extends from here"))?;
    chain.push(here.clone());
    let folder = here.parent().unwrap_or(Path::new("/")).to_path_buf();
    // The work tree holding the config, or its own folder outside git.
    let boundary = folder
        .ancestors()
        .find(|f| std::fs::symlink_metadata(f.join(".git")).is_ok())
        .or(root.filter(|root| folder.starts_with(root)))
        .unwrap_or(&folder);
    if extend.value.trim().is_empty() {
        return Err(error("`extend` names no file".into(), "expected a path")
            .with_help("name a config relative to this file: extend = \"../../mlready.toml\"")
            .into());
    }
    let target = folder.join(&extend.value);
    if std::fs::symlink_metadata(&target).is_err() {
        return Err(error(format!("`extend` names `{}`, which does not exist", extend.value), "no such file")
            .with_help("`extend` takes a path relative to the file it is written in")
            .into());
    }
    let (canonical, text) = read_canonical_inside(boundary, &target, MAX_CONFIG_SIZE).map_err(|(canonical, reason)| {
        if canonical.as_ref().is_some_and(|c| !c.starts_with(boundary)) {
            error(format!("`extend` names a file outside the work tree: `{}`", extend.value), "outside the work tree")
                .with_help(format!(
                    "mlready reads no config outside the work tree that holds this one ({}); copy the shared config into it",
                    boundary.display()
                ))
        } else {
            error(format!("cannot read the config `{}` extends: {reason}", extend.value), "extended config")
                .with_help("`extend` takes a path relative to the file it is written in")
        }
    })?;
    if chain.contains(&canonical) {
        return Err(error(format!("`extend` makes a cycle: `{}` is already in the chain", extend.value), "cycle")
            .with_help("a config may extend another, never itself through others")
            .into());
    }
    if chain.len() >= MAX_CHAIN {
        return Err(error(format!("`extend` chains more than {MAX_CHAIN} configs"), "one too many")
            .with_help("extend the shared config directly")
            .into());
    }
    let base_display = normalize(&Path::new(display).parent().unwrap_or(Path::new("")).join(&extend.value));
    let base = parse_text(&canonical, &base_display, text)?;
    let mut base = resolve_in(base, &canonical, &base_display, chain, root)?;
    // The base's globs are relative to its own folder; make them relative to this one's.
    let base_folder = canonical.parent().unwrap_or(Path::new("/"));
    let prefix = folder.strip_prefix(base_folder).ok().map(prefix_of);
    base.rebase(prefix.as_deref());
    Ok(merge(base, config))
}

/// A folder below a config's folder as a glob prefix: `""` or `"projects/b/"`.
pub fn prefix_of(below: &Path) -> String {
    below.components().map(|c| format!("{}/", c.as_os_str().to_string_lossy())).collect()
}

/// `a/b/../../c.toml` as `c.toml`: how to name an extended file to a user.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let shown: PathBuf = parts.iter().collect();
    shown.display().to_string()
}

/// The extending config on top of its base: a value it sets replaces the
/// base's, a list that adds (`extend-select`, `ignore`, `extend-exclude`,
/// `vendored`) adds to the base's, a table (`per-file-ignores`, `severity`,
/// `not-applicable`, `settings`) is merged key by key, and rules, signals
/// and facts of both apply.
fn merge(base: Config, top: Config) -> Config {
    let mut shared_excludes = base.shared_excludes;
    shared_excludes.extend(base.exclude.iter().flatten().chain(&base.extend_exclude).map(|g| g.value.clone()));
    let replaced = |glob: &Sp<String>| top.per_file_ignores.iter().any(|(g, _)| g.value == glob.value);
    let mut per_file_ignores: Vec<_> = base.per_file_ignores.into_iter().filter(|(g, _)| !replaced(g)).collect();
    per_file_ignores.extend(top.per_file_ignores);
    let mut not_applicable: Vec<_> =
        base.not_applicable.into_iter().filter(|(i, _)| top.not_applicable.iter().all(|(j, _)| i != j)).collect();
    not_applicable.extend(top.not_applicable);
    let mut packs = base.packs;
    packs.extend(top.packs);
    let bases = base.document.into_iter().chain(base.bases).collect();
    Config {
        document: top.document,
        select: top.select.or(base.select),
        extend_select: [base.extend_select, top.extend_select].concat(),
        ignore: [base.ignore, top.ignore].concat(),
        exclude: top.exclude.or(base.exclude),
        extend_exclude: [base.extend_exclude, top.extend_exclude].concat(),
        per_file_ignores,
        // Applied in order: the extending file's come last and win.
        severities: [base.severities, top.severities].concat(),
        not_applicable,
        max_file_size: top.max_file_size.or(base.max_file_size),
        vendored: [base.vendored, top.vendored].concat(),
        include_vendored: top.include_vendored.or(base.include_vendored),
        fail_on: top.fail_on.or(base.fail_on),
        packs,
        projects: top.projects.or(base.projects),
        inherited: top.inherited,
        extend: None,
        bases,
        selectors: [base.selectors, top.selectors].concat(),
        shared_excludes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_extended_file_as_the_user_would() {
        assert_eq!(normalize(Path::new("projects/b/../../mlready.toml")), "mlready.toml");
        assert_eq!(normalize(Path::new("../mlready.toml")), "../mlready.toml");
        assert_eq!(normalize(Path::new("./a/./b.toml")), "a/b.toml");
    }
}

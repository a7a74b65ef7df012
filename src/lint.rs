//! `mlready lint` as a library call: config → rule set → picture → evaluation
//! → assessment. The CLI only parses arguments and prints.

use crate::config::{self, Config, DEFAULT_MAX_FILE_SIZE};
use crate::error::Error;
use crate::findings::{self, Assessment, Policy};
use crate::rules::eval::{self, Keep, Plan};
use crate::rules::pack::PackSet;
use crate::rules::select::{self, SelectionInput};
use crate::rules::{Check, RuleSet, builtin};
use crate::scan::fs::walk::Excludes;
use crate::scan::git::GitRepo;
use crate::scan::ownership::Ownership;
use crate::scan::{Picture, ScanOptions, Skipped};
use std::path::{Path, PathBuf};

/// Which config to use.
#[derive(Debug, Clone)]
pub enum ConfigChoice {
    /// Look for one at the root.
    Discover,
    /// Use this file.
    File(PathBuf),
    /// Use none (`--isolated`).
    Isolated,
}

/// What to lint and how.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// The root to lint.
    pub root: PathBuf,
    /// Which config.
    pub config: ConfigChoice,
    /// `--select`, replacing the config's `select`.
    pub select: Option<Vec<String>>,
    /// `--extend-select`.
    pub extend_select: Vec<String>,
    /// `--ignore`, added to the config's `ignore`.
    pub ignore: Vec<String>,
    /// `--no-git`: list files by walking, without git facts.
    pub no_git: bool,
    /// `--changed-since REF`: report only what changed since the merge base with REF.
    pub changed_since: Option<String>,
    /// `--project PATH`: report one project (a folder of the root), judged with the repository's context.
    pub project: Option<String>,
    /// `--baseline FILE`: findings recorded there are not reported.
    pub baseline: Option<PathBuf>,
    /// Where to keep results for files git proves unchanged (`None`: `--no-cache`).
    pub cache_dir: Option<PathBuf>,
    /// `--staged`: lint what the next commit holds (git's index), not the work tree.
    pub staged: bool,
    /// `--exclude`: globs replacing the config's `exclude`.
    pub exclude: Option<Vec<String>>,
    /// `--extend-exclude`: globs added to the `exclude` in force.
    pub extend_exclude: Vec<String>,
    /// `--per-file-ignores GLOB:CODES`: added to the config's `per-file-ignores`.
    pub per_file_ignores: Vec<(String, Vec<String>)>,
}

/// Everything a lint run produced.
#[derive(Debug)]
pub struct LintOutcome {
    /// Findings and verdicts.
    pub assessment: Assessment,
    /// The picture (files, skipped paths, notes).
    pub picture: Picture,
    /// Files rules wanted to read but could not.
    pub read_skips: Vec<Skipped>,
    /// The config used, as shown to the user.
    pub config: Option<String>,
    /// The config's `fail-on`, if set.
    pub fail_on: Option<String>,
    /// The rule set used.
    pub rules: RuleSet,
    /// A top-level file repository-level findings can be placed on (README first).
    pub root_anchor: Option<String>,
    /// Committed files that `owned` rules say need an owner (for `mlready init --codeowners`).
    pub owned_files: Vec<String>,
    /// Mistakes in the config that do not stop the run (an `exclude` glob that matches nothing).
    pub warnings: Vec<String>,
}

/// Load the config for a run.
pub fn load_config(root: &Path, choice: &ConfigChoice) -> Result<Config, Error> {
    let shown = |path: &Path| {
        let shown = path.display().to_string();
        shown.strip_prefix("./").map(String::from).unwrap_or(shown)
    };
    match choice {
        ConfigChoice::Isolated => Ok(Config::default()),
        ConfigChoice::File(path) => config::load(path, &shown(path)),
        ConfigChoice::Discover => match config::discover_upward(root)? {
            // Named as the user named the root, not by its canonical path.
            Some((found, prefix)) => {
                let name = found.path.file_name().map(PathBuf::from).unwrap_or_default();
                let up: PathBuf = prefix.split('/').filter(|p| !p.is_empty()).map(|_| "..").collect();
                let mut config = config::load_text(&found.path, &shown(&root.join(up).join(name)), found.text)?;
                config.inherited = !prefix.is_empty();
                config.rebase(Some(&prefix));
                Ok(config)
            }
            None => Ok(Config::default()),
        },
    }
}

/// The `exclude` globs in force: the config's, or `--exclude`'s, plus `--extend-exclude`'s.
fn excluded_globs(config: &Config, options: &LintOptions) -> Vec<String> {
    let mut globs =
        options.exclude.clone().unwrap_or_else(|| config.exclude.iter().flatten().map(|g| g.value.clone()).collect());
    globs.extend(config.extend_exclude.iter().map(|g| g.value.clone()));
    globs.extend(options.extend_exclude.iter().cloned());
    globs
}

/// How the tree is listed: what is left out, what is vendored, whether git lists it.
fn scan_options(config: &Config, options: &LintOptions) -> Result<ScanOptions, Error> {
    let exclude = excluded_globs(config, options);
    let excludes =
        Excludes::new(&exclude).map_err(|(glob, e)| Error::Usage(format!("invalid exclude glob `{glob}`: {e}")))?;
    let vendored: Vec<String> = config.vendored.iter().map(|g| g.value.clone()).collect();
    let vendored =
        Excludes::new(&vendored).map_err(|(glob, e)| Error::Usage(format!("invalid vendored glob `{glob}`: {e}")))?;
    Ok(ScanOptions {
        excludes,
        use_git: !options.no_git,
        staged: options.staged,
        vendored,
        include_vendored: config.include_vendored.unwrap_or(false),
    })
}

/// An error listing the tree: a usage mistake (`--staged` outside a git work
/// tree) is said as one; anything else is I/O on the root.
fn scan_error(root: &Path, error: std::io::Error) -> Error {
    match error.kind() {
        std::io::ErrorKind::InvalidInput => Error::Usage(error.to_string()),
        _ => Error::Io { context: format!("cannot lint {}", root.display()), error },
    }
}

/// The configs of folders below the root that a lint would find, as
/// `--show-settings` lists them: the tree is listed (nothing is read but the
/// configs themselves), as a lint lists it.
fn folder_configs(config: &Config, options: &LintOptions) -> Result<Vec<config::nested::Nested>, Error> {
    if !matches!(options.config, ConfigChoice::Discover) || !options.root.is_dir() {
        return Ok(Vec::new());
    }
    let (picture, _) =
        Picture::scan(&options.root, &scan_options(config, options)?).map_err(|e| scan_error(&options.root, e))?;
    config::nested::below(&options.root, &options.root, picture.files.iter().map(|f| f.path.as_str()))
}

/// What `--show-settings` prints: the settings a lint of `options.root` would use.
pub fn settings(options: &LintOptions) -> Result<String, Error> {
    use std::fmt::Write as _;
    let config = load_config(&options.root, &options.config)?;
    let (rules, _) = compile(&config, options)?;
    let list = |items: &[String]| -> String {
        let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
        format!("[{}]", quoted.join(", "))
    };
    let values = |items: &[crate::toml_read::Sp<String>]| items.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
    let select = match (&options.select, &config.select) {
        (Some(cli), _) => format!("{} (--select)", list(cli)),
        (None, Some(selected)) => list(&values(selected)),
        (None, None) => "every rule".to_string(),
    };
    let mut extend_select = values(&config.extend_select);
    extend_select.extend(options.extend_select.iter().cloned());
    let mut ignore = values(&config.ignore);
    ignore.extend(options.ignore.iter().cloned());
    let from_config = |source: &str| config.document.iter().chain(&config.bases).any(|d| d.name == source);
    let custom = rules.rules.iter().filter(|r| from_config(&r.source)).count();
    let mut text = String::new();
    let config_file = config.document.as_ref().map_or("none found (built-in defaults)".to_string(), |d| d.name.clone());
    let _ = writeln!(text, "config = {config_file:?}");
    if !config.bases.is_empty() {
        let bases: Vec<String> = config.bases.iter().map(|d| d.name.clone()).collect();
        let _ = writeln!(text, "extends = {}", list(&bases));
    }
    let _ = writeln!(text, "root = {:?}", options.root.display().to_string());
    let _ = writeln!(text, "select = {select}");
    let _ = writeln!(text, "extend-select = {}", list(&extend_select));
    let _ = writeln!(text, "ignore = {}", list(&ignore));
    let _ = writeln!(text, "exclude = {}", list(&excluded_globs(&config, options)));
    let _ = writeln!(text, "vendored = {}", list(&values(&config.vendored)));
    let _ = writeln!(text, "include-vendored = {}", config.include_vendored.unwrap_or(false));
    let _ = writeln!(text, "max-file-size = {}", config.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE));
    let fail_on = config.fail_on.as_ref().map_or("error", |f| f.value.as_str());
    let _ = writeln!(text, "fail-on = {fail_on:?}");
    let _ = writeln!(text, "rules = {} ({} from the config)", rules.rules.len(), custom);
    if !config.per_file_ignores.is_empty() || !options.per_file_ignores.is_empty() {
        let _ = writeln!(text, "[per-file-ignores]");
        for (glob, codes) in &config.per_file_ignores {
            let _ = writeln!(text, "{:?} = {}", glob.value, list(&values(codes)));
        }
        for (glob, codes) in &options.per_file_ignores {
            let _ = writeln!(text, "{glob:?} = {}  # --per-file-ignores", list(codes));
        }
    }
    if !config.severities.is_empty() {
        let _ = writeln!(text, "[severity]");
        // The last one written for a selector wins, the extending config's over its base's.
        let severities = &config.severities;
        let last = |i: usize| severities[i + 1..].iter().all(|(later, _)| later.value != severities[i].0.value);
        for (selector, severity) in severities.iter().enumerate().filter(|(i, _)| last(*i)).map(|(_, s)| s) {
            let _ = writeln!(text, "{:?} = {:?}", selector.value, severity.id());
        }
    }
    if !config.not_applicable.is_empty() {
        let _ = writeln!(text, "[not-applicable]");
        for (ingredient, reason) in &config.not_applicable {
            let _ = writeln!(text, "{} = {reason:?}", ingredient.id());
        }
    }
    let folders = folder_configs(&config, options)?;
    if !folders.is_empty() {
        let _ = writeln!(text, "[folder-configs]");
        let _ = writeln!(
            text,
            "# each decides for the files in its folder; `mlready lint FOLDER --show-settings` shows its settings"
        );
        for found in &folders {
            let name = found.config.document.as_ref().map_or("?", |d| d.name.as_str());
            let _ = writeln!(text, "{:?} = {name:?}", found.folder);
        }
    }
    Ok(text)
}

/// The built-in packs plus the config's own rules, resolved.
pub fn rule_set(config: &Config) -> Result<RuleSet, Error> {
    let mut packs = PackSet::default();
    builtin::read_into(&mut packs)?;
    packs.extend(config.packs.clone());
    Ok(packs.resolve()?)
}

/// The tree as a lint lists it: the config, the rules, and the files, with
/// every folder config applied. `--show-files` stops here, a lint goes on.
struct Listing {
    config: Config,
    rules: RuleSet,
    policy: Policy,
    picture: Picture,
    repo: Option<GitRepo>,
    warnings: Vec<String>,
}

/// The files a lint of `options.root` would judge, in path order, without
/// reading any of them (`--show-files`).
pub fn files(options: &LintOptions) -> Result<Vec<String>, Error> {
    Ok(list(options)?.picture.files.into_iter().map(|f| f.path).collect())
}

/// Lint a repository.
pub fn lint(options: &LintOptions) -> Result<LintOutcome, Error> {
    let Listing { config, rules, policy, mut picture, repo, warnings } = list(options)?;
    let mut plan =
        plan(&rules, &policy, config.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE), options.changed_since.is_some());
    // With two folders that may be projects, each keeps looking for its own evidence.
    let discovery = match &options.project {
        Some(project) => findings::projects::Discovery::Named(vec![project.clone()]),
        None => config.projects.clone().unwrap_or_default(),
    };
    let candidates = findings::projects::Candidates::of(&picture, &discovery);
    let judging_projects = candidates.folders.len() >= 2 || options.project.is_some();
    if judging_projects {
        plan.file_groups = candidates.file_group.clone();
        plan.groups = candidates.groups();
    }
    let cache = open_cache(options, &config, &rules, &plan, &mut picture);
    let mut evaluation = eval::evaluate(&rules, &picture, &plan, cache.as_ref());
    eval::apply_conditions(&rules, &picture, &mut evaluation);
    if let Some(cache) = &cache {
        let fresh = std::mem::take(&mut evaluation.fresh);
        // Whatever happens to the cache, the run's results stand.
        let saved = cache.save(&picture, &fresh);
        picture.notes.push(match saved {
            Ok(()) => format!(
                "cache {}: reused the results of {} unchanged files; recorded {} files{}",
                cache.file().display(),
                evaluation.files_from_cache,
                fresh.len(),
                match cache.damaged() {
                    0 => String::new(),
                    n => format!("; ignored {n} damaged records (their checksums did not match)"),
                }
            ),
            Err(why) => format!("cache not written: {why}"),
        });
    }
    let ownership = Ownership::build(&picture, &evaluation.retained, repo.as_ref());
    let mut assessment = findings::assess(&rules, &picture, &evaluation, &policy, ownership.as_ref());
    suggest_owners(&rules, &mut assessment, repo.as_ref(), ownership.as_ref());
    if judging_projects {
        let top_prefix = picture.git.as_ref().map_or(String::new(), |g| g.prefix.clone());
        let judging = findings::projects::Judging {
            set: &rules,
            picture: &picture,
            evaluation: &evaluation,
            policy: &policy,
            ownership: ownership.as_ref(),
            candidates: &candidates,
            top_prefix: &top_prefix,
            min_projects: if options.project.is_some() { 1 } else { 2 },
        };
        assessment.projects = judging.judge();
        if let Some(wanted) = &options.project {
            let Some(project) = std::mem::take(&mut assessment.projects).into_iter().find(|p| &p.root == wanted) else {
                return Err(Error::Usage(format!("--project {wanted}: no file of the linted root is in that folder")));
            };
            // The project's verdicts and findings are the run's; the rest is the repository's context.
            assessment.verdicts = project.assessment.verdicts;
            assessment.findings = project.assessment.findings;
            assessment.facts = project.assessment.facts;
            assessment.suppressed = project.assessment.suppressed;
        }
        // What a project lacks while the repository as a whole has it elsewhere is a finding
        // of the run: every format shows it, and it gates as any finding does. (What the whole
        // repository lacks, every project lacks: said once.)
        let mut lacking: Vec<findings::Finding> = Vec::new();
        for project in &assessment.projects {
            for finding in project.assessment.findings.iter().filter(|f| f.absence) {
                let whole = assessment.findings.iter().any(|f| f.code == finding.code && f.absence);
                if !whole && !lacking.iter().any(|f| f.code == finding.code && f.path == finding.path) {
                    lacking.push(finding.clone());
                }
            }
        }
        if !lacking.is_empty() {
            assessment.findings.extend(lacking);
            findings::sort(&mut assessment.findings);
        }
    }
    if let Some(reference) = &options.changed_since {
        let Some(repo) = repo.as_ref() else {
            let why = picture.notes.first().cloned().unwrap_or_default();
            return Err(Error::Usage(format!("--changed-since needs a git work tree ({why})")));
        };
        let mut changes = repo
            .changed_since(reference, options.staged, &picture.attributes)
            .map_err(|e| Error::Usage(format!("--changed-since {reference}: {e}")))?;
        // Untracked files that git does not ignore are new since any commit.
        let untracked = picture.files.iter().filter(|f| f.tracking == crate::scan::Tracking::Untracked);
        changes.changed.extend(untracked.map(|f| f.path.clone()));
        let max_file_size = plan.max_file_size;
        let read_before = |blob: &[u8; 20]| repo.blob_text(blob, max_file_size);
        findings::changes::restrict(&rules, &picture, &evaluation, &mut assessment, &changes, &read_before);
    }
    let root_anchor =
        ["README.md", "README.rst", "README.txt", "README", "pyproject.toml", "setup.py", "requirements.txt"]
            .iter()
            .find(|p| picture.file(p).is_some())
            .map(|p| p.to_string())
            .or_else(|| picture.files.iter().find(|f| !f.path.contains('/')).map(|f| f.path.clone()));
    let owned_files = findings::files_needing_owners(&rules, &picture, &evaluation);
    Ok(LintOutcome {
        owned_files,
        root_anchor,
        assessment,
        read_skips: evaluation.read_skips,
        picture,
        config: config.document.as_ref().map(|d| match config.bases.as_slice() {
            [] => d.name.clone(),
            bases => {
                let names: Vec<&str> = bases.iter().map(|b| b.name.as_str()).collect();
                format!("{} (extends {})", d.name, names.join(", then "))
            }
        }),
        fail_on: config.fail_on.as_ref().map(|f| f.value.clone()),
        rules,
        warnings,
    })
}
/// Loads the config, lists the tree while the rules compile, and applies the
/// folder configs: everything a lint does before it reads a file.
fn list(options: &LintOptions) -> Result<Listing, Error> {
    if !options.root.is_dir() {
        return Err(Error::Io {
            context: format!("cannot lint {}", options.root.display()),
            error: std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
        });
    }
    let config = load_config(&options.root, &options.config)?;
    let scan = scan_options(&config, options)?;
    // The tree is scanned while the rules compile: neither needs the other.
    let (scanned, compiled) = std::thread::scope(|scope| {
        let scanning = scope.spawn(|| Picture::scan(&options.root, &scan));
        let compiled = compile(&config, options);
        (scanning.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), compiled)
    });
    let (rules, mut policy) = compiled?;
    let config_name = config.document.as_ref().map_or("the config", |d| d.name.as_str());
    let warnings: Vec<String> = scan
        .excludes
        .unmatched()
        .iter()
        .filter_map(|glob| {
            let from_config = config.extend_exclude.iter().any(|g| &g.value == glob)
                || (options.exclude.is_none() && config.exclude.iter().flatten().any(|g| &g.value == glob));
            // A config above the root, or one extended, excludes for every folder below it, not for this one alone.
            if from_config && (config.inherited || config.shared_excludes.iter().any(|g| g == glob)) {
                return None;
            }
            let origin = if from_config { format!("in {config_name}") } else { "on the command line".to_string() };
            Some(format!(
                "`exclude` glob `{glob}` {origin} matches nothing: globs are relative to the linted root (`data/**` or `data/` leaves out a folder)"
            ))
        })
        .collect();
    let (mut picture, repo) = scanned.map_err(|e| scan_error(&options.root, e))?;
    let mut warnings = warnings;
    if matches!(options.config, ConfigChoice::Discover) {
        apply_nested_configs(options, &rules, &mut policy, &mut picture, &mut warnings)?;
    }
    Ok(Listing { config, rules, policy, picture, repo, warnings })
}

/// The configs of folders below the root (see [`config::nested`]): each
/// decides for its folder's findings, and leaves out the files it excludes
/// there. What one sets that only a run of its own folder applies is said.
fn apply_nested_configs(
    options: &LintOptions,
    rules: &RuleSet,
    policy: &mut Policy,
    picture: &mut Picture,
    warnings: &mut Vec<String>,
) -> Result<(), Error> {
    let nested = config::nested::below(&options.root, &options.root, picture.files.iter().map(|f| f.path.as_str()))?;
    let mut excluded = Vec::new();
    for found in &nested {
        found.config.check_selectors(rules)?;
        let name = found.config.document.as_ref().map_or("a config", |d| d.name.as_str());
        picture.notes.push(format!("config: {name} decides for the files in {}", found.folder));
        let mut here = self::policy(&found.config, options)?;
        here.baseline = None;
        policy.nested.push((found.folder.clone(), std::sync::Arc::new(here)));
        excluded.extend(
            found.config.exclude.iter().flatten().chain(&found.config.extend_exclude).map(|glob| glob.value.clone()),
        );
        if !found.unapplied.is_empty() {
            let folder = found.folder.trim_end_matches('/');
            let keys: Vec<String> = found.unapplied.iter().map(|key| format!("`{key}`")).collect();
            let (keys, verb) = match keys.split_last() {
                Some((last, [])) => (last.clone(), "applies"),
                Some((last, rest)) => (format!("{} and {last}", rest.join(", ")), "apply"),
                None => (String::new(), "apply"),
            };
            warnings.push(format!(
                "{name}: {keys} {verb} only when {folder} is linted on its own (`mlready lint {folder}`); linting from above, a folder's config decides its rule selection, severities, per-file ignores, not-applicable ingredients and excludes"
            ));
        }
    }
    if !excluded.is_empty() {
        let excludes = Excludes::new(&excluded)
            .map_err(|(glob, e)| Error::Usage(format!("invalid exclude glob `{glob}`: {e}")))?;
        picture.files.retain(|file| !excludes.is_match(&file.path));
    }
    Ok(())
}

/// The rule set and the policy of a run, checked against the config and the command line.
fn compile(config: &Config, options: &LintOptions) -> Result<(RuleSet, Policy), Error> {
    let rules = rule_set(config)?;
    config.check_selectors(&rules)?;
    for (flag, list) in [
        ("--select", options.select.clone().unwrap_or_default()),
        ("--extend-select", options.extend_select.clone()),
        ("--ignore", options.ignore.clone()),
        ("--per-file-ignores", options.per_file_ignores.iter().flat_map(|(_, codes)| codes.clone()).collect()),
    ] {
        if let Some(bad) = list.iter().find(|s| !select::is_known(&rules, s)) {
            let hint = match select::closest(&rules, bad) {
                Some(best) => format!("did you mean `{best}`? `mlready rules` lists every rule"),
                None => "use a code (DEP002), a prefix (DEP), a rule name, an ingredient id or ALL (`mlready rules` lists them)"
                    .to_string(),
            };
            return Err(Error::Usage(format!("`{flag} {bad}` selects no rule; {hint}")));
        }
    }
    let policy = policy(config, options)?;
    Ok((rules, policy))
}

/// The result cache for this run, when one is wanted and git can prove files
/// unchanged. What it depends on besides file contents goes into its
/// fingerprint: mlready's version, every rule pack, the config, the size cap.
fn open_cache(
    options: &LintOptions,
    config: &Config,
    rules: &RuleSet,
    plan: &Plan,
    picture: &mut Picture,
) -> Option<crate::rules::cache::ResultCache> {
    use crate::rules::cache::{ResultCache, fingerprint};
    let dir = options.cache_dir.as_ref()?;
    picture.git.as_ref()?;
    // The extended configs decide as much as the extending one.
    let config_text: String =
        config.document.iter().chain(&config.bases).map(|d| format!("{}\0{}\0", d.name, d.text)).collect();
    let size = plan.max_file_size.to_le_bytes();
    let factor = eval::NOTEBOOK_SIZE_FACTOR.to_le_bytes();
    // Builds of one version differ (a pre-commit `rev` between releases, a
    // development build): build.rs hashes the sources that decide the results.
    let build = env!("MLREADY_SOURCE_HASH");
    let parts = [env!("CARGO_PKG_VERSION").as_bytes(), build.as_bytes(), config_text.as_bytes(), &size, &factor]
        .into_iter()
        .chain(builtin::PACKS.iter().flat_map(|(name, text)| [name.as_bytes(), text.as_bytes()]));
    let opened = fingerprint(parts)
        .ok_or_else(|| "cannot fingerprint the rules".to_string())
        .and_then(|print| ResultCache::open(dir, picture, rules.matchers.len(), print));
    match opened {
        Ok(cache) => {
            if let Some(note) = &cache.note {
                picture.notes.push(format!("cache {}: {note}", cache.file().display()));
            }
            Some(cache)
        }
        Err(why) => {
            picture.notes.push(format!("no cache: {why}"));
            None
        }
    }
}

/// Commits looked at for owner suggestions.
pub const HISTORY_LIMIT: usize = 500;

/// Add owner suggestions from git history to the findings of `owned` rules:
/// the people who committed most to each unowned folder, as a CODEOWNERS
/// line a maintainer can paste as is.
fn suggest_owners(rules: &RuleSet, assessment: &mut Assessment, repo: Option<&GitRepo>, ownership: Option<&Ownership>) {
    let target = ownership
        .and_then(|o| o.codeowners.as_ref().map(|(path, _)| path.clone()))
        .unwrap_or_else(|| ".github/CODEOWNERS".to_string());
    for finding in &mut assessment.findings {
        if rules.rule(&finding.code).is_none_or(|r| r.check != Check::Owned) {
            continue;
        }
        let Some(details) = finding.details.as_mut() else { continue };
        let folders: Vec<String> = details["uncovered"]
            .as_array()
            .map(|groups| groups.iter().filter_map(|g| g["folder"].as_str().map(String::from)).collect())
            .unwrap_or_default();
        let stats = match repo {
            Some(repo) => repo.authors(&folders, HISTORY_LIMIT),
            None => Err("the repository is not a git work tree, so there is no history to suggest owners from".into()),
        };
        match stats {
            Ok(stats) => {
                let prefix = repo.map(|r| r.prefix.as_str()).unwrap_or("");
                let mut lines = Vec::new();
                let mut suggestions = Vec::new();
                for folder in &folders {
                    let Some(authors) = stats.by_folder.get(folder) else { continue };
                    let total: usize = authors.iter().map(|(_, n)| n).sum();
                    // The main contributors: up to three people with at least a fifth of the commits.
                    let owners: Vec<&(String, usize)> = authors
                        .iter()
                        .enumerate()
                        .filter(|(i, (_, n))| *i == 0 || n * 5 >= total)
                        .map(|(_, a)| a)
                        .take(3)
                        .collect();
                    let line = format!(
                        "/{prefix}{folder} {}",
                        owners.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>().join(" ")
                    );
                    suggestions.push(serde_json::json!({
                        "folder": folder,
                        "line": line,
                        "owners": owners.iter().map(|(o, n)| serde_json::json!({"owner": o, "commits": n})).collect::<Vec<_>>(),
                    }));
                    lines.push(line);
                }
                details["history"] = serde_json::json!({ "commits": stats.commits });
                details["suggestions"] = serde_json::Value::Array(suggestions);
                if lines.is_empty() {
                    push_help(
                        &mut finding.help,
                        &format!(
                            "\nNo owner suggestions: none of the last {} commits touched these folders.",
                            stats.commits
                        ),
                    );
                } else {
                    push_help(
                        &mut finding.help,
                        &format!(
                            "\nSuggested from the last {} commits (paste into {target}):\n{}",
                            stats.commits,
                            lines.join("\n")
                        ),
                    );
                }
            }
            Err(reason) => {
                details["history"] = serde_json::json!({ "unavailable": reason });
                push_help(&mut finding.help, &format!("\nNo owner suggestions: {reason}."));
            }
        }
    }
}

fn policy(config: &Config, options: &LintOptions) -> Result<Policy, Error> {
    let values = |list: &[crate::toml_read::Sp<String>]| list.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
    let mut ignore = values(&config.ignore);
    ignore.extend(options.ignore.iter().cloned());
    let mut extend_select = values(&config.extend_select);
    extend_select.extend(options.extend_select.iter().cloned());
    let selection = SelectionInput {
        select: options.select.clone().or_else(|| config.select.as_deref().map(values)),
        extend_select,
        ignore,
    };
    let mut per_file_ignores = Vec::new();
    for (glob, selectors) in &config.per_file_ignores {
        let set = Excludes::new(std::slice::from_ref(&glob.value))
            .map_err(|(g, e)| Error::Usage(format!("invalid per-file-ignores glob `{g}`: {e}")))?;
        per_file_ignores.push((set, glob.value.clone(), values(selectors)));
    }
    for (glob, selectors) in &options.per_file_ignores {
        let set = Excludes::new(std::slice::from_ref(glob))
            .map_err(|(g, e)| Error::Usage(format!("invalid --per-file-ignores glob `{g}`: {e}")))?;
        per_file_ignores.push((set, glob.clone(), selectors.clone()));
    }
    // Reasons name the config the way the user knows it: `mlready.toml`, not a long path.
    let source = config.document.as_ref().map_or_else(String::new, |d| {
        let name = Path::new(&d.name);
        match name.strip_prefix(&options.root) {
            Ok(relative) => relative.display().to_string(),
            Err(_) => d.name.clone(),
        }
    });
    let baseline = match &options.baseline {
        Some(path) => Some(std::sync::Arc::new(crate::findings::baseline::Baseline::load(path).map_err(Error::Usage)?)),
        None => None,
    };
    Ok(Policy {
        baseline,
        selection,
        severities: config.severities.iter().map(|(s, level)| (s.value.clone(), *level)).collect(),
        per_file_ignores,
        not_applicable: config.not_applicable.iter().map(|(i, r)| (*i, r.clone(), source.clone())).collect(),
        nested: Vec::new(),
    })
}

/// Decide which matchers run and which keep excerpts. Signals always run:
/// every report carries every ingredient's verdict. `every_file` finds every
/// file of every signal: pull-request mode asks whether any evidence changed.
fn plan(rules: &RuleSet, policy: &Policy, max_file_size: u64, every_file: bool) -> Plan {
    let mut active = vec![false; rules.matchers.len()];
    let mut keep_excerpt = vec![false; rules.matchers.len()];
    // Findings need every hit; anchors and owned-file lists every file; a signal
    // that only feeds evidence lists and conditions its first files.
    let mut keep = vec![if every_file { Keep::EveryFile } else { Keep::FirstFiles }; rules.matchers.len()];
    for signal in &rules.signals {
        active[signal.matcher] = true;
    }
    for rule in rules.rules.iter().filter(|r| policy.enables_anywhere(r)) {
        match rule.check {
            Check::Forbid => {
                let m = rule.matcher.expect("forbid rules have a matcher");
                active[m] = true;
                keep_excerpt[m] = true;
                keep[m] = Keep::EveryHit;
            }
            Check::Require | Check::Owned => {
                for reference in &rule.anchor {
                    for s in rules.signals_of(*reference) {
                        let m = rules.signals[s].matcher;
                        keep_excerpt[m] = true;
                        keep[m] = keep[m].max(Keep::EveryFile);
                    }
                }
                for reference in &rule.cover {
                    for s in rules.signals_of(*reference) {
                        let m = rules.signals[s].matcher;
                        keep[m] = keep[m].max(Keep::EveryFile);
                    }
                }
            }
        }
    }
    // Conditions on other signals' files (`file-has`, `file-lacks`) need exact file lists on both sides.
    let exact = |m: usize, keep: &mut Vec<Keep>| keep[m] = keep[m].max(Keep::EveryFile);
    for (m, matcher) in rules.matchers.iter().enumerate() {
        if matcher.file_has.is_empty() && matcher.file_lacks.is_empty() {
            continue;
        }
        exact(m, &mut keep);
        for reference in matcher.file_has.iter().chain(&matcher.file_lacks) {
            for s in rules.signals_of(*reference) {
                exact(rules.signals[s].matcher, &mut keep);
            }
        }
    }
    for rule in rules.rules.iter().filter(|r| policy.enables_anywhere(r)) {
        // Anchors are chosen by the files `prefer` and `avoid` name.
        for reference in rule.prefer.iter().chain(&rule.avoid) {
            for s in rules.signals_of(*reference) {
                exact(rules.signals[s].matcher, &mut keep);
            }
        }
        // A coverage sentence counts every item.
        for reference in &rule.coverage_of {
            for s in rules.signals_of(*reference) {
                let m = rules.signals[s].matcher;
                keep[m] = Keep::EveryHit;
            }
        }
    }
    // A matcher counted only where documents mention its files: every file it hits, every mention.
    for (m, matcher) in rules.matchers.iter().enumerate() {
        if let Some(companion) = matcher.mentions {
            active[companion] = active[m];
            keep[companion] = Keep::EveryHit;
            keep[m] = keep[m].max(Keep::EveryFile);
        }
    }
    let needs_ownership = rules.rules.iter().any(|r| r.check == Check::Owned && policy.enables_anywhere(r));
    let retain = needs_ownership.then_some(crate::scan::ownership::wanted as fn(&str) -> bool);
    Plan { active, keep_excerpt, keep, max_file_size, retain, file_groups: Vec::new(), groups: 1 }
}

/// Add to a finding's help (shared text is copied only for the few findings that get more).
fn push_help(help: &mut std::sync::Arc<str>, more: &str) {
    *help = format!("{help}{more}").into();
}

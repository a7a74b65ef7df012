//! `mlready init`: the one command that writes into a repository, and only
//! what it is asked to: a commented starter config (`mlready.toml`, or a
//! `[tool.mlready]` table appended to `pyproject.toml`), and, with explicit
//! flags, a CODEOWNERS file from git history and a model card template. It
//! never overwrites anything, and writes each file atomically.

use crate::error::Error;
use crate::findings::baseline::write_atomically;
use crate::findings::{Assessment, Status};
use crate::lint::{self, ConfigChoice, LintOptions};
use crate::scan::git::Discovery;
use crate::scan::ownership::group_by_folder;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What to write.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The repository.
    pub root: PathBuf,
    /// Append `[tool.mlready]` to the existing pyproject.toml instead of writing mlready.toml.
    pub pyproject: bool,
    /// Also write a CODEOWNERS file suggested from git history.
    pub codeowners: bool,
    /// Also write a model card template.
    pub model_card: bool,
}

/// What was written, for the user.
pub fn run(options: &InitOptions) -> Result<Vec<String>, Error> {
    let root = &options.root;
    if !root.is_dir() {
        return Err(Error::Usage(format!("{} is not a directory", root.display())));
    }
    // Each file is written only where none exists; with several asked for, init
    // writes those it can and says which it left alone.
    let mut left_alone = Vec::new();
    let mut existing_config = None;
    for existing in crate::config::CONFIG_FILES {
        let path = root.join(existing);
        if path.is_file()
            && (*existing != "pyproject.toml"
                || crate::config::discover(root)?.is_some_and(|found| found.path.ends_with("pyproject.toml")))
        {
            existing_config = Some(path);
            break;
        }
    }
    if let Some(path) = &existing_config {
        let also_asked = options.codeowners || options.model_card;
        if options.pyproject || !also_asked {
            return Err(Error::Usage(format!(
                "{} already configures mlready; `mlready init` never overwrites a file",
                path.display()
            )));
        }
        left_alone.push(format!("left {} alone: it already configures mlready", path.display()));
    }
    let pyproject = root.join("pyproject.toml");
    if options.pyproject && !pyproject.is_file() {
        return Err(Error::Usage(format!("--pyproject needs an existing {}", pyproject.display())));
    }
    // The repository may be untrusted: init reads and writes only regular files in real folders.
    if options.pyproject && is_link(&pyproject) {
        return Err(Error::Usage(format!(
            "{} is a symlink; `mlready init --pyproject` only appends to a regular file",
            pyproject.display()
        )));
    }
    let codeowners_path = root.join(".github/CODEOWNERS");
    let card_path = root.join("MODEL_CARD.md");
    let mut write_codeowners = options.codeowners;
    if options.codeowners {
        let locations = crate::scan::formats::codeowners::GITHUB_LOCATIONS
            .iter()
            .chain(crate::scan::formats::codeowners::GITLAB_LOCATIONS);
        let mut present: Vec<String> = locations
            .filter(|location| std::fs::symlink_metadata(root.join(location)).is_ok())
            .map(|location| root.join(location).display().to_string())
            .collect();
        present.dedup();
        if !present.is_empty() {
            write_codeowners = false;
            left_alone.push(format!("left {} alone: `mlready init` never overwrites a file", present.join(", ")));
        }
    }
    let mut write_card = options.model_card;
    if options.model_card && std::fs::symlink_metadata(&card_path).is_ok() {
        write_card = false;
        left_alone.push(format!("left {} alone: `mlready init` never overwrites a file", card_path.display()));
    }
    // Checked before anything is written: a hostile tree stops init before it writes anything.
    if write_codeowners && std::fs::symlink_metadata(root.join(".github")).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::Usage(format!(
            "{} is not a folder (a symlink or a file); `mlready init` writes only into real folders of the repository",
            root.join(".github").display()
        )));
    }
    let write_config = existing_config.is_none();
    if !write_config && !write_codeowners && !write_card {
        return Err(Error::Usage(format!("nothing to write: {}", left_alone.join("; "))));
    }

    let outcome = lint::lint(&LintOptions {
        root: root.clone(),
        config: ConfigChoice::Isolated,
        select: None,
        extend_select: Vec::new(),
        ignore: Vec::new(),
        no_git: false,
        changed_since: None,
        project: None,
        baseline: None,
        cache_dir: None,
        staged: false,
        exclude: None,
        extend_exclude: Vec::new(),
        per_file_ignores: Vec::new(),
    })?;
    let mut written = Vec::new();
    let write = |path: &Path, text: &str| -> Result<(), Error> {
        write_atomically(path, text)
            .map_err(|error| Error::Io { context: format!("cannot write {}", path.display()), error })
    };
    if write_config && options.pyproject {
        let existing = crate::scan::fs::open::read_text_no_links(&pyproject, crate::config::MAX_CONFIG_SIZE).map_err(
            |reason| Error::Io { context: format!("cannot read {}", pyproject.display()), error: reason.into_io() },
        )?;
        let separator = if existing.ends_with("\n\n") || existing.is_empty() {
            ""
        } else if existing.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        write(&pyproject, &format!("{existing}{separator}{}", config_text(&outcome.assessment, "tool.mlready")))?;
        written.push(format!("appended [tool.mlready] to {}", pyproject.display()));
    } else if write_config {
        let path = root.join("mlready.toml");
        write(&path, &config_text(&outcome.assessment, ""))?;
        written.push(format!("wrote {}", path.display()));
    }
    if write_codeowners {
        folder_in_tree(root, ".github")?;
        write(&codeowners_path, &codeowners_text(&outcome.picture, &outcome.owned_files))?;
        written.push(format!("wrote {}", codeowners_path.display()));
    }
    if write_card {
        write(&card_path, &model_card_text(root, &outcome.assessment))?;
        written.push(format!("wrote {}", card_path.display()));
    }
    written.extend(left_alone);
    Ok(written)
}

/// The starter config: every key commented with what it does, and what mlready found.
/// Whether `path` is a symlink (not followed).
fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Make sure `root/relative` is a real folder inside the root, creating it
/// if missing: a symlinked `.github` (which could lead anywhere) is refused,
/// so that init never writes outside the repository it was asked to set up.
fn folder_in_tree(root: &Path, relative: &str) -> Result<(), Error> {
    let mut folder = root.to_path_buf();
    for part in relative.split('/') {
        folder.push(part);
        match std::fs::symlink_metadata(&folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(Error::Usage(format!(
                    "{} is not a folder (a symlink or a file); `mlready init` writes only into real folders of the repository",
                    folder.display()
                )));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir(&folder)
                .map_err(|error| Error::Io { context: format!("cannot create {}", folder.display()), error })?,
            Err(error) => return Err(Error::Io { context: format!("cannot read {}", folder.display()), error }),
        }
    }
    Ok(())
}

fn config_text(assessment: &Assessment, table: &str) -> String {
    let mut out = String::new();
    let header = if table.is_empty() { String::new() } else { format!("[{table}]\n") };
    let sub = |name: &str| if table.is_empty() { format!("[{name}]") } else { format!("[{table}.{name}]") };
    let _ = writeln!(out, "# mlready configuration, created by `mlready init`.");
    let _ = writeln!(out, "# Reference: https://github.com/mlready/mlready/blob/main/docs/configuration.md");
    let _ = writeln!(out, "#");
    let _ = writeln!(out, "# What mlready found when this file was created:");
    for v in &assessment.verdicts {
        let mut line = format!("#   {:<16} {}", v.ingredient.id(), v.status.id());
        if !v.codes.is_empty() {
            line.push_str(&format!(" ({})", v.codes.join(", ")));
        }
        let _ = writeln!(out, "{line}");
    }
    for fact in &assessment.facts {
        if let Some(first) = fact.evidence.first() {
            let _ = writeln!(out, "#   {}: {}", fact.title, first.path);
        }
    }
    let _ = writeln!(
        out,
        "\n{header}# Rules to run: every rule unless narrowed. Codes (DEP002), prefixes (DEP), rule names,"
    );
    let _ = writeln!(out, "# ingredient ids (dependencies) or ALL. `mlready rules` lists them.");
    let _ = writeln!(out, "# select = [\"ALL\"]\n# ignore = []\n");
    let _ = writeln!(out, "# Exit 1 on findings at or above this severity: error, warning, info or never.");
    let _ = writeln!(out, "fail-on = \"error\"\n");
    let _ = writeln!(out, "# Paths never scanned, besides virtualenvs, caches, build output and .gitignore'd files.");
    let _ = writeln!(out, "# exclude = [\"vendor/**\"]\n");
    let _ = writeln!(out, "# {}\n# DEP002 = \"error\"\n", sub("severity"));
    let _ = writeln!(out, "# {}\n# \"notebooks/scratch/**\" = [\"REP\", \"DATA002\"]\n", sub("per-file-ignores"));
    let _ = writeln!(
        out,
        "# {}\n# large-file-size = \"10MB\"  # DATA004: data or weights committed as plain git blobs\n",
        sub("settings")
    );
    let _ = writeln!(out, "{}", sub("not-applicable"));
    let _ = writeln!(out, "# An ingredient that does not apply here, with the reason every report will show.");
    for v in &assessment.verdicts {
        match v.status {
            Status::NotApplicable => {
                let _ = writeln!(
                    out,
                    "# {}: mlready judged it not applicable: {}.",
                    v.ingredient.id(),
                    v.reason.as_deref().unwrap_or("")
                );
                let _ = writeln!(
                    out,
                    "# If it applies elsewhere (say, the model is served from another repository), say so:"
                );
                let _ = writeln!(out, "# {} = \"<why it does not apply to this repository>\"", v.ingredient.id());
            }
            Status::Missing if !v.ingredient.is_core() => {
                let _ = writeln!(out, "# {} = \"<why it does not apply to this repository>\"", v.ingredient.id());
            }
            _ => {}
        }
    }
    out
}

/// Files the owners rules say need an owner, grouped by folder, with suggested owners from history.
fn codeowners_text(picture: &crate::scan::Picture, paths: &[String]) -> String {
    let groups = group_by_folder(paths);
    let folders: Vec<String> = groups.iter().map(|g| g.folder.clone()).collect();
    let prefix = picture.git.as_ref().map(|g| g.prefix.clone()).unwrap_or_default();
    let stats = match Discovery::find(&picture.root) {
        Discovery::Repo(repo) => repo.authors(&folders, lint::HISTORY_LIMIT),
        Discovery::NoRepo(why) => Err(why),
    };
    let mut out = String::new();
    let _ = writeln!(out, "# CODEOWNERS, created by `mlready init --codeowners`.");
    let _ = writeln!(out, "# Each line gives a path to the people or teams who review changes to it; the last");
    let _ = writeln!(out, "# matching line wins. Prefer @org/team handles to e-mail addresses where you have teams.");
    let _ = writeln!(
        out,
        "# https://docs.github.com/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners"
    );
    let _ = writeln!(out, "#");
    let _ = writeln!(out, "# Everything else (uncomment and name a team):");
    let _ = writeln!(out, "# *  @your-org/your-team\n");
    match stats {
        Ok(stats) => {
            let _ = writeln!(out, "# ML code, owners suggested from the last {} commits:", stats.commits);
            for folder in &folders {
                match stats.by_folder.get(folder) {
                    Some(authors) => {
                        let total: usize = authors.iter().map(|(_, n)| n).sum();
                        let owners: Vec<&str> = authors
                            .iter()
                            .enumerate()
                            .filter(|(i, (_, n))| *i == 0 || n * 5 >= total)
                            .map(|(_, (o, _))| o.as_str())
                            .take(3)
                            .collect();
                        let _ = writeln!(out, "/{prefix}{folder} {}", owners.join(" "));
                    }
                    None => {
                        let _ =
                            writeln!(out, "# /{prefix}{folder} @your-org/ml-team  # no commits found: name its owners");
                    }
                }
            }
        }
        Err(why) => {
            let _ = writeln!(out, "# ML code (no owner suggestions: {why}); name their owners:");
            for folder in &folders {
                let _ = writeln!(out, "# /{prefix}{folder} @your-org/ml-team");
            }
        }
    }
    out
}

/// A model card template that names the metrics mlready saw computed in code.
fn model_card_text(root: &Path, assessment: &Assessment) -> String {
    let name = std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "model".into());
    let metrics = detected_metrics(assessment);
    let mut out = String::new();
    let _ = writeln!(out, "# Model card: {name}\n");
    let _ = writeln!(
        out,
        "<!-- Created by `mlready init --model-card`. Replace every [TODO: ...]; mlready reports the ones left (CARD002). -->\n"
    );
    let _ = writeln!(out, "## Model details\n");
    let _ = writeln!(out, "- **Owner:** [TODO: the team or person who answers for this model, e.g. @your-org/ml-team]");
    let _ = writeln!(out, "- **Version and date:** [TODO]");
    let _ = writeln!(out, "- **Model type:** [TODO: e.g. gradient-boosted trees, fine-tuned BERT]\n");
    let _ = writeln!(out, "## Intended use\n\n[TODO: who uses its predictions, for what decision]\n");
    let _ = writeln!(out, "## Out-of-scope use\n\n[TODO: uses it was not built or evaluated for]\n");
    let _ = writeln!(
        out,
        "## Training data\n\n[TODO: the source, the time range, and the version it is pinned to (DVC file, dataset revision)]\n"
    );
    let _ = writeln!(
        out,
        "## Evaluation data\n\n[TODO: the holdout or benchmark, and how it was split from the training data]\n"
    );
    let _ = writeln!(out, "## Metrics\n");
    if metrics.is_empty() {
        let _ = writeln!(out, "[TODO: the metrics that decide whether a model is good enough]\n");
        let _ = writeln!(out, "| Metric | Value | Release threshold |\n|---|---|---|\n| [TODO] | [TODO] | [TODO] |\n");
    } else {
        let _ = writeln!(
            out,
            "mlready found these metrics computed in code; report the value each reached and the threshold a release must meet.\n"
        );
        let _ = writeln!(out, "| Metric | Value | Release threshold |\n|---|---|---|");
        for metric in &metrics {
            let _ = writeln!(out, "| {metric} | [TODO] | [TODO] |");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Limitations\n\n[TODO: known failure modes, data slices where it does worse]\n");
    let _ = writeln!(
        out,
        "## Ethical considerations\n\n[TODO: who could be harmed by a wrong prediction, and how that is mitigated]"
    );
    out
}

/// Metric names from the metrics-computed fact's evidence (`roc_auc_score(` → "ROC AUC").
fn detected_metrics(assessment: &Assessment) -> Vec<String> {
    const NAMES: &[(&str, &str)] = &[
        ("roc_auc_score", "ROC AUC"),
        ("average_precision_score", "Average precision"),
        ("accuracy_score", "Accuracy"),
        ("f1_score", "F1"),
        ("precision_score", "Precision"),
        ("recall_score", "Recall"),
        ("mean_squared_error", "MSE"),
        ("mean_absolute_error", "MAE"),
        ("r2_score", "R²"),
        ("log_loss", "Log loss"),
        ("matthews_corrcoef", "MCC"),
    ];
    let mut found: Vec<String> = Vec::new();
    for fact in assessment.facts.iter().filter(|f| f.id == "metrics-computed") {
        for e in &fact.evidence {
            for (function, name) in NAMES {
                if e.detail.contains(function) && !found.iter().any(|f| f == name) {
                    found.push(name.to_string());
                }
            }
            if let Some(start) = e.detail.find("evaluate.load(") {
                let rest = &e.detail[start + "evaluate.load(".len()..];
                let metric: String = rest
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !metric.is_empty() && !found.contains(&metric) {
                    found.push(metric);
                }
            }
        }
    }
    found
}

//! The command line: `mlready lint`, `mlready rules`, `mlready explain`.
//! Exit codes: 0 nothing at or above `--fail-on`, 1 findings that fail,
//! 2 usage, config or I/O error.

use crate::error::Error;
use crate::lint::{self, ConfigChoice, LintOptions};
use crate::report::{self, Context, Format};
use crate::rules::{RuleSet, Severity, docs};
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use miette::{GraphicalReportHandler, GraphicalTheme};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Exit code: nothing at or above the failure threshold.
pub const EXIT_OK: i32 = 0;
/// Exit code: findings at or above the failure threshold.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: usage, config or I/O error.
pub const EXIT_ERROR: i32 = 2;

fn command() -> Command {
    let codes = |name: &'static str, help: &'static str| {
        Arg::new(name).long(name).value_name("CODES").value_delimiter(',').action(ArgAction::Append).help(help)
    };
    Command::new("mlready")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Tells an ML team what their repository is missing for production")
        .long_about(
            "mlready statically checks an ML repository for the ingredients of production: owners, \
             monitoring, data versioning, documented metrics, validation, and the supporting ones \
             (dependencies, reproducibility, CI, model card).",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("lint")
                .about("Lint a repository and judge every production ingredient")
                .arg(Arg::new("path").value_name("PATH").default_value(".").value_parser(value_parser!(PathBuf)).help("Root of the repository to lint"))
                .arg(
                    Arg::new("format")
                        .long("format")
                        .visible_alias("output-format")
                        .value_name("FORMAT")
                        .value_parser(Format::IDS.to_vec())
                        .help("Output format [env: MLREADY_OUTPUT_FORMAT] [default: human]"),
                )
                .arg(Arg::new("output-file").long("output-file").short('o').value_name("FILE").value_parser(value_parser!(PathBuf)).help("Write the report to FILE instead of stdout"))
                .arg(Arg::new("exit-zero").long("exit-zero").action(ArgAction::SetTrue).help("Exit 0 even when findings fail (errors still exit 2)"))
                .arg(Arg::new("statistics").long("statistics").action(ArgAction::SetTrue).help("Print how many findings each rule has, instead of the report"))
                .arg(Arg::new("silent").long("silent").short('s').action(ArgAction::SetTrue).help("Print nothing; the exit code says whether findings fail"))
                .arg(Arg::new("quiet").long("quiet").short('q').action(ArgAction::SetTrue).conflicts_with("verbose").help("Print the findings and nothing else: no verdict table, counts or warnings"))
                .arg(Arg::new("exclude").long("exclude").value_name("GLOBS").value_delimiter(',').action(ArgAction::Append).help("Globs of paths to leave out, replacing the config's `exclude`"))
                .arg(Arg::new("extend-exclude").long("extend-exclude").value_name("GLOBS").value_delimiter(',').action(ArgAction::Append).help("Globs of paths to leave out, besides the config's `exclude`"))
                .arg(Arg::new("per-file-ignores").long("per-file-ignores").value_name("GLOB:CODES").action(ArgAction::Append).help("Ignore rules in files a glob matches, besides the config's per-file-ignores: `tests/**:DEP002,REP001` (repeatable)"))
                .arg(Arg::new("show-files").long("show-files").action(ArgAction::SetTrue).help("List the files mlready sees with the current settings, and exit"))
                .arg(Arg::new("show-settings").long("show-settings").action(ArgAction::SetTrue).conflicts_with("show-files").help("Print the settings a lint would use (which config, selection, exclusions, ...), and exit"))
                .arg(Arg::new("config").long("config").value_name("FILE").value_parser(value_parser!(PathBuf)).help("Use this config file instead of discovering one at the root"))
                .arg(Arg::new("isolated").long("isolated").action(ArgAction::SetTrue).conflicts_with("config").help("Ignore every config file"))
                .arg(codes("select", "Rules to run (codes, prefixes, names or ingredient ids; comma-separated); replaces the config's `select`"))
                .arg(codes("extend-select", "Rules to run in addition to the selection"))
                .arg(codes("ignore", "Rules not to run; added to the config's `ignore`"))
                .arg(
                    Arg::new("fail-on")
                        .long("fail-on")
                        .value_name("LEVEL")
                        .value_parser(["error", "warning", "info", "never"])
                        .help("Exit 1 when a finding is at or above this severity [default: error, or the config's fail-on]"),
                )
                .arg(
                    Arg::new("color")
                        .long("color")
                        .value_name("WHEN")
                        .value_parser(["auto", "always", "never"])
                        .default_value("auto")
                        .help("Colour output; `auto` colours a terminal (any output with FORCE_COLOR or CLICOLOR_FORCE), unless NO_COLOR is set"),
                )
                .arg(Arg::new("changed-since").long("changed-since").value_name("REF").help("Report only what the change since the merge base of REF and HEAD makes worse (committed, staged, unstaged or untracked changes)"))
                .arg(Arg::new("project").long("project").value_name("PATH").help("Report one ML project, a folder below PATH, judged with the repository's context (its CODEOWNERS, its CI)"))
                .arg(Arg::new("baseline").long("baseline").value_name("FILE").value_parser(value_parser!(PathBuf)).help("Report and fail only on findings that are not recorded in this baseline"))
                .arg(Arg::new("write-baseline").long("write-baseline").value_name("FILE").value_parser(value_parser!(PathBuf)).conflicts_with("baseline").help("Record today's findings in FILE (written atomically) instead of reporting them"))
                .arg(Arg::new("no-git").long("no-git").action(ArgAction::SetTrue).conflicts_with("changed-since").help("Do not read git facts: list files by walking the tree"))
                .arg(Arg::new("staged").long("staged").action(ArgAction::SetTrue).conflicts_with("no-git").help("Lint what the next commit holds: the files of git's index with their staged contents (untracked files and unstaged changes are not seen); what a pre-commit hook checks"))
                .arg(Arg::new("no-cache").long("no-cache").action(ArgAction::SetTrue).help("Read every file, and neither read nor write the result cache [env: MLREADY_NO_CACHE]"))
                .arg(Arg::new("cache-dir").long("cache-dir").value_name("DIR").value_parser(value_parser!(PathBuf)).conflicts_with("no-cache").help("Keep the result cache in DIR, outside the linted root [env: MLREADY_CACHE_DIR] [default: $XDG_CACHE_HOME/mlready or ~/.cache/mlready]"))
                .arg(Arg::new("verbose").long("verbose").short('v').action(ArgAction::SetTrue).help("Say which config was used, how files were listed, and what was skipped and why")),
        )
        .subcommand(
            Command::new("init")
                .about("Write a commented starter config reflecting what mlready detects (never overwrites)")
                .arg(Arg::new("path").value_name("PATH").default_value(".").value_parser(value_parser!(PathBuf)).help("Root of the repository"))
                .arg(Arg::new("pyproject").long("pyproject").action(ArgAction::SetTrue).help("Append [tool.mlready] to the existing pyproject.toml instead of writing mlready.toml"))
                .arg(Arg::new("codeowners").long("codeowners").action(ArgAction::SetTrue).help("Also write .github/CODEOWNERS, with owners suggested from git history"))
                .arg(Arg::new("model-card").long("model-card").action(ArgAction::SetTrue).help("Also write MODEL_CARD.md, a template naming the metrics found in code")),
        )
        .subcommand(
            Command::new("rules")
                .about("List every rule: code, name, ingredient, default severity, summary")
                .arg(Arg::new("format").long("format").value_name("FORMAT").value_parser(["table", "json", "markdown"]).default_value("table").help("Output format"))
                .arg(Arg::new("config").long("config").value_name("FILE").value_parser(value_parser!(PathBuf)).help("Also list the custom rules of this config")),
        )
        .subcommand(
            Command::new("report")
                .about("The readiness matrix of many repositories, from their `mlready lint --format json` reports")
                .arg(Arg::new("reports").value_name("REPORT.json").required(true).num_args(1..).value_parser(value_parser!(PathBuf)).help("JSON reports, one per repository; each is named after its file (churn-service.json: churn-service)"))
                .arg(Arg::new("format").long("format").value_name("FORMAT").value_parser(["markdown", "html"]).default_value("markdown").help("Markdown (a pull request, a wiki, a step summary) or a self-contained HTML page"))
                .arg(Arg::new("output-file").long("output-file").short('o').value_name("FILE").value_parser(value_parser!(PathBuf)).help("Write the report to FILE instead of stdout")),
        )
        .subcommand(
            Command::new("explain")
                .about("Explain a rule: what it checks, why it matters in production, how to fix it")
                .arg(Arg::new("rule").value_name("CODE").required(true).help("A rule code (OWN001) or name (missing-owners)"))
                .arg(Arg::new("config").long("config").value_name("FILE").value_parser(value_parser!(PathBuf)).help("Also know the custom rules of this config")),
        )
}

/// Run the CLI with these arguments; returns the exit code.
pub fn run(args: Vec<std::ffi::OsString>) -> i32 {
    let matches = match command().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
        }
    };
    let result = match matches.subcommand() {
        Some(("lint", m)) => lint_command(m),
        Some(("rules", m)) => rules_command(m),
        Some(("init", m)) => init_command(m),
        Some(("explain", m)) => explain_command(m),
        Some(("report", m)) => report_command(m),
        _ => Ok(EXIT_ERROR),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            print_error(&error);
            EXIT_ERROR
        }
    }
}

fn print_error(error: &Error) {
    let stderr = std::io::stderr();
    let color = auto_color(std::io::stderr().is_terminal());
    // A config a pull request wrote is untrusted: its text is escaped, and no line
    // of the message can start a workflow command in a CI log.
    let mut lock = stderr.lock();
    let mut out = report::escape::LineGuard::new(&mut lock);
    match error {
        Error::Source(e) => {
            let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
            let mut text = String::new();
            let shown = e.for_display();
            let rendered =
                GraphicalReportHandler::new_themed(theme).with_width(width()).render_report(&mut text, &shown);
            if rendered.is_ok() {
                let _ = writeln!(out, "{}", text.trim_end());
            } else {
                let _ = writeln!(out, "error: {}", report::escape::controls(&error.to_string(), false));
            }
        }
        other => {
            let _ = writeln!(out, "error: {}", report::escape::controls(&other.to_string(), false));
        }
    }
    let _ = out.finish();
}

/// `--color auto`: a terminal is coloured, unless `NO_COLOR` is set; `FORCE_COLOR`
/// or `CLICOLOR_FORCE` colour any output (a CI log that renders ANSI), as in
/// ruff, cargo and Node tools. `NO_COLOR` wins over both.
fn auto_color(is_terminal: bool) -> bool {
    let set = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    let forced =
        set("FORCE_COLOR").is_some_and(|v| v != "0" && v != "false") || set("CLICOLOR_FORCE").is_some_and(|v| v != "0");
    forced || is_terminal
}

/// Columns to fit: `$COLUMNS` when set, else the terminal's width (stdout's,
/// then stderr's), else 100; at least 40.
fn width() -> usize {
    let from_env = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    let from_terminal = || {
        terminal_size::terminal_size_of(std::io::stdout())
            .or_else(|| terminal_size::terminal_size_of(std::io::stderr()))
            .map(|(terminal_size::Width(w), _)| usize::from(w))
    };
    from_env.or_else(from_terminal).unwrap_or(100).max(40)
}

/// `--project PATH`: a folder below the linted root, as the projects' roots are written (`services/churn`).
fn project_folder(path: &str) -> Result<String, Error> {
    let folder = path.trim_start_matches("./").trim_end_matches('/');
    let parts: Vec<&str> = folder.split('/').collect();
    if folder.is_empty() || folder == "." || folder.starts_with('/') || parts.iter().any(|p| p.is_empty() || *p == "..")
    {
        return Err(Error::Usage(format!(
            "--project {path}: name a folder below the linted root (`services/churn`); to judge the root, lint it without --project"
        )));
    }
    Ok(folder.replace("/./", "/"))
}

/// `--per-file-ignores GLOB:CODES` values: the glob before the last `:`, comma-separated selectors after it.
fn per_file_ignores(m: &ArgMatches) -> Result<Vec<(String, Vec<String>)>, Error> {
    strings(m, "per-file-ignores")
        .into_iter()
        .map(|value| match value.rsplit_once(':') {
            Some((glob, codes)) if !glob.is_empty() && !codes.trim().is_empty() => Ok((
                glob.to_string(),
                codes.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect(),
            )),
            _ => Err(Error::Usage(format!(
                "`--per-file-ignores {value}` needs GLOB:CODES, e.g. `--per-file-ignores 'tests/**:DEP002,REP001'`"
            ))),
        })
        .collect()
}

fn strings(m: &ArgMatches, id: &str) -> Vec<String> {
    m.get_many::<String>(id)
        .map(|v| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default()
}

/// Where the result cache goes: `--cache-dir`, `MLREADY_CACHE_DIR`, or the
/// user's cache directory; `None` with `--no-cache` or `MLREADY_NO_CACHE`.
fn cache_dir(m: &ArgMatches) -> Option<PathBuf> {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let disabled = env("MLREADY_NO_CACHE").is_some_and(|v| !matches!(v.to_str(), Some("0" | "false" | "no")));
    if m.get_flag("no-cache") || (disabled && !m.contains_id("cache-dir")) {
        return None;
    }
    m.get_one::<PathBuf>("cache-dir")
        .cloned()
        .or_else(|| env("MLREADY_CACHE_DIR").map(PathBuf::from))
        .or_else(crate::rules::cache::default_dir)
}

fn lint_command(m: &ArgMatches) -> Result<i32, Error> {
    let root: PathBuf = m.get_one::<PathBuf>("path").cloned().unwrap_or_else(|| PathBuf::from("."));
    let config = if m.get_flag("isolated") {
        ConfigChoice::Isolated
    } else {
        m.get_one::<PathBuf>("config").map_or(ConfigChoice::Discover, |p| ConfigChoice::File(p.clone()))
    };
    let options = LintOptions {
        root: root.clone(),
        config,
        select: m.contains_id("select").then(|| strings(m, "select")),
        extend_select: strings(m, "extend-select"),
        ignore: strings(m, "ignore"),
        no_git: m.get_flag("no-git"),
        changed_since: m.get_one::<String>("changed-since").cloned(),
        project: match m.get_one::<String>("project") {
            Some(path) => Some(project_folder(path)?),
            None => None,
        },
        baseline: m.get_one::<PathBuf>("baseline").cloned(),
        cache_dir: cache_dir(m),
        staged: m.get_flag("staged"),
        exclude: m.contains_id("exclude").then(|| strings(m, "exclude")),
        extend_exclude: strings(m, "extend-exclude"),
        per_file_ignores: per_file_ignores(m)?,
    };
    // Resolved before the run: a bad MLREADY_OUTPUT_FORMAT in a CI job should
    // fail at once, not after a lint of the whole repository.
    let format = match m.get_one::<String>("format") {
        Some(id) => Format::from_id(id).unwrap_or(Format::Human),
        None => match std::env::var("MLREADY_OUTPUT_FORMAT").ok().filter(|v| !v.is_empty()) {
            Some(id) => Format::from_id(&id).ok_or_else(|| {
                Error::Usage(format!(
                    "MLREADY_OUTPUT_FORMAT={id} is not a format; use one of {}",
                    Format::IDS.join(", ")
                ))
            })?,
            None => Format::Human,
        },
    };
    if m.get_flag("show-settings") {
        print!("{}", lint::settings(&options)?);
        return Ok(EXIT_OK);
    }
    if m.get_flag("show-files") {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for path in lint::files(&options)? {
            writeln!(out, "{}", report::escape::controls(&path, false))
                .map_err(|error| Error::Io { context: "cannot write the file list".into(), error })?;
        }
        return Ok(EXIT_OK);
    }
    let outcome = lint::lint(&options)?;
    if !m.get_flag("quiet") {
        for warning in &outcome.warnings {
            eprintln!("mlready: warning: {}", report::escape::controls(warning, false));
        }
    }
    if let Some(path) = m.get_one::<PathBuf>("write-baseline") {
        let document = crate::findings::baseline::document(&outcome.assessment.findings);
        let text = format!("{}\n", serde_json::to_string_pretty(&document).unwrap_or_default());
        crate::findings::baseline::write_atomically(path, &text)
            .map_err(|error| Error::Io { context: format!("cannot write baseline {}", path.display()), error })?;
        eprintln!(
            "mlready: recorded {} findings in {}; `mlready lint --baseline {}` reports only new ones",
            outcome.assessment.findings.len(),
            path.display(),
            path.display()
        );
        return Ok(EXIT_OK);
    }
    let verbose = m.get_flag("verbose");
    if verbose {
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        let _ =
            writeln!(err, "mlready: config: {}", outcome.config.as_deref().unwrap_or("none found (built-in defaults)"));
        for note in &outcome.picture.notes {
            let _ = writeln!(err, "mlready: {}", report::escape::controls(note, false));
        }
        let assessment = &outcome.assessment;
        let cached = match assessment.files_from_cache {
            0 => String::new(),
            n => format!(" ({n} of them unchanged, their results taken from the cache)"),
        };
        let _ = writeln!(err, "mlready: read {} of {} files{cached}", assessment.files_read, assessment.files_scanned);
        for skipped in outcome.picture.skipped.iter().chain(&outcome.read_skips) {
            let path = report::escape::controls(&skipped.path, false);
            let _ = writeln!(
                err,
                "mlready: skipped {path}: {}",
                report::escape::controls(&skipped.reason.to_string(), false)
            );
        }
    }
    let color = match m.get_one::<String>("color").map(String::as_str) {
        Some("always") => true,
        Some("never") => false,
        _ => auto_color(m.get_one::<PathBuf>("output-file").is_none() && std::io::stdout().is_terminal()),
    };
    let output_file = m.get_one::<PathBuf>("output-file");
    let context = Context {
        root: match m.get_one::<String>("project") {
            Some(project) => {
                format!("{}/{}", root.display().to_string().trim_end_matches('/'), project_folder(project)?)
            }
            None => root.display().to_string(),
        },
        root_abs: outcome.picture.root.display().to_string(),
        color,
        width: width(),
        rules: docs::all(&outcome.rules),
        root_anchor: outcome.root_anchor.clone(),
        top_prefix: outcome.picture.git.as_ref().map(|g| g.prefix.clone()),
        verbose,
        quiet: m.get_flag("quiet"),
    };
    if !m.get_flag("silent") {
        let stdout = std::io::stdout();
        let mut sink: Box<dyn Write> = match output_file {
            Some(path) => Box::new(std::fs::File::create(path).map_err(|error| Error::Io {
                context: format!("cannot write the report to {}", path.display()),
                error,
            })?),
            None => Box::new(stdout.lock()),
        };
        let mut out = std::io::BufWriter::new(&mut sink);
        let written = if m.get_flag("statistics") {
            report::statistics(&outcome.assessment, &mut out)
        } else {
            report::render(format, &context, &outcome.assessment, &mut out)
        };
        written
            .and_then(|_| out.flush())
            .or_else(ignore_broken_pipe)
            .map_err(|error| Error::Io { context: "cannot write the report".into(), error })?;
    }

    if format == Format::Github {
        append_step_summary(&context, &outcome.assessment);
    }

    let fail_on = m.get_one::<String>("fail-on").cloned().or(outcome.fail_on.clone()).unwrap_or_else(|| "error".into());
    let threshold = match fail_on.as_str() {
        "never" => None,
        level => Severity::from_id(level),
    };
    let fails = !m.get_flag("exit-zero")
        && threshold.is_some_and(|t| outcome.assessment.findings.iter().any(|f| f.severity >= t));
    // The process ends next: freeing the rule set and the picture piece by
    // piece would only add to a hook's run the time the kernel takes anyway.
    std::mem::forget((outcome, context));
    Ok(if fails { EXIT_FINDINGS } else { EXIT_OK })
}

/// In GitHub Actions, append the Markdown readiness report to the step summary.
/// A summary that cannot be written is worth a warning, not a failed check.
fn append_step_summary(context: &Context, assessment: &crate::findings::Assessment) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else { return };
    let text = report::markdown::document(context, assessment);
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(text.as_bytes()));
    if let Err(e) = written {
        eprintln!(
            "mlready: warning: cannot append to GITHUB_STEP_SUMMARY ({}): {e}",
            std::path::Path::new(&path).display()
        );
    }
}

fn init_command(m: &ArgMatches) -> Result<i32, Error> {
    let options = crate::init::InitOptions {
        root: m.get_one::<PathBuf>("path").cloned().unwrap_or_else(|| PathBuf::from(".")),
        pyproject: m.get_flag("pyproject"),
        codeowners: m.get_flag("codeowners"),
        model_card: m.get_flag("model-card"),
    };
    for line in crate::init::run(&options)? {
        eprintln!("mlready: {line}");
    }
    Ok(EXIT_OK)
}

fn load_rules(m: &ArgMatches) -> Result<RuleSet, Error> {
    let choice = m.get_one::<PathBuf>("config").map_or(ConfigChoice::Isolated, |p| ConfigChoice::File(p.clone()));
    let config = lint::load_config(std::path::Path::new("."), &choice)?;
    lint::rule_set(&config)
}

fn rules_command(m: &ArgMatches) -> Result<i32, Error> {
    let set = load_rules(m)?;
    let all = docs::all(&set);
    let text = match m.get_one::<String>("format").map(String::as_str) {
        Some("json") => {
            let list: Vec<serde_json::Value> = all
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "code": d.code, "name": d.name, "ingredient": d.ingredient, "severity": d.severity,
                        "check": d.check, "summary": d.summary, "rationale": d.why, "fix": d.fix,
                        "example": d.example,
                    })
                })
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&list).unwrap_or_default())
        }
        Some("markdown") => docs::to_markdown(&all),
        _ => {
            let header = ["CODE", "NAME", "INGREDIENT", "SEVERITY", "SUMMARY"].map(String::from);
            let rows: Vec<[String; 5]> = all
                .iter()
                .map(|d| {
                    let ingredient = d.ingredient.clone().unwrap_or_else(|| "-".into());
                    [d.code.clone(), d.name.clone(), ingredient, d.severity.clone(), d.summary.clone()]
                })
                .collect();
            let widths: Vec<usize> = (0..4)
                .map(|i| rows.iter().chain(std::iter::once(&header)).map(|r| r[i].len()).max().unwrap_or(0))
                .collect();
            std::iter::once(&header)
                .chain(&rows)
                .map(|r| {
                    format!(
                        "{:w0$}  {:w1$}  {:w2$}  {:w3$}  {}\n",
                        r[0],
                        r[1],
                        r[2],
                        r[3],
                        r[4],
                        w0 = widths[0],
                        w1 = widths[1],
                        w2 = widths[2],
                        w3 = widths[3]
                    )
                })
                .collect()
        }
    };
    write_stdout(&text)
}

fn write_stdout(text: &str) -> Result<i32, Error> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .or_else(ignore_broken_pipe)
        .map_err(|error| Error::Io { context: "cannot write to stdout".into(), error })?;
    Ok(EXIT_OK)
}

/// `mlready lint | head` closes the pipe early: that is the reader's choice, not an error.
fn ignore_broken_pipe(error: std::io::Error) -> std::io::Result<()> {
    if error.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(error) }
}

fn report_command(m: &ArgMatches) -> Result<i32, Error> {
    use crate::report::organisation;
    let repositories = m
        .get_many::<PathBuf>("reports")
        .into_iter()
        .flatten()
        .map(|path| organisation::read(path))
        .collect::<Result<Vec<_>, _>>()?;
    let text = match m.get_one::<String>("format").map(String::as_str) {
        Some("html") => organisation::html(&repositories),
        _ => organisation::markdown(&repositories),
    };
    match m.get_one::<PathBuf>("output-file") {
        Some(path) => std::fs::write(path, text)
            .map(|()| EXIT_OK)
            .map_err(|error| Error::Io { context: format!("cannot write {}", path.display()), error }),
        None => write_stdout(&text),
    }
}

fn explain_command(m: &ArgMatches) -> Result<i32, Error> {
    let set = load_rules(m)?;
    let wanted = m.get_one::<String>("rule").cloned().unwrap_or_default();
    match docs::find(&set, &wanted) {
        Some(doc) => write_stdout(&docs::to_text(&doc, width())),
        None => {
            let codes: Vec<&str> = set.rules.iter().map(|r| r.code.as_str()).collect();
            let hint =
                crate::toml_read::closest(&wanted, &codes).map(|c| format!(" (did you mean {c}?)")).unwrap_or_default();
            Err(Error::Usage(format!("no rule `{wanted}`{hint}; `mlready rules` lists every rule")))
        }
    }
}

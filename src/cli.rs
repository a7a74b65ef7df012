//! The command line: `mlready lint`, `mlready rules`, `mlready explain`.
//! Exit codes: 0 nothing at or above `--fail-on`, 1 findings that fail,
//! 2 usage, config or I/O error.

use crate::error::Error;
use crate::findings::UNUSED_SUPPRESSION;
use crate::lint::{self, ConfigChoice, LintOptions};
use crate::report::{self, Context, Format};
use crate::rules::{Check, Ref, Rule, RuleSet, Severity};
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
                        .value_name("FORMAT")
                        .value_parser(Format::IDS.to_vec())
                        .default_value("human")
                        .help("Output format"),
                )
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
                        .help("Colour output; `auto` colours a terminal unless NO_COLOR is set"),
                )
                .arg(Arg::new("verbose").long("verbose").short('v').action(ArgAction::SetTrue).help("Say which config was used, how files were listed, and what was skipped and why")),
        )
        .subcommand(
            Command::new("rules")
                .about("List every rule: code, name, ingredient, default severity, summary")
                .arg(Arg::new("format").long("format").value_name("FORMAT").value_parser(["table", "json"]).default_value("table").help("Output format"))
                .arg(Arg::new("config").long("config").value_name("FILE").value_parser(value_parser!(PathBuf)).help("Also list the custom rules of this config")),
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
        Some(("explain", m)) => explain_command(m),
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
    let color = std::io::stderr().is_terminal() && !no_color();
    match error {
        Error::Source(e) => {
            let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
            let mut text = String::new();
            let rendered = GraphicalReportHandler::new_themed(theme).with_width(width()).render_report(&mut text, e);
            if rendered.is_ok() {
                let _ = writeln!(stderr.lock(), "{}", text.trim_end());
            } else {
                let _ = writeln!(stderr.lock(), "error: {error}");
            }
        }
        other => {
            let _ = writeln!(stderr.lock(), "error: {other}");
        }
    }
}

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

fn width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|w| *w >= 40).unwrap_or(100)
}

fn strings(m: &ArgMatches, id: &str) -> Vec<String> {
    m.get_many::<String>(id)
        .map(|v| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default()
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
    };
    let outcome = lint::lint(&options)?;
    let verbose = m.get_flag("verbose");
    if verbose {
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        let _ =
            writeln!(err, "mlready: config: {}", outcome.config.as_deref().unwrap_or("none found (built-in defaults)"));
        for note in &outcome.picture.notes {
            let _ = writeln!(err, "mlready: {note}");
        }
        let _ = writeln!(
            err,
            "mlready: read {} of {} files",
            outcome.assessment.files_read, outcome.assessment.files_scanned
        );
        for skipped in outcome.picture.skipped.iter().chain(&outcome.read_skips) {
            let _ = writeln!(err, "mlready: skipped {}: {}", skipped.path, skipped.reason);
        }
    }
    let color = match m.get_one::<String>("color").map(String::as_str) {
        Some("always") => true,
        Some("never") => false,
        _ => std::io::stdout().is_terminal() && !no_color(),
    };
    let format = m.get_one::<String>("format").and_then(|f| Format::from_id(f)).unwrap_or(Format::Human);
    let context = Context { root: root.display().to_string(), color, width: width() };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    report::render(format, &context, &outcome.assessment, &mut out)
        .and_then(|_| out.flush())
        .map_err(|error| Error::Io { context: "cannot write the report".into(), error })?;

    let fail_on = m.get_one::<String>("fail-on").cloned().or(outcome.fail_on).unwrap_or_else(|| "error".into());
    let threshold = match fail_on.as_str() {
        "never" => None,
        level => Severity::from_id(level),
    };
    let fails = threshold.is_some_and(|t| outcome.assessment.findings.iter().any(|f| f.severity >= t));
    Ok(if fails { EXIT_FINDINGS } else { EXIT_OK })
}

fn load_rules(m: &ArgMatches) -> Result<RuleSet, Error> {
    let choice = m.get_one::<PathBuf>("config").map_or(ConfigChoice::Isolated, |p| ConfigChoice::File(p.clone()));
    let config = lint::load_config(std::path::Path::new("."), &choice)?;
    lint::rule_set(&config)
}

fn rules_command(m: &ArgMatches) -> Result<i32, Error> {
    let set = load_rules(m)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let write_err = |error| Error::Io { context: "cannot write".into(), error };
    if m.get_one::<String>("format").map(String::as_str) == Some("json") {
        let mut list: Vec<serde_json::Value> = set
            .rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.code, "name": r.name, "ingredient": r.ingredient.id(), "severity": r.severity.id(),
                    "check": r.check.id(), "summary": r.summary, "source": r.source,
                })
            })
            .collect();
        list.push(serde_json::json!({
            "code": UNUSED_SUPPRESSION.code, "name": UNUSED_SUPPRESSION.name, "ingredient": null,
            "severity": UNUSED_SUPPRESSION.severity.id(), "check": "meta", "summary": UNUSED_SUPPRESSION.summary,
            "source": "engine",
        }));
        serde_json::to_writer_pretty(&mut out, &list).map_err(|e| write_err(e.into()))?;
        writeln!(out).map_err(write_err)?;
        return Ok(EXIT_OK);
    }
    let mut rows: Vec<[String; 5]> = set
        .rules
        .iter()
        .map(|r| [r.code.clone(), r.name.clone(), r.ingredient.id().into(), r.severity.id().into(), r.summary.clone()])
        .collect();
    rows.push([
        UNUSED_SUPPRESSION.code.into(),
        UNUSED_SUPPRESSION.name.into(),
        "-".into(),
        UNUSED_SUPPRESSION.severity.id().into(),
        UNUSED_SUPPRESSION.summary.into(),
    ]);
    let header = ["CODE", "NAME", "INGREDIENT", "SEVERITY", "SUMMARY"].map(String::from);
    let widths: Vec<usize> =
        (0..4).map(|i| rows.iter().chain(std::iter::once(&header)).map(|r| r[i].len()).max().unwrap_or(0)).collect();
    for row in std::iter::once(&header).chain(&rows) {
        writeln!(
            out,
            "{:w0$}  {:w1$}  {:w2$}  {:w3$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        )
        .map_err(write_err)?;
    }
    Ok(EXIT_OK)
}

fn explain_command(m: &ArgMatches) -> Result<i32, Error> {
    let set = load_rules(m)?;
    let wanted = m.get_one::<String>("rule").cloned().unwrap_or_default();
    let text = if wanted.eq_ignore_ascii_case(UNUSED_SUPPRESSION.code) || wanted == UNUSED_SUPPRESSION.name {
        let r = UNUSED_SUPPRESSION;
        format!(
            "{} {}\ningredient: none (mlready's own check) · default severity: {}\n\nWhat it checks\n{}\n\nWhy it matters in production\n{}\n\nHow to fix\n{}\n\nExample\n{}\n",
            r.code,
            r.name,
            r.severity,
            indent(r.summary),
            indent(r.rationale),
            indent(r.fix),
            indent(r.example)
        )
    } else {
        match set.rule(&wanted) {
            Some(rule) => explain(&set, rule),
            None => {
                let codes: Vec<&str> = set.rules.iter().map(|r| r.code.as_str()).collect();
                let hint = crate::toml_read::closest(&wanted, &codes)
                    .map(|c| format!(" (did you mean {c}?)"))
                    .unwrap_or_default();
                return Err(Error::Usage(format!("no rule `{wanted}`{hint}; `mlready rules` lists every rule")));
            }
        }
    };
    print!("{text}");
    Ok(EXIT_OK)
}

fn indent(text: &str) -> String {
    text.trim()
        .lines()
        .map(|l| if l.is_empty() { String::new() } else { format!("  {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `mlready explain` page of a rule, generated from its data.
pub fn explain(set: &RuleSet, rule: &Rule) -> String {
    let mut what = rule.summary.clone();
    let describe = |refs: &[Ref]| -> String {
        refs.iter()
            .map(|r| match r {
                Ref::Group(g) => format!("any {} evidence", set.group_id(*g)),
                Ref::Signal(s) => {
                    let signal = &set.signals[*s];
                    let matcher = &set.matchers[signal.matcher];
                    if signal.id.contains(':') {
                        format!("a match in {}", matcher.files.join(", "))
                    } else {
                        format!("signal `{}`", signal.id)
                    }
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    match rule.check {
        Check::Require => {
            what.push_str(&format!("\n\nFires once when none of this is found: {}.", describe(&rule.evidence)));
            if !rule.when.is_empty() {
                what.push_str(&format!("\nApplies only when the repository has: {}.", describe(&rule.when)));
            }
            if !rule.when_not.is_empty() {
                what.push_str(&format!("\nDoes not apply when the repository has: {}.", describe(&rule.when_not)));
            }
            if !rule.anchor.is_empty() {
                what.push_str(&format!(
                    "\nPoints at the first of: {}; else at the repository root.",
                    describe(&rule.anchor)
                ));
            }
        }
        Check::Forbid => {
            if let Some(m) = rule.matcher {
                what.push_str(&format!("\n\nFires at every match in {}.", set.matchers[m].files.join(", ")));
            }
        }
    }
    let mut page = format!(
        "{} {}\ningredient: {} · default severity: {} · check: {}\n\nWhat it checks\n{}\n\nWhy it matters in production\n{}\n\nHow to fix\n{}\n",
        rule.code,
        rule.name,
        rule.ingredient.id(),
        rule.severity,
        rule.check.id(),
        indent(&what),
        indent(&rule.rationale),
        indent(&rule.fix)
    );
    if let Some(example) = &rule.example {
        page.push_str(&format!("\nExample\n{}\n", indent(example)));
    }
    page
}

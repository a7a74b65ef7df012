//! Configuration: discovery, every key, custom rules, and errors that point
//! at the offending span.

mod common;
use common::*;

const REQS: &str = "pandas>=2.0\nnumpy==1.26.4\n";

fn codes(dir: &std::path::Path, args: &[&str]) -> Vec<String> {
    let (json, _) = lint_json(dir, args);
    let mut codes: Vec<String> = findings(&json).into_iter().map(|f| f.0).collect();
    codes.sort();
    codes.dedup();
    codes
}

#[test]
fn discovery_prefers_dot_mlready_then_mlready_then_pyproject() {
    let repo = temp_repo(&[
        ("requirements.txt", REQS),
        ("train.py", TRAIN_PY),
        ("serve.py", SERVE_PY),
        (".mlready.toml", "select = [\"DEP002\"]\n"),
        ("mlready.toml", "select = [\"OWN001\"]\n"),
        ("pyproject.toml", "[tool.mlready]\nselect = [\"MON001\"]\n"),
    ]);
    assert_eq!(codes(repo.path(), &[]), ["DEP002"]);
    std::fs::remove_file(repo.path().join(".mlready.toml")).unwrap();
    assert_eq!(codes(repo.path(), &[]), ["OWN001"]);
    std::fs::remove_file(repo.path().join("mlready.toml")).unwrap();
    assert_eq!(codes(repo.path(), &[]), ["MON001"]);
    // A pyproject.toml without [tool.mlready] is not a config.
    std::fs::write(repo.path().join("pyproject.toml"), "[project]\nname = \"x\"\n").unwrap();
    assert!(codes(repo.path(), &[]).len() > 3);
    // --config names a file; --isolated ignores every file.
    let other = repo.path().join("ci-mlready.toml");
    std::fs::write(&other, "select = [\"CI001\"]\n").unwrap();
    assert_eq!(codes(repo.path(), &["--config", other.to_str().unwrap()]), ["CI001"]);
    std::fs::write(repo.path().join("mlready.toml"), "select = [\"OWN001\"]\n").unwrap();
    assert!(codes(repo.path(), &["--isolated"]).len() > 3);
}

#[test]
fn select_ignore_and_cli_precedence() {
    let repo = temp_repo(&[
        ("requirements.txt", REQS),
        ("train.py", TRAIN_PY),
        ("serve.py", SERVE_PY),
        ("mlready.toml", "select = [\"OWN\", \"DEP\"]\nignore = [\"OWN001\"]\nextend-select = [\"CI001\"]\n"),
    ]);
    assert_eq!(codes(repo.path(), &[]), ["CI001", "DEP002"]);
    // --select replaces the config's select; the config's ignore still applies.
    assert_eq!(codes(repo.path(), &["--select", "OWN001,MON001"]), ["CI001", "MON001"]);
    assert_eq!(codes(repo.path(), &["--ignore", "CI"]), ["DEP002"]);
}

#[test]
fn severity_overrides_change_severity_and_exit_code() {
    let repo = temp_repo(&[
        ("requirements.txt", REQS),
        ("mlready.toml", "select = [\"DEP002\"]\n[severity]\nDEP002 = \"error\"\n"),
    ]);
    let (json, code) = lint_json(repo.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(json["findings"][0]["severity"], "error");
    let repo =
        temp_repo(&[("requirements.txt", REQS), ("mlready.toml", "select = [\"DEP002\"]\nfail-on = \"warning\"\n")]);
    assert_eq!(lint_json(repo.path(), &[]).1, 1, "fail-on from the config");
    assert_eq!(lint_json(repo.path(), &["--fail-on", "error"]).1, 0, "--fail-on beats the config");
}

#[test]
fn per_file_ignores_and_exclude() {
    let repo = temp_repo(&[
        ("requirements.txt", REQS),
        ("notebooks/requirements.txt", "jupyterlab>=4\n"),
        ("vendor/lib/requirements.txt", "six\n"),
        (
            "mlready.toml",
            "select = [\"DEP002\"]\nexclude = [\"vendor/**\"]\n[per-file-ignores]\n\"notebooks/**\" = [\"DEP\"]\n",
        ),
    ]);
    let (json, _) = lint_json(repo.path(), &[]);
    assert_eq!(findings(&json), expected(&[("DEP002", "requirements.txt", 1)]));
    assert_eq!(json["summary"]["suppressed"], 1);
}

/// Issue 13: `dir/` excludes a folder as in `.gitignore`, and a glob that
/// excludes nothing is a warning naming it (the run goes on).
#[test]
fn exclude_takes_gitignore_folders_and_warns_on_globs_that_match_nothing() {
    let repo = temp_repo(&[
        ("requirements.txt", REQS),
        ("notebooks/requirements.txt", "jupyterlab>=4\n"),
        ("mlready.toml", "select = [\"DEP002\"]\nexclude = [\"notebooks/\", \"notebok/**\"]\n"),
    ]);
    let (out, err, _) = lint_dir(repo.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(findings(&json), expected(&[("DEP002", "requirements.txt", 1)]), "notebooks/ is left out");
    assert!(err.starts_with("mlready: warning: `exclude` glob `notebok/**` in "), "{err}");
    assert!(err.trim_end().ends_with("mlready.toml matches nothing: globs are relative to the linted root (`data/**` or `data/` leaves out a folder)"), "{err}");
    assert_eq!(err.lines().count(), 1, "only the glob that matches nothing: {err}");
}

#[test]
fn not_applicable_ingredients_carry_the_reason() {
    let repo = temp_repo(&[
        ("train.py", TRAIN_PY),
        (
            "mlready.toml",
            "[not-applicable]\nmonitoring = \"batch scoring job; the platform team's Airflow checks watch it\"\n",
        ),
    ]);
    let (json, _) = lint_json(repo.path(), &[]);
    let monitoring = verdict(&json, "monitoring");
    assert_eq!(monitoring["status"], "not-applicable");
    let reason = monitoring["reason"].as_str().unwrap();
    assert!(reason.contains("mlready.toml"), "{reason}");
    assert!(reason.contains("batch scoring job; the platform team's Airflow checks watch it"), "{reason}");
    assert!(!findings(&json).iter().any(|f| f.0.starts_with("MON")));
    let (out, _, _) = lint_dir(repo.path(), &["--color", "never"]);
    assert!(out.contains("batch scoring job"), "the human table shows the reason:\n{out}");
}

#[test]
fn custom_rules_and_signals_use_the_built_in_schema() {
    let config = r#"
# Our own monitoring library counts as monitoring evidence.
[[signal]]
id = "acme-observe"
provides = ["monitoring"]
detail = "observed with acme.observe"
files = ["**/*.py"]
scope = "code"
pattern = '^\s*from\s+acme\.observe\s+import\b'

[[rule]]
code = "ACME001"
name = "pickle-model-load"
ingredient = "validation"
severity = "error"
check = "forbid"
files = ["**/*.py"]
scope = "code"
pattern = 'pickle\.load\((?P<arg>[^)]*)\)'
summary = "Models are loaded with pickle"
message = "`pickle.load({arg})` runs arbitrary code from the model file"
rationale = "A tampered model file executes code in the serving process."
fix = "Load models with safetensors or skops."
"#;
    let repo = temp_repo(&[
        (
            "serve.py",
            "import pickle\nfrom fastapi import FastAPI\nfrom acme.observe import track\n# pickle.load(f) is what we used to do\nmodel = pickle.load(open('m.pkl', 'rb'))\napp = FastAPI()\n",
        ),
        ("mlready.toml", config),
    ]);
    let (json, _) = lint_json(repo.path(), &[]);
    assert_eq!(verdict(&json, "monitoring")["status"], "present");
    assert_eq!(verdict(&json, "monitoring")["evidence"][0]["detail"], "observed with acme.observe");
    let custom: Vec<_> = json["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "ACME001").collect();
    assert_eq!(custom.len(), 1, "the comment is not a use");
    assert_eq!(custom[0]["line"], 5);
    assert_eq!(custom[0]["column"], 9);
    assert_eq!(custom[0]["message"], "`pickle.load(open('m.pkl', 'rb')` runs arbitrary code from the model file");
    assert!(custom[0]["url"].is_null(), "custom rules without `url` have no docs link");
    let listed = stdout(&run(&["rules", "--config", repo.path().join("mlready.toml").to_str().unwrap()]));
    assert!(listed.contains("ACME001"), "{listed}");
}

/// `also` and `unless` take a list: every `also` regex and no `unless` regex
/// must be found; a bad regex in a list is an error at its own span.
#[test]
fn also_and_unless_take_lists() {
    let config = r#"
[[rule]]
code = "ACME002"
name = "unbounded-retry"
ingredient = "validation"
severity = "warning"
check = "forbid"
files = ["**/*.py"]
scope = "code"
pattern = '\bretry\('
also = ['\bforever\b', '\bTrue\b']
unless = ['\bmax_tries\s*=', '\btimeout\s*=']
summary = "Retries forever"
message = "this retry has no bound"
rationale = "A retry with no bound hangs the pipeline."
fix = "Pass max_tries or timeout."
"#;
    let repo = temp_repo(&[
        (
            "pipeline.py",
            "retry(forever=True)\nretry(forever=True, max_tries=3)\nretry(forever=False)\nretry(forever=True, timeout=9)\n# retry(forever=True)\n",
        ),
        ("mlready.toml", config),
    ]);
    let (json, _) = lint_json(repo.path(), &[]);
    let lines: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "ACME002")
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1], "line 2 and 4 have a bound, line 3 lacks `True`, line 5 is a comment");

    let err = config_error(&config.replace(r"'\btimeout\s*='", "'timeout(('"));
    assert!(err.contains("invalid regex in `unless`: "), "{err}");
    assert!(err.contains("mlready.toml:12:"), "{err}");
}

/// Lint with a config and expect exit code 2 with an error pointing at `needle`.
fn config_error(config: &str) -> String {
    let repo = temp_repo(&[("train.py", TRAIN_PY), ("mlready.toml", config)]);
    let (_, err, code) = lint_dir(repo.path(), &[]);
    assert_eq!(code, 2, "expected a config error, got:\n{err}");
    err
}

#[test]
fn config_errors_point_at_the_offending_span() {
    let err = config_error("select = [\"OWN\"]\nignroe = [\"DEP002\"]\n");
    assert!(err.contains("unknown key `ignroe` in the config"), "{err}");
    assert!(err.contains("mlready.toml:2:1]"), "{err}");
    assert!(err.contains("did you mean `ignore`?"), "{err}");
    assert!(err.contains("not a known key"), "{err}");

    let err = config_error("exclude = [\"data/[abc\"]\n");
    assert!(err.contains("invalid glob `data/[abc`"), "{err}");
    assert!(err.contains("mlready.toml:1:12]"), "{err}");

    let err = config_error("ignore = [\"DEP02\"]\n");
    assert!(err.contains("`DEP02` selects no rule"), "{err}");
    assert!(err.contains("mlready.toml:1:11]"), "{err}");

    let err = config_error("select = \"OWN\"\n");
    assert!(err.contains("`select` in the config must be an array of strings, not string"), "{err}");

    let err = config_error("select = [\n");
    assert!(err.contains("invalid TOML"), "{err}");

    let err = config_error("[not-applicable]\nmonitorin = \"batch job\"\n");
    assert!(err.contains("`monitorin` is not an ingredient"), "{err}");
    assert!(err.contains("did you mean `monitoring`?"), "{err}");

    let err = config_error("[severity]\nDEP002 = \"critical\"\n");
    assert!(err.contains("must be \"error\", \"warning\" or \"info\""), "{err}");

    let err = config_error(
        "[[rule]]\ncode = \"ACME001\"\nname = \"x\"\ningredient = \"owners\"\nseverity = \"error\"\ncheck = \"forbid\"\nfiles = [\"*.py\"]\npattern = 'load(('\nsummary = \"s\"\nmessage = \"m\"\nrationale = \"r\"\nfix = \"f\"\n",
    );
    assert!(err.contains("invalid regex in `pattern`"), "{err}");
    assert!(err.contains("mlready.toml:8:11]"), "{err}");
    assert!(err.contains("invalid regex"), "{err}");

    let err = config_error(
        "[[rule]]\ncode = \"OWN001\"\nname = \"x\"\ningredient = \"owners\"\nseverity = \"error\"\ncheck = \"forbid\"\nfiles = [\"*.py\"]\npattern = 'x'\nsummary = \"s\"\nmessage = \"m\"\nrationale = \"r\"\nfix = \"f\"\n",
    );
    assert!(err.contains("rule code `OWN001` is already used"), "{err}");

    let err = config_error("[[signal]]\nid = \"mine\"\nprovides = [\"monitorng\"]\nfiles = [\"*.py\"]\n");
    assert!(err.contains("`monitorng` is not an ingredient or a fact"), "{err}");
    assert!(err.contains("did you mean `monitoring`?"), "{err}");

    let err = config_error(
        "[[signal]]\nid = \"mine\"\nprovides = [\"owners\"]\nfiles = [\"OWNERS.md\", \"**/OWNERS.md\"]\nprecedence = \"first\"\n",
    );
    assert!(err.contains("`precedence` needs `files` to list paths"), "{err}");
    assert!(err.contains("mlready.toml:4:23]"), "{err}");
    let err = config_error(
        "[[signal]]\nid = \"mine\"\nprovides = [\"owners\"]\nfiles = [\"OWNERS.md\"]\nprecedence = \"last\"\n",
    );
    assert!(err.contains("first") && err.contains("shadowed"), "{err}");

    let repo = temp_repo(&[("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.mlready]\nselct = [\"OWN\"]\n")]);
    let (_, err, code) = lint_dir(repo.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown key `selct` in [tool.mlready]"), "{err}");
    assert!(err.contains("pyproject.toml:5:1]"), "{err}");
}

#[test]
fn max_file_size_caps_what_is_read() {
    let big = format!("{}pandas>=2\n", "# padding\n".repeat(50));
    let repo =
        temp_repo(&[("requirements.txt", &big), ("mlready.toml", "select = [\"DEP002\"]\nmax-file-size = 100\n")]);
    let (json, _) = lint_json(repo.path(), &[]);
    assert!(findings(&json).is_empty(), "an oversized file is not read");
    let (_, err, _) = lint_dir(repo.path(), &["--verbose"]);
    assert!(err.contains("skipped requirements.txt: 510 bytes is over the size cap of 100 bytes"), "{err}");
}

/// The matcher and rule keys that decide by context (`file-has`, `file-lacks`, `min-hits`,
/// `column`, `mentioned-in`, `**` keys, signal `when-not`, `prefer`/`avoid`, `coverage`) are
/// open to custom rules: the built-in packs use nothing a config cannot.
#[test]
fn custom_rules_decide_by_context_like_the_built_in_ones() {
    let config = r#"
[[fact]]
id = "acme-service"
title = "Acme service"
summary = "a file that starts an Acme service"

[[signal]]
id = "acme-app"
provides = ["acme-service"]
files = ["**/*.py"]
scope = "code"
pattern = '\bAcmeApp\('

# Audit logging counts only in a service file, and never in one that also trains.
[[signal]]
id = "acme-audit"
provides = ["monitoring"]
detail = "audits: {match}"
files = ["**/*.py"]
scope = "code"
span = "line"
pattern = '\baudit\.record\('
file-has = ["acme-service"]
file-lacks = [{ files = ["**/*.py"], scope = "code", pattern = '\.fit\(' }]

# Two review sign-offs in a document, a results table, a result file a document names,
# a threshold at any depth.
[[signal]]
id = "two-signoffs"
provides = ["model-card"]
detail = "signed off"
files = ["**/*.md"]
pattern = '(?m)^Signed-off-by: '
min-hits = 2

[[signal]]
id = "acme-table"
provides = ["metrics"]
detail = "reports {column}"
files = ["**/*.md"]
column = '^quality$'
value = '^\d+(?:\.\d+)?$'

[[signal]]
id = "acme-results"
provides = ["metrics"]
detail = "results file `{match}`"
files = ["**/*.json"]
key = "**.quality"
mentioned-in = ["**/*.md"]

[[signal]]
id = "legacy-seed"
provides = ["reproducibility"]
files = ["**/*.py"]
scope = "code"
pattern = 'acme_seed\('
when-not = [{ files = ["acme.yaml"], key = "seed", value = '^$' }]

[[rule]]
code = "ACME002"
name = "unreviewed-script"
ingredient = "model-card"
severity = "warning"
check = "forbid"
files = ["**/*.py"]
scope = "text"
pattern = '^# reviewed: (?P<state>no)\b'
coverage = "{covered} of {total} scripts reviewed"
coverage-of = [{ files = ["**/*.py"], scope = "text", pattern = '^# reviewed: ' }]
summary = "s"
message = "not reviewed"
rationale = "r"
fix = "f"

[[rule]]
code = "ACME003"
name = "missing-runbook"
ingredient = "monitoring"
severity = "info"
check = "require"
evidence = [{ files = ["RUNBOOK.md"] }]
anchor = ["acme-service", "python-code"]
prefer = [{ files = ["svc/**"] }]
avoid = [{ files = ["tools/**"] }]
summary = "s"
message = "no runbook"
rationale = "r"
fix = "f"
"#;
    let repo = temp_repo(&[
        ("mlready.toml", config),
        ("acme.yaml", "seed: ~\n"),
        ("tools/a_service.py", "# reviewed: yes\nAcmeApp()\naudit.record(x)\n"),
        ("svc/z_service.py", "# reviewed: no\nAcmeApp()\n"),
        ("jobs/train.py", "# reviewed: yes\nAcmeApp()\nmodel.fit(x)\naudit.record(x)\nacme_seed(1)\n"),
        ("notes/audit.py", "audit.record(x)\n"),
        (
            "README.md",
            "| model | quality |\n|---|---|\n| v2 | 0.93 |\n\nSee [the results](out/run.json).\n\nSigned-off-by: a\n",
        ),
        ("CARD.md", "Signed-off-by: b\nSigned-off-by: c\n"),
        ("out/run.json", "{\"eval\": {\"quality\": 0.93}}\n"),
        ("out/other.json", "{\"eval\": {\"quality\": 0.5}}\n"),
    ]);
    let (json, _) = lint_json(repo.path(), &[]);
    let evidence = |id: &str| -> Vec<(String, String)> {
        verdict(&json, id)["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["path"].as_str().unwrap().to_string(), e["detail"].as_str().unwrap().to_string()))
            .collect()
    };
    // Only the service that does not train; not the training job, not a file that serves nothing.
    assert!(evidence("monitoring").contains(&("tools/a_service.py".into(), "audits: audit.record(x)".into())));
    assert!(!evidence("monitoring").iter().any(|(p, _)| p == "jobs/train.py" || p == "notes/audit.py"));
    // Two sign-offs in one file, not one in each of two.
    assert!(evidence("model-card").iter().any(|(p, _)| p == "CARD.md"));
    assert!(!evidence("model-card").iter().any(|(p, _)| p == "README.md"));
    // The table column, and only the result file the README names.
    let metrics = evidence("metrics");
    assert!(metrics.contains(&("README.md".into(), "reports quality".into())), "{metrics:?}");
    assert!(metrics.iter().any(|(p, _)| p == "out/run.json"), "{metrics:?}");
    assert!(!metrics.iter().any(|(p, _)| p == "out/other.json"), "{metrics:?}");
    // `seed: ~` in acme.yaml silences the seed signal.
    assert!(!evidence("reproducibility").iter().any(|(p, _)| p == "jobs/train.py"));
    // Coverage: 2 of 3 scripts carry `reviewed: yes`; the partial verdict says so.
    let card = verdict(&json, "model-card");
    assert_eq!(card["status"], "partial", "{card}");
    assert_eq!(card["reason"], "2 of 3 scripts reviewed", "{card}");
    // The runbook finding prefers svc/ and avoids tools/, though tools/ sorts first.
    let runbook: Vec<_> = findings(&json).into_iter().filter(|f| f.0 == "ACME003").collect();
    assert_eq!(runbook, expected(&[("ACME003", "svc/z_service.py", 2)]));
}

#[test]
fn context_keys_are_checked_when_the_config_is_read() {
    let err = config_error(
        "[[signal]]\nid = \"mine\"\nprovides = [\"owners\"]\nfiles = [\"*.md\"]\npattern = 'x'\nmin-hits = 0\n",
    );
    assert!(err.contains("`min-hits` must be at least 1"), "{err}");
    let err = config_error(
        "[[rule]]\ncode = \"ACME001\"\nname = \"x\"\ningredient = \"owners\"\nseverity = \"error\"\ncheck = \"forbid\"\nfiles = [\"*.py\"]\npattern = 'x'\ncoverage = \"{covered} of {total}\"\nsummary = \"s\"\nmessage = \"m\"\nrationale = \"r\"\nfix = \"f\"\n",
    );
    assert!(err.contains("`coverage` and `coverage-of` go together"), "{err}");
    let err = config_error(
        "[[signal]]\nid = \"mine\"\nprovides = [\"owners\"]\nfiles = [\"*.md\"]\npattern = 'x'\nfile-has = [\"no-such-thing\"]\n",
    );
    assert!(err.contains("no-such-thing"), "{err}");
    let err = config_error("vendored = [\"third_party/[x\"]\n");
    assert!(err.contains("invalid glob"), "{err}");
}

/// `vendored` globs leave someone else's code out like `linguist-vendored` does, and say so
/// under `--verbose`; `include-vendored = true` lints it like the project's own.
#[test]
fn vendored_globs_and_include_vendored() {
    let repo = temp_repo(&[
        ("train.py", TRAIN_PY),
        ("upstream/demo/serve.py", SERVE_PY),
        ("mlready.toml", "vendored = [\"upstream/**\"]\n"),
    ]);
    let (json, _) = lint_json(repo.path(), &[]);
    assert_eq!(verdict(&json, "monitoring")["status"], "not-applicable", "an upstream demo server is not ours");
    let (_, err, _) = lint_dir(repo.path(), &["--verbose", "--format", "json"]);
    assert!(
        err.contains("vendored code not linted (1 file; `include-vendored = true` lints it): upstream/ (1 file: the config's `vendored` globs)"),
        "{err}"
    );
    std::fs::write(repo.path().join("mlready.toml"), "vendored = [\"upstream/**\"]\ninclude-vendored = true\n")
        .unwrap();
    let (json, _) = lint_json(repo.path(), &[]);
    assert_eq!(verdict(&json, "monitoring")["status"], "missing");
}

/// Issue 13, item 1: linting a subfolder uses the closest config at or above
/// it, up to the top of the git work tree, as ruff does; its path globs are
/// rebased to the subfolder.
#[test]
fn a_subfolder_uses_the_closest_config_up_to_the_repository_top() {
    let outer = temp_repo(&[("mlready.toml", "ignore = [\"DEP\"]\n")]);
    let top = outer.path().join("repo");
    for (path, text) in [
        (
            "mlready.toml",
            "ignore = [\"CARD\"]\nexclude = [\"projects/b/scratch/\", \"projects/a/**\"]\n[severity]\nDEP002 = \"info\"\n",
        ),
        ("projects/a/mlready.toml", "ignore = [\"DEP\"]\n"),
        ("projects/b/train.py", TRAIN_PY),
        ("projects/b/requirements.txt", "torch>=2\n"),
        ("projects/b/scratch/try.py", "import torch\n"),
    ] {
        std::fs::create_dir_all(top.join(path).parent().unwrap()).unwrap();
        std::fs::write(top.join(path), text).unwrap();
    }
    std::fs::create_dir(top.join(".git")).unwrap();
    let sub = top.join("projects/b");
    let (json, code) = lint_json(&sub, &["--no-git"]);
    assert_ne!(code, 2);
    let found = findings(&json);
    assert!(found.iter().all(|f| !f.0.starts_with("CARD")), "the top config's ignore applies: {found:?}");
    let dep002 = json["findings"].as_array().unwrap().iter().find(|f| f["code"] == "DEP002").unwrap();
    assert_eq!(dep002["severity"], "info", "its severities too; not the sibling's ignore");
    let (listed, _, _) = lint_dir(&sub, &["--show-files", "--no-git"]);
    assert_eq!(listed, "requirements.txt\ntrain.py\n", "`projects/b/scratch/` rebased to `scratch/`");
    let (settings, _, _) = lint_dir(&sub, &["--show-settings"]);
    assert!(
        settings.contains("../../mlready.toml\"\n") && settings.contains("exclude = [\"scratch/\"]\n"),
        "{settings}"
    );
    let (_, err, _) = lint_dir(&sub, &["--verbose", "--no-git"]);
    assert!(err.contains("mlready: config: ") && err.contains("../../mlready.toml"), "{err}");

    // Near misses: a config at the root wins over the one above it; none is read
    // above the work tree's top (the outer folder's), and outside git only the root's.
    std::fs::write(sub.join(".mlready.toml"), "select = [\"DEP002\"]\n").unwrap();
    let (json, _) = lint_json(&sub, &["--no-git"]);
    assert_eq!(findings(&json).iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["DEP002"]);
    std::fs::remove_file(sub.join(".mlready.toml")).unwrap();
    std::fs::remove_file(top.join("mlready.toml")).unwrap();
    let (json, _) = lint_json(&sub, &["--no-git"]);
    assert!(findings(&json).iter().any(|f| f.0 == "DEP002"), "the outer folder's ignore is not the repository's");
    let plain = temp_repo(&[("train.py", TRAIN_PY), ("requirements.txt", "torch>=2\n")]);
    let inner = plain.path().join("inner");
    std::fs::create_dir(&inner).unwrap();
    std::fs::write(plain.path().join("mlready.toml"), "ignore = [\"DEP\"]\n").unwrap();
    std::fs::write(inner.join("requirements.txt"), "torch>=2\n").unwrap();
    let (json, _) = lint_json(&inner, &[]);
    assert!(findings(&json).iter().any(|f| f.0 == "DEP002"), "outside git, only the root's config");
}

/// Writes `files` under `top` (creating folders) and marks `top` as a git work tree's top.
fn work_tree(top: &std::path::Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        std::fs::create_dir_all(top.join(path).parent().unwrap()).unwrap();
        std::fs::write(top.join(path), text).unwrap();
    }
    std::fs::create_dir_all(top.join(".git")).unwrap();
}

/// Issue 13, item 1: `extend` builds a config on another, as ruff's does.
/// Values replace the base's, `extend-select`/`ignore`/`extend-exclude` add
/// to it, tables merge key by key; the base's globs are rebased from its folder.
#[test]
fn extend_builds_on_a_shared_config() {
    let outer = tempfile::tempdir().unwrap();
    let top = outer.path();
    work_tree(
        top,
        &[
            (
                "mlready.toml",
                "ignore = [\"CARD\"]\nexclude = [\"projects/b/scratch/**\", \"projects/a/**\"]\nfail-on = \"never\"\n\
                 [severity]\nDEP002 = \"info\"\nDEP001 = \"info\"\n",
            ),
            (
                "projects/b/mlready.toml",
                "extend = \"../../mlready.toml\"\nignore = [\"OWN\"]\nextend-exclude = [\"notebooks/**\"]\n\
                 [severity]\nDEP002 = \"error\"\n",
            ),
            ("projects/b/train.py", TRAIN_PY),
            ("projects/b/requirements.txt", "torch>=2\n"),
            ("projects/b/scratch/try.py", "import torch\n"),
            ("projects/b/notebooks/explore.py", "import torch\n"),
        ],
    );
    let sub = top.join("projects/b");
    let (json, code) = lint_json(&sub, &["--no-git"]);
    assert_eq!(code, 0, "the base's fail-on = never applies");
    let found = findings(&json);
    assert!(found.iter().all(|f| !f.0.starts_with("CARD") && !f.0.starts_with("OWN")), "both ignores: {found:?}");
    let severity = |code: &str| {
        json["findings"].as_array().unwrap().iter().find(|f| f["code"] == code).unwrap()["severity"].clone()
    };
    assert_eq!(severity("DEP002"), "error", "the extending config's severity wins");
    assert_eq!(severity("DEP001"), "info", "the base's severity for another rule stays");
    let (listed, _, _) = lint_dir(&sub, &["--show-files", "--no-git"]);
    assert_eq!(listed, "mlready.toml\nrequirements.txt\ntrain.py\n", "`projects/b/scratch/**` rebased, plus notebooks");
    let (settings, _, _) = lint_dir(&sub, &["--show-settings"]);
    let named = format!("config = {:?}\nextends = [{:?}]\n", sub.join("mlready.toml"), top.join("mlready.toml"));
    assert!(settings.starts_with(&named), "{settings}");
    assert!(settings.contains("exclude = [\"scratch/**\", \"notebooks/**\"]\n"), "{settings}");
    assert!(settings.contains("[severity]\n\"DEP001\" = \"info\"\n\"DEP002\" = \"error\"\n"), "{settings}");
    let (_, err, _) = lint_dir(&sub, &["--verbose", "--no-git"]);
    let named = format!("{} (extends {})\n", sub.join("mlready.toml").display(), top.join("mlready.toml").display());
    assert!(err.contains(&named), "{err}");
    // Near miss: without `extend`, the closest config alone applies.
    std::fs::write(sub.join("mlready.toml"), "ignore = [\"OWN\"]\n").unwrap();
    let (json, code) = lint_json(&sub, &["--no-git"]);
    assert_eq!(code, 1);
    assert!(findings(&json).iter().any(|f| f.0 == "CARD001"), "the top config is not read: {:?}", findings(&json));
}

/// Issue 13, item 1: an error in an extended config points into that file,
/// and `extend` never reads outside the work tree, through a link or `..`.
#[test]
fn extend_errors_point_into_the_file_that_has_them() {
    let outer = tempfile::tempdir().unwrap();
    let top = outer.path().join("repo");
    std::fs::write(outer.path().join("secret.toml"), "select = [\"DEP\"]\n").unwrap();
    work_tree(&top, &[("shared/base.toml", "ignore = [\"DEP0002\"]\n"), ("p/train.py", TRAIN_PY)]);
    let sub = top.join("p");
    let error_for = |config: &str| {
        std::fs::write(sub.join("mlready.toml"), config).unwrap();
        let (out, err, code) = lint_dir(&sub, &["--no-git", "--color", "never"]);
        assert_eq!(code, 2, "{out}{err}");
        err
    };
    let err = error_for("extend = \"../shared/base.toml\"\n");
    assert!(err.contains("`DEP0002` selects no rule") && err.contains("/repo/shared/base.toml:1:11]"), "{err}");
    assert!(err.contains("did you mean `DEP002`?"), "{err}");
    std::fs::write(top.join("shared/base.toml"), "exlude = [\"x\"]\n").unwrap();
    let err = error_for("extend = \"../shared/base.toml\"\n");
    assert!(err.contains("/repo/shared/base.toml:1:1]") && err.contains("did you mean `exclude`"), "{err}");

    let err = error_for("extend = \"../../secret.toml\"\n");
    assert!(
        err.contains("`extend` names a file outside the work tree") && err.contains("/p/mlready.toml:1:10]"),
        "{err}"
    );
    std::os::unix::fs::symlink(outer.path().join("secret.toml"), sub.join("link.toml")).unwrap();
    let err = error_for("extend = \"link.toml\"\n");
    assert!(err.contains("`extend` names a file outside the work tree"), "{err}");
    std::os::unix::fs::symlink("/proc/self/environ", sub.join("environ.toml")).unwrap();
    let err = error_for("extend = \"environ.toml\"\n");
    assert!(err.contains("outside the work tree") && !err.contains("PATH="), "{err}");
    std::os::unix::fs::symlink(outer.path(), sub.join("up")).unwrap();
    let err = error_for("extend = \"up/secret.toml\"\n");
    assert!(err.contains("outside the work tree"), "a linked folder on the way out counts: {err}");
    let err = error_for("extend = \"missing.toml\"\n");
    assert!(err.contains("`extend` names `missing.toml`, which does not exist"), "{err}");
    std::fs::write(top.join("shared/base.toml"), "extend = \"../p/mlready.toml\"\n").unwrap();
    let err = error_for("extend = \"../shared/base.toml\"\n");
    assert!(err.contains("`extend` makes a cycle") && err.contains("/repo/shared/base.toml:1:10]"), "{err}");
    let err = error_for("extend = 3\n");
    assert!(err.contains("`extend` in the config must be a string"), "{err}");
    // Near miss: a link to a config inside the work tree is followed.
    std::fs::write(top.join("shared/base.toml"), "ignore = [\"DEP\"]\n").unwrap();
    std::os::unix::fs::symlink(top.join("shared/base.toml"), sub.join("inside.toml")).unwrap();
    std::fs::write(sub.join("mlready.toml"), "extend = \"inside.toml\"\n").unwrap();
    let (_, err, code) = lint_dir(&sub, &["--no-git", "--verbose"]);
    assert_ne!(code, 2, "{err}");
    assert!(err.contains("/p/inside.toml)"), "{err}");
}

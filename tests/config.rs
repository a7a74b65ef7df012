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

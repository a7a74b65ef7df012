//! `--format github` (annotations, escaping, limits, step summary) and `--format markdown`.

mod common;
#[path = "common/work_tree.rs"]
mod work_tree;
use common::*;

fn github(dir: &std::path::Path, args: &[&str], summary: Option<&std::path::Path>) -> (String, i32) {
    let mut cmd = mlready();
    cmd.current_dir(project_root()).args(["lint", dir.to_str().unwrap(), "--format", "github"]).args(args);
    if let Some(path) = summary {
        cmd.env("GITHUB_STEP_SUMMARY", path);
    }
    let output = cmd.output().unwrap();
    (stdout(&output), output.status.code().unwrap())
}

#[cfg(unix)]
#[test]
fn a_file_name_cannot_inject_a_workflow_command() {
    let repo = temp_repo(&[]);
    let evil = "a\n::error file=x::y.py";
    std::fs::write(
        repo.path().join(evil),
        "from sklearn.model_selection import train_test_split\nX_tr, X_te = train_test_split(X)\n",
    )
    .unwrap();
    let (out, _) = github(repo.path(), &["--select", "REP002"], None);
    let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 1, "exactly one annotation, no injected second command:\n{out}");
    assert!(!out.lines().any(|l| l.starts_with("::error file=x")), "{out}");
    assert!(
        commands[0].starts_with("::warning file=a%0A%3A%3Aerror file=x%3A%3Ay.py,line=2,endLine=2,col=14,endColumn=33,title=mlready REP002 unseeded-data-split::"),
        "{}",
        commands[0]
    );
}

#[test]
fn messages_are_escaped_and_annotations_carry_the_fix() {
    let repo = temp_repo(&[("requirements.txt", "pandas>=2\n")]);
    let (out, code) = github(repo.path(), &["--select", "DEP002"], None);
    assert_eq!(code, 0);
    let line = out.lines().next().unwrap();
    assert_eq!(
        line,
        "::warning file=requirements.txt,line=1,endLine=1,col=1,endColumn=10,title=mlready DEP002 unpinned-requirement::`pandas` is not pinned to an exact version%0A%0AFix: Pin the version you tested with (`name==X.Y.Z`; `pip freeze` shows it), or keep ranges in requirements.in and generate this file with `pip-compile` / `uv pip compile`."
    );
    assert!(out.contains("mlready: ingredients: owners="), "{out}");
    // A finding about the repository as a whole has no file; its annotation says so.
    let repo = temp_repo(&[("train.py", TRAIN_PY)]);
    let (out, code) = github(repo.path(), &["--select", "OWN001"], None);
    assert_eq!(code, 1);
    assert!(out.starts_with("::error title=mlready OWN001 missing-owners::"), "{out}");
    assert!(out.lines().next().unwrap().contains("(repository root)"));
}

#[test]
fn most_severe_first_within_githubs_per_step_limits() {
    let requirements: String = (0..14).map(|i| format!("package-{i}>=1\n")).collect();
    let repo = temp_repo(&[("requirements.txt", &requirements), ("train.py", TRAIN_PY), ("serve.py", SERVE_PY)]);
    let (out, _) = github(repo.path(), &[], None);
    let levels: Vec<&str> =
        out.lines().filter_map(|l| l.strip_prefix("::")).map(|l| l.split(' ').next().unwrap()).collect();
    let first_warning = levels.iter().position(|l| *l == "warning").unwrap();
    assert!(levels[..first_warning].iter().all(|l| *l == "error"), "errors first: {levels:?}");
    assert_eq!(levels.iter().filter(|l| **l == "warning").count(), 10);
    let left_out =
        out.lines().find(|l| l.starts_with("mlready: ") && l.contains("more findings are not annotated")).unwrap();
    let (json, _) = lint_json(repo.path(), &[]);
    let warnings = json["summary"]["warning"].as_u64().unwrap() as usize;
    assert!(left_out.starts_with(&format!("mlready: {} more findings are not annotated", warnings - 10)), "{left_out}");
}

#[test]
fn the_step_summary_is_appended_not_overwritten() {
    let repo = temp_repo(&[("requirements.txt", "pandas>=2\n"), ("train.py", TRAIN_PY)]);
    let summary = repo.path().join("summary.md");
    std::fs::write(&summary, "## earlier step\n").unwrap();
    github(repo.path(), &[], Some(&summary));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("## earlier step\n## mlready: production readiness of"), "{text}");
    assert!(text.contains("| Ingredient | Verdict | Evidence or reason |"));
    assert!(text.contains("| **dependencies** | ❌ missing | DEP001, DEP002 · no evidence found |"), "{text}");
    assert!(text.contains("#### dependencies"));
    // Other formats never write it.
    std::fs::write(&summary, "").unwrap();
    let output =
        mlready().env("GITHUB_STEP_SUMMARY", &summary).args(["lint", repo.path().to_str().unwrap()]).output().unwrap();
    assert!(output.status.code().is_some());
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), "");
}

#[test]
fn markdown_is_the_report_as_a_document() {
    // A repository of its own (in place, this checkout's workflows would be its CI).
    let repo = work_tree::Repo::of_fixture("near-miss");
    let output = run(&["lint", repo.root().to_str().unwrap(), "--format", "markdown"]);
    let text = stdout(&output);
    assert!(text.contains("**10 findings: 4 errors, 5 warnings, 1 info.**"), "{text}");
    assert!(text.contains("| **dependencies** | ✅ present | `requirements.txt:7` pins exact versions |"), "{text}");
    assert!(text.contains("| **validation** | 🟡 partial | VAL002 · `serving/app.py:31` validates records with a pydantic model: class Ticket(BaseModel): |"), "{text}");
    assert!(text.contains("- ❌ **[MON001](https://github.com/mlready/mlready/blob/main/docs/rules.md#mon001-missing-monitoring)** `serving/app.py:28` ·"), "{text}");
    assert!(
        text.contains("### Facts\n\n- **training code**: `train.py:57` trains a model: trainer = Trainer("),
        "{text}"
    );
}
